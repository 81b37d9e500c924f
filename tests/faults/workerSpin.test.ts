// The query worker's spin (WORKER_SPIN_US, src/graph/queryWorker.ts): after an answer it polls its
// port for the next request for a bounded time before going back to its event loop. With the spin off,
// short and practically endless, every query gets its own answer, in order; a request that arrives
// while the worker spins is answered; a request that arrives after the spin has ended goes through the
// event loop; and terminate() (a query's time limit, close()) stops a worker that is spinning. Order
// based: the "endless" spin (10 minutes) outlasts every test, so a request after the first is always
// picked up by the spin, and a terminate() that did not stop it would hang the test until its timeout.
import { once } from 'node:events';
import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { openDist, type DatasetSource } from '../../src/graph/openDataset.ts';
import { QueryPool, QueryTimeoutError } from '../../src/graph/QueryPool.ts';
import { spawnWorker } from '../../src/graph/spawnWorker.ts';
import type { QueryRequest, WorkerInit, WorkerReply } from '../../src/graph/workerProtocol.ts';
import { writeDistFixture } from '../http/distFixture.ts';
import { fixture } from '../http/helpers.ts';

const ENDLESS_US = 600_000_000;
const RUNAWAY = `SELECT (COUNT(*) AS ?n) WHERE { ${Array.from({ length: 8 }, (_, i) => `?s${i} ?p${i} ?o${i} .`).join(' ')} }`;
const NAMES = ['Alice', 'Bob', 'Dave', 'Anonymous'];

function nameQuery(name: string): Omit<QueryRequest, 'id'> {
  return {
    op: 'query', query: `PREFIX foaf: <http://xmlns.com/foaf/0.1/> SELECT ?s ?name WHERE { ?s foaf:name ?name FILTER(STR(?name) = "${name}") }`, kind: 'SELECT',
    format: 'json', mediaType: 'application/sparql-results+json', baseIri: 'http://example.org/', queryDataset: false, maxRows: 1000, maxBytes: 1 << 20,
  };
}

/** The one binding of ?name in a SPARQL JSON answer. */
function nameIn(body: Uint8Array): string | undefined {
  const json = JSON.parse(Buffer.from(body).toString('utf8')) as { results: { bindings: Array<Record<string, { value: string }>> } };
  expect(json.results.bindings).toHaveLength(1);
  return json.results.bindings[0]?.['name']?.value;
}

let source: DatasetSource | undefined;
async function init(spinUs: number): Promise<WorkerInit> {
  source ??= await openDist(writeDistFixture(fixture('small.trig')));
  return { nquads: source.nquads, byteLength: source.byteLength, linesPerChunk: 20_000, spinUs };
}

describe.each([
  ['off', 0],
  ['short (200 µs)', 200],
  ['endless', ENDLESS_US],
])('a pool whose workers spin %s', (_label, spinUs) => {
  let pool: QueryPool | undefined;
  afterEach(async () => {
    // close() terminates the workers, a spinning one included.
    await pool?.close();
    pool = undefined;
  });

  it('answers back-to-back queries, each with its own answer', async () => {
    pool = new QueryPool({ size: 2, queueLimit: 8, init: await init(spinUs) });
    await pool.start();
    for (let round = 0; round < 3; round++) {
      for (const name of NAMES) {
        const reply = await pool.run(nameQuery(name), { timeoutMs: 30_000, limitName: 'test' });
        expect(nameIn(reply.body)).toBe(name);
      }
    }
    // Concurrent ones too: two workers, a queue.
    const replies = await Promise.all([...NAMES, ...NAMES].map((n) => pool!.run(nameQuery(n), { timeoutMs: 30_000, limitName: 'test' })));
    expect(replies.map((r) => nameIn(r.body))).toEqual([...NAMES, ...NAMES]);
  });

  it('answers a query that comes after a pause (the spin, if any, has ended or goes on)', async () => {
    pool = new QueryPool({ size: 2, queueLimit: 8, init: await init(spinUs) });
    await pool.start();
    expect(nameIn((await pool.run(nameQuery('Alice'), { timeoutMs: 30_000, limitName: 'test' })).body)).toBe('Alice');
    await new Promise((r) => setTimeout(r, 50));
    expect(nameIn((await pool.run(nameQuery('Bob'), { timeoutMs: 30_000, limitName: 'test' })).body)).toBe('Bob');
  });

  it('stops a runaway query picked up right after an answer at its time limit, and goes on answering', async () => {
    pool = new QueryPool({ size: 2, queueLimit: 8, init: await init(spinUs) });
    await pool.start();
    expect(nameIn((await pool.run(nameQuery('Alice'), { timeoutMs: 30_000, limitName: 'test' })).body)).toBe('Alice');
    await expect(pool.run({ ...nameQuery('x'), query: RUNAWAY }, { timeoutMs: 200, limitName: 'QUERY_TIMEOUT_MS' })).rejects.toBeInstanceOf(QueryTimeoutError);
    expect(pool.state().restarts).toBe(1);
    expect(nameIn((await pool.run(nameQuery('Dave'), { timeoutMs: 30_000, limitName: 'test' })).body)).toBe('Dave');
  });
});

