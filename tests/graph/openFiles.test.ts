// `serve --data`: the user's files in every RDF format become one dataset (triple formats in the
// default graph, quad formats keeping their graphs, blank nodes kept apart per file); every problem
// in every file is reported as file:line:col, and no remote JSON-LD context is ever fetched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Graph } from '../../src/graph/Graph.ts';
import { DatasetError, openFiles } from '../../src/graph/openDataset.ts';
import { parseQuery } from '../../src/graph/parseQuery.ts';

const F = 'tests/fixtures/http/';
const ALL = ['erin.jsonld', 'frank.rdf', 'gina.nt', 'hal.nq', 'ida.ttl', 'small.trig'].map((f) => F + f);

describe('every format together', () => {
  let graph: Graph;
  beforeAll(async () => {
    graph = await Graph.open(await openFiles(ALL), { base: 'http://example.org/', poolSize: 1, queueLimit: 4 });
  });
  afterAll(async () => graph?.close());

  const select = async (query: string) => {
    const out = await graph.query({
      parsed: parseQuery(query, graph.info.base), format: 'tsv', mediaType: 'text/tab-separated-values', dataset: undefined,
      timeoutMs: 5000, limitName: 'test', maxRows: 1000, maxBytes: 1_000_000,
    });
    return Buffer.from(out.body).toString('utf8').trim().split('\n').slice(1);
  };

  it('holds every file\'s triples; quad formats keep their graphs', async () => {
    expect(graph.info.triples).toBe(17 + 4 + 4 + 2 + 1 + 3);
    expect(graph.info.graphs.map((g) => g.iri)).toEqual(['http://example.org/docs', 'http://example.org/g/hal', 'http://example.org/people']);
  });
  it('reads JSON-LD, RDF/XML, N-Triples, N-Quads and Turtle', async () => {
    const names = await select('SELECT ?n WHERE { ?s <http://xmlns.com/foaf/0.1/name> ?n } ORDER BY ?n');
    expect(names).toEqual(expect.arrayContaining(['"Erin"', '"Frank"', '"Frank\'s friend"', '"Gina"', '"Gina\'s friend"', '"Hal"', '"Ida"', '"Ida\'s friend"', '"Someone"']));
  });
  it('keeps blank nodes of different files apart (both gina.nt and erin.jsonld say _:b0)', async () => {
    const rows = await select('SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE { ?b <http://xmlns.com/foaf/0.1/name> ?x FILTER(isBlank(?b)) }');
    expect(rows).toEqual(['5']);
  });
});

describe('problems in the files', () => {
  const problems = async (files: string[]) => {
    try {
      await openFiles(files);
    } catch (e) {
      if (e instanceof DatasetError) return e.message.split('\n');
      throw e;
    }
    throw new Error('expected a DatasetError');
  };
  it('every problem of every file, each with its place', async () => {
    expect(await problems([`${F}bad.ttl`, `${F}remote-context.jsonld`, `${F}missing.ttl`, `${F}notes.txt`, `${F}ida.ttl`])).toEqual([
      `${F}bad.ttl:3:11: Unexpected end of file`,
      `${F}remote-context.jsonld: invalid JSON-LD: remote context <https://schema.org/> refused: this server never fetches documents; inline the @context`,
      `${F}missing.ttl: cannot read: ENOENT`,
      `${F}notes.txt: unknown RDF format: use .ttl, .nt, .nq, .trig, .jsonld or .rdf`,
    ]);
  });
});
