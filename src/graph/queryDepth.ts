// How deeply a query's brackets nest, found by one linear scan before the query is parsed. The
// parser (sparqljs, on the server's main thread) takes time that grows much faster than linearly
// with nesting — measured: 16 s for 5,000 nested groups (20 KB), 80 s for 10,000, then a stack
// overflow — so a request that nests deeper than MAX_QUERY_DEPTH is refused before it is parsed.
import { badRequest } from '../errors.ts';

/** Deepest nesting of { ( [ a query may have. Hand-written queries rarely pass 10. */
export const MAX_QUERY_DEPTH = 64;

/** An IRI reference: `<` then no space, quote, brace or `<` up to `>` (a less-than sign is followed by a space or a variable). */
const IRIREF = /<[^<>"{}|^`\\\u0000-\u0020]*>/y;
const LONG_STRING = { '"': '"""', "'": "'''" } as const;

/** The deepest nesting of brackets outside strings, IRIs and comments. */
export function queryDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{' || c === '(' || c === '[') {
      if (++depth > deepest) deepest = depth;
    } else if (c === '}' || c === ')' || c === ']') {
      depth = Math.max(0, depth - 1);
    } else if (c === '#') {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end;
    } else if (c === '<') {
      IRIREF.lastIndex = i;
      if (IRIREF.test(text)) i = IRIREF.lastIndex - 1;
    } else if (c === '"' || c === "'") {
      i = stringEnd(text, i, c) - 1;
    }
  }
  return deepest;
}

/** Index just past the string literal that starts at `start` (or the end of the text if it is not closed). */
function stringEnd(text: string, start: number, quote: '"' | "'"): number {
  const long = LONG_STRING[quote];
  if (text.startsWith(long, start)) {
    const end = text.indexOf(long, start + 3);
    return end === -1 ? text.length : end + 3;
  }
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === quote) return i + 1;
    else if (c === '\n') return i;
  }
  return text.length;
}

/** 400 when the query nests deeper than `max`. */
export function checkQueryDepth(text: string, max: number = MAX_QUERY_DEPTH): void {
  const depth = queryDepth(text);
  if (depth > max) {
    throw badRequest(`the query nests brackets ${depth} levels deep; the limit is ${max}. Flatten it (fewer nested groups, sub-queries or parentheses).`);
  }
}
