// The dump read as per-graph batches for `push`: bounded batches, blank-node lines kept apart (and
// labels shared between graphs noticed), and clear errors for a dump that is not the build's.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GraphBatches, type Batch } from '../../src/remote/GraphBatches.ts';

function dump(lines: readonly string[]): string {
  const file = join(mkdtempSync(join(tmpdir(), 'batches-')), 'd.nq');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

async function all(file: string, max: number): Promise<{ batches: Batch[]; reader: GraphBatches }> {
  const reader = new GraphBatches(file);
  const batches: Batch[] = [];
  for (let b = await reader.next(max); b; b = await reader.next(max)) batches.push(b);
  return { batches, reader };
}

const G = (n: string) => `<http://g/${n}>`;

describe('GraphBatches', () => {
  it('cuts each graph into batches of at most max lines and says where a graph ends', async () => {
    const file = dump([
      `<http://s> <http://p> "a" ${G('a')} .`, `<http://s> <http://p> "b" ${G('a')} .`, `<http://s> <http://p> "c" ${G('a')} .`,
      `<http://s> <http://p> <http://o> ${G('b')} .`,
    ]);
    const { batches } = await all(file, 2);
    expect(batches.map((b) => [b.graph, b.plain.length, b.endOfGraph])).toEqual([['http://g/a', 2, false], ['http://g/a', 1, true], ['http://g/b', 1, true]]);
    expect(batches[2]?.plain).toEqual(['<http://s> <http://p> <http://o> .\n']);
  });

  it('keeps blank-node lines apart, and notices a label used in two graphs', async () => {
    const file = dump([`_:x <http://p> "1" ${G('a')} .`, `<http://s> <http://p> "_:not a node" ${G('a')} .`, `_:x <http://p> "2" ${G('b')} .`, `_:y <http://p> "3" ${G('b')} .`]);
    const { batches, reader } = await all(file, 10);
    expect(batches.map((b) => [b.plain.length, b.blank.length])).toEqual([[0, 2], [0, 2]]);
    expect([...reader.sharedBlankNodes]).toEqual(['x']);
  });

  it.each([
    [[`<http://s> <http://p> <http://o> .`], 'd.nq:1: a triple is in the default graph (push uploads named graphs only); run `npm run build` again'],
    [[`<http://s> <http://p> "x" ${G('a')}`], 'd.nq:1: a line does not end with "."'],
    [[`<http://s> <http://p> "x" ${G('a')} .`, `<http://s> <http://p> "y" ${G('b')} .`, `<http://s> <http://p> "z" ${G('a')} .`], 'd.nq:3: graph <http://g/a> appears twice, apart: the dump is not sorted by graph'],
  ])('refuses %j', async (lines, message) => {
    await expect(all(dump(lines), 10)).rejects.toThrow(message);
  });
});
