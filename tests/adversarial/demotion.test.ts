// Thread priority demotion (src/graph/demote.ts): a query running past DEMOTE_AFTER_MS has its worker
// thread set to nice 19 (read back from /proc/self/task/<tid>/stat); short queries are still answered
// meanwhile; when the long query ends (here: at its time limit) the pool is whole again and no worker
// is left at low priority. Where the process may not raise a priority back, the demoted worker is
// retired and replaced instead (node:os's setPriority refuses that here, as it does for an
// unprivileged process). Order-based: the test waits for each state, it never asserts a duration.
import * as os from 'node:os';
import type { Logger } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMOTED_NICE, kernelThreadId, threadNice, ThreadDemoter } from '../../src/graph/demote.ts';
import { openDist } from '../../src/graph/openDataset.ts';
import { QueryPool } from '../../src/graph/QueryPool.ts';
import type { QueryRequest } from '../../src/graph/workerProtocol.ts';
import { writeDistFixture } from '../http/distFixture.ts';
import { fixture } from '../http/helpers.ts';

/** When set, setPriority refuses to lower a thread's nice value (raise its priority), as the kernel does for an unprivileged process. */
const refuse = vi.hoisted(() => ({ raise: false }));
vi.mock('node:os', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:os')>();
  return {
    ...real,
    setPriority: (pid: number, priority: number) => {
      if (refuse.raise && priority < real.getPriority(pid)) throw Object.assign(new Error('EACCES: permission denied, uv_os_setpriority'), { code: 'EACCES' });
      real.setPriority(pid, priority);
    },
  };
});

interface Slot { readonly state: 'loading' | 'idle' | 'busy'; readonly tid?: number | null }

const noProc = kernelThreadId() === null;
const RUNAWAY = `SELECT (COUNT(*) AS ?n) WHERE { ${Array.from({ length: 8 }, (_, i) => `?s${i} ?p${i} ?o${i} .`).join(' ')} }`;
const CHEAP = 'ASK { ?s ?p "Alice" }';
const LONG = `SELECT (COUNT(?s0) AS ?n) WHERE { ${Array.from({ length: 5 }, (_, i) => `?s${i} ?p${i} ?o${i} .`).join(' ')} }`;

function query(text: string, kind: QueryRequest['kind']): Omit<QueryRequest, 'id'> {
  return { op: 'query', query: text, kind, format: 'json', mediaType: 'application/sparql-results+json', baseIri: 'http://example.org/', queryDataset: false, maxRows: 1000, maxBytes: 1 << 20 };
}

