// Opening the build's dist/: a missing, unreadable or corrupt dump is a clear error that says what
// to do, never a half-served dataset.
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDist } from '../../src/graph/openDataset.ts';
import { writeDistFixture } from '../http/distFixture.ts';

const SMALL = new URL('../fixtures/http/small.trig', import.meta.url).pathname;

describe('openDist', () => {
  it('reads the N-Quads dump the manifest names, with its version', async () => {
    const dir = writeDistFixture(SMALL);
    const source = await openDist(dir);
    expect(source.origin.kind).toBe('dist');
    expect(source.version).toMatch(/^[0-9a-f]{16}$/);
    expect(source.byteLength).toBeGreaterThan(0);
  });
  it('no manifest: says to build', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'empty-dist-'));
    await expect(openDist(dir)).rejects.toThrow(`${join(dir, 'manifest.json')} not found: run \`npm run build\` first`);
  });
  it('a dump that does not match the manifest: says it is corrupt', async () => {
    const dir = writeDistFixture(SMALL);
    appendFileSync(join(dir, 'asean-kg.nq'), '<http://x> <http://y> "z" .\n');
    await expect(openDist(dir)).rejects.toThrow(`${join(dir, 'asean-kg.nq')} does not match ${join(dir, 'manifest.json')} (size or sha256 differ): the dump is corrupt or stale; run \`npm run build\` again`);
  });
  it('a missing dump: says so', async () => {
    const dir = writeDistFixture(SMALL);
    rmSync(join(dir, 'asean-kg.nq'));
    await expect(openDist(dir)).rejects.toThrow(`${join(dir, 'asean-kg.nq')} cannot be read (ENOENT): run \`npm run build\` again`);
  });
});
