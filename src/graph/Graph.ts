// The served graph: the dataset loaded into a pool of query workers (or, with STORE=remote, a
// remote SPARQL server that holds it: src/remote), what is known about it (version, counts, graphs,
// the built VoID), and its dumps. This is what createApp() serves.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { RdfFormatId, ResultsFormatId } from '../rdf/formats.ts';
import { distDumps, generatedDumps, type DumpStore } from './DumpStore.ts';
import type { DatasetOrigin, DatasetSource } from './openDataset.ts';
import { withRowLimit, type ParsedQuery } from './parseQuery.ts';
import { QueryPool, type LentRun, type PoolState } from './QueryPool.ts';
import type { DatasetSelection, DatasetStats } from './workerProtocol.ts';

export interface DatasetInfo {
  readonly version: string;
  /** Base IRI: relative IRIs in queries resolve against it. */
  readonly base: string;
  /** Distinct triples in the union of all graphs. */
  readonly triples: number;
  readonly quads: number;
  /** Named graphs with their sizes. */
  readonly graphs: DatasetStats['graphs'];
  readonly origin: DatasetOrigin;
  readonly loadedAt: Date;
  /** The build's VoID/DCAT description (Turtle), when there is one. */
  readonly description: string | undefined;
}

export interface QueryInput {
  readonly parsed: ParsedQuery;
  readonly format: ResultsFormatId | RdfFormatId;
  readonly mediaType: string;
  readonly dataset: DatasetSelection | undefined;
  readonly timeoutMs: number;
  readonly limitName: string;
  readonly maxRows: number;
  readonly maxBytes: number;
  readonly signal?: AbortSignal;
  /** Who asked, and whether the query now runs on a worker lent beyond their share: see QueryPool's RunOptions. */
  readonly owner?: string;
  readonly lent?: LentRun;
  /** See QueryPool's RunOptions.onReply. */
  readonly onReply?: () => void;
  /** The caller can send a large result as it arrives (see QueryOutput.more); otherwise body is the whole result. */
  readonly stream?: boolean;
}

export interface QueryOutput {
  readonly body: Uint8Array;
  readonly rows: number | null;
  readonly truncated: 'rows' | 'bytes' | null;
  /**
   * Only when asked to stream and the result is large: body is its beginning, `chunks` yields the
   * rest, and rows/truncated are known once `chunks` is exhausted (from `summary()`).
   */
  readonly more?: {
    readonly chunks: AsyncIterable<Uint8Array>;
    summary(): { readonly rows: number | null; readonly truncated: 'rows' | 'bytes' | null };
  };
}

/** Where queries run: the embedded worker pool, or a remote SPARQL server (src/remote/RemoteBackend.ts). */
export interface QueryBackend {
  query(input: QueryInput): Promise<QueryOutput>;
  state(): PoolState;
  /** Workers free to start a query now with none waiting (QueryPool.freeWorkers); absent: nothing is lent. */
  freeWorkers?(): number;
  close(): Promise<void>;
}

export interface GraphOptions {
  readonly base: string;
  readonly poolSize: number;
  readonly queueLimit: number;
  /** See QueryPool's demoteAfterMs. */
  readonly demoteAfterMs?: number;
  readonly logger?: Logger;
  /** Lines per store.load() in the workers. */
  readonly linesPerChunk?: number;
}

/** How long making one generated dump may take. */
const DUMP_TIMEOUT_MS = 10 * 60_000;

export class Graph {
  private constructor(
    readonly info: DatasetInfo,
    readonly dumps: DumpStore,
    private readonly backend: QueryBackend,
    /**
     * True when no answer can change while this process runs (the embedded store, loaded once), so
     * answers may be kept and sent again (src/http/ResultCache.ts); false for a remote store, which
     * can be written behind our back.
     */
    readonly immutable: boolean,
  ) {}

