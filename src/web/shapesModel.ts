// The SHACL shapes (ontology/shapes.ttl) as the documentation shows them: each node shape with its
// targets and, per constrained path, the constraints in words plus the shape's own sh:message.
import { Store } from 'n3';
import type { Quad, Term } from '@rdfjs/types';
import { dcterms, rdf, rdfs, sh } from '../vocab.ts';
import { curie, iris, list, localName, objects, text, type Prefixes } from './terms.ts';

export interface Constraint {
  /** The SHACL parameter's local name: minCount, datatype, class, … */
  readonly name: string;
  /** The value, readable: a number, a CURIE, a list. */
  readonly value: string;
  /** IRIs the value names, for links. */
  readonly iris: readonly string[];
}

export interface PropertyRule {
  /** The path, readable (`schema:name`, `^schema:superEvent`). */
  readonly path: string;
  /** The path's predicate when it is a plain IRI. */
  readonly predicate: string | undefined;
  readonly constraints: readonly Constraint[];
  readonly messages: readonly string[];
}

export interface Shape {
  /** IRI, or undefined for a blank-node shape. */
  readonly iri: string | undefined;
  readonly local: string;
  readonly label: string | undefined;
  readonly comment: string | undefined;
  readonly targetClasses: readonly string[];
  readonly targetSubjectsOf: readonly string[];
  readonly targetObjectsOf: readonly string[];
  /** Constraints on the focus node itself (sh:or, sh:class, …). */
  readonly nodeConstraints: readonly Constraint[];
  readonly properties: readonly PropertyRule[];
  readonly messages: readonly string[];
}

export interface ShapesModel {
  /** The shapes document IRI (the subject of its dcterms:title), if it has one. */
  readonly iri: string | undefined;
  readonly turtle: string;
  readonly quads: readonly Quad[];
  readonly shapes: readonly Shape[];
  /** Node shapes whose sh:targetClass is `classIri`. */
  forClass(classIri: string): Shape[];
  /** Property rules that hold wherever `predicate` is used (shapes targeting subjects of it). */
  forPredicate(predicate: string): PropertyRule[];
}

const SKIP = new Set([sh('path'), sh('message'), sh('name'), sh('description'), sh('property'), sh('targetClass'),
  sh('targetSubjectsOf'), sh('targetObjectsOf'), sh('targetNode'), rdf('type'), rdfs('label'), rdfs('comment'), sh('severity'), sh('deactivated')]);

export function readShapes(turtle: string, quads: readonly Quad[], prefixes: Prefixes): ShapesModel {
  const store = new Store([...quads]);
  const show = (t: Term): { text: string; iris: string[] } => describeTerm(store, t, prefixes);
  const shapes: Shape[] = [];
  for (const s of store.getSubjects(rdf('type'), sh('NodeShape'), null)) {
    shapes.push(readShape(store, s, show));
  }
  shapes.sort((a, b) => a.local.localeCompare(b.local));
  const docIri = store.getSubjects(dcterms('title'), null, null).find((s) => s.termType === 'NamedNode');
  return {
    iri: docIri?.value, turtle, quads,
    shapes,
    forClass: (c) => shapes.filter((x) => x.targetClasses.includes(c)),
    forPredicate: (p) => shapes.filter((x) => x.targetSubjectsOf.includes(p)).flatMap((x) => x.properties.filter((r) => r.predicate === p)),
  };
}

type Show = (t: Term) => { text: string; iris: string[] };

function readShape(store: Store, s: Term, show: Show): Shape {
  return {
    iri: s.termType === 'NamedNode' ? s.value : undefined,
    local: s.termType === 'NamedNode' ? localName(s.value) : `_${s.value}`,
    label: text(store, s, rdfs('label')),
    comment: text(store, s, rdfs('comment')),
    targetClasses: iris(store, s, sh('targetClass')),
    targetSubjectsOf: iris(store, s, sh('targetSubjectsOf')),
    targetObjectsOf: iris(store, s, sh('targetObjectsOf')),
    nodeConstraints: constraints(store, s, show),
    properties: objects(store, s, sh('property')).map((p) => readRule(store, p, show)),
    messages: messages(store, s),
  };
}

function readRule(store: Store, p: Term, show: Show): PropertyRule {
  const path = objects(store, p, sh('path'))[0];
  return {
    path: path ? show(path).text : '(no path)',
    predicate: path?.termType === 'NamedNode' ? path.value : undefined,
    constraints: constraints(store, p, show),
    messages: messages(store, p),
  };
}

function messages(store: Store, s: Term): string[] {
  return objects(store, s, sh('message')).map((m) => m.value);
}

function constraints(store: Store, s: Term, show: Show): Constraint[] {
  const out: Constraint[] = [];
  for (const q of store.getQuads(s, null, null, null)) {
    if (SKIP.has(q.predicate.value) || !q.predicate.value.startsWith(sh.iri)) continue;
    const shown = show(q.object);
    out.push({ name: localName(q.predicate.value), value: shown.text, iris: shown.iris });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** A readable form of a SHACL value: a CURIE, a literal, a list `(a b)`, a path `^p`, or a nested shape `[ … ]`. */
function describeTerm(store: Store, t: Term, prefixes: Prefixes, depth = 0): { text: string; iris: string[] } {
  if (t.termType === 'NamedNode') return { text: curie(t.value, prefixes), iris: [t.value] };
  if (t.termType === 'Literal') return { text: t.value, iris: [] };
  if (depth > 4) return { text: '[…]', iris: [] };
  const members = store.getObjects(t, rdf('first'), null).length > 0 ? list(store, t) : undefined;
  if (members) {
    const parts = members.map((m) => describeTerm(store, m, prefixes, depth + 1));
    return { text: `(${parts.map((p) => p.text).join(' ')})`, iris: parts.flatMap((p) => p.iris) };
  }
  const inverse = store.getObjects(t, sh('inversePath'), null)[0];
  if (inverse) {
    const inner = describeTerm(store, inverse, prefixes, depth + 1);
    return { text: `^${inner.text}`, iris: inner.iris };
  }
  const parts = store.getQuads(t, null, null, null).map((q) => {
    const inner = describeTerm(store, q.object, prefixes, depth + 1);
    return { text: `sh:${localName(q.predicate.value)} ${inner.text}`, iris: inner.iris };
  });
  return { text: `[ ${parts.map((p) => p.text).join(' ; ')} ]`, iris: parts.flatMap((p) => p.iris) };
}
