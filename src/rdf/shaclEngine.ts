// The SHACL engine behind validateShapes: shacl-engine (rdf-ext, SHACL Core), run on an index of the triples (TripleIndex).
// Shared by the main thread (small graphs) and the validation worker (large graphs, in batches).
import { Validator, type ValidationReport } from 'shacl-engine';
import { DataFactory, termFromId, termToId as n3TermToId } from 'n3';
import type { DatasetCore, Quad, Term } from '@rdfjs/types';
import rdf from '@rdfjs/data-model';
import { FASTER_VALIDATIONS } from './shaclValidations.ts';

/** What the report needs of one validation result. */
export interface ValidationResult {
  readonly focusNode: Term;
  /** The property of a one-step path (sh:path ex:p), else null (no path, or an inverse or longer path). */
  readonly path: Term | null;
  readonly message: readonly Term[];
  readonly value: Term | null;
  readonly sourceShape: Term;
  readonly sourceConstraintComponent: Term;
}

const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const SUBCLASS = 'http://www.w3.org/2000/01/rdf-schema#subClassOf';

/**
 * n3's term factory, but a plain literal of the same text is made once: the engine makes the message
 * of every check it runs (`Value does not have datatype {$datatype}`, ...), passed or not. At most a
 * few thousand are kept (the engine's messages are a few dozen).
 */
const plainLiterals = new Map<string, ReturnType<typeof DataFactory.literal>>();
const factory: typeof DataFactory = {
  ...DataFactory,
  literal: (value, languageOrDatatype) => {
    if (languageOrDatatype !== undefined || typeof value !== 'string') return DataFactory.literal(value, languageOrDatatype);
    let literal = plainLiterals.get(value);
    if (!literal) {
      literal = DataFactory.literal(value);
      if (plainLiterals.size < 4096) plainLiterals.set(value, literal);
    }
    return literal;
  },
};

/**
 * A validator for these shapes. `classes`: the rdfs:subClassOf triples of the data graph, which
 * shacl-engine reads from the shapes graph (for sh:targetClass and sh:class), where SHACL reads
 * them from the data graph; with them the two agree. `engineOnly`: without FASTER_VALIDATIONS (for
 * the tests that hold those to the engine's own).
 */
export function shapesValidator(shapes: Iterable<Quad>, classes: Iterable<Quad> = [], { engineOnly = false } = {}): Validator {
  const triples = [...shapes, ...[...classes].filter((q) => q.predicate.value === SUBCLASS)];
  return new Validator(new Graph(new TripleIndex(triples)), { factory, ...(engineOnly ? {} : { validations: FASTER_VALIDATIONS }) });
}

/**
 * Validates the triples (all in the default graph: a fact stated in several graphs is one).
 * `focus`: when given, only these nodes (by nodeKey) are targets, and only their results are kept;
 * the other nodes of the graph are there to be looked at (their types, say), not validated.
 */
export async function validateGraph(validator: Validator, triples: Iterable<Quad>, focus?: ReadonlySet<string>): Promise<ValidationResult[]> {
  const report = await validator.validate({ dataset: new Graph(new TripleIndex(triples), focus) });
  return resultsOf(report).filter((r) => !focus || focus.has(nodeKey(r.focusNode)));
}

function resultsOf(report: ValidationReport): ValidationResult[] {
  return report.results.map((r) => {
    const [step, ...more] = r.path ?? [];
    const oneStep = step && more.length === 0 && step.quantifier === 'one' && step.start === 'subject' && step.predicates.length === 1;
    return {
      focusNode: r.focusNode.term,
      path: oneStep ? step.predicates[0] ?? null : null,
      message: r.message,
      value: r.value?.term ?? null,
      sourceShape: r.shape.ptr.term,
      sourceConstraintComponent: r.constraintComponent,
    };
  });
}

/**
 * The graph as the engine reads it. `match` answers with a list (the engine asks millions of times).
 * With `focus`, the questions that find targets (instances of a class, subjects of a property) see
 * only the focus nodes.
 */
class Graph implements DatasetCore {
  constructor(private readonly index: TripleIndex, private readonly focus?: ReadonlySet<string>) {}

  get size(): number {
    return this.index.size;
  }

  match(subject?: Term | null, predicate?: Term | null, object?: Term | null, graph?: Term | null): DatasetCore {
    const found = this.index.match(subject ?? null, predicate ?? null, object ?? null, graph ?? null);
    const findsTargets = this.focus && !subject && predicate && (predicate.value === RDF_TYPE || !object);
    const focus = this.focus;
    return new Quads(findsTargets && focus ? found.filter((q) => focus.has(nodeKey(q.subject))) : found);
  }

  has(quad: Quad): boolean {
    return this.index.match(quad.subject, quad.predicate, quad.object, quad.graph).length > 0;
  }

  add(): this {
    throw new Error('the graph under validation is read-only');
  }

  delete(): this {
    throw new Error('the graph under validation is read-only');
  }

