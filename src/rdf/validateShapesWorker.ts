// A SHACL validation worker (see validateShapes.ts): holds the shapes, validates each batch of
// triples sent to it for the batch's focus nodes, and answers with the results.
import { parentPort, workerData } from 'node:worker_threads';
import {
  nodeKey, packResult, shapesValidator, TripleTable, unpackTriples, validateGraph, type PackedResult, type PackedTriples,
} from './shaclEngine.ts';

export interface WorkerInit {
  /** The shapes, with the data graph's rdfs:subClassOf triples. */
  readonly shapes: PackedTriples;
  /** The whole graph, which the batches refer to. */
  readonly data: PackedTriples;
}
export interface BatchRequest {
  readonly id: number;
  /** The batch's triples, by number in the whole graph. */
  readonly triples: Uint32Array;
  /** The batch's focus nodes, by term number. */
  readonly focus: Uint32Array;
}
export type WorkerMessage =
  | { readonly ready: true }
  | { readonly id: number; readonly results: readonly PackedResult[] }
  | { readonly id: number; readonly error: string };

const port = parentPort;
if (!port) throw new Error('validateShapesWorker.ts runs as a worker thread');
const init = workerData as WorkerInit;
const validator = shapesValidator(unpackTriples(init.shapes));
const data = new TripleTable(init.data);
const reply = (m: WorkerMessage) => port.postMessage(m);
// Batches come several at a time (queued while the main thread is busy): one after another, so
// that a worker holds one batch's bookkeeping at a time.
let queue: Promise<void> = Promise.resolve();
port.on('message', (batch: BatchRequest) => {
  queue = queue.then(() => {
    const triples = Array.from(batch.triples, (i) => data.triple(i));
    const focus = new Set(Array.from(batch.focus, (n) => nodeKey(data.term(n))));
    return validateGraph(validator, triples, focus).then(
      (results) => reply({ id: batch.id, results: results.map(packResult) }),
      (e: unknown) => reply({ id: batch.id, error: e instanceof Error ? e.stack ?? e.message : String(e) }),
    );
  });
});
reply({ ready: true });
