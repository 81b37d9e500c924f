// The Express app, built apart from listen(): request log, CORS, URL limit, the flat route table,
// 405/404, and the one error handler that turns every failure into its status and a message
// (4xx: for the client; 5xx: a generic text, details in the log).
import express, { type NextFunction, type Request, type Response } from 'express';
import { HttpError } from '../errors.ts';
import type { Graph } from '../graph/Graph.ts';
import { ClientLimiter, type Lending } from './ClientLimiter.ts';
import { QueryBudget } from './QueryBudget.ts';
import { ResultCache } from './ResultCache.ts';
import type { AppContext, AppOptions, Route } from './context.ts';
import { dumpsRoutes } from './dumpsRoute.ts';
import { healthRoutes } from './healthRoutes.ts';
import { sparqlRoutes } from './sparqlRoute.ts';
import { voidRoutes } from './voidRoute.ts';
import { linkedDataRoutes } from '../web/routes.ts';
import { vendorRoutes } from '../web/query/vendorAssets.ts';
import { examplesRoutes } from '../examples/examplesRoute.ts';

/** Every route of the server. More (linked-data pages) are added here. */
export const ROUTES: readonly Route[] = [...sparqlRoutes, ...dumpsRoutes, ...voidRoutes, ...healthRoutes, ...examplesRoutes, ...vendorRoutes];

const EXPOSED_HEADERS = 'ETag, Last-Modified, Content-Disposition, Content-Encoding, Retry-After, X-Result-Truncated, Content-Range, Accept-Ranges';
const HOST = /^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:.]+\](:\d{1,5})?$/i;

export function createApp(graph: Graph, options: AppOptions): express.Express {
  const ctx: AppContext = {
    graph,
    options,
    clients: options.limits.clientQueryLimit
      ? new ClientLimiter(options.limits.clientQueryLimit, options.limits.clientQueueLimit ?? 4 * options.limits.clientQueryLimit, clientBudget(options), lending(graph, options))
      : undefined,
    // Only for a store whose answers cannot change while we run (not STORE=remote).
    results: options.resultCache?.bytes && graph.immutable ? new ResultCache(options.resultCache.bytes, options.resultCache.maxEntryBytes) : undefined,
    publicUrl: (req) => options.publicUrl?.replace(/\/$/, '') ?? requestOrigin(req),
  };
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  // req.ip (the client's share of the workers) and req.protocol come from the socket unless proxies are trusted.
  app.set('trust proxy', options.trustProxy ?? 0);
  // What every request goes through, in this order, as one router layer (each layer costs a match and a next()).
  const log = requestLog(options);
  app.use((req: Request, res: Response, next: NextFunction) => {
    log(req, res);
    baselineHeaders(res);
    if (cors(req, res)) return;
    const bytes = Buffer.byteLength(req.originalUrl);
    if (bytes > options.limits.maxUrlBytes) {
      next(new HttpError(414, `the URL is ${bytes} bytes, over the limit of ${options.limits.maxUrlBytes} bytes (MAX_URL_BYTES): send long queries by POST`));
      return;
    }
    next();
  });
  const allowed = new Map<string, Set<string>>();
  for (const route of ROUTES) {
    const handler = async (req: Request, res: Response) => {
      res.locals['route'] = route.path;
      await route.handler(ctx, req, res);
    };
    for (const method of route.methods) {
      if (method === 'GET') app.get(route.path, handler);
      else app.post(route.path, handler);
      const set = allowed.get(route.path) ?? new Set<string>();
      set.add(method);
      if (method === 'GET') set.add('HEAD');
      allowed.set(route.path, set);
    }
  }
  for (const [path, set] of allowed) {
    const methods = [...set, 'OPTIONS'];
    app.all(path, (req: Request, res: Response) => {
      res.locals['route'] = path;
      res.setHeader('Allow', methods.join(', '));
      throw new HttpError(405, `${req.method} is not allowed on ${path}: use ${methods.join(', ')}`);
    });
  }
  // The web interface: landing page, search, ontology docs, and every IRI of the dataset (src/web).
  app.use(linkedDataRoutes(graph, { ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}), logger: options.logger, cacheControl: options.cacheControl, queryTimeoutMs: options.limits.queryTimeoutMs }));
  app.use((req: Request) => {
    throw new HttpError(404, `nothing at ${req.path}: the routes are listed at /`);
  });
  app.use(errorHandler(options));
  return app;
}

