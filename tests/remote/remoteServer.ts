// Test helper: our server with STORE=remote over a build in `dist`, on an ephemeral loopback port,
// with its logs captured; the same wiring as `serve` (src/remote/remoteSetup.ts).
import { Graph } from '../../src/graph/Graph.ts';
import { createApp } from '../../src/http/createApp.ts';
import { listenOnLoopback } from '../helpers/loopback.ts';
import { RemoteBackend } from '../../src/remote/RemoteBackend.ts';
import { readDistOrigin } from '../../src/remote/remoteSetup.ts';
import { SparqlClient } from '../../src/remote/SparqlClient.ts';
import type { DatasetMode } from '../../src/remote/upstreamQuery.ts';
import { DEFAULT_LIMITS, type TestServer } from '../http/helpers.ts';
import type { AppLimits } from '../../src/http/context.ts';
import { capturingLogger } from '../helpers/loopback.ts';

export interface RemoteServerOptions {
  readonly dist: string;
  readonly queryUrl: string;
  readonly datasetMode?: DatasetMode;
  readonly limits?: Partial<AppLimits>;
  readonly concurrency?: number;
  readonly resultCache?: { readonly bytes: number; readonly maxEntryBytes: number };
}

export async function startRemoteServer(options: RemoteServerOptions): Promise<TestServer> {
  const { logger, logs } = capturingLogger();
  const origin = await readDistOrigin(options.dist);
  const base = origin.manifest.base;
  const backend = new RemoteBackend({
    client: new SparqlClient({ queryUrl: options.queryUrl }), base, graphs: origin.manifest.graphs.map((g) => g.iri),
    datasetMode: options.datasetMode ?? 'explicit', concurrency: options.concurrency ?? 4, queueLimit: 16, logger,
  });
  await backend.start();
  const graph = await Graph.withBackend(origin, backend, { base });
  const app = createApp(graph, {
    limits: { ...DEFAULT_LIMITS, ...options.limits }, cacheControl: 'public, max-age=300', logger,
    ...(options.resultCache ? { resultCache: options.resultCache } : {}),
  });
  const served = await listenOnLoopback(app, graph);
  return { url: served.url, graph, logs, close: served.close };
}
