// SHACL benchmark: `validateShapes` (src/rdf/validateShapes.ts) on the built graph of synthetic data
// of about 100k and 1M triples, with the real ontology/shapes.ttl, next to a floor measured in the
// same run: the same child parsing the same N-Quads without validating. Each measurement is a child
// process of its own, so that its peak RSS is its own; the figures are medians over the runs.
//
//   npx tsx bench/shacl.ts [--sizes 100k,1m] [--runs N] [--seed N] [--data DIR] [--compare MODULE ...]
//                          [--out bench/results/shacl.md] [--no-write] [--jena]
// --data DIR keeps the generated data and its N-Quads in DIR and reuses them on the next run.
// --compare MODULE also measures another module that exports `validateShapes` with the same
// signature (for example an older version of src/rdf/validateShapes.ts copied next to it), in the
// same run, for before/after figures.
// --jena also measures Apache Jena SHACL (bench/jena/JenaShacl.java), the one other maintained
// engine this machine can install (Debian: apt-get install libapache-jena-java default-jdk-headless),
// with a parse-only floor of its own. Jena is never a dependency of the build or of the tests.
//
// The graph validated is the built N-Quads dump (data, entailments and ontology), which the build
// writes from the quads it validates. It is produced once per size by a build whose shapes file is
// replaced by one empty shape, so that the preparation does not itself depend on SHACL speed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateDataset, ONTOLOGY_DIR, parseSize, REPO_DIR } from './generate.ts';

const SCRIPT = fileURLToPath(import.meta.url);
const DEFAULT_OUT = join(REPO_DIR, 'bench', 'results', 'shacl.md');
const CURRENT = join(REPO_DIR, 'src', 'rdf', 'validateShapes.ts');
const EMPTY_SHAPES = '@prefix sh: <http://www.w3.org/ns/shacl#> .\n<https://w3id.org/asean-kg/shapes#None> a sh:NodeShape .\n';

interface Measurement {
  /** Seconds of validation (wall, inside the child; parsing not included). */
  readonly seconds: number;
  /** CPU seconds (user + system, every thread) of the validation. */
  readonly cpu: number;
  /** Seconds the main thread was busy during the validation (event-loop utilisation): the rest it was free. */
  readonly mainBusy: number;
  /** Peak resident set size of the child process, in bytes. */
  readonly maxRss: number;
  readonly quads: number;
  /** Violations reported. */
  readonly problems: number;
}

async function child(module: string, nquads: string, shapesFile: string): Promise<Measurement> {
  const { Parser } = await import('n3');
  const { Problems } = await import('../src/load/problems.ts');
  const quads = new Parser({ format: 'N-Quads' }).parse(await readFile(nquads, 'utf8'));
  const shapes = new Parser({ format: 'Turtle' }).parse(await readFile(shapesFile, 'utf8'));
  const problems = new Problems();
  const cpu0 = process.cpuUsage();
  const elu0 = performance.eventLoopUtilization();
  const started = performance.now();
  if (module !== 'floor') {
    const { validateShapes } = await import(pathToFileURL(module).href) as typeof import('../src/rdf/validateShapes.ts');
    await validateShapes(quads, shapes, (file) => ({ file, line: 0, col: 0 }), problems);
  }
  const seconds = (performance.now() - started) / 1000;
  const c = process.cpuUsage(cpu0);
  const elu = performance.eventLoopUtilization(elu0);
  return { seconds, cpu: (c.user + c.system) / 1e6, mainBusy: elu.active / 1000, maxRss: process.resourceUsage().maxRSS * 1024, quads: quads.length, problems: problems.list.length };
}

