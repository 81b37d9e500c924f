// Reads SPARQL JSON results as they arrive, without holding the whole document: text goes in chunk
// by chunk, and out come the variables, the boolean (ASK) and each binding as soon as its closing
// brace is seen. A small scanner tracks nesting and strings; only the pieces that matter (the
// `head` object, the `boolean`, one binding at a time) are handed to JSON.parse.

export interface JsonTerm {
  readonly type: string;
  readonly value: string;
  readonly 'xml:lang'?: string;
  readonly datatype?: string;
}

export type Binding = Readonly<Record<string, JsonTerm>>;

export type ResultEvent =
  | { readonly kind: 'vars'; readonly vars: readonly string[] }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'binding'; readonly binding: Binding };

interface Level {
  readonly type: '{' | '[';
  /** The key whose value this container is (or null for the root / array elements). */
  readonly key: string | null;
  expectKey: boolean;
  lastKey: string | null;
}

type Capture = 'head' | 'boolean' | 'binding';

export class JsonResultsReader {
  private buf = '';
  private pos = 0;
  private readonly stack: Level[] = [];
  private inString = false;
  private escaped = false;
  private stringStart = -1;
  private capture: { what: Capture; start: number; depth: number } | undefined;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });

  /** Feeds bytes; returns the events completed by them. */
  push(chunk: Uint8Array): ResultEvent[] {
    return this.scan(this.decoder.decode(chunk, { stream: true }));
  }

  /** Ends the input; throws if the document is incomplete. */
  end(): ResultEvent[] {
    const events = this.scan(this.decoder.decode());
    if (this.stack.length > 0 || this.inString) throw new SyntaxError('the SPARQL JSON results ended before the document was complete');
    return events;
  }

  private scan(text: string): ResultEvent[] {
    const events: ResultEvent[] = [];
    // Keep only what a capture or an unfinished string still needs.
    const keepFrom = Math.min(this.capture?.start ?? this.pos, this.inString ? this.stringStart : this.pos);
    this.buf = this.buf.slice(keepFrom) + text;
    this.pos -= keepFrom;
    if (this.capture) this.capture.start -= keepFrom;
    if (this.inString) this.stringStart -= keepFrom;
    const buf = this.buf;
    for (; this.pos < buf.length; this.pos++) {
      const c = buf.charCodeAt(this.pos);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 0x5c) this.escaped = true;
        else if (c === 0x22) this.endString(buf);
        continue;
      }
      switch (c) {
        case 0x22: // "
          this.startValue('string');
          this.inString = true;
          this.stringStart = this.pos;
          break;
        case 0x7b: // {
        case 0x5b: { // [
          this.startValue('container');
          const parent = this.stack.at(-1);
          this.stack.push({ type: c === 0x7b ? '{' : '[', key: parent?.type === '{' ? parent.lastKey : null, expectKey: c === 0x7b, lastKey: null });
          break;
        }
        case 0x7d: // }
        case 0x5d: // ]
          this.endPrimitive(events);
          this.stack.pop();
          if (this.capture && this.stack.length === this.capture.depth) this.finishCapture(events, this.pos + 1);
          break;
        case 0x3a: { // :
          const top = this.stack.at(-1);
          if (top) top.expectKey = false;
          break;
        }
        case 0x2c: { // ,
          this.endPrimitive(events);
          const top = this.stack.at(-1);
          if (top?.type === '{') top.expectKey = true;
          break;
        }
        default:
          if (c > 0x20) this.startValue('primitive');
      }
    }
    return events;
  }

  private endString(buf: string): void {
    this.inString = false;
    const top = this.stack.at(-1);
    if (top?.type === '{' && top.expectKey) top.lastKey = JSON.parse(buf.slice(this.stringStart, this.pos + 1)) as string;
  }

  /** At the first character of a value: starts a capture if the value is one we want. */
  private startValue(kind: 'string' | 'container' | 'primitive'): void {
    if (this.capture) return;
    const top = this.stack.at(-1);
    if (!top || (top.type === '{' && top.expectKey)) return;
    const depth = this.stack.length;
    let what: Capture | undefined;
    if (depth === 1 && top.lastKey === 'head' && kind === 'container') what = 'head';
    else if (depth === 1 && top.lastKey === 'boolean') what = 'boolean';
    else if (depth === 3 && top.type === '[' && top.key === 'bindings' && this.stack[1]?.key === 'results' && kind === 'container') what = 'binding';
    if (what) this.capture = { what, start: this.pos, depth };
  }

  /** A primitive capture (the boolean) ends at the delimiter after it. */
  private endPrimitive(events: ResultEvent[]): void {
    if (this.capture?.what === 'boolean' && this.stack.length === this.capture.depth) this.finishCapture(events, this.pos);
  }

  private finishCapture(events: ResultEvent[], end: number): void {
    const capture = this.capture;
    if (!capture) return;
    this.capture = undefined;
    const value: unknown = JSON.parse(this.buf.slice(capture.start, end));
    if (capture.what === 'head') {
      const vars = (value as { vars?: unknown }).vars;
      events.push({ kind: 'vars', vars: Array.isArray(vars) ? vars.map(String) : [] });
    } else if (capture.what === 'boolean') {
      events.push({ kind: 'boolean', value: value === true });
    } else {
      events.push({ kind: 'binding', binding: value as Binding });
    }
  }
}
