// Runaway queries: stopped on time with a 503 that names the limit, while other clients keep being
// answered; the pool replaces the stopped worker; a full queue answers 503 with Retry-After.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, q, request, startServer, type TestServer } from './helpers.ts';

let s: TestServer;
let sparql: string;
const LIMIT_MS = 1500;

beforeAll(async () => {
  s = await startServer({ files: [fixture('small.trig')], poolSize: 2, queueLimit: 2, limits: { queryTimeoutMs: LIMIT_MS } });
  sparql = `${s.url}/sparql`;
});
afterAll(async () => s?.close());

/** A cartesian product of 8 patterns over 17 triples: about 7·10⁹ solutions, never done in time. */
const RUNAWAY = `SELECT (COUNT(*) AS ?n) WHERE { ${Array.from({ length: 8 }, (_, i) => `?s${i} ?p${i} ?o${i} .`).join(' ')} }`;
const CHEAP = 'ASK { ?s ?p "Alice" }';

async function timed<T>(f: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await f();
  return { value, ms: performance.now() - started };
}

async function poolSettled(): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const pool = s.graph.poolState();
    if (pool.loading === 0 && pool.busy === 0 && pool.workers === 3) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`pool did not settle: ${JSON.stringify(s.graph.poolState())}`);
}

describe('time limit', () => {
  it('a runaway query is cut off on time while cheap queries keep being answered, and the pool recovers', async () => {
    const restartsBefore = s.graph.poolState().restarts;
    let runawayDone = false;
    const runaway = timed(() => request(sparql + q(RUNAWAY))).finally(() => { runawayDone = true; });
    // No timing thresholds (shared machines are noisy): the cheap queries must be answered while
    // the runaway one is still running, which is what isolation means.
    const cheap: Array<{ status: number; whileRunaway: boolean }> = [];
    await new Promise((r) => setTimeout(r, 100));
    while (cheap.length < 8) {
      const { value } = await timed(() => request(sparql + q(`${CHEAP} # ${cheap.length}`)));
      cheap.push({ status: value.status, whileRunaway: !runawayDone });
      // Short pauses: all eight must fit in the runaway's 1.5 s even when the machine is loaded.
      await new Promise((r) => setTimeout(r, 20));
    }
    const { value: r, ms } = await runaway;
    expect(r.status).toBe(503);
    expect(r.body).toBe(`the query was stopped: it ran longer than its time limit of ${LIMIT_MS} ms (QUERY_TIMEOUT_MS). Make it more selective, or ask for fewer results.\n`);
    expect(ms).toBeGreaterThanOrEqual(LIMIT_MS - 5);
    expect(ms).toBeLessThan(LIMIT_MS + 1000);
    expect(cheap.every((c) => c.status === 200)).toBe(true);
    expect(cheap.every((c) => c.whileRunaway)).toBe(true);
    await poolSettled();
    expect(s.graph.poolState().restarts).toBe(restartsBefore + 1);
    expect((await request(sparql + q(CHEAP))).status).toBe(200);
    const log = s.logs.find((l) => (l['query'] as { outcome?: string } | undefined)?.outcome === 'timeout');
    expect(log).toMatchObject({ status: 503, route: '/sparql', query: { type: 'SELECT' } });
  });

  it('a client timeout parameter lowers the limit, never raises it', async () => {
    const low = await timed(() => request(sparql + q(RUNAWAY, '&timeout=300')));
    expect(low.value.status).toBe(503);
    expect(low.value.body).toBe('the query was stopped: it ran longer than its time limit of 300 ms (the timeout parameter). Make it more selective, or ask for fewer results.\n');
    expect(low.ms).toBeLessThan(LIMIT_MS);
    const high = await request(sparql + q(RUNAWAY, '&timeout=999999'));
    expect(high.body).toContain(`time limit of ${LIMIT_MS} ms (QUERY_TIMEOUT_MS)`);
    await poolSettled();
  });
});

describe('overload', () => {
  it('beyond the queue limit the client gets 503 with Retry-After at once', async () => {
    // Two run (pool size 2), two wait (queue limit 2), the fifth is refused.
    let busyDone = 0;
    const busy = Array.from({ length: 4 }, (_, i) => request(sparql + q(`${RUNAWAY} # ${i}`)).finally(() => { busyDone++; }));
    await new Promise((r) => setTimeout(r, 100));
    const refused = await timed(() => request(sparql + q(CHEAP)));
    // "At once": refused while every runaway query is still queued or running.
    expect(busyDone).toBe(0);
    expect(refused.value.status).toBe(503);
    expect(refused.value.headers.get('retry-after')).toBe('1');
    expect(refused.value.body).toBe('the server is busy: 2 queries are already waiting (QUEUE_LIMIT). Retry shortly.\n');
    const statuses = (await Promise.all(busy)).map((r) => r.status);
    expect(statuses).toEqual([503, 503, 503, 503]);
    await poolSettled();
    expect((await request(sparql + q(CHEAP))).status).toBe(200);
  });
});
