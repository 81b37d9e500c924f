// Test helper: the real dataset, built from data/ and ontology/ into a temporary dist/, served by a
// real Graph (query workers) behind the linked-data router on an ephemeral loopback port, with an
// error handler like the endpoint's (status and a text message).
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import { build } from '../../src/build/build.ts';
import { HttpError } from '../../src/errors.ts';
import { Graph } from '../../src/graph/Graph.ts';
import { openDist } from '../../src/graph/openDataset.ts';
import { linkedDataRoutes, type LinkedDataRouter } from '../../src/web/routes.ts';
import type { Site } from '../../src/web/site.ts';
import { REPO } from '../helpers/dataCopy.ts';

export interface WebServer {
  readonly url: string;
  readonly distDir: string;
  readonly graph: Graph;
  readonly site: Site;
  readonly router: LinkedDataRouter;
  close(): Promise<void>;
}

/** Builds the repository's data into a fresh directory; returns it. */
export async function buildDist(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'asean-kg-web-'));
  const dir = join(root, 'dist');
  const result = await build({ dataDir: join(REPO, 'data'), ontologyDir: join(REPO, 'ontology'), outDir: dir });
  if (result.errors.length > 0) throw new Error(`the build failed:\n${result.errors.join('\n')}`);
  return { dir, remove: () => rm(root, { recursive: true, force: true }) };
}

export async function startWebServer(): Promise<WebServer> {
  const dist = await buildDist();
  const source = await openDist(dist.dir);
  const base = source.origin.kind === 'dist' ? source.origin.manifest.base : '';
  const graph = await Graph.open(source, { base, poolSize: 2, queueLimit: 64 });
  const router = linkedDataRoutes(graph, { ontologyDir: join(REPO, 'ontology') });
  const site = await router.ready;
  const app = express();
  app.disable('x-powered-by');
  app.use(router);
  app.use((req: Request) => {
    throw new HttpError(404, `nothing at ${req.path}`);
  });
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = err instanceof HttpError ? err.status : 500;
    if (status >= 500) console.error(err);
    if (err instanceof HttpError) for (const [k, v] of Object.entries(err.headers)) res.setHeader(k, v);
    res.status(status).type('text/plain; charset=utf-8').send(`${err instanceof HttpError ? err.publicMessage : 'internal server error'}\n`);
  });
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`, distDir: dist.dir, graph, site, router,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await graph.close();
      await dist.remove();
    },
  };
}

export interface Reply {
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
  /** Content-Type without parameters. */
  readonly type: string;
}

/** A request that does not follow redirects. */
export async function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  const res = await fetch(url, { headers, method, redirect: 'manual' });
  const body = await res.text();
  return { status: res.status, headers: res.headers, body, type: (res.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '' };
}

/** A request that follows redirects, as a browser or `curl -L` would. */
export async function follow(url: string, headers: Record<string, string> = {}): Promise<Reply & { url: string }> {
  const res = await fetch(url, { headers });
  const body = await res.text();
  return { status: res.status, headers: res.headers, body, url: res.url, type: (res.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '' };
}
