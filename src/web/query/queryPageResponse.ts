// Sends the SPARQL query page (src/web/pages/queryPage.ts) with the site's security headers and its
// own, slightly wider Content-Security-Policy (queryPageCsp.ts says what and why). Not cached by
// shared caches: the page echoes the query from its URL.
import type { Request, Response } from 'express';
import type { AppContext } from '../../http/context.ts';
import { exampleCatalog } from '../../examples/exampleCatalog.ts';
import { queryPage } from '../pages/queryPage.ts';
import { QUERY_PAGE_CSP } from './queryPageCsp.ts';
import { securityHeaders } from '../respond.ts';

export function queryPageResponse(ctx: AppContext, req: Request, res: Response, query: string | undefined): void {
  securityHeaders(req, res, () => {});
  res.setHeader('Content-Security-Policy', QUERY_PAGE_CSP);
  res.vary('Accept');
  res.setHeader('Cache-Control', 'private, max-age=60');
  const body = queryPage({ publicUrl: ctx.publicUrl(req), base: ctx.graph.info.base, examples: exampleCatalog(), query });
  res.status(200).type('text/html; charset=utf-8').send(body);
}
