// The VoID/DCAT description served at /void. For a built dataset it is the build's own description
// with its locations moved to where this server answers: the build names the endpoint and the dumps
// under the base IRI ({base}sparql, {base}dumps/…), the server may be elsewhere (localhost, a
// proxy). For `serve --data` a short description is made here from the counts and the dumps.
import { basename } from 'node:path';
import { DataFactory, Parser } from 'n3';
import type { Quad, Quad_Object, Quad_Subject, Term } from '@rdfjs/types';
import type { DumpEntry } from '../graph/DumpStore.ts';
import type { DatasetInfo } from '../graph/Graph.ts';
import { dcat, dcterms, rdf, voidNs, xsd } from '../vocab.ts';

const { namedNode, literal, blankNode, quad } = DataFactory;

export function voidDescription(info: DatasetInfo, dumps: readonly DumpEntry[], publicUrl: string): Quad[] {
  if (info.description !== undefined && info.origin.kind === 'dist') {
    return relocate(new Parser({ baseIRI: info.origin.manifest.base }).parse(info.description), info.origin.manifest.base, publicUrl);
  }
  return describeServed(info, dumps, publicUrl);
}

/** Moves `{base}sparql` and `{base}dumps/…` to this server's URLs; everything else stays. */
export function relocate(quads: readonly Quad[], base: string, publicUrl: string): Quad[] {
  const endpoint = `${base}sparql`;
  const dumpsPrefix = `${base}dumps/`;
  const move = <T extends Term>(t: T): T => {
    if (t.termType !== 'NamedNode') return t;
    if (t.value === endpoint) return namedNode(`${publicUrl}/sparql`) as unknown as T;
    if (t.value.startsWith(dumpsPrefix)) return namedNode(`${publicUrl}/dumps/${t.value.slice(dumpsPrefix.length)}`) as unknown as T;
    return t;
  };
  return quads.map((q) => quad(move(q.subject), q.predicate, move(q.object), q.graph));
}

function describeServed(info: DatasetInfo, dumps: readonly DumpEntry[], publicUrl: string): Quad[] {
  const out: Quad[] = [];
  const add = (s: Quad_Subject, p: string, o: Quad_Object) => out.push(quad(s, namedNode(p), o));
  const ds = namedNode(`${publicUrl}/void#dataset`);
  const files = info.origin.kind === 'files' ? info.origin.files.map((f) => basename(f)) : [];
  add(ds, rdf('type'), namedNode(voidNs('Dataset')));
  add(ds, rdf('type'), namedNode(dcat('Dataset')));
  add(ds, dcterms('title'), literal(files.length > 0 ? `RDF data from ${files.join(', ')}` : 'RDF dataset', 'en'));
  add(ds, dcterms('identifier'), literal(info.version));
  add(ds, voidNs('triples'), literal(String(info.triples), namedNode(xsd('integer'))));
  add(ds, voidNs('sparqlEndpoint'), namedNode(`${publicUrl}/sparql`));
  dumps.forEach((d, i) => {
    const url = namedNode(`${publicUrl}/dumps/${d.name}`);
    const dist = blankNode(`d${i}`);
    add(ds, voidNs('dataDump'), url);
    add(ds, dcat('distribution'), dist);
    add(dist, rdf('type'), namedNode(dcat('Distribution')));
    add(dist, dcat('downloadURL'), url);
    add(dist, dcat('mediaType'), namedNode(`https://www.iana.org/assignments/media-types/${d.mediaType}`));
    add(dist, dcat('byteSize'), literal(String(d.bytes), namedNode(xsd('nonNegativeInteger'))));
  });
  return out;
}