/** A client whose lent query was taken back is lent nothing for this long. */
const LEND_COOLDOWN_MS = 60_000;

/** Idle workers lent beyond a client's share (ClientLimiter.ts), when the options say so. */
function lending(graph: Graph, options: AppOptions): Lending | undefined {
  const graceMs = options.limits.clientLendGraceMs ?? 0;
  return graceMs > 0 ? { freeWorkers: () => graph.freeWorkers(), graceMs, cooldownMs: LEND_COOLDOWN_MS } : undefined;
}

/** Query time per client address (QueryBudget.ts), when the options set one. */
function clientBudget(options: AppOptions): QueryBudget | undefined {
  const ms = options.limits.clientQueryBudgetMs ?? 0;
  return ms > 0 ? new QueryBudget(ms) : undefined;
}

/** http://host:port as the client addressed it (a malformed Host falls back to the socket address). */
function requestOrigin(req: Request): string {
  const host = req.headers.host;
  if (host && HOST.test(host)) return `${req.protocol}://${host}`;
  const addr = req.socket.localAddress ?? '127.0.0.1';
  return `${req.protocol}://${addr.includes(':') ? `[${addr}]` : addr}:${req.socket.localPort ?? 80}`;
}

/**
 * On every answer, errors included: no MIME sniffing, no framing, no referrer leaking to other
 * origins, and a Content-Security-Policy that lets a document load nothing. The web pages replace
 * that policy with theirs (src/web/respond.ts), which allows their own scripts and stylesheet.
 */
const BASELINE_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

function baselineHeaders(res: Response): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin');
  res.setHeader('Content-Security-Policy', BASELINE_CSP);
}

/** CORS headers on every answer; true when this was a preflight (OPTIONS), answered here. */
function cors(req: Request, res: Response): boolean {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
  if (req.method !== 'OPTIONS') return false;
  if (req.headers['access-control-request-method']) {
    res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, POST, OPTIONS');
    const wanted = req.headers['access-control-request-headers'];
    if (wanted && /^[\w-]+(\s*,\s*[\w-]+)*$/.test(wanted.trim())) {
      res.setHeader('Access-Control-Allow-Headers', wanted.trim());
      res.vary('Access-Control-Request-Headers');
    }
    res.setHeader('Access-Control-Max-Age', '86400');
  }
  res.setHeader('Allow', 'GET, HEAD, POST, OPTIONS');
  res.status(204).end();
  return true;
}

function requestLog(options: AppOptions) {
  return (req: Request, res: Response): void => {
    const started = performance.now();
    res.once('close', () => {
      const fields = {
        method: req.method,
        route: (res.locals['route'] as string | undefined) ?? null,
        path: req.path,
        status: res.statusCode,
        ms: Math.round((performance.now() - started) * 10) / 10,
        bytes: Number(res.getHeader('content-length') ?? 0) || undefined,
        completed: res.writableFinished,
        ...(res.locals['query'] ? { query: res.locals['query'] } : {}),
        ...(res.locals['error'] ? { error: res.locals['error'] } : {}),
      };
      if (res.statusCode >= 500) options.logger.error(fields, 'request');
      else options.logger.info(fields, 'request');
    });
  };
}

const REPRESENTATION_HEADERS = ['Content-Encoding', 'Content-Length', 'Content-Disposition', 'ETag', 'Last-Modified', 'Cache-Control', 'X-Result-Truncated'];

function toHttpError(err: unknown): HttpError {
  if (err instanceof HttpError) return err;
  const status = (err as { status?: unknown; statusCode?: unknown }).status ?? (err as { statusCode?: unknown }).statusCode;
  const message = err instanceof Error ? err.message : String(err);
  if (typeof status === 'number' && status >= 400 && status < 500) return new HttpError(status, message);
  return new HttpError(500, message, { cause: err });
}

function errorHandler(options: AppOptions) {
  return (err: unknown, _req: Request, res: Response, _next: NextFunction): void => {
    const e = toHttpError(err);
    res.locals['error'] = e.message;
    if (e.status >= 500 && !e.expose) options.logger.error({ err }, 'request failed');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    for (const h of REPRESENTATION_HEADERS) res.removeHeader(h);
    for (const [k, v] of Object.entries(e.headers)) res.setHeader(k, v);
    res.setHeader('Cache-Control', 'no-store');
    res.status(e.status).type('text/plain; charset=utf-8').send(`${e.publicMessage}\n`);
  };
}
