// The RDF and SPARQL-results formats this project reads, writes and negotiates: one table, used by
// the build (dump file names), the server (content negotiation, ?format=) and the tests.

export type RdfFormatId = 'turtle' | 'ntriples' | 'nquads' | 'trig' | 'jsonld' | 'rdfxml';
export type ResultsFormatId = 'json' | 'xml' | 'csv' | 'tsv';

export interface RdfFormat {
  readonly id: RdfFormatId;
  /** Preferred media type first; the others are accepted aliases. */
  readonly mediaTypes: readonly string[];
  readonly extension: string;
  /** Whether the format can carry named graphs. */
  readonly quads: boolean;
  /** Short names accepted by a `format` query parameter. */
  readonly names: readonly string[];
  /** Local name of the format's IRI under http://www.w3.org/ns/formats/ (service descriptions). */
  readonly w3cFormat: string;
}

export const RDF_FORMATS: readonly RdfFormat[] = [
  { id: 'turtle', mediaTypes: ['text/turtle', 'application/x-turtle'], extension: 'ttl', quads: false, names: ['turtle', 'ttl'], w3cFormat: 'Turtle' },
  { id: 'ntriples', mediaTypes: ['application/n-triples', 'text/plain'], extension: 'nt', quads: false, names: ['ntriples', 'nt', 'n-triples'], w3cFormat: 'N-Triples' },
  { id: 'nquads', mediaTypes: ['application/n-quads', 'text/x-nquads'], extension: 'nq', quads: true, names: ['nquads', 'nq', 'n-quads'], w3cFormat: 'N-Quads' },
  { id: 'trig', mediaTypes: ['application/trig', 'application/x-trig'], extension: 'trig', quads: true, names: ['trig'], w3cFormat: 'TriG' },
  { id: 'jsonld', mediaTypes: ['application/ld+json'], extension: 'jsonld', quads: true, names: ['jsonld', 'json-ld'], w3cFormat: 'JSON-LD' },
  { id: 'rdfxml', mediaTypes: ['application/rdf+xml'], extension: 'rdf', quads: false, names: ['rdfxml', 'rdf', 'xml', 'rdf/xml'], w3cFormat: 'RDF_XML' },
];

export interface ResultsFormat {
  readonly id: ResultsFormatId;
  readonly mediaTypes: readonly string[];
  readonly extension: string;
  readonly names: readonly string[];
  /** Local name of the format's IRI under http://www.w3.org/ns/formats/. */
  readonly w3cFormat: string;
}

export const RESULTS_FORMATS: readonly ResultsFormat[] = [
  { id: 'json', mediaTypes: ['application/sparql-results+json', 'application/json'], extension: 'srj', names: ['json', 'srj'], w3cFormat: 'SPARQL_Results_JSON' },
  { id: 'xml', mediaTypes: ['application/sparql-results+xml', 'application/xml'], extension: 'srx', names: ['xml', 'srx'], w3cFormat: 'SPARQL_Results_XML' },
  { id: 'csv', mediaTypes: ['text/csv'], extension: 'csv', names: ['csv'], w3cFormat: 'SPARQL_Results_CSV' },
  { id: 'tsv', mediaTypes: ['text/tab-separated-values'], extension: 'tsv', names: ['tsv'], w3cFormat: 'SPARQL_Results_TSV' },
];

export function rdfFormat(id: RdfFormatId): RdfFormat {
  const found = RDF_FORMATS.find((f) => f.id === id);
  if (!found) throw new Error(`unknown RDF format ${id}`);
  return found;
}

/** The RDF format of a file name by its extension, or undefined. */
export function rdfFormatOfFile(fileName: string): RdfFormat | undefined {
  const ext = fileName.toLowerCase().split('.').pop() ?? '';
  const alias: Record<string, string> = { json: 'jsonld', owl: 'rdf', xml: 'rdf', n3: 'ttl' };
  const wanted = alias[ext] ?? ext;
  return RDF_FORMATS.find((f) => f.extension === wanted);
}
