// Text written piece by piece and kept as UTF-8 buffers of about a megabyte each: a large dump
// never becomes one giant string (a V8 rope of millions of pieces that must be flattened before it
// can be encoded: seconds at a million triples, and twice the memory).
const CHUNK_CHARS = 1 << 20;

/** Where serialisers write text. */
export interface TextSink {
  write(text: string): void;
}

export class TextChunks implements TextSink {
  private readonly chunks: Buffer[] = [];
  private pending = '';
  private size = 0;

  write(text: string): void {
    this.pending += text;
    if (this.pending.length >= CHUNK_CHARS) this.cut();
  }

  /** The buffers written so far (the text cut at arbitrary places, so decode them joined). */
  buffers(): readonly Buffer[] {
    this.cut();
    return this.chunks;
  }

  /** Bytes written so far. */
  get bytes(): number {
    return this.size + Buffer.byteLength(this.pending);
  }

  private cut(): void {
    if (this.pending === '') return;
    const b = Buffer.from(this.pending, 'utf8');
    this.chunks.push(b);
    this.size += b.length;
    this.pending = '';
  }
}

/** A sink that builds one string (for small documents: resource pages, the VoID description). */
export class TextString implements TextSink {
  text = '';
  write(text: string): void {
    this.text += text;
  }
}
