// Query time per client (src/http/QueryBudget.ts), on a clock the test moves: a client within its
// budget runs; over it, 429 with Retry-After and a message naming the budget; the time drains at
// the budget's rate; other clients are not affected; queries waiting in the client's line are
// refused once its budget runs out, not run back to back. Then through a real server: a query
// stopped at its (client-lowered) time limit spends a small budget, and that address's next query
// is a 429 while another address is answered.
import { Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpError } from '../../src/errors.ts';
import { ClientLimiter } from '../../src/http/ClientLimiter.ts';
import { QueryBudget } from '../../src/http/QueryBudget.ts';
import { send } from '../helpers/fuzzRunner.ts';
import { startLive, type LiveServer } from '../helpers/liveServer.ts';
import { fixture } from '../http/helpers.ts';

function clock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => { t += ms; } };
}

const settle = <T>(p: Promise<T>) => p.then((v) => ({ ok: true as const, v }), (e: unknown) => ({ ok: false as const, e: e as HttpError }));

describe('QueryBudget', () => {
  it('refuses a client over its budget with 429, Retry-After and the budget named, until enough has drained', () => {
    const c = clock();
    const b = new QueryBudget(10_000, 60_000, c.now);
    expect(b.refusal('A')).toBeUndefined();
    b.charge('A', 9_000);
    expect(b.refusal('A')).toBeUndefined();
    b.charge('A', 4_000); // 13 s used of 10 s per 60 s: 3 s over, drains in 18 s
    const e = b.refusal('A');
    expect(e?.status).toBe(429);
    expect(e?.headers).toEqual({ 'Retry-After': '18' });
    expect(e?.message).toBe('your address has used its query time: 13000 ms of queries, over the budget of 10000 ms per 60 s (CLIENT_QUERY_BUDGET_MS). Retry in 18 s.');
    expect(b.refusal('B')).toBeUndefined();
    c.advance(17_000);
    expect(b.refusal('A')?.headers).toEqual({ 'Retry-After': '1' });
    c.advance(1_001);
    expect(b.refusal('A')).toBeUndefined();
    c.advance(60_000);
    expect(b.refusal('A')).toBeUndefined();
    expect(b.clients).toBe(0);
  });

  it('meter() charges the time between its start and its end', () => {
    const c = clock();
    const b = new QueryBudget(1_000, 60_000, c.now);
    const end = b.meter('A');
    c.advance(1_500);
    expect(b.refusal('A')).toBeUndefined();
    end();
    expect(b.refusal('A')?.status).toBe(429);
  });
});

describe('ClientLimiter with a budget', () => {
  it('a client over its budget is refused before it takes a place, and the queries waiting in its line are refused', async () => {
    const c = clock();
    const l = new ClientLimiter(1, 4, new QueryBudget(5_000, 60_000, c.now));
    const first = await l.acquire('A', 10_000, 'QUERY_TIMEOUT_MS');
    const waiting = [settle(l.acquire('A', 10_000, 'QUERY_TIMEOUT_MS')), settle(l.acquire('A', 10_000, 'QUERY_TIMEOUT_MS'))];
    (await l.acquire('B', 10_000, 'QUERY_TIMEOUT_MS'))();
    c.advance(6_000); // the first query ran 6 s, over the budget of 5 s
    first();
    for (const w of await Promise.all(waiting)) {
      expect(w.ok).toBe(false);
      if (!w.ok) expect(w.e.status).toBe(429);
    }
    const next = await settle(l.acquire('A', 10_000, 'QUERY_TIMEOUT_MS'));
    expect(next.ok).toBe(false);
    if (!next.ok) expect(next.e.message).toMatch(/^your address has used its query time: 6000 ms of queries, over the budget of 5000 ms per 60 s \(CLIENT_QUERY_BUDGET_MS\)\. Retry in 12 s\.$/);
    // Another address is not touched.
    expect((await settle(l.acquire('B', 10_000, 'QUERY_TIMEOUT_MS'))).ok).toBe(true);
    c.advance(12_001);
    expect((await settle(l.acquire('A', 10_000, 'QUERY_TIMEOUT_MS'))).ok).toBe(true);
  });

  it('within its budget a client runs one query after another as before', async () => {
    const c = clock();
    const l = new ClientLimiter(1, 4, new QueryBudget(60_000, 60_000, c.now));
    for (let i = 0; i < 20; i++) {
      const release = await l.acquire('A', 10_000, 'QUERY_TIMEOUT_MS');
      c.advance(900);
      release();
    }
    expect(l.clients).toBe(0);
  });
});

describe('through the server (CLIENT_QUERY_BUDGET_MS 200)', () => {
  let s: LiveServer;
  const agents = ['127.0.0.1', '127.0.0.2'].map((localAddress) => new Agent({ keepAlive: true, localAddress }));
  beforeAll(async () => {
    s = await startLive({ files: [fixture('small.trig')], limits: { clientQueryLimit: 1, clientQueryBudgetMs: 200 } });
  });
  afterAll(async () => {
    agents.forEach((a) => a.destroy());
    await s?.close();
  });
  const get = (query: string, from: number) => send(s.url, { method: 'GET', path: `/sparql?query=${encodeURIComponent(query)}`, headers: { Accept: 'application/sparql-results+json' }, body: undefined }, 30_000, agents[from]);

  it('a query that ran past the budget makes the next one from that address a 429 naming the budget; another address is answered', async () => {
    const runaway = `SELECT (COUNT(*) AS ?n) WHERE { ${Array.from({ length: 8 }, (_, i) => `?s${i} ?p${i} ?o${i} .`).join(' ')} }`;
    // A client may lower the time limit: stopped after 300 ms, it held its worker at least that long.
    const first = await send(s.url, { method: 'GET', path: `/sparql?query=${encodeURIComponent(runaway)}&timeout=300`, headers: { Accept: 'application/sparql-results+json' }, body: undefined }, 30_000, agents[0]);
    expect(first.status).toBe(503);
    const next = await get('ASK { ?s ?p ?o }', 0);
    expect(next.status).toBe(429);
    expect(next.body).toMatch(/^your address has used its query time: \d+ ms of queries, over the budget of 200 ms per 60 s \(CLIENT_QUERY_BUDGET_MS\)\. Retry in \d+ s\.\n$/);
    expect((await get('ASK { ?s ?p ?o }', 1)).status).toBe(200);
  });
});
