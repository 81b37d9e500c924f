// SHACL in batches of focus nodes reports exactly what one run over the whole graph reports, on
// valid data and with violations of every kind of constraint the shapes use (counts, datatypes,
// classes of linked nodes, value shapes, inverse paths, property pairs).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataFactory, Parser } from 'n3';
import type { Quad } from '@rdfjs/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build/build.ts';
import { Problems } from '../../src/load/problems.ts';
import { batchPlan, validateShapes } from '../../src/rdf/validateShapes.ts';
import { generateDataset } from '../../bench/generate.ts';

const { namedNode, literal, quad } = DataFactory;
let root: string;
let data: Quad[];
let shapes: Quad[];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'asean-kg-shacl-'));
  const gen = await generateDataset({ dir: join(root, 'data'), triples: 3000, seed: 3 });
  const result = await build({ dataDir: gen.dir, ontologyDir: gen.ontologyDir, outDir: join(root, 'dist') });
  expect(result.errors).toEqual([]);
  data = new Parser({ format: 'N-Quads' }).parse(await readFile(join(root, 'dist', 'asean-kg.nq'), 'utf8'));
  shapes = new Parser({ format: 'Turtle' }).parse(await readFile(join(gen.ontologyDir, 'shapes.ttl'), 'utf8'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function report(quads: readonly Quad[], batchQuads: number): Promise<string[]> {
  const problems = new Problems();
  await validateShapes(quads, shapes, (s) => ({ file: s, line: 0, col: 0 }), problems, undefined, batchQuads, 0);
  return problems.list.map((p) => `${p.loc.file}: ${p.message}`).sort();
}

const A = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const subjectOf = (type: string) => data.find((q) => q.predicate.value === A && q.object.value.endsWith(type))?.subject;

describe('validateShapes in batches', () => {
  it('can batch the project shapes', () => {
    expect(batchPlan(shapes)).toBeDefined();
  });

  it('finds nothing on valid data, like the whole-graph run', async () => {
    expect(await report(data, 1500)).toEqual([]);
  });

  it('reports the same violations as the whole-graph run', async () => {
    const person = subjectOf('#Person');
    const country = subjectOf('#Country');
    const group = subjectOf('#MeetingGroup');
    const meeting = subjectOf('#SeniorOfficialsMeeting');
    const wgMeeting = subjectOf('#WorkingGroupMeeting');
    const approval = subjectOf('#Approval');
    if (!person || !country || !group || !meeting || !wgMeeting || !approval) throw new Error('generated data lacks a class');
    const bad = data.filter((q) => !(q.subject.equals(wgMeeting) && q.predicate.value.endsWith('superEvent')));
    const S = 'https://schema.org/';
    const AKG = 'https://w3id.org/asean-kg/ontology#';
    bad.push(
      quad(person, namedNode('http://www.w3.org/ns/org#holds'), country),
      quad(person, namedNode(`${S}name`), literal('A second name')),
      quad(meeting, namedNode(`${AKG}chairedBy`), country),
      quad(meeting, namedNode(`${S}endDate`), literal('1999-01-01', namedNode('http://www.w3.org/2001/XMLSchema#date'))),
      quad(approval, namedNode(`${AKG}decidedAt`), person),
      quad(country, namedNode('http://www.w3.org/2004/02/skos/core#notation'), literal('toolong', namedNode(`${AKG}ISO3166-1-alpha-2`))),
      quad(group, namedNode(`${S}name`), literal('Another name', 'en')),
    );
    const whole = await report(bad, Infinity);
    expect(whole.length).toBeGreaterThanOrEqual(7);
    for (const size of [200, 1500]) expect(await report(bad, size)).toEqual(whole);
  });
});
