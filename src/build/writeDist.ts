// Writes the dumps, their gzip copies, the JSON-LD context, the VoID description and the manifest
// into a fresh temporary directory beside dist/, then swaps it in with renames: a failed build
// never leaves dist/ half-written, and a reader sees either the old dist/ or the new one.
import { createHash } from 'node:crypto';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { DataFactory } from 'n3';
import type { BuiltGraph } from './buildGraph.ts';
import { DUMP_STEM, MANIFEST_FILE, type DumpFile, type Manifest } from './manifest.ts';
import { describeDataset, type Distribution } from '../rdf/describeDataset.ts';
import { RDF_FORMATS } from '../rdf/formats.ts';
import { jsonldContext } from '../rdf/jsonldContext.ts';
import { serialize } from '../rdf/serialize.ts';
import { SortedQuads } from '../rdf/sortQuads.ts';
import { PATHS, PREFIXES } from '../vocab.ts';

export const CONTEXT_FILE = 'context.jsonld';
export const VOID_FILE = 'void.ttl';

/** Public URLs a description names; by default under the base IRI. */
export interface PublicUrls {
  readonly dataset: string;
  readonly sparqlEndpoint: string;
  readonly dumps: string;
}

export function defaultUrls(base: string): PublicUrls {
  return { dataset: `${base}dataset`, sparqlEndpoint: `${base}sparql`, dumps: `${base}dumps/` };
}

interface OutFile { readonly name: string; readonly bytes: Buffer }

const gzipAsync = promisify(gzip);

/**
 * Every file of dist/ in memory, with the manifest. The gzip copies are compressed on libuv's thread
 * pool while the next format is being written, so they take little extra wall time.
 */
export async function renderDist(graph: BuiltGraph): Promise<{ files: OutFile[]; manifest: Manifest }> {
  const context = jsonldContext(graph.context, graph.base);
  const prefixes = dataPrefixes(graph);
  const files: OutFile[] = [];
  const dumpBytes: Omit<DumpFile, 'gzip'>[] = [];
  const gzips: Promise<Buffer>[] = [];
  const sorted = new SortedQuads(graph.quads);
  for (const format of RDF_FORMATS) {
    const text = serialize(sorted, format.id, { jsonldContext: context, prefixes });
    const name = `${DUMP_STEM}.${format.extension}`;
    const bytes = Buffer.from(text, 'utf8');
    gzips.push(gzipAsync(bytes, { level: 9 }));
    files.push({ name, bytes });
    dumpBytes.push({ name, format: format.id, mediaType: format.mediaTypes[0] ?? '', bytes: bytes.length, sha256: sha256(bytes) });
  }
  const gzipped = await Promise.all(gzips);
  const dumps: DumpFile[] = dumpBytes.map((d, i) => {
    const gz = gzipped[i] as Buffer;
    files.push({ name: `${d.name}.gz`, bytes: gz });
    return { ...d, gzip: { name: `${d.name}.gz`, bytes: gz.length, sha256: sha256(gz) } };
  });
  files.push({ name: CONTEXT_FILE, bytes: Buffer.from(`${JSON.stringify({ '@context': context }, null, 1)}\n`) });
  const urls = defaultUrls(graph.base);
  const description = describeDataset({
    dataset: urls.dataset,
    graph: DataFactory.namedNode(graph.iris.buildGraph('void')),
    meta: graph.meta,
    quads: graph.quads,
    uriSpace: `${graph.base}id/`,
    sources: graph.sources,
    distributions: dumps.map((d): Distribution => ({ url: urls.dumps + d.name, mediaType: d.mediaType, bytes: d.bytes, sha256: d.sha256, formatName: d.format })),
    sparqlEndpoint: urls.sparqlEndpoint,
  });
  files.push({ name: VOID_FILE, bytes: Buffer.from(serialize(description, 'turtle', { prefixes })) });
  const nquads = dumps.find((d) => d.format === 'nquads');
  const graphs = new Map<string, number>();
  for (const q of sorted.quads()) graphs.set(q.graph.value, (graphs.get(q.graph.value) ?? 0) + 1);
  const ntriples = files.find((f) => f.name === `${DUMP_STEM}.nt`);
  const manifest: Manifest = {
    version: (nquads?.sha256 ?? '').slice(0, 16),
    base: graph.base,
    triples: ntriples ? countLines(ntriples.bytes) : 0,
    quads: [...graphs.values()].reduce((a, b) => a + b, 0),
    graphs: [...graphs].map(([iri, triples]) => ({ iri, triples })),
    dumps,
    context: CONTEXT_FILE,
    description: VOID_FILE,
  };
  files.push({ name: MANIFEST_FILE, bytes: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) });
  return { files, manifest };
}

/** Replaces `outDir` with the given files, atomically as far as the file system allows. */
export async function writeDist(outDir: string, files: readonly OutFile[]): Promise<void> {
  const target = resolve(outDir);
  const parent = dirname(target);
  const tmp = await mkdtemp(join(parent, `.${basename(target)}.tmp-`));
  try {
    for (const f of files) await writeFile(join(tmp, f.name), f.bytes);
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
  const old = `${tmp}.old`;
  let moved = false;
  try {
    await rename(target, old);
    moved = true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
      await rm(tmp, { recursive: true, force: true });
      throw e;
    }
  }
  try {
    await rename(tmp, target);
  } catch (e) {
    if (moved) await rename(old, target);
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
  if (moved) await rm(old, { recursive: true, force: true });
}

/** The vocabulary prefixes plus one per collection (`person:` for {base}id/person/) and `graph:`. */
export function dataPrefixes(graph: Pick<BuiltGraph, 'base' | 'context'>): Record<string, string> {
  const out: Record<string, string> = { ...PREFIXES };
  for (const segment of graph.context.collections.values()) out[segment] ??= `${graph.base}${PATHS.entity}${segment}/`;
  out.graph ??= `${graph.base}${PATHS.graph}`;
  out.dataset ??= `${graph.base}dataset/`;
  return out;
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function countLines(bytes: Buffer): number {
  let n = 0;
  for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) n++;
  return n;
}
