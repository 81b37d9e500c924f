// Text written piece by piece straight into UTF-8 buffers of a megabyte each: a large dump never
// becomes one giant string (a V8 rope of millions of pieces, which must be flattened before it can
// be encoded: seconds at a million triples, and twice the memory).
const CHUNK_BYTES = 1 << 20;

/** Where serialisers write text. */
export interface TextSink {
  write(text: string): void;
}

export class TextChunks implements TextSink {
  private readonly chunks: Buffer[] = [];
  /**
   * @param onChunk receives each full buffer instead of it being kept (to write it to a file as the
   *   text is made); the buffer must not be kept past the call.
   */
  constructor(private readonly onChunk?: (chunk: Buffer) => void) {}

  private current = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  private size = 0;

  write(text: string): void {
    // A UTF-16 code unit takes at most 3 bytes of UTF-8.
    if (text.length * 3 > this.current.length - this.used) {
      this.cut();
      if (text.length * 3 > this.current.length) {
        this.emit(Buffer.from(text, 'utf8'));
        return;
      }
    }
    this.used += this.current.write(text, this.used, 'utf8');
  }

  /** The buffers written so far (the text cut at arbitrary places, so decode them joined); with `onChunk`, none. */
  buffers(): readonly Buffer[] {
    this.cut();
    return this.chunks;
  }

  /** Bytes written so far. */
  get bytes(): number {
    return this.size + this.used;
  }

  private cut(): void {
    if (this.used === 0) return;
    this.emit(this.current.subarray(0, this.used));
    this.current = Buffer.allocUnsafe(CHUNK_BYTES);
    this.used = 0;
  }

  private emit(chunk: Buffer): void {
    this.size += chunk.length;
    if (this.onChunk) this.onChunk(chunk);
    else this.chunks.push(chunk);
  }
}

/** A sink that builds one string (for small documents: resource pages, the VoID description). */
export class TextString implements TextSink {
  text = '';
  write(text: string): void {
    this.text += text;
  }
}
