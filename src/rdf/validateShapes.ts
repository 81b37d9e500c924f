// SHACL validation of the built graph (data + ontology + entailments) against ontology/shapes.ttl,
// with rdf-validate-shacl (SHACL Core). Each violation is reported at the record it concerns.
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import SHACLValidator from 'rdf-validate-shacl';
import { DataFactory, Store } from 'n3';
import type { DatasetCore, Quad, Term } from '@rdfjs/types';
import type { Problems, SourceLocation } from '../load/problems.ts';
import { PREFIXES } from '../vocab.ts';

/**
 * Graphs up to this many quads are validated in one run, as they always were; larger ones in batches
 * of about `BATCH_QUADS` (one run's cost grows faster than its size, and so does its memory).
 */
const WHOLE_GRAPH_QUADS = 250_000;
/** Focus nodes whose facts go into one validation run: about this many quads at most. */
const BATCH_QUADS = 50_000;
/** Batches are validated in worker threads, each with a bounded heap, when there are several. */
const WORKER_HEAP_MB = 384;

export async function validateShapes(
  data: Iterable<Quad>, shapes: readonly Quad[], locate: (subject: string) => SourceLocation, problems: Problems,
  prefixes: Readonly<Record<string, string>> = PREFIXES, batchQuads = BATCH_QUADS, wholeGraphQuads = WHOLE_GRAPH_QUADS,
): Promise<number> {
  const shorten = (t: Term) => shortName(t, prefixes);
  const shapeQuads = shapes.map((q) => DataFactory.quad(q.subject, q.predicate, q.object));
  const quads = Array.isArray(data) ? (data as readonly Quad[]) : [...data];
  const plan = batchPlan(shapeQuads);
  const results: ValidationResult[] = [];
  if (!plan || quads.length <= Math.max(batchQuads, wholeGraphQuads)) {
    const dataset = new Store();
    for (const q of quads) dataset.addQuad(DataFactory.quad(q.subject, q.predicate, q.object));
    const report = await new SHACLValidator(new Store(shapeQuads)).validate(dataset);
    results.push(...report.results);
  } else {
    results.push(...await validateBatches(batches(quads, plan, batchQuads), shapeQuads));
  }
  for (const r of results) {
    const focus = r.focusNode?.value ?? '';
    const path = r.path?.termType === 'NamedNode' ? shorten(r.path) : '';
    const messages = r.message.map((m) => m.value).filter((m) => m !== '');
    const what = messages.length > 0 ? messages.join('; ') : shorten(r.sourceConstraintComponent ?? DataFactory.namedNode('constraint'));
    const value = r.value && r.value.value !== focus ? ` (got ${r.value.termType === 'Literal' ? JSON.stringify(r.value.value) : shorten(r.value)})` : '';
    const shape = r.sourceShape?.termType === 'NamedNode' ? ` [${shorten(r.sourceShape)}]` : '';
    problems.add(locate(focus), `SHACL: ${shorten(r.focusNode ?? DataFactory.namedNode(focus))}${path ? ` ${path}` : ''}: ${what}${value}${shape}`);
  }
  return results.length;
}

/** What the report needs of one validation result. */
interface ValidationResult {
  readonly focusNode: Term | null;
  readonly path: Term | null;
  readonly message: readonly Term[];
  readonly value: Term | null;
  readonly sourceShape: Term | null;
  readonly sourceConstraintComponent: Term | null;
}

// ---------------------------------------------------------------------------------------------
// Validation in batches of focus nodes
//
// One run of rdf-validate-shacl over a million triples takes more than ten times as long as ten runs
// over a tenth each (its per-run bookkeeping grows with the graph), and holds it all in memory at
// once. When the shapes only ever look one step away from a focus node, each batch of focus nodes
// can be validated on its own neighbourhood: the batch's outgoing triples, its incoming triples of
// the properties used as inverse paths, the rdf:type triples of every node those reach (for
// sh:class), and every rdfs:subClassOf triple. Results are kept only for the batch's own focus
// nodes (the neighbours are validated in their own batch, with all their facts). Shapes that look
// further (a path of several steps, a value shape with its own properties, explicit target nodes or
// objects) are validated over the whole graph at once, as before.
//
// The batches go to worker threads, one per CPU, each with a bounded heap: the validator's garbage
// then stays small (a million triples in one heap grew the process past 2.5 GB) and the batches run
// in parallel. Where workers cannot start, or one dies, its batches are validated in this thread.
// One difference with a single run: rdf-validate-shacl stops re-checking a (node, shape) pair after
// 50 checks per run, so a node that fails a value shape and is referenced by more than 50 focus
// nodes in several batches may be reported more often than in one run; each report is true.

