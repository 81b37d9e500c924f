// Everything the linked-data routes share, prepared once when the server starts: the site model
// (labels, types, counts, search index…), the ontology and shapes read from ontology/, the view
// used by the pages and the published JSON-LD context. Start-up time is measured and logged.
import type { Logger } from 'pino';
import type { Graph } from '../graph/Graph.ts';
import { readOntology, type OntologyModel } from './ontologyModel.ts';
import { buildSiteModel, type SiteModel } from './siteModel.ts';
import { publishedContext, type PublishedContext } from './toJsonld.ts';
import { createView, type View } from './view.ts';

export interface LinkedDataOptions {
  /** The URL clients reach this server at; when absent, taken from each request's Host. */
  readonly publicUrl?: string;
  /** Where asean-kg.ttl and shapes.ttl are read from (default `ontology`). Without them /ontology and /shapes answer 404. */
  readonly ontologyDir?: string;
  /** Time limit of each query the pages run, in ms (default 10 s). */
  readonly queryTimeoutMs?: number;
  /** Most outgoing or incoming statements in one description (default 10,000). */
  readonly maxStatements?: number;
  /** Most statements of a named graph listed in its description (default 5,000). */
  readonly maxGraphStatements?: number;
  /** Cache-Control of pages and descriptions (they also carry a strong ETag). */
  readonly cacheControl?: string;
  readonly logger?: Logger;
}

export interface Site {
  readonly graph: Graph;
  readonly model: SiteModel;
  readonly ontology: OntologyModel | undefined;
  readonly view: View;
  readonly context: PublishedContext;
  readonly options: Required<Omit<LinkedDataOptions, 'publicUrl' | 'logger'>> & Pick<LinkedDataOptions, 'publicUrl' | 'logger'>;
}

export async function prepareSite(graph: Graph, options: LinkedDataOptions): Promise<Site> {
  const started = performance.now();
  const resolved: Site['options'] = {
    ontologyDir: options.ontologyDir ?? 'ontology',
    queryTimeoutMs: options.queryTimeoutMs ?? 10_000,
    maxStatements: options.maxStatements ?? 10_000,
    maxGraphStatements: options.maxGraphStatements ?? 5_000,
    cacheControl: options.cacheControl ?? 'public, max-age=300',
    ...(options.publicUrl ? { publicUrl: options.publicUrl.replace(/\/$/, '') } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  };
  const ontology = await readOntology(resolved.ontologyDir).catch((e: unknown) => {
    options.logger?.warn({ err: e, dir: resolved.ontologyDir }, 'ontology not readable: /ontology and /shapes will answer 404');
    return undefined;
  });
  const [model, context] = await Promise.all([
    buildSiteModel(graph, { timeoutMs: Math.max(resolved.queryTimeoutMs, 120_000), maxRows: 50_000_000 }, (iri) => ontology?.ancestors(iri) ?? []),
    publishedContext(graph),
  ]);
  const view = createView(model, ontology);
  options.logger?.info({
    ms: Math.round(performance.now() - started), modelMs: model.startupMs, queries: model.timings, resources: model.baseIris.length,
    searchEntries: model.search.size, ontologyTerms: ontology?.terms.size ?? 0,
  }, 'linked-data pages ready');
  return { graph, model, ontology, view, context, options: resolved };
}
