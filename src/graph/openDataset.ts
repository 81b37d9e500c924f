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
  const dump = manifest.dumps?.find((d) => d.format === 'nquads');
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
  const nquads = new SharedArrayBuffer(bytes.length);
  new Uint8Array(nquads).set(bytes);
  return { nquads, byteLength: bytes.length, version: manifest.version, origin: { kind: 'dist', dir, manifest, builtAt } };
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
