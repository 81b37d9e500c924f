// SPARQL benchmark (`npm run bench:sparql`): the competency-question mix (tests/queries/*.rq, or a
// small built-in mix when those are absent) over HTTP at concurrency 1 and 32 with autocannon, side
// by side in one run with
//   (a) the same queries in process on oxigraph (the engine floor),
//   (b) a minimal node:http server calling oxigraph in process (the HTTP floor, bench/sparqlFloor.ts),
//   (c) Comunica's SPARQL HTTP endpoint over the same N-Quads dump (union default graph, as ours).
// Our server runs twice: with its default settings (the result cache on) and with RESULT_CACHE_BYTES=0.
// Every server runs in a child process of its own; one is measured at a time. Latencies are taken per response
// (autocannon's own histogram has 1 ms resolution); each figure is the median over the runs.
//
//   npx tsx bench/sparql.ts [--seconds N] [--runs N] [--dist DIR] [--out FILE] [--no-comunica]
//                           [--variant 'NAME:ENV=VALUE,ENV=VALUE']… [--variants-only]
// --variant adds a row: our server with those environment settings, measured side by side with the
// others (for A/B comparisons of a setting); --variants-only leaves out our three standard rows.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import autocannon from 'autocannon';
import type { Manifest } from '../src/build/manifest.ts';
import { parseQuery, type QueryKind } from '../src/graph/parseQuery.ts';

const REPO = new URL('../', import.meta.url).pathname;
const QUESTIONS = join(REPO, 'tests', 'queries');

interface Variant { readonly name: string; readonly env: Readonly<Record<string, string>> }
interface Options { seconds: number; runs: number; dist: string | undefined; out: string; comunica: boolean; variants: Variant[]; variantsOnly: boolean }

function parseVariant(text: string): Variant {
  const [name, settings] = text.split(':', 2);
  if (!name || settings === undefined) throw new Error(`--variant wants NAME:ENV=VALUE,…, got "${text}"`);
  const env: Record<string, string> = {};
  for (const pair of settings.split(',').filter((x) => x !== '')) {
    const [k, v] = pair.split('=', 2);
    if (!k || v === undefined) throw new Error(`--variant ${name}: "${pair}" is not ENV=VALUE`);
    env[k] = v;
  }
  return { name, env };
}

function options(argv: readonly string[]): Options {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i === -1 ? undefined : argv[i + 1];
  };
  return {
    seconds: Number(value('--seconds') ?? 5),
    runs: Number(value('--runs') ?? 3),
    dist: value('--dist'),
    out: value('--out') ?? join(REPO, 'bench', 'results', 'sparql.md'),
    comunica: !argv.includes('--no-comunica'),
    variants: argv.flatMap((a, i) => (a === '--variant' && argv[i + 1] !== undefined ? [parseVariant(argv[i + 1] ?? '')] : [])),
    variantsOnly: argv.includes('--variants-only'),
  };
}

interface Query { readonly id: string; readonly text: string; readonly kind: QueryKind; readonly accept: string }

const ACCEPT: Record<QueryKind, string> = {
  SELECT: 'application/sparql-results+json', ASK: 'application/sparql-results+json',
  CONSTRUCT: 'application/n-triples', DESCRIBE: 'application/n-triples',
};

const FALLBACK: ReadonlyArray<[string, string]> = [
  ['count', 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'],
  ['types', 'SELECT ?type (COUNT(?s) AS ?n) WHERE { ?s a ?type } GROUP BY ?type ORDER BY DESC(?n)'],
  ['labels', 'PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?s ?l WHERE { ?s rdfs:label ?l } LIMIT 50'],
  ['ask', 'ASK { ?s ?p ?o }'],
  ['construct', 'CONSTRUCT WHERE { ?s a ?t } LIMIT 50'],
];

function loadMix(base: string): Query[] {
  const files = existsSync(QUESTIONS) ? readdirSync(QUESTIONS).filter((f) => f.endsWith('.rq')).sort() : [];
  const texts: Array<[string, string]> = files.length > 0
    ? files.map((f) => [f.replace(/\.rq$/, ''), readFileSync(join(QUESTIONS, f), 'utf8')])
    : [...FALLBACK];
  return texts.map(([id, text]) => {
    const kind = parseQuery(text, base).kind;
    return { id, text, kind, accept: ACCEPT[kind] };
  });
}

interface Figures { p50: number; p99: number; rps: number; non2xx: number; errors: number }

function percentile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] ?? NaN : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

