// A small client for a remote SPARQL server over the standard protocols: SPARQL 1.1 Protocol
// queries (form-encoded POST), SPARQL 1.1 Update, and the Graph Store HTTP Protocol (PUT, POST,
// DELETE of one graph). It authenticates (Basic or Digest) when the server asks, applies a deadline
// to every request, and turns every failure into an UpstreamError that says what happened.
import { AbortedError } from '../graph/QueryPool.ts';
import { Authenticator, type Credentials } from './httpAuth.ts';
import { queryRefused, unreachable, UpstreamError, upstreamTimeout } from './UpstreamError.ts';

export interface Endpoints {
  /** SPARQL 1.1 Query endpoint. */
  readonly queryUrl: string;
  /** SPARQL 1.1 Update endpoint (for DROP / MOVE, and INSERT DATA when there is no Graph Store URL). */
  readonly updateUrl?: string;
  /** Graph Store Protocol endpoint (`?graph=` is appended; Virtuoso: /sparql-graph-crud-auth takes `graph-uri`, which it also accepts as `graph`). */
  readonly gspUrl?: string;
}

export interface RequestOptions {
  readonly timeoutMs: number;
  /** Names the limit in a 504's message. */
  readonly limitName: string;
  readonly signal?: AbortSignal;
}

const STALE_SOCKET = /ECONNRESET|UND_ERR_SOCKET|other side closed|EPIPE/;

export class SparqlClient {
  private readonly auth: Authenticator | undefined;

  constructor(readonly endpoints: Endpoints, credentials?: Credentials) {
    for (const url of [endpoints.queryUrl, endpoints.updateUrl, endpoints.gspUrl]) if (url) checkUrl(url);
    this.auth = credentials ? new Authenticator(credentials) : undefined;
  }

  /** Sends a query; resolves with the response once its status is 2xx (the body is still to be read). */
  async query(text: string, accept: string, options: RequestOptions): Promise<Response> {
    const body = new URLSearchParams({ query: text }).toString();
    const headers = { Accept: accept, 'Content-Type': 'application/x-www-form-urlencoded' };
    const res = await this.send('POST', new URL(this.endpoints.queryUrl), headers, body, options, true);
    if (!res.ok) throw queryRefused(res.status, await readCapped(res), where(this.endpoints.queryUrl));
    return res;
  }

  /** Runs a query and returns its whole body as text. */
  async queryText(text: string, accept: string, options: RequestOptions): Promise<string> {
    const res = await this.query(text, accept, options);
    return res.text();
  }

  /** Sends a SPARQL 1.1 Update request. */
  async update(text: string, options: RequestOptions): Promise<void> {
    const url = this.endpoints.updateUrl ?? this.endpoints.queryUrl;
    const headers = { 'Content-Type': 'application/x-www-form-urlencoded', Accept: '*/*' };
    const res = await this.send('POST', new URL(url), headers, new URLSearchParams({ update: text }).toString(), options, false);
    if (!res.ok) throw writeFailed(res.status, await readCapped(res), where(url), 'update');
    await res.arrayBuffer();
  }

  /** Graph Store Protocol: PUT (replace) or POST (add) N-Triples into `graph`, or DELETE it. */
  async graphStore(method: 'PUT' | 'POST' | 'DELETE', graph: string, ntriples: Uint8Array | undefined, options: RequestOptions): Promise<void> {
    if (!this.endpoints.gspUrl) throw new Error('no Graph Store Protocol URL (REMOTE_GSP_URL) is configured');
    const url = new URL(this.endpoints.gspUrl);
    url.searchParams.set('graph', graph);
    const headers: Record<string, string> = ntriples ? { 'Content-Type': 'application/n-triples' } : {};
    const res = await this.send(method, url, headers, ntriples, options, method !== 'POST');
    if (!res.ok && !(method === 'DELETE' && res.status === 404)) throw writeFailed(res.status, await readCapped(res), where(url.href), `${method} <${graph}>`);
    await res.arrayBuffer();
  }

  private async send(method: string, url: URL, headers: Record<string, string>, body: string | Uint8Array | undefined, options: RequestOptions, idempotent: boolean): Promise<Response> {
    const deadline = AbortSignal.timeout(options.timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
    const attempt = async (): Promise<Response> => {
      const auth = this.auth?.header(method, url);
      let res = await fetch(url, { method, headers: auth ? { ...headers, Authorization: auth } : headers, signal, ...(body !== undefined ? { body } : {}) });
      if (res.status === 401 && this.auth) {
        const retry = this.auth.challenged(method, url, res.headers.get('www-authenticate'));
        await res.arrayBuffer().catch(() => undefined);
        if (retry) res = await fetch(url, { method, headers: { ...headers, Authorization: retry }, signal, ...(body !== undefined ? { body } : {}) });
      }
      return res;
    };
    try {
      try {
        return await attempt();
      } catch (e) {
        // A kept-alive connection the server closed while idle (e.g. after a restart): try once more on a fresh one.
        if (!idempotent || signal.aborted || !STALE_SOCKET.test(causeText(e))) throw e;
        return await attempt();
      }
    } catch (e) {
      throw this.failure(e, url, options, deadline);
    }
  }

  private failure(e: unknown, url: URL, options: RequestOptions, deadline: AbortSignal): Error {
    if (options.signal?.aborted) return new AbortedError('the client went away');
    if (deadline.aborted) return upstreamTimeout(where(url.href), options.timeoutMs, options.limitName);
    return unreachable(where(url.href), e);
  }

  /** Maps an error thrown while reading a response body (after the status arrived). */
  bodyFailure(e: unknown, options: RequestOptions): Error {
    if (options.signal?.aborted) return new AbortedError('the client went away');
    if (e instanceof UpstreamError || e instanceof AbortedError) return e;
    const name = (e as { name?: unknown }).name;
    if (name === 'TimeoutError' || name === 'AbortError') return upstreamTimeout(where(this.endpoints.queryUrl), options.timeoutMs, options.limitName);
    return unreachable(where(this.endpoints.queryUrl), e);
  }
}

function writeFailed(status: number, body: string, at: string, what: string): UpstreamError {
  const e = queryRefused(status, body, at);
  return new UpstreamError(e.failure, e.status, `${what}: ${e.message}`, e.publicMessage, e.transient || status === 409 || status >= 500);
}

/** The server named for logs and messages: origin and path, never credentials. */
export function where(url: string): string {
  const u = new URL(url);
  return `${u.origin}${u.pathname}`;
}

function checkUrl(url: string): void {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`"${url}" is not a URL: give the server's endpoint as http://host:port/path`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`${where(url)}: only http and https endpoints are supported`);
  if (u.username || u.password) throw new Error(`${where(url)}: do not put credentials in the URL; set REMOTE_USER and REMOTE_PASSWORD`);
}

function causeText(e: unknown): string {
  let text = '';
  for (let cur: unknown = e, i = 0; cur && i < 5; i++) {
    const c = cur as { code?: unknown; message?: unknown; cause?: unknown };
    text += ` ${String(c.code ?? '')} ${String(c.message ?? '')}`;
    cur = c.cause;
  }
  return text;
}

/** The start of an error response's body (servers may send large pages). */
async function readCapped(res: Response, cap = 16 * 1024): Promise<string> {
  try {
    const text = await res.text();
    return text.slice(0, cap);
  } catch {
    return '';
  }
}
