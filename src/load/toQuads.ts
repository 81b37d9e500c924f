// Turns checked records into quads: one named graph per source record, entity IRIs from the
// collection and id, values typed by their key's kind. Reports every bad value with its position.
import { DataFactory } from 'n3';
import type { NamedNode, Quad, Quad_Object } from '@rdfjs/types';
import { akg, PATHS, prov, rdf, xsd, BUILD_GRAPHS } from '../vocab.ts';
import { expandIri, type Context, type PropertyDef } from './readContext.ts';
import type { DataRecord, Value } from './readRecords.ts';
import { didYouMean, placeOf, type Problems, type SourceLocation } from './problems.ts';

const { namedNode, literal, quad } = DataFactory;

export interface RecordGraph {
  readonly quads: Quad[];
  /** Where each subject IRI was defined, for reporting SHACL results at a file:line:col. */
  readonly subjects: ReadonlyMap<string, SourceLocation>;
  /** Each named graph IRI and the IRI of the record it holds the facts of. */
  readonly graphs: ReadonlyMap<string, string>;
  /** Where each IRI written as a value (kind `iri`) first appears. */
  readonly iriValues: ReadonlyMap<string, SourceLocation>;
}

export interface Iris {
  entity(record: Pick<DataRecord, 'collection' | 'id'>): string;
  graph(id: string): string;
  buildGraph(name: keyof typeof BUILD_GRAPHS): string;
}

export function irisFor(base: string, context: Context): Iris {
  return {
    entity: (r) => `${base}${PATHS.entity}${context.collections.get(r.collection) ?? r.collection}/${r.id}`,
    graph: (id) => `${base}${PATHS.graph}${id}`,
    buildGraph: (name) => `${base}${PATHS.graph}${BUILD_GRAPHS[name]}`,
  };
}

/**
 * @param isProvenanceRecord whether a record may be named as a `source` (a source document or a
 *   provenance record), decided from its classes by the ontology.
 */
export function toQuads(
  records: readonly DataRecord[], context: Context, iris: Iris, problems: Problems,
  isProvenanceRecord: (classIris: readonly string[]) => boolean,
): RecordGraph {
  const byId = new Map<string, DataRecord>();
  for (const r of records) {
    const earlier = byId.get(r.id);
    if (earlier) problems.add(r.loc, `duplicate id "${r.id}": already used at ${placeOf(earlier.loc)}; ids must be unique across data/`);
    else byId.set(r.id, r);
  }
  const classIris = (r: DataRecord) => r.types.flatMap((t) => context.classes.get(t.id)?.iris ?? []);
  // One term per IRI that recurs (records, graphs, predicates, classes): a million quads then hold
  // a few hundred thousand terms, not a new IRI string and term for every mention.
  const named = new Map<string, NamedNode>();
  const iriTerm = (iri: string): NamedNode => {
    let t = named.get(iri);
    if (!t) named.set(iri, (t = namedNode(iri)));
    return t;
  };
  const entities = new Map<DataRecord, NamedNode>();
  const entityOf = (r: DataRecord): NamedNode => {
    let t = entities.get(r);
    if (!t) entities.set(r, (t = iriTerm(iris.entity(r))));
    return t;
  };
  const graphTerms = new Map<DataRecord, NamedNode>();
  const quads: Quad[] = [];
  const subjects = new Map<string, SourceLocation>();
  const graphs = new Map<string, string>();
  const iriValues = new Map<string, SourceLocation>();
  const graphOf = (ref: { id: string; loc: SourceLocation }): NamedNode | undefined => {
    const target = byId.get(ref.id);
    if (!target) {
      problems.add(ref.loc, `source "${ref.id}" is not the id of any record${didYouMean(ref.id, byId.keys())}`);
      return undefined;
    }
    const known = graphTerms.get(target);
    if (known) return known;
    if (!isProvenanceRecord(classIris(target))) {
      problems.add(ref.loc, `source "${ref.id}" is a ${target.types.map((t) => t.id).join('/')}, not a source document or provenance record (NewsArticle, PressRelease, SocialMediaPost, Inference, BackgroundKnowledge)`);
      return undefined;
    }
    const g = iriTerm(iris.graph(target.id));
    graphTerms.set(target, g);
    graphs.set(g.value, entityOf(target).value);
    return g;
  };
  const type = iriTerm(rdf('type'));
  for (const r of byId.values()) {
    const subject = entityOf(r);
    subjects.set(subject.value, r.loc);
    const graph = graphOf(r.source);
    for (const iri of classIris(r)) if (graph) quads.push(quad(subject, type, iriTerm(iri), graph));
    for (const field of r.fields) {
      const def = context.properties.get(field.key);
      if (!def) continue;
      const predicate = iriTerm(def.iri);
      for (const v of field.values) {
        const object = toTerm(v, def, context, entityOf, byId, problems);
        if (object?.termType === 'NamedNode' && def.kind === 'iri' && !iriValues.has(object.value)) iriValues.set(object.value, v.loc);
        const g = v.source ? graphOf(v.source) : graph;
        if (object && g) quads.push(quad(subject, predicate, object, g));
      }
    }
  }
  const meta = namedNode(iris.buildGraph('meta'));
  const factGraph = iriTerm(akg('FactGraph'));
  const derivedFrom = iriTerm(prov('wasDerivedFrom'));
  for (const [g, recordIri] of [...graphs].sort(([a], [b]) => a.localeCompare(b))) {
    quads.push(quad(iriTerm(g), type, factGraph, meta));
    quads.push(quad(iriTerm(g), derivedFrom, iriTerm(recordIri), meta));
  }
  return { quads, subjects, graphs, iriValues };
}

