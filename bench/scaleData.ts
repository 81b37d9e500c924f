// Data for the scale benchmark: a built dist/ per size, kept in a cache directory between runs
// (building a million triples takes minutes). Sizes up to --build-max are generated with
// bench/generate.ts and built with the real build (in a child process, as bench/build.ts does);
// larger sizes are made from the largest built one by copying it k times with every IRI of ours
// renamed per copy (`…/id/x` → `…/id/c1-x`, graphs likewise; the ontology graph once), so the
// shapes stay realistic without a build that would not finish in the time this benchmark allows.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { MANIFEST_FILE, type Manifest } from '../src/build/manifest.ts';
import { generateDataset, REPO_DIR } from './generate.ts';

export interface Dataset {
  readonly size: string;
  readonly dir: string;
  readonly manifest: Manifest;
  /** How it was made: "built" or "3 copies of 1m". */
  readonly origin: string;
}

async function readManifest(dir: string): Promise<Manifest | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}

/** Generates and builds `target` triples into `${cache}/dist-${size}-s${seed}` unless it is there already. */
export async function builtDataset(cache: string, size: string, target: number, seed: number, log: (s: string) => void): Promise<Dataset> {
  const dir = join(cache, `dist-${size}-s${seed}`);
  const cached = await readManifest(dir);
  if (cached) return { size, dir, manifest: cached, origin: 'built (cached)' };
  const dataDir = join(cache, `data-${size}-s${seed}`);
  log(`${size}: generating ~${target.toLocaleString('en-US')} triples`);
  const gen = await generateDataset({ dir: dataDir, triples: target, seed });
  log(`${size}: building ${gen.records.toLocaleString('en-US')} records (a child process; minutes at 1M)`);
  const started = performance.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(REPO_DIR, 'bench', 'build.ts'), '--child', 'build', dataDir, gen.ontologyDir, dir], { cwd: REPO_DIR, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`building ${size} failed:\n${r.stderr}`);
  await rm(dataDir, { recursive: true, force: true });
  const manifest = await readManifest(dir);
  if (!manifest) throw new Error(`building ${size} wrote no manifest`);
  log(`${size}: built ${manifest.triples.toLocaleString('en-US')} triples in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return { size, dir, manifest, origin: 'built' };
}

const ID = /https:\/\/w3id\.org\/asean-kg\/(id|graph)\//g;
const BLANK = /(^|\s)_:([A-Za-z0-9_-]+)/g;

/** `copies` renamed copies of `source` in `${cache}/dist-${size}-…`: N-Quads, manifest, context and VoID. */
export async function replicatedDataset(cache: string, size: string, source: Dataset, copies: number, log: (s: string) => void): Promise<Dataset> {
  const dir = join(cache, `dist-${size}-x${copies}-${source.manifest.version}`);
  const cached = await readManifest(dir);
  if (cached) return { size, dir, manifest: cached, origin: `${copies} copies of ${source.size} (cached)` };
  log(`${size}: ${copies} renamed copies of ${source.size}`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const dumpIn = join(source.dir, source.manifest.dumps.find((d) => d.format === 'nquads')?.name ?? 'asean-kg.nq');
  const name = 'asean-kg.nq';
  const out = createWriteStream(join(dir, name));
  const hash = createHash('sha256');
  const graphs = new Map<string, number>();
  // Distinct triples in the union, counted by a 52-bit hash of each triple (collisions are negligible here).
  const seen = new Set<number>();
  let bytes = 0;
  let quads = 0;
  const ontology = `${source.manifest.base}ontology`;
  for (let copy = 0; copy < copies; copy++) {
    const lines = createInterface({ input: createReadStream(dumpIn), crlfDelay: Infinity });
    let buffer = '';
    for await (const raw of lines) {
      if (raw.trim() === '') continue;
      const g = raw.slice(raw.lastIndexOf(' <') + 2, raw.lastIndexOf('>'));
      if (copy > 0 && g === ontology) continue;
      const line = copy === 0 ? raw : raw.replace(ID, (_m, kind: string) => `https://w3id.org/asean-kg/${kind}/c${copy}-`).replace(BLANK, (_m, space: string, label: string) => `${space}_:c${copy}${label}`);
      const graph = line.slice(line.lastIndexOf(' <') + 2, line.lastIndexOf('>'));
      graphs.set(graph, (graphs.get(graph) ?? 0) + 1);
      seen.add(tripleHash(line.slice(0, line.lastIndexOf(' <'))));
      buffer += `${line}\n`;
      quads++;
      if (buffer.length > 1 << 20) {
        bytes += await write(out, hash, buffer);
        buffer = '';
      }
    }
    bytes += await write(out, hash, buffer);
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  for (const f of ['context.jsonld', 'void.ttl']) if (existsSync(join(source.dir, f))) await copyFile(join(source.dir, f), join(dir, f));
  const sha256 = hash.digest('hex');
  const manifest: Manifest = {
    ...source.manifest,
    version: sha256.slice(0, 16),
    triples: seen.size,
    quads,
    graphs: [...graphs].map(([iri, triples]) => ({ iri, triples })),
    // Only the N-Quads dump (the others would take minutes to write and are not what is measured).
    dumps: [{ name, format: 'nquads', mediaType: 'application/n-quads', bytes, sha256, gzip: { name: `${name}.gz`, bytes: 0, sha256: '' } }],
  };
  await writeFile(join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 1));
  log(`${size}: ${quads.toLocaleString('en-US')} quads, ${manifest.graphs.length.toLocaleString('en-US')} graphs`);
  return { size, dir, manifest, origin: `${copies} copies of ${source.size}` };
}

async function write(out: NodeJS.WritableStream, hash: ReturnType<typeof createHash>, text: string): Promise<number> {
  const b = Buffer.from(text, 'utf8');
  hash.update(b);
  if (!out.write(b)) await once(out, 'drain');
  return b.length;
}

function tripleHash(text: string): number {
  const d = createHash('md5').update(text).digest();
  return d.readUIntBE(0, 6) * 16 + (d[6] ?? 0) % 16;
}