function medianFigures(runs: readonly Figures[]): Figures {
  return {
    p50: median(runs.map((r) => r.p50)), p99: median(runs.map((r) => r.p99)), rps: median(runs.map((r) => r.rps)),
    non2xx: runs.reduce((n, r) => n + r.non2xx, 0), errors: runs.reduce((n, r) => n + r.errors, 0),
  };
}

/** (a) The engine floor: the mix back to back on oxigraph, in a child process (bench/sparqlEngine.ts). */
function inProcess(dump: string, base: string, mix: readonly Query[], seconds: number): Figures {
  const mixFile = join(mkdtempSync(join(tmpdir(), 'bench-mix-')), 'mix.json');
  writeFileSync(mixFile, JSON.stringify(mix.map((q) => ({ text: q.text, accept: q.accept }))));
  const out = execFileSync(process.execPath, ['--import', 'tsx', 'bench/sparqlEngine.ts', dump, base, mixFile, String(seconds)], { cwd: REPO, encoding: 'utf8' });
  return JSON.parse(out) as Figures;
}

function load(url: string, mix: readonly Query[], connections: number, seconds: number): Promise<Figures> {
  const requests = mix.map((q) => ({ method: 'GET', path: `/sparql?query=${encodeURIComponent(q.text)}`, headers: { Accept: q.accept } }));
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    const instance = autocannon({ url, connections, duration: seconds, requests, timeout: 60 }, (error, result) => {
      if (error) {
        reject(error);
        return;
      }
      latencies.sort((a, b) => a - b);
      resolve({
        p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), rps: result.requests.total / result.duration,
        non2xx: result.non2xx, errors: result.errors + result.timeouts,
      });
    });
    instance.on('response', (_client, status, _bytes, ms) => {
      if (status >= 200 && status < 300) latencies.push(ms);
    });
  });
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

interface Target { readonly name: string; start(): Promise<{ url: string; child: ChildProcess }> }

/** Spawns a server and resolves with its URL once `ready` (a line of its stdout, or a probe) says it answers. */
function spawnServer(command: string, args: string[], urlFromLine: (line: string) => string | undefined, env: Record<string, string> = {}): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(command, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  return new Promise((resolve, reject) => {
    let buffered = '';
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString();
      for (const line of buffered.split('\n')) {
        const url = urlFromLine(line);
        if (url) {
          child.stdout?.off('data', onData);
          child.stdout?.resume();
          resolve({ url, child });
          return;
        }
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${command} ${args.join(' ')} exited with ${code}`)));
  });
}

async function waitUntilAnswering(url: string, child: ChildProcess): Promise<{ url: string; child: ChildProcess }> {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${url}/sparql?query=${encodeURIComponent('ASK {}')}`, { headers: { Accept: 'application/sparql-results+json' } })).ok) return { url, child };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} never answered`);
}

const OURS_CACHED = 'asean-kg server (npm start): default, result cache on';
const OURS_UNCACHED = 'asean-kg server: RESULT_CACHE_BYTES=0 (cache off)';

function targets(dist: string, dump: string, base: string, withComunica: boolean, variants: readonly Variant[], variantsOnly: boolean): Target[] {
  const node = process.execPath;
  const pool = String(Math.max(2, availableParallelism()));
  const list: Target[] = [
    { name: '(b) HTTP floor: node:http + oxigraph', start: () => spawnServer(node, ['--import', 'tsx', 'bench/sparqlFloor.ts', dump, base], (l) => /^listening (\d+)/.exec(l)?.[1] && `http://127.0.0.1:${/^listening (\d+)/.exec(l)?.[1]}`) },
    // Ours twice: as configured by default (the result cache on: after the first round every query of
    // the mix is answered from memory), and with the cache off (every query runs in a worker).
    { name: OURS_CACHED, start: () => spawnServer(node, ['--import', 'tsx', 'src/cli.ts', 'serve', '--dist', dist, '--port', '0', '--pool-size', pool], (l) => / at (http:\/\/[^ ]+)\/ /.exec(l)?.[1]) },
    { name: OURS_UNCACHED, start: () => spawnServer(node, ['--import', 'tsx', 'src/cli.ts', 'serve', '--dist', dist, '--port', '0', '--pool-size', pool], (l) => / at (http:\/\/[^ ]+)\/ /.exec(l)?.[1], { RESULT_CACHE_BYTES: '0' }) },
    // The load comes from one address, which CLIENT_QUERY_LIMIT (default POOL_SIZE − 1) holds to fewer
    // workers than the pool has: this row lets it use them all, as many clients together would.
    { name: `${OURS_UNCACHED}, CLIENT_QUERY_LIMIT=${pool}`, start: () => spawnServer(node, ['--import', 'tsx', 'src/cli.ts', 'serve', '--dist', dist, '--port', '0', '--pool-size', pool], (l) => / at (http:\/\/[^ ]+)\/ /.exec(l)?.[1], { RESULT_CACHE_BYTES: '0', CLIENT_QUERY_LIMIT: pool }) },
  ].filter((t) => !variantsOnly || t.name.startsWith('(b)'));
  for (const v of variants) {
    list.push({ name: `asean-kg server: ${v.name} (${Object.entries(v.env).map(([k, x]) => `${k}=${x}`).join(', ')})`, start: () => spawnServer(node, ['--import', 'tsx', 'src/cli.ts', 'serve', '--dist', dist, '--port', '0', '--pool-size', pool], (l) => / at (http:\/\/[^ ]+)\/ /.exec(l)?.[1], v.env) });
  }
  if (withComunica) {
    list.push({
      name: '(c) Comunica SPARQL endpoint',
      start: async () => {
        const port = await freePort();
        const bin = join(REPO, 'node_modules', '.bin', 'comunica-sparql-file-http');
        const child = spawn(bin, [dump, '-p', String(port), '--unionDefaultGraph', '-w', pool, '-b', base, '-t', '60'], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] });
        return waitUntilAnswering(`http://127.0.0.1:${port}`, child);
      },
    });
  }
  return list;
}

