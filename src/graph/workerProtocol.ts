// The messages between the query pool (main thread) and a query worker. Plain data only: they
// cross a worker_threads boundary.
import type { RdfFormatId, ResultsFormatId } from '../rdf/formats.ts';
import type { QueryKind } from './parseQuery.ts';

export interface WorkerInit {
  /** The whole dataset as N-Quads (UTF-8), shared by every worker without copying. */
  readonly nquads: SharedArrayBuffer;
  readonly byteLength: number;
  readonly linesPerChunk: number;
}

export interface DatasetSelection {
  readonly defaultGraphs: readonly string[];
  readonly namedGraphs: readonly string[];
}

export interface QueryRequest {
  readonly op: 'query';
  readonly id: number;
  /** The text to run (already carrying the row LIMIT). */
  readonly query: string;
  readonly kind: QueryKind;
  readonly format: ResultsFormatId | RdfFormatId;
  readonly mediaType: string;
  readonly baseIri: string;
  /** Protocol dataset (default-graph-uri / named-graph-uri); it replaces the query's FROM. */
  readonly dataset?: DatasetSelection;
  /** The query has FROM / FROM NAMED: with no protocol dataset, those define the dataset (no union default graph). */
  readonly queryDataset: boolean;
  readonly maxRows: number;
  readonly maxBytes: number;
}

export interface DumpRequest {
  readonly op: 'dump';
  readonly id: number;
  readonly format: RdfFormatId;
  readonly mediaType: string;
}

export interface StatsRequest {
  readonly op: 'stats';
  readonly id: number;
}

export type WorkerRequest = QueryRequest | DumpRequest | StatsRequest;

export interface WorkerSuccess {
  readonly id: number;
  readonly ok: true;
  readonly body: Uint8Array;
  /** Rows (SELECT) or triples (CONSTRUCT/DESCRIBE) in body; null for ASK, dumps and stats. */
  readonly rows: number | null;
  readonly truncated: 'rows' | 'bytes' | null;
}

export interface WorkerFailure {
  readonly id: number;
  readonly ok: false;
  /**
   * query: the engine refused the query (client's fault); stack: the query was too big for the
   * engine's stack (client's fault, but the worker must go); panic: the engine broke (worker must go).
   */
  readonly reason: 'query' | 'stack' | 'panic';
  readonly message: string;
}

export type WorkerReply = WorkerSuccess | WorkerFailure;

export type WorkerReady = {
  readonly ready: true;
  readonly quads: number;
  readonly loadMs: number;
  /** The worker's kernel thread id (Linux), for lowering its priority during a long query (demote.ts); null elsewhere. */
  readonly tid: number | null;
};

export interface DatasetStats {
  readonly quads: number;
  readonly triples: number;
  readonly graphs: ReadonlyArray<{ readonly iri: string; readonly triples: number }>;
}
