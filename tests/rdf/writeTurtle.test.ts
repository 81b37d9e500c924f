// Our Turtle/TriG writer against n3's Writer (what the dumps were written with before, and the
// oracle here): the same bytes for awkward terms, prefixes and graphs, and for the whole graph of
// data/ and of generated data; and n3's parser reads the same quads back.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataFactory, Parser, Writer } from 'n3';
import type { Quad } from '@rdfjs/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkGraph } from '../../src/build/buildGraph.ts';
import { dataPrefixes } from '../../src/build/writeDist.ts';
import { serialize } from '../../src/rdf/serialize.ts';
import { SortedQuads } from '../../src/rdf/sortQuads.ts';
import { TextString } from '../../src/rdf/TextChunks.ts';
import { writeTurtle } from '../../src/rdf/writeTurtle.ts';
import { generateDataset, ONTOLOGY_DIR, REAL_DATA_DIR } from '../../bench/generate.ts';

const { namedNode, blankNode, literal, quad, defaultGraph } = DataFactory;
const EX = 'http://example.org/';
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';

const awkward = ['plain', 'quote " and \\ backslash', 'tab\tnew\nline\rret\bback\fform', 'nul \u0000 sub \u001a us \u001f del \u007f',
  'noncharacters \uFFFE \uFFFF', 'astral 😀 𝄞', 'lone \ud800 surrogate', 'accents é ñ ü, Khmer ខ្មែរ, Thai ไทย', '', '"""', "it's"];
const typed: [string, string][] = [
  ['true', 'boolean'], ['yes', 'boolean'], ['42', 'integer'], ['-7', 'integer'], ['4.2', 'integer'], ['1.5', 'decimal'], ['.5', 'decimal'],
  ['1.', 'decimal'], ['1e3', 'double'], ['1.5E-3', 'double'], ['NaN', 'double'], ['2020-01-02', 'date'], ['x', 'string'],
];
const iris = [
  `${EX}id/person/a`, `${EX}id/person/a.b`, `${EX}id/person/a.`, `${EX}id/person/.a`, `${EX}id/person/-a`, `${EX}id/person/_a`,
  `${EX}id/person/1`, `${EX}id/person/a/b`, `${EX}id/person/a%20b`, `${EX}id/person/é`, `${EX}id/person/`, `${EX}id/x`, `${EX}id/`,
  `${EX}odd iri"with\\chars`, `${EX}astral/😀`, 'ex:looks-prefixed', 'ex:bad local!', 'urn:x:y', `${EX}ns#p`,
];

/** Quads with every kind of awkward term, in the default graph and named ones. */
function sample(): Quad[] {
  const out: Quad[] = [];
  const p = namedNode(`${EX}ns#p`);
  const q2 = namedNode(`${EX}ns#q`);
  const graphs = [defaultGraph(), namedNode(`${EX}graph/x`), namedNode(`${EX}graph/y z`), blankNode('g1')];
  iris.forEach((iri, i) => {
    const s = namedNode(iri);
    const g = graphs[i % graphs.length] ?? defaultGraph();
    out.push(quad(s, namedNode(`${RDF}type`), namedNode(`${EX}ns#Thing`), g));
    out.push(quad(s, p, namedNode(iris[(i + 1) % iris.length] as string), g));
    out.push(quad(s, namedNode(iri), s, g));
    for (const v of awkward) out.push(quad(s, p, literal(v), g), quad(s, q2, literal(v, 'km'), g));
    for (const [v, t] of typed) out.push(quad(s, q2, literal(v, namedNode(`${XSD}${t}`)), g));
    out.push(quad(s, q2, literal('x', namedNode(`${EX}dt/odd"type`)), g));
    out.push(quad(blankNode(`b${i}`), p, blankNode(`c${i}`), g), quad(blankNode(`b${i}`), p, s, g));
  });
  out.push(quad(namedNode(`${EX}id/person/a`), p, literal('rtl', { language: 'ar', direction: 'rtl' } as never)));
  return out;
}

const prefixSets: Record<string, Record<string, string>> = {
  none: {},
  nested: { ex: EX, exid: `${EX}id/`, person: `${EX}id/person/`, ns: `${EX}ns#`, xsd: XSD, rdf: RDF },
  innerFirst: { a: `${EX}id/person/`, b: `${EX}id/`, z: EX },
  sameIriTwice: { one: `${EX}ns#`, two: `${EX}ns#`, ex: 'ex:' },
  escapes: { 'g-h': `${EX}graph/`, 'odd.x': `${EX}odd`, '123': `${EX}dt/` },
};

