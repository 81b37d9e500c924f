// Writes the dumps, their gzip copies, the JSON-LD context, the VoID description and the manifest
// into a fresh temporary directory beside dist/, then swaps it in with renames: a failed build
// never leaves dist/ half-written, and a reader sees either the old dist/ or the new one.
import { copyFile, mkdtemp, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { DataFactory } from 'n3';
import type { BuiltGraph } from './buildGraph.ts';
import { DumpWriter, type DumpResult } from './dumpWriter.ts';
import type { Phases } from './Phases.ts';
import { DUMP_STEM, MANIFEST_FILE, type DumpFile, type Manifest } from './manifest.ts';
import { datasetStats, describeDataset, type Distribution } from '../rdf/describeDataset.ts';
import { RDF_FORMATS, rdfFormat, type RdfFormatId } from '../rdf/formats.ts';
import { jsonldContext } from '../rdf/jsonldContext.ts';
import { serialize, serializeTo } from '../rdf/serialize.ts';
import { TextChunks } from '../rdf/TextChunks.ts';
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

/** A file of dist/: in memory, or already written to a staging directory (the large dumps). */
type OutFile = { readonly name: string; readonly bytes: Buffer } | { readonly name: string; readonly path: string };

/**
 * Every file of dist/, with the manifest. Each dump is written to a staging directory as it is made,
 * a megabyte at a time, so that no dump is ever held whole in memory (a million triples make 650 MB
 * of dumps); a worker thread writes each dump's file and its gzip copy from the chunks as they are
 * made, while this thread goes on (see dumpWriter.ts). `sortedQuads`: the graph's quads as
 * SortedQuads, when the caller has made them already (the build has, for SHACL validation).
 */
export async function renderDist(graph: BuiltGraph, phases?: Phases, sortedQuads?: SortedQuads): Promise<{ files: OutFile[]; manifest: Manifest }> {
  const context = jsonldContext(graph.context, graph.base);
  const prefixes = dataPrefixes(graph);
  const files: OutFile[] = [];
  const dumps: DumpFile[] = [];
  const staging = await mkdtemp(join(tmpdir(), 'asean-kg-dumps-'));
  let ntriplesLines = 0;
  const writing: Promise<void>[] = [];
  const settled = () => Promise.allSettled(writing);
  try {
    const sortStarted = performance.now();
    const sorted = sortedQuads ?? new SortedQuads(graph.quads);
    sorted.quadRows();
    sorted.tripleRows();
    phases?.add('sort', performance.now() - sortStarted);
    // Largest dump first: the build waits at the end for the gzip copy of the last one.
    for (const format of WRITE_ORDER) {
      const started = performance.now();
      const name = `${DUMP_STEM}.${format.extension}`;
      const path = join(staging, name);
      const written = writeDump(path, (out) => serializeTo(sorted, format.id, out, { jsonldContext: context, prefixes }), format.id === 'ntriples');
      files.push({ name, path });
      phases?.add('dumps', performance.now() - started);
      const finishing = performance.now();
      const finished = written.then((d) => {
        phases?.add('gzip', performance.now() - finishing);
        if (format.id === 'ntriples') ntriplesLines = d.lines;
        files.push({ name: `${name}.gz`, path: `${path}.gz` });
        dumps.push({
          name, format: format.id, mediaType: format.mediaTypes[0] ?? '', bytes: d.bytes, sha256: d.sha256,
          gzip: { name: `${name}.gz`, bytes: d.gzip.bytes, sha256: d.gzip.sha256 },
        });
      });
      // Awaited below; this only keeps a failure before then from counting as unhandled.
      finished.catch(() => undefined);
      writing.push(finished);
      // Let the event loop run between dumps.
      await new Promise((resolve) => setImmediate(resolve));
    }
    // The dataset's statistics and graph sizes need no dump: counted while the last copies are made.
    const countStarted = performance.now();
    datasetStats(sorted);
    const graphs = graphSizes(sorted);
    phases?.add('void', performance.now() - countStarted);
    const waited = performance.now();
    await Promise.all(writing);
    phases?.add('gzip wait', performance.now() - waited);
    const finishStarted = performance.now();
    // In the order of RDF_FORMATS, whatever order they were written in.
    dumps.sort((a, b) => formatIndex(a.format) - formatIndex(b.format));
    const done = finishDist(graph, context, prefixes, files, dumps, ntriplesLines, sorted, graphs);
    phases?.add('void', performance.now() - finishStarted);
    return done;
  } catch (e) {
    await settled();
    await rm(staging, { recursive: true, force: true });
    throw e;
  }
}

/** The dump formats, largest dump first (at a million triples: 231, 175, 104, 72, 53 and 47 MB). */
const WRITE_ORDER = ['nquads', 'ntriples', 'rdfxml', 'jsonld', 'trig', 'turtle'].map((id) => rdfFormat(id as RdfFormatId));

function formatIndex(id: string): number {
  return RDF_FORMATS.findIndex((f) => f.id === id);
}

/** Quads per graph name (the default graph's is ''), in the order of the sorted quads. */
function graphSizes(sorted: SortedQuads): Map<string, number> {
  const { quads, ids } = sorted.quadRows();
  const graphs = new Map<string, number>();
  let run = 0;
  for (let i = 0; i < quads.length; i++) {
    run++;
    // Sorted by graph: count a run of one graph at its last row.
    if (i + 1 === quads.length || ids[4 * (i + 1)] !== ids[4 * i]) {
      const name = (quads[i] as { graph: { value: string } }).graph.value;
      graphs.set(name, (graphs.get(name) ?? 0) + run);
      run = 0;
    }
  }
  return graphs;
}

/**
 * Writes a dump to `path`, and its gzip copy beside it, as it is serialised, a megabyte at a time:
 * a worker thread writes both (see dumpWriter.ts). Returns once the dump is serialised; the promise
 * settles when both files are written, with their sizes, hashes and (if asked) the dump's lines.
 */
function writeDump(path: string, serialize: (out: TextChunks) => void, countLines: boolean): Promise<DumpResult> {
  const writer = new DumpWriter(path, `${path}.gz`, { countLines });
  let bytes: number;
  try {
    const out = new TextChunks((chunk) => writer.write(chunk));
    serialize(out);
    out.buffers();
    bytes = out.bytes;
  } catch (e) {
    void writer.abort();
    throw e;
  }
  return writer.close().then((d) => {
    if (d.bytes !== bytes) throw new Error(`${path}: made ${bytes} bytes, wrote ${d.bytes}`);
    return d;
  });
}

function finishDist(
  graph: BuiltGraph, context: ReturnType<typeof jsonldContext>, prefixes: Record<string, string>, files: OutFile[],
  dumps: readonly DumpFile[], ntriplesLines: number, sorted: SortedQuads, graphs: ReadonlyMap<string, number>,
): { files: OutFile[]; manifest: Manifest } {
  files.push({ name: CONTEXT_FILE, bytes: Buffer.from(`${JSON.stringify({ '@context': context }, null, 1)}\n`) });
  const urls = defaultUrls(graph.base);
  const description = describeDataset({
    dataset: urls.dataset,
    graph: DataFactory.namedNode(graph.iris.buildGraph('void')),
    meta: graph.meta,
    quads: sorted,
    uriSpace: `${graph.base}id/`,
    sources: graph.sources,
    distributions: dumps.map((d): Distribution => ({ url: urls.dumps + d.name, mediaType: d.mediaType, bytes: d.bytes, sha256: d.sha256, formatName: d.format })),
    sparqlEndpoint: urls.sparqlEndpoint,
  });
  files.push({ name: VOID_FILE, bytes: Buffer.from(serialize(description, 'turtle', { prefixes })) });
  const nquads = dumps.find((d) => d.format === 'nquads');
  const manifest: Manifest = {
    version: (nquads?.sha256 ?? '').slice(0, 16),
    base: graph.base,
    triples: ntriplesLines,
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
    for (const f of files) {
      if ('bytes' in f) await writeFile(join(tmp, f.name), f.bytes);
      else await move(f.path, join(tmp, f.name));
    }
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    await removeStaging(files);
    throw e;
  }
  await removeStaging(files);
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

/** Moves a staged file into place: a rename, or a copy where the staging directory is on another file system. */
async function move(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
    await copyFile(from, to);
    await unlink(from);
  }
}

/** Removes the staged files of a rendered dist/ that will not be swapped in. */
export async function discardDist(files: readonly OutFile[]): Promise<void> {
  await removeStaging(files);
}

async function removeStaging(files: readonly OutFile[]): Promise<void> {
  for (const dir of new Set(files.flatMap((f) => ('path' in f ? [dirname(f.path)] : [])))) await rm(dir, { recursive: true, force: true });
}