  [Symbol.iterator](): Iterator<Quad> {
    return this.index.all[Symbol.iterator]();
  }
}

const NONE: readonly Quad[] = Object.freeze([]);

/** Whether a triple of the list has this object (a loop: this runs for every triple indexed). */
function hasObject(list: readonly Quad[], object: Term): boolean {
  for (const t of list) if (t.object.equals(object)) return true;
  return false;
}

/** A term as a string key: equal keys for equal terms (an IRI is its value; n3's term id else). */
function termKey(t: Term): string {
  return t.termType === 'NamedNode' ? t.value : t.termType === 'BlankNode' ? `_:${t.value}` : `\0${termToId(t)}`;
}

/**
 * The triples of one validation, indexed by subject and predicate, and (made on the first question
 * about a predicate's objects) by predicate and object. A triple is one in the default graph: lists
 * found are shared, never copied, and never changed.
 */
class TripleIndex {
  readonly all: Quad[] = [];
  private readonly bySubject = new Map<string, Map<string, Quad[]>>();
  private readonly byPredicate = new Map<string, Quad[]>();
  private readonly byPredicateObject = new Map<string, Map<string, Quad[]>>();

  constructor(triples: Iterable<Quad>) {
    // The same triple twice (stated in two graphs, say) is one: a short list is searched, a long one has a set of its objects.
    const objectsOf = new Map<Quad[], Set<string>>();
    for (const q of triples) {
      const s = termKey(q.subject);
      const p = termKey(q.predicate);
      let bs = this.bySubject.get(s);
      if (!bs) this.bySubject.set(s, bs = new Map());
      let list = bs.get(p);
      if (!list) bs.set(p, list = []);
      else if (list.length < 16) {
        if (hasObject(list, q.object)) continue;
      } else {
        let objects = objectsOf.get(list);
        if (!objects) objectsOf.set(list, objects = new Set(list.map((t) => termKey(t.object))));
        const o = termKey(q.object);
        if (objects.has(o)) continue;
        objects.add(o);
      }
      const triple = q.graph.termType === 'DefaultGraph' ? q : DataFactory.quad(q.subject, q.predicate, q.object) as Quad;
      list.push(triple);
      this.all.push(triple);
      const bp = this.byPredicate.get(p);
      if (bp) bp.push(triple);
      else this.byPredicate.set(p, [triple]);
    }
  }

  get size(): number {
    return this.all.length;
  }

  match(subject: Term | null, predicate: Term | null, object: Term | null, graph: Term | null): readonly Quad[] {
    if (graph && graph.termType !== 'DefaultGraph') return NONE;
    let found: readonly Quad[];
    if (subject) {
      const bs = this.bySubject.get(termKey(subject));
      if (!bs) return NONE;
      if (predicate) found = bs.get(termKey(predicate)) ?? NONE;
      else found = [...bs.values()].flat();
    } else if (predicate) {
      if (!object) return this.byPredicate.get(termKey(predicate)) ?? NONE;
      return this.objects(termKey(predicate)).get(termKey(object)) ?? NONE;
    } else found = this.all;
    return object ? found.filter((q) => q.object.equals(object)) : found;
  }

  private objects(p: string): Map<string, Quad[]> {
    let byObject = this.byPredicateObject.get(p);
    if (!byObject) {
      byObject = new Map();
      for (const q of this.byPredicate.get(p) ?? NONE) {
        const o = termKey(q.object);
        const list = byObject.get(o);
        if (list) list.push(q);
        else byObject.set(o, [q]);
      }
      this.byPredicateObject.set(p, byObject);
    }
    return byObject;
  }
}

/** The answer to a match: a list of quads. */
class Quads implements DatasetCore {
  constructor(private readonly quads: readonly Quad[]) {}

  get size(): number {
    return this.quads.length;
  }

  match(subject?: Term | null, predicate?: Term | null, object?: Term | null, graph?: Term | null): DatasetCore {
    return new Quads(this.quads.filter((q) => (!subject || q.subject.equals(subject)) && (!predicate || q.predicate.equals(predicate))
      && (!object || q.object.equals(object)) && (!graph || q.graph.equals(graph))));
  }

  has(quad: Quad): boolean {
    return this.quads.some((q) => q.equals(quad));
  }

  add(): this {
    throw new Error('the graph under validation is read-only');
  }

  delete(): this {
    throw new Error('the graph under validation is read-only');
  }

  [Symbol.iterator](): Iterator<Quad> {
    return this.quads[Symbol.iterator]();
  }
}

/** A node as a string key: its IRI, or _:label for a blank node. */
export function nodeKey(t: Term): string {
  return t.termType === 'BlankNode' ? `_:${t.value}` : t.termType === 'NamedNode' ? t.value : `${t.termType}:${t.value}`;
}

