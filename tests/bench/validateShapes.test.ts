// SHACL validation (shacl-engine): the messages for violations of every kind of constraint the
// shapes use (counts, datatypes, classes of linked nodes, value shapes, inverse paths, property
// pairs), and the same report from batches of focus nodes in worker threads as from one run over the
// whole graph in this thread.
import { DataFactory } from 'n3';
import type { Quad } from '@rdfjs/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Problems } from '../../src/load/problems.ts';
import { packNumbered, packTriples, unpackTriples } from '../../src/rdf/shaclEngine.ts';
import { SortedQuads } from '../../src/rdf/sortQuads.ts';
import { batchPlan, validateShapes } from '../../src/rdf/validateShapes.ts';
import { syntheticGraph, type SyntheticGraph } from '../helpers/syntheticGraph.ts';
import { EX, shapesTurtle } from '../helpers/shapesTurtle.ts';

const { namedNode, literal, quad } = DataFactory;
let graph: SyntheticGraph;
let data: Quad[];
let shapes: Quad[];

beforeAll(async () => {
  graph = await syntheticGraph(3000, 3);
  ({ data, shapes } = graph);
});
afterAll(() => graph?.remove());

/** `sorted`: the quads given as SortedQuads, whose term numbers the batches then take (as in the build). */
async function report(quads: readonly Quad[], batchQuads: number, sorted = false, workers?: number): Promise<string[]> {
  const problems = new Problems();
  await validateShapes(sorted ? new SortedQuads(quads) : quads, shapes, (s) => ({ file: s, line: 0, col: 0 }), problems, undefined, batchQuads, 0, workers);
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

  it('reports each violation once, with its message, in batches exactly as in one run', async () => {
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
    const startDate = data.find((q) => q.subject.equals(meeting) && q.predicate.value === `${S}startDate`)?.object.value;
    bad.push(
      quad(person, namedNode('http://www.w3.org/ns/org#holds'), country),
      quad(person, namedNode(`${S}name`), literal('A second name')),
      quad(meeting, namedNode(`${AKG}chairedBy`), country),
      quad(meeting, namedNode(`${S}endDate`), literal('1999-01-01', namedNode('http://www.w3.org/2001/XMLSchema#date'))),
      quad(approval, namedNode(`${AKG}decidedAt`), person),
      quad(country, namedNode('http://www.w3.org/2004/02/skos/core#notation'), literal('toolong', namedNode(`${AKG}ISO3166-1-alpha-2`))),
      quad(group, namedNode(`${S}name`), literal('Another name', 'en')),
      // Two of the agent checks (sh:node akgsh:AgentValueShape).
      quad(meeting, namedNode(`${S}attendee`), approval),
      quad(approval, namedNode(`${S}agent`), meeting),
    );
    const n = (t: { value: string }) => `<${t.value}>`;
    const whole = await report(bad, Infinity);
    expect(whole).toEqual([
      `${country.value}: SHACL: ${n(country)} skos:notation: a country needs exactly two skos:notation values: its ISO 3166-1 alpha-2 and alpha-3 codes`,
      `${approval.value}: SHACL: ${n(approval)} akg:decidedAt: akg:decidedAt must link to a meeting (akg:Meeting) or a meeting group (akg:MeetingGroup) (got ${n(person)})`,
      `${meeting.value}: SHACL: ${n(meeting)} schema:attendee: schema:attendee (including chairs, participating countries and the body that meets) must be a person, an organisation or a country (got ${n(approval)}) [<https://w3id.org/asean-kg/shapes#event-attendee>]`,
      `${approval.value}: SHACL: ${n(approval)} schema:agent: schema:agent of a decision must be a person, organisation or country (got ${n(meeting)})`,
      `${meeting.value}: SHACL: ${n(meeting)} akg:chairedBy: akg:chairedBy must link to a person (akg:Person) (got ${n(country)}) [<https://w3id.org/asean-kg/shapes#event-chairedBy>]`,
      `${meeting.value}: SHACL: ${n(meeting)} schema:startDate: schema:startDate must be a single xsd:date (YYYY-MM-DD), no later than schema:endDate (got "${startDate}") [<https://w3id.org/asean-kg/shapes#kind-schema-startDate>]`,
      `${group.value}: SHACL: ${n(group)} schema:name: a meeting group has at most one schema:name`,
      `${group.value}: SHACL: ${n(group)} schema:name: schema:name must be a plain string (xsd:string), without a language tag (got "Another name") [<https://w3id.org/asean-kg/shapes#kind-schema-name>]`,
      `${group.value}: SHACL: ${n(group)}: a meeting group needs at least two member meetings (akg:Meeting) that point to it with schema:superEvent`,
      `${person.value}: SHACL: ${n(person)} org:holds: a person needs at least one org:holds, linking to a post (org:Post) (got ${n(country)})`,
      `${person.value}: SHACL: ${n(person)} schema:name: a person needs exactly one schema:name: the full name as written, family name first for Khmer names`,
    ].sort());
    for (const size of [200, 1500]) expect(await report(bad, size)).toEqual(whole);
    expect(await report(bad, 1500, true)).toEqual(whole);
    // The build's way: its term numbers, and one worker thread fewer than CPUs (one on two CPUs).
    for (const workers of [1, 3]) expect(await report(bad, 200, true, workers)).toEqual(whole);
  });

  it('reports a bad value for every kind check (akgsh:kind-*), on whichever node has the property', async () => {
    // Read from shapes.ttl, so that a kind check added, renamed or left without a target is tested.
    const SH = 'http://www.w3.org/ns/shacl#';
    const XSD = 'http://www.w3.org/2001/XMLSchema#';
    const of = (s: Quad['subject'], p: string) => shapes.find((q) => q.subject.equals(s) && q.predicate.value === SH + p)?.object;
    const kinds = [...new Set(shapes.filter((q) => q.subject.value.includes('#kind-')).map((q) => q.subject.value))].map((iri) => namedNode(iri));
    expect(kinds.length).toBeGreaterThanOrEqual(29);
    const person = subjectOf('#Person');
    if (!person) throw new Error('generated data lacks a person');
    const badValue = (datatype: string | undefined) => {
      if (datatype === undefined) return literal('not a link'); // sh:nodeKind sh:IRI
      if (datatype === `${XSD}string`) return literal('tagged', 'en');
      return literal('wrong kind of value'); // xsd:string where a date, year or language-tagged text is due
    };
    const bad = [...data];
    const expected: [string, number][] = [];
    // Every kind check is a property shape of akgsh:KindChecks, which targets the subjects of its property.
    const checks = namedNode('https://w3id.org/asean-kg/shapes#KindChecks');
    const all = (s: Quad['subject'], p: string) => shapes.filter((q) => q.subject.equals(s) && q.predicate.value === SH + p).map((q) => q.object.value);
    expect(new Set(all(checks, 'property'))).toEqual(new Set(kinds.map((k) => k.value)));
    for (const kind of kinds) {
      const path = of(kind, 'path');
      expect(all(checks, 'targetSubjectsOf'), `akgsh:KindChecks targets the subjects of ${path?.value}`).toContain(path?.value);
      if (!path || path.termType !== 'NamedNode') throw new Error(`${kind.value}: no path`);
      const value = badValue(of(kind, 'datatype')?.value);
      bad.push(quad(person, path, value));
      // A literal where a node of a class is due breaks both sh:nodeKind and sh:class: two results.
      expected.push([`${(of(kind, 'message') as { value: string }).value} (got ${JSON.stringify(value.value)}) [<${kind.value}>]`, of(kind, 'class') ? 2 : 1]);
    }
    const found = await report(bad, 1500);
    for (const [message, count] of expected) expect(found.filter((line) => line.startsWith(`${person.value}: `) && line.endsWith(message)), message).toHaveLength(count);
  });
});

