// /sparql: the SPARQL 1.1 Protocol query operation. Read the request, parse and classify the query,
// refuse what this endpoint does not do, negotiate the format, answer a revalidation with 304
// before running anything, run the query in the pool, and say so when the result was cut.
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { HttpError, notAcceptable } from '../errors.ts';
import { AbortedError, PreemptedError, QueryTimeoutError } from '../graph/QueryPool.ts';
import type { Grant } from './ClientLimiter.ts';
import { checkFromGraphs, parseQuery, type ParsedQuery, type QueryKind } from '../graph/parseQuery.ts';
import { RDF_FORMATS, RESULTS_FORMATS, type RdfFormat, type RdfFormatId, type ResultsFormatId } from '../rdf/formats.ts';
import { isNotModified } from './conditional.ts';
import type { AppContext, QueryLog, Route } from './context.ts';
import { byFormatParameter, describeOffers, negotiateRemembered, type Choice, type Offer } from './negotiate.ts';
import { queryPageResponse } from '../web/query/queryPageResponse.ts';
import { readSparqlRequest, type SparqlRequest } from './readSparqlRequest.ts';
import { ResultCache } from './ResultCache.ts';
import { sendStreamed } from './sendStreamed.ts';
import { SD_PREFIXES, serviceDescription } from './serviceDescription.ts';
import { writeRdf } from './writeRdf.ts';
import { publishedContext, toJsonld } from '../web/toJsonld.ts';

type FormatOffer = Offer & { readonly id: ResultsFormatId | RdfFormatId };

const OFFERS: Readonly<Record<QueryKind, readonly FormatOffer[]>> = {
  SELECT: RESULTS_FORMATS,
  // SPARQL CSV/TSV define no form for a boolean.
  ASK: RESULTS_FORMATS.filter((f) => f.id === 'json' || f.id === 'xml'),
  CONSTRUCT: RDF_FORMATS,
  DESCRIBE: RDF_FORMATS,
};

const HTML: Offer & { readonly id: 'html' } = { id: 'html', mediaTypes: ['text/html', 'application/xhtml+xml'], names: ['html'] };
/** Everything /sparql answers in, the query page included (constants: negotiation remembers per list). */
const PAGE_OFFERS: readonly Offer[] = [...RESULTS_FORMATS, ...RDF_FORMATS, HTML];
const DESCRIPTION_OFFERS: ReadonlyArray<RdfFormat | typeof HTML> = [...RDF_FORMATS, HTML];

/** The response header that says a result was cut, and by which limit. */
export const TRUNCATED_HEADER = 'X-Result-Truncated';

/**
 * The format to answer in: a `format` parameter if given, else Accept. 406 when nothing offered fits.
 * `offers` must be a constant list (the choice per Accept header is remembered for it).
 */
export function chooseFormat<T extends Offer>(req: Request, format: string | undefined, offers: readonly T[], what: string): Choice<T> {
  if (format !== undefined) {
    const offer = byFormatParameter(format, offers);
    if (!offer) throw notAcceptable(`format "${format}" is not offered for ${what}. Offered: ${describeOffers(offers)}`);
    return { offer, mediaType: offer.mediaTypes[0] ?? '' };
  }
  const accept = req.headers.accept;
  const chosen = negotiateRemembered(accept, offers);
  if (!chosen) throw notAcceptable(`none of the types in Accept "${accept ?? ''}" is offered for ${what}. Offered: ${describeOffers(offers)}`);
  return chosen;
}

/** Strong: the same version, query, dataset, format and limits give the same bytes (workers load the same data identically). */
function strongEtag(version: string, r: SparqlRequest, format: string, maxRows: number, maxBytes: number): string {
  const h = createHash('sha256');
  for (const part of [version, r.query, JSON.stringify(r.dataset ?? null), format, String(maxRows), String(maxBytes), r.frame ?? '']) h.update(part).update('\u0000');
  return `"${h.digest('base64url').slice(0, 32)}"`;
}

/** The query's hash in the log: the same text always gives the same 12 hex digits. */
function queryHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}

/**
 * The log hash and the ETags of a parsed query, worked out once: parsed queries are kept by the
 * parse cache (parseQuery.ts), so a repeated query hashes nothing. ETags are remembered only for the
 * plain case (no dataset parameters, no frame), which bounds what one query can hold.
 */
const hashes = new WeakMap<ParsedQuery, Map<string, string>>();

function remembered(parsed: ParsedQuery, key: string, make: () => string): string {
  let known = hashes.get(parsed);
  if (!known) hashes.set(parsed, (known = new Map()));
  let value = known.get(key);
  if (value === undefined) known.set(key, (value = make()));
  return value;
}

