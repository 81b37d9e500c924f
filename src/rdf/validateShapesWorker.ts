// A SHACL validation worker (see validateShapes.ts): holds the shapes, validates each batch of
// triples sent to it for the batch's focus nodes, and answers with the results.
import { parentPort, workerData } from 'node:worker_threads';
import { packResult, shapesValidator, unpackTriples, validateGraph, type PackedResult, type PackedTriples } from './shaclEngine.ts';

export interface WorkerInit {
  /** The shapes, with the data graph's rdfs:subClassOf triples. */
  readonly shapes: PackedTriples;
}
export interface BatchRequest {
  readonly id: number;
  readonly triples: PackedTriples;
  readonly focus: readonly string[];
}
export type WorkerMessage =
  | { readonly ready: true }
  | { readonly id: number; readonly results: readonly PackedResult[] }
  | { readonly id: number; readonly error: string };

const port = parentPort;
if (!port) throw new Error('validateShapesWorker.ts runs as a worker thread');
const validator = shapesValidator(unpackTriples((workerData as WorkerInit).shapes));
const reply = (m: WorkerMessage) => port.postMessage(m);
port.on('message', (batch: BatchRequest) => {
  validateGraph(validator, unpackTriples(batch.triples), new Set(batch.focus)).then(
    (results) => reply({ id: batch.id, results: results.map(packResult) }),
    (e: unknown) => reply({ id: batch.id, error: e instanceof Error ? e.stack ?? e.message : String(e) }),
  );
});
reply({ ready: true });
