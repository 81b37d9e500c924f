// Build benchmark (`npm run bench:build`): the full build (read, check, entail, SHACL, six dumps
// with gzip copies, atomic swap) on synthetic data of about 10k, 100k and 1M triples, next to the
// floor measured in the same run: n3 parsing the built N-Quads dump and writing the same triples as
// Turtle with prefixes, with no checks. Every measurement runs in a child process of its own, so
// that its peak RSS is its own; times are medians over the runs.
//
//   npx tsx bench/build.ts [--sizes 10k,100k,1m] [--runs N] [--seed N] [--out bench/results/build.md]
//                          [--keep] [--cpu-prof DIR] [--heap-mb N] [--no-write]
// --heap-mb N runs the build with node --max-old-space-size=N (V8 otherwise lets the heap, and so
// the RSS, grow with garbage far past what the build keeps alive).
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateDataset, parseSize, REPO_DIR } from './generate.ts';

const SCRIPT = fileURLToPath(import.meta.url);
/**
 * The Node flags of `npm run build` (package.json: `tsx <flags> src/cli.ts build`): every child runs
 * with them, the build's and the floor's alike, so that the figures are those of `npm run build`.
 */
export async function buildNodeFlags(): Promise<string[]> {
  const pkg = JSON.parse(await readFile(join(REPO_DIR, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const words = (pkg.scripts.build ?? '').split(/\s+/);
  return words.slice(words.indexOf('tsx') + 1, words.indexOf('src/cli.ts')).filter((w) => w.startsWith('--'));
}
const DEFAULT_SIZES = ['10k', '100k', '1m'];
const DEFAULT_OUT = join(REPO_DIR, 'bench', 'results', 'build.md');

interface Measurement {
  /** Seconds spent in the measured work, inside the child (process start-up not included). */
  readonly seconds: number;
  /** Peak resident set size of the child process, in bytes. */
  readonly maxRss: number;
  /** CPU seconds (user + system) of the whole child process, start-up included. */
  readonly cpu: number;
  /** The build: distinct triples and quads it wrote; the floor: quads it read. */
  readonly triples?: number;
  readonly quads: number;
  /** The build: wall seconds per phase (see src/build/Phases.ts). */
  readonly phases?: Record<string, number>;
}

interface Row {
  readonly size: string;
  readonly triples: number;
  readonly records: number;
  readonly runs: number;
  readonly build: Measurement;
  /** The same steps without SHACL validation. */
  readonly noShacl: Measurement;
  readonly floor: Measurement;
}

// ---------------------------------------------------------------------------------------------
// Children: `--child build <data> <ontology> <out>` and `--child floor <nquads> <out>`

async function child(kind: string, args: readonly string[]): Promise<Measurement> {
  if (kind === 'build') {
    const [dataDir, ontologyDir, outDir] = args as [string, string, string];
    const { build } = await import('../src/build/build.ts');
    const started = performance.now();
    const result = await build({ dataDir, ontologyDir, outDir });
    const seconds = (performance.now() - started) / 1000;
    if (result.errors.length > 0) throw new Error(`the build failed:\n${result.errors.slice(0, 20).join('\n')}`);
    return { seconds, ...usage(), triples: result.manifest?.triples ?? 0, quads: result.manifest?.quads ?? 0, phases: result.phases };
  }
  if (kind === 'build-without-shacl') {
    // The build's own steps, all but SHACL validation: to judge the build apart from the validator
    // (which another engine may replace). Only the benchmark composes the steps this way.
    const [dataDir, ontologyDir, outDir] = args as [string, string, string];
    const { checkGraph } = await import('../src/build/buildGraph.ts');
    const { renderDist, writeDist } = await import('../src/build/writeDist.ts');
    const { Phases } = await import('../src/build/Phases.ts');
    const phases = new Phases();
    const started = performance.now();
    const graph = await checkGraph({ dataDir, ontologyDir }, phases);
    const { files, manifest } = await renderDist(graph, phases);
    await phases.time('swap', () => writeDist(outDir, files));
    const seconds = (performance.now() - started) / 1000;
    return { seconds, ...usage(), triples: manifest.triples, quads: manifest.quads, phases: phases.seconds() };
  }
  if (kind === 'floor') {
    const [nquads, out] = args as [string, string];
    const { Parser, Writer } = await import('n3');
    const { PREFIXES } = await import('../src/vocab.ts');
    const started = performance.now();
    const quads = new Parser({ format: 'N-Quads' }).parse(await readFile(nquads, 'utf8'));
    const writer = new Writer({ format: 'Turtle', prefixes: { ...PREFIXES } });
    for (const q of quads) writer.addQuad(q.subject, q.predicate, q.object);
    const text = await new Promise<string>((done, fail) => writer.end((e, r: string) => (e ? fail(e) : done(r))));
    await writeFile(out, text);
    const seconds = (performance.now() - started) / 1000;
    return { seconds, ...usage(), quads: quads.length };
  }
  throw new Error(`unknown child ${kind}`);
}

function usage(): { maxRss: number; cpu: number } {
  const u = process.resourceUsage();
  return { maxRss: u.maxRSS * 1024, cpu: (u.userCPUTime + u.systemCPUTime) / 1e6 };
}

function runChild(kind: string, args: readonly string[], nodeFlags: readonly string[]): Measurement {
  const r = spawnSync(process.execPath, [...nodeFlags, '--import', 'tsx', SCRIPT, '--child', kind, ...args], {
    cwd: REPO_DIR, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`${kind} child failed (exit ${r.status}${r.signal ? `, ${r.signal}` : ''}):\n${r.stderr}`);
  const last = r.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as Measurement;
}

// ---------------------------------------------------------------------------------------------

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

function medianOf(ms: readonly Measurement[]): Measurement {
  const names = [...new Set(ms.flatMap((m) => Object.keys(m.phases ?? {})))];
  const phases = Object.fromEntries(names.map((n) => [n, median(ms.map((m) => m.phases?.[n] ?? 0))]));
  return {
    ...(names.length > 0 ? { phases } : {}),
    seconds: median(ms.map((m) => m.seconds)),
    maxRss: median(ms.map((m) => m.maxRss)),
    cpu: median(ms.map((m) => m.cpu)),
    quads: ms[0]?.quads ?? 0,
    ...(ms[0]?.triples !== undefined ? { triples: ms[0].triples } : {}),
  };
}

const fmt = {
  int: (n: number) => n.toLocaleString('en-US'),
  s: (n: number) => n.toFixed(n < 10 ? 2 : 1),
  rate: (n: number) => `${Math.round(n / 1000).toLocaleString('en-US')}k`,
  mb: (b: number) => Math.round(b / (1024 * 1024)).toLocaleString('en-US'),
};

export function table(rows: readonly Row[]): string {
  const head = '| size | triples | runs | build wall (s) | build CPU (s) | build triples/s | build peak RSS (MiB) | floor wall (s) | floor triples/s | floor peak RSS (MiB) | build / floor |';
  const rule = '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|';
  const lines = rows.map((r) => `| ${r.size} | ${fmt.int(r.triples)} | ${r.runs} | ${fmt.s(r.build.seconds)} | ${fmt.s(r.build.cpu)} | ${fmt.rate(r.triples / r.build.seconds)} | ${fmt.mb(r.build.maxRss)} | ${fmt.s(r.floor.seconds)} | ${fmt.rate(r.triples / r.floor.seconds)} | ${fmt.mb(r.floor.maxRss)} | ${(r.build.seconds / r.floor.seconds).toFixed(2)}× |`);
  return [head, rule, ...lines].join('\n');
}

/** Where the build's time goes: wall seconds per phase (medians), beside the total and the floor. */
const PHASES: readonly [string, string][] = [
  ['read', 'read records'], ['convert', 'to quads'], ['check', 'term check'], ['entail', 'entail'],
  ['validate', 'SHACL'], ['sort', 'sort'], ['dumps', 'six dumps'], ['gzip', 'gzip (worker)'], ['gzip wait', 'gzip wait'],
  ['void', 'VoID + manifest'], ['swap', 'swap'],
];

export function phaseTable(rows: readonly Row[]): string {
  const head = `| size | build | ${PHASES.map(([, label]) => label).join(' | ')} | total wall | CPU | peak RSS (MiB) | floor wall | total / floor |`;
  const rule = `|---|---|${PHASES.map(() => '--:').join('|')}|--:|--:|--:|--:|--:|`;
  const line = (r: Row, label: string, m: Measurement) => {
    const p = m.phases ?? {};
    const cells = PHASES.map(([name]) => (p[name] === undefined ? '–' : fmt.s(p[name])));
    return `| ${r.size} | ${label} | ${cells.join(' | ')} | ${fmt.s(m.seconds)} | ${fmt.s(m.cpu)} | ${fmt.mb(m.maxRss)} | ${fmt.s(r.floor.seconds)} | ${(m.seconds / r.floor.seconds).toFixed(2)}× |`;
  };
  return [head, rule, ...rows.flatMap((r) => [line(r, 'full', r.build), line(r, 'without SHACL', r.noShacl)])].join('\n');
}

async function main(argv: readonly string[]): Promise<void> {
  const arg = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  if (argv[0] === '--child') {
    const m = await child(argv[1] ?? '', argv.slice(2));
    process.stdout.write(`${JSON.stringify(m)}\n`);
    return;
  }
  const sizes = (arg('sizes') ?? DEFAULT_SIZES.join(',')).split(',').map((s) => s.trim()).filter(Boolean);
  const runsArg = arg('runs');
  const seed = Number(arg('seed') ?? 1);
  const outFile = resolve(arg('out') ?? DEFAULT_OUT);
  const keep = argv.includes('--keep');
  const profileDir = arg('cpu-prof');
  const heapMb = arg('heap-mb');
  const npmFlags = await buildNodeFlags();
  const root = await mkdtemp(join(tmpdir(), 'asean-kg-bench-'));
  const rows: Row[] = [];
  const loads: number[] = [];
  try {
    for (const size of sizes) {
      const target = parseSize(size);
      const runs = runsArg ? Number(runsArg) : target >= 1_000_000 ? 1 : 3;
      const dataDir = join(root, `data-${size}`);
      const gen = await generateDataset({ dir: dataDir, triples: target, seed });
      console.error(`${size}: generated ${fmt.int(gen.records)} records in ${gen.files} files (~${fmt.int(gen.estimatedTriples)} triples)`);
      const builds: Measurement[] = [];
      const floors: Measurement[] = [];
      const noShacls: Measurement[] = [];
      for (let i = 0; i < runs; i++) {
        const outDir = join(root, `dist-${size}`);
        const flags = [
          ...npmFlags,
          ...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', resolve(profileDir)] : []),
          ...(heapMb ? [`--max-old-space-size=${Number(heapMb)}`] : []),
        ];
        const b = runChild('build', [dataDir, gen.ontologyDir, outDir], flags);
        const f = runChild('floor', [join(outDir, 'asean-kg.nq'), join(root, `floor-${size}.ttl`)], npmFlags);
        if (f.quads !== b.quads) throw new Error(`the floor read ${f.quads} quads, the build wrote ${b.quads}`);
        const n = runChild('build-without-shacl', [dataDir, gen.ontologyDir, join(root, `dist-noshacl-${size}`)], flags);
        if (n.quads !== b.quads) throw new Error(`the build without SHACL wrote ${n.quads} quads, the build ${b.quads}`);
        noShacls.push(n);
        loads.push(loadavg()[0] ?? 0);
        console.error(`  run ${i + 1}/${runs}: build ${fmt.s(b.seconds)} s (CPU ${fmt.s(b.cpu)} s), ${fmt.mb(b.maxRss)} MiB; floor ${fmt.s(f.seconds)} s, ${fmt.mb(f.maxRss)} MiB; load ${(loadavg()[0] ?? 0).toFixed(1)}`);
        console.error(`    phases (s): ${Object.entries(b.phases ?? {}).map(([k, v]) => `${k} ${fmt.s(v)}`).join(', ')}`);
        console.error(`    without SHACL: ${fmt.s(n.seconds)} s (CPU ${fmt.s(n.cpu)} s), ${fmt.mb(n.maxRss)} MiB; ${Object.entries(n.phases ?? {}).map(([k, v]) => `${k} ${fmt.s(v)}`).join(', ')}`);
        builds.push(b);
        floors.push(f);
      }
      const build = medianOf(builds);
      rows.push({ size: heapMb ? `${size} (heap ${heapMb} MB)` : size, triples: build.triples ?? 0, records: gen.records, runs, build, noShacl: medianOf(noShacls), floor: medianOf(floors) });
      if (!keep) await rm(dataDir, { recursive: true, force: true });
    }
  } finally {
    if (!keep) await rm(root, { recursive: true, force: true });
    else console.error(`kept ${root}`);
  }
  const text = table(rows);
  const phases = phaseTable(rows);
  console.log(text);
  console.log(phases);
  const command = `npm run bench:build${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}`;
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const doc = [
    '# Build benchmark',
    '',
    `Command: \`${command}\` (seed ${seed}). Node ${process.version}, ${cpus().length} × ${cpu}.`,
    '',
    'Synthetic data from `bench/generate.ts` (the record format of `data/`, built with the real `ontology/`).',
    'Build: `build()` from `src/build/build.ts` end to end (read and check records, term check, entailments,',
    'SHACL validation, six dumps with gzip copies, VoID, atomic swap of the output directory).',
    'Floor: n3 parsing the built N-Quads dump and writing the same triples as Turtle with prefixes, no checks.',
    'Each measurement is a child process of its own; wall time is inside the child, peak RSS is the child\'s',
    '(`process.resourceUsage().maxRSS`); figures are medians over the runs. Every child, the floor\'s too, runs',
    `with the Node flags of \`npm run build\` (${npmFlags.length > 0 ? npmFlags.map((f) => `\`${f}\``).join(' ') : 'none'}: a larger young generation, which made`,
    'the 1M build about 0.5 s faster side by side and left the floor as it was). Target: 1M triples within 4× the floor',
    'and under 2 GB peak RSS. Build CPU is the child\'s user + system time: above the wall time where the',
    'dump files and gzip copies are written by worker threads in parallel, and SHACL validation runs on worker threads.',
    '',
    `Load average (1 min) after each run: ${loads.map((l) => l.toFixed(1)).join(', ')} on ${cpus().length} CPUs${Math.max(...loads) > cpus().length ? ': other work shared the machine, so times are inflated' : ''}.`,
    '',
    text,
    '',
    '## Where the time goes',
    '',
    'Wall seconds per phase of the build (medians), from `build()`\'s own timings (`src/build/Phases.ts`). SHACL',
    'validation runs while the six dumps are made, and a worker thread per dump writes its file and gzip copy',
    'from the chunks as they come, so those phases overlap and do not add up to the total. *gzip (worker)* sums,',
    'per dump, the time from its last chunk until both its files were written; *gzip wait* is the time the build',
    'waited for the last of them at the end; gzip is level 6',
    '(level 9 took 2.4× the CPU for copies 5% smaller). *without SHACL* is a second child process running the',
    'same build steps (`checkGraph`, `renderDist`, `writeDist`) without the SHACL validation, measured in the',
    'same run: the build apart from the validator.',
    '',
    phases,
    '',
    '## What changed for issue 2 (build speed)',
    '',
    'Before it (commit eeb22ee, load 1.6–2.6), this benchmark gave at 1M: 27.1 s full (8.76× the floor), 42.6 s',
    'of CPU, 1,650 MiB; without SHACL 16.0 s (5.18×), 21.7 s of CPU, 1,433 MiB. At the start of the fourth',
    'session (commit 0f87f15): 16.9 s (5.25×), 29.9 s of CPU, 958 MiB; at the start of the fifth (commit fe54cdb):',
    '11.5 s (3.96×), 20.2 s of CPU, 1,034 MiB. Every file of `dist/` (dumps, gzip',
    'copies, VoID, manifest) is byte-identical to before (SHA-256 on `data/` and on the 1M set):',
    '',
    '- The dump writers work from term ids: `SortedQuads` gives each sorted row the ids of its terms (equal terms,',
    '  equal ids), so each distinct term is encoded once per format, not at every mention (an n3 literal parses',
    '  its value, language and datatype out of its id on every read). Lines go to the sink in batches of 64k',
    '  characters.',
    '- Turtle and TriG by our own writer (`src/rdf/writeTurtle.ts`) instead of n3\'s Writer: the same bytes, with',
    '  n3\'s Writer the oracle in the tests (awkward terms and prefixes, `data/`, generated data) and n3\'s parser',
    '  reading them back. N-Triples and N-Quads share one cache of term strings. RDF/XML and JSON-LD are written',
    '  as they go instead of as one document string (JSON-LD node by node, held to the whole-document writer).',
    '- The prefixes a dump uses, the VoID statistics and the graph sizes come from term ids; the statistics are',
    '  counted while the last gzip copies are made, and the dumps are written largest first.',
    '- Reading: one term per recurring IRI in `toQuads`; entailments keep the triples seen in an open-addressing',
    '  table of Int32s (no boxed number per triple); rows of triples share the input quads.',
    '- SHACL batches: all cut at once into shared arrays; the workers take them from an atomic counter, so that',
    '  none waits for the main thread (which is writing a dump: workers used to sit ready for about a second).',
    '  They take the term numbers of the dumps\' sort (packing the graph took 0.8 s on the main thread before)',
    '  and leave out triples no shape reads (a property or class the shapes never name).',
    '- SHACL constraint components in a cheaper form, through shacl-engine\'s own `validations` option',
    '  (`src/rdf/shaclValidations.ts`): `sh:class` without a term set per check; `sh:or` and `sh:node` on shapes',
    '  that check only classes pass a value by its types and leave one that fails to the engine\'s own component;',
    '  `sh:property` skips, for a node without the property, a property shape that cannot fail without values.',
    '  Tests validate the same graphs with the engine\'s own components and compare result by result.',
    '- Fifth session: the same extension point checks a property shape on one property (forwards or inverse)',
    '  whose constraints are counts, datatypes (the lexical form by the engine\'s own rdf-validation), node',
    '  kinds, classes or such value shapes on the node\'s values first, and passes it when the check holds; a',
    '  failing check goes to the engine, whose violations are reported word for word. The kind checks of',
    '  `shapes.ttl` are the property shapes of one node shape, `akgsh:KindChecks` (same results), so that',
    '  they take that path too. SHACL CPU at 1M 7.6 → 4.8 s side by side (`bench/results/shacl.md`). The build',
    '  validates with one worker thread per CPU but one, as its main thread renders the dumps meanwhile.',
    '- A worker thread writes each dump\'s file and gzip copy from the chunks as the main thread makes them',
    '  (handed over, not copied; at most 32 MB in flight): the main thread no longer writes the files, and',
    '  the gzip worker no longer reads them back.',
    '- JSON-LD nodes laid out in one pass; the sort by subject, predicate and object done once for both row',
    '  orders (4 radix passes instead of 7); prefixes found by IRI stem; no closure per value in `toQuads`;',
    '  entailments number a literal by its n3 id.',
    '- Shapes (`ontology/shapes.ttl`) that ask only what is needed: each kind check (datatype or node kind of a',
    '  property) is a property shape targeting the subjects of its own property, instead of four node shapes',
    '  that checked every one of up to 12 properties on any node having one of them; `sh:or` alternatives are',
    '  listed most frequent first. The same constraints and violations; SHACL CPU at 1M about a fifth lower',
    '  side by side (see `bench/results/shacl.md`). (Fourth session; in the fifth the kind checks became the',
    '  property shapes of one node shape, with the quick checks above.)',
    '',
    '## SHACL engine',
    '',
    'The validator is shacl-engine (rdf-ext), in batches of focus nodes on worker threads above 50k quads: in',
    'the build one per CPU but one, as the build\'s main thread renders the dumps meanwhile (on two CPUs one',
    'worker: two took 0.6 s more CPU for a build 0.35 s longer, side by side). Its own benchmark (one worker',
    'per CPU), side by side with rdf-validate-shacl (the engine it replaced), is',
    '`npm run bench:shacl`, with results in `bench/results/shacl.md`.',
    '',
  ].join('\n');
  if (!argv.includes('--no-write')) {
    await mkdir(dirname(outFile), { recursive: true });
    await writeFile(outFile, doc);
    console.error(`wrote ${relative(process.cwd(), outFile)}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await main(process.argv.slice(2));