/** Datatypes of the literals made here, each one term. */
const XSD_DATE = namedNode(xsd('date'));
const XSD_GYEAR = namedNode(xsd('gYear'));
const XSD_INTEGER = namedNode(xsd('integer'));
const XSD_STRING = namedNode(xsd('string'));

/** Reports a value that is not what its key expects (a plain function: toTerm runs once per value). */
function bad(v: Value, def: PropertyDef, problems: Problems, expected: string): undefined {
  problems.add(v.loc, `"${def.key}" expects ${expected}, got ${JSON.stringify(v.value)}`);
  return undefined;
}

function toTerm(
  v: Value, def: PropertyDef, context: Context, entityOf: (r: DataRecord) => NamedNode, byId: ReadonlyMap<string, DataRecord>, problems: Problems,
): Quad_Object | undefined {
  const text = typeof v.value === 'string' ? v.value.trim() : undefined;
  switch (def.kind) {
    case 'ref': {
      if (!text) return bad(v, def, problems, 'the id of another record');
      const target = byId.get(text);
      if (!target) {
        problems.add(v.loc, `"${def.key}" refers to "${text}", which is not the id of any record${didYouMean(text, byId.keys())}`);
        return undefined;
      }
      return entityOf(target);
    }
    case 'string':
      return text ? literal(text) : bad(v, def, problems, 'text');
    case 'text':
      return text ? literal(text, 'en') : bad(v, def, problems, 'English text');
    case 'date':
      return text && isDate(text) ? literal(text, XSD_DATE) : bad(v, def, problems, 'a date written YYYY-MM-DD (e.g. 2022-04-20)');
    case 'gYear': {
      const year = typeof v.value === 'number' ? String(v.value) : text;
      return year && /^\d{4}$/.test(year) ? literal(year, XSD_GYEAR) : bad(v, def, problems, 'a year of four digits (e.g. 2022)');
    }
    case 'integer':
      return typeof v.value === 'number' && Number.isSafeInteger(v.value)
        ? literal(String(v.value), XSD_INTEGER) : bad(v, def, problems, 'a whole number');
    case 'iri': {
      if (!text) return bad(v, def, problems, 'a prefixed name (e.g. schema:OnlineEventAttendanceMode) or an http(s) IRI');
      const iri = expandIri(text, context.prefixes, v.loc, problems);
      return iri ? namedNode(iri) : undefined;
    }
    case 'typed':
      return text ? literal(text, def.datatype ? namedNode(def.datatype) : XSD_STRING) : bad(v, def, problems, 'text');
  }
}

function isDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}
