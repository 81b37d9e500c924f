// One-off worker for `serve --data`: parses the user's RDF files into one store and hands back the
// dataset as N-Quads in a SharedArrayBuffer. It runs apart so that the parse's WASM memory is
// returned when it exits (a WASM heap never shrinks). Every file is parsed; all errors come back
// as `file:line:col: message`. Triple formats land in the default graph; TriG and N-Quads keep
// their graphs. JSON-LD goes through jsonld.js with a document loader that refuses remote contexts.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';
import jsonld from 'jsonld';
import ox from 'oxigraph';
import { formatLocation } from '../errors.ts';
import { rdfFormatOfFile } from '../rdf/formats.ts';

export interface LoadFilesInput {
  readonly files: readonly string[];
}

export type LoadFilesOutput =
  | { readonly ok: true; readonly nquads: SharedArrayBuffer; readonly byteLength: number; readonly version: string }
  | { readonly ok: false; readonly errors: readonly string[] };

const NQUADS = 'application/n-quads';

/** oxigraph reports "… at line 3 column 9 …" or "at line 1 between columns 23 and 26"; 1-based. */
function oxigraphLocation(message: string): { line: number; col: number } {
  const m = /line (\d+) (?:between )?columns? (\d+)/.exec(message);
  return m ? { line: Number(m[1]), col: Number(m[2]) } : { line: 0, col: 0 };
}

/** Line and column (1-based) of a character offset. */
function positionOf(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, col: offset - before.lastIndexOf('\n') };
}

async function refuseRemote(url: string): Promise<never> {
  throw new Error(`remote context <${url}> refused: this server never fetches documents; inline the @context`);
}

async function jsonldToNquads(file: string, text: string): Promise<string> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const at = /position (\d+)/.exec(message);
    const loc = at ? positionOf(text, Number(at[1])) : { line: 0, col: 0 };
    throw new Error(formatLocation({ file, ...loc }, `invalid JSON: ${message}`));
  }
  try {
    return (await jsonld.toRDF(doc as jsonld.JsonLdDocument, {
      format: NQUADS, base: pathToFileURL(file).href, documentLoader: refuseRemote,
    } as jsonld.Options.ToRdf)) as unknown as string;
  } catch (e) {
    const cause = (e as { details?: { cause?: { message?: string } } }).details?.cause?.message;
    throw new Error(formatLocation({ file, line: 0, col: 0 }, `invalid JSON-LD: ${cause ?? (e instanceof Error ? e.message : String(e))}`));
  }
}

async function loadFile(store: ox.Store, file: string): Promise<void> {
  const format = rdfFormatOfFile(file);
  if (!format) throw new Error(formatLocation({ file, line: 0, col: 0 }, 'unknown RDF format: use .ttl, .nt, .nq, .trig, .jsonld or .rdf'));
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new Error(formatLocation({ file, line: 0, col: 0 }, `cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`));
  }
  if (format.id === 'jsonld') {
    const nquads = await jsonldToNquads(file, bytes.toString('utf8'));
    store.load(Buffer.from(nquads), { format: NQUADS, no_transaction: true });
    return;
  }
  const mediaType = format.mediaTypes[0] ?? NQUADS;
  try {
    // Bytes, not a string: a large document passed as a string loads an order of magnitude slower.
    store.load(bytes, { format: mediaType, base_iri: pathToFileURL(file).href, no_transaction: true });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    // "Parser error at line 3 between columns 9 and 12: …": the place goes up front, once.
    throw new Error(formatLocation({ file, ...oxigraphLocation(message) }, message.replace(/^Parser error (?:at|between) [^:]*: /, '')));
  }
}

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('loadFilesWorker must run in a worker thread');
  const { files } = workerData as LoadFilesInput;
  const store = new ox.Store();
  const errors: string[] = [];
  for (const file of files) {
    try {
      await loadFile(store, file);
    } catch (e) {
      errors.push(e instanceof Error ? e.message : String(e));
    }
  }
  if (errors.length > 0) {
    port.postMessage({ ok: false, errors } satisfies LoadFilesOutput);
    return;
  }
  const bytes = Buffer.from(store.dump({ format: NQUADS }));
  const nquads = new SharedArrayBuffer(bytes.length);
  new Uint8Array(nquads).set(bytes);
  const version = createHash('sha256').update(bytes).digest('hex').slice(0, 12);
  port.postMessage({ ok: true, nquads, byteLength: bytes.length, version } satisfies LoadFilesOutput);
}

void main();