async function until<T>(what: string, probe: () => T | undefined): Promise<T> {
  for (let i = 0; i < 1000; i++) {
    const v = probe();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe.skipIf(noProc)('a long query\'s worker thread is demoted (Linux, /proc)', () => {
  let pool: QueryPool;
  const slots = () => (pool as unknown as { slots: Slot[] }).slots;
  const nices = () => slots().map((s) => (s.tid == null ? null : threadNice(s.tid)));

  beforeAll(async () => {
    const source = await openDist(writeDistFixture(fixture('small.trig')));
    pool = new QueryPool({ size: 2, queueLimit: 8, init: { nquads: source.nquads, byteLength: source.byteLength, linesPerChunk: 20_000 }, demoteAfterMs: 20 });
    await pool.start();
  });
  afterAll(async () => {
    refuse.raise = false;
    await pool.close();
  });

  it('every worker reports its kernel thread id and starts at nice 0', () => {
    expect(slots().every((s) => typeof s.tid === 'number' && s.tid !== process.pid)).toBe(true);
    expect(nices()).toEqual([0, 0, 0]);
  });

  it('while a runaway query runs its thread is at nice 19, short queries are answered, and afterwards the pool is whole at nice 0', async () => {
    const restarts = pool.state().restarts;
    const runaway = pool.run(query(RUNAWAY, 'SELECT'), { timeoutMs: 3_000, limitName: 'test' }).then(() => 'answered', (e: Error) => e.message);
    const busy = await until('a busy worker', () => slots().find((s) => s.state === 'busy'));
    const tid = busy.tid ?? -1;
    await until('nice 19', () => (threadNice(tid) === DEMOTED_NICE ? true : undefined));
    const cheap = await Promise.all(Array.from({ length: 5 }, (_, i) => pool.run(query(`${CHEAP} # ${i}`, 'ASK'), { timeoutMs: 3_000, limitName: 'test' })));
    expect(cheap.map((r) => JSON.parse(Buffer.from(r.body).toString('utf8')) as { boolean: boolean }).map((j) => j.boolean)).toEqual([true, true, true, true, true]);
    // The cheap queries ran on the other workers, at normal priority.
    expect(threadNice(tid)).toBe(DEMOTED_NICE);
    expect(await runaway).toMatch(/ran longer than its time limit of 3000 ms \(test\)/);
    await until('the pool whole again', () => (pool.state().workers === 3 && pool.state().loading === 0 ? true : undefined));
    expect(pool.state()).toMatchObject({ size: 2, workers: 3, busy: 0, restarts: restarts + 1 });
    expect(nices()).toEqual([0, 0, 0]);
  });

  /** Starts a query that runs about a second (17 quads, a 5-way product) and returns once its thread is at nice 19. */
  async function demotedQuery(): Promise<{ readonly done: Promise<unknown> }> {
    const done = pool.run(query(LONG, 'SELECT'), { timeoutMs: 60_000, limitName: 'test' });
    const busy = await until('a busy worker', () => slots().find((s) => s.state === 'busy'));
    await until('nice 19', () => (threadNice(busy.tid ?? -1) === DEMOTED_NICE ? true : undefined));
    return { done };
  }

  it('a demoted query that finishes is answered, its thread is set back to nice 0 and the worker is kept', async () => {
    const restarts = pool.state().restarts;
    const r = await (await demotedQuery()).done as { body: Uint8Array };
    expect(Buffer.from(r.body).toString('utf8')).toContain('"value":"1419857"');
    expect(pool.state()).toMatchObject({ workers: 3, busy: 0, restarts });
    expect(nices()).toEqual([0, 0, 0]);
  });

  it('where the priority cannot be raised back, the demoted worker is retired after its query and replaced', async () => {
    refuse.raise = true;
    const restarts = pool.state().restarts;
    const r = await (await demotedQuery()).done as { body: Uint8Array };
    expect(Buffer.from(r.body).toString('utf8')).toContain('"value":"1419857"');
    await until('the pool whole again', () => (pool.state().workers === 3 && pool.state().loading === 0 ? true : undefined));
    expect(pool.state().restarts).toBe(restarts + 1);
    expect(nices()).toEqual([0, 0, 0]);
    const cheap = await pool.run(query(CHEAP, 'ASK'), { timeoutMs: 3_000, limitName: 'test' });
    expect(Buffer.from(cheap.body).toString('utf8')).toContain('true');
    refuse.raise = false;
  });
});

describe('without a thread id or with demotion off, nothing is demoted', () => {
  it('watch(null) and a threshold of 0 never touch a priority', () => {
    vi.useFakeTimers();
    try {
      const spy = vi.spyOn(os, 'setPriority');
      const none = new ThreadDemoter(10).watch(null);
      const off = new ThreadDemoter(0).watch(process.pid);
      vi.advanceTimersByTime(1_000);
      expect(none(true)).toBe('normal');
      expect(off(true)).toBe('normal');
      expect(spy).not.toHaveBeenCalled();
    } finally {
      vi.useRealTimers();
    }
  });

  it('a thread that is gone when its time comes is skipped quietly, and demotion stays on', () => {
    vi.useFakeTimers();
    try {
      const warn = vi.fn();
      const demoter = new ThreadDemoter(10, { warn } as unknown as Logger);
      const gone = demoter.watch(0x7fffffff);
      vi.advanceTimersByTime(100);
      expect(gone(true)).toBe('normal');
      expect(warn).not.toHaveBeenCalled();
      expect((demoter as unknown as { failed: boolean }).failed).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });
});