interface BatchPlan {
  /** Properties whose incoming triples the shapes read (sh:inversePath). */
  readonly inverse: ReadonlySet<string>;
  /** Properties the shapes follow forwards (sh:path): only their values can be checked for a class. */
  readonly forward: ReadonlySet<string>;
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
  return { inverse, forward };
}

interface Batch {
  readonly focus: ReadonlySet<string>;
  /** The batch's triples, in the default graph. */
  readonly triples: readonly Quad[];
}

function* batches(triples: readonly Quad[], plan: BatchPlan, batchQuads: number): Generator<Batch> {
  const outgoing = new Map<string, Quad[]>();
  const incoming = new Map<string, Quad[]>();
  const types = new Map<string, Quad[]>();
  const schema: Quad[] = [];
  const push = (m: Map<string, Quad[]>, k: string, q: Quad) => {
    const l = m.get(k);
    if (l) l.push(q);
    else m.set(k, [q]);
  };
  for (const q of triples) {
    const s = nodeKey(q.subject);
    push(outgoing, s, q);
    if (q.predicate.value === RDF_TYPE) push(types, s, q);
    if (q.predicate.value === SUBCLASS) schema.push(q);
    if (plan.inverse.has(q.predicate.value) && q.object.termType !== 'Literal') push(incoming, nodeKey(q.object), q);
  }
  let focus = new Set<string>();
  let size = 0;
  const flush = (): Batch => {
    // Triples in the default graph, as in the whole-graph run: a fact stated in two graphs is one.
    const triples: Quad[] = [];
    const add = (q: Quad) => triples.push(DataFactory.quad(q.subject, q.predicate, q.object));
    schema.forEach(add);
    const reached = new Set<string>();
    for (const k of focus) {
      for (const q of outgoing.get(k) ?? []) {
        add(q);
        if (q.object.termType !== 'Literal' && plan.forward.has(q.predicate.value)) reached.add(nodeKey(q.object));
      }
      for (const q of incoming.get(k) ?? []) {
        add(q);
        reached.add(nodeKey(q.subject));
      }
    }
    for (const k of reached) if (!focus.has(k)) for (const q of types.get(k) ?? []) add(q);
    const batch = { focus, triples };
    focus = new Set();
    size = 0;
    return batch;
  };
  for (const [k, quads] of outgoing) {
    focus.add(k);
    size += quads.length + (incoming.get(k)?.length ?? 0);
    if (size >= batchQuads) yield flush();
  }
  if (focus.size > 0) yield flush();
}

/** Validates each batch, in worker threads when there are several (in this thread if they fail to start). */
async function validateBatches(all: Iterable<Batch>, shapes: readonly Quad[]): Promise<ValidationResult[]> {
  const pending = all[Symbol.iterator]();
  const threads = availableParallelism();
  if (threads > 1) {
    try {
      return await inWorkers(pending, shapes, threads);
    } catch (e) {
      if (!(e instanceof WorkerStartError)) throw e;
    }
  }
  const results: ValidationResult[] = [];
  for (let step = pending.next(); !step.done; step = pending.next()) results.push(...await validateHere(step.value, shapes));
  return results;
}

async function validateHere(batch: Batch, shapes: readonly Quad[]): Promise<ValidationResult[]> {
  const report = await new SHACLValidator(new Store([...shapes])).validate(new FocusDataset(new Store([...batch.triples]), batch.focus));
  return report.results.filter((r) => r.focusNode && batch.focus.has(nodeKey(r.focusNode)));
}

class WorkerStartError extends Error {}

/** Terms as flat strings for the trip to a worker and back: type letter, value, datatype, language. */
function encodeTerms(terms: readonly (Term | null | undefined)[], out: string[]): void {
  for (const t of terms) {
    if (!t) out.push('', '', '', '');
    else if (t.termType === 'Literal') out.push('L', t.value, t.datatype.value, t.language);
    else out.push(t.termType === 'BlankNode' ? 'B' : t.termType === 'DefaultGraph' ? 'D' : 'N', t.value, '', '');
  }
}

