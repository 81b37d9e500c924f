// Loads N-Quads bytes into an oxigraph store in bounded chunks, keeping blank-node labels.
// Chunks: one store.load() of a large document degrades badly with size (engine-notes.md), ~20k
// lines per load stays linear. Labels: oxigraph's parsers give every blank node a fresh random
// label, so two workers loading the same text would answer the same query with different bytes
// (and a different row order), and a strong ETag would lie. Lines that mention `_:` are therefore
// parsed by n3 (which keeps labels) and added term by term; every other line takes the fast path.
import ox from 'oxigraph';
import { Parser } from 'n3';

const NEWLINE = 0x0a;
const UNDERSCORE = 0x5f;
const COLON = 0x3a;
const NQUADS = 'application/n-quads';

/** Byte ranges [start, end) of consecutive lines, `linesPerChunk` lines each (the last may be shorter). */
export function lineChunks(bytes: Uint8Array, linesPerChunk: number): Array<[number, number]> {
  const chunks: Array<[number, number]> = [];
  let start = 0;
  let lines = 0;
  for (let i = bytes.indexOf(NEWLINE); i !== -1; i = bytes.indexOf(NEWLINE, i + 1)) {
    if (++lines === linesPerChunk) {
      chunks.push([start, i + 1]);
      start = i + 1;
      lines = 0;
    }
  }
  if (start < bytes.length) chunks.push([start, bytes.length]);
  return chunks;
}

/** Searches [start, end) only: an unbounded indexOf runs on to the next "_" in the whole file, once per line. */
function mentionsBlankNode(bytes: Uint8Array, start: number, end: number): boolean {
  const view = bytes.subarray(start, end);
  for (let i = view.indexOf(UNDERSCORE); i !== -1 && i < view.length - 1; i = view.indexOf(UNDERSCORE, i + 1)) {
    if (view[i + 1] === COLON) return true;
  }
  return false;
}

/** A private copy of a range: oxigraph reads a SharedArrayBuffer view about 1.5× slower than its own memory. */
function ownCopy(bytes: Uint8Array, start: number, end: number): Uint8Array {
  const copy = new Uint8Array(end - start);
  copy.set(bytes.subarray(start, end));
  return copy;
}

/** Loads `bytes` (N-Quads, or N-Triples) into `store`; returns the number of quads added. */
export function loadNquads(store: ox.Store, bytes: Uint8Array, linesPerChunk = 20_000): number {
  const before = store.size;
  for (const [start, end] of lineChunks(bytes, linesPerChunk)) {
    if (!mentionsBlankNode(bytes, start, end)) {
      store.load(ownCopy(bytes, start, end), { format: NQUADS });
      continue;
    }
    loadMixedChunk(store, bytes, start, end);
  }
  return store.size - before;
}

/** A chunk with some blank-node lines: plain lines in one fast load, the others through n3. */
function loadMixedChunk(store: ox.Store, bytes: Uint8Array, start: number, end: number): void {
  const plain: Uint8Array[] = [];
  const withBlanks: Uint8Array[] = [];
  let lineStart = start;
  while (lineStart < end) {
    const nl = bytes.indexOf(NEWLINE, lineStart);
    const lineEnd = nl === -1 || nl >= end ? end : nl + 1;
    const line = bytes.subarray(lineStart, lineEnd);
    (mentionsBlankNode(bytes, lineStart, lineEnd) ? withBlanks : plain).push(line);
    lineStart = lineEnd;
  }
  if (plain.length > 0) store.load(Buffer.concat(plain), { format: NQUADS });
  const text = new TextDecoder().decode(Buffer.concat(withBlanks));
  for (const q of new Parser({ format: 'N-Quads', blankNodePrefix: '' }).parse(text)) store.add(ox.fromQuad(q));
}
