// SHACL validation of the built graph (data + ontology + entailments) against ontology/shapes.ttl,
// with shacl-engine (SHACL Core; see shaclEngine.ts). Each violation is reported at the record it
// concerns. Small graphs (the real data) are validated here, in one run; large ones in batches of
// focus nodes, in worker threads, so that this thread stays free for other work while they run.
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { Quad, Term } from '@rdfjs/types';
import type { Problems, SourceLocation } from '../load/problems.ts';
import { spawnWorker } from '../graph/spawnWorker.ts';
import { PREFIXES } from '../vocab.ts';
import { SortedQuads } from './sortQuads.ts';
import {
  nodeKey, packNumbered, packTriples, shapesValidator, TripleTable, unpackResult, validateGraph, type PackedResult, type PackedTriples, type ValidationResult,
} from './shaclEngine.ts';
import type { BatchTable, WorkerInit, WorkerMessage } from './validateShapesWorker.ts';

/** Graphs up to this many quads are validated in one run, in this thread. */
const WHOLE_GRAPH_QUADS = 50_000;
/** Focus nodes whose facts go into one batch: about this many quads at most. */
const BATCH_QUADS = 10_000;
/** Worker threads for the batches: one per CPU by default (see `validateShapes`), at most this many. */
const MAX_WORKERS = 4;
/** Each worker's heap is bounded: a batch needs far less. */
const WORKER_HEAP_MB = 512;
/**
 * Each worker's young generation: room for a batch's short-lived bookkeeping, so that less of it is
 * copied into the old generation before it dies (at 1M triples 7% less validation CPU than V8's
 * default, side by side; 64 MB gained less, 256 MB no more).
 */
const WORKER_YOUNG_MB = 128;
const WORKER_ENTRY = new URL('./validateShapesWorker.ts', import.meta.url);

/**
 * Validates `data` against `shapes`, adding one problem per violation at the record of its focus
 * node (`locate`), as `SHACL: <focus> <path>: <message> (got <value>) [<shape>]`. Returns the number
 * of violations. For large graphs the work runs in worker threads (`workers` of them, at most
 * MAX_WORKERS; by default one per CPU): the promise settles when they end.
 */
export async function validateShapes(
  data: Iterable<Quad> | SortedQuads, shapes: readonly Quad[], locate: (subject: string) => SourceLocation, problems: Problems,
  prefixes: Readonly<Record<string, string>> = PREFIXES, batchQuads = BATCH_QUADS, wholeGraphQuads = WHOLE_GRAPH_QUADS,
  workers = availableParallelism(),
): Promise<number> {
  // Given SortedQuads (which the dumps need too), the batches take its term numbers.
  const quads = data instanceof SortedQuads ? data.inputQuads : Array.isArray(data) ? (data as readonly Quad[]) : [...data];
  const pack = data instanceof SortedQuads
    ? () => { const { ids, terms } = data.inputIds(); return packNumbered(ids, terms); }
    : () => packTriples(quads);
  const plan = batchPlan(shapes);
  const results = !plan || quads.length <= Math.max(batchQuads, wholeGraphQuads)
    ? await validateGraph(shapesValidator(shapes, quads), quads)
    : await validateInBatches(quads, pack, shapes, plan, batchQuads, workers);
  const shorten = (t: Term) => shortName(t, prefixes);
  for (const r of results) {
    const focus = r.focusNode.value;
    const path = r.path ? ` ${shorten(r.path)}` : '';
    const messages = r.message.map((m) => m.value).filter((m) => m !== '');
    const what = messages.length > 0 ? messages.join('; ') : shorten(r.sourceConstraintComponent);
    const value = r.value && r.value.value !== focus ? ` (got ${r.value.termType === 'Literal' ? JSON.stringify(r.value.value) : shorten(r.value)})` : '';
    const shape = r.sourceShape.termType === 'NamedNode' ? ` [${shorten(r.sourceShape)}]` : '';
    problems.add(locate(focus), `SHACL: ${shorten(r.focusNode)}${path}: ${what}${value}${shape}`);
  }
  return results.length;
}