function decodeTerm(f: readonly string[], i: number): Term | null {
  const [type, value, datatype, language] = [f[i], f[i + 1] ?? '', f[i + 2] ?? '', f[i + 3] ?? ''];
  if (type === '') return null;
  if (type === 'L') return DataFactory.literal(value, language || DataFactory.namedNode(datatype));
  if (type === 'B') return DataFactory.blankNode(value);
  if (type === 'D') return DataFactory.defaultGraph();
  return DataFactory.namedNode(value);
}

function encodeQuads(quads: readonly Quad[]): string[] {
  const out: string[] = [];
  for (const q of quads) encodeTerms([q.subject, q.predicate, q.object], out);
  return out;
}

/**
 * The source of a worker that validates the batches sent to it: plain JavaScript (workers started
 * from source text are not compiled), mirroring FocusDataset, validateBatch and the term coding above.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const RDF_TYPE = ${JSON.stringify(RDF_TYPE)};
const nodeKey = (t) => t.termType === 'BlankNode' ? '_:' + t.value : t.termType === 'NamedNode' ? t.value : t.termType + ':' + t.value;
(async () => {
  const { DataFactory, Store } = require(workerData.n3);
  const SHACLValidator = (await import(workerData.shacl)).default;
  class FocusDataset {
    constructor(store, focus) { this.store = store; this.focus = focus; }
    get size() { return this.store.size; }
    match(subject, predicate, object, graph) {
      const found = this.store.match(subject, predicate, object, graph);
      const findsTargets = !subject && predicate && (predicate.value === RDF_TYPE || !object);
      return findsTargets ? new Store([...found].filter((q) => this.focus.has(nodeKey(q.subject)))) : found;
    }
    has(quad) { return this.store.has(quad); }
    add(quad) { this.store.add(quad); return this; }
    delete(quad) { this.store.delete(quad); return this; }
    [Symbol.iterator]() { return this.store[Symbol.iterator](); }
  }
  const term = (f, i) => {
    const type = f[i];
    if (type === '') return null;
    if (type === 'L') return DataFactory.literal(f[i + 1], f[i + 3] || DataFactory.namedNode(f[i + 2]));
    if (type === 'B') return DataFactory.blankNode(f[i + 1]);
    if (type === 'D') return DataFactory.defaultGraph();
    return DataFactory.namedNode(f[i + 1]);
  };
  const quads = (f) => {
    const out = [];
    for (let i = 0; i < f.length; i += 12) out.push(DataFactory.quad(term(f, i), term(f, i + 4), term(f, i + 8)));
    return out;
  };
  const encode = (t, out) => {
    if (!t) out.push('', '', '', '');
    else if (t.termType === 'Literal') out.push('L', t.value, t.datatype.value, t.language);
    else out.push(t.termType === 'BlankNode' ? 'B' : t.termType === 'DefaultGraph' ? 'D' : 'N', t.value, '', '');
  };
  const shapes = quads(workerData.shapes);
  parentPort.on('message', async ({ id, triples, focus }) => {
    try {
      const keep = new Set(focus);
      const report = await new SHACLValidator(new Store(shapes)).validate(new FocusDataset(new Store(quads(triples)), keep));
      const out = [];
      for (const r of report.results) {
        if (!r.focusNode || !keep.has(nodeKey(r.focusNode))) continue;
        out.push(String(r.message.length));
        for (const t of [r.focusNode, r.path, r.value, r.sourceShape, r.sourceConstraintComponent, ...r.message]) encode(t, out);
      }
      parentPort.postMessage({ id, results: out });
    } catch (e) {
      parentPort.postMessage({ id, error: String((e && e.stack) || e) });
    }
  });
  parentPort.postMessage({ ready: true });
})().catch((e) => parentPort.postMessage({ startError: String((e && e.stack) || e) }));
`;

/** Validates the batches in `threads` workers; throws WorkerStartError, before any work, if they cannot start. */
async function inWorkers(pending: Iterator<Batch>, shapes: readonly Quad[], threads: number): Promise<ValidationResult[]> {
  const require = createRequire(import.meta.url);
  const workerData = {
    n3: require.resolve('n3'),
    shacl: pathToFileURL(require.resolve('rdf-validate-shacl')).href,
    shapes: encodeQuads(shapes),
  };
  type Answer = { ready?: boolean; startError?: string; id?: number; results?: string[]; error?: string };
  const perBatch: ValidationResult[][] = [];
  const workers: Worker[] = [];
  const reply = (worker: Worker) => new Promise<Answer>((done, fail) => {
    const onMessage = (m: Answer) => { cleanup(); done(m); };
    const onError = (e: Error) => { cleanup(); fail(e); };
    const onExit = (code: number) => { cleanup(); fail(new Error(`SHACL worker stopped (exit code ${code})`)); };
    const cleanup = () => { worker.off('message', onMessage); worker.off('error', onError); worker.off('exit', onExit); };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
  try {
    // Every worker must be up before the first batch is taken, so that a fallback loses nothing.
    await Promise.all(Array.from({ length: threads }, async () => {
      let worker: Worker;
      try {
        worker = new Worker(WORKER_SOURCE, { eval: true, workerData, execArgv: [], resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
      } catch (e) {
        throw new WorkerStartError(String(e));
      }
      workers.push(worker);
      const hello = await reply(worker).catch((e: unknown) => { throw new WorkerStartError(String(e)); });
      if (!hello.ready) throw new WorkerStartError(hello.startError ?? 'SHACL worker did not start');
    }));
    let next = 0;
    await Promise.all(workers.map(async (worker) => {
      let alive = true;
      for (let step = pending.next(); !step.done; step = pending.next()) {
        const id = next++;
        const batch = step.value;
        if (alive) {
          worker.postMessage({ id, triples: encodeQuads(batch.triples), focus: [...batch.focus] });
          // A worker that dies (out of its heap, say) hands its batch, and the rest of its share, to this thread.
          const answer = await reply(worker).catch(() => undefined);
          if (answer?.results) {
            perBatch[id] = decodeResults(answer.results);
            continue;
          }
          if (answer?.error !== undefined) throw new Error(`SHACL validation failed in a worker: ${answer.error}`);
          alive = false;
        }
        perBatch[id] = await validateHere(batch, shapes);
      }
    }));
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return perBatch.flat();
}

function decodeResults(f: readonly string[]): ValidationResult[] {
  const out: ValidationResult[] = [];
  for (let i = 0; i < f.length;) {
    const messages = Number(f[i]);
    const at = i + 1;
    const term = (k: number) => decodeTerm(f, at + 4 * k);
    out.push({
      focusNode: term(0), path: term(1), value: term(2), sourceShape: term(3), sourceConstraintComponent: term(4),
      message: Array.from({ length: messages }, (_, k) => term(5 + k) as Term),
    });
    i = at + 4 * (5 + messages);
  }
  return out;
}

/**
 * A batch's triples, where the questions that find targets (instances of a class, subjects of a
 * property) see only the batch's focus nodes: the neighbours, present only with their types, are not
 * validated here (each is validated in its own batch, with all its facts). Every other question sees
 * every triple. Results are filtered by focus node all the same, so this only saves work.
 */
class FocusDataset implements DatasetCore {
  constructor(private readonly store: Store, private readonly focus: ReadonlySet<string>) {}

  get size(): number {
    return this.store.size;
  }

  match(subject?: Term | null, predicate?: Term | null, object?: Term | null, graph?: Term | null): DatasetCore {
    const found = this.store.match(subject as never, predicate as never, object as never, graph as never);
    const findsTargets = !subject && predicate && (predicate.value === RDF_TYPE || !object);
    if (!findsTargets) return found;
    return new Store([...found].filter((q) => this.focus.has(nodeKey(q.subject))));
  }

  has(quad: Quad): boolean {
    return this.store.has(quad);
  }

  add(quad: Quad): this {
    this.store.add(quad);
    return this;
  }

  delete(quad: Quad): this {
    this.store.delete(quad);
    return this;
  }

  [Symbol.iterator](): Iterator<Quad> {
    return this.store[Symbol.iterator]();
  }
}

function nodeKey(t: Term): string {
  return t.termType === 'BlankNode' ? `_:${t.value}` : t.termType === 'NamedNode' ? t.value : `${t.termType}:${t.value}`;
}

/** A term as a prefixed name where a known prefix fits, else <iri>. */
export function shortName(term: Term, prefixes: Readonly<Record<string, string>> = PREFIXES): string {
  if (term.termType !== 'NamedNode') return term.termType === 'BlankNode' ? `_:${term.value}` : JSON.stringify(term.value);
  for (const [prefix, ns] of Object.entries(prefixes)) {
    if (term.value.startsWith(ns) && /^[\w-]*$/.test(term.value.slice(ns.length))) return `${prefix}:${term.value.slice(ns.length)}`;
  }
  return `<${term.value}>`;
}
