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
    constructor(shapes: DatasetCore, options: { factory: DataFactory; debug?: boolean; details?: boolean; trace?: boolean; coverage?: boolean });
    validate(data: { dataset: DatasetCore; terms?: Iterable<Term> }, shapes?: readonly { terms: Iterable<Term> }[]): Promise<ValidationReport>;
  }
}
