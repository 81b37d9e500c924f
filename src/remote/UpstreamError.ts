// What can go wrong talking to the remote SPARQL server, as HTTP errors for our own clients:
// the server refused the query (its 4xx: the client's 400, with the server's message), it failed
// or cannot be reached (502), it did not answer in time (504), it is overloaded (503). 5xx bodies
// say what happened in general terms; the log gets the details (never the credentials).
import { HttpError } from '../errors.ts';

export type UpstreamFailure = 'refused' | 'unreachable' | 'failed' | 'timeout' | 'busy' | 'auth';

export class UpstreamError extends HttpError {
  constructor(
    readonly failure: UpstreamFailure,
    status: number,
    message: string,
    publicMessage: string,
    /** Worth retrying later (connection trouble, 5xx, timeouts); false for refusals. */
    readonly transient: boolean,
    headers: Record<string, string> = {},
  ) {
    super(status, message, { publicMessage, headers });
    this.name = 'UpstreamError';
  }
}

const SERVER = 'the SPARQL server behind this endpoint';

/** The server's own error text, without the query it echoes (Virtuoso appends "SPARQL query: …"). */
export function serverMessage(body: string): string {
  const text = body.replace(/\r/g, '').split(/\n\s*\nSPARQL query:/)[0] ?? '';
  const trimmed = text.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();
  return trimmed.length > 1000 ? `${trimmed.slice(0, 1000)}…` : trimmed;
}

/** A non-2xx answer to a query. */
export function queryRefused(status: number, body: string, where: string): UpstreamError {
  const said = serverMessage(body);
  if (status === 401 || status === 403) {
    return new UpstreamError('auth', 502, `${where} answered ${status} to a query: check REMOTE_USER / REMOTE_PASSWORD and the server's permissions (${said})`, `${SERVER} refused our credentials; the operator has been told (see the server log)`, false);
  }
  if (status === 404 || status === 405) {
    return new UpstreamError('failed', 502, `${where} answered ${status}: is REMOTE_QUERY_URL the server's SPARQL endpoint? (${said})`, `${SERVER} is misconfigured; the operator has been told (see the server log)`, false);
  }
  if (status >= 400 && status < 500) {
    return new UpstreamError('refused', 400, `the SPARQL server refused the query (HTTP ${status}): ${said}`, `the SPARQL server refused the query (HTTP ${status}): ${said}`, false);
  }
  if (/estimated execution time .* exceeds the limit/i.test(said)) {
    return new UpstreamError('busy', 503, `${where} refused a query it estimates would run past its time limit: ${said}`, `the SPARQL server refused to run the query: it estimates the query would run longer than its time limit. Make the query more selective, or ask for fewer results.`, false);
  }
  if (/\bS1T00\b|timed? ?out|timeout/i.test(said) || status === 504) {
    return new UpstreamError('timeout', 504, `${where} stopped the query at its own time limit (HTTP ${status}): ${said}`, `${SERVER} stopped the query at its own time limit: make the query more selective`, true);
  }
  if (status === 503) {
    return new UpstreamError('busy', 503, `${where} is overloaded (HTTP 503): ${said}`, `${SERVER} is busy; retry shortly`, true, { 'Retry-After': '5' });
  }
  return new UpstreamError('failed', 502, `${where} failed (HTTP ${status}): ${said}`, `${SERVER} failed to answer (HTTP ${status}); try again later`, true);
}

/** No answer at all: refused connection, reset, DNS, or a broken transfer. */
export function unreachable(where: string, cause: unknown): UpstreamError {
  const code = causeCode(cause);
  return new UpstreamError('unreachable', 502, `${where} cannot be reached (${code})`, `${SERVER} cannot be reached; try again later`, true);
}

export function upstreamTimeout(where: string, timeoutMs: number, limitName: string): UpstreamError {
  return new UpstreamError('timeout', 504, `${where} did not answer within ${timeoutMs} ms (${limitName})`, `${SERVER} did not answer within the time limit of ${timeoutMs} ms (${limitName}). Make the query more selective, or ask for fewer results.`, true);
}

/** The most specific code in a fetch error's cause chain (e.g. ECONNREFUSED), else its deepest message. */
export function causeCode(e: unknown): string {
  let cur: unknown = e;
  let code = '';
  let message = '';
  for (let i = 0; i < 5 && cur; i++) {
    const c = cur as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
    if (typeof c.code === 'string') code = c.code;
    if (typeof c.message === 'string' && c.message !== '') message = c.message;
    cur = c.cause ?? (Array.isArray(c.errors) ? c.errors[0] : undefined);
  }
  return code || message || String(e);
}
