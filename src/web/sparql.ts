// The web layer's only way to ask the graph something: a query built as a sparqljs object (never as
// text pasted together), turned into text by sparqljs's Generator, checked by the same parser as
// every /sparql query, and run in the query pool. IRIs and literals enter queries only as terms.
import { DataFactory } from 'n3';
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
const NOT_IRIREF = /[<>"{}|^`\\\u0000-\u0020]/;

/** An IRI term for a query; throws on text that could break out of `<…>`. */
export function iri(value: string): IriTerm {
  if (NOT_IRIREF.test(value)) throw new HttpError(400, `not an IRI that can be looked up: ${JSON.stringify(value.slice(0, 200))}`);
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

interface JsonTerm {
  readonly type: 'uri' | 'bnode' | 'literal' | 'typed-literal' | 'triple';
  readonly value: string;
  readonly 'xml:lang'?: string;
  readonly datatype?: string;
}

function toTerm(t: JsonTerm): Term | undefined {
  switch (t.type) {
    case 'uri': return namedNode(t.value);
    case 'bnode': return blankNode(t.value);
    case 'literal':
    case 'typed-literal':
      return t['xml:lang'] ? literal(t.value, t['xml:lang']) : t.datatype ? literal(t.value, namedNode(t.datatype)) : literal(t.value);
    default: return undefined;
  }
}

/** Runs a SELECT in the pool and returns its rows as RDF/JS terms. */
export async function runSelect(graph: Graph, query: SelectQuery, options: RunOptions): Promise<SelectResult> {
  const text = toText(query);
  const parsed = parseQuery(text, graph.info.base);
  const out = await graph.query({
    parsed, format: 'json', mediaType: 'application/sparql-results+json', dataset: undefined,
    timeoutMs: options.timeoutMs, limitName: 'the web interface\'s query time limit', maxRows: options.maxRows, maxBytes: 64 * 1024 * 1024,
  });
  const json = JSON.parse(Buffer.from(out.body).toString('utf8')) as { results?: { bindings?: Array<Record<string, JsonTerm>> } };
  const bindings = json.results?.bindings;
  if (!bindings) throw new HttpError(500, `the engine's answer to a web query has no bindings: ${text.slice(0, 200)}`);
  const rows = bindings.map((b) => Object.fromEntries(Object.entries(b).map(([k, t]) => [k, toTerm(t)])));
  return { rows, truncated: out.truncated !== null };
}

export function isIri(t: Term | undefined): t is NamedNode {
  return t?.termType === 'NamedNode';
}

export function isLiteral(t: Term | undefined): t is Literal {
  return t?.termType === 'Literal';
}
