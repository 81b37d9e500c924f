// Offline term check: every IRI we use in a checked namespace (schema:, org:, prov:, ...) must be
// defined by that vocabulary's published file (the @vocabulary/<prefix> packages), and every akg:
// term must be declared in our ontology. A misspelt `schema:startdate` fails the build here.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DataFactory, Parser } from 'n3';
import type { Quad } from '@rdfjs/types';
import { akg, AKG_ONTOLOGY, CHECKED_VOCABULARIES, owl, rdf, rdfs, schema, SCHEMA_HTTP, SCHEMA_PENDING } from '../vocab.ts';
import type { Problems, SourceLocation } from '../load/problems.ts';

export interface KnownTerms {
  /** IRIs defined by each checked vocabulary (schema.org normalised to https). */
  readonly defined: ReadonlySet<string>;
  /** schema.org terms that schema.org still marks as pending. */
  readonly pendingSchema: ReadonlySet<string>;
  /**
   * The vocabularies' own property axioms (rdfs:subPropertyOf, owl:inverseOf, schema:inverseOf as
   * owl:inverseOf), schema.org normalised to https: e.g. org:unitOf ⊑ org:subOrganizationOf,
   * schema:subEvent inverse of schema:superEvent. The build materialises them with the ontology's.
   */
  readonly propertyAxioms: readonly Quad[];
}

let cached: Promise<KnownTerms> | undefined;
const META_NAMESPACES = [rdf.iri, rdfs.iri, owl.iri];

/** Reads the offline vocabulary copies once per process. */
export function knownTerms(): Promise<KnownTerms> {
  cached ??= readKnownTerms();
  return cached;
}

async function readKnownTerms(): Promise<KnownTerms> {
  const require = createRequire(import.meta.url);
  const defined = new Set<string>();
  const pendingSchema = new Set<string>();
  const propertyAxioms: Quad[] = [];
  const isPartOf = `${SCHEMA_HTTP}isPartOf`;
  const axiomPredicates = new Map([
    [rdfs('subPropertyOf'), rdfs('subPropertyOf')], [owl('inverseOf'), owl('inverseOf')], [`${SCHEMA_HTTP}inverseOf`, owl('inverseOf')],
  ]);
  for (const v of CHECKED_VOCABULARIES) {
    const dir = dirname(require.resolve(`@vocabulary/${v.pkg}/package.json`));
    const text = await readFile(join(dir, `${v.pkg}.nq`), 'utf8');
    for (const q of new Parser({ format: 'N-Quads' }).parse(text)) {
      if (q.subject.termType !== 'NamedNode') continue;
      const iri = normalise(q.subject.value);
      defined.add(iri);
      if (q.predicate.value === isPartOf && q.object.value === SCHEMA_PENDING) pendingSchema.add(iri);
      const axiom = axiomPredicates.get(q.predicate.value);
      // Not towards RDF/RDFS/OWL terms: schema:name ⊑ rdfs:label would give every name a plain,
      // untagged rdfs:label next to the curated English ones.
      if (axiom && q.object.termType === 'NamedNode' && !META_NAMESPACES.some((ns) => q.object.value.startsWith(ns))) {
        propertyAxioms.push(DataFactory.quad(DataFactory.namedNode(iri), DataFactory.namedNode(axiom), DataFactory.namedNode(normalise(q.object.value))));
      }
    }
  }
  return { defined, pendingSchema, propertyAxioms };
}

function normalise(iri: string): string {
  return iri.startsWith(SCHEMA_HTTP) ? schema.iri + iri.slice(SCHEMA_HTTP.length) : iri;
}

/** The terms a graph uses as predicates, classes, datatypes or IRI objects. */
function usedTerms(quads: Iterable<Quad>): Set<string> {
  const used = new Set<string>();
  for (const q of quads) {
    used.add(q.predicate.value);
    for (const t of [q.subject, q.object]) if (t.termType === 'NamedNode') used.add(t.value);
    if (q.object.termType === 'Literal') used.add(q.object.datatype.value);
  }
  return used;
}

/**
 * Reports each unknown external term and each undeclared akg: term, and each pending schema.org
 * term the ontology does not list with akg:usesPendingSchemaOrgTerm.
 */
export async function checkTerms(
  quads: Iterable<Quad>, ontology: readonly Quad[], locate: (iri: string) => SourceLocation, problems: Problems,
): Promise<void> {
  const { defined, pendingSchema } = await knownTerms();
  const declared = new Set(ontology.filter((q) => q.predicate.value.endsWith('#type')).map((q) => q.subject.value));
  const flagged = new Set(ontology.filter((q) => q.predicate.value === akg('usesPendingSchemaOrgTerm')).map((q) => q.object.value));
  const namespaces = new Set(CHECKED_VOCABULARIES.map((v) => v.iri));
  for (const iri of [...usedTerms(quads)].sort()) {
    if (iri.startsWith(akg.iri)) {
      if (!declared.has(iri)) problems.add(locate(iri), `akg:${iri.slice(akg.iri.length)} is not declared in the ontology; declare it in ontology/asean-kg.ttl or fix the spelling`);
      continue;
    }
    const vocab = CHECKED_VOCABULARIES.find((v) => iri.startsWith(v.iri));
    if (!vocab || namespaces.has(iri) || iri === AKG_ONTOLOGY) continue;
    const local = iri.slice(vocab.iri.length);
    if (!defined.has(iri)) {
      const near = nearest(iri, defined, vocab.iri);
      problems.add(locate(iri), `${vocab.prefix}:${local} is not a term of the ${vocab.prefix} vocabulary${near ? ` (did you mean ${vocab.prefix}:${near}?)` : ''}`);
    } else if (pendingSchema.has(iri) && !flagged.has(iri)) {
      problems.add(locate(iri), `schema:${local} is still "pending" in schema.org; list it with akg:usesPendingSchemaOrgTerm in the ontology header`);
    }
  }
}

function nearest(iri: string, defined: ReadonlySet<string>, ns: string): string | undefined {
  const local = iri.slice(ns.length).toLowerCase();
  for (const d of defined) if (d.startsWith(ns) && d.slice(ns.length).toLowerCase() === local) return d.slice(ns.length);
  return undefined;
}
