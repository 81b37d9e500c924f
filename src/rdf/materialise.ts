// Materialises the ontology's alignment entailments into their own graph, so that a user who
// knows only schema.org (or ORG, PROV, FOAF) can query our data in those terms.
// Rules (all from the ontology, none hard-coded): rdfs:subClassOf, owl:equivalentClass,
// rdfs:subPropertyOf, owl:equivalentProperty, owl:inverseOf, and owl:propertyChainAxiom of two
// steps (either step may be an owl:inverseOf blank node). Computed to a fixed point, semi-naively.
import { DataFactory, Store, termToId } from 'n3';
import type { NamedNode, Quad, Quad_Object, Quad_Subject, Term } from '@rdfjs/types';
import { owl, rdf, rdfs } from '../vocab.ts';

const { namedNode, quad } = DataFactory;

interface Step { readonly p: string; readonly inverse: boolean }
interface Chain { readonly result: string; readonly first: Step; readonly second: Step }

export interface Rules {
  readonly superClasses: ReadonlyMap<string, ReadonlySet<string>>;
  readonly superProperties: ReadonlyMap<string, ReadonlySet<string>>;
  readonly inverses: ReadonlyMap<string, ReadonlySet<string>>;
  readonly chains: readonly Chain[];
}

export function rulesFrom(ontology: readonly Quad[]): Rules {
  const o = new Store(ontology.map((q) => quad(q.subject, q.predicate, q.object)));
  const edges = (p: string, symmetricP?: string) => {
    const m = new Map<string, Set<string>>();
    const add = (a: Term, b: Term) => {
      if (a.termType !== 'NamedNode' || b.termType !== 'NamedNode' || a.value === b.value) return;
      if (!m.has(a.value)) m.set(a.value, new Set());
      m.get(a.value)?.add(b.value);
    };
    for (const q of o.getQuads(null, namedNode(p), null, null)) add(q.subject, q.object);
    if (symmetricP) for (const q of o.getQuads(null, namedNode(symmetricP), null, null)) { add(q.subject, q.object); add(q.object, q.subject); }
    return closure(m);
  };
  const inverses = new Map<string, Set<string>>();
  for (const q of o.getQuads(null, namedNode(owl('inverseOf')), null, null)) {
    if (q.subject.termType !== 'NamedNode' || q.object.termType !== 'NamedNode') continue;
    for (const [a, b] of [[q.subject.value, q.object.value], [q.object.value, q.subject.value]] as const) {
      if (!inverses.has(a)) inverses.set(a, new Set());
      inverses.get(a)?.add(b);
    }
  }
  const chains: Chain[] = [];
  for (const q of o.getQuads(null, namedNode(owl('propertyChainAxiom')), null, null)) {
    const steps = readList(o, q.object).map((t) => toStep(o, t));
    const [first, second] = steps;
    if (steps.length !== 2 || !first || !second || q.subject.termType !== 'NamedNode') {
      throw new Error(`unsupported owl:propertyChainAxiom on ${q.subject.value}: only chains of two properties (or their inverses) are materialised`);
    }
    chains.push({ result: q.subject.value, first, second });
  }
  return {
    superClasses: edges(rdfs('subClassOf'), owl('equivalentClass')),
    superProperties: edges(rdfs('subPropertyOf'), owl('equivalentProperty')),
    inverses,
    chains,
  };
}

function closure(direct: Map<string, Set<string>>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const start of direct.keys()) {
    const seen = new Set<string>();
    const todo = [...(direct.get(start) ?? [])];
    while (todo.length > 0) {
      const next = todo.pop() as string;
      if (next === start || seen.has(next)) continue;
      seen.add(next);
      todo.push(...(direct.get(next) ?? []));
    }
    out.set(start, seen);
  }
  return out;
}

function readList(store: Store, head: Term): Term[] {
  const items: Term[] = [];
  let node: Term = head;
  while (node.value !== rdf('nil') && items.length < 100) {
    const first = store.getObjects(node as Quad_Subject, namedNode(rdf('first')), null)[0];
    const rest = store.getObjects(node as Quad_Subject, namedNode(rdf('rest')), null)[0];
    if (!first || !rest) break;
    items.push(first);
    node = rest;
  }
  return items;
}

function toStep(store: Store, t: Term): Step | undefined {
  if (t.termType === 'NamedNode') return { p: t.value, inverse: false };
  const inv = store.getObjects(t as Quad_Subject, namedNode(owl('inverseOf')), null)[0];
  return inv?.termType === 'NamedNode' ? { p: inv.value, inverse: true } : undefined;
}

/**
 * The triples the rules add to `facts` (graphs ignored: entailments hold over the union), as quads in
 * `graph`. Facts already present are not repeated.
 *
 * Terms are numbered once and triples are kept as keys of those numbers, with indexes only for the
 * properties of chains: a fraction of the time and memory of a full quad store at a million triples.
 */
