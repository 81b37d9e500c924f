// The examples as the server offers them: read once from the .rq files, each with its kind taken
// from the parsed query (never from its text). A server started without the files (a copy without
// tests/) offers no examples rather than failing to start.
import { parseQuery, type QueryKind } from '../graph/parseQuery.ts';
import { EXAMPLES_DIR, loadExamples } from './loadExamples.ts';

export interface CatalogEntry {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly queryType: QueryKind;
  readonly query: string;
}

let cached: readonly CatalogEntry[] | undefined;

/** The examples of `dir` (default: the competency questions), in file-name order. */
export function exampleCatalog(dir: string = EXAMPLES_DIR): readonly CatalogEntry[] {
  if (dir === EXAMPLES_DIR && cached) return cached;
  let entries: CatalogEntry[];
  try {
    entries = loadExamples(dir).map((e) => ({
      id: e.id, title: e.title, description: e.description, tags: e.tags, queryType: parseQuery(e.query, '').kind, query: e.query,
    }));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    entries = [];
  }
  if (dir === EXAMPLES_DIR) cached = entries;
  return entries;
}
