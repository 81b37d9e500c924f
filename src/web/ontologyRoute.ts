// The ontology namespace document (/ontology) and the shapes document (/shapes). Their terms are hash
// IRIs (…/ontology#Meeting): a client can only ask for the namespace document, which holds every
// term, and the HTML documentation has an anchor per term. These IRIs name documents, so they are
// negotiated in place (200 with Content-Location), not redirected. Turtle is the file as written.
import { DataFactory } from 'n3';
import type { Quad } from '@rdfjs/types';
import type { NextFunction, Request, Response } from 'express';
import { badRequest } from '../errors.ts';
import { serialize } from '../rdf/serialize.ts';
import { ontologyPage } from './pages/ontologyPage.ts';
import { shapesPage } from './pages/shapesPage.ts';
import { send } from './respond.ts';
import type { Site } from './site.ts';
import { toJsonld } from './toJsonld.ts';
import { chooseVariant, VARIANTS, type Variant } from './variants.ts';

const { quad, namedNode } = DataFactory;

interface Document {
  readonly path: string;
  readonly iri: string;
  readonly turtle: string;
  readonly quads: readonly Quad[];
  readonly html: () => string;
}

function documents(site: Site): Document[] {
  const o = site.ontology;
  if (!o) return [];
  const docs: Document[] = [{ path: '/ontology', iri: o.iri, turtle: o.turtle, quads: o.quads, html: () => ontologyPage(site.view, o) }];
  // The version IRI (owl:versionIRI) names this version of the same document.
  const versionPath = o.header.versionIri ? site.view.localPath(o.header.versionIri) : undefined;
  if (versionPath && o.header.versionIri) docs.push({ ...docs[0] as Document, path: versionPath, iri: o.header.versionIri });
  if (o.shapes.iri) docs.push({ path: '/shapes', iri: o.shapes.iri, turtle: o.shapes.turtle, quads: o.shapes.quads, html: () => shapesPage(site.view, o) });
  return docs;
}

function frameOf(req: Request): string | undefined {
  const f = req.query['frame'];
  if (f !== undefined && typeof f !== 'string') throw badRequest('give the frame parameter once');
  return f;
}

/** GET /ontology, /ontology.ttl, …, /shapes, /shapes.ttl, …; anything else: next(). */
export function ontologyDocuments(site: Site) {
  const cache = new Map<string, string>();
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const doc = documents(site).find((d) => req.path === d.path || (req.path.startsWith(`${d.path}.`) && VARIANTS.some((x) => req.path === `${d.path}.${x.extension}`)));
    if (!doc) {
      next();
      return;
    }
    const suffix = req.path === doc.path ? undefined : VARIANTS.find((x) => req.path === `${doc.path}.${x.extension}`);
    const format = req.query['format'];
    if (format !== undefined && typeof format !== 'string') throw badRequest('give the format parameter once');
    const variant = suffix ?? chooseVariant(req.headers.accept, format, VARIANTS, `the document <${doc.iri}>`);
    const frame = frameOf(req);
    const key = `${doc.path}\u0000${variant.id}`;
    let body = frame === undefined ? cache.get(key) : undefined;
    if (body === undefined) {
      body = await render(site, doc, variant, frame);
      if (frame === undefined) cache.set(key, body);
    }
    send(req, res, site.graph.info.version, {
      body, contentType: `${variant.mediaTypes[0] ?? ''}; charset=utf-8`, etagParts: [doc.path, variant.id, frame ?? ''],
      cacheControl: site.options.cacheControl, negotiated: suffix === undefined,
      ...(suffix === undefined ? { contentLocation: `${doc.path}.${variant.extension}` } : {}),
      links: VARIANTS.filter((x) => x !== variant).map((x) => `<${doc.path}.${x.extension}>; rel="alternate"; type="${x.mediaTypes[0] ?? ''}"`),
    });
  };
}

async function render(site: Site, doc: Document, variant: Variant, frame: string | undefined): Promise<string> {
  if (variant.id === 'html') return doc.html();
  if (variant.id === 'turtle') return doc.turtle;
  if (variant.id === 'jsonld') return toJsonld(doc.quads, { context: site.context, ...(frame !== undefined ? { frame } : {}) });
  if (!variant.format) throw new Error(`no RDF format for ${variant.id}`);
  const inGraph = doc.quads.map((q) => quad(q.subject, q.predicate, q.object, namedNode(doc.iri)));
  return serialize(inGraph, variant.format.id, { prefixes: site.view.prefixes });
}
