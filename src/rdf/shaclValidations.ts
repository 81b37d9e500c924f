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
// - sh:property: a property shape that cannot fail for a node without values (class, datatype,
//   maximum count, ...) is skipped for a node that has no value for its property; the engine
//   validates it all the same.
// At a million triples these took about two fifths of the validation's CPU (`npm run bench:shacl`).
import resolveClasses from 'shacl-engine/lib/resolveClasses.js';
import * as ns from 'shacl-engine/lib/namespaces.js';
import { compileOr as engineCompileOr } from 'shacl-engine/lib/validations/logical.js';
import type { CompiledValidation, EngineContext, EngineShape, Pointer, TermSetLike } from 'shacl-engine/lib/validations/logical.js';
import { compileNode as engineCompileNode, compileProperty as engineCompileProperty } from 'shacl-engine/lib/validations/shape.js';
import type { Term } from '@rdfjs/types';

/** What the quick checks may ask of a node: its types, and how many values it has for a property. */
class NodeFacts {
  private known: readonly Term[] | undefined;

  constructor(private readonly ptr: Pointer, private readonly path: Pointer['ptrs'][number]) {}

  get types(): readonly Term[] {
    return (this.known ??= this.ptr.out([ns.rdf.type]).terms);
  }

  /** Distinct values of `predicate` from the node (`inverse`: distinct nodes that have the node as value). */
  count(predicate: Term, inverse: boolean): number {
    const { dataset, term } = this.path;
    return (inverse ? dataset.match(null, predicate, term, null) : dataset.match(term, predicate, null, null)).size;
  }
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
 * but the node's types (sh:class, or sh:or of such shapes), or a property shape with nothing but a
 * minimum count on one property, forwards or inverse (`[ sh:path schema:name ; sh:minCount 1 ]`, the
 * alternatives of "a name or a label"). Any other constraint, or a deactivated shape, is the engine's.
 */
function quickCheck(ptr: Pointer, shape: EngineShape, depth = 0): QuickCheck | undefined {
  const registered = shape.validator.registry.validations;
  const checks = [...ptr.execute({ start: 'subject', end: 'predicate' })].map((p) => p.term).filter((t) => registered.has(t));
  if (checks.length === 0 || depth > 8 || shape.validator.shape(ptr)?.deactivated) return undefined;
  const path = ptr.out([ns.sh.path]).terms;
  if (path.length > 0) return minimumCount(ptr, path, checks);
  const parts: QuickCheck[] = [];
  for (const check of new Set(checks)) {
    if (check.equals(ns.sh.class)) {
      const classSets = ptr.out([ns.sh.class]).map((c) => resolveClasses(c));
      parts.push((node) => {
        for (const set of classSets) if (!hasTypeIn(node.types, set)) return false;
        return true;
      });
    } else if (check.equals(ns.sh.or)) {
      const alternatives = [...ptr.out([ns.sh.or])].flatMap((list) => [...(list.list() ?? [])]).map((a) => quickCheck(a, shape, depth + 1));
      if (alternatives.length === 0 || alternatives.some((a) => a === undefined)) return undefined;
      const either = alternatives as QuickCheck[];
      parts.push((node) => anyHolds(either, node));
    } else return undefined;
  }
  return (node) => {
    for (const part of parts) if (!part(node)) return false;
    return true;
  };
}

/** A property shape's check when all it says is sh:minCount on one property (or its inverse), else undefined. */
function minimumCount(ptr: Pointer, path: readonly Term[], checks: readonly Term[]): QuickCheck | undefined {
  if (path.length !== 1 || !checks.every((t) => t.equals(ns.sh.minCount))) return undefined;
  const minimum = ptr.out([ns.sh.minCount]).terms;
  const [n] = minimum;
  if (minimum.length !== 1 || !n || !/^\d+$/.test(n.value)) return undefined;
  const least = Number(n.value);
  const [step] = path;
  if (step?.termType === 'NamedNode') return (node) => node.count(step, false) >= least;
  const inverse = ptr.out([ns.sh.path]).out([ns.sh.inversePath]).terms;
  const [property] = inverse;
  if (step?.termType !== 'BlankNode' || inverse.length !== 1 || property?.termType !== 'NamedNode') return undefined;
  if ([...ptr.out([ns.sh.path]).execute({ start: 'subject', end: 'predicate' })].length !== 1) return undefined;
  return (node) => node.count(property, true) >= least;
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
      const node = new NodeFacts(context.valueOrNode, only);
      for (const check of all) if (!check(node)) return engineGeneric(context);
      context.test(true, component, { value: context.valueOrNode });
      return undefined;
    },
  };
}

function compileOr(shape: EngineShape): CompiledValidation {
  const alternatives = [...shape.ptr.out([ns.sh.or])].flatMap((ptr) => [...(ptr.list() ?? [])]).map((a) => quickCheck(a, shape));
  const check: QuickCheck | undefined = alternatives.length > 0 && alternatives.every((a) => a !== undefined)
    ? (node) => anyHolds(alternatives as QuickCheck[], node)
    : undefined;
  return passFirst(engineCompileOr(shape), [check], ns.sh.OrConstraintComponent);
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
 * for the property included (a context, an id string, its values found and put in a term set);
 * here a property shape that cannot fail without values (see HOLD_WITHOUT_VALUES) is skipped for
 * a node that has none. Every other case is validated as the engine does.
 */
function compileProperty(shape: EngineShape): CompiledValidation {
  const engine = engineCompileProperty(shape);
  const engineGeneric = engine.generic;
  if (!engineGeneric) return engine;
  const properties = [...shape.ptr.out([ns.sh.property])].map((ptr) => ({ shape: shape.validator.shape(ptr), skipWithout: skippableWithout(ptr, shape) }));
  if (properties.every((p) => p.skipWithout === undefined) || properties.some((p) => !p.shape)) return engine;
  return {
    generic: async (context: EngineContext) => {
      const [only, ...more] = context.valueOrNode.ptrs;
      if (context.options.debug || context.options.details || !only || more.length > 0 || only.graph) return engineGeneric(context);
      const propertyContext = context.create({ focusNode: context.valueOrNode });
      for (const { shape: property, skipWithout } of properties) {
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
