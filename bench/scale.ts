// Scale benchmark (`npm run bench:scale`): the same synthetic meetings data at several sizes, served
// embedded (oxigraph in worker threads) and from Virtuoso (STORE=remote after `push`), in one run:
//   embedded  seconds from `serve` to serving; RSS of one worker (the growth while the spare loads);
//             peak RSS of the server process (workers are threads in it)
//   Virtuoso  `push` time; peak RSS of virtuoso-t; our remote-mode server's start and RSS
//   both      the competency-question mix (tests/queries/*.rq) at concurrency 1: p50 / p99 latency
// Writes bench/results/scale.md (table) and bench/results/scale.svg (plot).
//
//   npx tsx bench/scale.ts [--sizes 10k,100k,1m] [--stores embedded,virtuoso] [--seconds 20] [--seed 1]
//                          [--build-max 1m] [--cache .tmp/bench-scale] [--pool-size 2] [--out bench/results/scale.md] [--render-only]
// Results accumulate in bench/results/scale.json by size and store: a run replaces the cells it
// measures (so `--sizes 5m`, which takes about an hour here, can be run on its own), and the table
// and plot are written from all of them.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseQuery, type QueryKind } from '../src/graph/parseQuery.ts';
import { push } from '../src/remote/push.ts';
import { SparqlClient } from '../src/remote/SparqlClient.ts';
import { startVirtuoso } from '../tests/helpers/virtuoso.ts';
import { parseSize, REPO_DIR } from './generate.ts';
import { builtDataset, replicatedDataset, type Dataset } from './scaleData.ts';
import { scaleSvg } from './scalePlot.ts';
import { memoryOf, runMix, startServer, waitForSpare, type MixFigures, type MixQuery } from './scaleServers.ts';

interface Options {
  sizes: string[]; stores: string[]; seconds: number; seed: number; buildMax: number; cache: string; poolSize: number; out: string;
}

function options(argv: readonly string[]): Options {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i === -1 ? undefined : argv[i + 1];
  };
  return {
    sizes: (value('--sizes') ?? '10k,100k,1m').split(',').map((s) => s.trim()).filter(Boolean),
    stores: (value('--stores') ?? 'embedded,virtuoso').split(',').map((s) => s.trim()),
    seconds: Number(value('--seconds') ?? 20),
    seed: Number(value('--seed') ?? 1),
    buildMax: parseSize(value('--build-max') ?? '1m'),
    cache: resolve(value('--cache') ?? join(REPO_DIR, '.tmp', 'bench-scale')),
    poolSize: Number(value('--pool-size') ?? 2),
    out: resolve(value('--out') ?? join(REPO_DIR, 'bench', 'results', 'scale.md')),
  };
}

const ACCEPT: Record<QueryKind, string> = {
  SELECT: 'application/sparql-results+json', ASK: 'application/sparql-results+json', CONSTRUCT: 'application/n-triples', DESCRIBE: 'application/n-triples',
};

function loadMix(base: string): MixQuery[] {
  const dir = join(REPO_DIR, 'tests', 'queries');
  return readdirSync(dir).filter((f) => f.endsWith('.rq')).sort().map((f) => {
    const text = readFileSync(join(dir, f), 'utf8');
    return { id: f.replace(/\.rq$/, ''), text, accept: ACCEPT[parseQuery(text, base).kind] };
  });
}

interface DataSummary {
  readonly size: string;
  readonly origin: string;
  readonly triples: number;
  readonly graphs: number;
}

interface Row {
  readonly data: DataSummary;
  /** When and how each store's cells were measured. */
  readonly measured?: Readonly<Record<string, string>>;
  readonly embedded?: { readySeconds: number; workerRss: number; peakRss: number; mix: MixFigures } | { error: string } | undefined;
  readonly virtuoso?: { pushSeconds: number; virtuosoPeakRss: number; serverRss: number; mode: string; mix: MixFigures } | { error: string } | undefined;
}

const QUERY_TIMEOUT_MS = 30_000;
const log = (s: string) => process.stderr.write(`${s}\n`);

