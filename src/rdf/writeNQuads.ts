// Writes N-Triples and N-Quads line by line, straight into a text sink: the same bytes as n3's
// Writer (canonical form: the same escapes, xsd:string left implicit), without its per-quad
// overhead of writing every line through a stream and concatenating a string of the whole dump.
import type { Quad, Term } from '@rdfjs/types';
import type { TextSink } from './TextChunks.ts';

const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';
// What canonical N-Triples escapes: U+0000–U+001F, `"`, `\`, U+007F, U+FFFE and U+FFFF (as n3 does).
const ESCAPE = /[^ !#-\[\]-~\u0080-\uFFFD]/;
const ESCAPE_ALL = /[^ !#-\[\]-~\u0080-\uFFFD]/g;
const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\', '"': '\\"', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\b': '\\b', '\f': '\\f',
};

/** Writes `quads` one per line, with their graph names when `withGraphs` (N-Quads). */
export function writeNQuads(quads: Iterable<Quad>, out: TextSink, withGraphs: boolean): void {
  for (const q of quads) {
    const g = withGraphs && q.graph.termType !== 'DefaultGraph' ? ` ${iriOrBlank(q.graph)} .\n` : ' .\n';
    out.write(`${iriOrBlank(q.subject)} ${iriOrBlank(q.predicate)} ${q.object.termType === 'Literal' ? literal(q.object) : iriOrBlank(q.object)}${g}`);
  }
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
