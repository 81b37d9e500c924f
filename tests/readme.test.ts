// The README tells the truth: its data-model tables are what the ontology and context say, and the
// error example is what the build prints for that record.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { updateReadme } from '../src/build/updateDocs.ts';
import { buildErrors } from './helpers/buildErrors.ts';
import { REPO, scratchCopy, type Scratch } from './helpers/dataCopy.ts';

const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
const scratches: Scratch[] = [];
afterAll(async () => Promise.all(scratches.map((s) => s.remove())));

describe('README', () => {
  it('has the data-model tables generated from the ontology (run `npm run docs` after changing them)', async () => {
    const { changed } = await updateReadme(REPO, false);
    expect(changed).toBe(false);
  });

  it('shows the errors the build really prints for the misspelt record', async () => {
    const record = /```yaml\n# data\/people\/lay-chenda\.yaml\n(id: lay-chenda\ntype: Persn[\s\S]*?)```/.exec(readme)?.[1];
    const shown = /```text\n\$ npm run build\n([\s\S]*?)```/.exec(readme)?.[1]?.trimEnd().split('\n');
    expect(record).toBeDefined();
    const s = await scratchCopy();
    scratches.push(s);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(s.dataDir, 'people', 'lay-chenda.yaml'), record ?? '');
    expect(await buildErrors(s)).toEqual(shown);
  });
});
