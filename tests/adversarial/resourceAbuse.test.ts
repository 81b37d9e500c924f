// Resource abuse, behaviour only (the figures — peak RSS, cheap queries' p99 — are `npm run
// bench:abuse`): a cartesian product, a deep property path, a huge CONSTRUCT, millions of rows
// (plain, sorted, grouped) are each cut off by their limit with a status that says which; many
// runaway queries from one client take one worker (CLIENT_QUERY_LIMIT) while another client's
// cheap queries are answered; many from many clients get declared overload answers, never a 500;
// and the pool is whole again afterwards.
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
  s = await startLive({ dist: dist.dir, poolSize: 2, queueLimit: 8, limits: { queryTimeoutMs: LIMIT_MS, clientQueryLimit: 1 } });
});
afterAll(async () => {
  await s?.close();
  await dist?.remove();
});

const agents = clientAgents();
const from = (address: string) => agents.from(address);
afterAll(() => agents.destroy());

const post = (query: string, accept: string, address = '127.0.0.1'): Promise<Sent> =>
  send(s.url, { method: 'POST', path: '/sparql', headers: { 'Content-Type': 'application/sparql-query', Accept: accept }, body: Buffer.from(query) }, LIMIT_MS * 4 + 10_000, from(address));
const cheap = (i: number) => post(`${CHEAP} # ${i}`, 'application/sparql-results+json');
const TIME_LIMIT = `the query was stopped: it ran longer than its time limit of ${LIMIT_MS} ms (QUERY_TIMEOUT_MS). Make it more selective, or ask for fewer results.\n`;

describe('each abusive query is cut off by its limit', () => {
  it.each(ABUSE.map((a) => [a.name, a] as const))('%s', async (_name, a) => {
    const r = await post(a.query, a.accept);
    if (a.limit === 'time') {
      expect(r.status).toBe(503);
      expect(r.body).toBe(TIME_LIMIT);
    } else {
      expect(r.status).toBe(200);
      expect(r.body.split('\n').filter((l) => l !== '').length - 1).toBe(100_000);
    }
    await waitReady(s.url);
  });
});

describe('many runaway queries at once', () => {
  it('from one client: one worker is theirs, the rest wait or get 429; another client\'s cheap queries are answered meanwhile', async () => {
    const runaway = ABUSE[0];
    if (!runaway) throw new Error('no abusive query');
    const abusive = Array.from({ length: 8 }, (_, i) => post(`${runaway.query} # ${i}`, runaway.accept, '127.0.0.2'));
    await new Promise((r) => setTimeout(r, 200));
    const answers: Sent[] = [];
    for (let i = 0; i < 10; i++) answers.push(await cheap(i));
    expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 10 }, () => 200));
    const abused = await Promise.all(abusive);
    const kinds = abused.map((r) => (r.status === 429 ? '429' : r.status === 503 && r.body === TIME_LIMIT ? 'time limit' : r.status === 503 && /behind your other queries/.test(r.body) ? 'waited' : `${r.status} ${r.body}`));
    // One runs to its limit (and perhaps the first in line, if its turn came before its wait ran
    // out); the others' wait outlasts the limit; three found no room in the line.
    expect(kinds.filter((k) => k === '429')).toHaveLength(3);
    expect(kinds.filter((k) => k === 'time limit').length).toBeGreaterThanOrEqual(1);
    expect(kinds.filter((k) => k === 'time limit' || k === 'waited')).toHaveLength(5);
    for (const r of abused.filter((x) => x.status === 429)) {
      expect(r.body).toMatch(/^too many queries at once from your address: 1 are running and 4 waiting \(CLIENT_QUERY_LIMIT 1\)/);
    }
    await waitReady(s.url);
  });

  it('from many clients: every answer is a result or a declared overload, never a 500, and the pool recovers', async () => {
    const all = await Promise.all(Array.from({ length: 24 }, (_, i) => {
      const a = ABUSE[i % ABUSE.length];
      if (!a) throw new Error('no abusive query');
      return post(`${a.query} # ${i}`, a.accept, `127.0.0.${2 + (i % 12)}`);
    }));
    for (const r of all) {
      expect(r.error).toBeUndefined();
      if (r.status === 503) expect(r.body).toMatch(DECLARED_503);
      else expect([200, 429]).toContain(r.status);
    }
    expect(all.filter((r) => r.status === 503 && /^the server is busy/.test(r.body)).length).toBeGreaterThan(0);
    await waitReady(s.url);
    expect((await cheap(99)).status).toBe(200);
    expect(s.logs.filter((l) => l['msg'] === 'request failed')).toEqual([]);
  });
});
