// The web pages' static files (src/web/assets/): read once, served by exact name from a fixed list,
// so no URL can reach another file. Strong ETags from their content; revalidation gets 304.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { NextFunction, Request, Response } from 'express';
import { isNotModified } from '../http/conditional.ts';

const FILES: Readonly<Record<string, string>> = {
  'site.css': 'text/css; charset=utf-8',
  'graph.js': 'text/javascript; charset=utf-8',
  'query.css': 'text/css; charset=utf-8',
  'query.js': 'text/javascript; charset=utf-8',
  'query-views.js': 'text/javascript; charset=utf-8',
  'favicon.svg': 'image/svg+xml',
};

interface Asset {
  readonly body: Buffer;
  readonly type: string;
  readonly etag: string;
}

function load(): Map<string, Asset> {
  const out = new Map<string, Asset>();
  for (const [name, type] of Object.entries(FILES)) {
    const body = readFileSync(new URL(`./assets/${name}`, import.meta.url));
    out.set(name, { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` });
  }
  return out;
}

export function assets() {
  const files = load();
  return (req: Request, res: Response, next: NextFunction): void => {
    const asset = files.get(String(req.params['name'] ?? ''));
    if (!asset) {
      next();
      return;
    }
    res.setHeader('ETag', asset.etag);
    res.setHeader('Cache-Control', 'public, max-age=3600');
    if (isNotModified(req.headers, asset.etag)) {
      res.status(304).end();
      return;
    }
    res.status(200).setHeader('Content-Type', asset.type);
    res.end(asset.body);
  };
}
