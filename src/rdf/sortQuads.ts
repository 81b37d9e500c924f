// Deterministic order and de-duplication of quads: the basis of byte-identical dumps.
//
// The order is that of a string key per quad, `graph \0 subject \0 predicate \0 object`, where a
// term's key is `0<iri>`, `1<blank node label>` or `2<value>\u0001<datatype>\u0001<language>`,
// compared code unit by code unit. Building a million such keys and sorting them is slow, so the
// same order is reached another way: every distinct term gets a rank (its key's place among all
// distinct keys), and the quads are radix-sorted by the ranks of object, predicate, subject and
// graph. The two orders are the same as long as no term key contains U+0000 (the separator), which
// is checked; otherwise the keys are built and sorted as before.
import { DataFactory } from 'n3';
import type { Quad, Term } from '@rdfjs/types';

/** A sort key for a term: IRIs, then blank nodes, then literals (by value, datatype, language). */
function termKey(t: Term): string {
  switch (t.termType) {
    case 'NamedNode': return `0${t.value}`;
    case 'BlankNode': return `1${t.value}`;
    case 'Literal': return `2${literalKey(t)}`;
    case 'DefaultGraph': return '';
    default: return `3${t.value}`;
  }
}

/** A literal's identity: value, datatype, language and (only if it has one) base direction. */
function literalKey(t: Term): string {
  const direction = (t as { direction?: string }).direction;
  const key = `${t.value}\u0001${(t as { datatype: Term }).datatype.value}\u0001${(t as { language: string }).language}`;
  return direction ? `${key}\u0001${direction}` : key;
}

/**
 * Sorted rows: the quads, and the term ids of each (graph, subject, predicate, object at 4i .. 4i+3).
 * Rows of triples keep the input quads, whose graph is then to be ignored (its id is 0).
 */
export interface Rows {
  readonly quads: readonly Quad[];
  readonly ids: Int32Array;
}

/**
 * Quads in both orders the dumps need, each computed once and shared: pass one of these instead of
 * an array to `serialize` so that six dump formats sort the data once, not six times.
 */
export class SortedQuads {
  private readonly input: readonly Quad[];
  private index: TermIndex | undefined;
  private byGraph: Rows | undefined;
  private union: Rows | undefined;
  private unionQuads: readonly Quad[] | undefined;

  constructor(quads: Iterable<Quad>) {
    this.input = Array.isArray(quads) ? (quads as readonly Quad[]) : [...quads];
  }

  /** Sorted by graph, subject, predicate, object, without duplicates (see `sortQuads`). */
  quads(): readonly Quad[] {
    return this.quadRows().quads;
  }

  /** The union of all graphs as default-graph triples, sorted, without duplicates (see `unionTriples`). */
  triples(): readonly Quad[] {
    this.unionQuads ??= this.tripleRows().quads.map((q) => DataFactory.quad(q.subject, q.predicate, q.object));
    return this.unionQuads;
  }

  /**
   * `quads()` with the term ids of each: equal terms have the same id, below `termCount` (the
   * default graph is 0), so that a writer can turn each distinct term into text once.
   */
  quadRows(): Rows {
    this.byGraph ??= uniqueSorted(this.input, true, this.terms(), this.bySubject());
    return this.byGraph;
  }

  /** The rows of `triples()`, with the term ids of each: the quads are input quads, in whatever graph (the graph's id is 0). */
  tripleRows(): Rows {
    this.union ??= uniqueSorted(this.input, false, this.terms(), this.bySubject());
    return this.union;
  }

  /** The input in subject, predicate, object order (duplicates kept): where both sorts start. */
  private bySubject(): Int32Array | undefined {
    const index = this.terms();
    if (index.unsafe) return undefined;
    this.spo ??= radixSort(index, this.input.length, [3, 2, 1]);
    return this.spo;
  }

  private spo: Int32Array | undefined;

  /** How many term ids there are (one more than the highest). */
  get termCount(): number {
    return this.terms().size;
  }

