// Finished query answers kept in memory on the main thread. The embedded dataset does not change
// while the process lives, so an answer that ran to completion (not cut, not failed, not timed out)
// is the answer to every later identical request: same dataset version, query text, protocol
// dataset, format and JSON-LD frame (the key). Bounded by total bytes, least recently used out
// first; an answer larger than the per-entry limit is not kept. Not used with STORE=remote, whose
// store can change under us (createApp keeps answers only for a Graph that is `immutable`).

export interface CachedResult {
  readonly body: Uint8Array | string;
  /** Rows (SELECT) or triples (CONSTRUCT/DESCRIBE), for the log; null for ASK. */
  readonly rows: number | null;
}

export interface CacheKeyParts {
  readonly version: string;
  readonly query: string;
  readonly dataset: { readonly defaultGraphs: readonly string[]; readonly namedGraphs: readonly string[] } | undefined;
  /** The format's id (the bytes), not the media type it is labelled with (that is per request). */
  readonly format: string;
  readonly frame: string | undefined;
}

/** What an entry costs besides its body and key: the Map entry, the record, the key string header. */
const ENTRY_OVERHEAD = 160;

export class ResultCache {
  private readonly entries = new Map<string, CachedResult & { readonly size: number }>();
  private used = 0;
  hits = 0;
  misses = 0;

  /** `maxBytes` 0 keeps nothing. */
  constructor(readonly maxBytes: number, readonly maxEntryBytes: number) {}

  static key(p: CacheKeyParts): string {
    const dataset = p.dataset ? `${p.dataset.defaultGraphs.join(' ')}\u0001${p.dataset.namedGraphs.join(' ')}` : '\u0002';
    return `${p.version}\u0000${p.format}\u0000${dataset}\u0000${p.frame ?? '\u0002'}\u0000${p.query}`;
  }

  get(key: string): CachedResult | undefined {
    const hit = this.entries.get(key);
    if (hit === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    // Most recently used last: Map iteration order is insertion order.
    this.entries.delete(key);
    this.entries.set(key, hit);
    return hit;
  }

  /** Keeps `result` under `key` unless it is too large; evicts the least recently used to make room. */
  set(key: string, result: CachedResult): boolean {
    const bodyBytes = typeof result.body === 'string' ? Buffer.byteLength(result.body) : result.body.byteLength;
    const size = bodyBytes + 2 * key.length + ENTRY_OVERHEAD;
    if (size > this.maxEntryBytes || size > this.maxBytes) return false;
    const old = this.entries.get(key);
    if (old) {
      this.entries.delete(key);
      this.used -= old.size;
    }
    while (this.used + size > this.maxBytes) {
      const oldest = this.entries.entries().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest[0]);
      this.used -= oldest[1].size;
    }
    this.entries.set(key, { body: result.body, rows: result.rows, size });
    this.used += size;
    return true;
  }

  get size(): number {
    return this.entries.size;
  }

  get bytes(): number {
    return this.used;
  }
}
