// The example queries: each `NN-slug.rq` file in tests/queries/ is one competency question, with a
// header of `# title:`, `# description:` and `# tags:` comment lines. The tests run these same files
// against the data (tests/queries/loadQuestions.ts adds their expected answers); the SPARQL page
// offers them as named examples and /api/examples serves them as JSON.
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Example {
  /** The file name without `.rq`, e.g. `01-meetings-chaired-by-lay-chenda`. */
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly tags: readonly string[];
  /** The whole file, header comments included (they are SPARQL comments). */
  readonly query: string;
  readonly file: string;
}

/** Where the competency questions live: the test suite runs them, so the examples cannot drift. */
export const EXAMPLES_DIR = fileURLToPath(new URL('../../tests/queries/', import.meta.url));

const FILE_NAME = /^\d{2,}-[a-z0-9]+(?:-[a-z0-9]+)*\.rq$/;
const HEADER_LINE = /^#\s*([a-z]+):\s*(.*)$/;
const CONTINUATION = /^#\s{2,}(\S.*)$/;
const KEYS = ['title', 'description', 'tags'] as const;
type Key = (typeof KEYS)[number];

/** Every example in `dir`, in file-name order. Throws on the first malformed file. */
export function loadExamples(dir: string = EXAMPLES_DIR): Example[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.rq'))
    .sort()
    .map((name) => parseExample(join(dir, name)));
}

/** Reads one `.rq` file and its header (title, description, tags, in any order; a line starting `#   ` continues the one before). */
export function parseExample(file: string): Example {
  const name = basename(file);
  if (!FILE_NAME.test(name)) throw new Error(`${file}: a question file is named NN-lowercase-slug.rq`);
  const query = readFileSync(file, 'utf8');
  const header = readHeader(file, query);
  return {
    id: name.slice(0, -'.rq'.length),
    title: header.get('title') ?? '',
    description: header.get('description') ?? '',
    tags: (header.get('tags') ?? '').split(',').map((t) => t.trim()).filter((t) => t !== ''),
    query,
    file,
  };
}

function readHeader(file: string, query: string): Map<Key, string> {
  const header = new Map<Key, string>();
  let last: Key | undefined;
  for (const [i, line] of query.split('\n').entries()) {
    if (!line.startsWith('#')) break;
    const continued = CONTINUATION.exec(line);
    if (continued && last !== undefined && !HEADER_LINE.test(line)) {
      header.set(last, `${header.get(last) ?? ''} ${continued[1] ?? ''}`.trim());
      continue;
    }
    const m = HEADER_LINE.exec(line);
    const key = m?.[1];
    if (!m || !isKey(key)) throw new Error(`${file}:${i + 1}: expected "# title: ...", "# description: ..." or "# tags: ..."`);
    if (header.has(key)) throw new Error(`${file}:${i + 1}: "${key}" given twice`);
    header.set(key, (m[2] ?? '').trim());
    last = key;
  }
  for (const key of KEYS) {
    if (!header.get(key)) throw new Error(`${file}:1: the header has no "# ${key}: ..." line`);
  }
  return header;
}

function isKey(key: string | undefined): key is Key {
  return (KEYS as readonly string[]).includes(key ?? '');
}
