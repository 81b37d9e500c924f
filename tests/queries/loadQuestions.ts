// Competency questions: each `NN-slug.rq` file in this folder is one question (read by
// src/examples/loadExamples.ts, which the SPARQL page and /api/examples use too), with its expected
// answer beside it: `NN-slug.expected.tsv` for SELECT and ASK, `NN-slug.expected.nt` for CONSTRUCT
// and DESCRIBE.
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import { EXAMPLES_DIR, loadExamples, parseExample, type Example } from '../../src/examples/loadExamples.ts';

export interface Question extends Example {
  readonly expectedFile: string;
}

export const QUESTIONS_DIR = EXAMPLES_DIR;

const EXPECTED_SUFFIXES = ['.expected.tsv', '.expected.nt'] as const;

/** Every question in `dir`, in file-name order. Throws on the first malformed file or missing answer. */
export function loadQuestions(dir: string = QUESTIONS_DIR): Question[] {
  return loadExamples(dir).map(withExpected);
}

export function parseQuestion(file: string): Question {
  return withExpected(parseExample(file));
}

function withExpected(example: Example): Question {
  const stem = example.file.slice(0, -'.rq'.length);
  const expected = EXPECTED_SUFFIXES.map((suffix) => stem + suffix).filter((f) => existsSync(f));
  if (expected.length !== 1) {
    throw new Error(`${example.file}: expected exactly one answer file (${EXPECTED_SUFFIXES.map((s) => basename(stem) + s).join(' or ')}), found ${expected.length}`);
  }
  return { ...example, expectedFile: expected[0] ?? '' };
}
