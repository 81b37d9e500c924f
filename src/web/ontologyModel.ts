// The ontology as the documentation needs it, read once from ontology/asean-kg.ttl: the header,
// every class, property and datatype with its label, comment, alignments and characteristics, and
// the schema.org terms flagged as pending. The Turtle text is kept to be served as written.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataFactory, Parser, Store } from 'n3';
import type { Quad } from '@rdfjs/types';
import { AKG_ONTOLOGY, akg, dcterms, owl, PREFIXES, rdf, rdfs, skos, vann } from '../vocab.ts';
import { readShapes, type ShapesModel } from './shapesModel.ts';
import { iris, list, localName, objects, text, type Prefixes } from './terms.ts';

export const ONTOLOGY_FILE = 'asean-kg.ttl';
export const SHAPES_FILE = 'shapes.ttl';

export type TermKind = 'class' | 'objectProperty' | 'datatypeProperty' | 'annotationProperty' | 'datatype';

export interface OntologyTerm {
  readonly iri: string;
  /** The fragment: the anchor of the term in the HTML documentation. */
  readonly local: string;
  readonly kind: TermKind;
  readonly label: string;
  readonly comment: string | undefined;
  readonly editorialNote: string | undefined;
  /** rdfs:subClassOf / rdfs:subPropertyOf (named terms only). */
  readonly parents: readonly string[];
  readonly children: readonly string[];
  readonly domain: readonly string[];
  readonly range: readonly string[];
  readonly inverseOf: readonly string[];
  /** owl:propertyChainAxiom steps, each an IRI or `^IRI` for an inverse step. */
  readonly chain: readonly string[];
  /** FunctionalProperty, TransitiveProperty, … */
  readonly characteristics: readonly string[];
  readonly seeAlso: readonly string[];
}

export interface OntologyHeader {
  readonly title: string | undefined;
  readonly description: string | undefined;
  readonly version: string | undefined;
  readonly versionIri: string | undefined;
  readonly license: string | undefined;
  readonly creator: string | undefined;
  readonly created: string | undefined;
  readonly modified: string | undefined;
  readonly prefix: string | undefined;
  readonly namespace: string | undefined;
}

export interface OntologyModel {
  readonly iri: string;
  readonly turtle: string;
  readonly quads: readonly Quad[];
  readonly prefixes: Prefixes;
  readonly header: OntologyHeader;
  readonly terms: ReadonlyMap<string, OntologyTerm>;
  /** Schema.org terms listed with akg:usesPendingSchemaOrgTerm. */
  readonly pending: ReadonlySet<string>;
  readonly shapes: ShapesModel;
  /** Every superclass (or superproperty), transitively, nearest first. */
  ancestors(iri: string): string[];
  byKind(kind: TermKind): OntologyTerm[];
}

const KINDS: ReadonlyArray<[string, TermKind]> = [
  [owl('Class'), 'class'], [owl('ObjectProperty'), 'objectProperty'], [owl('DatatypeProperty'), 'datatypeProperty'],
  [owl('AnnotationProperty'), 'annotationProperty'], [rdfs('Datatype'), 'datatype'],
];
const CHARACTERISTICS = ['FunctionalProperty', 'InverseFunctionalProperty', 'TransitiveProperty', 'SymmetricProperty'];

function parseTurtle(textIn: string, baseIRI: string): { quads: Quad[]; prefixes: Record<string, string> } {
  const prefixes: Record<string, string> = {};
  const quads = new Parser({ baseIRI }).parse(textIn, null, (prefix, ns) => {
    prefixes[prefix] = ns.value;
  });
  return { quads, prefixes };
}

