// Two of shacl-engine's core constraint components in a cheaper form, registered through the engine's
// own extension point (the `validations` option of its Validator, made for SPARQL constraints), with
// the same results: the tests validate the same graphs with the engine's own components and compare.
//
// - sh:class: the engine copies the value's types into a term set (a string key per type) before
//   it looks for one of the classes; here the types are looked through as they are.
// - sh:or whose alternatives only check classes ([ sh:class X ], the agent and venue checks of
//   shapes.ttl): the engine validates each alternative as a shape of its own (a context, an id
//   string, a report) for every value; here the value's types are looked up in each alternative's
//   classes directly. Any other sh:or, and every sh:or when the engine is asked for details or debug
//   results, goes to the engine's own component.
// At a million triples these two took about a fifth of the validation's CPU.
import resolveClasses from 'shacl-engine/lib/resolveClasses.js';
import * as ns from 'shacl-engine/lib/namespaces.js';
import { compileOr as engineCompileOr } from 'shacl-engine/lib/validations/logical.js';
import type { CompiledValidation, EngineContext, EngineShape, Pointer, TermSetLike } from 'shacl-engine/lib/validations/logical.js';
import type { Term } from '@rdfjs/types';

/** Whether a node has a type among each of the class sets (each: a class and its subclasses). */
function hasClasses(types: readonly Term[], classSets: readonly TermSetLike[]): boolean {
  return classSets.every((set) => types.some((t) => set.has(t)));
}

function compileClass(shape: EngineShape): CompiledValidation {
  const classes = shape.ptr.out([ns.sh.class]).map((ptr) => resolveClasses(ptr));
  return {
    generic: (context: EngineContext) => {
      const types = context.valueOrNode.out([ns.rdf.type]).terms;
      for (const classSet of classes) context.test(types.some((t) => classSet.has(t)), ns.sh.ClassConstraintComponent, { value: context.valueOrNode });
    },
  };
}

/** The class sets of an alternative that checks nothing but classes, else undefined. */
function classOnly(alternative: Pointer, shape: EngineShape): TermSetLike[] | undefined {
  const registered = shape.validator.registry.validations;
  const checks = [...alternative.execute({ start: 'subject', end: 'predicate' })].map((p) => p.term).filter((t) => registered.has(t));
  if (checks.length === 0 || !checks.every((t) => t.equals(ns.sh.class))) return undefined;
  if (shape.validator.shape(alternative)?.deactivated) return undefined;
  return alternative.out([ns.sh.class]).map((ptr) => resolveClasses(ptr));
}

function compileOr(shape: EngineShape): CompiledValidation {
  const engine = engineCompileOr(shape);
  const engineGeneric = engine.generic;
  const alternatives = [...shape.ptr.out([ns.sh.or])].flatMap((ptr) => [...(ptr.list() ?? [])]);
  const classSets = alternatives.map((alternative) => classOnly(alternative, shape));
  if (!engineGeneric || alternatives.length === 0 || classSets.some((sets) => sets === undefined)) return engine;
  const sets = classSets as TermSetLike[][];
  return {
    generic: (context: EngineContext) => {
      if (context.options.debug || context.options.details) return engineGeneric(context);
      const types = context.valueOrNode.out([ns.rdf.type]).terms;
      context.test(sets.some((alternative) => hasClasses(types, alternative)), ns.sh.OrConstraintComponent, { results: [], value: context.valueOrNode });
      return undefined;
    },
  };
}

/** For the Validator's `validations` option: constraint component → compile function. */
export const FASTER_VALIDATIONS: readonly (readonly [Term, (shape: EngineShape) => CompiledValidation])[] = [
  [ns.sh.class, compileClass],
  [ns.sh.or, compileOr],
];
