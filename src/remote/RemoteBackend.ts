// STORE=remote: queries go to a SPARQL server that holds the dataset (filled by `push`). The query
// was already parsed and checked by /sparql; here it gets its row limit and dataset, is sent with a
// deadline, and the answer is read as it arrives and written in the negotiated format. A small
// result is returned whole; a large one (past STREAM_WINDOW bytes) is handed on as it streams.
// Whether the server can be reached is tracked (and probed while it cannot), for /ready.
import type { Logger } from 'pino';
import type { QueryBackend, QueryInput, QueryOutput } from '../graph/Graph.ts';
import type { PoolState } from '../graph/QueryPool.ts';
import { Limiter } from './Limiter.ts';
import { resultsOutput, triplesOutput, upstreamAccept, type ResultSummary, type Shape } from './remoteResults.ts';
import { SparqlClient, where, type RequestOptions } from './SparqlClient.ts';
import { UpstreamError } from './UpstreamError.ts';
import { upstreamQuery, type DatasetMode } from './upstreamQuery.ts';

export interface RemoteBackendOptions {
  readonly client: SparqlClient;
  readonly base: string;
  readonly graphs: readonly string[];
  readonly datasetMode: DatasetMode;
  /** Queries sent at once; more wait in a queue of `queueLimit`. */
  readonly concurrency: number;
  readonly queueLimit: number;
  readonly logger?: Logger;
  /** Bytes of a result held back before streaming starts (small results get exact headers). */
  readonly streamWindow?: number;
}

const STREAM_WINDOW = 1024 * 1024;
const PROBE_INTERVAL_MS = 2_000;
const PROBE_TIMEOUT_MS = 5_000;

