// Four of shacl-engine's core constraint components in a cheaper form, registered through the
// engine's own extension point (the `validations` option of its Validator, made for SPARQL
// constraints), with the same results: the tests validate the same graphs with the engine's own
// components and compare.
//
// - sh:class: the engine copies the value's types into a term set (a string key per type) before
//   it looks for one of the classes; here the types are looked through as they are.
// - sh:or and sh:node whose shapes check nothing but classes (the agent, venue and provenance
//   value shapes of shapes.ttl: `sh:or ( [ sh:class A ] [ sh:class B ] )`) or a minimum count of
//   one property ("a name or a label": `sh:or ( [ sh:path schema:name ; sh:minCount 1 ] ... )`):
//   the engine validates each such shape as a shape of its own for every value (a context, an id
//   string, a report); here the value's types, or its values of the property, are looked up
//   directly. Only a value that passes is decided here: one that fails, and every value when the
//   engine is asked for details or debug results, goes to the engine's own component, so that a
//   violation is reported exactly as the engine reports it.
// - sh:property: the engine validates each property shape for every node as a shape of its own
//   (an id string, its values put into a term set and a term map, a context per value). Here a
//   property shape on one property, forwards or inverse, whose constraints are counts, datatypes,
//   node kinds, classes, or value shapes of the kinds above, is first checked on the node's values
//   directly; when the check holds, the shape passes; when not, the engine validates it. A
//   property shape that cannot fail for a node without values (class, datatype, maximum count, ...)
//   is skipped for a node that has no value for its property.
// At a million triples these took about three fifths of the validation's CPU (`npm run bench:shacl`).
import resolveClasses from 'shacl-engine/lib/resolveClasses.js';
import * as ns from 'shacl-engine/lib/namespaces.js';
import { compileOr as engineCompileOr } from 'shacl-engine/lib/validations/logical.js';
import type { CompiledValidation, EngineContext, EngineShape, Pointer, TermSetLike } from 'shacl-engine/lib/validations/logical.js';
import { compileNode as engineCompileNode, compileProperty as engineCompileProperty } from 'shacl-engine/lib/validations/shape.js';
import type { DatasetCore, Term } from '@rdfjs/types';
import { XsdValidation } from 'rdf-validation';

/** What the quick checks may ask of a node: its types, and its values of a property. */
class NodeFacts {
  private known: Term[] | undefined;

  constructor(private readonly dataset: DatasetCore, readonly term: Term) {}

  /** The facts of another node of the same graph. */
  at(term: Term): NodeFacts {
    return new NodeFacts(this.dataset, term);
  }

  get types(): readonly Term[] {
    if (this.known === undefined) {
      const types: Term[] = [];
      for (const q of this.dataset.match(this.term, ns.rdf.type, null, null)) types.push(q.object);
      this.known = types;
    }
    return this.known;
  }

  /** The distinct values of `predicate` from the node (`inverse`: the distinct nodes that have the node as value). */
  values(predicate: Term, inverse: boolean): Term[] {
    const values: Term[] = [];
    if (inverse) for (const q of this.dataset.match(null, predicate, this.term, null)) values.push(q.subject);
    else for (const q of this.dataset.match(this.term, predicate, null, null)) values.push(q.object);
    // The validation graph holds each triple once; a dataset of several graphs may hold one in each.
    return values.length < 2 ? values : distinctTerms(values);
  }
}

function includesTerm(terms: readonly Term[], term: Term): boolean {
  for (const t of terms) if (t.equals(term)) return true;
  return false;
}

