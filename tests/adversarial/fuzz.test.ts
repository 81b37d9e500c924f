// Fuzzing, quick mode: 1,000 mutated example queries (tests/helpers/queryFuzzer.ts) sent over HTTP
// to the real server, a child process on 127.0.0.1 over the built dataset. Every answer must be a
// success, a 4xx with a message, or a declared time-out/overload (503 naming its limit); no stack
// traces or paths; nothing unanswered; and afterwards the process is alive, /ready is 200 and a
// known query gets its known answer. The long mode (≥ 20,000) is `npm run fuzz`.
// FUZZ_SEED=N replays another seed; a failure lists case ids for `npx tsx bench/fuzz.ts --seed N --only ID`.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadQuestions } from '../queries/loadQuestions.ts';
import { runFuzz, send } from '../helpers/fuzzRunner.ts';
import { buildTempDist, REPO, spawnServer, waitReady, type BuiltDist, type ServerProcess } from '../helpers/serverProcess.ts';

const SEED = Number(process.env['FUZZ_SEED'] ?? 1);
const COUNT = 1_000;
const QUERY_TIMEOUT_MS = 1_000;

let dist: BuiltDist;
let server: ServerProcess;

beforeAll(async () => {
  dist = await buildTempDist();
  server = await spawnServer({ args: ['serve', '--dist', dist.dir, '--pool-size', '2'], env: { QUERY_TIMEOUT_MS: String(QUERY_TIMEOUT_MS), LOG_LEVEL: 'error' } });
});
afterAll(async () => {
  await server?.stop();
  await dist?.remove();
});

it(`${COUNT} mutated queries: no undeclared 5xx, every 4xx explained, no leaks, no hang; healthy afterwards`, async () => {
  const report = await runFuzz(server.url, {
    seed: SEED, count: COUNT, concurrency: 8, deadlineMs: QUERY_TIMEOUT_MS * 3 + 10_000, seeds: loadQuestions().map((x) => x.query), repo: REPO,
  });
  expect(report.total).toBe(COUNT);
  expect(report.problems.map((p) => `case ${p.id} (${p.mutation}, ${p.transport}): ${p.problem}: ${p.excerpt.slice(0, 120)}`)).toEqual([]);
  // The mix reaches the engine, not only the parser: some answers are results, some are refusals.
  expect(report.byStatus['200'] ?? 0).toBeGreaterThan(10);
  expect(report.byStatus['400'] ?? 0).toBeGreaterThan(100);
  expect(server.logs().filter((l) => l['msg'] === 'request failed')).toEqual([]);
  expect(server.alive()).toBe(true);
  await waitReady(server.url);
  const known = await send(server.url, { method: 'GET', path: `/sparql?query=${encodeURIComponent('ASK { ?s ?p ?o }')}`, headers: {}, body: undefined }, 10_000);
  expect(known.status).toBe(200);
  expect(JSON.parse(known.body)).toEqual({ head: {}, boolean: true });
}, 120_000);