function outcomeOf(e: unknown): NonNullable<QueryLog['outcome']> {
  if (e instanceof AbortedError) return 'aborted';
  if (e instanceof QueryTimeoutError || (e instanceof HttpError && e.status === 504)) return 'timeout';
  if (e instanceof HttpError && (e.status === 403 || e.status === 429 || e.status === 503)) return 'refused';
  return 'error';
}

async function sparql(ctx: AppContext, req: Request, res: Response): Promise<void> {
  res.vary('Accept');
  const log: QueryLog = {};
  res.locals['query'] = log;
  try {
    const r = await readSparqlRequest(req, req.originalUrl, ctx.options.limits);
    if ('describe' in r) {
      delete res.locals['query'];
      describe(ctx, req, res, r.format);
      return;
    }
    if (wantsPage(req, r)) {
      delete res.locals['query'];
      queryPageResponse(ctx, req, res, r.query);
      return;
    }
    await answer(ctx, req, res, r, log);
  } catch (e) {
    log.outcome = outcomeOf(e);
    if (e instanceof AbortedError) return;
    throw e;
  }
}

async function answer(ctx: AppContext, req: Request, res: Response, r: SparqlRequest, log: QueryLog): Promise<void> {
  const { graph } = ctx;
  const limits = ctx.options.limits;
  let parsed: ParsedQuery;
  try {
    parsed = parseQuery(r.query, graph.info.base);
  } catch (e) {
    log.hash = queryHash(r.query);
    throw e;
  }
  log.hash = remembered(parsed, 'log', () => queryHash(r.query));
  log.type = parsed.kind;
  if (!r.dataset) checkFromGraphs(parsed, graph.graphNames());
  const { offer, mediaType } = chooseFormat(req, r.format, OFFERS[parsed.kind], `${parsed.kind} results`);
  log.format = offer.id;
  const clientLimit = r.timeoutMs !== undefined && r.timeoutMs < limits.queryTimeoutMs;
  const timeoutMs = clientLimit ? r.timeoutMs ?? limits.queryTimeoutMs : limits.queryTimeoutMs;
  if (req.method === 'GET' || req.method === 'HEAD') {
    if (parsed.deterministic) {
      const make = () => strongEtag(graph.info.version, r, offer.id, limits.maxResultRows, limits.maxResultBytes);
      const etag = r.dataset === undefined && r.frame === undefined
        ? remembered(parsed, `etag\u0000${graph.info.version}\u0000${offer.id}\u0000${limits.maxResultRows}\u0000${limits.maxResultBytes}`, make)
        : make();
      res.setHeader('ETag', etag);
      res.setHeader('Cache-Control', ctx.options.cacheControl);
      if (isNotModified(req.headers, etag)) {
        log.outcome = 'not-modified';
        res.statusCode = 304;
        res.end();
        return;
      }
    } else {
      res.setHeader('Cache-Control', 'no-store');
    }
  }
  // A deterministic query's finished answer is the same for every identical request (ResultCache.ts).
  const cacheKey = ctx.results && parsed.deterministic
    ? ResultCache.key({ version: graph.info.version, query: r.query, dataset: r.dataset, format: offer.id, frame: offer.id === 'jsonld' ? r.frame : undefined })
    : undefined;
  const cached = cacheKey === undefined ? undefined : ctx.results?.get(cacheKey);
  if (cached) {
    // It took no worker, so it does not count against this client's share of them (CLIENT_QUERY_LIMIT).
    log.rows = cached.rows;
    log.truncated = null;
    log.outcome = 'cache-hit';
    res.statusCode = 200;
    res.setHeader('Content-Type', `${mediaType}; charset=utf-8`);
    res.end(cached.body);
    return;
  }
  const abort = new AbortController();
  // Only a client that leaves before the answer aborts (abort() builds a DOMException, not free per request).
  res.once('close', () => {
    if (!res.writableFinished) abort.abort();
  });
  const limitName = clientLimit ? 'the timeout parameter' : 'QUERY_TIMEOUT_MS';
  // This client's share of the workers (ClientLimiter.ts). Its wait there is bounded by the time limit
  // too, but not taken from the run's: a client held up by its own queries still gets its full limit.
  const client = req.ip ?? req.socket.remoteAddress ?? '';
  const prepared = { parsed, offer, mediaType, r, limitName, signal: abort.signal, timeoutMs, cacheKey, client };
  // A query stopped on a lent worker (ClientLimiter.ts) runs once more, within the client's own share.
  for (let attempt = 1; ; attempt++) {
    const grant = await ctx.clients?.acquire(client, timeoutMs, limitName, abort.signal);
    try {
      await run(ctx, res, log, { ...prepared, grant });
      return;
    } catch (e) {
      if (!(e instanceof PreemptedError) || attempt > 1) throw e;
      grant?.preempted();
    } finally {
      grant?.();
    }
  }
}

