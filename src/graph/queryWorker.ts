// A query worker: loads the shared N-Quads into its own oxigraph store, then answers one request at
// a time. Results are serialised inside WASM (no term objects), counted and cut to the limits here,
// and sent back as bytes whose buffer is transferred, not copied.
import { parentPort, workerData } from 'node:worker_threads';
import ox from 'oxigraph';
import { rdfFormat, type RdfFormatId } from '../rdf/formats.ts';
import { cutResults, type RowsFormat } from './cutResults.ts';
import { kernelThreadId } from './demote.ts';
import { loadNquads } from './loadNquads.ts';
import type { DatasetStats, DumpRequest, QueryRequest, WorkerInit, WorkerReady, WorkerReply, WorkerRequest } from './workerProtocol.ts';

const NTRIPLES = 'application/n-triples';
const ALL_TRIPLES = 'CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }';
const COUNT_TRIPLES = 'SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }';
const COUNT_PER_GRAPH = 'SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g';

const encoder = new TextEncoder();

function queryOptions(req: QueryRequest): Parameters<ox.Store['query']>[1] {
  const options = { base_iri: req.baseIri };
  // With the union flag on, oxigraph ignores FROM; so it is set only when the query names no graphs.
  if (!req.dataset) return req.queryDataset ? options : { ...options, use_default_graph_as_union: true };
  // The protocol dataset replaces the query's FROM / FROM NAMED entirely, so both lists are passed.
  return {
    ...options,
    default_graph: req.dataset.defaultGraphs.map((g) => ox.namedNode(g)),
    named_graphs: req.dataset.namedGraphs.map((g) => ox.namedNode(g)),
  };
}

/** N-Triples text into `format`, through a scratch store (which keeps blank-node labels, see loadNquads). */
function convertTriples(ntriples: string, mediaType: string): string {
  const scratch = new ox.Store();
  loadNquads(scratch, encoder.encode(ntriples));
  return scratch.dump({ format: mediaType, from_graph_name: ox.defaultGraph() });
}

function runQuery(store: ox.Store, req: QueryRequest): { text: string; rows: number | null; truncated: 'rows' | 'bytes' | null } {
  const options = queryOptions(req);
  if (req.kind === 'ASK') return { text: store.query(req.query, { ...options, results_format: req.mediaType }) as string, rows: null, truncated: null };
  if (req.kind === 'SELECT') {
    const text = store.query(req.query, { ...options, results_format: req.mediaType }) as string;
    return cutResults(req.format as RowsFormat, text, req.maxRows, req.maxBytes);
  }
  // CONSTRUCT / DESCRIBE: N-Triples first, to count and cut triples at line boundaries.
  const ntriples = store.query(req.query, { ...options, results_format: NTRIPLES }) as string;
  const cut = cutResults('ntriples', ntriples, req.maxRows, req.maxBytes);
  const text = req.format === 'ntriples' ? cut.text : convertTriples(cut.text, req.mediaType);
  return { text, rows: cut.rows, truncated: cut.truncated };
}

function dump(store: ox.Store, req: DumpRequest): string {
  if (rdfFormat(req.format as RdfFormatId).quads) return store.dump({ format: req.mediaType });
  // Triple-only formats hold the union of all graphs, each triple once.
  return convertTriples(store.query(ALL_TRIPLES, { use_default_graph_as_union: true, results_format: NTRIPLES }) as string, req.mediaType);
}

function stats(store: ox.Store): DatasetStats {
  const json = (q: string) => JSON.parse(store.query(q, { use_default_graph_as_union: true, results_format: 'application/sparql-results+json' }) as string) as {
    results: { bindings: Array<Record<string, { value: string }>> };
  };
  const triples = Number(json(COUNT_TRIPLES).results.bindings[0]?.['n']?.value ?? 0);
  const graphs = json(COUNT_PER_GRAPH).results.bindings.map((b) => ({ iri: b['g']?.value ?? '', triples: Number(b['n']?.value ?? 0) }));
  return { quads: store.size, triples, graphs };
}

/** A Rust panic inside oxigraph surfaces as a WebAssembly RuntimeError; the instance is not to be trusted after it. */
function isWasmTrap(e: unknown): boolean {
  return e instanceof Error && e.constructor.name === 'RuntimeError';
}

/**
 * The engine ran out of stack: very long joins, unions, paths or filter lists recurse once per
 * element (measured: ~1,000 UNION branches, ~500 OPTIONALs or path steps). V8 stops it with a
 * RangeError, or it overruns WASM memory first ("memory access out of bounds"). Either way the
 * instance's stack pointer is left wrong, so the worker is replaced.
 */
function isStackExhaustion(e: unknown): boolean {
  if (!(e instanceof Error)) return false;
  return (e instanceof RangeError && /call stack/i.test(e.message)) || (isWasmTrap(e) && /memory access out of bounds/.test(e.message));
}

function handle(store: ox.Store, req: WorkerRequest): WorkerReply {
  try {
    if (req.op === 'query') {
      const r = runQuery(store, req);
      return { id: req.id, ok: true, body: encoder.encode(r.text), rows: r.rows, truncated: r.truncated };
    }
    const text = req.op === 'dump' ? dump(store, req) : JSON.stringify(stats(store));
    return { id: req.id, ok: true, body: encoder.encode(text), rows: null, truncated: null };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { id: req.id, ok: false, reason: isStackExhaustion(e) ? 'stack' : isWasmTrap(e) ? 'panic' : 'query', message };
  }
}

function main(): void {
  const port = parentPort;
  if (!port) throw new Error('queryWorker must run in a worker thread');
  const init = workerData as WorkerInit;
  const started = performance.now();
  const store = new ox.Store();
  loadNquads(store, new Uint8Array(init.nquads, 0, init.byteLength), init.linesPerChunk);
  const ready: WorkerReady = { ready: true, quads: store.size, loadMs: Math.round(performance.now() - started), tid: kernelThreadId() };
  port.postMessage(ready);
  port.on('message', (req: WorkerRequest) => {
    const reply = handle(store, req);
    port.postMessage(reply, reply.ok ? [reply.body.buffer as ArrayBuffer] : []);
  });
}

main();