/** Checks that a server answers every query of the mix with 2xx; returns the ids it does not. */
async function failing(url: string, mix: readonly Query[]): Promise<string[]> {
  const bad: string[] = [];
  for (const q of mix) {
    const r = await fetch(`${url}/sparql?query=${encodeURIComponent(q.text)}`, { headers: { Accept: q.accept } });
    await r.arrayBuffer();
    if (!r.ok) bad.push(`${q.id} (${r.status})`);
  }
  return bad;
}

async function distFor(opts: Options): Promise<string> {
  if (opts.dist) return opts.dist;
  const { build } = await import('../src/build/build.ts');
  const outDir = join(mkdtempSync(join(tmpdir(), 'bench-sparql-')), 'dist');
  const result = await build({ dataDir: join(REPO, 'data'), ontologyDir: join(REPO, 'ontology'), outDir });
  if (result.errors.length > 0) throw new Error(`the build failed:\n${result.errors.join('\n')}`);
  return outDir;
}

const fmt = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : '—');

async function main(): Promise<void> {
  const opts = options(process.argv.slice(2));
  const loadAtStart = loadavg().map((x) => x.toFixed(2)).join(', ');
  const dist = await distFor(opts);
  const manifest = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8')) as Manifest;
  const dump = join(dist, manifest.dumps.find((d) => d.format === 'nquads')?.name ?? 'asean-kg.nq');
  const mix = loadMix(manifest.base);
  process.stderr.write(`mix: ${mix.length} queries (${existsSync(QUESTIONS) ? 'tests/queries' : 'built-in'}), ${manifest.triples} triples; ${opts.runs} runs × ${opts.seconds} s per cell\n`);

  const rows: Array<{ name: string; c1: Figures; c32: Figures | undefined; note: string }> = [];
  const engine = medianFigures(Array.from({ length: opts.runs }, () => inProcess(dump, manifest.base, mix, opts.seconds)));
  rows.push({ name: '(a) in process: oxigraph', c1: engine, c32: undefined, note: 'one thread, back to back' });

  // The HTTP floor and our two configurations are up together and measured in turn within each run,
  // so that a change in the machine's load falls on all three alike; Comunica (much slower) after them.
  const all = targets(dist, dump, manifest.base, opts.comunica, opts.variants, opts.variantsOnly);
  for (const group of [all.filter((t) => !t.name.startsWith('(c)')), all.filter((t) => t.name.startsWith('(c)'))]) {
    if (group.length === 0) continue;
    const started: Array<{ target: Target; url: string; child: ChildProcess; bad: string[]; c1: Figures[]; c32: Figures[] }> = [];
    try {
      for (const target of group) {
        process.stderr.write(`${target.name}: starting\n`);
        const { url, child } = await target.start();
        started.push({ target, url, child, bad: [], c1: [], c32: [] });
      }
      for (const s of started) {
        s.bad = await failing(s.url, mix);
        await load(s.url, mix, 1, Math.min(2, opts.seconds));
      }
      for (let i = 0; i < opts.runs; i++) {
        for (const s of started) s.c1.push(await load(s.url, mix, 1, opts.seconds));
        for (const s of started) s.c32.push(await load(s.url, mix, 32, opts.seconds));
        process.stderr.write(`run ${i + 1} of ${opts.runs} done\n`);
      }
      for (const s of started) rows.push({ name: s.target.name, c1: medianFigures(s.c1), c32: medianFigures(s.c32), note: s.bad.length > 0 ? `non-2xx for ${s.bad.join(', ')}` : '' });
    } finally {
      for (const s of started) {
        s.child.kill('SIGTERM');
        await new Promise((r) => s.child.once('exit', r));
      }
    }
  }

  const floor = rows.find((r) => r.name.startsWith('(b)'));
  const comunica = rows.find((r) => r.name.startsWith('(c)'));
  const table = [
    '| | c=1 p50 ms | c=1 p99 ms | c=1 req/s | c=32 p50 ms | c=32 p99 ms | c=32 req/s | notes |',
    '|---|---:|---:|---:|---:|---:|---:|---|',
    ...rows.map((r) => `| ${r.name} | ${fmt(r.c1.p50, 3)} | ${fmt(r.c1.p99, 3)} | ${fmt(r.c1.rps, 0)} | ${r.c32 ? fmt(r.c32.p50) : '—'} | ${r.c32 ? fmt(r.c32.p99) : '—'} | ${r.c32 ? fmt(r.c32.rps, 0) : '—'} | ${[r.note, r.c1.non2xx + (r.c32?.non2xx ?? 0) > 0 ? `${r.c1.non2xx + (r.c32?.non2xx ?? 0)} non-2xx` : '', r.c1.errors + (r.c32?.errors ?? 0) > 0 ? `${r.c1.errors + (r.c32?.errors ?? 0)} errors` : ''].filter((x) => x !== '').join('; ')} |`),
  ];
  const ratios: string[] = [];
  const mine: Array<[string, (typeof rows)[number] | undefined]> = [
    ['cache on (default)', rows.find((r) => r.name === OURS_CACHED)],
    ['cache off', rows.find((r) => r.name === OURS_UNCACHED)],
    ['cache off, one client may use every worker', rows.find((r) => r.name.startsWith(`${OURS_UNCACHED}, `))],
  ];
  for (const [label, ours] of mine) {
    if (!ours) continue;
    if (floor) {
      const p50 = ours.c1.p50 / floor.c1.p50;
      const rps = (ours.c32?.rps ?? 0) / (floor.c32?.rps ?? 1);
      ratios.push(`- ${label}: p50 at c=1, ours / HTTP floor: **${fmt(p50)}×** (target ≤ 1.3×: ${p50 <= 1.3 ? 'met' : 'missed'})`);
      ratios.push(`- ${label}: req/s at c=32, ours / HTTP floor: **${fmt(rps)}×** (target ≥ 0.8×: ${rps >= 0.8 ? 'met' : 'missed'})`);
    }
    if (comunica) {
      const x = (ours.c32?.rps ?? 0) / (comunica.c32?.rps ?? 1);
      ratios.push(`- ${label}: req/s at c=32, ours / Comunica: **${fmt(x, 1)}×** (target ≥ 10×: ${x >= 10 ? 'met' : 'missed'})`);
    }
  }
  const loadAtEnd = loadavg().map((x) => x.toFixed(2)).join(', ');
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const report = [
    `Query mix: ${mix.length} competency questions over ${manifest.triples} triples; ${opts.runs} runs of ${opts.seconds} s per cell, medians.`,
    `Machine: ${availableParallelism()} × ${cpu}, Node ${process.versions.node}; load average at the start ${loadAtStart}, at the end ${loadAtEnd}. Command: \`npm run bench:sparql\`.`,
    '',
    ...table,
    '',
    ...ratios,
    '',
  ].join('\n');
  process.stdout.write(report);
  mkdirSync(dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, report);
  process.stderr.write(`written to ${opts.out}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