interface Prepared {
  readonly parsed: ParsedQuery;
  readonly offer: FormatOffer;
  readonly mediaType: string;
  readonly r: SparqlRequest;
  readonly limitName: string;
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  /** Where to keep the answer if it completes uncut; undefined: not cached. */
  readonly cacheKey: string | undefined;
  /** The client's address, and its place in the share of workers (absent: no per-client limit). */
  readonly client: string;
  readonly grant: Grant | undefined;
}

/** Runs the prepared query and sends its answer. */
async function run(ctx: AppContext, res: Response, log: QueryLog, p: Prepared): Promise<void> {
  const { graph } = ctx;
  const limits = ctx.options.limits;
  const { parsed, offer, mediaType, r } = p;
  // JSON-LD graphs are compacted with the dataset's published context (and framed, if asked) from N-Triples.
  const jsonld = offer.id === 'jsonld';
  const running = graph.query({
    parsed, format: jsonld ? 'ntriples' : offer.id, mediaType: jsonld ? 'application/n-triples' : offer.mediaTypes[0] ?? '', dataset: r.dataset,
    timeoutMs: p.timeoutMs, limitName: p.limitName,
    maxRows: limits.maxResultRows, maxBytes: limits.maxResultBytes, signal: p.signal, stream: !jsonld,
    owner: p.client, ...(p.grant && ctx.clients?.lendGraceMs !== undefined ? { lent: { isLent: p.grant.lent, graceMs: ctx.clients.lendGraceMs } } : {}),
    // The client's place is given back the moment the worker answers, so that its next query is
    // posted to the worker before this answer is sent (the worker does not wait on the main thread).
    ...(p.grant ? { onReply: p.grant } : {}),
  });
  // The query is in the pool now (graph.query reaches it synchronously): it counts there, not as granted.
  p.grant?.claimed();
  const out = await running;
  const body = jsonld
    ? await toJsonld(Buffer.from(out.body).toString('utf8'), { context: await publishedContext(graph), ...(r.frame !== undefined ? { frame: r.frame } : {}) })
    : out.body;
  log.rows = out.rows;
  log.truncated = out.truncated;
  log.outcome = 'ok';
  if (out.truncated) {
    const limit = out.truncated === 'rows' ? limits.maxResultRows : limits.maxResultBytes;
    res.setHeader(TRUNCATED_HEADER, `${out.truncated}; limit=${limit}; returned=${out.rows ?? 0}`);
  }
  res.statusCode = 200;
  res.setHeader('Content-Type', `${mediaType}; charset=utf-8`);
  if (out.more) {
    await sendStreamed(res, out, log, TRUNCATED_HEADER, (why) => (why === 'rows' ? limits.maxResultRows : limits.maxResultBytes));
    return;
  }
  if (p.cacheKey !== undefined && !out.truncated) ctx.results?.set(p.cacheKey, { body, rows: out.rows });
  res.end(body);
}

/**
 * A browser following a link to /sparql?query=… prefers text/html to every results format: it gets
 * the query page with the query in the editor, not run. Any other client (Accept of any type, a
 * results type, or a `format` parameter) gets the results. Only for GET/HEAD: a POST is always the protocol.
 */
function wantsPage(req: Request, r: SparqlRequest): boolean {
  if ((req.method !== 'GET' && req.method !== 'HEAD') || r.format !== undefined) return false;
  return negotiateRemembered(req.headers.accept, PAGE_OFFERS)?.offer === HTML;
}

/** GET /sparql without a query: the service description, or the query page for a browser. */
function describe(ctx: AppContext, req: Request, res: Response, format: string | undefined): void {
  const { offer: chosen, mediaType } = chooseFormat(req, format, DESCRIPTION_OFFERS, 'the service description');
  const publicUrl = ctx.publicUrl(req);
  if (chosen.id === 'html') {
    queryPageResponse(ctx, req, res, undefined);
    return;
  }
  const text = writeRdf(serviceDescription(ctx.graph.info, publicUrl, ctx.options.limits), chosen as RdfFormat, SD_PREFIXES);
  res.status(200).setHeader('Content-Type', `${mediaType}; charset=utf-8`);
  res.end(text);
}

export const sparqlRoutes: readonly Route[] = [
  { methods: ['GET', 'POST'], path: '/sparql', handler: sparql },
];
