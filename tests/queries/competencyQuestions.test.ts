// Competency questions: every tests/queries/NN-slug.rq runs against the graph built from the real
// data, loaded into oxigraph with the default graph as the union of the named graphs (as served),
// and its answer must equal NN-slug.expected.tsv (SELECT, ASK) or NN-slug.expected.nt (CONSTRUCT,
// DESCRIBE). Adding a question is adding those two files.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Parser as TurtleParser } from 'n3';
import type { Term } from '@rdfjs/types';
import oxigraph from 'oxigraph';
import sparqljs from 'sparqljs';
import type { SparqlQuery } from 'sparqljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build/build.ts';
import { scratchCopy, type Scratch } from '../helpers/dataCopy.ts';
import { loadQuestions, type Question } from './loadQuestions.ts';

const AKG = 'https://w3id.org/asean-kg/ontology#';
/** What a `schema-only` question may name: plain W3C/schema.org vocabularies, and data (not ontology) IRIs. */
const SCHEMA_ONLY_NAMESPACES = [
  'https://schema.org/',
  'http://xmlns.com/foaf/0.1/',
  'http://www.w3.org/ns/org#',
  'http://www.w3.org/ns/prov#',
  'http://www.w3.org/2004/02/skos/core#',
  'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  'http://www.w3.org/2000/01/rdf-schema#',
  'http://www.w3.org/2002/07/owl#',
  'http://www.w3.org/2001/XMLSchema#',
  'https://w3id.org/asean-kg/id/',
  'https://w3id.org/asean-kg/graph/',
];

const questions = loadQuestions();
let scratch: Scratch;
let store: oxigraph.Store;

beforeAll(async () => {
  scratch = await scratchCopy();
  const result = await build({ dataDir: scratch.dataDir, ontologyDir: scratch.ontologyDir, outDir: scratch.outDir });
  expect(result.errors).toEqual([]);
  store = new oxigraph.Store();
  store.load(readFileSync(join(scratch.outDir, 'asean-kg.nq'), 'utf8'), { format: 'application/n-quads' });
});
afterAll(() => scratch.remove());

describe('competency questions', () => {
  it('has at least 25 questions, 8 of them in schema.org/FOAF/ORG/PROV/SKOS terms only', () => {
    expect(questions.length).toBeGreaterThanOrEqual(25);
    expect(questions.filter((q) => q.tags.includes('schema-only')).length).toBeGreaterThanOrEqual(8);
    const numbers = questions.map((q) => q.id.split('-')[0]);
    expect(new Set(numbers).size, 'each NN is used once').toBe(numbers.length);
    for (const q of questions) expect(q.tags.filter((t) => !/^[a-z][a-z0-9-]*$/.test(t)), q.id).toEqual([]);
  });

  it('rejects a question file whose header lacks a title, naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'asean-kg-cq-'));
    try {
      writeFileSync(join(dir, '01-no-title.rq'), '# description: d\n# tags: t\nASK {}\n');
      writeFileSync(join(dir, '01-no-title.expected.tsv'), 'true\n');
      expect(() => loadQuestions(dir)).toThrow(`${join(dir, '01-no-title.rq')}:1: the header has no "# title: ..." line`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  for (const q of questions) {
    describe(`${q.id}: ${q.title}`, () => {
      const parsed = new sparqljs.Parser().parse(q.query);

      it('is a query whose answer file suits its kind', () => {
        expect(parsed.type).toBe('query');
        const kind = queryType(parsed);
        expect(q.expectedFile.endsWith(kind === 'SELECT' || kind === 'ASK' ? '.expected.tsv' : '.expected.nt')).toBe(true);
      });

      if (q.tags.includes('schema-only')) {
        it('uses no akg: term, only schema.org/FOAF/ORG/PROV/SKOS/RDF(S)/OWL/XSD and data IRIs', () => {
          const iris = [...collectIris(parsed)];
          expect(iris.filter((iri) => iri.startsWith(AKG))).toEqual([]);
          expect(iris.filter((iri) => !SCHEMA_ONLY_NAMESPACES.some((ns) => iri.startsWith(ns)))).toEqual([]);
        });
      }

      it('gives the expected answer', () => {
        const kind = queryType(parsed);
        const expected = readFileSync(q.expectedFile, 'utf8');
        if (kind === 'ASK') {
          expect(run(q, 'tsv').trim()).toBe(expected.trim());
        } else if (kind === 'SELECT') {
          const actual = parseTsv(run(q, 'tsv'));
          const wanted = parseTsv(expected);
          expect(actual.head).toEqual(wanted.head);
          if (isOrdered(parsed)) expect(actual.rows).toEqual(wanted.rows);
          else expect([...actual.rows].sort()).toEqual([...wanted.rows].sort());
        } else {
          expect(parseNTriples(run(q, 'application/n-triples')).sort()).toEqual(parseNTriples(expected).sort());
        }
      });
    });
  }
});

function run(q: Question, format: string): string {
  return store.query(q.query, { use_default_graph_as_union: true, results_format: format }) as string;
}

function queryType(parsed: SparqlQuery): string {
  return parsed.type === 'query' ? parsed.queryType : 'UPDATE';
}

function isOrdered(parsed: SparqlQuery): boolean {
  return parsed.type === 'query' && parsed.queryType === 'SELECT' && (parsed.order?.length ?? 0) > 0;
}

/** Every IRI the parsed query names (in patterns, paths, expressions, datatypes, VALUES, templates). */
function collectIris(node: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) {
    for (const item of node) collectIris(item, found);
  } else if (node !== null && typeof node === 'object') {
    const term = node as { termType?: unknown; value?: unknown; datatype?: unknown };
    if (term.termType === 'NamedNode' && typeof term.value === 'string') found.add(term.value);
    if (term.termType === 'Literal') collectIris(term.datatype, found);
    for (const [key, value] of Object.entries(node)) {
      if (key !== 'prefixes') collectIris(value, found);
    }
  }
  return found;
}

/** SPARQL 1.1 TSV results: the header's variables, and each row as one comparable string. */
function parseTsv(text: string): { head: string[]; rows: string[] } {
  const [head = '', ...rows] = text.replace(/\n$/, '').split('\n');
  return { head: head.split('\t'), rows: rows.map((row) => row.split('\t').map(cellKey).join(' | ')) };
}

/** A TSV cell read as a Turtle term, so `4` equals `"4"^^xsd:integer`; every blank node is alike; unbound is empty. */
function cellKey(cell: string): string {
  if (cell === '') return '';
  const [quad] = new TurtleParser({ format: 'text/turtle' }).parse(`<urn:s> <urn:p> ${cell} .`);
  if (!quad) throw new Error(`not an RDF term: ${cell}`);
  return termKey(quad.object);
}

function parseNTriples(text: string): string[] {
  return new TurtleParser({ format: 'N-Triples' })
    .parse(text)
    .map((quad) => [quad.subject, quad.predicate, quad.object].map(termKey).join(' '));
}

function termKey(term: Term): string {
  switch (term.termType) {
    case 'NamedNode':
      return `<${term.value}>`;
    case 'BlankNode':
      return '_:';
    case 'Literal':
      if (term.language) return `${JSON.stringify(term.value)}@${term.language}`;
      return term.datatype.value === 'http://www.w3.org/2001/XMLSchema#string'
        ? JSON.stringify(term.value)
        : `${JSON.stringify(term.value)}^^<${term.datatype.value}>`;
    default:
      return `?${term.value}`;
  }
}
