// A fast reader for the plain subset of YAML that records are written in, giving the same nodes,
// values and positions as the `yaml` package path of readYaml.ts (the tests use that path as the
// oracle). It returns undefined for anything outside the subset, and the caller then parses the
// file with the `yaml` package: odd or hostile files get exactly the behaviour and messages they
// always got. Parsing records with `yaml` took ~10 s of a million-triple build; this takes <1 s.
//
// The subset, per document (documents are separated by lines that are exactly `---`):
//   key: scalar                 at column 1; keys are plain words (letters, digits, _ and -)
//   key: {k: scalar, k: scalar} a one-line flow map of plain keys to scalars
//   key:                        followed by block sequence items, all at one indentation:
//     - scalar  |  - {k: scalar, ...}
//   # comments on their own lines or after a value; blank lines
// Scalars: double-quoted on one line (the escapes JSON shares with YAML), or plain text that the
// YAML 1.2 core schema reads as a string, null, a boolean or a decimal integer. Anything else (tabs,
// CR, single quotes, block scalars, anchors, tags, flow sequences, multi-line values, empty values,
// duplicate keys, directives, numbers in other notations) falls back.
import type { SourceLocation } from './problems.ts';
import type { Scalar, YEntry, YNode } from './readYaml.ts';

/** Thrown inside the reader when the text leaves the subset; never escapes `parseSimpleYaml`. */
class OutsideSubset extends Error {}
const outside = (): never => {
  throw new OutsideSubset();
};

const KEY = /^[A-Za-z_][A-Za-z0-9_-]*(?=:(?: |$))/;
const FLOW_KEY = /^[A-Za-z_][A-Za-z0-9_-]*(?=: )/;
const NOT_STRING_KEYS = new Set(['null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE']);
/** First characters a plain scalar may not start with (YAML indicators), and digits, signs and dots (numbers). */
const AWKWARD_START = /^[-?:,[\]{}#&*!|>'"%@`~+.0-9]/;
const DECIMAL = /^[-+]?[0-9]+$/;
const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
/** Tabs, CR, other C0 and C1 controls, DEL, BOM and noncharacters: whatever YAML makes of them, the yaml package decides. */
// eslint-disable-next-line no-control-regex
const UNUSUAL_CHARACTERS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\ufeff\ufffe\uffff]/;

/** The documents of `text` (BOM already removed), or undefined when it is outside the subset. */
export function parseSimpleYaml(text: string, file: string): YNode[] | undefined {
  if (UNUSUAL_CHARACTERS.test(text)) return undefined;
  try {
    return new Reader(text, file).documents();
  } catch (e) {
    if (e instanceof OutsideSubset) return undefined;
    throw e;
  }
}

class Reader {
  private line = 0;
  private readonly lines: string[];

  constructor(text: string, private readonly file: string) {
    this.lines = text.split('\n');
  }

  documents(): YNode[] {
    const out: YNode[] = [];
    let entries: YEntry[] = [];
    let keys = new Set<string>();
    let mapLoc: SourceLocation | undefined;
    // A document without content (after a `---`, or of comments only) is a null scalar to the yaml package.
    let marked = false;
    let commented = false;
    const finish = () => {
      if (mapLoc) out.push({ kind: 'map', entries, loc: mapLoc });
      else if (marked || commented) outside();
      entries = [];
      keys = new Set();
      mapLoc = undefined;
      commented = false;
    };
    const lines = this.lines;
    while (this.line < lines.length) {
      const text = lines[this.line] as string;
      const lineNo = this.line + 1;
      this.line++;
      if (text === '---') {
        if (mapLoc || marked || commented) finish();
        marked = true;
        continue;
      }
      const first = text.charCodeAt(0);
      if (first === 0x20 /* space */ || first === 0x23 /* # */) {
        if (!isBlankOrComment(text)) outside();
        if (!mapLoc && !isBlank(text)) commented = true;
        continue;
      }
      if (text === '') continue;
      const key = KEY.exec(text)?.[0] ?? outside();
      if (NOT_STRING_KEYS.has(key) || keys.has(key)) outside();
      keys.add(key);
      const keyLoc = this.at(lineNo, 0);
      mapLoc ??= keyLoc;
      const rest = key.length + 1;
      const valueAt = skipSpaces(text, rest);
      let value: YNode;
      if (valueAt === text.length || text.charCodeAt(valueAt) === 0x23) {
        value = this.sequence();
      } else {
        value = this.value(text, lineNo, valueAt, false).node;
      }
      entries.push({ key, keyLoc, value });
    }
    finish();
    return out;
  }

