// The linked-data routes as one Express router, to mount after the endpoint's routes and before the
// 404 handler. Every IRI of the dataset under the base is answered at its path (see
// resourceRoute.ts); the rest are pages and documents:
//
//   GET /                        landing page (RDF clients: 303 to /void)
//   GET /search?q=…              search names, labels and acronyms (HTML or JSON)
//   GET /browse?class=IRI        the instances of a class
//   GET /resource?iri=IRI        description of a resource outside the base (or 303 to its path)
//   GET /context.jsonld          the published JSON-LD context
//   GET /ontology[.ttl|…]        the ontology: HTML documentation or RDF, one anchor per term
//   GET /shapes[.ttl|…]          the SHACL shapes: HTML documentation or RDF
//   GET /assets/:name            the stylesheet and the script
//   GET /id/…, /graph/…, /dataset…  dereferencing (303 for things, 200 for documents; suffixes)
//
// The router prepares its data (labels, search index, ontology…) as soon as it is made; requests
// wait for it. `ready` resolves when it is done (or rejects with why it failed).
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { HttpError } from '../errors.ts';
import type { Graph } from '../graph/Graph.ts';
import { assets } from './assets.ts';
import { ontologyDocuments } from './ontologyRoute.ts';
import { browse, context, landing, search } from './pagesRoute.ts';
import { dereference, resourceByParameter } from './resourceRoute.ts';
import { securityHeaders } from './respond.ts';
import { prepareSite, type LinkedDataOptions, type Site } from './site.ts';
import { CONTEXT_PATH } from './toJsonld.ts';

export type { LinkedDataOptions } from './site.ts';

export interface LinkedDataRouter extends express.Router {
  readonly ready: Promise<Site>;
}

type Handler = (req: Request, res: Response, next: NextFunction) => void | Promise<void>;

export function linkedDataRoutes(graph: Graph, options: LinkedDataOptions = {}): LinkedDataRouter {
  const ready = prepareSite(graph, options);
  ready.catch((err: unknown) => options.logger?.error({ err }, 'the linked-data pages could not be prepared'));
  /** `route` names the route in the request log. */
  const wrap = (route: string, make: (site: Site) => Handler): RequestHandler => {
    let handler: Handler | undefined;
    return async (req, res, next) => {
      try {
        const site = await ready;
        handler ??= make(site);
        res.locals['route'] = route;
        securityHeaders(req, res, () => {});
        await handler(req, res, (err?: unknown) => {
          delete res.locals['route'];
          next(err);
        });
      } catch (e) {
        next(e);
      }
    };
  };
  const router = express.Router();
  const pages: ReadonlyArray<[string, (site: Site) => Handler]> = [
    ['/', landing], ['/search', search], ['/browse', browse], ['/resource', resourceByParameter], [`/${CONTEXT_PATH}`, context],
  ];
  for (const [path, make] of pages) router.get(path, wrap(path, make));
  const assetFiles = assets();
  router.get('/assets/:name', wrap('/assets/:name', () => assetFiles));
  router.all(pages.map(([path]) => path), (req) => {
    throw new HttpError(405, `${req.method} is not allowed on ${req.path}: use GET or HEAD`, { headers: { Allow: 'GET, HEAD, OPTIONS' } });
  });
  const documents = wrap('/ontology', ontologyDocuments);
  const resources = wrap('/{base}*', dereference);
  router.use((req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      next();
      return;
    }
    void documents(req, res, (err?: unknown) => {
      if (err !== undefined) next(err);
      else void resources(req, res, next);
    });
  });
  return Object.assign(router, { ready }) as LinkedDataRouter;
}