describe('a worker spinning after an answer', () => {
  let worker: Worker | undefined;
  afterEach(async () => {
    await worker?.terminate();
    worker = undefined;
  });

  /** Starts a query worker directly (as QueryPool does) and collects its replies. */
  async function start(spinUs: number): Promise<{ worker: Worker; replies: WorkerReply[]; next: () => Promise<WorkerReply> }> {
    const w = spawnWorker(new URL('../../src/graph/queryWorker.ts', import.meta.url), { workerData: await init(spinUs) });
    const replies: WorkerReply[] = [];
    let waiting: Array<() => void> = [];
    w.on('message', (m: WorkerReply | { ready: true }) => {
      if ('ready' in m) return;
      replies.push(m);
      for (const wake of waiting.splice(0)) wake();
    });
    const [ready] = await once(w, 'message') as [{ ready?: true }];
    expect(ready.ready).toBe(true);
    let taken = 0;
    const next = async (): Promise<WorkerReply> => {
      while (replies.length <= taken) await new Promise<void>((r) => { waiting.push(r); });
      return replies[taken++] as WorkerReply;
    };
    worker = w;
    return { worker: w, replies, next };
  }

  it('answers requests that arrive during the spin, in the order they were sent, none lost', async () => {
    const { worker: w, next } = await start(ENDLESS_US);
    w.postMessage({ ...nameQuery('Alice'), id: 1 });
    const first = await next();
    expect(first.id).toBe(1);
    // The worker now spins (for 10 minutes): these arrive while it does, all at once.
    const sent = Array.from({ length: 12 }, (_, i) => ({ id: i + 2, name: NAMES[i % NAMES.length] as string }));
    for (const s of sent) w.postMessage({ ...nameQuery(s.name), id: s.id });
    for (const s of sent) {
      const reply = await next();
      expect(reply.id).toBe(s.id);
      expect(reply.ok).toBe(true);
      if (reply.ok) expect(nameIn(reply.body)).toBe(s.name);
    }
  });

  it('a bad query during the spin gets its error, and the next one its answer', async () => {
    const { worker: w, next } = await start(ENDLESS_US);
    w.postMessage({ ...nameQuery('Alice'), id: 1 });
    expect((await next()).ok).toBe(true);
    w.postMessage({ ...nameQuery('x'), query: 'SELECT WHERE {', id: 2 });
    w.postMessage({ ...nameQuery('Bob'), id: 3 });
    const bad = await next();
    expect(bad).toMatchObject({ id: 2, ok: false, reason: 'query' });
    const good = await next();
    expect(good.id).toBe(3);
    if (good.ok) expect(nameIn(good.body)).toBe('Bob');
  });

  it('terminate() stops a spinning worker', async () => {
    const { worker: w, next } = await start(ENDLESS_US);
    w.postMessage({ ...nameQuery('Alice'), id: 1 });
    expect((await next()).id).toBe(1);
    const exited = once(w, 'exit');
    await w.terminate();
    expect((await exited)[0]).toBe(1);
    worker = undefined;
  });
});