async function measureEmbedded(data: Dataset, o: Options, mix: readonly MixQuery[]): Promise<Row['embedded']> {
  const server = await startServer({ dist: data.dir, poolSize: o.poolSize, queryTimeoutMs: QUERY_TIMEOUT_MS });
  try {
    log(`  embedded: serving after ${server.readySeconds.toFixed(1)} s`);
    await waitForSpare(server.url, 600_000);
    const loaded = memoryOf(server.child.pid);
    const mixFigures = await runMix(server.url, mix, o.seconds);
    const end = memoryOf(server.child.pid);
    return { readySeconds: server.readySeconds, workerRss: loaded.rss - server.atReady.rss, peakRss: end.hwm, mix: mixFigures };
  } finally {
    await server.stop();
  }
}

async function measureVirtuoso(data: Dataset, o: Options, mix: readonly MixQuery[]): Promise<Row['virtuoso']> {
  const buffers = Math.min(250_000, Math.max(20_000, Math.round((data.manifest.triples * 200) / 8192)));
  const v = await startVirtuoso({ buffers, maxQueryMem: '2G', maxQueryExecutionTime: QUERY_TIMEOUT_MS / 1000 });
  try {
    const client = new SparqlClient({ queryUrl: v.queryUrl, updateUrl: v.updateUrl, gspUrl: v.gspUrl }, { user: v.user, password: v.password });
    const pushed = await push({ distDir: data.dir, client, batchTriples: 20_000, timeoutMs: 600_000, stderr: { isTTY: false, write: () => true } });
    if (!pushed.ok) return { error: `push failed: ${pushed.report.join(' ')}` };
    log(`  Virtuoso: pushed in ${pushed.seconds.toFixed(1)} s`);
    // Naming every graph in FROM costs Virtuoso ~0.5 ms per graph per query (measured): explicit only for few graphs.
    const mode = data.manifest.graphs.length <= 200 ? 'explicit' : 'server';
    const server = await startServer({
      dist: data.dir, poolSize: o.poolSize, queryTimeoutMs: QUERY_TIMEOUT_MS,
      env: { STORE: 'remote', REMOTE_QUERY_URL: v.queryUrl, REMOTE_DATASET: mode },
    });
    try {
      const mixFigures = await runMix(server.url, mix, o.seconds);
      return { pushSeconds: pushed.seconds, virtuosoPeakRss: memoryOf(v.pid()).hwm, serverRss: memoryOf(server.child.pid).hwm, mode, mix: mixFigures };
    } finally {
      await server.stop();
    }
  } finally {
    await v.stop();
  }
}

const mib = (b: number) => (Number.isFinite(b) ? Math.round(b / 2 ** 20).toLocaleString('en-US') : '—');
const ms = (x: number) => (Number.isFinite(x) ? (x < 10 ? x.toFixed(1) : Math.round(x).toLocaleString('en-US')) : '—');
const failures = (m: MixFigures) => Object.entries(m.failures).map(([s, n]) => `${n}×${s}`).join(', ') || '0';

function table(rows: readonly Row[]): string {
  const head = '| size | triples | graphs | embedded: ready (s) | RSS per worker (MiB) | peak RSS (MiB) | p50 (ms) | p99 (ms) | failed | Virtuoso: push (s) | Virtuoso peak RSS (MiB) | our server RSS (MiB) | dataset | p50 (ms) | p99 (ms) | failed |';
  const rule = '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|--:|--:|--:|';
  const lines = rows.map((r) => {
    const d = r.data;
    const e = r.embedded;
    const v = r.virtuoso;
    const eCells = !e ? ['—', '—', '—', '—', '—', '—'] : 'error' in e ? [`failed: ${e.error.slice(0, 80)}`, '', '', '', '', '']
      : [e.readySeconds.toFixed(1), mib(e.workerRss), mib(e.peakRss), ms(e.mix.p50), ms(e.mix.p99), failures(e.mix)];
    const vCells = !v ? ['—', '—', '—', '—', '—', '—', '—'] : 'error' in v ? [`failed: ${v.error.slice(0, 80)}`, '', '', '', '', '', '']
      : [v.pushSeconds.toFixed(1), mib(v.virtuosoPeakRss), mib(v.serverRss), v.mode, ms(v.mix.p50), ms(v.mix.p99), failures(v.mix)];
    return `| ${r.data.size} | ${d.triples.toLocaleString('en-US')} | ${d.graphs.toLocaleString('en-US')} | ${[...eCells, ...vCells].join(' | ')} |`;
  });
  return [head, rule, ...lines].join('\n');
}

