// Resource abuse (`npm run bench:abuse`): the real server (a child process over the built dataset,
// default settings) first serves cheap queries from well-behaved clients alone, then again while
// abusive clients (another address, 127.0.0.2) keep it busy with runaway queries — cartesian
// products, deep property paths, huge CONSTRUCTs, millions of rows, sorted or grouped — several at
// once. Reports the cheap clients' p50/p99 in both phases and their ratio, what happened to the
// abusive queries, and the server's peak RSS. Exit 1 when the p99 under abuse is over 3× normal,
// a cheap query failed, or the server did not recover.
//
//   npx tsx bench/abuse.ts [--seconds N] [--abusers N] [--cheap N] [--rate PER_SECOND_PER_CLIENT] [--only NAME] [--out FILE]
import { mkdirSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { SETTINGS } from '../src/config.ts';
import { ABUSE, CHEAP } from '../tests/helpers/abuseQueries.ts';
import { send } from '../tests/helpers/fuzzRunner.ts';
import { buildTempDist, REPO, spawnServer, waitReady } from '../tests/helpers/serverProcess.ts';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
}
const seconds = arg('--seconds', 20);
const abusers = arg('--abusers', 8);
const cheapClients = arg('--cheap', 4);
const rate = arg('--rate', 20);
const onlyIndex = process.argv.indexOf('--only');
/** `--only NAME`: just the abusive queries whose name contains NAME (to see which one costs what). */
const only = onlyIndex === -1 ? undefined : process.argv[onlyIndex + 1];
const abusive = ABUSE.filter((a) => only === undefined || a.name.includes(only));
const outIndex = process.argv.indexOf('--out');
const out = outIndex === -1 ? join(REPO, 'bench', 'results', 'abuse.md') : process.argv[outIndex + 1] ?? '';

const percentile = (xs: readonly number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))] ?? 0;
};

interface Phase { readonly latencies: number[]; readonly failures: string[] }

/**
 * `clients` clients from 127.0.0.1, each sending a cheap query every 1000/rate ms (an offered load
 * that does not fall when the server slows, so a slow answer is not hidden by fewer requests) until `until`.
 */
async function cheapLoad(url: string, clients: number, until: number): Promise<Phase> {
  const phase: Phase = { latencies: [], failures: [] };
  const agent = new Agent({ keepAlive: true, maxSockets: clients, localAddress: '127.0.0.1' });
  const everyMs = 1000 / rate;
  await Promise.all(Array.from({ length: clients }, async (_, c) => {
    await new Promise((r) => setTimeout(r, (everyMs / clients) * c));
    for (let i = 0, next = Date.now(); Date.now() < until; i++) {
      next += everyMs;
      // A different text each time (a trailing comment), so neither the parse cache nor an ETag helps.
      const path = `/sparql?query=${encodeURIComponent(`${CHEAP} # ${c}-${i}`)}`;
      const r = await send(url, { method: 'GET', path, headers: { Accept: 'application/sparql-results+json' }, body: undefined }, 30_000, agent);
      if (r.status === 200) phase.latencies.push(r.ms);
      else phase.failures.push(`${r.status} ${r.error ?? r.body.slice(0, 100)}`);
      await new Promise((res) => setTimeout(res, Math.max(0, next - Date.now())));
    }
  }));
  agent.destroy();
  return phase;
}

/** The server's setting as this run passes it through the environment (or its default). */
const setting = (env: string) => process.env[env] || String(SETTINGS.find((x) => x.env === env)?.default ?? '?');
const load = () => loadavg().map((x) => x.toFixed(2)).join(', ');

