// A SHACL validation worker (see validateShapes.ts): holds the shapes and the packed graph, takes
// the batches of the shared batch table one at a time (as do the other workers), validates each for
// its focus nodes and answers with the results; then says it is done.
import { parentPort, workerData } from 'node:worker_threads';
import {
  nodeKey, packResult, shapesValidator, TripleTable, unpackTriples, validateGraph, type PackedResult, type PackedTriples,
} from './shaclEngine.ts';

/** Every batch of one validation: batch k is triples[tripleStart[k] .. tripleStart[k + 1]], likewise its focus nodes. */
export interface BatchTable {
  readonly count: number;
  /** Triple numbers in the whole graph. */
  readonly triples: Uint32Array;
  readonly tripleStart: Uint32Array;
  /** Focus nodes, by term number. */
  readonly focus: Uint32Array;
  readonly focusStart: Uint32Array;
}
export interface WorkerInit {
  /** The shapes, with the data graph's rdfs:subClassOf triples. */
  readonly shapes: PackedTriples;
  /** The whole graph, which the batches refer to. */
  readonly data: PackedTriples;
  readonly batches: BatchTable;
  /** The next batch to take, shared by the workers (taken with Atomics.add). */
  readonly next: Int32Array;
}
export type WorkerMessage =
  | { readonly id: number; readonly results: readonly PackedResult[] }
  | { readonly id: number; readonly error: string }
  | { readonly done: true };

const port = parentPort;
if (!port) throw new Error('validateShapesWorker.ts runs as a worker thread');
const init = workerData as WorkerInit;
const validator = shapesValidator(unpackTriples(init.shapes));
const data = new TripleTable(init.data);
const { batches, next } = init;
// One batch after another, each taken as the last is answered, so that a worker holds one batch's
// bookkeeping at a time and the workers share the batches by how fast they go.
for (let id = Atomics.add(next, 0, 1); id < batches.count; id = Atomics.add(next, 0, 1)) {
  const triples = Array.from(batches.triples.subarray(batches.tripleStart[id], batches.tripleStart[id + 1]), (i) => data.triple(i));
  const focus = new Set(Array.from(batches.focus.subarray(batches.focusStart[id], batches.focusStart[id + 1]), (n) => nodeKey(data.term(n))));
  try {
    const results = await validateGraph(validator, triples, focus);
    port.postMessage({ id, results: results.map(packResult) } satisfies WorkerMessage);
  } catch (e) {
    // The validation fails as a whole: this thread stops taking batches.
    port.postMessage({ id, error: e instanceof Error ? e.stack ?? e.message : String(e) } satisfies WorkerMessage);
    break;
  }
}
port.postMessage({ done: true } satisfies WorkerMessage);