function distinctTerms(terms: readonly Term[]): Term[] {
  if (terms.length <= 8) {
    const out: Term[] = [];
    for (const t of terms) if (!includesTerm(out, t)) out.push(t);
    return out;
  }
  const seen = new Set<string>();
  const out: Term[] = [];
  for (const t of terms) {
    // The value's length ends it, so that no two terms share a key (a tag has no ^).
    const key = t.termType === 'Literal' ? `${t.value.length}:${t.value}@${t.language}^^${t.datatype.value}` : `${t.termType}:${t.value}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(t);
    }
  }
  return out;
}

/** Whether a node conforms to a shape, from its facts. */
type QuickCheck = (node: NodeFacts) => boolean;

// The checks run for every value, so they loop instead of making an arrow function per call (tsx
// wraps each in a naming helper).

/** Whether one of the types is in the set (a class and its subclasses). */
function hasTypeIn(types: readonly Term[], set: TermSetLike): boolean {
  for (const t of types) if (set.has(t)) return true;
  return false;
}

function anyHolds(checks: readonly QuickCheck[], node: NodeFacts): boolean {
  for (const check of checks) if (check(node)) return true;
  return false;
}

function compileClass(shape: EngineShape): CompiledValidation {
  const classes = shape.ptr.out([ns.sh.class]).map((ptr) => resolveClasses(ptr));
  return {
    generic: (context: EngineContext) => {
      const types = context.valueOrNode.out([ns.rdf.type]).terms;
      for (const classSet of classes) context.test(hasTypeIn(types, classSet), ns.sh.ClassConstraintComponent, { value: context.valueOrNode });
    },
  };
}

/**
 * The check of a shape that is quick to decide, else undefined: a node shape that looks at nothing
 * but the node's types (sh:class, or sh:or of such shapes), or a property shape on one property,
 * forwards or inverse, with nothing but the constraints of `propertyCheck`. Any other constraint, or
 * a deactivated shape, is the engine's.
 */
function quickCheck(ptr: Pointer, shape: EngineShape, depth = 0): QuickCheck | undefined {
  const registered = shape.validator.registry.validations;
  const checks = [...ptr.execute({ start: 'subject', end: 'predicate' })].map((p) => p.term).filter((t) => registered.has(t));
  if (checks.length === 0 || depth > 8 || shape.validator.shape(ptr)?.deactivated) return undefined;
  if (ptr.out([ns.sh.path]).terms.length > 0) return propertyCheck(ptr, shape, checks, depth);
  const parts: QuickCheck[] = [];
  for (const check of distinct(checks)) {
    if (check === SH_CLASS) {
      const classSets = ptr.out([ns.sh.class]).map((c) => resolveClasses(c));
      parts.push((node) => hasAllTypes(node, classSets));
    } else if (check === SH_OR) {
      const either = alternativesOf(ptr, shape, depth);
      if (!either) return undefined;
      parts.push((node) => anyHolds(either, node));
    } else return undefined;
  }
  return (node) => allHold(parts, node);
}

/** The quick checks of the alternatives of a shape's sh:or, or undefined when one of them has none. */
function alternativesOf(ptr: Pointer, shape: EngineShape, depth: number): QuickCheck[] | undefined {
  const alternatives = [...ptr.out([ns.sh.or])].flatMap((list) => [...(list.list() ?? [])]).map((a) => quickCheck(a, shape, depth + 1));
  if (alternatives.length === 0 || alternatives.some((a) => a === undefined)) return undefined;
  return alternatives as QuickCheck[];
}

/**
 * A property shape's check, when its path is one property (or its inverse) and it says nothing but
 * these, each decided as the engine decides it (its lib/validations): sh:minCount and sh:maxCount
 * (the number of distinct values), and for every value sh:datatype (the datatype, and a valid
 * lexical form by the engine's own rdf-validation), sh:nodeKind, sh:class, and sh:node or sh:or
 * of shapes with quick checks of their own. Else undefined.
 */
function propertyCheck(ptr: Pointer, shape: EngineShape, checks: readonly Term[], depth: number): QuickCheck | undefined {
  const step = onePropertyPath(ptr);
  if (!step) return undefined;
  const { property, inverse } = step;
  let least = 0;
  let most = Infinity;
  const each: QuickCheck[] = [];
  for (const check of distinct(checks)) {
    if (check === SH_MIN_COUNT || check === SH_MAX_COUNT) {
      const n = single(ptr.out([check === SH_MIN_COUNT ? ns.sh.minCount : ns.sh.maxCount]).terms);
      if (!n || !/^\d+$/.test(n.value)) return undefined;
      if (check === SH_MIN_COUNT) least = Number(n.value);
      else most = Number(n.value);
    } else if (check === SH_DATATYPE) {
      const datatype = single(ptr.out([ns.sh.datatype]).terms);
      if (!datatype) return undefined;
      each.push((value) => value.term.termType === 'Literal' && datatype.equals(value.term.datatype) && XSD.validateSimple(value.term));
    } else if (check === SH_NODE_KIND) {
      const kinds = NODE_KINDS.get(single(ptr.out([ns.sh.nodeKind]).terms)?.value ?? '');
      if (!kinds) return undefined;
      each.push((value) => kinds.has(value.term.termType));
    } else if (check === SH_CLASS) {
      const classSets = ptr.out([ns.sh.class]).map((c) => resolveClasses(c));
      each.push((value) => hasAllTypes(value, classSets));
    } else if (check === SH_NODE) {
      for (const node of ptr.out([ns.sh.node])) {
        const nodeCheck = quickCheck(node, shape, depth + 1);
        if (!nodeCheck) return undefined;
        each.push(nodeCheck);
      }
    } else if (check === SH_OR) {
      const either = alternativesOf(ptr, shape, depth);
      if (!either) return undefined;
      each.push((value) => anyHolds(either, value));
    } else return undefined;
  }
  return (node) => {
    const values = node.values(property, inverse);
    if (values.length < least || values.length > most) return false;
    for (const value of values) if (!allHold(each, node.at(value))) return false;
    return true;
  };
}

/** The property of a path that is one property, forwards (`sh:path p`) or inverse (`sh:path [ sh:inversePath p ]`), else undefined. */
function onePropertyPath(ptr: Pointer): { readonly property: Term; readonly inverse: boolean } | undefined {
  const step = single(ptr.out([ns.sh.path]).terms);
  if (step?.termType === 'NamedNode') return { property: step, inverse: false };
  if (step?.termType !== 'BlankNode') return undefined;
  const property = single(ptr.out([ns.sh.path]).out([ns.sh.inversePath]).terms);
  if (property?.termType !== 'NamedNode') return undefined;
  if ([...ptr.out([ns.sh.path]).execute({ start: 'subject', end: 'predicate' })].length !== 1) return undefined;
  return { property, inverse: true };
}

function single(terms: readonly Term[]): Term | undefined {
  return terms.length === 1 ? terms[0] : undefined;
}

/** The constraint components among `checks`, each once, as the IRIs below (compared by identity). */
function distinct(checks: readonly Term[]): Set<string> {
  return new Set(checks.map((t) => t.value));
}

const SH_CLASS = ns.sh.class.value;
const SH_OR = ns.sh.or.value;
const SH_NODE = ns.sh.node.value;
const SH_MIN_COUNT = ns.sh.minCount.value;
const SH_MAX_COUNT = ns.sh.maxCount.value;
const SH_DATATYPE = ns.sh.datatype.value;
const SH_NODE_KIND = ns.sh.nodeKind.value;
/** The term types of each sh:nodeKind (as the engine's lib/validations/type.js has them). */
const NODE_KINDS = new Map<string, ReadonlySet<string>>([
  ['BlankNode', ['BlankNode']], ['BlankNodeOrIRI', ['BlankNode', 'NamedNode']], ['BlankNodeOrLiteral', ['BlankNode', 'Literal']],
  ['IRI', ['NamedNode']], ['IRIOrLiteral', ['NamedNode', 'Literal']], ['Literal', ['Literal']],
].map(([local, types]) => [`http://www.w3.org/ns/shacl#${local as string}`, new Set(types as string[])]));
/** The engine's check of a literal's lexical form (sh:datatype). */
const XSD = new XsdValidation();

function hasAllTypes(node: NodeFacts, classSets: readonly TermSetLike[]): boolean {
  for (const set of classSets) if (!hasTypeIn(node.types, set)) return false;
  return true;
}

function allHold(checks: readonly QuickCheck[], node: NodeFacts): boolean {
  for (const check of checks) if (!check(node)) return false;
  return true;
}

/**
 * The engine's component for `shape`, with a first look by `checks` (one per shape the component
 * validates the value against): when they all pass, the value passes; otherwise the engine decides.
 */
function passFirst(engine: CompiledValidation, checks: readonly (QuickCheck | undefined)[], component: Term): CompiledValidation {
  const engineGeneric = engine.generic;
  if (!engineGeneric || checks.length === 0 || checks.some((c) => c === undefined)) return engine;
  const all = checks as QuickCheck[];
  return {
    generic: (context: EngineContext) => {
      const [only, ...more] = context.valueOrNode.ptrs;
      if (context.options.debug || context.options.details || !only || more.length > 0 || only.graph) return engineGeneric(context);
      const node = new NodeFacts(only.dataset, only.term);
      for (const check of all) if (!check(node)) return engineGeneric(context);
      context.test(true, component, { value: context.valueOrNode });
      return undefined;
    },
  };
}

function compileOr(shape: EngineShape): CompiledValidation {
  const either = alternativesOf(shape.ptr, shape, 0);
  return passFirst(engineCompileOr(shape), [either && ((node: NodeFacts) => anyHolds(either, node))], ns.sh.OrConstraintComponent);
}

function compileNode(shape: EngineShape): CompiledValidation {
  const nodes = [...shape.ptr.out([ns.sh.node])].map((ptr) => quickCheck(ptr, shape));
  return passFirst(engineCompileNode(shape), nodes, ns.sh.NodeConstraintComponent);
}

/**
 * Constraints that hold for a property without values (each checks the values one by one, or
 * bounds their number from above): a property shape that has only these is skipped for a node
 * without the property. sh:minCount is among them where it is 0.
 */
const HOLD_WITHOUT_VALUES = new Set([
  'class', 'datatype', 'nodeKind', 'node', 'property', 'or', 'and', 'not', 'xone', 'in', 'pattern', 'minLength', 'maxLength',
  'languageIn', 'uniqueLang', 'maxCount', 'minInclusive', 'maxInclusive', 'minExclusive', 'maxExclusive', 'disjoint', 'lessThan',
  'lessThanOrEquals',
].map((local) => `http://www.w3.org/ns/shacl#${local}`));

/** The property of a property shape that passes when a node has no value for it (see HOLD_WITHOUT_VALUES), else undefined. */
function skippableWithout(ptr: Pointer, shape: EngineShape): Term | undefined {
  const path = ptr.out([ns.sh.path]).terms;
  if (path.length !== 1 || path[0]?.termType !== 'NamedNode') return undefined;
  const registered = shape.validator.registry.validations;
  const checks = [...ptr.execute({ start: 'subject', end: 'predicate' })].map((p) => p.term).filter((t) => registered.has(t));
  for (const check of checks) {
    if (check.equals(ns.sh.minCount) && ptr.out([ns.sh.minCount]).terms.every((n) => n.value === '0')) continue;
    if (!HOLD_WITHOUT_VALUES.has(check.value)) return undefined;
  }
  return path[0];
}

/**
 * sh:property: the engine validates every property shape for every node, a node that has no value
 * for the property included (a context, an id string, its values found and put in a term set, a
 * context per value); here a property shape with a quick check (see propertyCheck) is passed when
 * the check holds, and one that cannot fail without values (see HOLD_WITHOUT_VALUES) is skipped for
 * a node that has none. Every other case, a failed check included, is validated as the engine does.
 */
function compileProperty(shape: EngineShape): CompiledValidation {
  const engine = engineCompileProperty(shape);
  const engineGeneric = engine.generic;
  if (!engineGeneric) return engine;
  const properties = [...shape.ptr.out([ns.sh.property])].map((ptr) => ({
    shape: shape.validator.shape(ptr), skipWithout: skippableWithout(ptr, shape), check: quickCheck(ptr, shape),
  }));
  if (properties.every((p) => p.skipWithout === undefined && p.check === undefined) || properties.some((p) => !p.shape)) return engine;
  return {
    generic: async (context: EngineContext) => {
      const [only, ...more] = context.valueOrNode.ptrs;
      if (context.options.debug || context.options.details || !only || more.length > 0 || only.graph) return engineGeneric(context);
      const propertyContext = context.create({ focusNode: context.valueOrNode });
      const node = new NodeFacts(only.dataset, only.term);
      for (const { shape: property, skipWithout, check } of properties) {
        if (check && check(node)) continue;
        if (skipWithout && only.dataset.match(only.term, skipWithout, null, null).size === 0) continue;
        await property?.validate(propertyContext);
      }
      return undefined;
    },
  };
}

/** For the Validator's `validations` option: constraint component → compile function. */
export const FASTER_VALIDATIONS: readonly (readonly [Term, (shape: EngineShape) => CompiledValidation])[] = [
  [ns.sh.class, compileClass],
  [ns.sh.or, compileOr],
  [ns.sh.node, compileNode],
  [ns.sh.property, compileProperty],
];
