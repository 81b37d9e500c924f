// Namespace constants: the only TypeScript file that spells an IRI. Everything else builds terms
// from these (data IRIs come from data/context.yaml, ontology IRIs from ontology/).
import { DataFactory } from 'n3';
import type { NamedNode } from '@rdfjs/types';

/** A namespace: call it with a local name to get the IRI string, or use `.term()` for a NamedNode. */
export interface Namespace {
  (local: string): string;
  readonly iri: string;
  term(local: string): NamedNode;
}

export function namespace(iri: string): Namespace {
  const ns = ((local: string) => iri + local) as Namespace;
  Object.defineProperty(ns, 'iri', { value: iri });
  Object.defineProperty(ns, 'term', { value: (local: string) => DataFactory.namedNode(iri + local) });
  return ns;
}

export const AKG_ONTOLOGY = 'https://w3id.org/asean-kg/ontology';
export const akg = namespace(`${AKG_ONTOLOGY}#`);
export const schema = namespace('https://schema.org/');
/** The namespace of the offline schema.org copy (@vocabulary/schema): normalised to `schema` before checks. */
export const SCHEMA_HTTP = 'http://schema.org/';
export const SCHEMA_PENDING = 'http://pending.schema.org';
export const org = namespace('http://www.w3.org/ns/org#');
export const prov = namespace('http://www.w3.org/ns/prov#');
export const skos = namespace('http://www.w3.org/2004/02/skos/core#');
export const foaf = namespace('http://xmlns.com/foaf/0.1/');
export const dcterms = namespace('http://purl.org/dc/terms/');
export const dcat = namespace('http://www.w3.org/ns/dcat#');
export const voidNs = namespace('http://rdfs.org/ns/void#');
export const vann = namespace('http://purl.org/vocab/vann/');
export const owl = namespace('http://www.w3.org/2002/07/owl#');
export const rdf = namespace('http://www.w3.org/1999/02/22-rdf-syntax-ns#');
export const rdfs = namespace('http://www.w3.org/2000/01/rdf-schema#');
export const xsd = namespace('http://www.w3.org/2001/XMLSchema#');
export const sh = namespace('http://www.w3.org/ns/shacl#');
export const sd = namespace('http://www.w3.org/ns/sparql-service-description#');
export const formats = namespace('http://www.w3.org/ns/formats/');
export const spdx = namespace('http://spdx.org/rdf/terms#');
export const wd = namespace('http://www.wikidata.org/entity/');

/** Prefixes used when writing Turtle/TriG and in the JSON-LD context. */
export const PREFIXES: Readonly<Record<string, string>> = {
  akg: akg.iri, schema: schema.iri, org: org.iri, prov: prov.iri, skos: skos.iri, foaf: foaf.iri,
  dcterms: dcterms.iri, dcat: dcat.iri, void: voidNs.iri, vann: vann.iri, owl: owl.iri, rdf: rdf.iri,
  rdfs: rdfs.iri, xsd: xsd.iri, sh: sh.iri, wd: wd.iri,
};

/**
 * Vocabularies whose terms the build checks offline against the @vocabulary/<package> copies.
 * A term in one of these namespaces that the vocabulary does not define fails the build.
 */
export const CHECKED_VOCABULARIES: readonly { prefix: string; iri: string; pkg: string }[] = [
  { prefix: 'schema', iri: schema.iri, pkg: 'schema' },
  { prefix: 'org', iri: org.iri, pkg: 'org' },
  { prefix: 'prov', iri: prov.iri, pkg: 'prov' },
  { prefix: 'skos', iri: skos.iri, pkg: 'skos' },
  { prefix: 'foaf', iri: foaf.iri, pkg: 'foaf' },
  { prefix: 'dcterms', iri: dcterms.iri, pkg: 'dcterms' },
  { prefix: 'dcat', iri: dcat.iri, pkg: 'dcat' },
  { prefix: 'void', iri: voidNs.iri, pkg: 'void' },
  { prefix: 'vann', iri: vann.iri, pkg: 'vann' },
  { prefix: 'owl', iri: owl.iri, pkg: 'owl' },
  { prefix: 'rdfs', iri: rdfs.iri, pkg: 'rdfs' },
  { prefix: 'rdf', iri: rdf.iri, pkg: 'rdf' },
  { prefix: 'sh', iri: sh.iri, pkg: 'sh' },
];

/** Path segments under the base IRI. */
export const PATHS = { entity: 'id/', graph: 'graph/' } as const;
/** Local names (under `{base}graph/`) of the graphs the build itself makes. */
export const BUILD_GRAPHS = { meta: 'meta', entailments: 'entailments', void: 'void' } as const;
