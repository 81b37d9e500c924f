// Query time per client: each address may keep the backend busy for `budgetMs` per `windowMs` on
// average (a leaky bucket: the time its queries took is added when each ends, and drains at
// budgetMs per windowMs). Over it, the client's next queries are refused (429 with Retry-After)
// until enough has drained. CLIENT_QUERY_LIMIT caps how many queries one address runs at once; this
// caps how long it can keep doing so back to back, which matters once a client may hold several
// workers (POOL_SIZE 8: up to 7 by default).
import { HttpError } from '../errors.ts';

interface Bucket {
  /** Milliseconds of query time not yet drained, as of `at`. */
  used: number;
  at: number;
}

/** Past this many addresses, drained buckets are swept out on the next charge. */
const SWEEP_AT = 10_000;

export class QueryBudget {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    readonly budgetMs: number,
    readonly windowMs = 60_000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Undefined when `client` may start a query now; else the 429 to answer with. */
  refusal(client: string): HttpError | undefined {
    const used = this.current(client);
    if (used < this.budgetMs) return undefined;
    const waitS = Math.max(1, Math.ceil(((used - this.budgetMs) / this.budgetMs) * this.windowMs / 1000));
    return new HttpError(429, `your address has used its query time: ${Math.round(used)} ms of queries, over the budget of ${this.budgetMs} ms per ${this.windowMs / 1000} s (CLIENT_QUERY_BUDGET_MS). Retry in ${waitS} s.`, { headers: { 'Retry-After': String(waitS) } });
  }

  /** Starts timing one of `client`'s queries; the returned function charges the time it took. */
  meter(client: string): () => void {
    const started = this.now();
    return () => this.charge(client, this.now() - started);
  }

  /** Adds `ms` of query time to `client`. */
  charge(client: string, ms: number): void {
    const used = this.current(client) + Math.max(0, ms);
    this.buckets.set(client, { used, at: this.now() });
    if (this.buckets.size > SWEEP_AT) for (const c of [...this.buckets.keys()]) if (this.current(c) === 0) this.buckets.delete(c);
  }

  /** Addresses with query time not yet drained (for tests). */
  get clients(): number {
    return this.buckets.size;
  }

  private current(client: string): number {
    const b = this.buckets.get(client);
    if (!b) return 0;
    const used = Math.max(0, b.used - ((this.now() - b.at) * this.budgetMs) / this.windowMs);
    if (used === 0) this.buckets.delete(client);
    return used;
  }
}
