// The query text sent to the remote server, made from the parsed query (never by pasting strings):
// the row limit as a LIMIT (one more than allowed, so a cut can be told from an exact fit; not with
// ORDER BY, see below), and the
// dataset as FROM / FROM NAMED, from the protocol's default-graph-uri / named-graph-uri or, with
// REMOTE_DATASET=explicit, our own graphs (so that the default graph is the union of the dataset's
// graphs, as served embedded, whatever else the server holds). FROM in the query text rather than
// protocol parameters: Virtuoso echoes each default-graph-uri back as a response header.
import { DataFactory } from 'n3';
import sparqljs from 'sparqljs';
import type { Expression, Ordering, Query } from 'sparqljs';
import type { ParsedQuery } from '../graph/parseQuery.ts';
import type { DatasetSelection } from '../graph/workerProtocol.ts';

export type DatasetMode = 'explicit' | 'server';

export interface UpstreamQueryOptions {
  readonly base: string;
  readonly maxRows: number;
  /** The protocol dataset of the request, if any. */
  readonly dataset: DatasetSelection | undefined;
  readonly mode: DatasetMode;
  /** Every graph of the dataset (for explicit mode). */
  readonly graphs: readonly string[];
  /** Order strings by their text explicitly (Virtuoso 7.2 orders stored literals of more than ~50 characters by internal id). */
  readonly textOrder?: boolean;
}

const generator = new sparqljs.Generator();

export function upstreamQuery(parsed: ParsedQuery, options: UpstreamQueryOptions): string {
  const ast: Query = { ...parsed.ast };
  let changed = false;
  if (ast.queryType === 'SELECT' && (ast.limit === undefined || ast.limit > options.maxRows)) {
    // With ORDER BY, Virtuoso refuses a LIMIT above its MaxSortedTopRows (10000 by default, error
    // SR353), so a sorted query goes without one: the reader stops after maxRows + 1 rows anyway.
    if (ast.order?.length) delete ast.limit;
    else ast.limit = options.maxRows + 1;
    changed = true;
  }
  const fromQuery = parsed.from.default.length + parsed.from.named.length > 0;
  const dataset = options.dataset
    ?? (!fromQuery && options.mode === 'explicit' ? { defaultGraphs: options.graphs, namedGraphs: options.graphs } : undefined);
  if (dataset) {
    ast.from = {
      default: dataset.defaultGraphs.map((g) => DataFactory.namedNode(g)),
      named: dataset.namedGraphs.map((g) => DataFactory.namedNode(g)),
    };
    changed = true;
  }
  if (options.textOrder && ast.queryType === 'SELECT' && ast.order) {
    const aliases = projectedExpressions(ast);
    const order = ast.order.flatMap((o) => textOrdering(o, aliases));
    if (order.length !== ast.order.length) {
      ast.order = order;
      changed = true;
    }
  }
  // The parser resolved every relative IRI against the base; unchanged text gets the base spelled out.
  return changed ? generator.stringify(ast) : `BASE <${options.base}>\n${parsed.text}`;
}

const XSD_STRING = DataFactory.namedNode('http://www.w3.org/2001/XMLSchema#string');
const int = (n: number) => DataFactory.literal(String(n), DataFactory.namedNode('http://www.w3.org/2001/XMLSchema#integer'));
const op = (operator: string, ...args: Expression[]): Expression => ({ type: 'operation', operator, args });

function isVariable(e: Expression): boolean {
  return typeof e === 'object' && e !== null && 'termType' in e && e.termType === 'Variable';
}

/** Variables a SELECT binds by an expression, e.g. ?n in (COUNT(*) AS ?n): Virtuoso refuses expressions over them in ORDER BY. */
function projectedExpressions(ast: Query): ReadonlySet<string> {
  if (ast.queryType !== 'SELECT') return new Set();
  return new Set(ast.variables.flatMap((v) => ('variable' in v ? [v.variable.value] : [])));
}

/**
 * `ORDER BY ?x` as three keys with the same meaning: the kind of term (unbound, blank node, IRI,
 * literal, as SPARQL orders them); the text of a string (plain or language-tagged) through STR();
 * the term itself for everything else (numbers, dates). (On Virtuoso `IF(c, STR(?x), ?x)` orders
 * like ?x again, so text and value are separate keys.) Other expressions are left as they are.
 */
function textOrdering(o: Ordering, aliases: ReadonlySet<string>): Ordering[] {
  const x = o.expression;
  if (!isVariable(x) || aliases.has((x as { value: string }).value)) return [o];
  const kind = op('if', op('!', op('bound', x)), int(0), op('if', op('isblank', x), int(1), op('if', op('isiri', x), int(2), int(3))));
  const stringy = op('&&', op('isliteral', x), op('||', op('=', op('datatype', x), XSD_STRING), op('!=', op('lang', x), DataFactory.literal(''))));
  const text = op('if', stringy, op('str', x), DataFactory.literal(''));
  const value = op('if', stringy, DataFactory.literal(''), x);
  const descending = o.descending ? { descending: true } : {};
  return [kind, text, value].map((expression) => ({ expression, ...descending }));
}
