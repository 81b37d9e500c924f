// `push`: uploads the built graph (dist/asean-kg.nq) to the remote store, one named graph per
// source, each replacing what the server held under that name, so pushing twice leaves the same
// store. Batches are bounded; a graph that fits in one batch is replaced by one request, a larger
// one is assembled in a staging graph and swapped in with MOVE (when the server has SPARQL Update).
// Transient failures are retried with backoff. At the end every graph's triple count on the server
// must equal the build's. A failure says which graphs are done, the state of the one in progress,
// and what to run next.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MANIFEST_FILE, type Manifest } from '../build/manifest.ts';
import { GraphBatches, type Batch } from './GraphBatches.ts';
import { GraphWriter, STAGING_GRAPH, type WriteMode } from './GraphWriter.ts';
import { Progress, type ProgressSink } from './Progress.ts';
import { where, type SparqlClient } from './SparqlClient.ts';
import { UpstreamError } from './UpstreamError.ts';

export interface PushOptions {
  readonly distDir: string;
  readonly client: SparqlClient;
  readonly batchTriples: number;
  /** Per request. */
  readonly timeoutMs: number;
  /** Start at this graph (the dump's order), taking the ones before it as done. */
  readonly fromGraph?: string;
  readonly retries?: number;
  readonly retryBaseMs?: number;
  readonly stderr: ProgressSink;
}

export interface PushResult {
  readonly ok: boolean;
  readonly graphs: number;
  readonly triples: number;
  readonly seconds: number;
  readonly mode: WriteMode;
  /** Printed lines (also written to stderr). */
  readonly report: readonly string[];
}

/** The graph being written when a request failed, and how far it got. */
interface InProgress {
  readonly graph: string;
  readonly how: 'one request' | 'staging' | 'swap' | 'direct';
  sent: number;
  readonly total: number;
}

class PushFailure extends Error {
  constructor(override readonly cause: Error, readonly at: InProgress | undefined) {
    super(cause.message);
  }
}

export async function push(options: PushOptions): Promise<PushResult> {
  const started = performance.now();
  const say = (line: string) => options.stderr.write(`${line}\n`);
  const manifestPath = join(options.distDir, MANIFEST_FILE);
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8').catch((e: NodeJS.ErrnoException) => {
    throw new Error(e.code === 'ENOENT' ? `${manifestPath} not found: run \`npm run build\` first` : `${manifestPath} cannot be read (${e.code ?? e.message}): run \`npm run build\` again`);
  })) as Manifest;
  const dump = manifest.dumps.find((d) => d.format === 'nquads');
  if (!dump) throw new Error(`${join(options.distDir, MANIFEST_FILE)} lists no N-Quads dump: run \`npm run build\` again`);
  const graphs = manifest.graphs;
  const sizes = new Map(graphs.map((g) => [g.iri, g.triples]));
  const skipBefore = options.fromGraph;
  if (skipBefore !== undefined && !sizes.has(skipBefore)) throw new Error(`--from-graph <${skipBefore}> is not a graph of this build (see ${join(options.distDir, MANIFEST_FILE)})`);

  const request = { timeoutMs: options.timeoutMs, limitName: 'REMOTE_TIMEOUT_MS' };
  const writer = await chooseWriter(options.client, request, say);
  const retry = <T>(what: string, fn: () => Promise<T>) => withRetry(what, fn, options.retries ?? 5, options.retryBaseMs ?? 500, say);
  say(`push: ${manifest.triples.toLocaleString('en-US')} triples in ${graphs.length.toLocaleString('en-US')} graphs (build ${manifest.version}) to ${where(options.client.endpoints.gspUrl ?? options.client.endpoints.updateUrl ?? options.client.endpoints.queryUrl)}, ${writer.mode}, batches of ${options.batchTriples.toLocaleString('en-US')} triples`);

  const total = graphs.reduce((n, g) => n + g.triples, 0);
  const progress = new Progress(options.stderr, total, graphs.length, 'push');
  const done: string[] = [];
  const batches = new GraphBatches(join(options.distDir, dump.name));
  let skipping = skipBefore !== undefined;
  let current: InProgress | undefined;
  try {
    for (let batch = await batches.next(options.batchTriples); batch; ) {
      const graph = batch.graph;
      if (skipping && graph === skipBefore) skipping = false;
      if (skipping) {
        progress.advance(batch.plain.length + batch.blank.length, batch.endOfGraph);
        if (batch.endOfGraph) done.push(graph);
        batch = await batches.next(options.batchTriples);
        continue;
      }
      const expected = sizes.get(graph);
      if (expected === undefined) throw new Error(`graph <${graph}> is in the dump but not in ${MANIFEST_FILE}: run \`npm run build\` again`);
      if (batch.endOfGraph) {
        current = { graph, how: 'one request', sent: 0, total: expected };
        const lines = [...batch.plain, ...batch.blank];
        await retry(`replace <${graph}>`, () => writer.replace(graph, lines)).catch((e: Error) => { throw new PushFailure(e, current as InProgress); });
        progress.advance(lines.length, true);
      } else {
        current = { graph, how: writer.atomic ? 'staging' : 'direct', sent: 0, total: expected };
        await writeLarge(batch, batches, writer, current, options.batchTriples, retry, progress);
      }
      done.push(graph);
      current = undefined;
      batch = await batches.next(options.batchTriples);
    }
  } catch (e) {
    progress.finish();
    if (!(e instanceof Error)) throw e;
    const failure = e instanceof PushFailure ? e : new PushFailure(e, current);
    const report = failureReport(failure, done, graphs.map((g) => g.iri), writer);
    for (const line of report) say(line);
    return { ok: false, graphs: done.length, triples: total, seconds: (performance.now() - started) / 1000, mode: writer.mode, report };
  }
  progress.finish();
  if (batches.sharedBlankNodes.size > 0) {
    say(`push: warning: ${batches.sharedBlankNodes.size} blank node(s) appear in more than one graph (e.g. _:${[...batches.sharedBlankNodes][0]}); each graph is uploaded on its own, so the server holds a separate node per graph`);
  }
  const report = await verify(writer, graphs, retry);
  for (const line of report.lines) say(line);
  const seconds = (performance.now() - started) / 1000;
  if (report.ok) say(`push: done in ${seconds.toFixed(1)} s: ${graphs.length.toLocaleString('en-US')} graphs, ${total.toLocaleString('en-US')} triples; every graph's count on the server equals the build's`);
  return { ok: report.ok, graphs: graphs.length, triples: total, seconds, mode: writer.mode, report: report.lines };
}

