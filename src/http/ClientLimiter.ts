// Fair shares of the query workers between clients. One client (an IP address) may have at most
// `perClient` queries in the backend at once; its further queries wait in its own line, up to
// `waiting` of them, and beyond that get 429 with Retry-After. So a client sending runaway queries
// occupies at most `perClient` workers for at most the time limit each, and every other client
// still finds a free worker: with POOL_SIZE 2 and CLIENT_QUERY_LIMIT 1, one abuser holds one worker.
// The wait in the client's line is bounded by the query's time limit (then 503), and the run that
// follows has its own full limit. With a QueryBudget, the time each query held its place is
// charged to the client, and a client over its budget is refused (429) before it takes a place.
//
// Work-conserving, with Lending: a client past its share may still be lent a worker that would
// otherwise stay idle — when a worker is free and no query waits for one — so that one busy client
// alone uses the whole pool. A lent query yields: once another client's query waits for a worker,
// a lent query that has run `graceMs` is stopped by the pool (QueryPool's RunOptions.lent) and that
// client is lent nothing more for `cooldownMs`. A client with a query running longer than `graceMs`
// is lent nothing either. Among clients waiting to borrow, lent workers go round in turn.
import { HttpError, serviceUnavailable } from '../errors.ts';
import { AbortedError } from '../graph/QueryPool.ts';
import type { QueryBudget } from './QueryBudget.ts';

/** Idle workers beyond the shares, and the rules for lending them. */
export interface Lending {
  /** Workers free now with no query waiting for one (the pool's). */
  freeWorkers(): number;
  readonly graceMs: number;
  readonly cooldownMs: number;
  readonly now?: () => number;
}

/** Call to give the place back; `lent()` says whether the query runs beyond the client's share now. */
export type Grant = (() => void) & {
  lent(): boolean;
  /** The pool stopped this lent query for another client's: no more lending to this client for a while. */
  preempted(): void;
  /** Its query is now in the pool (so the pool's count of free workers includes it). */
  claimed(): void;
};

interface Waiter {
  readonly resolve: (grant: Grant) => void;
  readonly reject: (e: Error) => void;
  timer?: NodeJS.Timeout;
}

interface Running {
  readonly startedAt: number;
  lent: boolean;
}

interface Line {
  readonly running: Set<Running>;
  readonly waiters: Waiter[];
}

/** Past this many entries, expired lending cooldowns are swept out. */
const SWEEP_AT = 10_000;

export class ClientLimiter {
  private readonly lines = new Map<string, Line>();
  /** Clients lent nothing until the given time. */
  private readonly cooldowns = new Map<string, number>();
  /** Grants whose queries have not reached the pool yet (Grant.claimed): the pool does not count them. */
  private inTransit = 0;

  constructor(readonly perClient: number, readonly waiting: number, private readonly budget?: QueryBudget, private readonly lending?: Lending) {}

  /**
   * Resolves with a release function once `client` may run one more query; rejects with 429 when
   * its line is full or it is over its query-time budget, 503 when the wait outlasts `timeoutMs`, AbortedError when `signal` fires.
   */
  acquire(client: string, timeoutMs: number, limitName: string, signal?: AbortSignal): Promise<Grant> {
    const overBudget = this.budget?.refusal(client);
    if (overBudget) return Promise.reject(overBudget);
    const line = this.lines.get(client) ?? { running: new Set<Running>(), waiters: [] };
    this.lines.set(client, line);
    if (inShare(line) < this.perClient) return Promise.resolve(this.grant(client, line, false));
    if (line.waiters.length === 0 && this.mayLend(client, line)) return Promise.resolve(this.grant(client, line, true));
    if (line.waiters.length >= this.waiting) {
      this.forget(client, line);
      return Promise.reject(new HttpError(429, `too many queries at once from your address: ${line.running.size} are running and ${line.waiters.length} waiting (CLIENT_QUERY_LIMIT ${this.perClient}). Wait for them to finish, then retry.`, { headers: { 'Retry-After': '1' } }));
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

  /** How long a lent query may keep its worker once another client's query waits; undefined: nothing is lent. */
  get lendGraceMs(): number | undefined {
    return this.lending?.graceMs;
  }

  /** Clients with queries running or waiting (for tests and /ready). */
  get clients(): number {
    return this.lines.size;
  }

  /**
   * Lends free workers to clients waiting past their share, one each in turn. Called when a place
   * is given back; call it too when a worker frees up for another reason (e.g. a query that did not
   * go through this limiter ended).
   */
  lendIdle(): void {
    if (!this.lending) return;
    let lent = true;
    while (lent) {
      lent = false;
      for (const [client, line] of [...this.lines]) {
        if (line.waiters.length === 0 || !this.mayLend(client, line)) continue;
        const next = line.waiters.shift();
        if (!next) continue;
        clearTimeout(next.timer);
        // To the back of the round: the next free worker goes to another waiting client first.
        this.lines.delete(client);
        this.lines.set(client, line);
        next.resolve(this.grant(client, line, true));
        lent = true;
      }
    }
  }

  private now(): number {
    return this.lending?.now?.() ?? performance.now();
  }

  private mayLend(client: string, line: Line): boolean {
    if (!this.lending || this.lending.freeWorkers() - this.inTransit <= 0) return false;
    const now = this.now();
    const until = this.cooldowns.get(client);
    if (until !== undefined) {
      if (now < until) return false;
      this.cooldowns.delete(client);
    }
    for (const r of line.running) if (now - r.startedAt >= this.lending.graceMs) return false;
    return true;
  }

  private grant(client: string, line: Line, lent: boolean): Grant {
    const running: Running = { startedAt: this.now(), lent };
    line.running.add(running);
    this.inTransit++;
    let claimed = false;
    const claim = () => {
      if (claimed) return;
      claimed = true;
      this.inTransit--;
    };
    let released = false;
    const charge = this.budget?.meter(client);
    const release = () => {
      if (released) return;
      released = true;
      claim();
      line.running.delete(running);
      charge?.();
      // Over budget now: the queries waiting in line are refused too, not run back to back.
      const overBudget = this.budget?.refusal(client);
      if (overBudget) {
        for (const w of line.waiters.splice(0)) {
          clearTimeout(w.timer);
          w.reject(overBudget);
        }
      }
      // A place in the share is free: a query of this client running on a lent worker takes it (and
      // no longer yields), before a waiting one does.
      if (!running.lent) {
        const borrowed = [...line.running].find((r) => r.lent);
        if (borrowed) borrowed.lent = false;
      }
      while (line.waiters.length > 0 && inShare(line) < this.perClient) {
        const next = line.waiters.shift();
        if (!next) break;
        clearTimeout(next.timer);
        next.resolve(this.grant(client, line, false));
      }
      this.forget(client, line);
      this.lendIdle();
    };
    return Object.assign(release, {
      lent: () => running.lent,
      claimed: claim,
      preempted: () => {
        if (!this.lending) return;
        this.cooldowns.set(client, this.now() + this.lending.cooldownMs);
        if (this.cooldowns.size > SWEEP_AT) {
          const now = this.now();
          for (const [c, until] of this.cooldowns) if (until <= now) this.cooldowns.delete(c);
        }
      },
    });
  }

  private forget(client: string, line: Line): void {
    if (line.running.size === 0 && line.waiters.length === 0) this.lines.delete(client);
  }
}

function inShare(line: Line): number {
  let n = 0;
  for (const r of line.running) if (!r.lent) n++;
  return n;
}