function runChild(args: readonly string[], java?: string[]): Measurement {
  const [command, commandArgs] = java
    ? ['java', [...java, args[0] === 'jena-floor' ? 'floor' : 'validate']]
    : [process.execPath, ['--import', 'tsx', SCRIPT, '--child', ...args]];
  const r = spawnSync(command, commandArgs, { cwd: REPO_DIR, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`child failed (exit ${r.status}${r.signal ? `, ${r.signal}` : ''}):\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as Measurement;
}

/** The built N-Quads of synthetic data of this size, made (once, if `dir` keeps it) by a build without shapes. */
async function prepare(dir: string, size: string, seed: number): Promise<string> {
  const root = join(dir, `${size}-seed${seed}`);
  const nquads = join(root, 'dist', 'asean-kg.nq');
  if (await stat(nquads).then(() => true, () => false)) return nquads;
  const gen = await generateDataset({ dir: join(root, 'data'), triples: parseSize(size), seed });
  await cp(ONTOLOGY_DIR, join(root, 'ontology'), { recursive: true });
  await writeFile(join(root, 'ontology', 'shapes.ttl'), EMPTY_SHAPES);
  const { build } = await import('../src/build/build.ts');
  const result = await build({ dataDir: gen.dir, ontologyDir: join(root, 'ontology'), outDir: join(root, 'dist') });
  if (result.errors.length > 0) throw new Error(`the build failed:\n${result.errors.slice(0, 20).join('\n')}`);
  return nquads;
}

/** Jar files of Debian's libapache-jena-java and its dependencies that Jena SHACL needs. */
const JENA_JARS = [
  'jena-arq', 'jena-base', 'jena-core', 'jena-iri', 'jena-shacl', 'jena-shex', 'jena-dboe-base', 'jena-dboe-storage',
  'commons-cli', 'commons-codec', 'commons-compress', 'commons-csv', 'commons-io', 'commons-lang3', 'dexx.collection',
  'gson', 'guava', 'httpclient', 'jackson-core', 'jackson-databind', 'jakarta.json-api', 'jsonld-java', 'protobuf',
  'slf4j-api', 'slf4j-nop', 'thrift', 'titanium-json-ld',
].map((name) => `/usr/share/java/${name}.jar`);

/**
 * Compiles bench/jena/JenaShacl.java into `dir` and returns the java arguments before the file names.
 * Debian's jena-core relocates Xerces to the package `xerces` but keeps its message files under
 * org/apache/jena/ext/xerces, so XSD datatypes fail to initialise ("internal error"): the message
 * files are copied to where the relocated classes look for them.
 */
function prepareJena(dir: string): string[] {
  const missing = JENA_JARS.filter((jar) => !existsSync(jar));
  if (missing.length > 0) throw new Error(`--jena needs Debian's libapache-jena-java (missing ${missing.join(', ')}): apt-get install libapache-jena-java default-jdk-headless`);
  const classpath = [dir, ...JENA_JARS].join(':');
  const run = (command: string, args: string[], cwd = dir) => {
    const r = spawnSync(command, args, { cwd, encoding: 'utf8' });
    if (r.error || r.status !== 0) throw new Error(`--jena: ${command} ${args.join(' ')} failed: ${r.error?.message ?? r.stderr}`);
  };
  run('javac', ['-cp', classpath, '-d', dir, join(REPO_DIR, 'bench', 'jena', 'JenaShacl.java')]);
  run('jar', ['xf', '/usr/share/java/jena-core.jar', 'org/apache/jena/ext/xerces/impl/msg', 'org/apache/jena/ext/xerces/impl/xpath/regex/message.properties']);
  run('mkdir', ['-p', 'xerces/impl/xpath/regex']);
  run('cp', ['-r', 'org/apache/jena/ext/xerces/impl/msg', 'xerces/impl/']);
  run('cp', ['org/apache/jena/ext/xerces/impl/xpath/regex/message.properties', 'xerces/impl/xpath/regex/']);
  return ['-cp', classpath, 'JenaShacl'];
}

const median = (values: readonly number[]) => {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};
const mb = (b: number) => Math.round(b / 2 ** 20).toLocaleString('en-US');

async function main(argv: readonly string[]): Promise<void> {
  if (argv[0] === '--child') {
    process.stdout.write(`${JSON.stringify(await child(argv[1] ?? '', argv[2] ?? '', argv[3] ?? ''))}\n`);
    return;
  }
  const arg = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const sizes = (arg('sizes') ?? '100k,1m').split(',').map((s) => s.trim()).filter(Boolean);
  const seed = Number(arg('seed') ?? 1);
  const runsArg = arg('runs');
  const compare = argv.flatMap((a, i) => (argv[i - 1] === '--compare' ? [resolve(a)] : []));
  const modules: [string, string][] = [
    ...compare.map((m): [string, string] => [relative(REPO_DIR, m), m]),
    [relative(REPO_DIR, CURRENT), CURRENT],
  ];
  const dataArg = arg('data');
  const dataDir = dataArg ? resolve(dataArg) : await mkdtemp(join(tmpdir(), 'asean-kg-shacl-bench-'));
  await mkdir(dataDir, { recursive: true });
  const jenaDir = argv.includes('--jena') ? await mkdtemp(join(tmpdir(), 'asean-kg-jena-')) : undefined;
  const java = jenaDir ? prepareJena(jenaDir) : undefined;
  if (java) modules.push(['jena-floor', 'jena-floor'], ['Apache Jena SHACL 4.5 (Debian)', 'jena']);
  const shapesFile = join(ONTOLOGY_DIR, 'shapes.ttl');
  const rows: string[] = [];
  const loads: number[] = [];
  try {
    for (const size of sizes) {
      const nquads = await prepare(dataDir, size, seed);
      const runs = runsArg ? Number(runsArg) : parseSize(size) >= 1_000_000 ? 2 : 3;
      const results = new Map<string, Measurement[]>([['floor', []], ...modules.map(([name]): [string, Measurement[]] => [name, []])]);
      // Interleaved, so that a change of load on the machine touches every variant alike.
      for (let i = 0; i < runs; i++) {
        for (const [name, module] of [['floor', 'floor'], ...modules]) {
          const isJava = module === 'jena' || module === 'jena-floor';
          const m = runChild([module as string, nquads, shapesFile], isJava && java ? [...java, nquads, shapesFile] : undefined);
          results.get(name as string)?.push(m);
          loads.push(loadavg()[0] ?? 0);
          console.error(`${size} run ${i + 1}/${runs} ${name}: ${m.seconds.toFixed(2)} s, CPU ${m.cpu.toFixed(2)} s, main busy ${m.mainBusy.toFixed(2)} s, peak ${mb(m.maxRss)} MiB, ${m.problems} problems; load ${(loadavg()[0] ?? 0).toFixed(1)}`);
        }
      }
      const floorRss = median((results.get('floor') ?? []).map((m) => m.maxRss));
      const jenaFloorRss = median((results.get('jena-floor') ?? []).map((m) => m.maxRss));
      for (const [name, ms] of results) {
        const quads = ms[0]?.quads ?? 0;
        const rss = median(ms.map((m) => m.maxRss));
        const over = rss - (name.startsWith('Apache Jena') ? jenaFloorRss : floorRss);
        const count = name.startsWith('Apache Jena') || name === 'jena-floor' ? `${quads.toLocaleString('en-US')} triples` : quads.toLocaleString('en-US');
        rows.push(name === 'floor' || name === 'jena-floor'
          ? `| ${size} | ${count} | parse only (floor${name === 'jena-floor' ? ', Jena' : ''}) | ${runs} | – | – | – | ${mb(rss)} | – | – |`
          : `| ${size} | ${count} | \`${name}\` | ${runs} | ${median(ms.map((m) => m.seconds)).toFixed(2)} | ${median(ms.map((m) => m.cpu)).toFixed(2)} | ${name.startsWith('Apache Jena') ? '–' : median(ms.map((m) => m.mainBusy)).toFixed(2)} | ${mb(rss)} | ${mb(over)} | ${ms[0]?.problems ?? 0} |`);
      }
    }
  } finally {
    if (!dataArg) await rm(dataDir, { recursive: true, force: true });
    if (jenaDir) await rm(jenaDir, { recursive: true, force: true });
  }
  const table = [
    '| size | quads | validator | runs | wall (s) | CPU (s) | main thread busy (s) | peak RSS (MiB) | over floor (MiB) | violations |',
    '|---|--:|---|--:|--:|--:|--:|--:|--:|--:|',
    ...rows,
  ].join('\n');
  console.log(table);
  const doc = [
    '# SHACL benchmark',
    '',
    `Command: \`npx tsx bench/shacl.ts${argv.length > 0 ? ` ${argv.join(' ')}` : ''}\` (seed ${seed}). Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}.`,
    '',
    '`validateShapes` on the built N-Quads of synthetic data (`bench/generate.ts`: data, entailments and ontology)',
    'with the real `ontology/shapes.ttl`. Each measurement is a child process of its own that parses the N-Quads',
    'with n3 and then validates; wall and CPU time (user + system, every thread) cover the validation only,',
    'peak RSS is the child\'s; "over floor" is the peak RSS above that of the same child parsing without validating.',
    '"Main thread busy" is the time the validating thread\'s event loop was busy (event-loop utilisation): the rest',
    'of the wall time it was free for other work while worker threads validated.',
    'Variants run interleaved; figures are medians over the runs.',
    '',
    `Load average (1 min) after each run: ${loads.map((l) => l.toFixed(1)).join(', ')} on ${cpus().length} CPUs${Math.max(...loads) > cpus().length ? ': other work shared the machine, so wall times are inflated' : ''}.`,
    '',
    table,
    '',
  ].join('\n');
  if (!argv.includes('--no-write')) {
    const out = resolve(arg('out') ?? DEFAULT_OUT);
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, doc);
    console.error(`wrote ${relative(process.cwd(), out)}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) await main(process.argv.slice(2));