function slowest(rows: readonly Row[]): string[] {
  const last = [...rows].reverse().find((r) => r.embedded && !('error' in r.embedded));
  if (!last || !last.embedded || 'error' in last.embedded) return [];
  const e = last.embedded.mix.perQuery;
  const v = last.virtuoso && !('error' in last.virtuoso) ? last.virtuoso.mix.perQuery : {};
  const ids = Object.keys(e).sort((a, b) => (e[b] ?? 0) - (e[a] ?? 0)).slice(0, 6);
  return [
    `Slowest questions at ${last.data.size} (median ms, embedded / Virtuoso): ${ids.map((id) => `${id.split('-')[0]} ${ms(e[id] ?? NaN)} / ${ms(v[id] ?? NaN)}`).join('; ')}.`,
  ];
}

function plot(rows: readonly Row[], caption: string): string {
  const ok = <T extends object>(x: T | { error: string } | undefined): T | undefined => (x && !('error' in x) ? x : undefined);
  const pts = (f: (r: Row) => number | undefined) => rows.map((r) => [r.data.triples, f(r) ?? NaN] as const);
  return scaleSvg([
    {
      title: 'Query latency, competency-question mix (c=1)', unit: 'ms', series: [
        { label: 'embedded p50', color: '#1f6fb4', points: pts((r) => ok(r.embedded)?.mix.p50) },
        { label: 'embedded p99', color: '#1f6fb4', dash: '6 4', points: pts((r) => ok(r.embedded)?.mix.p99) },
        { label: 'Virtuoso p50', color: '#d9731a', points: pts((r) => ok(r.virtuoso)?.mix.p50) },
        { label: 'Virtuoso p99', color: '#d9731a', dash: '6 4', points: pts((r) => ok(r.virtuoso)?.mix.p99) },
      ],
    },
    {
      title: 'Memory (peak RSS)', unit: 'MiB', series: [
        { label: 'embedded server, all workers', color: '#1f6fb4', points: pts((r) => (ok(r.embedded)?.peakRss ?? NaN) / 2 ** 20) },
        { label: 'embedded, one worker', color: '#1f6fb4', dash: '2 3', points: pts((r) => (ok(r.embedded)?.workerRss ?? NaN) / 2 ** 20) },
        { label: 'virtuoso-t', color: '#d9731a', points: pts((r) => (ok(r.virtuoso)?.virtuosoPeakRss ?? NaN) / 2 ** 20) },
        { label: 'our server, STORE=remote', color: '#d9731a', dash: '2 3', points: pts((r) => (ok(r.virtuoso)?.serverRss ?? NaN) / 2 ** 20) },
      ],
    },
  ], caption);
}

