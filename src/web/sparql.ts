// The web layer's only way to ask the graph something: a query built as a sparqljs object (never as
// text pasted together), turned into text by sparqljs's Generator, checked by the same parser as
// every /sparql query, and run in the query pool. IRIs and literals enter queries only as terms.
import { DataFactory } from 'n3';
import ox from 'oxigraph';
import sparqljs from 'sparqljs';
import type {
  BgpPattern, DescribeQuery, Expression, FilterPattern, GraphPattern, IriTerm, OptionalPattern, Pattern, SelectQuery, Term as SparqlTerm,
  Triple, UnionPattern, ValuesPattern, VariableTerm,
} from 'sparqljs';
import type { Literal, NamedNode, Term } from '@rdfjs/types';
import { HttpError } from '../errors.ts';
import type { Graph } from '../graph/Graph.ts';
import { parseQuery } from '../graph/parseQuery.ts';

const { namedNode, literal, blankNode, variable } = DataFactory;

export const v = (name: string): VariableTerm => variable(name);

/** Characters SPARQL's IRIREF does not allow: sparqljs's Generator writes IRIs as they are, so they are refused here. */
export const NOT_IRIREF = /[<>"{}|^`\\\u0000-\u0020]/;

/**
 * Why `value` cannot be looked up as an IRI, or undefined when it can: text that could break out
 * of `<…>`, and anything the engine's own IRI parser refuses (no scheme, a bad %-escape, a bad
 * host…), so that user input never reaches the engine as a query it cannot parse.
 */
export function notLookupIri(value: string): string | undefined {
  if (NOT_IRIREF.test(value)) return 'a character IRIs may not hold';
  try {
    ox.namedNode(value);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** An IRI term for a query; 400 for text that is not an absolute IRI (see notLookupIri). */
export function iri(value: string): IriTerm {
  const why = notLookupIri(value);
  if (why !== undefined) throw new HttpError(400, `not an IRI that can be looked up: ${JSON.stringify(value.slice(0, 200))} (${why})`);
  return namedNode(value);
}

export const triple = (subject: Triple['subject'], predicate: Triple['predicate'], object: SparqlTerm): Triple => ({ subject, predicate, object });
export const bgp = (...triples: Triple[]): BgpPattern => ({ type: 'bgp', triples });
export const inGraph = (name: IriTerm | VariableTerm, ...patterns: Pattern[]): GraphPattern => ({ type: 'graph', name, patterns });
export const optional = (...patterns: Pattern[]): OptionalPattern => ({ type: 'optional', patterns });
export const union = (...groups: Pattern[][]): UnionPattern => ({ type: 'union', patterns: groups.map((patterns) => ({ type: 'group', patterns })) });
export const filter = (expression: Expression): FilterPattern => ({ type: 'filter', expression });
export const call = (operator: string, ...args: Expression[]): Expression => ({ type: 'operation', operator, args });

/** VALUES ?name { … } over IRIs. */
export function values(name: string, terms: readonly NamedNode[]): ValuesPattern {
  return { type: 'values', values: terms.map((t) => ({ [`?${name}`]: iri(t.value) })) };
}

export function select(variables: readonly string[], where: Pattern[], options: { distinct?: boolean; limit?: number; orderBy?: readonly string[] } = {}): SelectQuery {
  return {
    type: 'query', queryType: 'SELECT', prefixes: {}, variables: variables.map(v), where,
    ...(options.distinct ? { distinct: true } : {}),
    ...(options.orderBy ? { order: options.orderBy.map((name) => ({ expression: v(name) })) } : {}),
    ...(options.limit !== undefined ? { limit: options.limit } : {}),
  };
}

export function describeQuery(resource: string): DescribeQuery {
  return { type: 'query', queryType: 'DESCRIBE', prefixes: {}, variables: [iri(resource)] };
}

/** `SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { … }`. */
export function countDistinct(name: string, where: Pattern[]): SelectQuery {
  return {
    type: 'query', queryType: 'SELECT', prefixes: {}, where,
    variables: [{ expression: { type: 'aggregate', aggregation: 'count', distinct: true, expression: v(name) }, variable: v('n') }],
  };
}

/** The query's text, as sent to the engine and shown in "query this" links. */
export function toText(query: SelectQuery | DescribeQuery, prefixes: Readonly<Record<string, string>> = {}): string {
  return new sparqljs.Generator({ prefixes: { ...prefixes } }).stringify({ ...query, prefixes: { ...prefixes } });
}

export type Row = Readonly<Record<string, Term | undefined>>;

export interface SelectResult {
  readonly rows: readonly Row[];
  /** True when the pool's row or byte limit cut the result. */
  readonly truncated: boolean;
}

export interface RunOptions {
  readonly timeoutMs: number;
  readonly maxRows: number;
}

const XSD = 'http://www.w3.org/2001/XMLSchema#';
/** Turtle's bare literals, as SPARQL TSV may write them. */
const BARE: ReadonlyArray<[RegExp, string]> = [
  [/^[+-]?\d+$/, `${XSD}integer`], [/^[+-]?\d*\.\d+$/, `${XSD}decimal`],
  [/^[+-]?(\d+\.\d*|\.\d+|\d+)[eE][+-]?\d+$/, `${XSD}double`], [/^(true|false)$/, `${XSD}boolean`],
];
const ESCAPES: Readonly<Record<string, string>> = { t: '\t', n: '\n', r: '\r', b: '\b', f: '\f', '"': '"', "'": "'", '\\': '\\' };

function unescape(body: string): string {
  return body.replace(/\\(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|(.))/g, (_m, u4: string | undefined, u8: string | undefined, c: string | undefined) =>
    u4 || u8 ? String.fromCodePoint(parseInt(u4 ?? u8 ?? '0', 16)) : ESCAPES[c ?? ''] ?? c ?? '');
}

/** One SPARQL TSV cell (a term in Turtle syntax); undefined for an empty cell (unbound). */
export function tsvTerm(cell: string): Term | undefined {
  if (cell === '') return undefined;
  if (cell.startsWith('<') && cell.endsWith('>')) return namedNode(cell.slice(1, -1));
  if (cell.startsWith('_:')) return blankNode(cell.slice(2));
  if (cell.startsWith('"')) {
    const close = cell.lastIndexOf('"');
    const value = unescape(cell.slice(1, close));
    const rest = cell.slice(close + 1);
    if (rest.startsWith('@')) return literal(value, rest.slice(1));
    if (rest.startsWith('^^<') && rest.endsWith('>')) return literal(value, namedNode(rest.slice(3, -1)));
    return literal(value);
  }
  const bare = BARE.find(([re]) => re.test(cell));
  if (bare) return literal(cell, namedNode(bare[1]));
  throw new Error(`unreadable term in the engine's TSV answer: ${cell.slice(0, 100)}`);
}

/** SPARQL TSV text → rows. TSV, not JSON: the engine writes and counts it several times faster. */
export function parseTsv(text: string): Row[] {
  const lines = text.split('\n');
  const header = (lines[0] ?? '').split('\t').map((h) => h.replace(/^\?/, ''));
  const rows: Row[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line === '' && i === lines.length - 1) break;
    const cells = line.split('\t');
    const row: Record<string, Term | undefined> = {};
    header.forEach((name, k) => {
      const t = tsvTerm(cells[k] ?? '');
      if (t) row[name] = t;
    });
    rows.push(row);
  }
  return rows;
}

/** Runs a SELECT in the pool and returns its rows as RDF/JS terms. */
export async function runSelect(graph: Graph, query: SelectQuery, options: RunOptions): Promise<SelectResult> {
  const text = toText(query);
  const parsed = parseQuery(text, graph.info.base);
  const out = await graph.query({
    parsed, format: 'tsv', mediaType: 'text/tab-separated-values', dataset: undefined,
    timeoutMs: options.timeoutMs, limitName: 'the web interface\'s query time limit', maxRows: options.maxRows, maxBytes: 256 * 1024 * 1024,
  });
  try {
    return { rows: parseTsv(Buffer.from(out.body).toString('utf8')), truncated: out.truncated !== null };
  } catch (e) {
    throw new HttpError(500, `${(e as Error).message} (query: ${text.slice(0, 200)})`, { cause: e });
  }
}

export function isIri(t: Term | undefined): t is NamedNode {
  return t?.termType === 'NamedNode';
}

export function isLiteral(t: Term | undefined): t is Literal {
  return t?.termType === 'Literal';
}
