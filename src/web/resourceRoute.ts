// Dereferencing. An IRI under the base is answered at the same path on this server, whatever its
// origin. Things (people, meetings, bodies… every IRI that is not a document) answer 303 See Other
// to the document that describes them in the negotiated format (`/id/person/x` → `/id/person/x.ttl`);
// documents (named graphs, and those suffix URLs) answer 200, with Content-Location when the format
// was negotiated. See the README ("Dereferencing") for why.
import { DataFactory } from 'n3';
import type { NextFunction, Request, Response } from 'express';
import { badRequest, notFound } from '../errors.ts';
import { negotiate } from '../http/negotiate.ts';
import { serialize } from '../rdf/serialize.ts';
import { unionTriples } from '../rdf/sortQuads.ts';
import { foaf } from '../vocab.ts';
import { allQuads, describe, isMentioned, type Description } from './describe.ts';
import { entityPage } from './pages/entityPage.ts';
import { graphPage } from './pages/graphPage.ts';
import { notFoundPage } from './pages/searchPage.ts';
import { send, seeOther } from './respond.ts';
import type { Site } from './site.ts';
import { bgp, describeQuery, inGraph, iri as iriTerm, notLookupIri, select, toText, triple, v } from './sparql.ts';
import { suggestions, slugWords } from './suggest.ts';
import { toJsonld } from './toJsonld.ts';
import { chooseVariant, HTML_VARIANT, splitSuffix, VARIANTS, type Variant } from './variants.ts';

const { namedNode, quad } = DataFactory;

/** Paths whose unknown IRIs get the "not found" page with suggestions. Other unknown paths fall through. */
const OUR_SPACES = ['/id/', '/graph/', '/dataset'];
/** Never treated as dataset IRIs here, even if the VoID names them: the server's own routes. */
const RESERVED = ['/sparql', '/dumps', '/void', '/.well-known', '/health', '/ready', '/assets/'];

interface Target {
  readonly iri: string;
  /** The path of the resource's documents, without suffix. */
  readonly documentPath: string;
  /** Set when the request named a document by suffix. */
  readonly suffix: Variant | undefined;
}

function decoded(path: string): string | undefined {
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
}

/**
 * The resource a path names: base + path, or base + path without a suffix of ours. IRIs the site
 * model does not know (untyped, unlabelled ones) are looked up in the graph, in our spaces only.
 */
async function resolve(site: Site, path: string): Promise<Target | undefined> {
  const { base } = site.model;
  const split = splitSuffix(path);
  const candidates: Array<{ path: string; suffix: Variant | undefined; documentPath: string }> = [];
  for (const p of new Set([path, decoded(path) ?? path])) candidates.push({ path: p, suffix: undefined, documentPath: path });
  if (split) for (const p of new Set([split.path, decoded(split.path) ?? split.path])) candidates.push({ path: p, suffix: split.variant, documentPath: split.path });
  for (const c of candidates) {
    if (site.model.exists(`${base}${c.path.slice(1)}`)) return { iri: `${base}${c.path.slice(1)}`, documentPath: c.documentPath, suffix: c.suffix };
  }
  if (!OUR_SPACES.some((s) => path.startsWith(s))) return undefined;
  for (const c of candidates) {
    const iri = `${base}${c.path.slice(1)}`;
    if (notLookupIri(iri) !== undefined) continue;
    if (await isMentioned(site.graph, iri, { timeoutMs: site.options.queryTimeoutMs, maxRows: 1 })) return { iri, documentPath: c.documentPath, suffix: c.suffix };
  }
  return undefined;
}

function queryParam(req: Request, name: string): string | undefined {
  const value = req.query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw badRequest(`give the ${name} parameter once`);
  return value;
}

/** GET any path: the resource whose IRI is base + path, or next(). */
export function dereference(site: Site) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    if (RESERVED.some((r) => req.path === r || req.path.startsWith(r.endsWith('/') ? r : `${r}/`))) {
      next();
      return;
    }
    const target = await resolve(site, req.path);
    if (!target) {
      if (OUR_SPACES.some((s) => req.path.startsWith(s))) {
        sendNotFound(site, req, res, `${site.model.base}${req.path.slice(1)}`);
        return;
      }
      next();
      return;
    }
    const isDocument = site.model.graphs.has(target.iri);
    const frame = queryParam(req, 'frame');
    if (target.suffix) {
      await serve(site, req, res, target, target.suffix, { negotiated: false, isDocument, frame });
      return;
    }
    const variant = chooseVariant(req.headers.accept, queryParam(req, 'format'), VARIANTS, `<${target.iri}>`);
    const location = `${target.documentPath}.${variant.extension}`;
    if (!isDocument) {
      seeOther(res, frame !== undefined && variant.id === 'jsonld' ? `${location}?${new URLSearchParams({ frame }).toString()}` : location, true);
      return;
    }
    await serve(site, req, res, target, variant, { negotiated: true, isDocument, frame, contentLocation: location });
  };
}

