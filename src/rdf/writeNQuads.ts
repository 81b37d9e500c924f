// Writes N-Triples and N-Quads line by line, straight into a text sink: the same bytes as n3's
// Writer (canonical form: the same escapes, xsd:string left implicit), without its per-quad
// overhead of writing every line through a stream and concatenating a string of the whole dump.
// For sorted rows with term ids (a dump), each distinct term is written out once and reused.
import type { Quad, Term } from '@rdfjs/types';
import type { TextSink } from './TextChunks.ts';

const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';
// What canonical N-Triples escapes: U+0000–U+001F, `"`, `\`, U+007F, U+FFFE and U+FFFF (as n3 does).
const ESCAPE = /[^ !#-\[\]-~\u0080-\uFFFD]/;
const ESCAPE_ALL = /[^ !#-\[\]-~\u0080-\uFFFD]/g;
const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\', '"': '\\"', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\b': '\\b', '\f': '\\f',
};
/** Lines are gathered into strings of about this many characters before they go to the sink. */
export const BATCH_CHARS = 1 << 16;

/** Writes `quads` one per line, with their graph names when `withGraphs` (N-Quads). */
export function writeNQuads(quads: Iterable<Quad>, out: TextSink, withGraphs: boolean): void {
  for (const q of quads) {
    const g = withGraphs && q.graph.termType !== 'DefaultGraph' ? ` ${iriOrBlank(q.graph)} .\n` : ' .\n';
    out.write(`${iriOrBlank(q.subject)} ${iriOrBlank(q.predicate)} ${ntriplesTerm(q.object)}${g}`);
  }
}

/**
 * `writeNQuads` for rows whose terms have ids (see SortedQuads.quadRows): `terms[id]` caches each
 * term's N-Triples form, filled as terms are met; pass the same array to write both dumps.
 */
export function writeNQuadsRows(
  rows: { readonly quads: readonly Quad[]; readonly ids: Int32Array }, terms: (string | undefined)[], out: TextSink, withGraphs: boolean,
): void {
  const { quads, ids } = rows;
  const text = (id: number, t: Term): string => terms[id] ?? (terms[id] = ntriplesTerm(t));
  // Subjects, predicates and graph names: a cached literal (it begins with `"`) is refused as well.
  const node = (id: number, t: Term): string => {
    const known = terms[id];
    if (known === undefined) return (terms[id] = iriOrBlank(t));
    if (known.charCodeAt(0) === 34) iriOrBlank(t);
    return known;
  };
  let batch = '';
  for (let i = 0; i < quads.length; i++) {
    const q = quads[i] as Quad;
    const g = ids[4 * i] as number;
    batch += `${node(ids[4 * i + 1] as number, q.subject)} ${node(ids[4 * i + 2] as number, q.predicate)} ${text(ids[4 * i + 3] as number, q.object)}${
      withGraphs && g !== 0 ? ` ${node(g, q.graph)} .\n` : ' .\n'}`;
    if (batch.length > BATCH_CHARS) {
      out.write(batch);
      batch = '';
    }
  }
  if (batch !== '') out.write(batch);
}

/** A term in N-Triples. */
export function ntriplesTerm(t: Term): string {
  return t.termType === 'Literal' ? literal(t) : iriOrBlank(t);
}

function iriOrBlank(t: Term): string {
  if (t.termType === 'BlankNode') return `_:${t.value}`;
  if (t.termType !== 'NamedNode') throw new Error(`N-Quads cannot write a ${t.termType} here`);
  return `<${escape(t.value)}>`;
}

function literal(t: Term & { termType: 'Literal' }): string {
  const value = escape(t.value);
  if (t.language) {
    const direction = (t as { direction?: string }).direction;
    return `"${value}"@${t.language}${direction ? `--${direction}` : ''}`;
  }
  return t.datatype.value === XSD_STRING ? `"${value}"` : `"${value}"^^<${escape(t.datatype.value)}>`;
}

function escape(s: string): string {
  return ESCAPE.test(s) ? s.replace(ESCAPE_ALL, replace) : s;
}

function replace(c: string): string {
  const short = SHORT_ESCAPES[c];
  if (short !== undefined) return short;
  const hex = c.charCodeAt(0).toString(16).toUpperCase();
  return `\\u${'0000'.slice(hex.length)}${hex}`;
}
