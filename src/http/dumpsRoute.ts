// /dumps/: the dataset's dumps, each also precompressed (served as Content-Encoding: gzip when the
// client accepts it), with strong ETags from their sha256, Last-Modified, 304, HEAD and
// Content-Disposition, and single byte ranges (206/416, If-Range) over the file sent, so an interrupted
// download resumes; and a listing as JSON or HTML. A file is found by exact name in the list the
// build wrote, never by joining the URL onto a path, so no URL can reach another file.
import { createReadStream } from 'node:fs';
import type { Request, Response } from 'express';
import { HttpError, notFound } from '../errors.ts';
import type { DumpEntry, DumpFileRef } from '../graph/DumpStore.ts';
import { ifRangeMatches, parseRange } from './byteRange.ts';
import { isNotModified } from './conditional.ts';
import type { AppContext, Route } from './context.ts';
import { escapeHtml } from './html.ts';
import { layout } from '../web/pages/layout.ts';
import { raw } from '../web/html.ts';
import { securityHeaders } from '../web/respond.ts';
import type { Offer } from './negotiate.ts';
import { chooseFormat } from './sparqlRoute.ts';

const LISTING_OFFERS: ReadonlyArray<Offer & { id: 'json' | 'html' }> = [
  { id: 'json', mediaTypes: ['application/json'], names: ['json'] },
  { id: 'html', mediaTypes: ['text/html', 'application/xhtml+xml'], names: ['html'] },
];

/** Whether Accept-Encoding allows gzip (explicitly, or through `*`), honouring q=0. */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  let gzip: number | undefined;
  let any: number | undefined;
  for (const part of header.split(',')) {
    const [coding = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const qParam = params.find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (coding === 'gzip' || coding === 'x-gzip') gzip = q;
    else if (coding === '*') any = q;
  }
  return (gzip ?? any ?? 0) > 0;
}

function describeDump(base: string, d: DumpEntry) {
  const ref = (f: DumpFileRef) => ({ name: f.name, bytes: f.bytes, sha256: f.sha256, url: `${base}/dumps/${f.name}` });
  return { ...ref(d), format: d.format, mediaType: d.mediaType, modified: d.modified.toISOString(), gzip: ref(d.gzip) };
}

async function listing(ctx: AppContext, req: Request, res: Response): Promise<void> {
  res.vary('Accept');
  const format = typeof req.query['format'] === 'string' ? req.query['format'] : undefined;
  const chosen = chooseFormat(req, format, LISTING_OFFERS, 'the dump listing').offer;
  const dumps = await ctx.graph.dumps.list();
  const base = ctx.publicUrl(req);
  if (chosen.id === 'json') {
    res.status(200).json({ version: ctx.graph.info.version, triples: ctx.graph.info.triples, dumps: dumps.map((d) => describeDump(base, d)) });
    return;
  }
  const rows = dumps.map((d) => `<tr><td><a href="/dumps/${encodeURIComponent(d.name)}">${escapeHtml(d.name)}</a></td>`
    + `<td>${escapeHtml(d.mediaType)}</td><td>${d.bytes.toLocaleString('en')}</td>`
    + `<td><a href="/dumps/${encodeURIComponent(d.gzip.name)}">${escapeHtml(d.gzip.name)}</a></td><td>${d.gzip.bytes.toLocaleString('en')}</td>`
    + `<td><code>${escapeHtml(d.sha256.slice(0, 16))}…</code></td></tr>`).join('\n');
  // The site's page frame (landmarks, stylesheet, search) and its security headers.
  securityHeaders(req, res, () => {});
  res.status(200).type('text/html; charset=utf-8').send(layout({ title: 'Dumps', body: raw(`<h1>Dumps</h1>
<p>Dataset version <code>${escapeHtml(ctx.graph.info.version)}</code>, ${ctx.graph.info.triples.toLocaleString('en')} triples.
Each dump is also served gzip-compressed to clients that accept it. <a href="/dumps/?format=json">As JSON</a>.</p>
<table class="dumps">
<caption>Dumps of the whole dataset</caption>
<thead><tr><th scope="col">File</th><th scope="col">Media type</th><th scope="col">Bytes</th><th scope="col">Gzip</th><th scope="col">Bytes</th><th scope="col">SHA-256</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`) }));
}

async function dumpFile(ctx: AppContext, req: Request, res: Response): Promise<void> {
  const name = String(req.params['name'] ?? '');
  const dumps = await ctx.graph.dumps.list();
  const plain = dumps.find((d) => d.name === name);
  const gz = dumps.find((d) => d.gzip.name === name);
  if (!plain && !gz) throw notFound(`no dump is named "${name}": the dumps are listed at /dumps/`);
  let file: DumpFileRef;
  if (plain) {
    res.vary('Accept-Encoding');
    const useGzip = acceptsGzip(req.headers['accept-encoding']);
    file = useGzip ? plain.gzip : plain;
    if (useGzip) res.setHeader('Content-Encoding', 'gzip');
    res.setHeader('Content-Type', `${plain.mediaType}; charset=utf-8`);
    res.setHeader('Content-Disposition', `attachment; filename="${plain.name}"`);
  } else {
    file = (gz as DumpEntry).gzip;
    res.setHeader('Content-Type', 'application/gzip');
    res.setHeader('Content-Disposition', `attachment; filename="${file.name}"`);
  }
  const modified = (plain ?? gz as DumpEntry).modified;
  const etag = `"${file.sha256.slice(0, 32)}"`;
  res.setHeader('ETag', etag);
  res.setHeader('Last-Modified', modified.toUTCString());
  res.setHeader('Cache-Control', ctx.options.cacheControl);
  res.setHeader('Accept-Ranges', 'bytes');
  if (isNotModified(req.headers, etag, modified)) {
    res.removeHeader('Content-Encoding');
    res.status(304).end();
    return;
  }
  // A range of the file as sent (the gzip bytes when gzip was chosen). Ranges are defined for GET only.
  const range = req.method === 'GET' && ifRangeMatches(req.get('if-range'), etag, modified)
    ? parseRange(req.headers.range, file.bytes)
    : undefined;
  if (range === 'unsatisfiable') {
    throw new HttpError(416, `the range "${req.headers.range ?? ''}" is outside ${file.name}, which is ${file.bytes} bytes: ask for bytes=0-${Math.max(0, file.bytes - 1)} or less`, {
      headers: { 'Content-Range': `bytes */${file.bytes}` },
    });
  }
  if (range) {
    res.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${file.bytes}`);
    res.setHeader('Content-Length', String(range.end - range.start + 1));
    res.status(206);
  } else {
    res.setHeader('Content-Length', String(file.bytes));
    res.status(200);
  }
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  await new Promise<void>((resolve, reject) => {
    const stream = createReadStream(file.path, range ? { start: range.start, end: range.end } : {});
    stream.once('error', (e) => {
      if (res.headersSent) res.destroy(e);
      reject(e);
    });
    stream.once('end', resolve);
    stream.pipe(res);
  });
}

export const dumpsRoutes: readonly Route[] = [
  { methods: ['GET'], path: '/dumps', handler: listing },
  { methods: ['GET'], path: '/dumps/', handler: listing },
  { methods: ['GET'], path: '/dumps/:name', handler: dumpFile },
];