export class RemoteBackend implements QueryBackend {
  private readonly limiter: Limiter;
  private reachable: boolean | undefined;
  /** Virtuoso needs its strings ordered explicitly (see upstreamQuery); known from its Server header. */
  private virtuoso = false;
  private probeTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly options: RemoteBackendOptions) {
    this.limiter = new Limiter(options.concurrency, options.queueLimit);
  }

  /** Checks the server answers (ASK {}); keeps probing in the background while it does not. */
  async start(): Promise<boolean> {
    await this.probe();
    return this.reachable === true;
  }

  async query(input: QueryInput): Promise<QueryOutput> {
    const started = performance.now();
    const release = await this.limiter.acquire(input.timeoutMs, input.limitName, input.signal);
    const request: RequestOptions = {
      timeoutMs: Math.max(1, Math.round(input.timeoutMs - (performance.now() - started))),
      limitName: input.limitName,
      ...(input.signal ? { signal: input.signal } : {}),
    };
    const shape: Shape = { kind: input.parsed.kind, format: input.format, mediaType: input.mediaType, maxRows: input.maxRows, maxBytes: input.maxBytes };
    const summary: ResultSummary = { rows: null, truncated: null };
    let chunks: AsyncGenerator<Uint8Array>;
    try {
      const res = await this.send(input, request);
      chunks = this.read(res, shape, summary, request);
    } catch (e) {
      release();
      throw e;
    }
    return collect(withRelease(chunks, release), summary, input.stream === true ? this.options.streamWindow ?? STREAM_WINDOW : Infinity);
  }

  state(): PoolState {
    return {
      size: this.limiter.size, workers: 0, loading: 0, idle: this.limiter.size - this.limiter.busy, busy: this.limiter.busy,
      queued: this.limiter.queued, restarts: 0, ready: !this.closed && this.reachable === true,
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.probeTimer);
  }

  private async send(input: QueryInput, request: RequestOptions): Promise<Response> {
    const text = (textOrder: boolean) => upstreamQuery(input.parsed, {
      base: this.options.base, maxRows: input.maxRows, dataset: input.dataset, mode: this.options.datasetMode, graphs: this.options.graphs, textOrder,
    });
    const accept = upstreamAccept(input.parsed.kind);
    try {
      let res: Response;
      try {
        res = await this.options.client.query(text(this.virtuoso), accept, request);
      } catch (e) {
        // The ORDER BY rewrite is an aid; where Virtuoso's compiler chokes on it, the query goes as written.
        if (!this.virtuoso || !(e instanceof UpstreamError) || !/\b(SQ|SP)\d{3}\b/.test(e.message) || text(true) === text(false)) throw e;
        this.options.logger?.debug({ err: e.message }, 'the remote SPARQL server refused the ORDER BY rewrite; sending the query as written');
        res = await this.options.client.query(text(false), accept, request);
      }
      this.markReachable(true);
      checkPartial(res, this.options.client);
      return res;
    } catch (e) {
      this.noteFailure(e);
      throw e;
    }
  }

  private async *read(res: Response, shape: Shape, summary: ResultSummary, request: RequestOptions): AsyncGenerator<Uint8Array> {
    if (!res.body) throw new UpstreamError('failed', 502, 'the SPARQL server sent no body', 'the SPARQL server behind this endpoint sent an empty answer', true);
    const body = res.body as unknown as AsyncIterable<Uint8Array>;
    const contentType = (res.headers.get('content-type') ?? '').toLowerCase();
    const out = shape.kind === 'SELECT' || shape.kind === 'ASK' ? resultsOutput(body, shape, summary) : triplesOutput(body, contentType, shape, summary);
    try {
      yield* out;
      // Virtuoso cuts results at its ResultSetMaxRows and says so only in this header.
      const cap = Number(res.headers.get('x-sparql-maxrows') ?? NaN);
      if (summary.truncated === null && summary.rows === cap) {
        summary.truncated = 'rows';
        this.options.logger?.warn({ cap }, 'the remote SPARQL server cut a result at its own row limit (Virtuoso: ResultSetMaxRows in virtuoso.ini); raise it above MAX_RESULT_ROWS');
      }
    } catch (e) {
      const mapped = this.options.client.bodyFailure(e, request);
      this.noteFailure(mapped);
      throw mapped;
    }
  }

  private noteFailure(e: unknown): void {
    if (e instanceof UpstreamError && e.failure === 'unreachable') {
      if (this.reachable !== false) this.options.logger?.warn({ err: e.message }, 'the remote SPARQL server cannot be reached');
      this.markReachable(false);
    }
  }

  private markReachable(ok: boolean): void {
    if (ok && this.reachable === false) this.options.logger?.info('the remote SPARQL server answers again');
    this.reachable = ok;
    if (!ok) this.scheduleProbe();
  }

  private scheduleProbe(): void {
    if (this.closed || this.probeTimer) return;
    this.probeTimer = setTimeout(() => {
      this.probeTimer = undefined;
      void this.probe();
    }, PROBE_INTERVAL_MS);
    this.probeTimer.unref();
  }

  private async probe(): Promise<void> {
    try {
      const res = await this.options.client.query('ASK {}', 'application/sparql-results+json', { timeoutMs: PROBE_TIMEOUT_MS, limitName: 'the readiness probe' });
      await res.arrayBuffer();
      this.virtuoso = /virtuoso/i.test(res.headers.get('server') ?? '');
      this.markReachable(true);
    } catch (e) {
      // Any HTTP answer, even an error, shows the server is there; only no answer is "unreachable".
      const down = !(e instanceof UpstreamError) || e.failure === 'unreachable' || e.failure === 'timeout';
      // Said once when it goes away (and once when it is back, in markReachable), not at every probe.
      if (down && this.reachable !== false) this.options.logger?.warn({ err: (e as Error).message, server: where(this.options.client.endpoints.queryUrl) }, 'the remote SPARQL server does not answer');
      this.markReachable(!down);
    }
  }
}

/** Virtuoso answers 200 with a partial result when its own time limit ("anytime query") cut the query short. */
function checkPartial(res: Response, client: SparqlClient): void {
  const state = res.headers.get('x-sql-state');
  if (state && /^S1T/i.test(state)) {
    void res.body?.cancel();
    throw new UpstreamError('timeout', 504, `${where(client.endpoints.queryUrl)} cut the query at its own time limit and sent a partial result (X-SQL-State ${state}: ${res.headers.get('x-sql-message') ?? ''})`, 'the SPARQL server behind this endpoint stopped the query at its own time limit: make the query more selective', true);
  }
}

async function* withRelease(chunks: AsyncGenerator<Uint8Array>, release: () => void): AsyncGenerator<Uint8Array> {
  try {
    yield* chunks;
  } finally {
    release();
  }
}

/** The whole result, or (when streaming) its first `window` bytes and the rest to come. */
async function collect(chunks: AsyncGenerator<Uint8Array>, summary: ResultSummary, window: number): Promise<QueryOutput> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const next = await chunks.next();
    if (next.done) return { body: Buffer.concat(parts), rows: summary.rows, truncated: summary.truncated };
    parts.push(next.value);
    size += next.value.length;
    if (size >= window) {
      return {
        body: Buffer.concat(parts), rows: summary.rows, truncated: summary.truncated,
        more: { chunks: { [Symbol.asyncIterator]: () => chunks }, summary: () => ({ rows: summary.rows, truncated: summary.truncated }) },
      };
    }
  }
}
