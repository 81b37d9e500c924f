// The served graph: the dataset loaded into a pool of query workers, what is known about it
// (version, counts, graphs, the built VoID), and its dumps. This is what createApp() serves.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { RdfFormatId, ResultsFormatId } from '../rdf/formats.ts';
import { distDumps, generatedDumps, type DumpStore } from './DumpStore.ts';
import type { DatasetOrigin, DatasetSource } from './openDataset.ts';
import { withRowLimit, type ParsedQuery } from './parseQuery.ts';
import { QueryPool, type PoolState } from './QueryPool.ts';
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
}

export interface QueryOutput {
  readonly body: Uint8Array;
  readonly rows: number | null;
  readonly truncated: 'rows' | 'bytes' | null;
}

export interface GraphOptions {
  readonly base: string;
  readonly poolSize: number;
  readonly queueLimit: number;
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
    private readonly pool: QueryPool,
  ) {}

  /** Starts the workers, waits until every one holds the graph, and reads the counts from the store. */
  static async open(source: DatasetSource, options: GraphOptions): Promise<Graph> {
    const pool = new QueryPool({
      size: options.poolSize,
      queueLimit: options.queueLimit,
      init: { nquads: source.nquads, byteLength: source.byteLength, linesPerChunk: options.linesPerChunk ?? 20_000 },
      ...(options.logger ? { logger: options.logger } : {}),
    });
    try {
      await pool.start();
      const reply = await pool.run({ op: 'stats' }, { timeoutMs: DUMP_TIMEOUT_MS, limitName: 'start-up' });
      const stats = JSON.parse(Buffer.from(reply.body).toString('utf8')) as DatasetStats;
      const origin = source.origin;
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
      return new Graph(info, dumps, pool);
    } catch (e) {
      await pool.close();
      throw e;
    }
  }

  async query(input: QueryInput): Promise<QueryOutput> {
    const reply = await this.pool.run({
      op: 'query',
      query: withRowLimit(input.parsed, input.maxRows),
      kind: input.parsed.kind,
      format: input.format,
      mediaType: input.mediaType,
      baseIri: this.info.base,
      ...(input.dataset ? { dataset: input.dataset } : {}),
      queryDataset: input.parsed.from.default.length + input.parsed.from.named.length > 0,
      maxRows: input.maxRows,
      maxBytes: input.maxBytes,
    }, { timeoutMs: input.timeoutMs, limitName: input.limitName, ...(input.signal ? { signal: input.signal } : {}) });
    return { body: reply.body, rows: reply.rows, truncated: reply.truncated };
  }

  poolState(): PoolState {
    return this.pool.state();
  }

  /** The set of named graph IRIs, for checking FROM. */
  graphNames(): ReadonlySet<string> {
    return (this.names ??= new Set(this.info.graphs.map((g) => g.iri)));
  }
  private names: Set<string> | undefined;

  async close(): Promise<void> {
    await this.pool.close();
    await this.dumps.close();
  }
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}