  /** The block sequence after `key:`; every item on a line of its own, at one indentation. */
  private sequence(): YNode {
    const items: YNode[] = [];
    let indent = -1;
    let loc: SourceLocation | undefined;
    while (this.line < this.lines.length) {
      const text = this.lines[this.line] as string;
      if (text === '' || isBlankOrComment(text)) {
        this.line++;
        continue;
      }
      const dash = skipSpaces(text, 0);
      if (text.charCodeAt(dash) !== 0x2d /* - */ || text.charCodeAt(dash + 1) !== 0x20 || text === '---') break;
      if (indent === -1) indent = dash;
      else if (dash !== indent) outside();
      const lineNo = this.line + 1;
      this.line++;
      loc ??= this.at(lineNo, dash);
      const valueAt = skipSpaces(text, dash + 2);
      if (valueAt === text.length || text.charCodeAt(valueAt) === 0x23) outside();
      items.push(this.value(text, lineNo, valueAt, false).node);
    }
    // `key:` with nothing after it is a null value: left to the yaml package (its position rules).
    return loc ? { kind: 'seq', items, loc } : outside();
  }

  /** A scalar or flow map starting at `at`; in flow context it ends before `,` or `}`. */
  private value(text: string, lineNo: number, at: number, flow: boolean): { node: YNode; end: number } {
    const c = text.charCodeAt(at);
    const loc = this.at(lineNo, at);
    if (c === 0x22 /* " */) {
      const close = closingQuote(text, at);
      let value: unknown;
      try {
        value = JSON.parse(text.slice(at, close + 1));
      } catch {
        return outside();
      }
      return { node: { kind: 'scalar', value: value as string, loc }, end: this.after(text, close + 1, flow) };
    }
    if (c === 0x7b /* { */ && !flow) return this.flowMap(text, lineNo, at);
    const { word, end } = plainEnd(text, at, flow);
    if (AWKWARD_START.test(word) && !DECIMAL.test(word) && !DATE.test(word)) outside();
    return { node: { kind: 'scalar', value: resolvePlain(word), loc }, end: flow ? end : this.after(text, end, flow) };
  }

  /** `{k: v, k: v}` on one line, as the whole value. */
  private flowMap(text: string, lineNo: number, open: number): { node: YNode; end: number } {
    const entries: YEntry[] = [];
    const keys = new Set<string>();
    let at = open + 1;
    for (;;) {
      at = skipSpaces(text, at);
      const key = FLOW_KEY.exec(text.slice(at))?.[0] ?? outside();
      if (NOT_STRING_KEYS.has(key) || keys.has(key)) outside();
      keys.add(key);
      const keyLoc = this.at(lineNo, at);
      const v = this.value(text, lineNo, skipSpaces(text, at + key.length + 2), true);
      entries.push({ key, keyLoc, value: v.node });
      at = v.end;
      const c = text.charCodeAt(at);
      if (c === 0x2c /* , */ && text.charCodeAt(at + 1) === 0x20) {
        at += 1;
        continue;
      }
      if (c === 0x7d /* } */) break;
      outside();
    }
    return { node: { kind: 'map', entries, loc: this.at(lineNo, open) }, end: this.after(text, at + 1, false) };
  }

  /** Where a value ends: in flow context the next `,`/`}`; in block context only spaces and a comment may follow. */
  private after(text: string, at: number, flow: boolean): number {
    if (flow) return at;
    const next = skipSpaces(text, at);
    if (next === text.length) return next;
    if (text.charCodeAt(next) === 0x23 && text.charCodeAt(next - 1) === 0x20) return text.length;
    return outside();
  }

  private at(lineNo: number, offset: number): SourceLocation {
    return { file: this.file, line: lineNo, col: offset + 1 };
  }
}

/** A plain scalar from `at`: to the end of the line (block) or the next `,`/`}` (flow), trimmed. */
function plainEnd(text: string, at: number, flow: boolean): { word: string; end: number } {
  let end = at;
  for (; end < text.length; end++) {
    const c = text.charCodeAt(end);
    if (flow && (c === 0x2c || c === 0x7d)) break;
    if (c === 0x23 /* # */ && text.charCodeAt(end - 1) === 0x20) break;
    if (c === 0x3a /* : */ && (end + 1 === text.length || text.charCodeAt(end + 1) === 0x20 || (flow && (text.charCodeAt(end + 1) === 0x2c || text.charCodeAt(end + 1) === 0x7d)))) outside();
    if (c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d) outside(); // [ ] { } (a } in block context too: keep it simple)
  }
  let last = end;
  while (last > at && text.charCodeAt(last - 1) === 0x20) last--;
  if (last === at) outside();
  return { word: text.slice(at, last), end };
}

function resolvePlain(word: string): Scalar {
  switch (word) {
    case 'null': case 'Null': case 'NULL': return null;
    case 'true': case 'True': case 'TRUE': return true;
    case 'false': case 'False': case 'FALSE': return false;
    default: return DECIMAL.test(word) ? parseInt(word, 10) : word;
  }
}

/** The index of the `"` that closes the double-quoted scalar opened at `open`, on the same line. */
function closingQuote(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c /* \ */) i++;
    else if (c === 0x22) return i;
  }
  return outside();
}

function skipSpaces(text: string, at: number): number {
  while (text.charCodeAt(at) === 0x20) at++;
  return at;
}

function isBlank(text: string): boolean {
  return skipSpaces(text, 0) === text.length;
}

function isBlankOrComment(text: string): boolean {
  const at = skipSpaces(text, 0);
  return at === text.length || text.charCodeAt(at) === 0x23;
}