// ---------------------------------------------------------------------------------------------
// Validation in batches of focus nodes
//
// The engine's cost per focus node is about constant, but one run over a million triples keeps its
// bookkeeping for every node and shape until the end, and its garbage collection then grows with the
// heap (a run over 1M triples in one heap took three times the CPU of ten runs over 100k, and 3 GB).
// When the shapes only ever look one step away from a focus node, each batch of focus nodes can be
// validated on its own neighbourhood: the batch's outgoing triples, its incoming triples of the
// properties used as inverse paths, and the rdf:type triples of every node those reach (for
// sh:class; the rdfs:subClassOf triples go with the shapes). Results are kept only for the batch's
// own focus nodes (the neighbours are validated in their own batch, with all their facts). Shapes
// that look further (a path of several steps, a value shape with its own properties, explicit target
// nodes or objects) are validated over the whole graph at once.
//
// This thread cuts all the batches at once into shared arrays (a few bytes per triple); worker
// threads, each with a bounded heap, take them one at a time from a shared counter, in parallel and
// without waiting for this thread, which goes on to write the dumps. Where workers cannot start, or
// one stops in the middle of a batch, what was not answered is validated in this thread at the end.

interface BatchPlan {
  /** Properties whose incoming triples the shapes read (sh:inversePath). */
  readonly inverse: ReadonlySet<string>;
  /** Properties the shapes follow forwards (sh:path): only their values can be checked for a class. */
  readonly forward: ReadonlySet<string>;
  /**
   * Every IRI the shapes graph names, in any place; undefined when the shapes read every property
   * (an sh:closed shape) or every rdf:type (a path of rdf:type). A triple whose property is not
   * named, or a type whose class is neither named nor a subclass of a named class, is read by no
   * shape (no path, target, sh:class or implicit class target can reach it): the batches leave it out.
   */
  readonly named: ReadonlySet<string> | undefined;
}

const SH = 'http://www.w3.org/ns/shacl#';
const sh = (local: string) => SH + local;
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const RDF_FIRST = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#first';
const RDF_REST = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#rest';
const RDF_NIL = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#nil';
const SUBCLASS = 'http://www.w3.org/2000/01/rdf-schema#subClassOf';
/** What a shape applied to a value node may say: only about that node and its types. */
const VALUE_SHAPE_KEYS = new Set([
  RDF_TYPE, 'http://www.w3.org/2000/01/rdf-schema#label', 'http://www.w3.org/2000/01/rdf-schema#comment',
  ...['message', 'name', 'description', 'severity', 'deactivated', 'class', 'datatype', 'nodeKind', 'pattern', 'flags', 'in',
    'hasValue', 'minInclusive', 'maxInclusive', 'minExclusive', 'maxExclusive', 'minLength', 'maxLength', 'languageIn',
    'or', 'and', 'xone', 'not', 'node'].map(sh),
]);
const LOGICAL_LISTS = [sh('or'), sh('and'), sh('xone')];

