// /health (liveness: the process answers) and /ready (the store is loaded and the pool can take
// queries; 503 while starting or shutting down), for orchestrators and people.
import type { Request, Response } from 'express';
import type { AppContext, Route } from './context.ts';

function health(_ctx: AppContext, _req: Request, res: Response): void {
  res.setHeader('Cache-Control', 'no-store');
  res.status(200).json({ status: 'ok' });
}

function ready(ctx: AppContext, _req: Request, res: Response): void {
  const pool = ctx.graph.poolState();
  const draining = ctx.options.draining?.() ?? false;
  const isReady = pool.ready && !draining;
  const { info } = ctx.graph;
  res.setHeader('Cache-Control', 'no-store');
  res.status(isReady ? 200 : 503).json({
    ready: isReady,
    draining,
    version: info.version,
    triples: info.triples,
    quads: info.quads,
    graphs: info.graphs.length,
    source: info.origin.kind,
    loadedAt: info.loadedAt.toISOString(),
    pool,
  });
}

export const healthRoutes: readonly Route[] = [
  { methods: ['GET'], path: '/health', handler: health },
  { methods: ['GET'], path: '/ready', handler: ready },
];
