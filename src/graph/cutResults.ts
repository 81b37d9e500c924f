// Counts the rows of a serialised result and cuts it to the row and byte limits, keeping the
// document well-formed. Works on the text the engine serialised (no term objects are built):
// TSV and N-Triples have one row per line (newlines in literals are escaped); CSV rows end at a
// newline outside quotes; SPARQL XML rows end at `</result>` (a literal `<` is always escaped);
// SPARQL JSON rows are counted by a scan that follows strings and nesting (jsonRows); it is parsed
// only when it has to be cut.
import { Buffer } from 'node:buffer';

export type RowsFormat = 'json' | 'xml' | 'csv' | 'tsv' | 'ntriples';

export interface CutResult {
  readonly text: string;
  /** Rows (or triples) in `text`. */
  readonly rows: number;
  /** Why rows were left out, or null when the result is whole. */
  readonly truncated: 'rows' | 'bytes' | null;
}

/** A result seen as a head, rows ending at the given offsets, and a tail that closes the document. */
interface Layout {
  readonly head: string;
  readonly rowEnds: readonly number[];
  readonly body: string;
  readonly tail: string;
}

function lineLayout(text: string, withHeader: boolean): Layout {
  const headEnd = withHeader ? text.indexOf('\n') + 1 : 0;
  const rowEnds: number[] = [];
  let lineStart = headEnd;
  for (let i = text.indexOf('\n', headEnd); i !== -1; i = text.indexOf('\n', i + 1)) {
    // N-Triples never has an empty statement line; a TSV row for a solution with no variables is one.
    if (withHeader || i > lineStart) rowEnds.push(i + 1 - headEnd);
    lineStart = i + 1;
  }
  if (text.slice(lineStart).trim() !== '') rowEnds.push(text.length - headEnd);
  return { head: text.slice(0, headEnd), rowEnds, body: text.slice(headEnd), tail: '' };
}

function csvLayout(text: string): Layout {
  const headEnd = text.indexOf('\n') + 1;
  const rowEnds: number[] = [];
  let inQuotes = false;
  for (let i = headEnd; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) inQuotes = !inQuotes;
    else if (c === 0x0a && !inQuotes) rowEnds.push(i + 1 - headEnd);
  }
  return { head: text.slice(0, headEnd), rowEnds, body: text.slice(headEnd), tail: '' };
}

function xmlLayout(text: string): Layout {
  const open = '<results>';
  const start = text.indexOf(open);
  if (start === -1) return { head: text, rowEnds: [], body: '', tail: '' };
  const headEnd = start + open.length;
  const close = text.lastIndexOf('</results>');
  const body = text.slice(headEnd, close);
  const rowEnds: number[] = [];
  const end = '</result>';
  for (let i = body.indexOf(end); i !== -1; i = body.indexOf(end, i + 1)) rowEnds.push(i + end.length);
  return { head: text.slice(0, headEnd), rowEnds, body, tail: text.slice(close) };
}

function jsonLayout(text: string): Layout {
  const doc = JSON.parse(text) as { head: unknown; results?: { bindings: unknown[] } };
  const bindings = doc.results?.bindings ?? [];
  const head = `{"head":${JSON.stringify(doc.head)},"results":{"bindings":[`;
  let body = '';
  const rowEnds: number[] = [];
  bindings.forEach((b, i) => {
    body += (i === 0 ? '' : ',') + JSON.stringify(b);
    rowEnds.push(body.length);
  });
  return { head, rowEnds, body, tail: ']}}' };
}

const BINDINGS = '"bindings":[';

/**
 * The number of solutions in SPARQL JSON as oxigraph writes it (head first, then
 * `"results":{"bindings":[…]}`), without parsing it: objects opened directly inside the bindings
 * array, strings (and their escapes) skipped. The first `"bindings":[` is the array: inside a
 * string its quotes would be escaped, and a variable named "bindings" is followed by `{`.
 * Undefined when the text does not end as expected, so that the caller parses it instead.
 */
export function jsonRows(text: string): number | undefined {
  const start = text.indexOf(BINDINGS);
  if (start === -1) return undefined;
  let rows = 0;
  let depth = 0;
  let inString = false;
  for (let i = start + BINDINGS.length; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (depth === 0 && c === 0x7b) rows++;
      depth++;
    } else if (c === 0x7d || c === 0x5d) {
      if (depth === 0) return c === 0x5d && text.slice(i + 1).trim() === '}}' ? rows : undefined;
      depth--;
    }
  }
  return undefined;
}

function layoutOf(format: RowsFormat, text: string): Layout {
  switch (format) {
    case 'tsv': return lineLayout(text, true);
    case 'ntriples': return lineLayout(text, false);
    case 'csv': return csvLayout(text);
    case 'xml': return xmlLayout(text);
    case 'json': return jsonLayout(text);
  }
}

/** Counts rows; cuts to at most `maxRows` rows and `maxBytes` UTF-8 bytes (at a row boundary). */
export function cutResults(format: RowsFormat, text: string, maxRows: number, maxBytes: number): CutResult {
  if (format === 'json') {
    if (!text.includes('"bindings"')) return { text, rows: 0, truncated: null };
    // The common case, a whole result: counted without parsing.
    const rows = jsonRows(text);
    if (rows !== undefined && rows <= maxRows && Buffer.byteLength(text) <= maxBytes) return { text, rows, truncated: null };
  }
  const layout = layoutOf(format, text);
  const total = layout.rowEnds.length;
  const fits = Buffer.byteLength(text) <= maxBytes;
  if (total <= maxRows && fits) return { text, rows: total, truncated: null };
  const assemble = (n: number) => layout.head + layout.body.slice(0, n === 0 ? 0 : layout.rowEnds[n - 1]) + layout.tail;
  let n = Math.min(total, maxRows);
  let reason: 'rows' | 'bytes' = total > maxRows ? 'rows' : 'bytes';
  if (Buffer.byteLength(assemble(n)) > maxBytes) {
    reason = 'bytes';
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2);
      if (Buffer.byteLength(assemble(mid)) <= maxBytes) lo = mid;
      else hi = mid - 1;
    }
    n = lo;
  }
  return { text: assemble(n), rows: n, truncated: reason };
}
