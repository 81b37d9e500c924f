// Writes a dist/ directory shaped like the build's (dumps + .gz copies, void.ttl naming the endpoint
// and dumps under the base IRI, manifest.json) from a fixture file, so that the server's dist mode
// can be tested without running the build.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import ox from 'oxigraph';
import type { DumpFile, Manifest } from '../../src/build/manifest.ts';
import { RDF_FORMATS } from '../../src/rdf/formats.ts';

export const DIST_BASE = 'https://kg.example.org/';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

export function writeDistFixture(source: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'dist-fixture-'));
  const store = new ox.Store();
  store.load(readFileSync(source), { format: 'application/trig' });
  const dumps: DumpFile[] = [];
  for (const f of RDF_FORMATS) {
    const mediaType = f.mediaTypes[0] ?? '';
    const text = f.quads ? store.dump({ format: mediaType }) : store.dump({ format: mediaType, from_graph_name: ox.defaultGraph() });
    const bytes = Buffer.from(text);
    const gz = gzipSync(bytes);
    const name = `asean-kg.${f.extension}`;
    writeFileSync(join(dir, name), bytes);
    writeFileSync(join(dir, `${name}.gz`), gz);
    dumps.push({ name, format: f.id, mediaType, bytes: bytes.length, sha256: sha256(bytes), gzip: { name: `${name}.gz`, bytes: gz.length, sha256: sha256(gz) } });
  }
  const voidTtl = `@prefix void: <http://rdfs.org/ns/void#> .
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<${DIST_BASE}dataset> a void:Dataset, dcat:Dataset ;
  dcterms:title "Fixture dataset"@en ;
  void:sparqlEndpoint <${DIST_BASE}sparql> ;
  void:uriSpace "${DIST_BASE}id/" ;
${dumps.map((d) => `  void:dataDump <${DIST_BASE}dumps/${d.name}> ;`).join('\n')}
  dcat:distribution <${DIST_BASE}dataset/distribution/turtle> .
<${DIST_BASE}dataset/distribution/turtle> a dcat:Distribution ;
  dcat:downloadURL <${DIST_BASE}dumps/asean-kg.ttl> ;
  dcat:accessURL <${DIST_BASE}dumps/asean-kg.ttl> .
`;
  writeFileSync(join(dir, 'void.ttl'), voidTtl);
  writeFileSync(join(dir, 'context.jsonld'), '{"@context":{}}\n');
  const nq = dumps.find((d) => d.format === 'nquads');
  const manifest: Manifest = {
    version: (nq?.sha256 ?? '').slice(0, 16), base: DIST_BASE, triples: 17, quads: 17,
    graphs: [], dumps, context: 'context.jsonld', description: 'void.ttl',
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return dir;
}
