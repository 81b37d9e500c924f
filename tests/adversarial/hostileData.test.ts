// Hostile records through the real `build` command, over a dist/ a good build made: each case
// fails with its errors (file:line:col where there is a place), exits 1, and leaves dist/ byte for
// byte as it was with no temporary directory behind. The fixture folders (tests/fixtures/records)
// give the exact messages for the alias bomb, bad UTF-8 and binary cases; this adds the command's
// behaviour and cases too big or too odd to commit: huge files, deep nesting, UTF-16, NUL floods,
// a symlink loop, a directory posing as a record. (A bad source reference is tests/build/failedBuild.test.ts.)
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, scratchCopy, type Scratch } from '../helpers/dataCopy.ts';

let s: Scratch;
let good: Record<string, string>;

/** `build` as a user runs it, in the scratch copy (data/ and ontology/ are read from the working directory). */
async function buildCommand(): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', join(REPO, 'node_modules/tsx/dist/loader.mjs'), join(REPO, 'src/cli.ts'), 'build'], { cwd: s.root, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => { stderr += c.toString(); });
  const [code] = await once(child, 'exit') as [number | null];
  return { code, stderr };
}

function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).sort().map((n) => {
    const p = join(dir, n);
    return [n, `${statSync(p).mtimeMs}:${readFileSync(p).toString('base64')}`];
  }));
}

beforeAll(async () => {
  s = await scratchCopy();
  const first = await buildCommand();
  if (first.code !== 0) throw new Error(`the good build failed:\n${first.stderr}`);
  good = snapshot(s.outDir);
}, 120_000);
afterAll(async () => s?.remove());

const PEOPLE = () => join(s.dataDir, 'people');
const fixtureCase = (name: string) => () => {
  cpSync(join(REPO, 'tests/fixtures/records', name, 'data'), s.dataDir, { recursive: true });
  return () => rmSync(join(s.dataDir, 'people', readdirSync(join(REPO, 'tests/fixtures/records', name, 'data/people'))[0] ?? 'none'), { force: true });
};
const file = (name: string, content: string | Buffer) => () => {
  writeFileSync(join(PEOPLE(), name), content);
  return () => rmSync(join(PEOPLE(), name), { force: true });
};

const CASES: Array<[string, () => () => void, RegExp]> = [
  ['the alias bomb fixture', fixtureCase('alias-bomb'), /^data\/people\/bomb\.yaml:4:7: YAML anchors and aliases \(&name, \*name\) are not allowed in records; write the value out$/m],
  ['the bad UTF-8 fixture', fixtureCase('bad-utf8'), /^data\/people\/bad-utf8\.yaml: file is not valid UTF-8 text; save it as UTF-8$/m],
  ['the binary fixture', fixtureCase('binary-file'), /^data\/people\/bin\.yaml: file contains NUL bytes \(binary data\?\); records must be YAML text$/m],
  ['a billion-laughs bomb, nine levels deep', file('laughs.yaml', `id: laughs\ntype: Person\nsource: ppp-2022-04-article\na: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n${Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array.from({ length: 9 }, () => `*${String.fromCharCode(97 + i)}`).join(',')}]`).join('\n')}\nname: *i\n`), /^data\/people\/laughs\.yaml:\d+:\d+: YAML anchors and aliases/m],
  ['a 5 MB record', file('huge.yaml', `id: huge\ntype: Person\nsource: ppp-2022-04-article\nname: "${'x'.repeat(5 * 1024 * 1024)}"\n`), /^data\/people\/huge\.yaml: file is \d+ bytes, over the \d+-byte limit for one YAML file; split it into several files$/m],
  ['nesting 10,000 deep', file('deep.yaml', `id: deep\ntype: Person\nsource: ppp-2022-04-article\nname: ${'['.repeat(10_000)}x${']'.repeat(10_000)}\n`), /^data\/people\/deep\.yaml:4:\d+: nesting is deeper than \d+ levels; records are flat key\/value maps$/m],
  ['UTF-16 with a byte-order mark', file('utf16.yaml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('id: utf16\ntype: Person\nname: X\n', 'utf16le')])), /^data\/people\/utf16\.yaml: /m],
  ['a megabyte of NUL bytes', file('nul.yaml', Buffer.alloc(1024 * 1024)), /^data\/people\/nul\.yaml: file contains NUL bytes/m],
];

describe('a hostile record fails the build and leaves dist/ as it was', () => {
  it.each(CASES)('%s', async (_name, apply, message) => {
    const revert = apply();
    try {
      const r = await buildCommand();
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toMatch(/\nbuild failed: \d+ problem\(s\); dist\/ was left as it was\n$/);
      expect(r.stderr).not.toMatch(/^\s+at /m);
      expect(snapshot(s.outDir)).toEqual(good);
      expect(readdirSync(dirname(s.outDir)).filter((n) => n.includes('.tmp-'))).toEqual([]);
    } finally {
      revert();
    }
  }, 60_000);

  // Last, since a good build rewrites dist/.
  it('a symlink loop and a directory named like a record are passed over: the build neither hangs nor fails', async () => {
    symlinkSync(PEOPLE(), join(PEOPLE(), 'loop'));
    mkdirSync(join(PEOPLE(), 'folder.yaml'));
    try {
      const r = await buildCommand();
      expect(r.code).toBe(0);
      expect(Object.keys(snapshot(s.outDir))).toEqual(Object.keys(good));
    } finally {
      rmSync(join(PEOPLE(), 'loop'), { force: true });
      rmSync(join(PEOPLE(), 'folder.yaml'), { recursive: true, force: true });
    }
  }, 60_000);
});
