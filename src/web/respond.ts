// How the linked-data routes answer: security headers on everything they send, and one function that
// sends a representation with its media type, a strong ETag (dataset version + what was asked), a
// 304 on revalidation, Vary and Content-Location when the choice was negotiated, and Link headers
// naming the other representations.
import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { isNotModified } from '../http/conditional.ts';

/**
 * No inline script, style or event handler anywhere in the pages: scripts and the stylesheet are
 * files served by us, SVG is styled by classes. Forms only submit to us; nothing may frame us.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'",
  "form-action 'self'", "base-uri 'none'", "frame-ancestors 'none'",
].join('; ');

export function securityHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin');
  res.setHeader('X-Frame-Options', 'DENY');
  next();
}

export interface Representation {
  readonly body: string | Buffer;
  /** Full Content-Type, e.g. `text/turtle; charset=utf-8`. */
  readonly contentType: string;
  /** What the body depends on besides the dataset version (path, variant, frame, …). */
  readonly etagParts: readonly string[];
  readonly cacheControl: string;
  /** True when Accept chose the representation: adds Vary: Accept. */
  readonly negotiated?: boolean;
  readonly contentLocation?: string;
  readonly links?: readonly string[];
  readonly status?: number;
}

export function strongEtag(parts: readonly string[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\u0000');
  return `"${h.digest('base64url').slice(0, 32)}"`;
}

export function send(req: Request, res: Response, version: string, r: Representation): void {
  if (r.negotiated) res.vary('Accept');
  if (r.contentLocation) res.setHeader('Content-Location', r.contentLocation);
  if (r.links && r.links.length > 0) res.setHeader('Link', r.links.join(', '));
  const etag = strongEtag([version, ...r.etagParts]);
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', r.cacheControl);
  if ((r.status ?? 200) === 200 && isNotModified(req.headers, etag)) {
    res.status(304).end();
    return;
  }
  res.status(r.status ?? 200).setHeader('Content-Type', r.contentType);
  res.end(r.body);
}

/** 303 See Other to `location`, with a short body for people reading raw responses. */
export function seeOther(res: Response, location: string, negotiated: boolean): void {
  if (negotiated) res.vary('Accept');
  res.setHeader('Cache-Control', 'public, max-age=300');
  res.status(303).setHeader('Location', location);
  res.type('text/plain; charset=utf-8').end(`See ${location}\n`);
}
