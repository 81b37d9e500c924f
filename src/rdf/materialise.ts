// Materialises the ontology's alignment entailments into their own graph, so that a user who
// knows only schema.org (or ORG, PROV, FOAF) can query our data in those terms.
// Rules (all from the ontology, none hard-coded): rdfs:subClassOf, owl:equivalentClass,
// rdfs:subPropertyOf, owl:equivalentProperty, owl:inverseOf, and owl:propertyChainAxiom of two
// steps (either step may be an owl:inverseOf blank node). Computed to a fixed point, semi-naively.
import { DataFactory, Store } from 'n3';
import type { NamedNode, Quad, Quad_Object, Quad_Subject, Term } from '@rdfjs/types';
import { owl, rdf, rdfs } from '../vocab.ts';

const { namedNode, quad, defaultGraph } = DataFactory;

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
 */
export function materialise(facts: Iterable<Quad>, rules: Rules, graph: NamedNode): Quad[] {
  const store = new Store();
  const work: Quad[] = [];
  const added: Quad[] = [];
  const add = (s: Term, p: string, o: Term, inferred: boolean) => {
    if (s.termType === 'Literal') return;
    const q = quad(s as Quad_Subject, namedNode(p), o as Quad_Object, defaultGraph());
    if (store.has(q)) return;
    store.addQuad(q);
    work.push(q);
    if (inferred) added.push(quad(q.subject, q.predicate, q.object, graph));
  };
  for (const q of facts) add(q.subject, q.predicate.value, q.object, false);
  const type = rdf('type');
  while (work.length > 0) {
    const { subject: s, predicate, object: o } = work.pop() as Quad;
    const p = predicate.value;
    if (p === type && o.termType === 'NamedNode') for (const c of rules.superClasses.get(o.value) ?? []) add(s, type, namedNode(c), true);
    for (const sp of rules.superProperties.get(p) ?? []) add(s, sp, o, true);
    for (const ip of rules.inverses.get(p) ?? []) add(o, ip, s, true);
    for (const chain of rules.chains) {
      if (chain.first.p === p) {
        const [x, y] = chain.first.inverse ? [o, s] : [s, o];
        for (const z of neighbours(store, y, chain.second, true)) add(x, chain.result, z, true);
      }
      if (chain.second.p === p) {
        const [y, z] = chain.second.inverse ? [o, s] : [s, o];
        for (const x of neighbours(store, y, chain.first, false)) add(x, chain.result, z, true);
      }
    }
  }
  return added;
}

/** Nodes reached from `y` along `step` (forward) or reaching `y` along it (backward). */
function neighbours(store: Store, y: Term, step: Step, forward: boolean): Term[] {
  const p = namedNode(step.p);
  const outward = forward !== step.inverse;
  if (outward) return y.termType === 'Literal' ? [] : store.getObjects(y as Quad_Subject, p, null);
  return store.getSubjects(p, y as Quad_Object, null);
}
