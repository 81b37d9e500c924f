// The SPARQL 1.1 Protocol's query operation, read from an HTTP request: GET with `query=`, POST
// form-encoded, POST application/sparql-query; default-graph-uri / named-graph-uri; plus this
// server's `format`, `timeout` and `frame` parameters. Every mistake becomes a 4xx that says what to send.
import type { IncomingMessage } from 'node:http';
import { badRequest, forbidden, HttpError, payloadTooLarge, unsupportedMediaType } from '../errors.ts';
import { checkQueryDepth } from '../graph/queryDepth.ts';

export interface SparqlRequest {
  readonly query: string;
  /** Undefined when neither default-graph-uri nor named-graph-uri was given. */
  readonly dataset: { readonly defaultGraphs: readonly string[]; readonly namedGraphs: readonly string[] } | undefined;
  readonly format: string | undefined;
  /** Client-requested time limit, ms. */
  readonly timeoutMs: number | undefined;
  /** A JSON-LD frame (JSON text) that shapes CONSTRUCT/DESCRIBE answers in JSON-LD. */
  readonly frame: string | undefined;
}

/** GET /sparql with no query: the client wants the service description (or the query page). */
export interface DescriptionRequest {
  readonly describe: true;
  readonly format: string | undefined;
}

export interface RequestLimits {
  readonly maxQueryBytes: number;
  readonly maxBodyBytes: number;
}

export type Params = Map<string, string[]>;

/**
 * Query strings seen lately, decoded: decoding a percent-encoded query of a kilobyte or two is the
 * dearest step of reading a repeated GET (about 10 µs). Bounded in count and in length; the Params
 * handed out from here are only read (a form POST copies them before adding its own).
 */
const decodedUrls = new Map<string, ReadonlyMap<string, readonly string[]>>();
const DECODED_URLS = 256;
const DECODED_URL_MAX_CHARS = 16 * 1024;

function urlParamsOf(search: string): ReadonlyMap<string, readonly string[]> {
  const known = decodedUrls.get(search);
  if (known) return known;
  const params = parseParams(search, 'URL');
  if (search.length <= DECODED_URL_MAX_CHARS) {
    decodedUrls.set(search, params);
    if (decodedUrls.size > DECODED_URLS) decodedUrls.delete(decodedUrls.keys().next().value ?? '');
  }
  return params;
}

/** Parses `a=1&b=2` strictly: malformed percent-encoding is a 400, not silently kept. */
export function parseParams(text: string, where: string): Params {
  const params: Params = new Map();
  if (text === '') return params;
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const [rawKey, rawValue] = eq === -1 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
    let key: string;
    let value: string;
    try {
      key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
      value = decodeURIComponent(rawValue.replace(/\+/g, ' '));
    } catch {
      throw badRequest(`malformed percent-encoding in the ${where}, near "${pair.slice(0, 40)}": encode the query with encodeURIComponent`);
    }
    params.set(key, [...(params.get(key) ?? []), value]);
  }
  return params;
}

function single(params: ReadonlyMap<string, readonly string[]>, name: string): string | undefined {
  const values = params.get(name) ?? [];
  if (values.length > 1) throw badRequest(`the request has ${values.length} "${name}" parameters: send exactly one`);
  return values[0];
}

function contentType(req: IncomingMessage): { type: string; charset: string | undefined } | undefined {
  const header = req.headers['content-type'];
  if (!header) return undefined;
  const [type = '', ...params] = header.split(';').map((s) => s.trim());
  const charset = params.map((p) => p.split('=')).find(([k]) => k?.trim().toLowerCase() === 'charset')?.[1]?.trim().replace(/^"|"$/g, '');
  return { type: type.toLowerCase(), charset };
}

/** Reads the body up to `limit` bytes; 413 beyond it (checked against Content-Length first). */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  const tooLarge = () => payloadTooLarge(`the request body is larger than ${limit} bytes, the limit (MAX_BODY_BYTES)`);
  if (declared > limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > limit) throw tooLarge();
      chunks.push(chunk as Buffer);
    }
  } catch (e) {
    if (e instanceof HttpError) throw e;
    // The client went away or was cut off (REQUEST_TIMEOUT_MS) mid-body: its failure, not the server's.
    throw new HttpError(400, `the request body stopped after ${size} bytes, before it was complete`, { cause: e });
  }
  return Buffer.concat(chunks);
}

