// The JSON-LD dump is written node by node (writeJsonldTo); the whole-document writer
// (writeJsonld, checked against jsonld.js elsewhere) is its reference: the same bytes, for awkward
// terms, several graphs, terms that compact to the same id, and the graph of data/ and of
// generated data.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataFactory } from 'n3';
import type { Quad } from '@rdfjs/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkGraph } from '../../src/build/buildGraph.ts';
import { jsonldContext, type JsonLdContext } from '../../src/rdf/jsonldContext.ts';
import { SortedQuads } from '../../src/rdf/sortQuads.ts';
import { TextChunks, TextString } from '../../src/rdf/TextChunks.ts';
import { writeJsonld, writeJsonldTo } from '../../src/rdf/writeJsonld.ts';
import { generateDataset, ONTOLOGY_DIR, REAL_DATA_DIR } from '../../bench/generate.ts';

const { namedNode, blankNode, literal, quad, defaultGraph } = DataFactory;
const EX = 'http://example.org/';
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

const context: JsonLdContext = {
  '@version': 1.1, '@base': EX, id: '@id', type: '@type', ex: `${EX}ns#`, xsd: XSD, clash: 'http://other.org/',
  Thing: { '@id': `${EX}ns#Thing` }, name: { '@id': `${EX}ns#name` }, knows: { '@id': `${EX}ns#knows`, '@type': '@id' },
  label: { '@id': `${EX}ns#label`, '@language': 'km' }, date: { '@id': `${EX}ns#date`, '@type': `${XSD}date` },
};

function sample(): Quad[] {
  const out: Quad[] = [];
  const graphs = [defaultGraph(), namedNode(`${EX}graph/a`), blankNode('g1'), namedNode('http://elsewhere.org/g')];
  ['id/a', 'id/b c', 'id/é', 'x', 'ns#odd'].forEach((local, i) => {
    const s = i === 4 ? blankNode('b1') : namedNode(`${EX}${local}`);
    for (const g of graphs) {
      out.push(quad(s, namedNode(RDF_TYPE), namedNode(`${EX}ns#Thing`), g), quad(s, namedNode(RDF_TYPE), namedNode(`${EX}ns#Other`), g));
      out.push(quad(s, namedNode(`${EX}ns#name`), literal('quote " \\ new\nline 😀'), g), quad(s, namedNode(`${EX}ns#name`), literal('two'), g));
      out.push(quad(s, namedNode(`${EX}ns#knows`), namedNode(`${EX}id/b`), g), quad(s, namedNode(`${EX}ns#knows`), blankNode('b2'), g));
      out.push(quad(s, namedNode(`${EX}ns#label`), literal('ខ្មែរ', 'km'), g), quad(s, namedNode(`${EX}ns#label`), literal('en', 'en'), g));
      out.push(quad(s, namedNode(`${EX}ns#date`), literal('2020-01-02', namedNode(`${XSD}date`)), g));
      out.push(quad(s, namedNode(`${EX}ns#date`), literal('soon'), g));
      out.push(quad(s, namedNode('http://elsewhere.org/p'), literal('1', namedNode(`${XSD}integer`)), g));
    }
  });
  return out;
}

function streamed(data: SortedQuads, ctx: JsonLdContext, ref?: string): string {
  const out = new TextString();
  writeJsonldTo(data, ctx, out, ref);
  return out.text;
}

describe('writeJsonldTo', () => {
  it('writes the same bytes as writeJsonld', () => {
    const data = new SortedQuads(sample());
    expect(streamed(data, context)).toBe(writeJsonld(data, context));
    expect(streamed(data, context, 'https://example.org/context.jsonld')).toBe(writeJsonld(data, context, 'https://example.org/context.jsonld'));
    const defaultOnly = new SortedQuads(sample().filter((q) => q.graph.termType === 'DefaultGraph'));
    expect(streamed(defaultOnly, context)).toBe(writeJsonld(defaultOnly, context));
    const namedOnly = new SortedQuads(sample().filter((q) => q.graph.termType !== 'DefaultGraph'));
    expect(streamed(namedOnly, context)).toBe(writeJsonld(namedOnly, context));
    expect(streamed(new SortedQuads([]), context)).toBe(writeJsonld([], context));
  });

  it('writes the same bytes when two terms compact to the same id (their nodes merge)', () => {
    // <clash:x> is written as it is, and so is http://other.org/x as the prefixed name clash:x.
    const quads = [
      quad(namedNode('clash:x'), namedNode(`${EX}ns#name`), literal('one')),
      quad(namedNode(`${EX}id/between`), namedNode(`${EX}ns#name`), literal('two')),
      quad(namedNode('http://other.org/x'), namedNode(`${EX}ns#name`), literal('three')),
    ];
    const data = new SortedQuads(quads);
    const text = streamed(data, context);
    expect(text).toBe(writeJsonld(data, context));
    expect((JSON.parse(text) as { '@graph': unknown[] })['@graph']).toHaveLength(2);
  });

  it('cuts a large document into buffers that join to the same text', () => {
    const quads = Array.from({ length: 20_000 }, (_, i) => quad(namedNode(`${EX}id/s${i}`), namedNode(`${EX}ns#name`), literal(`välue ${i}`)));
    const data = new SortedQuads(quads);
    const chunks = new TextChunks();
    writeJsonldTo(data, context, chunks);
    expect(chunks.buffers().length).toBeGreaterThan(1);
    expect(Buffer.concat(chunks.buffers()).toString('utf8')).toBe(writeJsonld(data, context));
  });
});

describe('the JSON-LD dump of real and generated data', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'asean-kg-jsonld-'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  const check = async (dataDir: string) => {
    const graph = await checkGraph({ dataDir, ontologyDir: ONTOLOGY_DIR });
    const data = new SortedQuads(graph.quads);
    const ctx = jsonldContext(graph.context, graph.base);
    expect(streamed(data, ctx)).toBe(writeJsonld(data, ctx));
  };

  it('data/', () => check(REAL_DATA_DIR), 60_000);

  it('generated data', async () => {
    const gen = await generateDataset({ dir: join(root, 'data'), triples: 20_000, seed: 6 });
    await check(gen.dir);
  }, 120_000);
});
