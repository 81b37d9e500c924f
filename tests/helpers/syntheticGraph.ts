// Test helper: a synthetic dataset (bench/generate.ts) built with the real ontology, read back as
// the built N-Quads and the shapes it was validated with, in a temporary directory.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Parser } from 'n3';
import type { Quad } from '@rdfjs/types';
import { build } from '../../src/build/build.ts';
import { generateDataset } from '../../bench/generate.ts';

export interface SyntheticGraph {
  readonly data: Quad[];
  readonly shapes: Quad[];
  remove(): Promise<void>;
}

export async function syntheticGraph(triples: number, seed: number): Promise<SyntheticGraph> {
  const root = await mkdtemp(join(tmpdir(), 'asean-kg-synthetic-'));
  const remove = () => rm(root, { recursive: true, force: true });
  try {
    const gen = await generateDataset({ dir: join(root, 'data'), triples, seed });
    const result = await build({ dataDir: gen.dir, ontologyDir: gen.ontologyDir, outDir: join(root, 'dist') });
    if (result.errors.length > 0) throw new Error(`the synthetic data did not build:\n${result.errors.join('\n')}`);
    const data = new Parser({ format: 'N-Quads' }).parse(await readFile(join(root, 'dist', 'asean-kg.nq'), 'utf8'));
    const shapes = new Parser({ format: 'Turtle' }).parse(await readFile(join(gen.ontologyDir, 'shapes.ttl'), 'utf8'));
    return { data, shapes, remove };
  } catch (e) {
    await remove();
    throw e;
  }
}
