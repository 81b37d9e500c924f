// Materialises the ontology's alignment entailments into their own graph, so that a user who
// knows only schema.org (or ORG, PROV, FOAF) can query our data in those terms.
// Rules (all from the ontology, none hard-coded): rdfs:subClassOf, owl:equivalentClass,
// rdfs:subPropertyOf, owl:equivalentProperty, owl:inverseOf, and owl:propertyChainAxiom of two
// steps (either step may be an owl:inverseOf blank node). Computed to a fixed point, semi-naively.
import { DataFactory, Store } from 'n3';
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
  // Triples seen, as one number when the term numbers fit in 53 bits (a number Set is several times
  // faster than one of strings at a million triples), else as a string.
  const seen = new Set<number | string>();
  const predicateSlots = new Map<number, number>();
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
    let slot = predicateSlots.get(p);
    if (slot === undefined) predicateSlots.set(p, (slot = predicateSlots.size));
    const key = s < 2 ** 21 && o < 2 ** 21 && slot < 2 ** 11 ? (s * 2 ** 11 + slot) * 2 ** 21 + o : `${s} ${p} ${o}`;
    if (seen.has(key)) return;
    seen.add(key);
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
  while (work.length > 0) {
    const o = work.pop() as number;
    const pn = work.pop() as number;
    const s = work.pop() as number;
    const p = terms.term(pn).value;
    const object = terms.term(o);
    if (pn === type && object.termType === 'NamedNode') for (const c of rules.superClasses.get(object.value) ?? []) add(s, type, terms.number(namedNode(c)), true);
    for (const sp of rules.superProperties.get(p) ?? []) add(s, predicate(sp), o, true);
    for (const ip of rules.inverses.get(p) ?? []) add(o, predicate(ip), s, true);
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
      case 'Literal': map = this.literals; key = `${t.value}\u0000${t.datatype.value}\u0000${t.language}`; break;
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
