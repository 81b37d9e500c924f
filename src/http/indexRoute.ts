// GET /: a plain page pointing at every route. The landing page of the web interface replaces it.
import type { Request, Response } from 'express';
import type { AppContext, Route } from './context.ts';
import { escapeHtml, page } from './html.ts';

function index(ctx: AppContext, req: Request, res: Response): void {
  const { info } = ctx.graph;
  const base = ctx.publicUrl(req);
  res.status(200).type('text/html; charset=utf-8').send(page('Knowledge graph', `<h1>Knowledge graph</h1>
<p>${info.triples.toLocaleString('en')} triples in ${info.graphs.length} named graphs, version <code>${escapeHtml(info.version)}</code>.</p>
<ul>
<li><a href="/sparql">SPARQL endpoint</a> <code>${escapeHtml(`${base}/sparql`)}</code></li>
<li><a href="/dumps/">Dumps</a></li>
<li><a href="/void">Dataset description (VoID/DCAT)</a></li>
<li><a href="/ready">Status</a></li>
</ul>`));
}

export const indexRoutes: readonly Route[] = [{ methods: ['GET'], path: '/', handler: index }];