async function main(): Promise<number> {
  const loadBefore = load();
  const dist = await buildTempDist();
  const server = await spawnServer({ args: ['serve', '--dist', dist.dir], env: { LOG_LEVEL: 'error' } });
  const ready = await waitReady(server.url);
  const pool = ready['pool'] as { size: number };
  process.stderr.write(`server ${server.url}, pool ${pool.size}, ${availableParallelism()} CPUs; ${seconds} s per phase, ${cheapClients} cheap clients, ${abusers} abusive\n`);
  // Warm-up, then the baseline.
  await cheapLoad(server.url, cheapClients, Date.now() + 3_000);
  const rssBefore = server.rss();
  const normal = await cheapLoad(server.url, cheapClients, Date.now() + seconds * 1000);
  process.stderr.write(`normal: ${normal.latencies.length} answers, p99 ${percentile(normal.latencies, 0.99).toFixed(1)} ms\n`);

  let peak = server.rss();
  const sampler = setInterval(() => { peak = Math.max(peak, server.rss()); }, 50);
  const outcomes = new Map<string, Map<string, number>>();
  const stopAbuse = Date.now() + (seconds + 2) * 1000;
  const abuseAgent = new Agent({ keepAlive: true, maxSockets: abusers, localAddress: '127.0.0.2' });
  const abuse = Promise.all(Array.from({ length: abusers }, async (_, a) => {
    for (let i = a; Date.now() < stopAbuse; i++) {
      const q = abusive[i % abusive.length];
      if (!q) return;
      const r = await send(server.url, { method: 'POST', path: '/sparql', headers: { 'Content-Type': 'application/sparql-query', Accept: q.accept }, body: Buffer.from(q.query) }, 60_000, abuseAgent);
      const kind = `${r.status}${r.status === 503 ? (/time limit/.test(r.body) ? ' time limit' : ' busy') : ''}`;
      const row = outcomes.get(q.name) ?? new Map<string, number>();
      row.set(kind, (row.get(kind) ?? 0) + 1);
      outcomes.set(q.name, row);
      // Heavy but not a flood: a refused client waits as Retry-After asks (a request flood is for a proxy's rate limit, see THREAT_MODEL.md).
      if (r.status === 429 || (r.status === 503 && !/time limit/.test(r.body))) await new Promise((res) => setTimeout(res, 1_000));
    }
  }));
  await new Promise((r) => setTimeout(r, 1_000));
  const underAbuse = await cheapLoad(server.url, cheapClients, Date.now() + seconds * 1000);
  await abuse;
  abuseAgent.destroy();
  clearInterval(sampler);
  process.stderr.write(`under abuse: ${underAbuse.latencies.length} answers, p99 ${percentile(underAbuse.latencies, 0.99).toFixed(1)} ms\n`);
  let recovered = true;
  try {
    await waitReady(server.url, 60_000);
  } catch {
    recovered = false;
  }
  const rssAfter = server.rss();
  const loadAfter = load();
  const alive = server.alive();
  await server.stop();
  await dist.remove();

  const p = (xs: number[], q: number) => percentile(xs, q).toFixed(1);
  const ratio = percentile(underAbuse.latencies, 0.99) / Math.max(0.001, percentile(normal.latencies, 0.99));
  const mib = (b: number) => (b / 2 ** 20).toFixed(0);
  const lines = [
    '# Resource abuse (npm run bench:abuse)',
    '',
    `Server settings: pool ${pool.size} on ${availableParallelism()} CPUs, QUERY_TIMEOUT_MS ${setting('QUERY_TIMEOUT_MS')}, CLIENT_QUERY_LIMIT ${Math.max(1, pool.size - 1)}, DEMOTE_AFTER_MS ${setting('DEMOTE_AFTER_MS')}; ${cheapClients} cheap clients from 127.0.0.1, each sending ${rate} queries/s; ${abusers} abusive connections from 127.0.0.2 sending the queries below back to back; ${seconds} s per phase. Load average ${loadBefore} at the start, ${loadAfter} at the end.`,
    '',
    '| cheap queries | answers | failures | p50 ms | p99 ms |',
    '|---|---:|---:|---:|---:|',
    `| alone | ${normal.latencies.length} | ${normal.failures.length} | ${p(normal.latencies, 0.5)} | ${p(normal.latencies, 0.99)} |`,
    `| during abuse | ${underAbuse.latencies.length} | ${underAbuse.failures.length} | ${p(underAbuse.latencies, 0.5)} | ${p(underAbuse.latencies, 0.99)} |`,
    '',
    `p99 under abuse / alone: ${ratio.toFixed(2)}× (target ≤ 3×). RSS ${mib(rssBefore)} MiB before, peak ${mib(peak)} MiB, ${mib(rssAfter)} MiB after; recovered: ${recovered && alive ? 'yes' : 'NO'}.`,
    '',
    '| abusive query | outcomes |',
    '|---|---|',
    ...[...outcomes].map(([name, row]) => `| ${name} | ${[...row].map(([k, n]) => `${k}: ${n}`).join(', ')} |`),
    '',
    ...normal.failures.slice(0, 10).map((f) => `- cheap query failed (alone): ${f}`),
    ...underAbuse.failures.slice(0, 10).map((f) => `- cheap query failed (during abuse): ${f}`),
  ];
  const text = lines.join('\n');
  mkdirSync(join(out, '..'), { recursive: true });
  writeFileSync(out, `${text}\n`);
  process.stdout.write(`${text}\n`);
  return ratio <= 3 && underAbuse.failures.length === 0 && normal.failures.length === 0 && recovered && alive ? 0 : 1;
}

main().then((code) => process.exit(code), (e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