/** GET /resource?iri=…: the description of any resource the graph mentions, also outside the base. */
export function resourceByParameter(site: Site) {
  return async (req: Request, res: Response): Promise<void> => {
    const iri = queryParam(req, 'iri');
    if (iri === undefined || iri === '') throw badRequest('give the IRI to describe: /resource?iri=…');
    const local = site.view.localPath(iri);
    if (local && (site.model.exists(iri) || site.ontology?.terms.has(iri) || iri === site.ontology?.iri)) {
      seeOther(res, local, false);
      return;
    }
    const isDocument = site.model.graphs.has(iri);
    const known = isDocument || site.model.exists(iri) || site.model.types(iri).length > 0 || site.model.classCounts.has(iri)
      || await isMentioned(site.graph, iri, { timeoutMs: site.options.queryTimeoutMs, maxRows: 1 });
    if (!known) {
      sendNotFound(site, req, res, iri);
      return;
    }
    const variant = chooseVariant(req.headers.accept, queryParam(req, 'format'), VARIANTS, `<${iri}>`);
    await serve(site, req, res, { iri, documentPath: '', suffix: undefined }, variant, { negotiated: queryParam(req, 'format') === undefined, isDocument, frame: queryParam(req, 'frame') });
  };
}

interface ServeOptions {
  readonly negotiated: boolean;
  readonly isDocument: boolean;
  readonly frame: string | undefined;
  readonly contentLocation?: string;
}

async function serve(site: Site, req: Request, res: Response, target: Target, variant: Variant, o: ServeOptions): Promise<void> {
  const { options, model } = site;
  const d = await describe(site.graph, model, target.iri, {
    timeoutMs: options.queryTimeoutMs, maxRows: options.maxStatements, maxContents: options.maxGraphStatements,
  });
  const alternates = target.documentPath
    ? VARIANTS.filter((x) => x !== variant).map((x) => `<${target.documentPath}.${x.extension}>; rel="alternate"; type="${x.mediaTypes[0] ?? ''}"`)
    : [];
  const common = {
    cacheControl: options.cacheControl, negotiated: o.negotiated, links: alternates,
    ...(o.contentLocation ? { contentLocation: o.contentLocation } : {}),
  };
  if (variant.id === 'html') {
    const documentPath = target.documentPath || undefined;
    const queries = queriesFor(target.iri, o.isDocument, 100);
    const page = o.isDocument
      ? graphPage(site.view, { description: d, documentPath, maxContents: options.maxGraphStatements, queries })
      : entityPage(site.view, { description: d, documentPath, queries });
    send(req, res, site.graph.info.version, { ...common, body: page, contentType: 'text/html; charset=utf-8', etagParts: ['html', target.iri] });
    return;
  }
  const documentIri = target.documentPath && !o.isDocument ? `${target.iri}.${variant.extension}` : undefined;
  const body = await rdfBody(site, d, variant, o.frame, documentIri);
  send(req, res, site.graph.info.version, {
    ...common, body, contentType: `${variant.mediaTypes[0] ?? ''}; charset=utf-8`, etagParts: [variant.id, target.iri, o.frame ?? ''],
  });
}

export async function rdfBody(site: Site, d: Description, variant: Variant, frame: string | undefined, documentIri: string | undefined): Promise<string> {
  const quads = allQuads(d);
  if (documentIri) quads.push(quad(namedNode(documentIri), namedNode(foaf('primaryTopic')), namedNode(d.iri)));
  if (variant.id === 'jsonld') return toJsonld(unionTriples(quads), { context: site.context, ...(frame !== undefined ? { frame } : {}) });
  if (!variant.format) throw new Error(`no RDF format for ${variant.id}`);
  return serialize(quads, variant.format.id, { prefixes: site.view.prefixes });
}

/** The "query this" queries of a resource, built as sparqljs objects. */
export function queriesFor(resource: string, isGraph: boolean, limit: number): Array<{ title: string; query: string }> {
  const r = iriTerm(resource);
  if (isGraph) {
    return [{ title: 'The statements in this graph', query: toText(select(['subject', 'property', 'value'], [inGraph(r, bgp(triple(v('subject'), v('property'), v('value'))))], { orderBy: ['subject', 'property'], limit })) }];
  }
  return [
    { title: 'Everything stated about it, with the graph that states each fact', query: toText(select(['property', 'value', 'graph'], [inGraph(v('graph'), bgp(triple(r, v('property'), v('value'))))], { orderBy: ['property', 'value'] })) },
    { title: 'Everything that points to it', query: toText(select(['subject', 'property', 'graph'], [inGraph(v('graph'), bgp(triple(v('subject'), v('property'), r)))], { orderBy: ['property', 'subject'] })) },
    { title: 'Its description as RDF (DESCRIBE)', query: toText(describeQuery(resource)) },
  ];
}

const TEXT_OFFER = { id: 'text', mediaTypes: ['text/plain'], names: ['text'] } as const;

/** 404: the page with suggestions and a search box for browsers, the same as text for others. */
export function sendNotFound(site: Site, req: Request, res: Response, iri: string): void {
  const hits = suggestions(site.model, iri);
  res.vary('Accept');
  res.setHeader('Cache-Control', 'no-cache');
  const wantsHtml = negotiate(req.headers.accept, [HTML_VARIANT, TEXT_OFFER])?.offer === HTML_VARIANT;
  if (wantsHtml) {
    res.status(404).type('text/html; charset=utf-8').send(notFoundPage(site.view, iri, hits, slugWords(iri)));
    return;
  }
  const lines = hits.map((h) => `  ${h.iri} (${site.view.name(h.iri)})`);
  const error = notFound(`no resource <${iri}> in this dataset${lines.length > 0 ? `; did you mean:\n${lines.join('\n')}` : ''}\nSearch names and acronyms at /search?q=…`);
  res.status(error.status).type('text/plain; charset=utf-8').send(`${error.message}\n`);
}
