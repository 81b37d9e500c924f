// JSON-LD answers: compacted with the dataset's published @context (the build's dist/context.jsonld,
// served at {base}context.jsonld and referenced by URL), and optionally shaped by a JSON-LD frame the
// client sends. Nothing is ever fetched: the document loader knows one document, our context, and
// refuses every other URL. Also exported for CONSTRUCT/DESCRIBE answers at /sparql.
//
// Without a frame the compaction is done by our single-pass writer (src/rdf/writeJsonld.ts, the
// one the dumps use, checked against jsonld.js by the build tests), because jsonld.js compaction is
// slow on large results; with a frame, by jsonld.js, for at most MAX_FRAMED_QUADS statements.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import jsonld from 'jsonld';
import { Parser, Writer } from 'n3';
import type { Quad } from '@rdfjs/types';
import { badRequest, HttpError } from '../errors.ts';
import type { Graph } from '../graph/Graph.ts';
import type { JsonLdContext } from '../rdf/jsonldContext.ts';
import { writeJsonld } from '../rdf/writeJsonld.ts';
import { PREFIXES } from '../vocab.ts';

export const CONTEXT_PATH = 'context.jsonld';
/** Framing runs jsonld.js in the request's thread (measured: 10,000 statements ≈ 0.4 s): bound its work. */
export const MAX_FRAMED_QUADS = 10_000;

export interface PublishedContext {
  /** Where the context is published: {base}context.jsonld. */
  readonly url: string;
  /** The context object (the value of "@context"). */
  readonly context: JsonLdContext;
  /** The document served at the URL. */
  readonly text: string;
}

const contexts = new WeakMap<Graph, Promise<PublishedContext>>();

/** The graph's published context: the build's context file, or one made from the usual prefixes for `serve --data`. */
export function publishedContext(graph: Graph): Promise<PublishedContext> {
  let found = contexts.get(graph);
  if (!found) {
    found = loadContext(graph);
    contexts.set(graph, found);
  }
  return found;
}

async function loadContext(graph: Graph): Promise<PublishedContext> {
  const { origin, base } = graph.info;
  const url = `${base}${CONTEXT_PATH}`;
  if (origin.kind === 'dist') {
    const text = await readFile(join(origin.dir, origin.manifest.context), 'utf8');
    const doc = JSON.parse(text) as { '@context': JsonLdContext };
    return { url, context: doc['@context'], text };
  }
  const context: JsonLdContext = { '@version': 1.1, '@base': base, id: '@id', type: '@type', ...PREFIXES };
  return { url, context, text: `${JSON.stringify({ '@context': context }, null, 1)}\n` };
}

export interface ToJsonldOptions {
  readonly context: PublishedContext;
  /** A JSON-LD frame: an object, or its JSON text (as sent in a `frame` parameter). */
  readonly frame?: unknown;
}

/**
 * N-Triples or N-Quads text (or quads) → JSON-LD compacted with the published context, or framed.
 * Throws HttpError 400 for a frame that is not JSON, not an object, names a remote context, or that
 * jsonld.js rejects; 400 when a framed result would exceed MAX_FRAMED_QUADS.
 */
export async function toJsonld(input: string | Iterable<Quad>, options: ToJsonldOptions): Promise<string> {
  const quads = typeof input === 'string' ? new Parser({ format: 'N-Quads' }).parse(input) : [...input];
  if (options.frame === undefined) return writeJsonld(quads, options.context.context, options.context.url);
  const frame = readFrame(options.frame, options.context.url);
  if (quads.length > MAX_FRAMED_QUADS) {
    throw badRequest(`a JSON-LD frame can shape at most ${MAX_FRAMED_QUADS} statements and this answer has ${quads.length}: narrow the query, or ask without a frame`);
  }
  const loader = documentLoader(options.context);
  try {
    const expanded = await jsonld.fromRDF(toNquads(quads), { format: 'application/n-quads' });
    const framed = await jsonld.frame(expanded, frame as Parameters<typeof jsonld.frame>[1], { documentLoader: loader } as jsonld.Options.Frame);
    return `${JSON.stringify(framed, null, 1)}\n`;
  } catch (e) {
    if (e instanceof HttpError) throw e;
    const cause = (e as { details?: { cause?: unknown } }).details?.cause;
    if (cause instanceof HttpError) throw cause;
    throw badRequest(`the JSON-LD frame was rejected: ${(e as Error).message}`);
  }
}

function readFrame(frame: unknown, contextUrl: string): Record<string, unknown> {
  let value = frame;
  if (typeof frame === 'string') {
    try {
      value = JSON.parse(frame);
    } catch (e) {
      throw badRequest(`the frame parameter is not JSON: ${(e as Error).message}`);
    }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw badRequest('the frame parameter must be a JSON object (a JSON-LD frame), e.g. {"@type": "Meeting"}');
  }
  const object = value as Record<string, unknown>;
  return '@context' in object ? object : { '@context': contextUrl, ...object };
}

type Loader = (url: string) => Promise<{ contextUrl: null; document: unknown; documentUrl: string }>;

function documentLoader(published: PublishedContext): Loader {
  return async (url: string) => {
    if (url === published.url) return { contextUrl: null, document: { '@context': published.context }, documentUrl: url };
    throw badRequest(`the JSON-LD context <${url}> is refused: this server never fetches documents. Use the dataset's context <${published.url}> or an inline @context`);
  };
}

function toNquads(quads: readonly Quad[]): string {
  const writer = new Writer({ format: 'N-Quads' });
  writer.addQuads([...quads]);
  let out = '';
  writer.end((error, result: string) => {
    if (error) throw error;
    out = result;
  });
  return out;
}