type Retry = <T>(what: string, fn: () => Promise<T>) => Promise<T>;

/** A graph larger than a batch: staged and swapped (or, without SPARQL Update, written in place). */
async function writeLarge(first: Batch, batches: GraphBatches, writer: GraphWriter, state: InProgress, max: number, retry: Retry, progress: Progress): Promise<void> {
  const target = writer.atomic ? STAGING_GRAPH : state.graph;
  const fail = (e: Error) => { throw new PushFailure(e, state); };
  if (writer.atomic) await retry('empty the staging graph', () => writer.clearStaging()).catch(fail);
  const blank: string[] = [];
  let batch: Batch | undefined = first;
  let isFirst = true;
  for (;;) {
    if (!batch) break;
    const current: Batch = batch;
    blank.push(...current.blank);
    const lines = current.plain;
    if (lines.length > 0) {
      // The first batch replaces (PUT) whatever the target held; the others add to it.
      const put = isFirst && !writer.atomic;
      await retry(`${put ? 'replace' : 'add to'} <${target}>`, () => (put ? writer.replace(target, lines) : writer.append(target, lines))).catch(fail);
      isFirst = false;
      state.sent += lines.length;
      progress.advance(lines.length, false);
    }
    if (current.endOfGraph) break;
    batch = await batches.next(max);
  }
  if (blank.length > 0) {
    // Blank-node triples go in one request (labels are scoped to a request). Not idempotent, so before
    // a retry the count says whether the failed attempt was applied after all.
    const before = state.sent;
    let tried = false;
    await retry(`add blank-node triples to <${target}>`, async () => {
      if (tried && (await writer.counts([target])).get(target) === before + blank.length) return;
      tried = true;
      await (isFirst && !writer.atomic ? writer.replace(target, blank) : writer.append(target, blank));
    }).catch(fail);
    state.sent += blank.length;
    progress.advance(blank.length, false);
  }
  if (writer.atomic) {
    const swapState: InProgress = { ...state, how: 'swap' };
    await retry(`MOVE <${STAGING_GRAPH}> TO <${state.graph}>`, async () => {
      const counts = await writer.counts([STAGING_GRAPH, state.graph]);
      if (counts.get(STAGING_GRAPH) === 0 && counts.get(state.graph) === state.total) return;
      await writer.swap(state.graph);
    }).catch((e: Error) => { throw new PushFailure(e, swapState); });
  }
  progress.advance(0, true);
}