async function main(): Promise<void> {
  const o = options(process.argv.slice(2));
  const started = performance.now();
  await mkdir(o.cache, { recursive: true });
  const mix = loadMix('https://w3id.org/asean-kg/');
  const jsonFile = o.out.replace(/\.md$/, '.json');
  const rows: Row[] = existsSync(jsonFile) ? (JSON.parse(readFileSync(jsonFile, 'utf8')) as Row[]) : [];
  const built = new Map<number, Dataset>();
  // --render-only: the table and plot from scale.json, nothing measured.
  for (const size of process.argv.includes('--render-only') ? [] : o.sizes) {
    const target = parseSize(size);
    let data: Dataset;
    if (target <= o.buildMax) {
      data = await builtDataset(o.cache, size, target, o.seed, log);
      built.set(target, data);
    } else {
      const label = o.buildMax >= 1e6 ? `${o.buildMax / 1e6}m` : `${o.buildMax / 1e3}k`;
      const [baseSize, base] = [...built].sort(([a], [b]) => b - a)[0] ?? [o.buildMax, await builtDataset(o.cache, label, o.buildMax, o.seed, log)];
      data = await replicatedDataset(o.cache, size, base, Math.max(2, Math.round(target / baseSize)), log);
    }
    log(`${size}: ${data.manifest.triples.toLocaleString('en-US')} triples, ${data.manifest.graphs.length} graphs (${data.origin}); load ${loadavg()[0]?.toFixed(1)}`);
    const previous = rows.find((r) => r.data.size === size);
    const summary: DataSummary = { size, origin: data.origin.replace(/ \(cached\)$/, ''), triples: data.manifest.triples, graphs: data.manifest.graphs.length };
    const row: { data: DataSummary; measured: Record<string, string>; embedded?: Row['embedded']; virtuoso?: Row['virtuoso'] } = {
      ...previous, data: summary, measured: { ...previous?.measured },
    };
    const stamp = () => `${new Date().toISOString().slice(0, 16)}Z, load ${loadavg()[0]?.toFixed(1)}`;
    if (o.stores.includes('embedded')) {
      try {
        row.embedded = await measureEmbedded(data, o, mix);
      } catch (e) {
        row.embedded = { error: (e as Error).message.split('\n')[0] ?? 'failed' };
      }
      row.measured['embedded'] = stamp();
    }
    if (o.stores.includes('virtuoso') && existsSync('/usr/bin/virtuoso-t')) {
      try {
        row.virtuoso = await measureVirtuoso(data, o, mix);
      } catch (e) {
        row.virtuoso = { error: (e as Error).message.split('\n')[0] ?? 'failed' };
      }
      row.measured['virtuoso'] = stamp();
    }
    rows.splice(previous ? rows.indexOf(previous) : rows.length, previous ? 1 : 0, row);
    rows.sort((a, b) => a.data.triples - b.data.triples);
    await writeFile(jsonFile, JSON.stringify(rows, null, 1));
    log(table(rows.filter((r) => r.data.size === size)).split('\n').at(-1) ?? '');
  }
  const minutes = (performance.now() - started) / 60_000;
  const command = 'npm run bench:scale';
  const thisRun = `npm run bench:scale${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`;
  const machine = `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM`;
  const doc = [
    '# Scale benchmark',
    '',
    `Command: \`${command}\` (sizes 10k, 100k, 1m by default; \`-- --sizes 5m\` adds a row, about an hour here), seed ${o.seed}, ${o.seconds} s of queries per cell, pool size ${o.poolSize}. ${machine}. The machine is shared with other work (load average 5–12 during these runs), so absolute times are noisy; when each cell was measured is listed under the table.${process.argv.includes('--render-only') ? '' : ` The last run, \`${thisRun}\`, took ${minutes.toFixed(0)} min.`}`,
    '',
    `Data: \`bench/generate.ts\` built with the real build up to ${(o.buildMax / 1e6).toLocaleString('en-US')}M triples; larger sizes are renamed copies of the largest built one (see bench/scaleData.ts). ` +
      'Embedded: `serve` as a user starts it; "ready" is from spawning it to its "Serving" line (the pool loaded, the spare loading after); RSS per worker is what the process grows while the spare worker loads; peak RSS is the server process\'s VmHWM (workers are threads in it). ' +
      'Virtuoso 7.2.5: a private instance (tests/helpers/virtuoso.ts, buffers sized to the data); "push" is `push` end to end (GSP batches of 20,000 triples, staging + MOVE for large graphs, the final count check); our server runs with STORE=remote, REMOTE_DATASET as shown (explicit names every graph in FROM, affordable only for few graphs). ' +
      `Latency: the ${mix.length} competency questions (tests/queries) one after another over HTTP, a warm-up round, then whole rounds for ${o.seconds} s; QUERY_TIMEOUT_MS ${QUERY_TIMEOUT_MS}; "failed" counts non-2xx answers by status.`,
    '',
    table(rows),
    '',
    ...slowest(rows),
    '',
    'Measured: ' + rows.map((r) => `${r.data.size}: ${Object.entries(r.measured ?? {}).map(([k, v]) => `${k} ${v}`).join(', ')}`).join('; ') + '.',
    '',
    '![latency and memory against size](scale.svg)',
    '',
  ].join('\n');
  await mkdir(resolve(o.out, '..'), { recursive: true });
  await writeFile(o.out, doc);
  await writeFile(o.out.replace(/\.md$/, '.svg'), plot(rows, `${command} · ${machine}`));
  process.stdout.write(`${table(rows)}\n\nwrote ${o.out} and ${o.out.replace(/\.md$/, '.svg')}\n`);
}

await main();
