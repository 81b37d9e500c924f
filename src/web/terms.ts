// Small helpers over terms shared by the web layer: compact names (CURIEs) for display, the text of
// a literal, reading an RDF list and walking a store by subject and predicate.
import type { Store } from 'n3';
import type { Literal, Quad, Term } from '@rdfjs/types';
import { rdf } from '../vocab.ts';

export type Prefixes = Readonly<Record<string, string>>;

/** `schema:name` for an IRI in a known namespace, else the IRI itself. */
export function curie(iri: string, prefixes: Prefixes): string {
  let best: [string, string] | undefined;
  for (const [p, ns] of Object.entries(prefixes)) {
    if (iri.startsWith(ns) && iri.length > ns.length && (!best || ns.length > best[1].length)) best = [p, ns];
  }
  if (!best) return iri;
  const local = iri.slice(best[1].length);
  return /^[\w.-]+$/.test(local) ? `${best[0]}:${local}` : iri;
}

/** The local name after the last `#` or `/`. */
export function localName(iri: string): string {
  const cut = Math.max(iri.lastIndexOf('#'), iri.lastIndexOf('/'));
  return cut >= 0 && cut < iri.length - 1 ? iri.slice(cut + 1) : iri;
}

export function objects(store: Store, subject: Term, predicate: string): Term[] {
  return store.getObjects(subject, predicate, null);
}

export function iris(store: Store, subject: Term, predicate: string): string[] {
  return objects(store, subject, predicate).filter((t) => t.termType === 'NamedNode').map((t) => t.value).sort();
}

/** The English (or untagged) text of the first literal value, or undefined. */
export function text(store: Store, subject: Term, predicate: string): string | undefined {
  const lits = objects(store, subject, predicate).filter((t): t is Literal => t.termType === 'Literal');
  return (lits.find((l) => l.language === 'en') ?? lits.find((l) => l.language === '') ?? lits[0])?.value;
}

/** The members of an RDF list, or [] when `head` is not a well-formed list. */
export function list(store: Store, head: Term): Term[] {
  const out: Term[] = [];
  let node: Term | undefined = head;
  for (let guard = 0; node && node.value !== rdf('nil') && guard < 10_000; guard++) {
    const first = store.getObjects(node, rdf('first'), null)[0];
    if (!first) return [];
    out.push(first);
    node = store.getObjects(node, rdf('rest'), null)[0];
  }
  return out;
}

/** A stable key for a triple (graph ignored). */
export function tripleKey(q: Pick<Quad, 'subject' | 'predicate' | 'object'>): string {
  return `${termKey(q.subject)}\u0000${q.predicate.value}\u0000${termKey(q.object)}`;
}

export function termKey(t: Term): string {
  if (t.termType === 'Literal') return `"${t.value}"@${t.language}^^${t.datatype.value}`;
  if (t.termType === 'BlankNode') return `_:${t.value}`;
  return t.value;
}
