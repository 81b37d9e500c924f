// GET /assets/vendor/:name: the SPARQL page's editor (YASGUI), served by this server from
// node_modules so that the page needs no CDN. Only the names below are served, each from a path
// resolved once through Node's module resolution; no URL can reach another file.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Request, Response } from 'express';
import { notFound } from '../../errors.ts';
import { isNotModified } from '../../http/conditional.ts';
import type { AppContext, Route } from '../../http/context.ts';

/** URL name → [module path, Content-Type]. */
const VENDOR_FILES: Readonly<Record<string, readonly [string, string]>> = {
  'yasgui.min.js': ['@zazuko/yasgui/build/yasgui.min.js', 'text/javascript; charset=utf-8'],
  'yasgui.min.css': ['@zazuko/yasgui/build/yasgui.min.css', 'text/css; charset=utf-8'],
};

export const VENDOR_PATH = '/assets/vendor/';

interface Asset {
  readonly body: Buffer;
  readonly type: string;
  readonly etag: string;
}

const require = createRequire(import.meta.url);
const loaded = new Map<string, Asset>();

function asset(name: string): Asset | undefined {
  const entry = VENDOR_FILES[name];
  if (!Object.hasOwn(VENDOR_FILES, name) || !entry) return undefined;
  let a = loaded.get(name);
  if (!a) {
    // The source map comment would make browsers' developer tools ask for a file we do not serve.
    const text = readFileSync(require.resolve(entry[0]), 'utf8').replace(/\n\/[/*]# sourceMappingURL=\S+(?: \*\/)?\s*$/, '\n');
    const body = Buffer.from(text);
    a = { body, type: entry[1], etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
    loaded.set(name, a);
  }
  return a;
}

function vendor(_ctx: AppContext, req: Request, res: Response): void {
  const name = String(req.params['name'] ?? '');
  const a = asset(name);
  if (!a) throw notFound(`no file "${name}" under ${VENDOR_PATH}: it serves ${Object.keys(VENDOR_FILES).join(', ')}`);
  res.setHeader('ETag', a.etag);
  res.setHeader('Cache-Control', 'public, max-age=86400');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  if (isNotModified(req.headers, a.etag)) {
    res.status(304).end();
    return;
  }
  res.status(200).setHeader('Content-Type', a.type);
  res.end(a.body);
}

export const vendorRoutes: readonly Route[] = [{ methods: ['GET'], path: `${VENDOR_PATH}:name`, handler: vendor }];
