// Work-conserving client shares (CLIENT_LEND_GRACE_MS, src/http/ClientLimiter.ts), on a real pool:
// one client alone may use every worker, past its CLIENT_QUERY_LIMIT; once another client's query
// waits, the lent worker is taken back (its query stopped, run again within its client's share),
// and the other client is answered while the first one's runaway queries still run. No timing
// thresholds: what is asserted is who was answered while what was still running.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ABUSE, CHEAP } from '../helpers/abuseQueries.ts';
import { clientAgents, DECLARED_503, send, type Sent } from '../helpers/fuzzRunner.ts';
import { startLive, type LiveServer } from '../helpers/liveServer.ts';
import { buildTempDist, waitReady, type BuiltDist } from '../helpers/serverProcess.ts';

const LIMIT_MS = 1_500;
let dist: BuiltDist;
let s: LiveServer;

beforeAll(async () => {
  dist = await buildTempDist();
  s = await startLive({ dist: dist.dir, poolSize: 2, queueLimit: 8, limits: { queryTimeoutMs: LIMIT_MS, clientQueryLimit: 1, clientLendGraceMs: 100 } });
  // The web pages' start-up queries (owned by no client: they too take lent workers back) are done first.
  await until(() => s.logs.some((l) => l['msg'] === 'linked-data pages ready'), 'the linked-data pages are ready');
});
afterAll(async () => {
  await s?.close();
  await dist?.remove();
});

const agents = clientAgents();
const from = (address: string) => agents.from(address);
afterAll(() => agents.destroy());

const post = (query: string, accept: string, address: string): Promise<Sent> =>
  send(s.url, { method: 'POST', path: '/sparql', headers: { 'Content-Type': 'application/sparql-query', Accept: accept }, body: Buffer.from(query) }, LIMIT_MS * 6 + 10_000, from(address));
const TIME_LIMIT = `the query was stopped: it ran longer than its time limit of ${LIMIT_MS} ms (QUERY_TIMEOUT_MS). Make it more selective, or ask for fewer results.\n`;
const RUNAWAY = ABUSE[0]?.query ?? '';

/** Waits until `ok()` holds, or fails saying what was awaited (a bound on waiting, not a timed assertion). */
async function until(ok: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (ok()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`never happened: ${what}`);
}

async function settled(): Promise<void> {
  await waitReady(s.url);
  await until(() => { const p = s.graph.poolState(); return p.busy === 0 && p.loading === 0 && p.workers === 3; }, 'the pool settles');
}

describe('lending idle workers beyond CLIENT_QUERY_LIMIT', () => {
  it('one client alone runs two queries at once on a pool of two, past its limit of one', async () => {
    let done = 0;
    const both = [0, 1].map((i) => post(`${RUNAWAY} # alone ${i}`, 'application/sparql-results+json', '127.0.0.1').finally(() => done++));
    await until(() => s.graph.poolState().busy === 2 || done > 0, 'both queries running');
    expect(done).toBe(0);
    expect(s.graph.poolState().busy).toBe(2);
    const answers = await Promise.all(both);
    expect(answers.map((a) => [a.status, a.body])).toEqual([[503, TIME_LIMIT], [503, TIME_LIMIT]]);
    await settled();
  });

  it('another client\'s query takes the lent worker back and is answered while the first client\'s runaways still run', async () => {
    const restartsBefore = s.graph.poolState().restarts;
    let abuserDone = 0;
    const abusive = Array.from({ length: 4 }, (_, i) => post(`${RUNAWAY} # ${i}`, 'application/sparql-results+json', '127.0.0.2').finally(() => abuserDone++));
    await until(() => s.graph.poolState().busy === 2, 'the abuser holds both workers');
    const cheap: Array<{ status: number; whileAbused: boolean }> = [];
    for (let i = 0; i < 5; i++) {
      const r = await post(`${CHEAP} # ${i}`, 'application/sparql-results+json', '127.0.0.1');
      cheap.push({ status: r.status, whileAbused: abuserDone === 0 });
    }
    expect(cheap).toEqual(Array.from({ length: 5 }, () => ({ status: 200, whileAbused: true })));
    const abused = await Promise.all(abusive);
    for (const r of abused) {
      expect(r.status).toBe(503);
      expect(r.body).toMatch(DECLARED_503);
    }
    // The lent query was stopped once and run again within the share: no client saw that 503.
    expect(abused.filter((r) => /to give its worker to another client/.test(r.body))).toEqual([]);
    expect(s.logs.filter((l) => l['why'] === 'lent worker taken back')).toHaveLength(1);
    await settled();
    expect(s.graph.poolState().restarts).toBeGreaterThan(restartsBefore);
    // And it is lent nothing more for now: its next two queries do not run at once.
    let done = 0;
    const again = [0, 1].map((i) => post(`${RUNAWAY} # again ${i}`, 'application/sparql-results+json', '127.0.0.2').finally(() => done++));
    await until(() => s.graph.poolState().busy >= 1, 'one running');
    await new Promise((r) => setTimeout(r, 300));
    expect(s.graph.poolState().busy).toBe(1);
    await Promise.all(again);
    await settled();
  });
});
