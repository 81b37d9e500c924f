// The query text sent to the remote server, made from the parsed query (never by pasting strings):
// the row limit as a LIMIT (one more than allowed, so a cut can be told from an exact fit; not with
// ORDER BY, see below), and the
// dataset as FROM / FROM NAMED, from the protocol's default-graph-uri / named-graph-uri or, with
// REMOTE_DATASET=explicit, our own graphs (so that the default graph is the union of the dataset's
// graphs, as served embedded, whatever else the server holds). FROM in the query text rather than
// protocol parameters: Virtuoso echoes each default-graph-uri back as a response header.
import { DataFactory } from 'n3';
import sparqljs from 'sparqljs';
import type { Query } from 'sparqljs';
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
  // The parser resolved every relative IRI against the base; unchanged text gets the base spelled out.
  return changed ? generator.stringify(ast) : `BASE <${options.base}>\n${parsed.text}`;
}
