// SIGTERM under load (the real CLI): every query in flight when the signal arrives — running or
// waiting for a worker — is answered in full, new connections are refused, and the process exits 0.
// (A single in-flight query is tests/http/cli.test.ts.)
import { describe, expect, it } from 'vitest';
import { q } from '../http/helpers.ts';
import { spawnServer } from '../helpers/serverProcess.ts';

/** A 5-way cartesian product over 17 triples: 17⁵ solutions to count, some hundreds of ms each. */
const SLOW = (i: number) => `SELECT (COUNT(*) AS ?n) WHERE { ${Array.from({ length: 5 }, (_, k) => `?s${k} ?p${k} ?o${k} .`).join(' ')} } # ${i}`;

describe('SIGTERM under load', () => {
  it('lets 12 in-flight queries finish with their full answers, refuses new connections, exits 0', async () => {
    const s = await spawnServer({ args: ['serve', '--data', 'tests/fixtures/http/small.trig', '--pool-size', '2', '--client-query-limit', '2'], env: { SHUTDOWN_GRACE_MS: '60000', QUERY_TIMEOUT_MS: '60000' } });
    const inFlight = Array.from({ length: 12 }, (_, i) => fetch(`${s.url}/sparql${q(SLOW(i))}`, { headers: { Accept: 'text/tab-separated-values' } })
      .then(async (r) => ({ status: r.status, body: await r.text() })));
    // Every request must have reached the server before the signal (a connection still in the
    // listen backlog is reset when the server stops listening, which is right but not what this
    // tests). Under a loaded CI machine connecting can take a while, so wait generously: answers
    // that complete before the signal still count, and the slow queries keep the pool busy.
    await new Promise((r) => setTimeout(r, 2_000));
    s.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    await expect(fetch(`${s.url}/health`)).rejects.toThrow();
    const answers = await Promise.all(inFlight);
    expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 12 }, () => 200));
    for (const a of answers) expect(a.body).toBe(`?n\n${17 ** 5}\n`);
    expect(await s.exit).toBe(0);
    expect(s.logs().filter((l) => (l['level'] as number) >= 50)).toEqual([]);
  }, 120_000);
});