function utf8(bytes: Buffer, what: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw badRequest(`the ${what} is not valid UTF-8: send it as UTF-8`);
  }
}

function checkCharset(charset: string | undefined): void {
  if (charset !== undefined && !/^utf-?8$/i.test(charset)) {
    throw unsupportedMediaType(`charset "${charset}" is not supported: send the request body as UTF-8`);
  }
}

const READ_ONLY = 'this endpoint is read-only: SPARQL updates are refused. Send a query (SELECT, ASK, CONSTRUCT or DESCRIBE).';

/** Reads a query request; `url` is the request's path and query string. */
export async function readSparqlRequest(req: IncomingMessage, url: string, limits: RequestLimits): Promise<SparqlRequest | DescriptionRequest> {
  const search = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
  const urlParams = urlParamsOf(search);
  if (urlParams.has('update')) throw forbidden(READ_ONLY);
  let params: ReadonlyMap<string, readonly string[]> = urlParams;
  let query: string | undefined;
  if (req.method === 'POST') {
    const ct = contentType(req);
    if (!ct) throw unsupportedMediaType('a POST needs a Content-Type: application/sparql-query (the query as the body) or application/x-www-form-urlencoded (query=…)');
    if (ct.type === 'application/sparql-update') throw forbidden(READ_ONLY);
    if (ct.type === 'application/x-www-form-urlencoded') {
      checkCharset(ct.charset);
      const form = parseParams(utf8(await readBody(req, limits.maxBodyBytes), 'form body'), 'form body');
      if (form.has('update')) throw forbidden(READ_ONLY);
      const merged = new Map(urlParams);
      for (const [k, v] of form) merged.set(k, [...(merged.get(k) ?? []), ...v]);
      params = merged;
    } else if (ct.type === 'application/sparql-query') {
      checkCharset(ct.charset);
      if (urlParams.has('query')) throw badRequest('the query is both in the body and in the URL: send it in one place');
      query = utf8(await readBody(req, limits.maxBodyBytes), 'query');
    } else {
      throw unsupportedMediaType(`unsupported Content-Type "${ct.type}": send application/sparql-query (the query as the body) or application/x-www-form-urlencoded (query=…)`);
    }
  }
  query ??= single(params, 'query');
  const format = single(params, 'format');
  if (query === undefined) {
    const others = [...params.keys()].filter((k) => k !== 'format');
    if (req.method !== 'POST' && others.length === 0) return { describe: true, format };
    throw badRequest('the request has no "query" parameter: send query=… (GET or form POST) or the query as an application/sparql-query body');
  }
  const bytes = Buffer.byteLength(query);
  if (bytes > limits.maxQueryBytes) throw new HttpError(413, `the query is ${bytes} bytes, over the limit of ${limits.maxQueryBytes} bytes (MAX_QUERY_BYTES)`);
  if (query.trim() === '') throw badRequest('the query is empty');
  // Before parsing: the parser's time grows much faster than linearly with nesting.
  checkQueryDepth(query);
  const defaultGraphs = params.get('default-graph-uri') ?? [];
  const namedGraphs = params.get('named-graph-uri') ?? [];
  for (const g of [...defaultGraphs, ...namedGraphs]) {
    if (!/^[a-z][a-z0-9+.-]*:[^\s<>"{}|\\^`]*$/i.test(g)) throw badRequest(`"${g}" is not an absolute IRI: default-graph-uri and named-graph-uri take graph IRIs`);
  }
  const dataset = params.has('default-graph-uri') || params.has('named-graph-uri') ? { defaultGraphs, namedGraphs } : undefined;
  return { query, dataset, format, timeoutMs: parseTimeout(single(params, 'timeout')), frame: single(params, 'frame') };
}

function parseTimeout(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d{1,9}$/.test(raw) || Number(raw) === 0) throw badRequest(`timeout must be a whole number of milliseconds above 0, got "${raw}"`);
  return Number(raw);
}
