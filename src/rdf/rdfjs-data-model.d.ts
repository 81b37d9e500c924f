// @rdfjs/data-model (the RDF/JS reference terms, which shacl-engine itself uses) ships no types.
declare module '@rdfjs/data-model' {
  import type { DataFactory } from '@rdfjs/types';
  const factory: DataFactory;
  export default factory;
}