/** Prefers Graph Store Protocol uploads; SPARQL Update (if the server allows it) for staging and swaps. */
async function chooseWriter(client: SparqlClient, request: { timeoutMs: number; limitName: string }, say: (line: string) => void): Promise<GraphWriter> {
  const hasGsp = client.endpoints.gspUrl !== undefined;
  const probe = new GraphWriter(client, hasGsp ? 'gsp+update' : 'update', request);
  try {
    await probe.clearStaging();
    return probe;
  } catch (e) {
    if (!hasGsp || !(e instanceof UpstreamError) || e.transient) throw e;
    say(`push: warning: the server refused a SPARQL Update (${e.message}); going on with the Graph Store Protocol alone, so a graph larger than one batch is replaced in several requests, not at once. Set REMOTE_UPDATE_URL to an endpoint that accepts updates to avoid that.`);
    return new GraphWriter(client, 'gsp', request);
  }
}

async function withRetry<T>(what: string, fn: () => Promise<T>, retries: number, baseMs: number, say: (line: string) => void): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      const transient = e instanceof UpstreamError && e.transient;
      if (!transient || attempt >= retries) throw e;
      const delay = Math.round(baseMs * 2 ** attempt * (1 + Math.random() * 0.25));
      say(`\npush: ${what} failed (${(e as Error).message}); retry ${attempt + 1} of ${retries} in ${delay} ms`);
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

async function verify(writer: GraphWriter, graphs: Manifest['graphs'], retry: Retry): Promise<{ ok: boolean; lines: string[] }> {
  const counts = await retry('count the triples of each graph on the server', () => writer.counts(graphs.map((g) => g.iri)));
  const wrong = graphs.filter((g) => counts.get(g.iri) !== g.triples);
  if (wrong.length === 0) return { ok: true, lines: [] };
  const lines = [`push: the check failed: ${wrong.length} graph(s) on the server do not hold the build's triple count:`];
  for (const g of wrong.slice(0, 20)) lines.push(`  <${g.iri}>: server ${counts.get(g.iri) ?? 0}, build ${g.triples}`);
  if (wrong.length > 20) lines.push(`  … and ${wrong.length - 20} more`);
  lines.push('A lower count can mean the server merged literals it considers equal (e.g. "01" and "1" as integers); a higher one that something else writes to these graphs.');
  lines.push(`Re-run \`npm run push\` (idempotent); if the counts stay different, the server changes the data as it stores it.`);
  return { ok: false, lines };
}

function failureReport(e: PushFailure, done: readonly string[], order: readonly string[], writer: GraphWriter): string[] {
  const at = e.at;
  const n = (x: number) => x.toLocaleString('en-US');
  const index = at ? order.indexOf(at.graph) : done.length;
  const lines = [at
    ? `push failed at graph ${n(index + 1)} of ${n(order.length)}, <${at.graph}>: ${e.cause.message}`
    : `push failed after ${n(done.length)} of ${n(order.length)} graphs: ${e.cause.message}`];
  lines.push(done.length > 0
    ? `  done: ${n(done.length)} graph(s) replaced by this build's version, in the dump's order from <${done[0]}> to <${done.at(-1)}>`
    : '  done: none');
  switch (at?.how) {
    case undefined:
      lines.push('  in progress: none (the failure came between two graphs)');
      break;
    case 'one request':
      lines.push(`  in progress: <${at.graph}> (${n(at.total)} triples) is replaced by a single request, which the server applies whole or not at all: it holds either its previous version or this build's, not a mix`);
      break;
    case 'staging':
      lines.push(`  in progress: <${at.graph}> is unchanged (its previous version): its new copy was being loaded into the staging graph <${STAGING_GRAPH}>, which holds ${n(at.sent)} of ${n(at.total)} triples and is emptied by the next push`);
      break;
    case 'swap':
      lines.push(`  in progress: <${at.graph}> was being swapped in with MOVE from <${STAGING_GRAPH}> (complete, ${n(at.total)} triples); the server applies the MOVE whole or not at all, so the graph holds either its previous version or this build's`);
      break;
    case 'direct':
      lines.push(`  in progress: <${at.graph}> IS HALF-REPLACED: it holds ${n(at.sent)} of this build's ${n(at.total)} triples (without SPARQL Update (${writer.mode}) a graph larger than one batch cannot be swapped in whole). Queries over it give wrong answers until push completes.`);
      break;
  }
  const next = at?.graph ?? order[done.length];
  lines.push(`  not started: ${n(order.length - index - (at ? 1 : 0))} graph(s), which still hold what the server had before`);
  lines.push(next
    ? `To finish: npm run push -- --from-graph '${next}'   (or npm run push to redo everything; pushing is idempotent)`
    : 'To finish: npm run push (pushing is idempotent)');
  return lines;
}