// ---------------------------------------------------------------------------------------------
// Triples and results on their way to a worker and back. The triples are packed once: each distinct
// term once, as n3's term id string, all in one text with their offsets, and the triples as indexes
// into that list; the arrays are shared with the workers (not copied), and the text is one string.
// A batch is then a list of triple numbers.

/** n3's term id of any RDF/JS term (n3 reads terms of other libraries too; its types say only its own). */
const termToId = (t: Term): string => n3TermToId(t as Parameters<typeof n3TermToId>[0]);

export interface PackedTriples {
  /** The term ids, one after the other. */
  readonly text: string;
  /** Where each term's id starts in `text` (and, one more, where the last ends). */
  readonly offsets: Uint32Array;
  /** Subject, predicate and object of each triple, as term numbers. */
  readonly triples: Uint32Array;
}

const sharedUint32 = (length: number) => new Uint32Array(new SharedArrayBuffer(Math.max(1, length) * 4));

export function packTriples(quads: readonly Quad[]): PackedTriples {
  const index = new Map<string, number>();
  const ids: string[] = [];
  const triples = sharedUint32(quads.length * 3);
  let i = 0;
  for (const q of quads) {
    for (const t of [q.subject, q.predicate, q.object]) {
      const id = termToId(t);
      let n = index.get(id);
      if (n === undefined) {
        n = ids.length;
        index.set(id, n);
        ids.push(id);
      }
      triples[i++] = n;
    }
  }
  const offsets = sharedUint32(ids.length + 1);
  let at = 0;
  ids.forEach((id, n) => {
    offsets[n] = at;
    at += id.length;
  });
  offsets[ids.length] = at;
  return { text: ids.join(''), offsets, triples: triples.subarray(0, quads.length * 3) };
}

/**
 * `packTriples` from terms already numbered (see SortedQuads.inputIds): `ids` holds graph, subject,
 * predicate and object of quad i at [4i .. 4i+3], `terms` a term for each number. Only each distinct
 * term is looked at, not each place it fills.
 */
export function packNumbered(ids: Int32Array, terms: readonly Term[]): PackedTriples {
  const count = ids.length / 4;
  const triples = sharedUint32(count * 3);
  for (let i = 0, j = 0; i < count; i++, j += 3) {
    triples[j] = ids[4 * i + 1] as number;
    triples[j + 1] = ids[4 * i + 2] as number;
    triples[j + 2] = ids[4 * i + 3] as number;
  }
  const offsets = sharedUint32(terms.length + 1);
  const text: string[] = new Array(terms.length);
  let at = 0;
  for (let n = 0; n < terms.length; n++) {
    const id = termToId(terms[n] as Term);
    text[n] = id;
    offsets[n] = at;
    at += id.length;
  }
  offsets[terms.length] = at;
  return { text: text.join(''), offsets, triples: triples.subarray(0, count * 3) };
}

/**
 * Packed triples, read back one term or triple at a time (each term made once), as @rdfjs/data-model
 * terms: their literals hold value, language and datatype as fields, where n3's work them out of the
 * id (a new datatype object) on every read, and the engine reads them on every check of a literal.
 */
export class TripleTable {
  private readonly terms: Term[] = [];

  constructor(private readonly packed: PackedTriples) {}

  get size(): number {
    return this.packed.triples.length / 3;
  }

  term(n: number): Term {
    return this.terms[n] ??= termFromId(this.packed.text.slice(this.packed.offsets[n], this.packed.offsets[n + 1]), rdf) as Term;
  }

  triple(i: number): Quad {
    const t = this.packed.triples;
    return rdf.quad(this.term(t[3 * i] as number) as Quad['subject'], this.term(t[3 * i + 1] as number) as Quad['predicate'], this.term(t[3 * i + 2] as number) as Quad['object']);
  }
}

export function unpackTriples(packed: PackedTriples): Quad[] {
  const table = new TripleTable(packed);
  return Array.from({ length: table.size }, (_, i) => table.triple(i));
}

/** A result with its terms as n3 term ids (the default graph's id is the empty string, so null is ''). */
export interface PackedResult {
  readonly focusNode: string;
  readonly path: string | null;
  readonly message: readonly string[];
  readonly value: string | null;
  readonly sourceShape: string;
  readonly sourceConstraintComponent: string;
}

export function packResult(r: ValidationResult): PackedResult {
  return {
    focusNode: termToId(r.focusNode), path: r.path && termToId(r.path), message: r.message.map((m) => termToId(m)),
    value: r.value && termToId(r.value), sourceShape: termToId(r.sourceShape), sourceConstraintComponent: termToId(r.sourceConstraintComponent),
  };
}

export function unpackResult(r: PackedResult): ValidationResult {
  return {
    focusNode: termFromId(r.focusNode), path: r.path === null ? null : termFromId(r.path), message: r.message.map((m) => termFromId(m)),
    value: r.value === null ? null : termFromId(r.value), sourceShape: termFromId(r.sourceShape), sourceConstraintComponent: termFromId(r.sourceConstraintComponent),
  };
}
