// The landing page, search (HTML and JSON), browsing a class, and the published JSON-LD context.
import type { Request, Response } from 'express';
import { badRequest } from '../errors.ts';
import type { Offer } from '../http/negotiate.ts';
import { browsePage, MAX_LISTED, searchPage } from './pages/searchPage.ts';
import { landingPage, type DumpInfo } from './pages/landingPage.ts';
import { send, seeOther } from './respond.ts';
import { sendNotFound } from './resourceRoute.ts';
import { rdf } from '../vocab.ts';
import type { Site } from './site.ts';
import { listInstances } from './siteModel.ts';
import { chooseVariant, HTML_VARIANT, VARIANTS } from './variants.ts';

/** Longest search text looked at. */
export const MAX_QUERY_CHARS = 200;
export const MAX_HITS = 50;

function param(req: Request, name: string): string | undefined {
  const value = req.query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw badRequest(`give the ${name} parameter once`);
  return value;
}

/** This server's origin as the client sees it. */
export function publicUrl(site: Site, req: Request): string {
  return site.options.publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

export function landing(site: Site) {
  return async (req: Request, res: Response): Promise<void> => {
    const variant = chooseVariant(req.headers.accept, param(req, 'format'), VARIANTS, 'the home page');
    if (variant.id !== 'html') {
      // The home page is for people; the dataset's description in RDF is at /void.
      seeOther(res, `/void?${new URLSearchParams({ format: variant.names[0] ?? variant.id }).toString()}`, true);
      return;
    }
    const { info } = site.graph;
    let dumps: DumpInfo[] | undefined;
    if (info.origin.kind === 'dist') {
      dumps = (await site.graph.dumps.list()).map((d) => ({ name: d.name, format: d.format, mediaType: d.mediaType, bytes: d.bytes, gzipBytes: d.gzip.bytes }));
    }
    const origin = publicUrl(site, req);
    send(req, res, info.version, {
      body: landingPage(site.view, { publicUrl: origin, dumps, version: info.version }),
      contentType: 'text/html; charset=utf-8', etagParts: ['landing', origin], cacheControl: site.options.cacheControl, negotiated: true,
    });
  };
}

const JSON_OFFER: Offer & { id: 'json' } = { id: 'json', mediaTypes: ['application/json'], names: ['json'] };

export function search(site: Site) {
  return (req: Request, res: Response): void => {
    const raw = param(req, 'q') ?? '';
    const query = raw.slice(0, MAX_QUERY_CHARS);
    const chosen = chooseVariant(req.headers.accept, param(req, 'format'), [HTML_VARIANT, JSON_OFFER], 'search results');
    const hits = site.model.search.search(query, MAX_HITS);
    const origin = publicUrl(site, req);
    res.setHeader('Cache-Control', 'no-cache');
    res.vary('Accept');
    if (chosen.id === 'html') {
      res.status(200).type('text/html; charset=utf-8').send(searchPage(site.view, query, hits));
      return;
    }
    res.status(200).json({
      query,
      count: hits.length,
      results: hits.map((h) => {
        const href = site.view.href(h.iri);
        return {
          iri: h.iri, label: site.view.name(h.iri), matched: h.matched.text, matchedProperty: h.matched.source,
          types: site.model.typesWithAncestors(h.iri), url: href.startsWith('/') ? `${origin}${href}` : href, score: h.score,
        };
      }),
    });
  };
}

export function browse(site: Site) {
  return async (req: Request, res: Response): Promise<void> => {
    const classIri = param(req, 'class');
    if (classIri === undefined || classIri === '') {
      seeOther(res, '/#browse', false);
      return;
    }
    if (!site.model.classCounts.has(classIri)) {
      sendNotFound(site, req, res, classIri);
      return;
    }
    const stored = await listInstances(site.graph, classIri, MAX_LISTED, { timeoutMs: site.options.queryTimeoutMs, maxRows: MAX_LISTED });
    const fromVoid = site.model.voidQuads.filter((q) => q.predicate.value === rdf('type') && q.object.value === classIri).map((q) => q.subject.value);
    send(req, res, site.graph.info.version, {
      body: browsePage(site.view, classIri, [...fromVoid, ...stored].slice(0, MAX_LISTED), site.model.classCounts.get(classIri) ?? 0),
      contentType: 'text/html; charset=utf-8', etagParts: ['browse', classIri], cacheControl: site.options.cacheControl,
    });
  };
}

/** The dataset's JSON-LD context at {base}context.jsonld (the path on this server: /context.jsonld). */
export function context(site: Site) {
  return (req: Request, res: Response): void => {
    send(req, res, site.graph.info.version, {
      body: site.context.text, contentType: 'application/ld+json; charset=utf-8', etagParts: ['context'], cacheControl: site.options.cacheControl,
    });
  };
}
