// Turns a remote server's answer into ours, chunk by chunk: SELECT/ASK arrive as SPARQL JSON and
// leave in the negotiated results format; CONSTRUCT/DESCRIBE arrive as N-Triples and leave as
// N-Triples (streamed) or, converted as the embedded engine does, in the other RDF formats. Rows
// are counted as they pass, and the result is cut at MAX_RESULT_ROWS / MAX_RESULT_BYTES at a row
// boundary, exactly like the embedded store's, so the truncation header means the same thing.
import ox from 'oxigraph';
import { Parser } from 'n3';
import { loadNquads } from '../graph/loadNquads.ts';
import type { QueryKind } from '../graph/parseQuery.ts';
import type { RdfFormatId, ResultsFormatId } from '../rdf/formats.ts';
import { JsonResultsReader } from './JsonResultsReader.ts';
import { resultsWriter } from './resultWriters.ts';
import { UpstreamError } from './UpstreamError.ts';

export interface ResultSummary {
  rows: number | null;
  truncated: 'rows' | 'bytes' | null;
}

export interface Shape {
  readonly kind: QueryKind;
  readonly format: ResultsFormatId | RdfFormatId;
  readonly mediaType: string;
  readonly maxRows: number;
  readonly maxBytes: number;
}

/** What to ask the server for, by query kind. */
export function upstreamAccept(kind: QueryKind): string {
  return kind === 'SELECT' || kind === 'ASK'
    ? 'application/sparql-results+json'
    : 'application/n-triples, text/plain;q=0.9, text/turtle;q=0.5';
}

/** Text is handed on in pieces of about this size. */
const PIECE = 64 * 1024;
const encoder = new TextEncoder();

function badAnswer(message: string): UpstreamError {
  return new UpstreamError('failed', 502, `the SPARQL server's answer cannot be read: ${message}`, 'the SPARQL server behind this endpoint sent an answer that cannot be read; the operator has been told', false);
}

/** SELECT / ASK: SPARQL JSON in, the negotiated results format out. */
export async function* resultsOutput(body: AsyncIterable<Uint8Array>, shape: Shape, summary: ResultSummary): AsyncGenerator<Uint8Array> {
  const reader = new JsonResultsReader();
  const writer = resultsWriter(shape.format as ResultsFormatId);
  let out = '';
  let bytes = 0;
  let tailBytes = 0;
  let started = false;
  let done = false;
  summary.rows = shape.kind === 'ASK' ? null : 0;
  const take = (events: ReturnType<JsonResultsReader['push']>): void => {
    for (const ev of events) {
      if (done) return;
      if (ev.kind === 'boolean') {
        if (shape.kind !== 'ASK') throw badAnswer('a boolean answer to a SELECT');
        out = writer.boolean(ev.value);
        started = true;
        done = true;
      } else if (ev.kind === 'vars') {
        if (shape.kind === 'ASK' || started) continue;
        out += writer.head(ev.vars);
        started = true;
        bytes = Buffer.byteLength(out);
        tailBytes = Buffer.byteLength(writer.tail());
      } else {
        if (!started || shape.kind === 'ASK') throw badAnswer('a binding before the variables, or in an ASK answer');
        const rows = summary.rows ?? 0;
        if (rows >= shape.maxRows) return stop('rows');
        const text = writer.row(ev.binding);
        const size = Buffer.byteLength(text);
        if (bytes + size + tailBytes > shape.maxBytes) return stop('bytes');
        out += text;
        bytes += size;
        summary.rows = rows + 1;
      }
    }
  };
  const stop = (why: 'rows' | 'bytes'): void => {
    summary.truncated = why;
    done = true;
  };
  try {
    for await (const chunk of body) {
      take(reader.push(chunk));
      if (done) break;
      if (out.length >= PIECE) {
        yield encoder.encode(out);
        out = '';
      }
    }
    if (!done) take(reader.end());
  } catch (e) {
    if (e instanceof SyntaxError || e instanceof TypeError && /decode|encoding/i.test(e.message)) throw badAnswer(e.message);
    throw e;
  }
  if (!started) throw badAnswer(shape.kind === 'ASK' ? 'no boolean in the answer to an ASK' : 'no variables in the answer to a SELECT');
  if (shape.kind !== 'ASK') out += writer.tail();
  yield encoder.encode(out);
}

/** CONSTRUCT / DESCRIBE: N-Triples (or Turtle) in, the negotiated RDF format out. */
export async function* triplesOutput(body: AsyncIterable<Uint8Array>, contentType: string, shape: Shape, summary: ResultSummary): AsyncGenerator<Uint8Array> {
  const lines = contentType.startsWith('text/turtle') ? turtleAsLines(body) : ntriplesLines(body);
  const passThrough = shape.format === 'ntriples';
  let out = '';
  let bytes = 0;
  let rows = 0;
  summary.rows = 0;
  for await (const line of lines) {
    if (rows >= shape.maxRows) {
      summary.truncated = 'rows';
      break;
    }
    const size = Buffer.byteLength(line);
    if (bytes + size > shape.maxBytes) {
      summary.truncated = 'bytes';
      break;
    }
    out += line;
    bytes += size;
    summary.rows = ++rows;
    if (passThrough && out.length >= PIECE) {
      yield encoder.encode(out);
      out = '';
    }
  }
  if (passThrough) {
    yield encoder.encode(out);
    return;
  }
  yield encoder.encode(convertTriples(out, shape.mediaType));
}

/** Complete lines of an N-Triples body, each ending in "\n"; blank lines and comments skipped. */
async function* ntriplesLines(body: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let rest = '';
  const split = function* (text: string, final: boolean): Generator<string> {
    const all = rest + text;
    const parts = all.split('\n');
    rest = final ? '' : parts.pop() ?? '';
    for (const p of parts) {
      const line = p.trim();
      if (line !== '' && !line.startsWith('#')) yield `${line}\n`;
    }
  };
  try {
    for await (const chunk of body) yield* split(decoder.decode(chunk, { stream: true }), false);
    yield* split(decoder.decode(), true);
  } catch (e) {
    if (e instanceof TypeError && /decode|encoding/i.test(e.message)) throw badAnswer(e.message);
    throw e;
  }
}

/** A Turtle body (for servers that will not write N-Triples), read whole and written as N-Triples lines. */
async function* turtleAsLines(body: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const parts: Uint8Array[] = [];
  for await (const chunk of body) parts.push(chunk);
  let quads;
  try {
    quads = new Parser({ format: 'Turtle' }).parse(Buffer.concat(parts).toString('utf8'));
  } catch (e) {
    throw badAnswer((e as Error).message);
  }
  const scratch = new ox.Store();
  for (const q of quads) scratch.add(ox.fromQuad(q));
  for (const line of (scratch.dump({ format: 'application/n-triples', from_graph_name: ox.defaultGraph() })).split('\n')) {
    if (line.trim() !== '') yield `${line}\n`;
  }
}

/** N-Triples into another RDF format through a scratch store, as the embedded query workers do. */
function convertTriples(ntriples: string, mediaType: string): string {
  const scratch = new ox.Store();
  try {
    loadNquads(scratch, encoder.encode(ntriples));
  } catch (e) {
    throw badAnswer((e as Error).message);
  }
  return scratch.dump({ format: mediaType, from_graph_name: ox.defaultGraph() });
}
