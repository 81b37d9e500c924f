// Conditional GET (RFC 9110 §13): If-None-Match (weak comparison, as the RFC asks for it) and, only
// when there is none, If-Modified-Since.
import type { IncomingHttpHeaders } from 'node:http';

function opaque(tag: string): string {
  return tag.trim().replace(/^W\//, '');
}

export function etagMatches(ifNoneMatch: string, etag: string): boolean {
  if (ifNoneMatch.trim() === '*') return true;
  const wanted = opaque(etag);
  return ifNoneMatch.split(',').some((t) => opaque(t) === wanted);
}

/** Whether a GET/HEAD can be answered 304 for a representation with this ETag and modification date. */
export function isNotModified(headers: IncomingHttpHeaders, etag: string, lastModified?: Date): boolean {
  const inm = headers['if-none-match'];
  if (inm !== undefined) return etagMatches(inm, etag);
  const ims = headers['if-modified-since'];
  if (ims === undefined || lastModified === undefined) return false;
  const since = Date.parse(ims);
  return !Number.isNaN(since) && Math.floor(lastModified.getTime() / 1000) * 1000 <= since;
}
