// The faster sh:class, sh:or, sh:node and sh:property (src/rdf/shaclValidations.ts) report exactly
// what shacl-engine's own components report: the same graphs validated both ways, result by result (focus node, path,
// message, value, shape and constraint component).
import { DataFactory, Store } from 'n3';
import type { Quad, Term } from '@rdfjs/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shapesValidator, validateGraph } from '../../src/rdf/shaclEngine.ts';
import { syntheticGraph, type SyntheticGraph } from '../helpers/syntheticGraph.ts';
import { EX, shapesTurtle } from '../helpers/shapesTurtle.ts';

const { namedNode, literal, quad } = DataFactory;
const A = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const S = 'https://schema.org/';
const AKG = 'https://w3id.org/asean-kg/ontology#';

/** Each result as one line, sorted; and how many there are. */
async function results(shapes: readonly Quad[], data: readonly Quad[], engineOnly: boolean): Promise<string[]> {
  const validator = shapesValidator(shapes, data, { engineOnly });
  const show = (t: Term | null) => (t === null ? '-' : `${t.termType}:${t.value}`);
  return (await validateGraph(validator, data)).map((r) => [
    show(r.focusNode), show(r.path), r.message.map((m) => m.value).join('|'), show(r.value), show(r.sourceShape), show(r.sourceConstraintComponent),
  ].join(' ')).sort();
}

async function bothWays(shapes: readonly Quad[], data: readonly Quad[]): Promise<string[]> {
  const fast = await results(shapes, data, false);
  expect(fast).toEqual(await results(shapes, data, true));
  return fast;
}

describe('faster sh:class and sh:or, on the project shapes', () => {
  let graph: SyntheticGraph;
  beforeAll(async () => { graph = await syntheticGraph(3000, 5); });
  afterAll(() => graph?.remove());

  it('report the same violations as the engine on bad links of every agent, venue and class check', async () => {
    const { data, shapes } = graph;
    const of = (type: string) => data.filter((q) => q.predicate.value === A && q.object.value === AKG + type).map((q) => q.subject);
    const [person] = of('Person');
    const [country] = of('Country');
    const [meeting] = of('Meeting');
    const [approval] = of('Approval');
    const [source] = of('SourceDocument');
    if (!person || !country || !meeting || !approval || !source) throw new Error('generated data lacks a class');
    const bad = [
      ...data,
      quad(meeting, namedNode(`${S}attendee`), approval), // sh:or of classes, written out
      quad(meeting, namedNode(`${S}attendee`), literal('not a node')),
      quad(meeting, namedNode(`${S}organizer`), meeting), // sh:node AgentValueShape
      quad(approval, namedNode(`${S}agent`), source),
      quad(approval, namedNode(`${AKG}decidedAt`), person), // DecisionVenueValueShape
      quad(meeting, namedNode(`${AKG}chairedBy`), country), // sh:class
      quad(person, namedNode('http://www.w3.org/ns/org#holds'), meeting),
    ];
    const found = await bothWays(shapes, bad);
    expect(found.length).toBeGreaterThanOrEqual(7);
    // The valid graph: nothing, both ways.
    expect(await bothWays(shapes, data)).toEqual([]);
  });
});

