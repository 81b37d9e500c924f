// The build's manifest (dist/manifest.json): what was built, from what, with sizes and checksums.
// The server reads it to find the dumps and the dataset version; nothing else needs to re-hash files.
import type { RdfFormatId } from '../rdf/formats.ts';

export interface DumpFile {
  /** File name inside dist/, e.g. "asean-kg.ttl". */
  readonly name: string;
  readonly format: RdfFormatId;
  readonly mediaType: string;
  readonly bytes: number;
  readonly sha256: string;
  /** Precompressed copy (gzip) beside it, e.g. "asean-kg.ttl.gz". */
  readonly gzip: { readonly name: string; readonly bytes: number; readonly sha256: string };
}

export interface GraphInfo {
  readonly iri: string;
  readonly triples: number;
}

export interface Manifest {
  /** Short content hash of the N-Quads dump: changes exactly when the data changes. */
  readonly version: string;
  /** Base IRI the dataset was built with. */
  readonly base: string;
  /** Distinct triples in the union of all graphs. */
  readonly triples: number;
  /** Quads across named graphs. */
  readonly quads: number;
  readonly graphs: readonly GraphInfo[];
  readonly dumps: readonly DumpFile[];
  /** The JSON-LD context file (dist/context.jsonld) and the VoID/DCAT description (dist/void.ttl). */
  readonly context: string;
  readonly description: string;
}

export const MANIFEST_FILE = 'manifest.json';
export const DUMP_STEM = 'asean-kg';