describe('validateShapes on small graphs', () => {
  const turtle = shapesTurtle;
  const shapesTtl = turtle(`
ex:ThingShape a sh:NodeShape ; sh:targetClass ex:Thing ;
  sh:property [ sh:path ex:size ; sh:datatype xsd:integer ; sh:minCount 1 ] ,
              [ sh:path ex:part ; sh:class ex:Thing ; sh:message "ex:part must link to a thing" ] .
ex:NamedShape a sh:NodeShape ; sh:targetSubjectsOf ex:name ;
  sh:property [ sh:path ex:name ; sh:maxCount 1 ; sh:message "one name at most" ] .`);
  const run = async (quads: readonly Quad[], batchQuads?: number, whole?: number) => {
    const problems = new Problems();
    const count = await validateShapes(quads, shapesTtl, (s) => ({ file: `at ${s}`, line: 1, col: 1 }), problems, { ex: EX }, batchQuads, whole);
    expect(count).toBe(problems.list.length);
    return problems.list.map((p) => `${p.loc.file}: ${p.message}`).sort();
  };

  it('names the focus node, path, message (the shape\'s, else the engine\'s) and value, with prefixes', async () => {
    const data = turtle(`
ex:a a ex:Thing ; ex:size "big" ; ex:part ex:b ; ex:name "A", "Alpha" .
ex:b a ex:Other ; ex:name "B" .`);
    expect(await run(data)).toEqual([
      `at ${EX}a: SHACL: ex:a ex:name: one name at most`,
      `at ${EX}a: SHACL: ex:a ex:part: ex:part must link to a thing (got ex:b)`,
      `at ${EX}a: SHACL: ex:a ex:size: Value does not have datatype <http://www.w3.org/2001/XMLSchema#integer> (got "big")`,
    ].sort());
    expect(await run(turtle('ex:a a ex:Thing ; ex:size 3 ; ex:name "A" .'))).toEqual([]);
  });

  it('reads rdfs:subClassOf from the data graph, for targets and for sh:class', async () => {
    // No entailed types here: ex:c is only an ex:Part, which the data declares a kind of ex:Thing.
    const data = turtle(`
ex:Part rdfs:subClassOf ex:Thing .
ex:a a ex:Thing ; ex:size 1 ; ex:part ex:c .
ex:c a ex:Part .`);
    // In one run here, and in batches of one focus node in worker threads.
    for (const [batchQuads, whole] of [[undefined, undefined], [1, 0]] as const) {
      expect(await run(data, batchQuads, whole)).toEqual([`at ${EX}c: SHACL: ex:c ex:size: Less than 1 values`]);
    }
  });

  // Batches leave out the triples no shape reads (a property the shapes never name, a type of a
  // class they never name): unless a shape reads every property or every type.
  const closedShapes = turtle(`
ex:ThingShape a sh:NodeShape ; sh:targetClass ex:Thing ; sh:closed true ; sh:ignoredProperties ( <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ) ;
  sh:property [ sh:path ex:size ; sh:maxCount 1 ] .`);
  const typeShapes = turtle(`
ex:ThingShape a sh:NodeShape ; sh:targetSubjectsOf ex:size ;
  sh:property [ sh:path <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ; sh:in ( ex:Thing ) ; sh:message "only a thing has a size" ] .`);
  const unread = turtle(`
ex:a a ex:Thing ; ex:size 1 ; ex:colour "red" .
ex:b a ex:Thing , ex:Other ; ex:size 2 .`);

  it('reads every property in batches when a shape is closed', async () => {
    const problems = new Problems();
    for (const [batchQuads, whole] of [[Infinity, Infinity], [1, 0]] as const) {
      await validateShapes(unread, closedShapes, (s) => ({ file: s, line: 0, col: 0 }), problems, { ex: EX }, batchQuads, whole);
    }
    // Once from the whole-graph run and once from the batches.
    expect(problems.list.map((p) => p.message)).toEqual([`SHACL: ex:a ex:colour: Predicate is not allowed (closed shape) (got "red") [ex:ThingShape]`, `SHACL: ex:a ex:colour: Predicate is not allowed (closed shape) (got "red") [ex:ThingShape]`]);
  });

  it('reads every type in batches when a shape follows rdf:type', async () => {
    const problems = new Problems();
    for (const [batchQuads, whole] of [[Infinity, Infinity], [1, 0]] as const) {
      await validateShapes(unread, typeShapes, (s) => ({ file: s, line: 0, col: 0 }), problems, { ex: EX }, batchQuads, whole);
    }
    expect(problems.list.map((p) => p.message)).toEqual(Array(2).fill(`SHACL: ex:b <${A}>: only a thing has a size (got ex:Other)`));
  });

  it('fails the validation when the engine fails in a worker, and says so', async () => {
    // An sh:pattern that is no regular expression: the engine throws when it first checks it.
    const broken = turtle(`ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; sh:property [ sh:path ex:colour ; sh:pattern "[" ] .`);
    await expect(validateShapes(unread, broken, (s) => ({ file: s, line: 0, col: 0 }), new Problems(), { ex: EX }, 1, 0))
      .rejects.toThrow(/SHACL validation failed in a worker: .*Invalid regular expression/s);
  });

  it('leaves out of the batches only what no shape reads', () => {
    const plan = batchPlan(shapesTtl);
    expect(plan?.named?.has(`${EX}size`)).toBe(true);
    expect(plan?.named?.has(`${EX}Thing`)).toBe(true);
    expect(plan?.named?.has(`${EX}colour`)).toBe(false);
    expect(batchPlan(closedShapes)?.named).toBeUndefined();
    expect(batchPlan(typeShapes)?.named).toBeUndefined();
  });
});

describe('triples packed for a worker', () => {
  it('come back as the same triples', () => {
    const { blankNode } = DataFactory;
    const s = namedNode('http://example.org/s');
    const p = namedNode('http://example.org/p');
    const quads = [
      quad(s, p, literal('say "hi"\nthen ^^ go @en', 'en')),
      quad(s, p, literal('"quoted"^^', namedNode('http://example.org/type'))),
      quad(s, p, literal('')),
      quad(blankNode('b0'), p, s),
      quad(s, p, blankNode('b0')),
      quad(s, p, literal('12', namedNode('http://www.w3.org/2001/XMLSchema#integer'))),
    ];
    const back = unpackTriples(packTriples(quads));
    expect(back).toHaveLength(quads.length);
    back.forEach((q, i) => expect(q.equals(quads[i] as Quad)).toBe(true));
    // Packed from the term numbers of SortedQuads: the same triples again.
    const { ids, terms } = new SortedQuads(quads).inputIds();
    const numbered = unpackTriples(packNumbered(ids, terms));
    expect(numbered).toHaveLength(quads.length);
    numbered.forEach((q, i) => expect(q.equals(quads[i] as Quad)).toBe(true));
  });
});
