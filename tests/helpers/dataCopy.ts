// Test helper: a scratch copy of data/ and ontology/ that a test may overlay with its own files.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REPO = new URL('../../', import.meta.url).pathname;

export interface Scratch {
  readonly root: string;
  readonly dataDir: string;
  readonly ontologyDir: string;
  readonly outDir: string;
  remove(): Promise<void>;
}

/** Copies data/ and ontology/ into a fresh temporary directory, then copies `overlay` over them. */
export async function scratchCopy(overlay?: string): Promise<Scratch> {
  const root = await mkdtemp(join(tmpdir(), 'asean-kg-test-'));
  const dataDir = join(root, 'data');
  const ontologyDir = join(root, 'ontology');
  await cp(join(REPO, 'data'), dataDir, { recursive: true });
  await cp(join(REPO, 'ontology'), ontologyDir, { recursive: true });
  if (overlay) await cp(overlay, root, { recursive: true });
  return { root, dataDir, ontologyDir, outDir: join(root, 'dist'), remove: () => rm(root, { recursive: true, force: true }) };
}
