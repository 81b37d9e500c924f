// Error types shared by every layer: an error that carries its HTTP status (and the headers that go
// with it), and the one function that turns a source location and a message into `file:line:col: …`.

/** A place in a source file. `line` and `col` are 1-based; line 0 means "the whole file". */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

/** `file:line:col: message`, or `file: message` when the problem concerns the whole file. */
export function formatLocation(loc: SourceLocation, message: string): string {
  const where = loc.line > 0 ? `${loc.file}:${loc.line}:${loc.col}` : loc.file;
  return `${where}: ${message}`;
}

/**
 * An error that knows its HTTP status. For 4xx the message is written for the client (what is
 * wrong and what to do) and goes in the response body. For 5xx the message is for the log only:
 * the client gets the generic `publicMessage`.
 */
export class HttpError extends Error {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly publicMessage: string;

  constructor(status: number, message: string, options: { headers?: Record<string, string>; publicMessage?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HttpError';
    this.status = status;
    this.headers = options.headers ?? {};
    this.publicMessage = options.publicMessage ?? (status < 500 ? message : 'internal server error');
  }

  /** Whether the message is the client's to read (4xx, and 5xx that were built with a public text). */
  get expose(): boolean {
    return this.status < 500 || this.publicMessage === this.message;
  }
}

export const badRequest = (message: string) => new HttpError(400, message);
export const forbidden = (message: string) => new HttpError(403, message);
export const notFound = (message: string) => new HttpError(404, message);
export const notAcceptable = (message: string) => new HttpError(406, message);
export const payloadTooLarge = (message: string) => new HttpError(413, message, { headers: { Connection: 'close' } });
export const unsupportedMediaType = (message: string) => new HttpError(415, message);

/** 503 whose text is meant for the client (time limit, overload): it names the limit hit. */
export function serviceUnavailable(message: string, retryAfterSeconds?: number): HttpError {
  const headers: Record<string, string> = retryAfterSeconds === undefined ? {} : { 'Retry-After': String(retryAfterSeconds) };
  return new HttpError(503, message, { headers, publicMessage: message });
}
