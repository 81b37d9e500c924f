// The fast YAML reader against the yaml package (the oracle): the same nodes, values and positions
// for every file of data/, for generated records, and for edge cases; anything outside its subset
// must fall back (undefined), so that the yaml package's behaviour and messages stay.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDataset, REAL_DATA_DIR } from '../../bench/generate.ts';
import { Problems } from '../../src/load/problems.ts';
import { parseSimpleYaml } from '../../src/load/readSimpleYaml.ts';
import { parseWithYamlPackage } from '../../src/load/readYaml.ts';

async function yamlFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await yamlFiles(path)));
    else if (e.name.endsWith('.yaml')) out.push(path);
  }
  return out.sort();
}

/** Parses both ways; the fast reader must agree with the yaml package whenever it answers. */
function compare(text: string, file = 'data/x.yaml'): 'fast' | 'fallback' {
  const fast = parseSimpleYaml(text, file);
  if (fast === undefined) return 'fallback';
  const problems = new Problems();
  const reference = parseWithYamlPackage(text, file, problems);
  expect(problems.list, `the yaml package found problems in a text the fast reader accepted:\n${text}`).toEqual([]);
  expect(fast, text).toEqual(reference);
  return 'fast';
}

describe('parseSimpleYaml', () => {
  it('reads every record of data/ as the yaml package does', async () => {
    const files = await yamlFiles(REAL_DATA_DIR);
    expect(files.length).toBeGreaterThan(50);
    for (const path of files) {
      const shown = `data/${relative(REAL_DATA_DIR, path)}`;
      const way = compare(await readFile(path, 'utf8'), shown);
      // context.yaml and dataset.yaml use block scalars and nesting: the yaml package reads them.
      if (!/data\/(context|dataset)\.yaml$/.test(shown)) expect(way, shown).toBe('fast');
    }
  });

  let generated: string | undefined;
  afterAll(async () => {
    if (generated) await rm(generated, { recursive: true, force: true });
  });

  it('reads generated records as the yaml package does', async () => {
    generated = await mkdtemp(join(tmpdir(), 'asean-kg-yaml-'));
    const dir = join(generated, 'data');
    await generateDataset({ dir, triples: 20_000, seed: 7 });
    const files = (await yamlFiles(dir)).filter((f) => !/(context|dataset)\.yaml$/.test(f));
    expect(files.length).toBeGreaterThan(5);
    for (const path of files) expect(compare(await readFile(path, 'utf8'), path), path).toBe('fast');
  });

  const fast: readonly string[] = [
    'id: a\ntype: Person\nsource: s\n',
    'id: a\n',
    'id: a',
    '# comment\n\nid: a # trailing\nname: "x" # c\n  # indented comment\n',
    '---\nid: a\n---\nid: b\n',
    '\n---\nid: a\n# comment\n---\n\nid: b\n',
    '',
    'name:   spaced   value   \n',
    'name: "quotes \\" and \\\\ and \\n \\t \\u00e9 \\ud83d\\ude00 \\/ slash"\n',
    'name: "with: colon, comma {brace} [bracket] #hash"\n',
    'name: plain with \'quote\' and "double" and #hash and a:b\n',
    'name: Khmer ខ្មែរ and astral 😀\n',
    'year: 2024\nneg: -12\nplus: +7\nzero: 0\nlead: 007\ndate: 2022-04-20\n',
    'n: null\nN: Null\nt: true\nT: True\nf: false\nF: FALSE\n',
    'word: yes\nother: no\non: off\n',
    'type:\n  - A\n  - B\nsource: s\n',
    'type:\n- A\n- B\n',
    'type:\n    - A # c\n\n    # c\n    - "B"\nsource: s\n',
    'country:\n  - {value: satha, source: igo}\n  - {value: "quoted, text", source: igo}\n  - plain\n',
    'country: {value: satha, source: igo}\n',
    'country: { value: satha, source: igo}\n',
    'attendanceMode: schema:OnlineEventAttendanceMode\n',
    'k_1-x: v\n',
    'a: 1\n---\na: 2\n',
  ];
  it.each(fast)('reads %j as the yaml package does', (text) => {
    expect(compare(text)).toBe('fast');
  });

  const fallback: readonly string[] = [
    'id: a\r\nname: b\r\n', 'id:\ta\n', 'name: \'single\'\n', 'name: >-\n  folded\n', 'name: |\n  literal\n',
    'a: &x v\nb: *x\n', 'a: !tag v\n', 'a: [x, y]\n', 'a:\n  b: c\n', 'a: x\n  continued\n', 'a:\n', 'a:\nb: c\n',
    'a: x\na: y\n', 'null: x\n', '%YAML 1.2\n---\na: b\n', 'a: b\n...\n', '- a\n- b\n', 'plain\n', '"quoted": x\n',
    'a: 1.5\n', 'a: 0x1F\n', 'a: 0o17\n', 'a: .inf\n', 'a: ~\n', 'a: 1e3\n', 'a: 2022-04\n', 'a: -x\n', 'a: ?x\n',
    'a: x: y\n', 'a: x:\n', 'a: "unterminated\n', 'a: "x" trailing\n', 'a: "x"#c\n', 'a: "raw \u0001"\n',
    'a: "\\x41"\n', 'a: "\\e"\n', 'a:\n  - \n', 'a:\n  -\n', 'a:\n  - x\n   - y\n', 'a:\n  - {}\n',
    'a: {value: {x: y}, source: s}\n', 'a: {value: x, value: y}\n', 'a: {value: x,source: y}\n', 'a: {value: x, source: y} z\n',
    'a: {value: x, source: y,}\n', 'a: {value: x\n  , source: y}\n', 'a: b\n--- c: d\n', ' a: b\n', 'a: b}\n', 'a: b # c\n  x: y\n',
    'a: \u0085x\n', 'a: x\ufeff\n', '---\nid: a\n---\n', '---\n---\nid: a\n', '# only a comment\n', '# c\n---\nid: a\n',
    'id: a\n---\n# only a comment\n---\nid: b\n',
  ];
  it.each(fallback)('leaves %j to the yaml package', (text) => {
    expect(parseSimpleYaml(text, 'data/x.yaml')).toBeUndefined();
  });

  it('agrees with the yaml package on thousands of random edits of a record, or falls back', () => {
    const base = 'id: a-b\ntype:\n  - Person\n  - Agent\nsource: s-1\nname: "Lay \\"Chenda\\""\nyear: 2022\n'
      + 'member:\n  - {value: satha, source: igo}\n  - plain text\nnote: a note # comment\n---\nid: c\nsource: s\n';
    const pieces = [' ', '  ', '\n', '-', '- ', ':', ': ', '#', ' #', '"', "'", '{', '}', ',', ', ', '[', ']', '---', '\\', 'x', '0', '1.5',
      'null', 'true', '~', '&a', '*a', '!t', '|', '>', '?', '%', '@', '`', 'é', '😀', '\t', '\r'];
    let seed = 12345;
    const random = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    let fastCount = 0;
    for (let i = 0; i < 3000; i++) {
      let text = base;
      for (let k = 1 + random(3); k > 0; k--) {
        const at = random(text.length + 1);
        const cut = random(3) === 0 ? random(4) : 0;
        text = text.slice(0, at) + (pieces[random(pieces.length)] as string) + text.slice(at + cut);
      }
      if (compare(text) === 'fast') fastCount++;
    }
    expect(fastCount).toBeGreaterThan(300); // the comparison was made often enough to mean something
  });
});