describe('faster sh:class and sh:or, on small graphs', () => {
  const turtle = shapesTurtle;
  const data = turtle(`
ex:Part rdfs:subClassOf ex:Thing .
ex:a a ex:Holder ; ex:link ex:thing, ex:part, ex:both, ex:other, ex:untyped, "text", 7 .
ex:thing a ex:Thing ; ex:size ex:other .
ex:part a ex:Part .
ex:both a ex:Thing, ex:Other .
ex:other a ex:Other .`);

  it('sh:class: subclasses count, every class given must hold, literals and untyped nodes fail', async () => {
    const shapes = turtle(`
ex:S a sh:NodeShape ; sh:targetClass ex:Holder ;
  sh:property [ sh:path ex:link ; sh:class ex:Thing ] , [ sh:path ex:link ; sh:class ex:Thing, ex:Other ] .`);
    const found = await bothWays(shapes, data);
    // The first fails for other, untyped, "text" and 7. The second checks each class on its own:
    // ex:Thing fails for the same four, ex:Other for thing, part, untyped, "text" and 7.
    expect(found.filter((r) => r.includes('ClassConstraintComponent'))).toHaveLength(4 + 4 + 5);
  });

  it('sh:or of class alternatives: any alternative holds; an alternative with two classes needs both', async () => {
    const shapes = turtle(`
ex:S a sh:NodeShape ; sh:targetClass ex:Holder ;
  sh:property [ sh:path ex:link ; sh:or ( [ sh:class ex:Other ] [ sh:class ex:Thing, ex:Nothing ] ) ; sh:message "link" ] ,
              [ sh:path ex:link ; sh:or ( [ sh:class ex:Part ] [ sh:class ex:Thing ; rdfs:comment "only a comment besides" ] ) ] .`);
    const found = await bothWays(shapes, data);
    // The first holds only for ex:Other (no node is an ex:Nothing): thing, part, untyped, "text" and 7
    // fail. The second (its ex:Thing alternative has a comment, no other check) holds for thing,
    // part and both: other, untyped, "text" and 7 fail.
    expect(found.filter((r) => r.includes('OrConstraintComponent'))).toHaveLength(5 + 4);
  });

  it('sh:node on shapes of classes only (nested sh:or too) agrees with the engine, and so do other shapes', async () => {
    const shapes = turtle(`
ex:S a sh:NodeShape ; sh:targetClass ex:Holder ;
  sh:property [ sh:path ex:link ; sh:node ex:ThingOrOther ; sh:message "thing or other" ] ,
              [ sh:path ex:link ; sh:node ex:ThingShape, ex:OtherShape ] ,
              [ sh:path ex:link ; sh:node ex:Nested ] ,
              [ sh:path ex:link ; sh:node ex:WithProperty ] ,
              [ sh:path ex:link ; sh:node ex:PathAlternative ] ,
              [ sh:path ex:link ; sh:node ex:ClassOfValues ] .
ex:ThingOrOther a sh:NodeShape ; sh:or ( [ sh:class ex:Other ] [ sh:class ex:Thing ] ) .
ex:ThingShape a sh:NodeShape ; sh:class ex:Thing .
ex:OtherShape a sh:NodeShape ; sh:class ex:Other .
ex:Nested a sh:NodeShape ; sh:class ex:Thing ; sh:or ( [ sh:or ( [ sh:class ex:Part ] [ sh:class ex:Other ] ) ] [ sh:class ex:Nothing ] ) .
ex:WithProperty a sh:NodeShape ; sh:class ex:Thing ; sh:property [ sh:path ex:size ; sh:minCount 1 ] .
ex:PathAlternative a sh:NodeShape ; sh:or ( [ sh:path ex:size ; sh:minCount 1 ] [ sh:class ex:Other ] ) .
ex:ClassOfValues a sh:NodeShape ; sh:or ( [ sh:path ex:size ; sh:class ex:Thing ] [ sh:class ex:Nothing ] ) .`);
    const found = await bothWays(shapes, data);
    // ThingOrOther: untyped, "text", 7 fail. ThingShape and OtherShape, one result each: other,
    // untyped, "text", 7 are no thing, and thing, part, untyped, "text", 7 no other. Nested: thing,
    // other, untyped, "text", 7 fail (part and both pass). WithProperty: only thing has a size: the
    // other 6 fail. PathAlternative: thing, both and other pass. ClassOfValues (its first alternative
    // is about the values of ex:size, not the node's types): only thing fails, as its ex:size is no
    // thing; the others have no ex:size.
    expect(found.filter((r) => r.includes('NodeConstraintComponent'))).toHaveLength(3 + 4 + 5 + 5 + 6 + 4 + 1);
  });

  it('sh:property: a property shape that holds without values is skipped for a node without values, and agrees', async () => {
    const shapes = turtle(`
ex:S a sh:NodeShape ; sh:targetClass ex:Thing ;
  sh:property [ sh:path ex:size ; sh:class ex:Other ; sh:maxCount 1 ] ,
              [ sh:path ex:size ; sh:minCount 1 ; sh:message "needs a size" ] ,
              [ sh:path ex:size ; sh:minCount 0 ; sh:datatype xsd:integer ] ,
              [ sh:path ex:size ; sh:hasValue ex:other ] ,
              [ sh:path ex:link ; sh:equals ex:size ] ,
              [ sh:path ex:size ; sh:qualifiedValueShape [ sh:class ex:Other ] ; sh:qualifiedMinCount 1 ] ,
              [ sh:path [ sh:inversePath ex:link ] ; sh:minCount 1 ] .`);
    const found = await bothWays(shapes, data);
    // Things: thing (ex:size ex:other), part and both (no ex:size). The class and maxCount shape
    // holds for all three. minCount 1, hasValue and the qualified count fail for part and both.
    // minCount 0 with a datatype fails for thing (an IRI). equals fails for thing (no ex:link, one
    // ex:size). The inverse path holds: each is linked from ex:a.
    expect(found.filter((r) => r.includes('#MinCountConstraintComponent'))).toHaveLength(2);
    expect(found.filter((r) => r.includes('HasValueConstraintComponent'))).toHaveLength(2);
    expect(found.filter((r) => r.includes('QualifiedMinCountConstraintComponent'))).toHaveLength(2);
    expect(found.filter((r) => r.includes('DatatypeConstraintComponent'))).toHaveLength(1);
    expect(found.filter((r) => r.includes('EqualsConstraintComponent'))).toHaveLength(1);
    expect(found).toHaveLength(8);
  });

  it('sh:or of minimum counts (forwards, inverse, of two) agrees with the engine, and so do other property alternatives', async () => {
    const shapes = turtle(`
ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:link, ex:size ;
  sh:or ( [ sh:path ex:size ; sh:minCount 1 ] [ sh:path [ sh:inversePath ex:link ] ; sh:minCount 1 ] ) .
ex:T a sh:NodeShape ; sh:targetClass ex:Thing ;
  sh:or ( [ sh:path [ sh:inversePath ex:link ] ; sh:minCount 2 ] [ sh:path ex:size ; sh:minCount 1 ] ) .
ex:U a sh:NodeShape ; sh:targetClass ex:Holder ;
  sh:or ( [ sh:class ex:Nothing ] [ sh:path ex:link ; sh:minCount 8 ] ) .
ex:V a sh:NodeShape ; sh:targetClass ex:Holder ;
  sh:or ( [ sh:class ex:Nothing ] [ sh:path ex:link ; sh:minCount 7 ] ) .
ex:X a sh:NodeShape ; sh:targetClass ex:Thing, ex:Other ;
  sh:or ( [ sh:path ex:link ; sh:minCount 7 ] [ sh:path ex:size ; sh:minCount 1 ; sh:class ex:Thing ] ) .`);
    const found = await bothWays(shapes, data);
    // S (subjects of ex:link or ex:size: ex:a and thing): ex:a has no size and nothing links to it.
    // T (thing, part, both): each is linked once; only thing has a size. U and V: ex:a has 7 links,
    // not 8. X (thing, part, both, other: no links; a size that is a thing, with more than a count,
    // which is the engine's to check): thing's size (other) is no thing, and no other has a size.
    expect(found.filter((r) => r.includes('OrConstraintComponent'))).toHaveLength(1 + 2 + 1 + 0 + 4);
  });

  it('sh:property quick checks (counts, datatypes with their lexical forms, node kinds, classes, value shapes) agree with the engine', async () => {
    const items = shapesTurtle(`
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
ex:Part rdfs:subClassOf ex:Thing .
ex:good a ex:Item ; ex:date "2022-04-20"^^xsd:date ; ex:name "name" ; ex:note "note"@en ; ex:count 3 ;
  ex:link ex:thing, ex:part .
ex:bad a ex:Item ; ex:date "2022-04-20"^^xsd:date, "2022-04-21"^^xsd:date ; ex:name "nom"@fr ; ex:note "plain" ;
  ex:count "x", 4, 5, "2022-13-45"^^xsd:date ; ex:when "2022-13-45"^^xsd:date, "20 April"^^xsd:date, "2022-02-29"^^xsd:date ;
  ex:link ex:other, _:blank, "text" .
ex:none a ex:Item .
ex:thing a ex:Thing .
ex:part a ex:Part .
ex:other a ex:Other .
_:blank a ex:Thing .
ex:holder ex:link ex:good, ex:bad .
ex:second ex:link ex:bad .`);
    const shapes = shapesTurtle(`
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
ex:S a sh:NodeShape ; sh:targetClass ex:Item ;
  sh:property [ sh:path ex:date ; sh:datatype xsd:date ; sh:maxCount 1 ; sh:message "one date" ] ,
              [ sh:path ex:when ; sh:datatype xsd:date ] ,
              [ sh:path ex:name ; sh:datatype xsd:string ; sh:minCount 1 ] ,
              [ sh:path ex:note ; sh:datatype rdf:langString ] ,
              [ sh:path ex:count ; sh:datatype xsd:integer ; sh:minCount 1 ; sh:maxCount 3 ] ,
              [ sh:path ex:link ; sh:nodeKind sh:IRI ] ,
              [ sh:path ex:link ; sh:nodeKind sh:BlankNodeOrIRI ; sh:minCount 2 ] ,
              [ sh:path ex:link ; sh:class ex:Thing ; sh:nodeKind sh:IRI ] ,
              [ sh:path ex:link ; sh:node ex:ThingShape ] ,
              [ sh:path ex:link ; sh:or ( [ sh:class ex:Other ] [ sh:class ex:Part ] ) ] ,
              [ sh:path [ sh:inversePath ex:link ] ; sh:maxCount 1 ; sh:nodeKind sh:IRI ] ,
              [ sh:path ex:link ; sh:nodeKind sh:Literal ; sh:deactivated true ] .
ex:ThingShape a sh:NodeShape ; sh:class ex:Thing .`);
    const found = await bothWays(shapes, items);
    const count = (component: string) => found.filter((r) => r.includes(`#${component}ConstraintComponent`)).length;
    // ex:none fails the three minimum counts (no name, count or links). ex:good fails only the sh:or
    // (ex:thing is neither an ex:Other nor an ex:Part). ex:bad: two dates (maxCount); two ex:when
    // that are no valid xsd:date ("2022-13-45", "20 April"; the engine's rdf-validation accepts 29
    // February 2022, and so must the quick check); a tagged name; a plain note; counts "x" and a
    // date, and four of them; links: _:blank and "text" are no IRI, "text" is neither, other and
    // "text" are no thing (_:blank is, but no IRI), other and "text" fail ThingShape, _:blank and
    // "text" fail the sh:or; two nodes link to it (the inverse maxCount).
    expect(count('MaxCount')).toBe(1 + 1 + 1);
    expect(count('MinCount')).toBe(3);
    expect(count('Datatype')).toBe(2 + 1 + 1 + 2);
    expect(count('NodeKind')).toBe(2 + 1 + 2);
    expect(count('Class')).toBe(2);
    expect(count('Node')).toBe(2);
    expect(count('Or')).toBe(1 + 2);
    expect(found).toHaveLength(3 + 3 + 6 + 5 + 2 + 2 + 3);
  });

  it('sh:property quick checks count a value stated in two graphs once, as the engine does', async () => {
    const shapes = shapesTurtle(`
ex:S a sh:NodeShape ; sh:targetClass ex:Item ;
  sh:property [ sh:path ex:link ; sh:minCount 2 ] , [ sh:path ex:size ; sh:maxCount 1 ] , [ sh:path [ sh:inversePath ex:link ] ; sh:minCount 2 ] ,
              [ sh:path ex:tag ; sh:minCount 10 ] .`);
    const graph = (g: string) => namedNode(`${EX}${g}`);
    const link = namedNode(`${EX}link`);
    const size = namedNode(`${EX}size`);
    const [item, other, holder] = [namedNode(`${EX}item`), namedNode(`${EX}other`), namedNode(`${EX}holder`)];
    const data = new Store([
      quad(item, namedNode(A), namedNode(`${EX}Item`)), quad(other, namedNode(A), namedNode(`${EX}Item`)),
      // item: one link, one size and a node linking to it, each in two graphs; other: two of each.
      ...['g1', 'g2'].flatMap((g) => [quad(item, link, other, graph(g)), quad(item, size, literal('1'), graph(g)), quad(holder, link, item, graph(g))]),
      quad(other, link, item), quad(other, link, holder), quad(other, size, literal('1')), quad(other, size, literal('2')), quad(holder, link, other),
      // Nine tags of item in each graph, and ten of other: counted by key past eight values.
      ...['g1', 'g2'].flatMap((g) => Array.from({ length: 9 }, (_, i) => quad(item, namedNode(`${EX}tag`), literal(`t${i}`), graph(g)))),
      ...Array.from({ length: 10 }, (_, i) => quad(other, namedNode(`${EX}tag`), literal(`t${i}`, i % 2 === 0 ? 'en' : undefined))),
    ]);
    const run = async (engineOnly: boolean) => (await shapesValidator(shapes, [], { engineOnly }).validate({ dataset: data })).results
      .map((r) => `${r.focusNode.term.value} ${r.constraintComponent.value}`).sort();
    const fast = await run(false);
    expect(fast).toEqual(await run(true));
    // item has one distinct link (so fails minCount 2), one distinct size and nine distinct tags (fails
    // minCount 10); two nodes link to it (holder, in two graphs, and other). other has two sizes (fails
    // maxCount 1) and ten tags.
    expect(fast).toEqual([`${EX}item http://www.w3.org/ns/shacl#MinCountConstraintComponent`, `${EX}item http://www.w3.org/ns/shacl#MinCountConstraintComponent`,
      `${EX}other http://www.w3.org/ns/shacl#MaxCountConstraintComponent`]);
  });

  it('sh:or with any other kind of alternative, or a deactivated one, goes to the engine and agrees', async () => {
    const shapes = turtle(`
ex:S a sh:NodeShape ; sh:targetClass ex:Holder ;
  sh:property [ sh:path ex:link ; sh:or ( [ sh:class ex:Other ] [ sh:datatype xsd:string ] ) ] ,
              [ sh:path ex:link ; sh:or ( [ sh:class ex:Other ; sh:deactivated true ] [ sh:class ex:Thing ] ) ] ,
              [ sh:path ex:link ; sh:or ( [ sh:class ex:Other ] [ sh:node ex:ThingShape ] ) ] .
ex:ThingShape a sh:NodeShape ; sh:class ex:Thing .`);
    const found = await bothWays(shapes, data);
    // First: thing, part, untyped, 7 fail. Second: the deactivated alternative holds for every value.
    // Third: untyped, "text" and 7 fail.
    expect(found.filter((r) => r.includes('OrConstraintComponent'))).toHaveLength(4 + 0 + 3);
  });
});
