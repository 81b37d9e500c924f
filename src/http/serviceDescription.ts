// The SPARQL 1.1 Service Description of /sparql: the language, the result formats, the default-graph
// semantics (union of all graphs), the named graphs with their sizes, the limits, and where the
// VoID description is. Built as quads, never as text.
import { DataFactory } from 'n3';
import type { Quad, Quad_Object, Quad_Subject } from '@rdfjs/types';
import type { DatasetInfo } from '../graph/Graph.ts';
import { RDF_FORMATS, RESULTS_FORMATS } from '../rdf/formats.ts';
import { dcterms, formats, rdf, rdfs, sd, voidNs, xsd } from '../vocab.ts';

const { namedNode, literal, blankNode, quad } = DataFactory;

export const SD_PREFIXES: Readonly<Record<string, string>> = {
  sd: sd.iri, formats: formats.iri, void: voidNs.iri, dcterms: dcterms.iri, rdfs: rdfs.iri, xsd: xsd.iri,
};

export interface DescribedLimits {
  readonly queryTimeoutMs: number;
  readonly maxResultRows: number;
  readonly maxResultBytes: number;
  readonly maxQueryBytes: number;
}

export function serviceDescription(info: DatasetInfo, publicUrl: string, limits: DescribedLimits): Quad[] {
  const out: Quad[] = [];
  const add = (s: Quad_Subject, p: string, o: Quad_Object) => out.push(quad(s, namedNode(p), o));
  const int = (n: number) => literal(String(n), namedNode(xsd('integer')));
  const endpoint = namedNode(`${publicUrl}/sparql`);
  add(endpoint, rdf('type'), namedNode(sd('Service')));
  add(endpoint, sd('endpoint'), endpoint);
  add(endpoint, sd('supportedLanguage'), namedNode(sd('SPARQL11Query')));
  add(endpoint, sd('feature'), namedNode(sd('UnionDefaultGraph')));
  for (const f of [...RESULTS_FORMATS, ...RDF_FORMATS]) add(endpoint, sd('resultFormat'), namedNode(formats(f.w3cFormat)));
  add(endpoint, dcterms('description'), literal(
    'Read-only SPARQL 1.1 Query endpoint. The default graph is the union of every graph in the dataset '
    + '(the unnamed graph and all named graphs); default-graph-uri and named-graph-uri select another dataset, '
    + 'and FROM / FROM NAMED may name only graphs listed here (nothing is fetched). SERVICE and updates are refused. '
    + `Limits: ${limits.queryTimeoutMs} ms per query (503 beyond), ${limits.maxResultRows} rows or triples and `
    + `${limits.maxResultBytes} bytes per result (a cut result carries the header X-Result-Truncated), `
    + `${limits.maxQueryBytes} bytes per query (413 beyond).`, 'en'));
  const dataset = namedNode(`${publicUrl}/sparql#dataset`);
  add(endpoint, sd('defaultDataset'), dataset);
  add(dataset, rdf('type'), namedNode(sd('Dataset')));
  add(dataset, rdf('type'), namedNode(voidNs('Dataset')));
  add(dataset, rdfs('seeAlso'), namedNode(`${publicUrl}/void`));
  add(dataset, dcterms('identifier'), literal(info.version));
  const defaultGraph = namedNode(`${publicUrl}/sparql#default-graph`);
  add(dataset, sd('defaultGraph'), defaultGraph);
  add(defaultGraph, rdf('type'), namedNode(sd('Graph')));
  add(defaultGraph, voidNs('triples'), int(info.triples));
  info.graphs.forEach((g, i) => {
    const named = blankNode(`g${i}`);
    const graph = blankNode(`g${i}graph`);
    add(dataset, sd('namedGraph'), named);
    add(named, rdf('type'), namedNode(sd('NamedGraph')));
    add(named, sd('name'), namedNode(g.iri));
    add(named, sd('graph'), graph);
    add(graph, rdf('type'), namedNode(sd('Graph')));
    add(graph, voidNs('triples'), int(g.triples));
  });
  return out;
}