  /** The input quads, in input order (as given, duplicates and all). */
  get inputQuads(): readonly Quad[] {
    return this.input;
  }

  /**
   * The term ids of the input quads, in input order: graph, subject, predicate and object of quad i
   * at [4i .. 4i+3] (the ids of `quadRows` and `tripleRows`), and a term for each id. Numbering the
   * terms is most of the work of a first sort, so SHACL validation takes its numbers from here.
   */
  inputIds(): { readonly ids: Int32Array; readonly terms: readonly Term[] } {
    return this.terms();
  }

  private terms(): TermIndex {
    this.index ??= new TermIndex(this.input);
    return this.index;
  }
}

/** Quads sorted by graph, subject, predicate, object, without duplicates. */
export function sortQuads(quads: Iterable<Quad> | SortedQuads): Quad[] {
  return [...(quads instanceof SortedQuads ? quads : new SortedQuads(quads)).quads()];
}

/** The union of all graphs as default-graph triples, sorted, without duplicates. */
export function unionTriples(quads: Iterable<Quad> | SortedQuads): Quad[] {
  return [...(quads instanceof SortedQuads ? quads : new SortedQuads(quads)).triples()];
}

/** Every distinct term of the input, with its rank; and the term id of each position of each quad. */
class TermIndex {
  /** Term ids of graph, subject, predicate and object of quad i at [4i .. 4i+3]. */
  readonly ids: Int32Array;
  /** A term for each id (the default graph for 0). */
  readonly terms: readonly Term[];
  readonly size: number;
  /** Some term key holds U+0000: the ranks would not give the key order. */
  readonly unsafe: boolean;
  private readonly keys: string[];
  private ranks: Int32Array | undefined;

  constructor(quads: readonly Quad[]) {
    const named = new Map<string, number>();
    const blank = new Map<string, number>();
    const literal = new Map<string, number>();
    const other = new Map<string, number>();
    const keys: string[] = [''];
    const terms: Term[] = [DataFactory.defaultGraph()];
    let unsafe = false;
    const idOf = (t: Term): number => {
      let map: Map<string, number>;
      let k: string;
      switch (t.termType) {
        case 'NamedNode': map = named; k = t.value; break;
        case 'BlankNode': map = blank; k = t.value; break;
        case 'Literal': map = literal; k = literalKey(t); break;
        case 'DefaultGraph': return 0;
        default: map = other; k = t.value;
      }
      let id = map.get(k);
      if (id === undefined) {
        id = keys.length;
        map.set(k, id);
        const key = termKey(t);
        if (key.includes('\u0000')) unsafe = true;
        keys.push(key);
        terms.push(t);
      }
      return id;
    };
    const ids = new Int32Array(quads.length * 4);
    for (let i = 0; i < quads.length; i++) {
      const q = quads[i] as Quad;
      ids[4 * i] = idOf(q.graph);
      ids[4 * i + 1] = idOf(q.subject);
      ids[4 * i + 2] = idOf(q.predicate);
      ids[4 * i + 3] = idOf(q.object);
    }
    this.ids = ids;
    this.terms = terms;
    this.keys = keys;
    this.size = keys.length;
    this.unsafe = unsafe;
  }

  /** Rank of each term id in the order of the term keys (sorted on first use). */
  get rank(): Int32Array {
    if (!this.ranks) {
      const keys = this.keys;
      const order = Array.from(keys.keys()).sort((a, b) => compareKeys(keys[a] as string, keys[b] as string));
      const rank = new Int32Array(keys.length);
      order.forEach((id, r) => { rank[id] = r; });
      this.ranks = rank;
    }
    return this.ranks;
  }
}

/**
 * LSD radix sort of the quads by the ranks of the terms at `positions` (of graph 0, subject 1,
 * predicate 2, object 3), least significant first: stable counting sorts, starting from `from`
 * (a permutation already sorted by the less significant positions) or from the input order.
 */
