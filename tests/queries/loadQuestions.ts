// Competency questions: each `NN-slug.rq` file in this folder is one question, with a header of
// `# title:`, `# description:` and `# tags:` comment lines, and its expected answer beside it
// (`NN-slug.expected.tsv` for SELECT and ASK, `NN-slug.expected.nt` for CONSTRUCT and DESCRIBE).
// The tests run them; the SPARQL page and /api/examples offer them as named example queries.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';

export interface Question {
  /** The file name without `.rq`, e.g. `01-meetings-chaired-by-lay-chenda`. */
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly tags: readonly string[];
  /** The whole file, header comments included (they are SPARQL comments). */
  readonly query: string;
  readonly file: string;
  readonly expectedFile: string;
}

export const QUESTIONS_DIR = new URL('./', import.meta.url).pathname;

const FILE_NAME = /^\d{2,}-[a-z0-9]+(?:-[a-z0-9]+)*\.rq$/;
const HEADER_LINE = /^#\s*([a-z]+):\s*(.*)$/;
const CONTINUATION = /^#\s{2,}(\S.*)$/;
const KEYS = ['title', 'description', 'tags'] as const;
type Key = (typeof KEYS)[number];
const EXPECTED_SUFFIXES = ['.expected.tsv', '.expected.nt'] as const;

/** Every question in `dir`, in file-name order. Throws on the first malformed file. */
export function loadQuestions(dir: string = QUESTIONS_DIR): Question[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.rq'))
    .sort()
    .map((name) => parseQuestion(join(dir, name)));
}

/** Reads one `.rq` file: its header (title, description, tags, in any order) and its expected-answer file. */
export function parseQuestion(file: string): Question {
  const name = basename(file);
  if (!FILE_NAME.test(name)) throw new Error(`${file}: a question file is named NN-lowercase-slug.rq`);
  const query = readFileSync(file, 'utf8');
  const header = new Map<Key, string>();
  let last: Key | undefined;
  const lines = query.split('\n');
  for (const [i, line] of lines.entries()) {
    if (!line.startsWith('#')) break;
    const continued = CONTINUATION.exec(line);
    if (continued && last !== undefined && !HEADER_LINE.test(line)) {
      header.set(last, `${header.get(last) ?? ''} ${continued[1] ?? ''}`.trim());
      continue;
    }
    const m = HEADER_LINE.exec(line);
    const key = m?.[1];
    if (!m || !isKey(key)) {
      throw new Error(`${file}:${i + 1}: expected "# title: ...", "# description: ..." or "# tags: ..."`);
    }
    if (header.has(key)) throw new Error(`${file}:${i + 1}: "${key}" given twice`);
    header.set(key, (m[2] ?? '').trim());
    last = key;
  }
  for (const key of KEYS) {
    if (!header.get(key)) throw new Error(`${file}:1: the header has no "# ${key}: ..." line`);
  }
  const stem = file.slice(0, -'.rq'.length);
  const expected = EXPECTED_SUFFIXES.map((suffix) => stem + suffix).filter((f) => existsSync(f));
  if (expected.length !== 1) {
    throw new Error(`${file}: expected exactly one answer file (${EXPECTED_SUFFIXES.map((s) => basename(stem) + s).join(' or ')}), found ${expected.length}`);
  }
  return {
    id: name.slice(0, -'.rq'.length),
    title: header.get('title') ?? '',
    description: header.get('description') ?? '',
    tags: (header.get('tags') ?? '').split(',').map((t) => t.trim()).filter((t) => t !== ''),
    query,
    file,
    expectedFile: expected[0] ?? '',
  };
}

function isKey(key: string | undefined): key is Key {
  return (KEYS as readonly string[]).includes(key ?? '');
}
