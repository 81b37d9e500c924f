// Fuzzing, long mode (`npm run fuzz`): ≥ 20,000 mutated example queries (tests/helpers/queryFuzzer.ts)
// sent over HTTP to the real server (a child process on 127.0.0.1 over the built dataset). Fails
// (exit 1) on any 5xx that is not a declared time-out or overload, a 4xx without a message, a leaked
// stack trace or path, an unanswered request, a crash, or a server that is not healthy afterwards.
//
//   npx tsx bench/fuzz.ts [--count N] [--seed N] [--concurrency N] [--query-timeout MS] [--only ID,ID] [--url URL]
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadQuestions } from '../tests/queries/loadQuestions.ts';
import { runFuzz, send, type FuzzReport } from '../tests/helpers/fuzzRunner.ts';
import { fuzzCase } from '../tests/helpers/queryFuzzer.ts';
import { buildTempDist, REPO, spawnServer, waitReady, type ServerProcess } from '../tests/helpers/serverProcess.ts';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
}

const count = Number(arg('--count') ?? 20_000);
const seed = Number(arg('--seed') ?? 20_240_601);
const concurrency = Number(arg('--concurrency') ?? 16);
const queryTimeoutMs = Number(arg('--query-timeout') ?? 2_000);
const only = arg('--only')?.split(',').map(Number);
const out = arg('--out') ?? join(REPO, 'bench', 'results', 'fuzz.md');

/** Health after the run: the process is alive, /health and /ready answer, and a known query is right. */
async function healthAfter(url: string, server: ServerProcess | undefined): Promise<string[]> {
  const problems: string[] = [];
  if (server && !server.alive()) problems.push(`the server process exited (${await server.exit})`);
  try {
    await waitReady(url, 30_000);
  } catch (e) {
    problems.push((e as Error).message);
  }
  const r = await send(url, { method: 'GET', path: `/sparql?query=${encodeURIComponent('ASK { ?s ?p ?o }')}`, headers: {}, body: undefined }, 10_000);
  if (r.status !== 200 || !r.body.includes('true')) problems.push(`ASK { ?s ?p ?o } answered ${r.status}: ${r.body.slice(0, 200)}`);
  return problems;
}

function table(report: FuzzReport): string {
  const statuses = Object.keys(report.byStatus).sort();
  const rows = Object.entries(report.byMutation).sort().map(([m, s]) => `| ${m} | ${statuses.map((k) => s[k] ?? 0).join(' | ')} |`);
  return [`| mutation | ${statuses.join(' | ')} |`, `|---|${statuses.map(() => '---:').join('|')}|`, ...rows].join('\n');
}

async function main(): Promise<number> {
  const seeds = loadQuestions().map((q) => q.query);
  let server: ServerProcess | undefined;
  let dist: Awaited<ReturnType<typeof buildTempDist>> | undefined;
  let url = arg('--url');
  if (!url) {
    dist = await buildTempDist();
    server = await spawnServer({ args: ['serve', '--dist', dist.dir], env: { QUERY_TIMEOUT_MS: String(queryTimeoutMs), LOG_LEVEL: 'error' } });
    url = server.url;
  }
  process.stderr.write(`fuzzing ${url} with ${only ? only.length : count} cases, seed ${seed}, concurrency ${concurrency}, query limit ${queryTimeoutMs} ms\n`);
  const rssBefore = server?.rss() ?? 0;
  let last = 0;
  const report = await runFuzz(url, {
    seed, count, concurrency, deadlineMs: queryTimeoutMs * 3 + 10_000, seeds, repo: REPO, ...(only ? { only } : {}),
    onProgress: (done) => {
      if (done - last >= 1000) {
        last = done;
        process.stderr.write(`  ${done} sent; rss ${((server?.rss() ?? 0) / 2 ** 20).toFixed(0)} MiB\n`);
      }
    },
  });
  const health = await healthAfter(url, server);
  const peak = server?.peakRss() ?? 0;
  const crashed = server?.logs().filter((l) => l['msg'] === 'request failed') ?? [];
  await server?.stop();
  await dist?.remove();
  const lines = [
    `# Fuzzing (npm run fuzz)`,
    '',
    `${report.total} requests, seed ${seed}, concurrency ${concurrency}, QUERY_TIMEOUT_MS ${queryTimeoutMs}: ${(report.ms / 1000).toFixed(1)} s, `
      + `${Math.round(report.total / (report.ms / 1000))} req/s; latency p50 ${report.p50.toFixed(1)} ms, p99 ${report.p99.toFixed(0)} ms, max ${report.max.toFixed(0)} ms; `
      + `server RSS ${(rssBefore / 2 ** 20).toFixed(0)} MiB before, peak ${(peak / 2 ** 20).toFixed(0)} MiB.`,
    '',
    `Statuses: ${Object.entries(report.byStatus).map(([k, v]) => `${k}: ${v}`).join(', ')}.`,
    `Problems: ${report.problems.length}; server errors logged: ${crashed.length}; health afterwards: ${health.length === 0 ? 'ok' : health.join('; ')}.`,
    '',
    table(report),
    '',
  ];
  for (const l of crashed.slice(0, 10)) {
    const err = l['err'] as { type?: string; message?: string } | undefined;
    lines.push(`- server log: ${err?.type ?? ''}: ${(err?.message ?? '').slice(0, 300)}`);
  }
  for (const p of report.problems.slice(0, 30)) {
    const c = fuzzCase(seed, p.id, seeds);
    lines.push(`- case ${p.id} (${p.mutation}, ${p.transport}): ${p.problem} — ${JSON.stringify(p.excerpt.slice(0, 160))} — request ${JSON.stringify(c.path.slice(0, 160))}`);
  }
  const text = lines.join('\n');
  mkdirSync(join(out, '..'), { recursive: true });
  writeFileSync(out, `${text}\n`);
  process.stdout.write(`${text}\n`);
  return report.problems.length === 0 && health.length === 0 && crashed.length === 0 ? 0 : 1;
}

main().then((code) => process.exit(code), (e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