  /**
   * A graph built into `origin` (dist/) whose queries go to `backend`, e.g. a remote SPARQL server
   * that `push` filled: nothing is loaded here; counts come from the build's manifest.
   */
  static async withBackend(origin: Extract<DatasetOrigin, { kind: 'dist' }>, backend: QueryBackend, options: { readonly base: string }): Promise<Graph> {
    const m = origin.manifest;
    const info: DatasetInfo = {
      version: m.version, base: options.base, triples: m.triples, quads: m.quads, graphs: m.graphs,
      origin, loadedAt: new Date(), description: await readOptional(join(origin.dir, m.description)),
    };
    return new Graph(info, distDumps(origin.dir, m), backend, false);
  }

  /** Starts the workers, waits until every one holds the graph, and reads the counts from the store. */
  static async open(source: DatasetSource, options: GraphOptions): Promise<Graph> {
    const pool = new QueryPool({
      size: options.poolSize,
      queueLimit: options.queueLimit,
      init: { nquads: source.nquads, byteLength: source.byteLength, linesPerChunk: options.linesPerChunk ?? 20_000 },
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.demoteAfterMs !== undefined ? { demoteAfterMs: options.demoteAfterMs } : {}),
    });
    try {
      await pool.start();
      const origin = source.origin;
      // A build's manifest has the counts (and openDist checked the dump against it); counting distinct
      // triples in the store takes seconds at a million.
      const stats: DatasetStats = origin.kind === 'dist'
        ? { quads: origin.manifest.quads, triples: origin.manifest.triples, graphs: origin.manifest.graphs }
        : JSON.parse(Buffer.from((await pool.run({ op: 'stats' }, { timeoutMs: DUMP_TIMEOUT_MS, limitName: 'start-up' })).body).toString('utf8')) as DatasetStats;
      const description = origin.kind === 'dist' ? await readOptional(join(origin.dir, origin.manifest.description)) : undefined;
      const dumps = origin.kind === 'dist'
        ? distDumps(origin.dir, origin.manifest)
        : generatedDumps('dataset', async (format) => (await pool.run(
          { op: 'dump', format: format.id, mediaType: format.mediaTypes[0] ?? '' },
          { timeoutMs: DUMP_TIMEOUT_MS, limitName: 'dump generation' },
        )).body);
      const info: DatasetInfo = {
        version: source.version, base: options.base, triples: stats.triples, quads: stats.quads, graphs: stats.graphs,
        origin, loadedAt: new Date(), description,
      };
      return new Graph(info, dumps, poolBackend(pool, options.base), true);
    } catch (e) {
      await pool.close();
      throw e;
    }
  }

  query(input: QueryInput): Promise<QueryOutput> {
    return this.backend.query(input);
  }

  poolState(): PoolState {
    return this.backend.state();
  }

  /** Query workers free to start a query now (0 for a backend that lends none). */
  freeWorkers(): number {
    return this.backend.freeWorkers?.() ?? 0;
  }

  /** The set of named graph IRIs, for checking FROM. */
  graphNames(): ReadonlySet<string> {
    return (this.names ??= new Set(this.info.graphs.map((g) => g.iri)));
  }
  private names: Set<string> | undefined;

  async close(): Promise<void> {
    await this.backend.close();
    await this.dumps.close();
  }
}

function poolBackend(pool: QueryPool, base: string): QueryBackend {
  return {
    query: (input) => runInPool(pool, base, input),
    state: () => pool.state(),
    freeWorkers: () => pool.freeWorkers(),
    close: () => pool.close(),
  };
}

async function runInPool(pool: QueryPool, base: string, input: QueryInput): Promise<QueryOutput> {
  const reply = await pool.run({
    op: 'query',
    query: withRowLimit(input.parsed, input.maxRows),
    kind: input.parsed.kind,
    format: input.format,
    mediaType: input.mediaType,
    baseIri: base,
    ...(input.dataset ? { dataset: input.dataset } : {}),
    queryDataset: input.parsed.from.default.length + input.parsed.from.named.length > 0,
    maxRows: input.maxRows,
    maxBytes: input.maxBytes,
  }, {
    timeoutMs: input.timeoutMs, limitName: input.limitName,
    ...(input.signal ? { signal: input.signal } : {}), ...(input.owner !== undefined ? { owner: input.owner } : {}), ...(input.lent ? { lent: input.lent } : {}),
    ...(input.onReply ? { onReply: input.onReply } : {}),
  });
  return { body: reply.body, rows: reply.rows, truncated: reply.truncated };
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}