/** How to validate in batches with these shapes, or undefined when they need the whole graph. */
export function batchPlan(shapes: readonly Quad[]): BatchPlan | undefined {
  const bySubject = new Map<string, Quad[]>();
  for (const q of shapes) {
    const k = nodeKey(q.subject);
    if (!bySubject.has(k)) bySubject.set(k, []);
    bySubject.get(k)?.push(q);
  }
  const out = (node: Term, p: string) => (bySubject.get(nodeKey(node)) ?? []).filter((q) => q.predicate.value === p).map((q) => q.object);
  const list = (head: Term): Term[] => {
    const items: Term[] = [];
    for (let n: Term | undefined = head; n && n.value !== RDF_NIL && items.length < 1000;) {
      items.push(...out(n, RDF_FIRST));
      n = out(n, RDF_REST)[0];
    }
    return items;
  };
  if (shapes.some((q) => [sh('targetNode'), sh('targetObjectsOf'), sh('target')].includes(q.predicate.value))) return undefined;
  const inverse = new Set<string>();
  const forward = new Set<string>();
  const valueShapes: Term[] = [];
  for (const q of shapes) {
    if (q.predicate.value !== sh('path')) continue;
    const path = q.object;
    if (path.termType === 'BlankNode') {
      const steps = bySubject.get(nodeKey(path)) ?? [];
      const [step] = steps;
      if (steps.length !== 1 || !step || step.predicate.value !== sh('inversePath') || step.object.termType !== 'NamedNode') return undefined;
      inverse.add(step.object.value);
    } else if (path.termType === 'NamedNode') forward.add(path.value);
    else return undefined;
    const property = q.subject;
    for (const p of [sh('node'), sh('qualifiedValueShape'), sh('not')]) valueShapes.push(...out(property, p));
    for (const p of LOGICAL_LISTS) for (const head of out(property, p)) valueShapes.push(...list(head));
  }
  const checked = new Set<string>();
  while (valueShapes.length > 0) {
    const shape = valueShapes.pop() as Term;
    if (checked.has(nodeKey(shape))) continue;
    checked.add(nodeKey(shape));
    for (const q of bySubject.get(nodeKey(shape)) ?? []) {
      if (!VALUE_SHAPE_KEYS.has(q.predicate.value)) return undefined;
      if (q.predicate.value === sh('node') || q.predicate.value === sh('not')) valueShapes.push(q.object);
      if (LOGICAL_LISTS.includes(q.predicate.value)) valueShapes.push(...list(q.object));
    }
  }
  // Targets are found by asking for the instances of a class or the subjects of a property: the
  // batch answers those with its own focus nodes only, which an inverse path on rdf:type would break.
  if (inverse.has(RDF_TYPE)) return undefined;
  const readsAll = forward.has(RDF_TYPE) || shapes.some((q) => q.predicate.value === sh('closed') && q.object.value === 'true');
  const named = new Set<string>();
  if (!readsAll) for (const q of shapes) for (const t of [q.subject, q.predicate, q.object]) if (t.termType === 'NamedNode') named.add(t.value);
  return { inverse, forward, named: readsAll ? undefined : named };
}

interface Batch {
  /** The focus nodes, by term number in the packed graph. */
  readonly focus: readonly number[];
  /** The batch's triples, by number in the packed graph. */
  readonly triples: readonly number[];
}

/**
 * Triple numbers grouped by a term number: group k is `items[start[k]]` to `items[start[k + 1]]`, in
 * the order the triples come (a compressed index: two typed arrays instead of a list per term).
 */
class Groups {
  readonly start: Uint32Array;
  readonly items: Uint32Array;
  private readonly fill: Uint32Array;

  constructor(counts: Uint32Array) {
    this.start = new Uint32Array(counts.length + 1);
    for (let k = 0; k < counts.length; k++) this.start[k + 1] = (this.start[k] as number) + (counts[k] as number);
    this.items = new Uint32Array(this.start[counts.length] as number);
    this.fill = this.start.slice(0, counts.length);
  }

  add(k: number, i: number): void {
    const at = this.fill[k] as number;
    this.fill[k] = at + 1;
    this.items[at] = i;
  }

  size(k: number): number {
    return (this.start[k + 1] as number) - (this.start[k] as number);
  }

  of(k: number): Uint32Array {
    return this.items.subarray(this.start[k], this.start[k + 1]);
  }
}