export function materialise(facts: Iterable<Quad>, rules: Rules, graph: NamedNode): Quad[] {
  const terms = new TermNumbers();
  const seen = new TripleSet();
  /** Pending triples as s, p, o numbers. */
  const work: number[] = [];
  const added: Quad[] = [];
  const chainProperties = new Set(rules.chains.flatMap((c) => [c.first.p, c.second.p]));
  const out = new Map<number, Map<number, number[]>>();
  const into = new Map<number, Map<number, number[]>>();
  const predicates = new Map<string, number>();
  const predicate = (iri: string): number => {
    let n = predicates.get(iri);
    if (n === undefined) predicates.set(iri, (n = terms.number(namedNode(iri))));
    return n;
  };
  for (const p of chainProperties) {
    out.set(predicate(p), new Map());
    into.set(predicate(p), new Map());
  }
  const add = (s: number, p: number, o: number, inferred: boolean) => {
    if (terms.isLiteral(s)) return;
    if (!seen.add(s, p, o)) return;
    work.push(s, p, o);
    const byS = out.get(p);
    if (byS) {
      index(byS, s, o);
      index(into.get(p) as Map<number, number[]>, o, s);
    }
    if (inferred) added.push(quad(terms.term(s) as Quad_Subject, namedNode(terms.term(p).value), terms.term(o) as Quad_Object, graph));
  };
  for (const q of facts) add(terms.number(q.subject), predicate(q.predicate.value), terms.number(q.object), false);
  const type = predicate(rdf('type'));
  // What the rules do with a predicate, and the super classes of a class, worked out once per term.
  const byPredicate: ({ readonly sp: readonly number[]; readonly ip: readonly number[] } | undefined)[] = [];
  const superClassesOf: (readonly number[] | undefined)[] = [];
  while (work.length > 0) {
    const o = work.pop() as number;
    const pn = work.pop() as number;
    const s = work.pop() as number;
    const p = terms.term(pn).value;
    if (pn === type) {
      let classes = superClassesOf[o];
      if (classes === undefined) {
        const object = terms.term(o);
        classes = superClassesOf[o] = object.termType === 'NamedNode' ? [...rules.superClasses.get(object.value) ?? []].map((c) => terms.number(namedNode(c))) : [];
      }
      for (const c of classes) add(s, type, c, true);
    }
    const rule = (byPredicate[pn] ??= {
      sp: [...rules.superProperties.get(p) ?? []].map(predicate),
      ip: [...rules.inverses.get(p) ?? []].map(predicate),
    });
    for (const sp of rule.sp) add(s, sp, o, true);
    for (const ip of rule.ip) add(o, ip, s, true);
    for (const chain of rules.chains) {
      if (chain.first.p === p) {
        const [x, y] = chain.first.inverse ? [o, s] : [s, o];
        for (const z of neighbours(y, chain.second, true)) add(x, predicate(chain.result), z, true);
      }
      if (chain.second.p === p) {
        const [y, z] = chain.second.inverse ? [o, s] : [s, o];
        for (const x of neighbours(y, chain.first, false)) add(x, predicate(chain.result), z, true);
      }
    }
  }
  return added;

  /** Nodes reached from `y` along `step` (forward) or reaching `y` along it (backward). */
  function neighbours(y: number, step: Step, forward: boolean): readonly number[] {
    const outward = forward !== step.inverse;
    if (outward && terms.isLiteral(y)) return [];
    return ((outward ? out : into).get(predicate(step.p))?.get(y) ?? []).slice();
  }
}

function index(m: Map<number, number[]>, k: number, v: number): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

/**
 * A set of triples of term numbers: open addressing over one Int32Array, so that a million triples
 * cost no allocation each (a Set of numbers past 2^31 boxes every key, and all of them survive).
 */
class TripleSet {
  private slots = new Int32Array(3 * (1 << 16));
  private mask = (1 << 16) - 1;
  private size = 0;

  /** Adds the triple; false if it was there already. */
  add(s: number, p: number, o: number): boolean {
    if (this.insert(this.slots, this.mask, s + 1, p, o)) {
      if (++this.size * 2 > this.mask) this.grow();
      return true;
    }
    return false;
  }

  /** Slot i holds s + 1 (0: empty), p, o at 3i .. 3i+2. */
  private insert(slots: Int32Array, mask: number, s1: number, p: number, o: number): boolean {
    let i = (Math.imul(s1, 0x9e3779b1) ^ Math.imul(p, 0x85ebca77) ^ Math.imul(o, 0xc2b2ae3d)) & mask;
    for (;;) {
      const at = 3 * i;
      const k = slots[at] as number;
      if (k === 0) {
        slots[at] = s1;
        slots[at + 1] = p;
        slots[at + 2] = o;
        return true;
      }
      if (k === s1 && slots[at + 1] === p && slots[at + 2] === o) return false;
      i = (i + 1) & mask;
    }
  }

  private grow(): void {
    const old = this.slots;
    const mask = this.mask * 2 + 1;
    const slots = new Int32Array(3 * (mask + 1));
    for (let at = 0; at < old.length; at += 3) {
      if (old[at] !== 0) this.insert(slots, mask, old[at] as number, old[at + 1] as number, old[at + 2] as number);
    }
    this.slots = slots;
    this.mask = mask;
  }
}

/** Numbers for RDF terms: equal terms get the same number. */
class TermNumbers {
  private readonly named = new Map<string, number>();
  private readonly blank = new Map<string, number>();
  private readonly literals = new Map<string, number>();
  private readonly others = new Map<string, number>();
  private readonly list: Term[] = [];

  number(t: Term): number {
    let map: Map<string, number>;
    let key: string;
    switch (t.termType) {
      case 'NamedNode': map = this.named; key = t.value; break;
      case 'BlankNode': map = this.blank; key = t.value; break;
      // n3's id of a literal holds its value, language and datatype (an n3 term has it already; n3
      // works it out for another library's term), and equal literals have equal ids.
      case 'Literal': map = this.literals; key = termToId(t as Parameters<typeof termToId>[0]); break;
      default: map = this.others; key = `${t.termType}\u0000${t.value}`;
    }
    let n = map.get(key);
    if (n === undefined) {
      n = this.list.length;
      map.set(key, n);
      this.list.push(t);
    }
    return n;
  }

  term(n: number): Term {
    return this.list[n] as Term;
  }

  isLiteral(n: number): boolean {
    return this.list[n]?.termType === 'Literal';
  }
}
