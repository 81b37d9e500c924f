// SHACL validation of the built graph (data + ontology + entailments) against ontology/shapes.ttl,
// with rdf-validate-shacl (SHACL Core). Each violation is reported at the record it concerns.
import SHACLValidator from 'rdf-validate-shacl';
import { DataFactory, Store } from 'n3';
import type { Quad, Term } from '@rdfjs/types';
import type { Problems, SourceLocation } from '../load/problems.ts';
import { PREFIXES } from '../vocab.ts';

export async function validateShapes(
  data: Iterable<Quad>, shapes: readonly Quad[], locate: (subject: string) => SourceLocation, problems: Problems,
  prefixes: Readonly<Record<string, string>> = PREFIXES,
): Promise<number> {
  const shorten = (t: Term) => shortName(t, prefixes);
  const dataset = new Store();
  for (const q of data) dataset.addQuad(DataFactory.quad(q.subject, q.predicate, q.object));
  const validator = new SHACLValidator(new Store(shapes.map((q) => DataFactory.quad(q.subject, q.predicate, q.object))));
  const report = await validator.validate(dataset);
  for (const r of report.results) {
    const focus = r.focusNode?.value ?? '';
    const path = r.path?.termType === 'NamedNode' ? shorten(r.path) : '';
    const messages = r.message.map((m) => m.value).filter((m) => m !== '');
    const what = messages.length > 0 ? messages.join('; ') : shorten(r.sourceConstraintComponent ?? DataFactory.namedNode('constraint'));
    const value = r.value && r.value.value !== focus ? ` (got ${r.value.termType === 'Literal' ? JSON.stringify(r.value.value) : shorten(r.value)})` : '';
    const shape = r.sourceShape?.termType === 'NamedNode' ? ` [${shorten(r.sourceShape)}]` : '';
    problems.add(locate(focus), `SHACL: ${shorten(r.focusNode ?? DataFactory.namedNode(focus))}${path ? ` ${path}` : ''}: ${what}${value}${shape}`);
  }
  return report.results.length;
}

/** A term as a prefixed name where a known prefix fits, else <iri>. */
export function shortName(term: Term, prefixes: Readonly<Record<string, string>> = PREFIXES): string {
  if (term.termType !== 'NamedNode') return term.termType === 'BlankNode' ? `_:${term.value}` : JSON.stringify(term.value);
  for (const [prefix, ns] of Object.entries(prefixes)) {
    if (term.value.startsWith(ns) && /^[\w-]*$/.test(term.value.slice(ns.length))) return `${prefix}:${term.value.slice(ns.length)}`;
  }
  return `<${term.value}>`;
}
