// What every route handler is given: the graph, the options, and how to name this server's URLs.
// Routes are plain entries in a flat table (createApp.ts), so that more can be added (the
// linked-data pages) without touching the existing ones.
import type { Request, Response } from 'express';
import type { Logger } from 'pino';
import type { Graph } from '../graph/Graph.ts';
import type { ClientLimiter } from './ClientLimiter.ts';
import type { ResultCache } from './ResultCache.ts';

export interface AppLimits {
  readonly queryTimeoutMs: number;
  readonly maxQueryBytes: number;
  readonly maxBodyBytes: number;
  readonly maxUrlBytes: number;
  readonly maxResultRows: number;
  readonly maxResultBytes: number;
  /** Queries one client address may have running at once (src/http/ClientLimiter.ts); absent or 0: no limit. */
  readonly clientQueryLimit?: number;
  /** How many more of one client's queries may wait their turn; beyond, 429. Default 4 × clientQueryLimit. */
  readonly clientQueueLimit?: number;
  /**
   * Lend idle workers to a client past its share (ClientLimiter.ts): how long a lent query may keep
   * its worker once another client's query waits, in ms. Absent or 0: nothing is lent.
   */
  readonly clientLendGraceMs?: number;
  /** Query time one client address may use per minute, in ms (src/http/QueryBudget.ts); absent or 0: no budget. Needs clientQueryLimit. */
  readonly clientQueryBudgetMs?: number;
}

export interface AppOptions {
  /** The URL clients reach the server at; when absent it is taken from each request's Host. */
  readonly publicUrl?: string;
  readonly limits: AppLimits;
  /** Cache-Control of GET query results. */
  readonly cacheControl: string;
  readonly logger: Logger;
  /** True once shutdown has begun: /ready answers 503. */
  readonly draining?: () => boolean;
  /**
   * Finished answers kept in memory (src/http/ResultCache.ts): at most `bytes` in all, each at most
   * `maxEntryBytes`. Absent or bytes 0: none. Ignored for a graph that is not immutable (STORE=remote).
   */
  readonly resultCache?: { readonly bytes: number; readonly maxEntryBytes: number };
  /** Proxies in front of this server whose X-Forwarded-For (and -Proto, -Host) to believe; 0 or absent: none. */
  readonly trustProxy?: number;
}

export interface AppContext {
  readonly graph: Graph;
  readonly options: AppOptions;
  /** Each client's share of the query workers, when limited. */
  readonly clients: ClientLimiter | undefined;
  /** Finished query answers, when kept. */
  readonly results: ResultCache | undefined;
  /** This server's origin as clients see it, without a trailing slash. */
  publicUrl(req: Request): string;
}

export interface Route {
  readonly methods: readonly ('GET' | 'POST')[];
  /** An Express path; also the route's name in the logs. */
  readonly path: string;
  readonly handler: (ctx: AppContext, req: Request, res: Response) => Promise<void> | void;
}

/** Fields a route adds to its request's log line. */
export interface QueryLog {
  hash?: string;
  type?: string;
  format?: string;
  rows?: number | null;
  truncated?: string | null;
  /** cache-hit: answered from the result cache, no worker used. */
  outcome?: 'ok' | 'cache-hit' | 'error' | 'timeout' | 'refused' | 'not-modified' | 'aborted';
}
