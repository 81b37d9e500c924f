// A query worker that dies: killed while it runs a query (terminated from outside, as a crash or an
// operator's kill would end the thread), or crashing while idle. The request it was running gets a
// clean 500 (a generic message; the details go to the log), the pool spawns a replacement, /ready is
// whole again, and the next queries are answered. The pool is built here as Graph.open builds it, so
// that the test can reach the worker that runs the query (QueryPool's slots are private: a marked
// boundary below).
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Worker } from 'node:worker_threads';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Graph, type QueryBackend } from '../../src/graph/Graph.ts';
import { openDist } from '../../src/graph/openDataset.ts';
import { withRowLimit } from '../../src/graph/parseQuery.ts';
import { QueryPool } from '../../src/graph/QueryPool.ts';
import { createApp } from '../../src/http/createApp.ts';
import { createServer, stopServer } from '../../src/http/createServer.ts';
import { writeDistFixture } from '../http/distFixture.ts';
import { fixture, q, request } from '../http/helpers.ts';
import { LIMITS, SERVER_LIMITS } from '../helpers/liveServer.ts';
import { waitReady } from '../helpers/serverProcess.ts';

interface Slot { readonly worker: Worker; readonly state: 'loading' | 'idle' | 'busy' }

let pool: QueryPool;
let graph: Graph;
let server: Server;
let url: string;
const logs: Array<Record<string, unknown>> = [];

/** The pool's workers: QueryPool keeps them private; a test reaches them to kill one. */
const slots = () => (pool as unknown as { slots: Slot[] }).slots;

beforeAll(async () => {
  const source = await openDist(writeDistFixture(fixture('small.trig')));
  if (source.origin.kind !== 'dist') throw new Error('expected a dist origin');
  const sink = new Writable({ write(chunk: Buffer, _e, done) { for (const l of chunk.toString().split('\n')) if (l) logs.push(JSON.parse(l) as Record<string, unknown>); done(); } });
  const logger = pino({ level: 'info' }, sink);
  pool = new QueryPool({ size: 2, queueLimit: 8, init: { nquads: source.nquads, byteLength: source.byteLength, linesPerChunk: 20_000 }, logger });
  await pool.start();
  const base = source.origin.manifest.base;
  // What Graph.open's backend does (src/graph/Graph.ts, runInPool).
  const backend: QueryBackend = {
    query: async (input) => {
      const reply = await pool.run({
        op: 'query', query: withRowLimit(input.parsed, input.maxRows), kind: input.parsed.kind, format: input.format, mediaType: input.mediaType,
        baseIri: base, queryDataset: false, maxRows: input.maxRows, maxBytes: input.maxBytes,
      }, { timeoutMs: input.timeoutMs, limitName: input.limitName, ...(input.signal ? { signal: input.signal } : {}) });
      return { body: reply.body, rows: reply.rows, truncated: reply.truncated };
    },
    state: () => pool.state(),
    close: () => pool.close(),
  };
  graph = await Graph.withBackend(source.origin, backend, { base });
  server = createServer(createApp(graph, { limits: LIMITS, cacheControl: 'no-cache', logger }), SERVER_LIMITS);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await stopServer(server, 1_000);
  await graph.close();
});

const RUNAWAY = `SELECT (COUNT(*) AS ?n) WHERE { ${Array.from({ length: 8 }, (_, i) => `?s${i} ?p${i} ?o${i} .`).join(' ')} }`;
const CHEAP = 'ASK { ?s ?p "Alice" }';

async function busySlot(): Promise<Slot> {
  for (let i = 0; i < 200; i++) {
    const busy = slots().find((s) => s.state === 'busy');
    if (busy) return busy;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('no worker picked up the query');
}

describe('a worker that dies', () => {
  it('killed mid-query: that request gets a clean 500 at once, the worker is replaced, the next queries are answered', async () => {
    const restarts = pool.state().restarts;
    const started = performance.now();
    const pending = request(`${url}/sparql${q(RUNAWAY)}`);
    const victim = await busySlot();
    await victim.worker.terminate();
    const r = await pending;
    expect(r.status).toBe(500);
    expect(r.body).toBe('internal server error\n');
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(performance.now() - started).toBeLessThan(LIMITS.queryTimeoutMs);
    expect(logs.some((l) => (l['err'] as { message?: string } | undefined)?.message === 'query worker exited with code 1 while running a query')).toBe(true);
    await waitReady(url);
    expect(pool.state()).toMatchObject({ workers: 3, busy: 0, restarts: restarts + 1 });
    const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => request(`${url}/sparql${q(`${CHEAP} # ${i}`)}`)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
  });

  it('crashing while idle: no request is touched, the worker is replaced', async () => {
    const restarts = pool.state().restarts;
    const idle = slots().find((s) => s.state === 'idle');
    if (!idle) throw new Error('no idle worker');
    // A message the worker cannot handle: its handler throws outside its own try (as a bug would).
    const exited = new Promise<number>((resolve) => idle.worker.on('exit', resolve));
    idle.worker.postMessage(null);
    expect(await exited).toBe(1);
    expect(logs.some((l) => l['msg'] === 'query worker error' && /reading 'id'/.test(String((l['err'] as { message?: string } | undefined)?.message)))).toBe(true);
    await waitReady(url);
    expect(pool.state()).toMatchObject({ workers: 3, restarts: restarts + 1 });
    expect((await request(`${url}/sparql${q(CHEAP)}`)).status).toBe(200);
  });

  it('every worker killed at once, twice: the pool comes back each time', async () => {
    for (let round = 0; round < 2; round++) {
      await Promise.all(slots().map((s) => s.worker.terminate()));
      await waitReady(url);
      expect((await request(`${url}/sparql${q(`${CHEAP} # round ${round}`)}`)).status).toBe(200);
    }
  });
});
