// A failed build never touches dist/: same files, same bytes, same modification times.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { build } from '../../src/build/build.ts';
import { scratchCopy, type Scratch } from '../helpers/dataCopy.ts';

let s: Scratch;
beforeAll(async () => {
  s = await scratchCopy();
});
afterAll(() => s.remove());

function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).sort().map((n) => {
    const p = join(dir, n);
    return [n, `${statSync(p).mtimeMs}:${readFileSync(p).toString('base64')}`];
  }));
}

it('leaves dist/ exactly as it was and no temporary directory behind', async () => {
  const opts = { dataDir: s.dataDir, ontologyDir: s.ontologyDir, outDir: s.outDir };
  expect((await build(opts)).errors).toEqual([]);
  const before = snapshot(s.outDir);
  writeFileSync(join(s.dataDir, 'people', 'lay-chenda.yaml'), 'id: lay-chenda\ntype: Person\nsource: nowhere\n');
  const result = await build(opts);
  expect(result.errors).toEqual([
    'data/people/lay-chenda.yaml:3:9: source "nowhere" is not the id of any record',
  ]);
  expect(snapshot(s.outDir)).toEqual(before);
  expect(readdirSync(dirname(s.outDir)).filter((n) => n.includes('.tmp-'))).toEqual([]);
});

it('a SHACL violation (found while the dumps are rendered) leaves dist/ as it was and removes the staged dumps', async () => {
  const opts = { dataDir: s.dataDir, ontologyDir: s.ontologyDir, outDir: s.outDir };
  writeFileSync(join(s.dataDir, 'people', 'lay-chenda.yaml'), readFileSync(join(import.meta.dirname, '../../data/people/lay-chenda.yaml')));
  expect((await build(opts)).errors).toEqual([]);
  const before = snapshot(s.outDir);
  const staged = () => readdirSync(tmpdir()).filter((n) => n.startsWith('asean-kg-dumps-'));
  const stagedBefore = staged();
  writeFileSync(join(s.dataDir, 'people', 'nameless.yaml'), 'id: nameless\ntype: Person\nsource: ppp-2022-04-article\njobTitle: an official without a name or a post\n');
  const result = await build(opts);
  expect(result.errors).toEqual([
    'data/people/nameless.yaml:1:1: SHACL: person:nameless org:holds: a person needs at least one org:holds, linking to a post (org:Post)',
    'data/people/nameless.yaml:1:1: SHACL: person:nameless schema:name: a person needs exactly one schema:name: the full name as written, family name first for Khmer names',
  ]);
  expect(snapshot(s.outDir)).toEqual(before);
  expect(readdirSync(dirname(s.outDir)).filter((n) => n.includes('.tmp-'))).toEqual([]);
  // Other builds (other test files) may stage at the same time: only ours must be gone.
  expect(staged().filter((n) => !stagedBefore.includes(n))).toEqual([]);
});