/** Indexes the packed triples now, and returns the batches to take one at a time. */
function batches(quads: readonly Quad[], packed: PackedTriples, plan: BatchPlan, batchQuads: number): Iterator<Batch> {
  const t = packed.triples;
  const terms = packed.offsets.length - 1;
  const named = plan.named;
  // What each predicate (by term number) is: 1 rdf:type, 2 read inversely, 4 followed forwards,
  // 16 read by some shape; 8 known.
  const kinds = new Uint8Array(terms);
  const kindOf = (i: number): number => {
    const p = t[3 * i + 1] as number;
    let kind = kinds[p] as number;
    if (kind === 0) {
      const iri = (quads[i] as Quad).predicate.value;
      kind = 8 | (iri === RDF_TYPE ? 1 : 0) | (plan.inverse.has(iri) ? 2 : 0) | (plan.forward.has(iri) ? 4 : 0) | (!named || named.has(iri) ? 16 : 0);
      kinds[p] = kind;
    }
    return kind;
  };
  // Whether a class (by term number) is read by some shape: 1 yes, 2 no (see BatchPlan.named).
  const superClasses = new Map<string, string[]>();
  if (named) {
    for (const q of quads) {
      if (q.predicate.value !== SUBCLASS) continue;
      const list = superClasses.get(q.subject.value);
      if (list) list.push(q.object.value);
      else superClasses.set(q.subject.value, [q.object.value]);
    }
  }
  const classRead = new Uint8Array(named ? terms : 0);
  const isRead = (iri: string): boolean => {
    const seen = new Set<string>();
    for (const todo = [iri]; todo.length > 0;) {
      const c = todo.pop() as string;
      if (named?.has(c)) return true;
      if (seen.has(c)) continue;
      seen.add(c);
      todo.push(...superClasses.get(c) ?? []);
    }
    return false;
  };
  /** The kind of triple i, or 0 when no shape reads it. */
  const readKind = (i: number): number => {
    const kind = kindOf(i);
    if (!(kind & 16)) return 0;
    if (!named || !(kind & 1)) return kind;
    const o = t[3 * i + 2] as number;
    if (classRead[o] === 0) classRead[o] = isRead((quads[i] as Quad).object.value) ? 1 : 2;
    return classRead[o] === 1 ? kind : 0;
  };
  const literal = (i: number) => (quads[i] as Quad).object.termType === 'Literal';
  // Two passes: count, then place. The subjects are taken in the order they first come.
  const outCount = new Uint32Array(terms);
  const inCount = new Uint32Array(terms);
  const typeCount = new Uint32Array(terms);
  const subjects: number[] = [];
  for (let i = 0; i < quads.length; i++) {
    const kind = readKind(i);
    if (kind === 0) continue;
    const s = t[3 * i] as number;
    if (outCount[s] === 0) subjects.push(s);
    outCount[s] = (outCount[s] as number) + 1;
    if (kind & 1) typeCount[s] = (typeCount[s] as number) + 1;
    const o = t[3 * i + 2] as number;
    if (kind & 2 && !literal(i)) inCount[o] = (inCount[o] as number) + 1;
  }
  const outgoing = new Groups(outCount);
  const incoming = new Groups(inCount);
  const types = new Groups(typeCount);
  const forward = new Uint8Array(quads.length);
  for (let i = 0; i < quads.length; i++) {
    const kind = readKind(i);
    if (kind === 0) continue;
    const s = t[3 * i] as number;
    outgoing.add(s, i);
    if (kind & 1) types.add(s, i);
    if (!(kind & 6) || literal(i)) continue;
    if (kind & 2) incoming.add(t[3 * i + 2] as number, i);
    if (kind & 4) forward[i] = 1;
  }
  let focus: number[] = [];
  let size = 0;
  const take = (): Batch => {
    const triples: number[] = [];
    const reached = new Set<number>();
    for (const k of focus) {
      for (const i of outgoing.of(k)) {
        triples.push(i);
        if (forward[i]) reached.add(t[3 * i + 2] as number);
      }
      for (const i of incoming.of(k)) {
        triples.push(i);
        reached.add(t[3 * i] as number);
      }
    }
    // The focus nodes' own types are among their outgoing triples already.
    const inBatch = new Set(focus);
    for (const k of reached) if (!inBatch.has(k)) for (const i of types.of(k)) triples.push(i);
    const batch = { focus, triples };
    focus = [];
    size = 0;
    return batch;
  };
  return (function* cut() {
    for (const k of subjects) {
      focus.push(k);
      size += outgoing.size(k) + incoming.size(k);
      if (size >= batchQuads) yield take();
    }
    if (focus.length > 0) yield take();
  })();
}