/** Reads ontology/asean-kg.ttl and ontology/shapes.ttl; throws when either is missing or invalid. */
export async function readOntology(dir: string): Promise<OntologyModel> {
  const turtle = await readFile(join(dir, ONTOLOGY_FILE), 'utf8');
  const parsed = parseTurtle(turtle, AKG_ONTOLOGY);
  const store = new Store(parsed.quads);
  const prefixes: Prefixes = { ...PREFIXES, ...parsed.prefixes };
  const shapesText = await readFile(join(dir, SHAPES_FILE), 'utf8');
  const shapesParsed = parseTurtle(shapesText, AKG_ONTOLOGY);
  const shapes = readShapes(shapesText, shapesParsed.quads, { ...prefixes, ...shapesParsed.prefixes });
  const terms = readTerms(store);
  const parentsOf = (iri: string) => terms.get(iri)?.parents ?? [];
  return {
    iri: AKG_ONTOLOGY, turtle, quads: parsed.quads, prefixes: { ...prefixes, ...shapesParsed.prefixes }, terms, shapes,
    header: readHeader(store),
    pending: new Set(iris(store, DataFactory.namedNode(AKG_ONTOLOGY), akg('usesPendingSchemaOrgTerm'))),
    ancestors: (iri) => ancestors(iri, parentsOf),
    byKind: (kind) => [...terms.values()].filter((t) => t.kind === kind).sort((a, b) => a.local.localeCompare(b.local)),
  };
}

function ancestors(start: string, parentsOf: (iri: string) => readonly string[]): string[] {
  const seen = new Set<string>();
  let frontier = [...parentsOf(start)];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const p of frontier) {
      if (seen.has(p) || p === start) continue;
      seen.add(p);
      next.push(...parentsOf(p));
    }
    frontier = next;
  }
  return [...seen];
}

function readHeader(store: Store): OntologyHeader {
  const o = DataFactory.namedNode(AKG_ONTOLOGY);
  return {
    title: text(store, o, dcterms('title')) ?? text(store, o, rdfs('label')),
    description: text(store, o, dcterms('description')),
    version: text(store, o, owl('versionInfo')),
    versionIri: iris(store, o, owl('versionIRI'))[0],
    license: iris(store, o, dcterms('license'))[0],
    creator: text(store, o, dcterms('creator')),
    created: text(store, o, dcterms('created')),
    modified: text(store, o, dcterms('modified')),
    prefix: text(store, o, vann('preferredNamespacePrefix')),
    namespace: text(store, o, vann('preferredNamespaceUri')),
  };
}

function readTerms(store: Store): Map<string, OntologyTerm> {
  const terms = new Map<string, OntologyTerm>();
  for (const [typeIri, kind] of KINDS) {
    for (const s of store.getSubjects(rdf('type'), typeIri, null)) {
      if (s.termType !== 'NamedNode' || !s.value.startsWith(akg.iri) || terms.has(s.value)) continue;
      const parentPredicate = kind === 'class' || kind === 'datatype' ? rdfs('subClassOf') : rdfs('subPropertyOf');
      const types = iris(store, s, rdf('type'));
      terms.set(s.value, {
        iri: s.value,
        local: localName(s.value),
        kind,
        label: text(store, s, rdfs('label')) ?? localName(s.value),
        comment: text(store, s, rdfs('comment')),
        editorialNote: text(store, s, skos('editorialNote')),
        parents: iris(store, s, parentPredicate),
        children: store.getSubjects(parentPredicate, s, null).filter((c) => c.termType === 'NamedNode').map((c) => c.value).sort(),
        domain: iris(store, s, rdfs('domain')),
        range: iris(store, s, rdfs('range')),
        inverseOf: iris(store, s, owl('inverseOf')),
        chain: objects(store, s, owl('propertyChainAxiom')).flatMap((head) => list(store, head)).map((step) => {
          if (step.termType === 'NamedNode') return step.value;
          const inverse = iris(store, step, owl('inverseOf'))[0];
          return inverse ? `^${inverse}` : '?';
        }),
        characteristics: types.filter((t) => t.startsWith(owl.iri) && CHARACTERISTICS.includes(localName(t))).map(localName),
        seeAlso: iris(store, s, rdfs('seeAlso')),
      });
    }
  }
  return terms;
}
