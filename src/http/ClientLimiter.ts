// Fair shares of the query workers between clients. One client (an IP address) may have at most
// `perClient` queries in the backend at once; its further queries wait in its own line, up to
// `waiting` of them, and beyond that get 429 with Retry-After. So a client sending runaway queries
// occupies at most `perClient` workers for at most the time limit each, and every other client
// still finds a free worker: with POOL_SIZE 2 and CLIENT_QUERY_LIMIT 1, one abuser holds one worker.
// The wait in the client's line is bounded by the query's time limit (then 503), and the run that
// follows has its own full limit. With a QueryBudget, the time each query held its place is
// charged to the client, and a client over its budget is refused (429) before it takes a place.
import { HttpError, serviceUnavailable } from '../errors.ts';
import { AbortedError } from '../graph/QueryPool.ts';
import type { QueryBudget } from './QueryBudget.ts';

interface Waiter {
  readonly resolve: (release: () => void) => void;
  readonly reject: (e: Error) => void;
  timer?: NodeJS.Timeout;
}

interface Line {
  running: number;
  readonly waiters: Waiter[];
}

export class ClientLimiter {
  private readonly lines = new Map<string, Line>();

  constructor(readonly perClient: number, readonly waiting: number, private readonly budget?: QueryBudget) {}

  /**
   * Resolves with a release function once `client` may run one more query; rejects with 429 when
   * its line is full or it is over its query-time budget, 503 when the wait outlasts `timeoutMs`, AbortedError when `signal` fires.
   */
  acquire(client: string, timeoutMs: number, limitName: string, signal?: AbortSignal): Promise<() => void> {
    const overBudget = this.budget?.refusal(client);
    if (overBudget) return Promise.reject(overBudget);
    const line = this.lines.get(client) ?? { running: 0, waiters: [] };
    this.lines.set(client, line);
    if (line.running < this.perClient) {
      line.running++;
      return Promise.resolve(this.releaser(client, line));
    }
    if (line.waiters.length >= this.waiting) {
      this.forget(client, line);
      return Promise.reject(new HttpError(429, `too many queries at once from your address: ${line.running} are running and ${line.waiters.length} waiting (CLIENT_QUERY_LIMIT ${this.perClient}). Wait for them to finish, then retry.`, { headers: { 'Retry-After': '1' } }));
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { resolve, reject };
      const drop = (e: Error) => {
        const i = line.waiters.indexOf(waiter);
        if (i === -1) return;
        line.waiters.splice(i, 1);
        clearTimeout(waiter.timer);
        this.forget(client, line);
        reject(e);
      };
      waiter.timer = setTimeout(() => drop(serviceUnavailable(`the server is busy: the query waited ${timeoutMs} ms behind your other queries (${limitName}, CLIENT_QUERY_LIMIT ${this.perClient}). Retry shortly.`, 1)), timeoutMs);
      signal?.addEventListener('abort', () => drop(new AbortedError('client went away')), { once: true });
      line.waiters.push(waiter);
    });
  }

  /** Clients with queries running or waiting (for tests and /ready). */
  get clients(): number {
    return this.lines.size;
  }

  private releaser(client: string, line: Line): () => void {
    let released = false;
    const charge = this.budget?.meter(client);
    return () => {
      if (released) return;
      released = true;
      charge?.();
      // Over budget now: the queries waiting in line are refused too, not run back to back.
      const overBudget = this.budget?.refusal(client);
      if (overBudget) {
        for (const w of line.waiters.splice(0)) {
          clearTimeout(w.timer);
          w.reject(overBudget);
        }
      }
      const next = line.waiters.shift();
      if (next) {
        clearTimeout(next.timer);
        next.resolve(this.releaser(client, line));
        return;
      }
      line.running--;
      this.forget(client, line);
    };
  }

  private forget(client: string, line: Line): void {
    if (line.running === 0 && line.waiters.length === 0) this.lines.delete(client);
  }
}