function radixSort(index: TermIndex, n: number, positions: readonly number[], from?: Int32Array): Int32Array {
  const { ids, rank, size } = index;
  let perm = from ? from.slice() : new Int32Array(n);
  if (!from) for (let i = 0; i < n; i++) perm[i] = i;
  let next = new Int32Array(n);
  const counts = new Int32Array(size + 1);
  const keyOf = new Int32Array(n);
  for (const position of positions) {
    counts.fill(0);
    for (let i = 0; i < n; i++) {
      const r = rank[ids[4 * i + position] as number] as number;
      keyOf[i] = r;
      counts[r + 1] = (counts[r + 1] as number) + 1;
    }
    for (let r = 1; r <= size; r++) counts[r] = (counts[r] as number) + (counts[r - 1] as number);
    for (let j = 0; j < n; j++) {
      const i = perm[j] as number;
      const r = keyOf[i] as number;
      const at = counts[r] as number;
      next[at] = i;
      counts[r] = at + 1;
    }
    [perm, next] = [next, perm];
  }
  return perm;
}

/** `spo`: the input sorted by subject, predicate and object (see SortedQuads.bySubject); quads sort it once more, by graph. */
function uniqueSorted(quads: readonly Quad[], withGraph: boolean, index: TermIndex, spo: Int32Array | undefined): Rows {
  if (index.unsafe || !spo) return rowsOf(quads, uniqueSortedByKeys(quads, withGraph, (i) => i), withGraph, index);
  const n = quads.length;
  const { ids } = index;
  const perm = withGraph ? radixSort(index, n, [0], spo) : spo;
  // Equal quads are now adjacent, in input order; keep the last of each run, as a Map keyed by
  // the quad's key would.
  const same = (a: number, b: number): boolean =>
    ids[4 * a + 1] === ids[4 * b + 1] && ids[4 * a + 2] === ids[4 * b + 2] && ids[4 * a + 3] === ids[4 * b + 3]
    && (!withGraph || ids[4 * a] === ids[4 * b]);
  const kept: number[] = [];
  for (let j = 0; j < n; j++) {
    const i = perm[j] as number;
    if (j + 1 < n && same(i, perm[j + 1] as number)) continue;
    kept.push(i);
  }
  return rowsOf(quads, kept, withGraph, index);
}

/** The rows of the input quads at `kept`, in that order (with graph ids unless `withGraph` is false). */
function rowsOf(quads: readonly Quad[], kept: readonly number[], withGraph: boolean, index: TermIndex): Rows {
  const out: Quad[] = new Array(kept.length);
  const ids = new Int32Array(kept.length * 4);
  const from = index.ids;
  for (let j = 0; j < kept.length; j++) {
    const i = kept[j] as number;
    const q = quads[i] as Quad;
    out[j] = q;
    if (withGraph) ids[4 * j] = from[4 * i] as number;
    ids[4 * j + 1] = from[4 * i + 1] as number;
    ids[4 * j + 2] = from[4 * i + 2] as number;
    ids[4 * j + 3] = from[4 * i + 3] as number;
  }
  return { quads: out, ids };
}

/** The reference algorithm: a string key per quad, sorted; `pick` maps the input index kept for each key. */
function uniqueSortedByKeys<T>(quads: readonly Quad[], withGraph: boolean, pick: (i: number, q: Quad) => T): T[] {
  const key = (q: Quad) =>
    `${withGraph ? termKey(q.graph) : ''}\u0000${termKey(q.subject)}\u0000${termKey(q.predicate)}\u0000${termKey(q.object)}`;
  const keyed = new Map<string, T>();
  quads.forEach((q, i) => keyed.set(key(q), pick(i, q)));
  return [...keyed.keys()].sort(compareKeys).map((k) => keyed.get(k) as T);
}

/** Exported for tests: the reference order, to check the fast one against. */
export function sortQuadsByKeys(quads: Iterable<Quad>, withGraph = true): Quad[] {
  return uniqueSortedByKeys([...quads], withGraph, (_, q) => (withGraph ? q : DataFactory.quad(q.subject, q.predicate, q.object)));
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
