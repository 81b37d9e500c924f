// The build end to end: every dump written with its gzip copy and checksum, byte-identical on a
// rebuild, parseable by independent parsers to the same triple count, and a base IRI override.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build/build.ts';
import type { Manifest } from '../../src/build/manifest.ts';
import { RDF_FORMATS } from '../../src/rdf/formats.ts';
import { scratchCopy, type Scratch } from '../helpers/dataCopy.ts';
import { parseDump } from '../helpers/parseDump.ts';

let s: Scratch;
let manifest: Manifest;

beforeAll(async () => {
  s = await scratchCopy();
  const result = await build({ dataDir: s.dataDir, ontologyDir: s.ontologyDir, outDir: s.outDir });
  expect(result.errors).toEqual([]);
  manifest = result.manifest as Manifest;
});
afterAll(() => s.remove());

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('build', () => {
  it('writes every dump format with a gzip copy, sizes and checksums that match the files', () => {
    expect(manifest.dumps.map((d) => d.format).sort()).toEqual(RDF_FORMATS.map((f) => f.id).sort());
    for (const d of manifest.dumps) {
      const bytes = readFileSync(join(s.outDir, d.name));
      expect(bytes.length).toBe(d.bytes);
      expect(sha256(bytes)).toBe(d.sha256);
      const gz = readFileSync(join(s.outDir, d.gzip.name));
      expect(gz.length).toBe(d.gzip.bytes);
      expect(gunzipSync(gz).equals(bytes)).toBe(true);
    }
    expect(readdirSync(s.outDir).sort()).toEqual(
      [...manifest.dumps.flatMap((d) => [d.name, d.gzip.name]), 'context.jsonld', 'manifest.json', 'void.ttl'].sort(),
    );
  });

  it('is deterministic: a second build is byte-identical', async () => {
    const again = join(s.root, 'dist-again');
    const result = await build({ dataDir: s.dataDir, ontologyDir: s.ontologyDir, outDir: again });
    expect(result.errors).toEqual([]);
    for (const name of readdirSync(s.outDir)) {
      expect(readFileSync(join(again, name)).equals(readFileSync(join(s.outDir, name))), name).toBe(true);
    }
  });

  it('parses back with independent parsers to the same number of triples or quads', async () => {
    for (const d of manifest.dumps) {
      const { count } = await parseDump(join(s.outDir, d.name), d.format);
      const quads = RDF_FORMATS.find((f) => f.id === d.format)?.quads === true && d.format !== 'jsonld';
      expect(count, d.name).toBe(quads || d.format === 'jsonld' ? manifest.quads : manifest.triples);
    }
  });

  it('JSON-LD round-trips to exactly the N-Quads dump', async () => {
    const key = (q: { subject: { value: string }; predicate: { value: string }; object: { value: string; termType: string }; graph: { value: string } }) =>
      [q.subject.value, q.predicate.value, q.object.termType, q.object.value, q.graph.value].join(' ');
    const fromJsonld = (await parseDump(join(s.outDir, 'asean-kg.jsonld'), 'jsonld')).quads ?? [];
    const fromNquads = (await parseDump(join(s.outDir, 'asean-kg.nq'), 'nquads')).quads ?? [];
    const named = (qs: typeof fromNquads) => new Set(qs.filter((q) => q.subject.termType !== 'BlankNode' && q.object.termType !== 'BlankNode').map(key));
    expect(named(fromJsonld)).toEqual(named(fromNquads));
  });

  it('mints every entity IRI under a base given on the command line', async () => {
    const out = join(s.root, 'dist-base');
    const result = await build({ dataDir: s.dataDir, ontologyDir: s.ontologyDir, outDir: out, base: 'http://example.org/kg/' });
    expect(result.errors).toEqual([]);
    const nt = readFileSync(join(out, 'asean-kg.nt'), 'utf8');
    expect(nt).toContain('<http://example.org/kg/id/person/lay-chenda>');
    expect(nt).not.toContain('https://w3id.org/asean-kg/id/');
    expect(nt).not.toContain('https://w3id.org/asean-kg/graph/');
  });

  it('rejects a base that is not an http(s) IRI ending in /', async () => {
    const result = await build({ dataDir: s.dataDir, ontologyDir: s.ontologyDir, outDir: join(s.root, 'x'), base: 'example.org/kg' });
    expect(result.errors).toEqual(['--base: base IRI must be http(s) and end in "/", got "example.org/kg"']);
  });
});