/** What n3's Writer writes for the same rows and prefixes. */
function n3(quads: readonly Quad[], format: string, prefixes: Record<string, string>): string {
  const w = new Writer({ format, prefixes });
  w.addQuads(quads as Quad[]);
  let text = '';
  w.end((e, r: string) => {
    if (e) throw e;
    text = r;
  });
  return text;
}

function ours(data: SortedQuads, trig: boolean, prefixes: Record<string, string>): string {
  const out = new TextString();
  writeTurtle(trig ? data.quadRows() : data.tripleRows(), data.termCount, prefixes, out, trig);
  return out.text;
}

/** The quads, as a sorted list of N-Quads lines, to compare what a parser reads back. */
function lines(quads: Iterable<Quad>): string[] {
  const w = new Writer({ format: 'N-Quads' });
  return [...quads].map((q) => w.quadToString(q.subject, q.predicate, q.object, q.graph)).sort();
}

describe('writeTurtle', () => {
  const data = new SortedQuads(sample());

  for (const [name, prefixes] of Object.entries(prefixSets)) {
    it(`writes the same Turtle and TriG as n3 (prefixes: ${name})`, () => {
      expect(ours(data, false, prefixes)).toBe(n3(data.triples(), 'Turtle', prefixes));
      expect(ours(data, true, prefixes)).toBe(n3(data.quads(), 'application/trig', prefixes));
    });
  }

  it('writes what n3 parses back to the same quads', () => {
    // Only what Turtle can carry: IRIs without characters IRIREF forbids (n3 escapes them as in a
    // literal, which no parser reads back), literals without lone surrogates; and no IRI that looks
    // like a prefixed name of a declared prefix (n3 writes `ex:looks-prefixed` as it is, which reads
    // back as another IRI; we do as n3 does; our IRIs are http(s) and no prefix is named so).
    const badIri = (t: Quad['subject'] | Quad['object'] | Quad['graph']) => t.termType === 'NamedNode' && /[\u0000-\u0020"\\<>{}|^`]|^ex:/.test(t.value);
    const parseable = new SortedQuads(sample().filter((q) => ![q.subject, q.predicate, q.object, q.graph].some(badIri)
      && !(q.object.termType === 'Literal' && (/\ud800(?![\udc00-\udfff])/.test(q.object.value) || badIri(q.object.datatype)))));
    const prefixes = prefixSets.nested as Record<string, string>;
    const trig = new Parser({ format: 'application/trig', blankNodePrefix: '' }).parse(ours(parseable, true, prefixes));
    expect(lines(trig)).toEqual(lines(parseable.quads()));
    const turtle = new Parser({ format: 'Turtle', blankNodePrefix: '' }).parse(ours(parseable, false, prefixes));
    expect(lines(turtle)).toEqual(lines(parseable.triples()));
  });

  it('writes empty input as the prefixes alone', () => {
    const empty = new SortedQuads([]);
    expect(ours(empty, false, { ex: EX })).toBe(n3([], 'Turtle', { ex: EX }));
    expect(ours(empty, true, {})).toBe('');
  });

  it('refuses a term Turtle cannot hold', () => {
    const v = DataFactory.variable('x');
    const out = new TextString();
    const bad = new SortedQuads([quad(namedNode(`${EX}s`), namedNode(`${EX}p`), v as never)]);
    expect(() => writeTurtle(bad.tripleRows(), bad.termCount, {}, out, false)).toThrow('Turtle cannot write a Variable here');
  });
});

describe('the dumps of real and generated data, against n3', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'asean-kg-writers-'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  const check = async (dataDir: string) => {
    const graph = await checkGraph({ dataDir, ontologyDir: ONTOLOGY_DIR });
    const data = new SortedQuads(graph.quads);
    const prefixes = dataPrefixes(graph);
    for (const [format, n3Format, quads] of [
      ['turtle', 'Turtle', data.triples()], ['trig', 'application/trig', data.quads()],
      ['ntriples', 'N-Triples', data.triples()], ['nquads', 'N-Quads', data.quads()],
    ] as const) {
      const text = serialize(data, format, { prefixes });
      // The prefixes the dump declares are the ones n3 gets too.
      const declared = Object.fromEntries([...text.matchAll(/^@prefix (\S*): <([^>]*)>\.$/gm)].map((m) => [m[1], m[2]]));
      expect(text).toBe(n3(quads, n3Format, declared as Record<string, string>));
      expect(lines(new Parser({ format: n3Format, blankNodePrefix: '' }).parse(text))).toEqual(lines(quads));
    }
  };

  it('data/', () => check(REAL_DATA_DIR), 60_000);

  it('generated data', async () => {
    const gen = await generateDataset({ dir: join(root, 'data'), triples: 20_000, seed: 5 });
    await check(gen.dir);
  }, 120_000);
});
