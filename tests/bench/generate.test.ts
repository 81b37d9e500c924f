// The benchmark's data generator: a small synthetic data set builds without a single problem, has
// about the number of triples asked for, and the same seed writes the same bytes.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build/build.ts';
import { MAX_YAML_BYTES } from '../../src/load/readYaml.ts';
import { generateDataset, parseSize, type GenerateResult } from '../../bench/generate.ts';

const TARGET = 2000;
let root: string;
let first: GenerateResult;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'asean-kg-generate-'));
  first = await generateDataset({ dir: join(root, 'a'), triples: TARGET, seed: 42 });
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function files(dir: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) out.set(join(e.parentPath, e.name).slice(dir.length), await readFile(join(e.parentPath, e.name)));
  }
  return out;
}

describe('generateDataset', () => {
  it('builds cleanly, within 20% of the triples asked for', async () => {
    const result = await build({ dataDir: first.dir, ontologyDir: first.ontologyDir, outDir: join(root, 'dist') });
    expect(result.errors).toEqual([]);
    const triples = result.manifest?.triples ?? 0;
    expect(triples).toBeGreaterThanOrEqual(TARGET * 0.8);
    expect(triples).toBeLessThanOrEqual(TARGET * 1.2);
    expect(first.estimatedTriples).toBe(triples);
  });

  it('writes many records per file, every file under the loader limit', async () => {
    const written = await files(first.dir);
    const yaml = [...written].filter(([name]) => name.endsWith('.yaml') && !['/context.yaml', '/dataset.yaml'].includes(name));
    expect(yaml.length).toBeLessThan(first.records / 5);
    for (const [, bytes] of yaml) expect(bytes.length).toBeLessThan(MAX_YAML_BYTES);
    expect(first.records).toBeGreaterThan(100);
  });

  it('is deterministic: the same seed gives byte-identical files, another seed other data', async () => {
    await generateDataset({ dir: join(root, 'b'), triples: TARGET, seed: 42 });
    await generateDataset({ dir: join(root, 'c'), triples: TARGET, seed: 43 });
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((d) => files(join(root, d))));
    expect([...(b as Map<string, Buffer>).keys()]).toEqual([...(a as Map<string, Buffer>).keys()]);
    for (const [name, bytes] of a as Map<string, Buffer>) expect(bytes.equals((b as Map<string, Buffer>).get(name) as Buffer), name).toBe(true);
    expect([...(a as Map<string, Buffer>)].some(([name, bytes]) => !bytes.equals((c as Map<string, Buffer>).get(name) ?? Buffer.alloc(0)))).toBe(true);
  });

  it('reads sizes written as 10k or 1m', () => {
    expect(parseSize('10k')).toBe(10_000);
    expect(parseSize('1m')).toBe(1_000_000);
    expect(parseSize('2500')).toBe(2500);
    expect(() => parseSize('lots')).toThrow();
  });
});
