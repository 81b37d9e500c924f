// At most `size` requests at once to the remote server, a bounded queue behind them, and a 503 with
// Retry-After beyond it: the same back-pressure the embedded pool gives, so one busy client cannot
// pile up connections to the server.
import { serviceUnavailable } from '../errors.ts';
import { AbortedError } from '../graph/QueryPool.ts';

interface Waiter {
  readonly resolve: (release: () => void) => void;
  readonly reject: (e: Error) => void;
  timer?: NodeJS.Timeout;
}

export class Limiter {
  private running = 0;
  private readonly queue: Waiter[] = [];

  constructor(readonly size: number, private readonly queueLimit: number) {}

  get busy(): number {
    return this.running;
  }

  get queued(): number {
    return this.queue.length;
  }

  /** Resolves with a release function once a slot is free; rejects after `waitMs` or when `signal` aborts. */
  acquire(waitMs: number, limitName: string, signal?: AbortSignal): Promise<() => void> {
    if (this.running < this.size) return Promise.resolve(this.grant());
    if (this.queue.length >= this.queueLimit) {
      return Promise.reject(serviceUnavailable(`the server is busy: ${this.queueLimit} queries are already waiting (QUEUE_LIMIT). Retry shortly.`, 1));
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { resolve, reject };
      const drop = (e: Error) => {
        const i = this.queue.indexOf(waiter);
        if (i === -1) return;
        this.queue.splice(i, 1);
        clearTimeout(waiter.timer);
        reject(e);
      };
      waiter.timer = setTimeout(() => drop(serviceUnavailable(`the server is busy: the query waited ${waitMs} ms for a free connection to the SPARQL server (${limitName}). Retry shortly.`, 1)), waitMs);
      signal?.addEventListener('abort', () => drop(new AbortedError('the client went away')), { once: true });
      this.queue.push(waiter);
    });
  }

  private grant(): () => void {
    this.running++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running--;
      const next = this.queue.shift();
      if (next) {
        clearTimeout(next.timer);
        next.resolve(this.grant());
      }
    };
  }
}
