// Test helpers: a real server on an ephemeral loopback port over a fixture dataset, with its logs
// captured; and small request helpers that return status, headers and body as text.
import { Graph } from '../../src/graph/Graph.ts';
import { openDist, openFiles } from '../../src/graph/openDataset.ts';
import type { AppLimits } from '../../src/http/context.ts';
import { createApp } from '../../src/http/createApp.ts';
import type { ServerLimits } from '../../src/http/createServer.ts';
import { listenOnLoopback } from '../helpers/loopback.ts';
import { capturingLogger } from '../helpers/loopback.ts';

export const FIXTURES = new URL('../fixtures/http/', import.meta.url);
export const fixture = (name: string) => new URL(name, FIXTURES).pathname;

export const DEFAULT_LIMITS: AppLimits = {
  queryTimeoutMs: 10_000, maxQueryBytes: 100 * 1024, maxBodyBytes: 1024 * 1024, maxUrlBytes: 8 * 1024,
  maxResultRows: 100_000, maxResultBytes: 50 * 1024 * 1024,
};

export interface TestServer {
  readonly url: string;
  readonly graph: Graph;
  /** Log lines (parsed JSON) written so far. */
  readonly logs: Array<Record<string, unknown>>;
  close(): Promise<void>;
}

export interface StartOptions {
  readonly files?: readonly string[];
  readonly dist?: string;
  readonly base?: string;
  readonly limits?: Partial<AppLimits>;
  readonly poolSize?: number;
  readonly queueLimit?: number;
  readonly cacheControl?: string;
  readonly server?: Partial<ServerLimits>;
  /** The result cache; none when absent. */
  readonly resultCache?: { readonly bytes: number; readonly maxEntryBytes: number };
}

export async function startServer(options: StartOptions): Promise<TestServer> {
  const source = options.dist ? await openDist(options.dist) : await openFiles(options.files ?? []);
  const { logger, logs } = capturingLogger();
  const base = options.base ?? (source.origin.kind === 'dist' ? source.origin.manifest.base : 'http://example.org/base/');
  const graph = await Graph.open(source, { base, poolSize: options.poolSize ?? 2, queueLimit: options.queueLimit ?? 16, logger });
  // The pool answers once its workers are in and loads the spare after; tests start from a settled pool.
  for (let i = 0; i < 600 && graph.poolState().loading > 0; i++) await new Promise((r) => setTimeout(r, 50));
  const app = createApp(graph, {
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    cacheControl: options.cacheControl ?? 'public, max-age=300',
    logger,
    ...(options.resultCache ? { resultCache: options.resultCache } : {}),
  });
  const served = await listenOnLoopback(app, graph, options.server);
  return { url: served.url, graph, logs, close: served.close };
}

export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
  /** Content-Type without parameters. */
  readonly type: string;
}

export async function request(url: string, init: RequestInit = {}): Promise<Reply> {
  const res = await fetch(url, init);
  const body = await res.text();
  return { status: res.status, headers: res.headers, body, type: (res.headers.get('content-type') ?? '').split(';')[0] ?? '' };
}

export const q = (query: string, extra = '') => `?query=${encodeURIComponent(query)}${extra}`;

export const FOAF = 'http://xmlns.com/foaf/0.1/';
export const EX = 'http://example.org/';
