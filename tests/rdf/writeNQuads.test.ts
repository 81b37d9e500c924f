// Our N-Triples/N-Quads writer against n3's Writer (what the dumps were written with before):
// the same bytes for every kind of term, escape and graph.
import { describe, expect, it } from 'vitest';
import { DataFactory, Writer } from 'n3';
import type { Quad } from '@rdfjs/types';
import { TextChunks, TextString } from '../../src/rdf/TextChunks.ts';
import { writeNQuads } from '../../src/rdf/writeNQuads.ts';

const { namedNode, blankNode, literal, quad, defaultGraph } = DataFactory;
const XSD = 'http://www.w3.org/2001/XMLSchema#';

const awkward = ['plain', 'quote " and \\ backslash', 'tab\tnew\nline\rret\bback\fform', 'nul \u0000 us \u001f del \u007f',
  'noncharacters \uFFFE \uFFFF', 'astral 😀 𝄞', 'accents é ñ ü, Khmer ខ្មែរ, Thai ไทย', ''];

function sample(): Quad[] {
  const s = namedNode('http://example.org/id/person/a');
  const p = namedNode('http://example.org/ns#p');
  const g = namedNode('http://example.org/graph/x');
  const out: Quad[] = [];
  for (const v of awkward) {
    out.push(quad(s, p, literal(v), g));
    out.push(quad(s, p, literal(v, 'km'), defaultGraph()));
    out.push(quad(blankNode('b0'), p, literal(v, namedNode(`${XSD}date`)), g));
  }
  out.push(quad(s, p, literal('x', namedNode(`${XSD}string`)), blankNode('g1')));
  out.push(quad(s, p, namedNode('http://example.org/odd iri"with\\chars'), g));
  out.push(quad(blankNode('n1'), p, blankNode('n2'), defaultGraph()));
  return out;
}

function n3(quads: Quad[], format: string): string {
  const w = new Writer({ format });
  w.addQuads(quads);
  let text = '';
  w.end((e, r: string) => {
    if (e) throw e;
    text = r;
  });
  return text;
}

describe('writeNQuads', () => {
  it('writes the same N-Quads and N-Triples as n3', () => {
    const quads = sample();
    for (const [withGraphs, format] of [[true, 'N-Quads'], [false, 'N-Triples']] as const) {
      const out = new TextString();
      const input = withGraphs ? quads : quads.map((q) => quad(q.subject, q.predicate, q.object));
      writeNQuads(input, out, withGraphs);
      expect(out.text).toBe(n3(input, format));
    }
  });

  it('cuts large output into buffers that join to the same text', () => {
    const quads = Array.from({ length: 30_000 }, (_, i) => quad(namedNode(`http://example.org/s${i}`), namedNode('http://example.org/p'), literal(`välue ${i} 😀`)));
    const chunks = new TextChunks();
    writeNQuads(quads, chunks, true);
    const buffers = chunks.buffers();
    expect(buffers.length).toBeGreaterThan(1);
    const joined = Buffer.concat(buffers);
    expect(joined.length).toBe(chunks.bytes);
    expect(joined.toString('utf8')).toBe(n3(quads, 'N-Quads'));
  });
});
