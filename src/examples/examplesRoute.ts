// GET /api/examples: the named example queries (the competency questions the tests run) as JSON,
// for other tools: [{ id, title, description, tags, queryType, query }], in file-name order.
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { isNotModified } from '../http/conditional.ts';
import type { AppContext, Route } from '../http/context.ts';
import { chooseFormat } from '../http/sparqlRoute.ts';
import { exampleCatalog } from './exampleCatalog.ts';

const JSON_OFFER = [{ id: 'json', mediaTypes: ['application/json'], names: ['json'] }] as const;

let body: { text: string; etag: string } | undefined;

function examples(ctx: AppContext, req: Request, res: Response): void {
  const format = typeof req.query['format'] === 'string' ? req.query['format'] : undefined;
  chooseFormat(req, format, JSON_OFFER, 'the example queries');
  if (!body) {
    const text = `${JSON.stringify(exampleCatalog(), null, 2)}\n`;
    body = { text, etag: `"${createHash('sha256').update(text).digest('base64url').slice(0, 32)}"` };
  }
  res.vary('Accept');
  res.setHeader('ETag', body.etag);
  res.setHeader('Cache-Control', ctx.options.cacheControl);
  if (isNotModified(req.headers, body.etag)) {
    res.status(304).end();
    return;
  }
  res.status(200).setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(body.text);
}

export const examplesRoutes: readonly Route[] = [{ methods: ['GET'], path: '/api/examples', handler: examples }];
