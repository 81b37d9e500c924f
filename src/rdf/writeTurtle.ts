// Writes sorted triples as Turtle and sorted quads as TriG: the same bytes as n3's Writer given the
// same rows and prefixes (the tests hold it to that), at a fraction of its cost on a dump. n3's
// Writer encodes every term of every triple again (and an n3 literal parses its value, language
// and datatype out of its id on each read); here each distinct term is encoded once, by its term
// id (see SortedQuads.quadRows), and the lines go to the sink in large batches. The rules below
// are n3's (N3Writer.js, n3 2.x), including its quirks: IRIs are escaped like literals, control
// characters U+001A–U+001F are left as they are, and prefixed names use a narrower local name
// than Turtle allows.
import type { Quad, Term } from '@rdfjs/types';
import type { TextSink } from './TextChunks.ts';
import { BATCH_CHARS } from './writeNQuads.ts';

const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const XSD = 'http://www.w3.org/2001/XMLSchema#';

// Characters escaped in Turtle and TriG; outside the Basic Multilingual Plane as \UXXXXXXXX.
const ESCAPE = /["\\\t\n\r\b\f\u0000-\u0019\ud800-\udbff]/;
const ESCAPE_ALL = /["\\\t\n\r\b\f\u0000-\u0019]|[\ud800-\udbff][\udc00-\udfff]/g;
const SHORT_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\\\', '"': '\\"', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\b': '\\b', '\f': '\\f',
};
// A local name as n3 writes one when an IRI already looks like a prefixed name.
const LOCAL_START = 'A-Za-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF'
  + '\\u200C\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD_:0-9';
const LOCAL_CHAR = `${LOCAL_START}\\-\\u00B7\\u0300-\\u036F\\u203F\\u2040`;
const PERCENT = '%[0-9A-Fa-f]{2}';
const LOCAL_NAME = new RegExp(`^(?:(?:[${LOCAL_START}]|${PERCENT})(?:(?:[${LOCAL_CHAR}.]|${PERCENT})*(?:[${LOCAL_CHAR}]|${PERCENT}))?)?$`);

export interface TurtleRows {
  readonly quads: readonly Quad[];
  /** Term ids of graph, subject, predicate and object of row i at 4i .. 4i+3; equal terms, equal ids; 0 is the default graph. */
  readonly ids: Int32Array;
}

/**
 * Writes `rows` (sorted, so that a subject's triples are adjacent) as Turtle, or as TriG when
 * `withGraphs`; `termCount` bounds the term ids.
 */
export function writeTurtle(rows: TurtleRows, termCount: number, prefixes: Readonly<Record<string, string>>, out: TextSink, withGraphs: boolean): void {
  const encoder = new TermEncoder(prefixes);
  out.write(encoder.header);
  const { quads, ids } = rows;
  const terms = new Array<string | undefined>(termCount);
  const predicates = new Array<string | undefined>(termCount);
  const term = (id: number, t: Term): string => terms[id] ?? (terms[id] = encoder.term(t));
  const predicate = (id: number, t: Term): string => predicates[id] ?? (predicates[id] = encoder.predicate(t));
  let graph = 0;
  let subject = -1;
  let lastPredicate = -1;
  let batch = '';
  for (let i = 0; i < quads.length; i++) {
    const q = quads[i] as Quad;
    const g = withGraphs ? (ids[4 * i] as number) : 0;
    const s = ids[4 * i + 1] as number;
    const p = ids[4 * i + 2] as number;
    const o = ids[4 * i + 3] as number;
    if (g !== graph) {
      batch += `${subject === -1 ? '' : graph === 0 ? '.\n' : '\n}\n'}${g === 0 ? '' : `${term(g, q.graph)} {\n`}`;
      graph = g;
      subject = -1;
    }
    if (s === subject) {
      if (p === lastPredicate) batch += `, ${term(o, q.object)}`;
      else batch += `;\n    ${predicate((lastPredicate = p), q.predicate)} ${term(o, q.object)}`;
    } else {
      batch += `${subject === -1 ? '' : '.\n'}${term((subject = s), q.subject)} ${predicate((lastPredicate = p), q.predicate)} ${term(o, q.object)}`;
    }
    if (batch.length > BATCH_CHARS) {
      out.write(batch);
      batch = '';
    }
  }
  if (subject !== -1) batch += graph === 0 ? '.\n' : '\n}\n';
  if (batch !== '') out.write(batch);
}

/** Terms in Turtle with a set of prefixes, as n3's Writer writes them. */
class TermEncoder {
  /** The prefix declarations. */
  readonly header: string;
  /** Prefix (with its colon) by namespace IRI; a namespace given twice keeps its last prefix, as in n3. */
  private readonly prefixOf: Record<string, string> = Object.create(null) as Record<string, string>;
  private readonly matcher: RegExp | undefined;

  constructor(prefixes: Readonly<Record<string, string>>) {
    let header = '';
    const patterns: Record<string, [string, string]> = Object.create(null) as Record<string, [string, string]>;
    // `for … in`, as n3 reads the prefixes (integer-like names would come first).
    for (const name in prefixes) {
      const iri = prefixes[name] as string;
      const prefix = `${name}:`;
      this.prefixOf[iri] = prefix;
      patterns[iri] = [escapeRegex(iri), escapeRegex(prefix)];
      header += `@prefix ${prefix} <${iri}>.\n`;
    }
    if (header === '') {
      this.header = '';
      return;
    }
    this.header = `${header}\n`;
    const entries = Object.values(patterns);
    this.matcher = new RegExp(`^(${entries.map(([i]) => i).join('|')})([_a-zA-Z0-9](?:\\.?[\\-_a-zA-Z0-9])*)$|^(?:${entries.map(([, p]) => p).join('|')})`);
  }

  /** A subject, object or graph name. */
  term(t: Term): string {
    switch (t.termType) {
      case 'NamedNode': return this.iri(t.value);
      case 'BlankNode': return `_:${t.value}`;
      case 'Literal': return this.literal(t);
      default: throw new Error(`Turtle cannot write a ${t.termType} here`);
    }
  }

  predicate(t: Term): string {
    return t.termType === 'NamedNode' && t.value === RDF_TYPE ? 'a' : this.term(t);
  }

  private iri(value: string): string {
    const iri = escape(value);
    const match = this.matcher?.exec(iri);
    if (!match) return `<${iri}>`;
    if (match[1]) return `${this.prefixOf[match[1]] as string}${match[2] as string}`;
    // The IRI already looks like a prefixed name: written as it is if the rest is a local name.
    return LOCAL_NAME.test(iri.slice(match[0].length)) ? iri : `<${iri}>`;
  }

  private literal(t: Term & { termType: 'Literal' }): string {
    const value = escape(t.value);
    if (t.language) {
      const direction = (t as { direction?: string }).direction;
      return `"${value}"@${t.language}${direction ? `--${direction}` : ''}`;
    }
    switch (t.datatype.value) {
      case `${XSD}string`: return `"${value}"`;
      case `${XSD}boolean`: if (value === 'true' || value === 'false') return value; break;
      case `${XSD}integer`: if (/^[+-]?\d+$/.test(value)) return value; break;
      case `${XSD}decimal`: if (/^[+-]?\d*\.\d+$/.test(value)) return value; break;
      case `${XSD}double`: if (/^[+-]?(?:\d+\.\d*|\.?\d+)[eE][+-]?\d+$/.test(value)) return value; break;
    }
    return `"${value}"^^${this.iri(t.datatype.value)}`;
  }
}

function escape(s: string): string {
  return ESCAPE.test(s) ? s.replace(ESCAPE_ALL, replace) : s;
}

function replace(c: string): string {
  const short = SHORT_ESCAPES[c];
  if (short !== undefined) return short;
  if (c.length === 1) {
    const hex = c.charCodeAt(0).toString(16);
    return `\\u${'0000'.slice(hex.length)}${hex}`;
  }
  const hex = ((c.charCodeAt(0) - 0xd800) * 0x400 + c.charCodeAt(1) + 0x2400).toString(16);
  return `\\U${'00000000'.slice(hex.length)}${hex}`;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
