// A pool of query workers, each holding the whole graph. One request per worker at a time; at most
// `size` run at once and one more worker stays loaded as a warm spare, so that a worker stopped on
// its deadline (oxigraph's query() cannot be cancelled, but worker.terminate() stops it within
// milliseconds) is replaced at once while its successor loads. A bounded queue absorbs bursts;
// beyond it, and for queries that wait too long, the client gets 503 with Retry-After.
import type { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { badRequest, HttpError, serviceUnavailable } from '../errors.ts';
import { ThreadDemoter, type DemotionOutcome } from './demote.ts';
import { spawnWorker } from './spawnWorker.ts';
import type { DumpRequest, QueryRequest, StatsRequest, WorkerInit, WorkerReady, WorkerReply, WorkerSuccess } from './workerProtocol.ts';

type Request = Omit<QueryRequest, 'id'> | Omit<DumpRequest, 'id'> | Omit<StatsRequest, 'id'>;

export interface RunOptions {
  readonly timeoutMs: number;
  /** Names the limit in the 503 message, e.g. "QUERY_TIMEOUT_MS". */
  readonly limitName: string;
  readonly signal?: AbortSignal;
  /** Who asked (a client address): a lent query yields only to another owner's. */
  readonly owner?: string;
  /**
   * For a query that may run on a worker lent beyond its client's share (src/http/ClientLimiter.ts):
   * while `isLent()` is true and a query of another owner waits for a worker, once it has run
   * `graceMs` it is stopped (PreemptedError) and its worker replaced, so that the waiting one starts.
   */
  readonly lent?: LentRun;
  /**
   * Called as soon as the worker has answered, before the answer is handed back: whatever waits for
   * this query's worker (the client's next query, src/http/ClientLimiter.ts) can be posted to it
   * before the answer is sent on, instead of after.
   */
  readonly onReply?: () => void;
}

export interface LentRun {
  isLent(): boolean;
  readonly graceMs: number;
}

interface Job {
  readonly request: Request;
  readonly options: RunOptions;
  readonly enqueuedAt: number;
  readonly resolve: (r: WorkerSuccess) => void;
  readonly reject: (e: Error) => void;
  queueTimer?: NodeJS.Timeout;
}

interface Slot {
  readonly worker: Worker;
  state: 'loading' | 'idle' | 'busy';
  /** Kernel thread id, once the worker is ready (Linux only). */
  tid?: number | null;
  job?: {
    readonly id: number; readonly job: Job; readonly timer: NodeJS.Timeout; readonly startedAt: number;
    /** Ends the demotion clock (demote.ts). */
    readonly undemote: (restore: boolean) => DemotionOutcome;
  } | undefined;
}

export interface PoolOptions {
  readonly size: number;
  readonly queueLimit: number;
  readonly init: WorkerInit;
  readonly logger?: Logger;
  /** A query running longer than this has its thread's priority lowered (demote.ts); 0 or absent: never. */
  readonly demoteAfterMs?: number;
}

export interface PoolState {
  readonly size: number;
  readonly workers: number;
  readonly loading: number;
  readonly idle: number;
  readonly busy: number;
  readonly queued: number;
  readonly restarts: number;
  readonly ready: boolean;
}

/** 503: a query running on a lent worker was stopped to give the worker to another client's query. */
export class PreemptedError extends HttpError {
  constructor(message: string) {
    super(503, message, { publicMessage: message, headers: { 'Retry-After': '1' } });
  }
}

/** Thrown to a caller whose client went away while its query waited. */
export class AbortedError extends Error {}

/** 503: the query ran past its time limit and its worker was stopped. */
export class QueryTimeoutError extends HttpError {
  constructor(message: string) {
    super(503, message, { publicMessage: message });
  }
}

const WORKER_ENTRY = new URL('./queryWorker.ts', import.meta.url);
const MAX_LOAD_FAILURES = 3;
/** N-Quads larger than this (about 70k triples) load the spare worker after the others. */
const DEFER_SPARE_BYTES = 16 * 1024 * 1024;

export class QueryPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private restarts = 0;
  private loadFailures = 0;
  private closed = false;
  private started = false;
  private spareAfterStart = false;
  private startWaiters: Array<{ resolve: () => void; reject: (e: Error) => void }> = [];
  private readonly demoter: ThreadDemoter;
  private preemptTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: PoolOptions) {
    this.demoter = new ThreadDemoter(options.demoteAfterMs ?? 0, options.logger);
  }

  /**
   * Spawns the workers and resolves when they have loaded the graph. For a large graph the spare is
   * spawned only then, so that it does not compete with them for the CPU while they load (on 2 cores,
   * loading 3 at once made a 1M-triple start about 1.5× slower); a small one loads in well under a
   * second, and the pool starts whole.
   */
  start(): Promise<void> {
    const done = new Promise<void>((resolve, reject) => this.startWaiters.push({ resolve, reject }));
    this.spareAfterStart = this.options.init.byteLength > DEFER_SPARE_BYTES;
    for (let i = 0; i < this.options.size + (this.spareAfterStart ? 0 : 1); i++) this.spawn();
    return done;
  }

  run(request: Request, options: RunOptions): Promise<WorkerSuccess> {
    if (this.closed) return Promise.reject(serviceUnavailable('the server is shutting down', 1));
    if (options.signal?.aborted) return Promise.reject(new AbortedError('client went away'));
    return new Promise<WorkerSuccess>((resolve, reject) => {
      const job: Job = { request, options, enqueuedAt: performance.now(), resolve, reject };
      if (this.queue.length >= this.options.queueLimit && !this.canStartNow()) {
        reject(serviceUnavailable(`the server is busy: ${this.options.queueLimit} queries are already waiting (QUEUE_LIMIT). Retry shortly.`, 1));
        return;
      }
      this.queue.push(job);
      job.queueTimer = setTimeout(() => this.expireQueued(job), options.timeoutMs);
      options.signal?.addEventListener('abort', () => this.dropQueued(job), { once: true });
      this.dispatch();
    });
  }

  /** Workers that would start a query at once: free ones, less the queries waiting for one. */
  freeWorkers(): number {
    let idle = 0;
    let busy = 0;
    for (const s of this.slots) {
      if (s.state === 'idle') idle++;
      else if (s.state === 'busy') busy++;
    }
    return Math.min(idle, this.options.size - busy) - this.queue.length;
  }

  state(): PoolState {
    const count = (s: Slot['state']) => this.slots.filter((x) => x.state === s).length;
    return {
      size: this.options.size,
      workers: this.slots.length,
      loading: count('loading'),
      idle: count('idle'),
      busy: count('busy'),
      queued: this.queue.length,
      restarts: this.restarts,
      ready: this.started && !this.closed && count('loading') < this.slots.length,
    };
  }

  /** Stops every worker; queued and running jobs are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.preemptTimer);
    for (const job of this.queue.splice(0)) {
      clearTimeout(job.queueTimer);
      job.reject(serviceUnavailable('the server is shutting down', 1));
    }
    const slots = this.slots.splice(0);
    for (const s of slots) {
      if (s.job) {
        clearTimeout(s.job.timer);
        s.job.undemote(false);
        s.job.job.reject(serviceUnavailable('the server is shutting down', 1));
      }
    }
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private canStartNow(): boolean {
    return this.busyCount() < this.options.size && this.slots.some((s) => s.state === 'idle');
  }

  private busyCount(): number {
    return this.slots.filter((s) => s.state === 'busy').length;
  }

  private spawn(): void {
    const worker = spawnWorker(WORKER_ENTRY, { workerData: this.options.init });
    const slot: Slot = { worker, state: 'loading' };
    this.slots.push(slot);
    worker.on('message', (m: WorkerReady | WorkerReply) => this.onMessage(slot, m));
    worker.on('error', (e) => this.options.logger?.error({ err: e }, 'query worker error'));
    worker.on('exit', (code) => this.onExit(slot, code));
  }

  private onMessage(slot: Slot, m: WorkerReady | WorkerReply): void {
    if (!this.slots.includes(slot)) return;
    if ('ready' in m) {
      slot.state = 'idle';
      slot.tid = m.tid;
      this.loadFailures = 0;
      this.options.logger?.debug({ quads: m.quads, loadMs: m.loadMs }, 'query worker ready');
      if (!this.started && this.slots.every((s) => s.state !== 'loading')) {
        this.started = true;
        for (const w of this.startWaiters.splice(0)) w.resolve();
        if (this.spareAfterStart && !this.closed) this.spawn();
      }
      this.dispatch();
      return;
    }
    const running = slot.job;
    if (!running || running.id !== m.id) return;
    clearTimeout(running.timer);
    slot.job = undefined;
    slot.state = 'idle';
    const priority = running.undemote(true);
    running.job.options.onReply?.();
    if (m.ok) running.job.resolve(m);
    else if (m.reason === 'query') running.job.reject(engineError(m.message));
    else if (m.reason === 'stack') {
      running.job.reject(badRequest('the query is too large for the query engine: it ran out of stack (too many patterns, UNION branches, OPTIONALs, path steps or filters in one group). Split it into smaller queries.'));
      this.replace(slot, 'engine stack exhausted');
    } else {
      running.job.reject(new HttpError(500, `query engine failure: ${m.message}`));
      this.replace(slot, 'engine panic');
    }
    // A thread left at low priority (the process may not raise it again) would slow every later query on it.
    if (priority === 'demoted' && this.slots.includes(slot)) this.replace(slot, 'demoted worker retired');
    this.dispatch();
  }

  private onExit(slot: Slot, code: number): void {
    if (!this.slots.includes(slot)) return;
    this.remove(slot);
    const failedWhileLoading = slot.state === 'loading';
    this.options.logger?.error({ code, state: slot.state }, 'query worker exited unexpectedly');
    if (slot.job) {
      clearTimeout(slot.job.timer);
      slot.job.undemote(false);
      slot.job.job.reject(new HttpError(500, `query worker exited with code ${code} while running a query`));
    }
    if (failedWhileLoading && !this.started) {
      for (const w of this.startWaiters.splice(0)) w.reject(new Error(`a query worker failed while loading the graph (exit code ${code}); see the log`));
      void this.close();
      return;
    }
    if (failedWhileLoading && ++this.loadFailures >= MAX_LOAD_FAILURES) {
      this.options.logger?.fatal('query workers keep failing while loading the graph; not respawning');
      return;
    }
    if (!this.closed) {
      this.restarts++;
      this.spawn();
    }
  }

  private remove(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i !== -1) this.slots.splice(i, 1);
  }

  /** Terminates a worker and starts its successor; the spare keeps capacity meanwhile. */
  private replace(slot: Slot, why: string): void {
    this.remove(slot);
    this.options.logger?.warn({ why }, 'replacing query worker');
    void slot.worker.terminate();
    if (!this.closed) {
      this.restarts++;
      this.spawn();
    }
  }

  private dispatch(): void {
    while (this.queue.length > 0 && this.canStartNow()) {
      const slot = this.slots.find((s) => s.state === 'idle');
      const job = this.queue.shift();
      if (!slot || !job) return;
      clearTimeout(job.queueTimer);
      const id = this.nextId++;
      const waited = performance.now() - job.enqueuedAt;
      const budget = Math.max(1, job.options.timeoutMs - waited);
      const timer = setTimeout(() => this.expireRunning(slot, id), budget);
      slot.state = 'busy';
      slot.job = { id, job, timer, startedAt: performance.now(), undemote: this.demoter.watch(slot.tid ?? null) };
      slot.worker.postMessage({ ...job.request, id });
    }
    if (this.queue.length > 0) this.preemptLent();
  }

  /**
   * A query waits for a worker: lent queries of other owners that have run lentGraceMs are stopped,
   * and a check is set for the time the next one will have. Their workers are replaced from the
   * spare, so the waiting query starts at once.
   */
  private preemptLent(): void {
    clearTimeout(this.preemptTimer);
    this.preemptTimer = undefined;
    const now = performance.now();
    let soonest = Infinity;
    for (const slot of [...this.slots]) {
      const running = slot.job;
      const lent = running?.job.options.lent;
      if (!running || !lent?.isLent()) continue;
      const owner = running.job.options.owner;
      if (!this.queue.some((j) => j.options.owner !== owner)) continue;
      const left = lent.graceMs - (now - running.startedAt);
      if (left <= 0) this.preempt(slot);
      else soonest = Math.min(soonest, left);
    }
    if (!Number.isFinite(soonest)) return;
    clearTimeout(this.preemptTimer);
    this.preemptTimer = setTimeout(() => this.preemptLent(), Math.ceil(soonest));
  }

  private preempt(slot: Slot): void {
    const running = slot.job;
    if (!running) return;
    clearTimeout(running.timer);
    slot.job = undefined;
    running.undemote(true);
    const ran = Math.round(performance.now() - running.startedAt);
    running.job.reject(new PreemptedError(`the query was stopped after ${ran} ms to give its worker to another client: it ran on a worker lent beyond your address's share (CLIENT_QUERY_LIMIT) while other clients waited. Retry it; it will wait for your own share.`));
    this.replace(slot, 'lent worker taken back');
    this.dispatch();
  }

  private expireRunning(slot: Slot, id: number): void {
    const running = slot.job;
    if (!running || running.id !== id) return;
    slot.job = undefined;
    // Its priority is set back before it is stopped, so that tearing it down (freeing what the query
    // allocated, process-wide memory maps included) is not left waiting behind everything else.
    running.undemote(true);
    const { timeoutMs, limitName } = running.job.options;
    running.job.reject(new QueryTimeoutError(`the query was stopped: it ran longer than its time limit of ${timeoutMs} ms (${limitName}). Make it more selective, or ask for fewer results.`));
    this.replace(slot, 'query timeout');
    this.dispatch();
  }

  private expireQueued(job: Job): void {
    const i = this.queue.indexOf(job);
    if (i === -1) return;
    this.queue.splice(i, 1);
    job.reject(serviceUnavailable(`the server is busy: the query waited ${job.options.timeoutMs} ms for a free worker (${job.options.limitName}). Retry shortly.`, 1));
  }

  private dropQueued(job: Job): void {
    const i = this.queue.indexOf(job);
    if (i === -1) return;
    this.queue.splice(i, 1);
    clearTimeout(job.queueTimer);
    job.reject(new AbortedError('client went away'));
  }
}

/** oxigraph's own parse errors ("error at 1:10: …") and unsupported functions are the client's; anything else is ours. */
function engineError(message: string): HttpError {
  if (/^error at \d+:\d+/.test(message)) return badRequest(`the query engine could not parse the query: ${message}`);
  if (/^The custom function <[^>]*> is not supported$/.test(message)) {
    return badRequest(`${message.replace(/^The/, 'the')}: this endpoint runs the SPARQL 1.1 functions and the XSD casts, no extension functions`);
  }
  return new HttpError(500, `query engine error: ${message}`);
}