async function validateInBatches(
  quads: readonly Quad[], pack: () => PackedTriples, shapes: readonly Quad[], plan: BatchPlan, batchQuads: number, workerCount: number,
): Promise<ValidationResult[]> {
  const classes = quads.filter((q) => q.predicate.value === SUBCLASS);
  const packed = pack();
  const table = batchTable(batches(quads, packed, plan, batchQuads));
  const claimed = new Int32Array(new SharedArrayBuffer(4));
  const init: WorkerInit = { shapes: packTriples([...shapes, ...classes]), data: packed, batches: table, next: claimed };
  const workers = Array.from({ length: Math.max(1, Math.min(MAX_WORKERS, workerCount)) }, () => startWorker(init));
  const perBatch: (ValidationResult[] | undefined)[] = new Array(table.count);
  try {
    // Each worker takes the next batch itself (an atomic counter), so that none waits for this
    // thread, which is busy writing the dumps meanwhile; each answers a batch at a time.
    await Promise.all(workers.map((worker) => worker && answers(worker, (id, results) => { perBatch[id] = results.map(unpackResult); })));
  } finally {
    await Promise.all(workers.map((w) => w?.terminate()));
  }
  // What no worker answered (none could start, or one stopped in the middle: out of its heap,
  // say) is validated here.
  let local: { validator: ReturnType<typeof shapesValidator>; table: TripleTable } | undefined;
  for (let id = 0; id < table.count; id++) {
    if (perBatch[id]) continue;
    local ??= { validator: shapesValidator(shapes, classes), table: new TripleTable(packed) };
    const { validator, table: terms } = local;
    const triples = Array.from(table.triples.subarray(table.tripleStart[id], table.tripleStart[id + 1]), (i) => quads[i] as Quad);
    const focus = new Set(Array.from(table.focus.subarray(table.focusStart[id], table.focusStart[id + 1]), (n) => nodeKey(terms.term(n))));
    perBatch[id] = await validateGraph(validator, triples, focus);
  }
  return perBatch.flatMap((results) => results ?? []);
}

/** Every batch in shared arrays, for the workers to take from. */
function batchTable(cut: Iterator<Batch>): BatchTable {
  const all: Batch[] = [];
  for (let step = cut.next(); !step.done; step = cut.next()) all.push(step.value);
  const shared = (length: number) => new Uint32Array(new SharedArrayBuffer(Math.max(1, length) * 4));
  const tripleStart = shared(all.length + 1);
  const focusStart = shared(all.length + 1);
  all.forEach((b, k) => {
    tripleStart[k + 1] = (tripleStart[k] as number) + b.triples.length;
    focusStart[k + 1] = (focusStart[k] as number) + b.focus.length;
  });
  const triples = shared(tripleStart[all.length] as number);
  const focus = shared(focusStart[all.length] as number);
  all.forEach((b, k) => {
    triples.set(b.triples, tripleStart[k]);
    focus.set(b.focus, focusStart[k]);
  });
  return { count: all.length, triples, tripleStart, focus, focusStart };
}

/** A worker, started; undefined if it cannot start (its share is then validated here). */
function startWorker(init: WorkerInit): Worker | undefined {
  try {
    return spawnWorker(WORKER_ENTRY, { workerData: init, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_MB } });
  } catch {
    return undefined;
  }
}

/**
 * Hands each answer of the worker to `onResults`, until it says it is done or it stops (settles
 * either way); rejects on a validation error, which the worker reports before it stops.
 */
function answers(worker: Worker, onResults: (id: number, results: readonly PackedResult[]) => void): Promise<void> {
  return new Promise((done, fail) => {
    const onMessage = (m: WorkerMessage) => {
      if ('results' in m) onResults(m.id, m.results);
      else if ('error' in m) finish(() => fail(new Error(`SHACL validation failed in a worker: ${m.error}`)));
      else finish(done);
    };
    const onStop = () => finish(done);
    const finish = (settle: () => void) => {
      worker.off('message', onMessage);
      worker.off('error', onStop);
      worker.off('exit', onStop);
      settle();
    };
    worker.on('message', onMessage);
    worker.on('error', onStop);
    worker.on('exit', onStop);
  });
}

/** A term as a prefixed name where a known prefix fits, else <iri>. */
export function shortName(term: Term, prefixes: Readonly<Record<string, string>> = PREFIXES): string {
  if (term.termType !== 'NamedNode') return term.termType === 'BlankNode' ? `_:${term.value}` : JSON.stringify(term.value);
  for (const [prefix, ns] of Object.entries(prefixes)) {
    if (term.value.startsWith(ns) && /^[\w-]*$/.test(term.value.slice(ns.length))) return `${prefix}:${term.value.slice(ns.length)}`;
  }
  return `<${term.value}>`;
}
