// How `push` writes graphs into the remote store, by what the server offers:
//   gsp+update  Graph Store Protocol for the data (PUT replaces a graph in one request, POST adds),
//               SPARQL Update for the swap: a large graph is loaded into a staging graph, then
//               `MOVE <staging> TO <graph>` replaces the graph in one request.
//   update      SPARQL Update only: `DROP; INSERT DATA` in one request, or staging + MOVE.
//   gsp         Graph Store Protocol only: a graph larger than a batch cannot be swapped in, so it
//               is replaced by a PUT and then POSTs; push says so while that graph is in between.
// Update requests are built with sparqljs from parsed terms, never pasted together.
import { DataFactory, Parser } from 'n3';
import sparqljs from 'sparqljs';
import type { Quad } from '@rdfjs/types';
import type { Triple, Update, UpdateOperation } from 'sparqljs';
import type { RequestOptions, SparqlClient } from './SparqlClient.ts';

export type WriteMode = 'gsp+update' | 'gsp' | 'update';

/** Where a large graph's new copy is assembled before the swap. */
export const STAGING_GRAPH = 'urn:x-asean-kg:push-staging';

const generator = new sparqljs.Generator();
const { namedNode } = DataFactory;

export class GraphWriter {
  constructor(private readonly client: SparqlClient, readonly mode: WriteMode, private readonly request: RequestOptions) {}

  /** Whether a graph of any size can be replaced without a moment where it is half-replaced. */
  get atomic(): boolean {
    return this.mode !== 'gsp';
  }

  /** Replaces `graph` by `lines` in one request. */
  async replace(graph: string, lines: readonly string[]): Promise<void> {
    if (this.mode === 'update') return this.update([drop(graph), insert(graph, lines)]);
    return this.client.graphStore('PUT', graph, ntriples(lines), this.request);
  }

  /** Adds `lines` to `graph` (the staging graph, or in gsp mode the graph itself). */
  async append(graph: string, lines: readonly string[]): Promise<void> {
    if (this.mode === 'update') return this.update([insert(graph, lines)]);
    return this.client.graphStore('POST', graph, ntriples(lines), this.request);
  }

  /** Empties the staging graph (it may be left over from a failed run). */
  async clearStaging(): Promise<void> {
    return this.update([drop(STAGING_GRAPH)]);
  }

  /** Replaces `graph` by the staging graph's contents, and empties the staging graph. */
  async swap(graph: string): Promise<void> {
    return this.update([{ type: 'move', silent: false, source: graphRef(STAGING_GRAPH), destination: graphRef(graph) } as UpdateOperation]);
  }

  /** Triples per graph on the server (0 for a graph it does not hold), asked 500 graphs at a time. */
  async counts(graphs: readonly string[]): Promise<Map<string, number>> {
    const counts = new Map<string, number>(graphs.map((g) => [g, 0]));
    for (let i = 0; i < graphs.length; i += 500) {
      const slice = graphs.slice(i, i + 500);
      const query = generator.stringify({
        type: 'query', queryType: 'SELECT', prefixes: {},
        variables: [DataFactory.variable('g'), { expression: { type: 'aggregate', aggregation: 'count', distinct: false, expression: { termType: 'Wildcard', value: '*' } }, variable: DataFactory.variable('n') }],
        where: [
          { type: 'values', values: slice.map((g) => ({ '?g': namedNode(g) })) },
          { type: 'graph', name: DataFactory.variable('g'), patterns: [{ type: 'bgp', triples: [{ subject: DataFactory.variable('s'), predicate: DataFactory.variable('p'), object: DataFactory.variable('o') }] }] },
        ],
        group: [{ expression: DataFactory.variable('g') }],
      } as unknown as sparqljs.SelectQuery);
      const text = await this.client.queryText(query, 'application/sparql-results+json', this.request);
      const json = JSON.parse(text) as { results?: { bindings?: Array<Record<string, { value: string }>> } };
      for (const b of json.results?.bindings ?? []) {
        const g = b['g']?.value;
        if (g !== undefined) counts.set(g, Number(b['n']?.value ?? 0));
      }
    }
    return counts;
  }

  private async update(operations: UpdateOperation[]): Promise<void> {
    const text = generator.stringify({ type: 'update', prefixes: {}, updates: operations } as Update);
    await this.client.update(text, this.request);
  }
}

function graphRef(iri: string) {
  return { type: 'graph', name: namedNode(iri) } as const;
}

function drop(graph: string): UpdateOperation {
  return { type: 'drop', silent: true, graph: graphRef(graph) } as UpdateOperation;
}

function insert(graph: string, lines: readonly string[]): UpdateOperation {
  const quads: Quad[] = new Parser({ format: 'N-Triples' }).parse(lines.join(''));
  const triples = quads.map((q) => ({ subject: q.subject, predicate: q.predicate, object: q.object }) as Triple);
  return { updateType: 'insert', insert: [{ type: 'graph', name: namedNode(graph), triples }] } as UpdateOperation;
}

function ntriples(lines: readonly string[]): Uint8Array {
  return Buffer.from(lines.join(''), 'utf8');
}
