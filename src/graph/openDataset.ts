// Where the served dataset comes from: the build's dist/ (manifest, N-Quads dump, VoID), or the
// user's own RDF files (`serve --data`). Either way the result is the dataset as N-Quads bytes in a
// SharedArrayBuffer, which every query worker loads without a copy.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { MANIFEST_FILE, type Manifest } from '../build/manifest.ts';
import { spawnWorker } from './spawnWorker.ts';
import type { LoadFilesOutput } from './loadFilesWorker.ts';

export type DatasetOrigin =
  | { readonly kind: 'dist'; readonly dir: string; readonly manifest: Manifest; readonly builtAt: Date }
  | { readonly kind: 'files'; readonly files: readonly string[] };

export interface DatasetSource {
  readonly nquads: SharedArrayBuffer;
  readonly byteLength: number;
  /** Changes exactly when the data changes; part of every ETag. */
  readonly version: string;
  readonly origin: DatasetOrigin;
}

/** Thrown when the data cannot be opened; the message says what to do. */
export class DatasetError extends Error {}

export async function openDist(dir: string): Promise<DatasetSource> {
  const manifestPath = join(dir, MANIFEST_FILE);
  let manifest: Manifest;
  let builtAt: Date;
  try {
    manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Manifest;
    builtAt = (await stat(manifestPath)).mtime;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new DatasetError(code === 'ENOENT' ? `${manifestPath} not found: run \`npm run build\` first` : `${manifestPath} is unreadable (${code ?? (e as Error).message}): run \`npm run build\` again`);
  }
  if (!isManifest(manifest)) throw new DatasetError(`${manifestPath} is not a manifest the build writes (fields missing or of the wrong type): run \`npm run build\` again`);
  const dump = manifest.dumps.find((d) => d.format === 'nquads');
  if (!dump) throw new DatasetError(`${manifestPath} lists no N-Quads dump: run \`npm run build\` again`);
  const path = join(dir, dump.name);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new DatasetError(`${path} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'}): run \`npm run build\` again`);
  }
  const sha = createHash('sha256').update(bytes).digest('hex');
  if (bytes.length !== dump.bytes || sha !== dump.sha256) {
    throw new DatasetError(`${path} does not match ${manifestPath} (size or sha256 differ): the dump is corrupt or stale; run \`npm run build\` again`);
  }
  await checkDistFiles(dir, manifest, manifestPath);
  const nquads = new SharedArrayBuffer(bytes.length);
  new Uint8Array(nquads).set(bytes);
  return { nquads, byteLength: bytes.length, version: manifest.version, origin: { kind: 'dist', dir, manifest, builtAt } };
}

/** The fields the server relies on, with their types: a damaged manifest is an error, not a crash later. */
function isManifest(m: unknown): m is Manifest {
  const o = m as Partial<Record<keyof Manifest, unknown>> | null;
  const file = (f: unknown) => typeof (f as { name?: unknown } | null)?.name === 'string' && Number.isInteger((f as { bytes?: unknown }).bytes);
  return typeof o === 'object' && o !== null && typeof o.version === 'string' && typeof o.base === 'string'
    && typeof o.context === 'string' && typeof o.description === 'string' && Array.isArray(o.graphs)
    && Array.isArray(o.dumps) && o.dumps.every((d: unknown) => file(d) && file((d as { gzip?: unknown }).gzip) && typeof (d as { sha256?: unknown }).sha256 === 'string');
}

/**
 * Every other file the manifest names (each dump, its gzip copy, the context, the description) is
 * there with its size: otherwise the server would start and then fail on /dumps/ and the landing
 * page, a half-served dataset. Sizes only; hashing every dump would slow the start of a big graph.
 */
async function checkDistFiles(dir: string, manifest: Manifest, manifestPath: string): Promise<void> {
  const files: Array<{ name: string; bytes?: number }> = [
    ...manifest.dumps.flatMap((d) => [{ name: d.name, bytes: d.bytes }, { name: d.gzip.name, bytes: d.gzip.bytes }]),
    { name: manifest.context }, { name: manifest.description },
  ];
  const problems: string[] = [];
  for (const f of files) {
    const path = join(dir, f.name);
    try {
      const st = await stat(path);
      if (!st.isFile()) problems.push(`${path} is not a file`);
      else if (f.bytes !== undefined && st.size !== f.bytes) problems.push(`${path} is ${st.size} bytes, not the ${f.bytes} that ${manifestPath} lists`);
    } catch (e) {
      problems.push(`${path} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  if (problems.length > 0) throw new DatasetError(`${problems.join('\n')}\nthe build in ${dir} is incomplete or damaged: run \`npm run build\` again`);
}

/** Parses the user's files in a one-off worker; throws DatasetError listing every problem (file:line:col). */
export async function openFiles(files: readonly string[]): Promise<DatasetSource> {
  if (files.length === 0) throw new DatasetError('no data files given');
  const worker = spawnWorker(new URL('./loadFilesWorker.ts', import.meta.url), { workerData: { files } });
  const out = await new Promise<LoadFilesOutput>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new DatasetError(`the file loader stopped (exit code ${code}) before it finished`)));
  });
  await worker.terminate();
  if (!out.ok) throw new DatasetError(out.errors.join('\n'));
  return { nquads: out.nquads, byteLength: out.byteLength, version: out.version, origin: { kind: 'files', files } };
}
