// The competency questions (tests/queries/*.rq) answered over HTTP give byte for byte what oxigraph
// gives in process on the same dump. This also checks that the row limit, applied by regenerating
// each SELECT with sparqljs, leaves every real query's answer unchanged.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ox from 'oxigraph';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build/build.ts';
import { loadNquads } from '../../src/graph/loadNquads.ts';
import { parseQuery } from '../../src/graph/parseQuery.ts';
import { loadQuestions } from '../queries/loadQuestions.ts';
import { q, request, startServer, type TestServer } from './helpers.ts';

const REPO = new URL('../../', import.meta.url).pathname;
const questions = loadQuestions();
let s: TestServer | undefined;
let store: ox.Store;
let base: string;
let buildErrors: readonly string[] = [];

beforeAll(async () => {
  const outDir = join(mkdtempSync(join(tmpdir(), 'questions-dist-')), 'dist');
  const result = await build({ dataDir: join(REPO, 'data'), ontologyDir: join(REPO, 'ontology'), outDir });
  buildErrors = result.errors;
  if (buildErrors.length > 0 || !result.manifest) return;
  base = result.manifest.base;
  store = new ox.Store();
  loadNquads(store, readFileSync(join(outDir, 'asean-kg.nq')));
  s = await startServer({ dist: outDir });
}, 120_000);
afterAll(async () => s?.close());

const MEDIA = { SELECT: 'text/tab-separated-values', ASK: 'application/sparql-results+json', CONSTRUCT: 'application/n-triples', DESCRIBE: 'application/n-triples' };

describe('competency questions over HTTP', () => {
  it('the build succeeds (otherwise see the build tests)', () => {
    expect(buildErrors).toEqual([]);
  });
  it.each(questions.map((x) => [x.id, x] as const))('%s', async (_id, question) => {
    if (!s) throw new Error('no server: the build failed');
    const kind = parseQuery(question.query, base).kind;
    const mediaType = MEDIA[kind];
    const inProcess = store.query(question.query, { use_default_graph_as_union: true, base_iri: base, results_format: mediaType }) as string;
    const r = await request(`${s.url}/sparql${q(question.query)}`, { headers: { Accept: mediaType } });
    expect(r.status).toBe(200);
    expect(r.headers.get('x-result-truncated')).toBeNull();
    expect(r.body).toBe(inProcess);
  });
});
