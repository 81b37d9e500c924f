// Types for the part of shacl-engine (https://github.com/rdf-ext/shacl-engine, no types of its own)
// that src/rdf/shaclEngine.ts uses.
declare module 'shacl-engine' {
  import type { DataFactory, DatasetCore, Term } from '@rdfjs/types';

  /** One step of a parsed sh:path. */
  export interface PathStep {
    readonly quantifier: 'one' | 'zeroOrOne' | 'zeroOrMore' | 'oneOrMore';
    /** 'subject' for a forward step, 'object' for an inverse one. */
    readonly start: 'subject' | 'object';
    readonly end: 'subject' | 'object';
    readonly predicates: readonly Term[];
  }

  export interface ValidationResult {
    readonly focusNode: { readonly term: Term };
    readonly path: readonly PathStep[] | null | undefined;
    readonly message: readonly Term[];
    readonly value: { readonly term: Term } | undefined;
    readonly shape: { readonly ptr: { readonly term: Term } };
    readonly constraintComponent: Term;
    readonly severity: Term;
  }

  export interface ValidationReport {
    readonly conforms: boolean;
    readonly results: readonly ValidationResult[];
  }

  export class Validator {
    constructor(shapes: DatasetCore, options: {
      factory: DataFactory; debug?: boolean; details?: boolean; trace?: boolean; coverage?: boolean;
      /** Constraint components to add or replace: [component, compile function]. */
      validations?: Iterable<readonly [Term, (shape: never) => unknown]>;
    });
    validate(data: { dataset: DatasetCore; terms?: Iterable<Term> }, shapes?: readonly { terms: Iterable<Term> }[]): Promise<ValidationReport>;
  }
}

// The parts of shacl-engine's modules that src/rdf/shaclValidations.ts uses (its extension point:
// constraint components compiled per shape, see the engine's lib/validations.js).
declare module 'shacl-engine/lib/validations/logical.js' {
  import type { DatasetCore, Term } from '@rdfjs/types';

  /** A set of terms (@rdfjs/term-set). */
  export interface TermSetLike {
    has(term: Term): boolean;
  }

  /** A grapoi PathList: a pointer to nodes of a graph. */
  export interface Pointer extends Iterable<Pointer> {
    readonly term: Term;
    readonly terms: Term[];
    /** One path per term: its dataset, its term, and the graph it is restricted to, if any. */
    readonly ptrs: readonly {
      readonly dataset: DatasetCore;
      readonly term: Term;
      readonly graph?: Term | null;
    }[];
    out(predicates?: readonly Term[]): Pointer;
    map<T>(callback: (ptr: Pointer) => T): T[];
    list(): Iterable<Pointer> | undefined;
    execute(instruction: { start: 'subject' | 'object'; end: 'subject' | 'predicate' | 'object' }): Iterable<Pointer>;
  }

  export interface EngineContext {
    readonly valueOrNode: Pointer;
    readonly options: { readonly debug?: boolean; readonly details?: boolean };
    test(success: boolean, constraintComponent: Term, args: Record<string, unknown>): void;
    create(args: { focusNode: Pointer }): EngineContext;
  }

  export interface CompiledValidation {
    readonly generic?: (context: EngineContext) => unknown;
  }

  export interface EngineShape {
    readonly ptr: Pointer;
    readonly validator: {
      readonly registry: { readonly validations: { has(term: Term): boolean } };
      shape(ptr: Pointer): { readonly deactivated: unknown; validate(context: EngineContext): Promise<unknown> } | null;
    };
  }

  export function compileOr(shape: EngineShape): CompiledValidation;
}

declare module 'shacl-engine/lib/validations/shape.js' {
  import type { CompiledValidation, EngineShape } from 'shacl-engine/lib/validations/logical.js';

  export function compileNode(shape: EngineShape): CompiledValidation;
  export function compileProperty(shape: EngineShape): CompiledValidation;
}

declare module 'shacl-engine/lib/resolveClasses.js' {
  import type { Pointer, TermSetLike } from 'shacl-engine/lib/validations/logical.js';

  export default function resolveClasses(classes: Pointer): TermSetLike;
}

declare module 'shacl-engine/lib/namespaces.js' {
  import type { NamedNode } from '@rdfjs/types';

  export const rdf: { readonly type: NamedNode };
  export const sh: {
    readonly class: NamedNode;
    readonly or: NamedNode;
    readonly node: NamedNode;
    readonly path: NamedNode;
    readonly inversePath: NamedNode;
    readonly property: NamedNode;
    readonly minCount: NamedNode;
    readonly maxCount: NamedNode;
    readonly datatype: NamedNode;
    readonly nodeKind: NamedNode;
    readonly ClassConstraintComponent: NamedNode;
    readonly NodeConstraintComponent: NamedNode;
    readonly OrConstraintComponent: NamedNode;
  };
}

// rdf-validation (rdf-ext, shacl-engine's own check of literals for sh:datatype; no types of its own).
declare module 'rdf-validation' {
  import type { Literal } from '@rdfjs/types';

  export class XsdValidation {
    /** Whether the literal's lexical form is valid for its datatype (true for datatypes it does not know). */
    validateSimple(literal: Literal): boolean;
  }
}
