// Bad input, case by case: each folder in tests/fixtures/records/ overlays a scratch copy of data/
// and ontology/, and the build must fail with exactly the lines of its expected.errors.txt.
// Adding a case is adding a folder. UPDATE_FIXTURES=1 writes the files for a new case (review them!).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildErrors } from '../helpers/buildErrors.ts';
import { REPO, scratchCopy, type Scratch } from '../helpers/dataCopy.ts';

const CASES = join(REPO, 'tests/fixtures/records');
const scratches: Scratch[] = [];
afterAll(async () => Promise.all(scratches.map((s) => s.remove())));

describe('bad records are reported with file:line:col', () => {
  for (const name of readdirSync(CASES).sort()) {
    it(name, async () => {
      const s = await scratchCopy(join(CASES, name));
      scratches.push(s);
      const errors = await buildErrors(s);
      const expectedFile = join(CASES, name, 'expected.errors.txt');
      if (process.env.UPDATE_FIXTURES && !existsSync(expectedFile)) writeFileSync(expectedFile, `${errors.join('\n')}\n`);
      const expected = readFileSync(expectedFile, 'utf8').trimEnd().split('\n');
      expect(errors).toEqual(expected);
    });
  }
});
