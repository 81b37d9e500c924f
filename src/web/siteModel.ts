// What the web pages need about the whole graph, computed once at start-up with a few SELECTs:
// a display label and the types of every resource, which IRIs under the base exist, what each named
// graph is (source, inference, background knowledge, build) and why, the meetings for the timeline,
// the counts for the landing page, the build's VoID description, and the search index.
import { DataFactory, Parser } from 'n3';
import type { Quad, Term } from '@rdfjs/types';
import type { Graph } from '../graph/Graph.ts';
import { AKG_ONTOLOGY, BUILD_GRAPHS, PATHS, akg, dcterms, foaf, org, prov, rdf, rdfs, schema, skos } from '../vocab.ts';
import { SearchIndex, type SearchEntry } from './searchIndex.ts';
import type { SelectQuery } from 'sparqljs';
import { bgp, call, filter, inGraph, iri, runSelect, select, triple, v, values, type Row, type RunOptions } from './sparql.ts';
import { localName } from './terms.ts';

const { namedNode, quad } = DataFactory;

export type GraphKind = 'source' | 'inference' | 'background' | 'entailments' | 'meta' | 'ontology' | 'void' | 'other';

export interface GraphRecord {
  readonly iri: string;
  readonly triples: number;
  readonly kind: GraphKind;
  /** The source document or provenance record the graph was derived from. */
  readonly record: string | undefined;
  /** akg:reason of that record (inferences and background knowledge). */
  readonly reason: string | undefined;
  /** Quads about the graph (in the meta graph) and about its record: what a client needs to judge a fact. */
  readonly provenance: readonly Quad[];
}

export interface TimelineEntry {
  readonly iri: string;
  readonly start: string | undefined;
  readonly end: string | undefined;
  readonly plannedYear: string | undefined;
  readonly scheduled: boolean;
  /** The meeting group whose dates these are, when the meeting has none of its own. */
  readonly datesFrom: string | undefined;
  /** Graphs that state the dates (to say when a date is inferred). */
  readonly dateGraphs: readonly string[];
  /** akg:tookPlaceBefore, for undated meetings. */
  readonly before: readonly string[];
}

export interface Counts {
  readonly triples: number;
  readonly graphs: number;
  readonly meetings: number;
  readonly bodies: number;
  readonly people: number;
  readonly initiatives: number;
}

export interface SiteModel {
  readonly base: string;
  label(iri: string): string | undefined;
  /** Label, else the local name. */
  name(iri: string): string;
  /** The stated types (not those the build entailed). */
  types(iri: string): readonly string[];
  /** The stated types and their superclasses in the ontology. */
  typesWithAncestors(iri: string): readonly string[];
  /** Whether an IRI under the base is known to occur in the graph (typed, labelled, a graph, or in the VoID). */
  exists(iri: string): boolean;
  readonly baseIris: readonly string[];
  /** Instances per class, entailed types included. */
  readonly classCounts: ReadonlyMap<string, number>;
  readonly graphs: ReadonlyMap<string, GraphRecord>;
  readonly timeline: readonly TimelineEntry[];
  readonly counts: Counts;
  /** The build's VoID/DCAT description, in the graph {base}graph/void. */
  readonly voidQuads: readonly Quad[];
  readonly voidGraph: string;
  readonly search: SearchIndex;
  readonly startupMs: number;
  /** Milliseconds per start-up query, for the log. */
  readonly timings: Readonly<Record<string, number>>;
}

/** Label properties, most preferred first. Their values are also what search looks at. */
export const LABELS: readonly string[] = [schema('name'), skos('prefLabel'), rdfs('label'), dcterms('title'), foaf('name'), schema('alternateName'), skos('altLabel')];
/** The labels shown as a resource's name (the others are alternatives: search finds them). */
export const DISPLAY_LABELS: readonly string[] = [schema('name'), skos('prefLabel'), rdfs('label'), dcterms('title'), foaf('name')];
/** What the provenance of a fact repeats about the record its graph was derived from. */
const RECORD_PROPERTIES = [rdf('type'), rdfs('label'), schema('name'), akg('reason'), prov('wasDerivedFrom'), schema('publisher'), schema('datePublished'), akg('earliestPublicationDate')];
const PRIMARY = new Set(DISPLAY_LABELS);

/**
 * `ancestors` gives a class's superclasses (from the ontology), so that stated types can be read
 * as the types the build entailed from them without listing those.
 */
export async function buildSiteModel(graph: Graph, options: RunOptions, ancestors: (iri: string) => readonly string[] = () => []): Promise<SiteModel> {
  const started = performance.now();
  const base = graph.info.base;
  const voidGraph = `${base}${PATHS.graph}${BUILD_GRAPHS.void}`;
  const voidQuads = parseVoid(graph.info.description, base, voidGraph);
  const timings: Record<string, number> = {};
  const run = async (q: Parameters<typeof runSelect>[1], name = 'other') => {
    const t = performance.now();
    const { rows } = await runSelect(graph, q, options);
    timings[name] = Math.round((timings[name] ?? 0) + performance.now() - t);
    return rows;
  };
  // One query at a time: start-up never takes more than one worker from the endpoint's clients.
  // Measured: 1.7k triples ≈ 0.1 s; 200k ≈ 2 s; the types are the stated ones only (the entailed
  // ones are counted per class, not listed: at 1M triples listing them cost 8 s and most of a GB).
  const entailments = `${base}${PATHS.graph}${BUILD_GRAPHS.entailments}`;
  const hasEntailments = graph.info.graphs.some((g) => g.iri === entailments);
  const labelRows = await run(select(['s', 'p', 'o'], [values('p', LABELS.map(namedNode)), bgp(triple(v('s'), v('p'), v('o')))]), 'labels');
  const typeRows = await run(hasEntailments
    ? select(['s', 't'], [inGraph(v('g'), bgp(triple(v('s'), iri(rdf('type')), v('t')))), filter(call('!=', v('g'), iri(entailments)))], { distinct: true })
    : select(['s', 't'], [bgp(triple(v('s'), iri(rdf('type')), v('t')))]), 'types');
  const countRows = await run(classCountQuery(), 'classes');
  const meetingRows = await run(select(['m'], [bgp(triple(v('m'), iri(rdf('type')), iri(akg('Meeting'))))], { distinct: true }), 'meetings');
  const timelineRows = await run(timelineQuery(), 'timeline');
  // What the build says about each named graph (in its meta graph), and what the records they were
  // derived from say about themselves: enough to judge a fact without fetching more. Both are
  // driven by the meta graph (a few statements per named graph), so they stay cheap.
  const metaGraph = `${base}${PATHS.graph}${BUILD_GRAPHS.meta}`;
  const metaRows = await run(select(['g', 'p', 'o', 'mg'], [
    values('mg', [namedNode(metaGraph)]), inGraph(v('mg'), bgp(triple(v('g'), v('p'), v('o')))),
  ]), 'meta');
  const recordRows = await run(select(['r', 'p', 'o', 'rg'], [
    inGraph(iri(metaGraph), bgp(triple(v('g'), iri(prov('wasDerivedFrom')), v('r')))),
    values('p', RECORD_PROPERTIES.map(namedNode)),
    inGraph(v('rg'), bgp(triple(v('r'), v('p'), v('o')))), filter(call('!=', v('rg'), iri(entailments))),
  ], { distinct: true }), 'records');
  const graphNames = graph.info.graphs.map((g) => g.iri);

  const labels = new Map<string, { text: string; rank: number }>();
  const entries: SearchEntry[] = [];
  const addLabel = (s: Term, p: string, o: Term) => {
    if (s.termType !== 'NamedNode' || o.termType !== 'Literal') return;
    const rank = LABELS.indexOf(p) * 2 + (o.language === '' || o.language.startsWith('en') ? 0 : 1);
    const prev = labels.get(s.value);
    if (!prev || rank < prev.rank) labels.set(s.value, { text: o.value, rank });
    entries.push({ iri: s.value, text: o.value, source: p, rank: PRIMARY.has(p) ? 0 : 1 });
  };
  for (const r of labelRows) if (r['s'] && r['p'] && r['o']) addLabel(r['s'], r['p'].value, r['o']);
  for (const q of voidQuads) if (LABELS.includes(q.predicate.value)) addLabel(q.subject, q.predicate.value, q.object);

  const types = new Map<string, string[]>();
  const addType = (s: string, t: string) => {
    const list = types.get(s) ?? [];
    if (!list.includes(t)) list.push(t);
    types.set(s, list);
  };
  for (const r of typeRows) if (r['s']?.termType === 'NamedNode' && r['t']?.termType === 'NamedNode') addType(r['s'].value, r['t'].value);
  for (const q of voidQuads) if (q.predicate.value === rdf('type') && q.subject.termType === 'NamedNode') addType(q.subject.value, q.object.value);
  const classCounts = new Map<string, number>();
  for (const r of countRows) if (r['t']?.termType === 'NamedNode') classCounts.set(r['t'].value, Number(r['n']?.value ?? 0));
  const voidTypes = new Map<string, Set<string>>();
  for (const q of voidQuads) {
    if (q.predicate.value !== rdf('type')) continue;
    voidTypes.set(q.object.value, (voidTypes.get(q.object.value) ?? new Set()).add(q.subject.value));
  }
  for (const [t, members] of voidTypes) classCounts.set(t, (classCounts.get(t) ?? 0) + members.size);

  // The IRIs under the base known without asking: every typed or labelled resource, the named
  // graphs and the VoID description. Others are looked up when asked for (isMentioned).
  const baseIris = new Set<string>();
  for (const x of [...types.keys(), ...labels.keys(), ...graphNames, voidGraph]) if (x.startsWith(base)) baseIris.add(x);
  for (const q of voidQuads) for (const t of [q.subject, q.object]) if (t.termType === 'NamedNode' && t.value.startsWith(base)) baseIris.add(t.value);

  const expanded = (x: string) => {
    const stated = types.get(x) ?? [];
    return [...new Set([...stated, ...stated.flatMap((t) => ancestors(t))])];
  };
  let t = performance.now();
  const graphs = describeGraphs(graph, base, voidQuads.length, metaRows, recordRows, expanded);
  timings['graphs (js)'] = Math.round(performance.now() - t);
  t = performance.now();
  const search = new SearchIndex(entries);
  timings['search (js)'] = Math.round(performance.now() - t);
  const count = (c: string) => classCounts.get(c) ?? 0;
  const name = (x: string) => labels.get(x)?.text ?? localName(x);
  return {
    base,
    label: (x) => labels.get(x)?.text,
    name,
    types: (x) => types.get(x) ?? [],
    typesWithAncestors: expanded,
    exists: (x) => baseIris.has(x),
    baseIris: [...baseIris].sort(),
    classCounts,
    graphs,
    timeline: buildTimeline(timelineRows, meetingRows.map((r) => r['m']?.value ?? '').filter((m) => m !== '')),
    counts: {
      triples: graph.info.triples, graphs: graph.info.graphs.length,
      meetings: count(akg('Meeting')), bodies: count(org('Organization')), people: count(akg('Person')), initiatives: count(akg('PolicyDocument')),
    },
    voidQuads, voidGraph,
    search,
    startupMs: Math.round(performance.now() - started),
    timings,
  };
}

function parseVoid(turtle: string | undefined, base: string, voidGraph: string): Quad[] {
  if (!turtle) return [];
  const g = namedNode(voidGraph);
  return new Parser({ baseIRI: base }).parse(turtle).map((q) => quad(q.subject, q.predicate, q.object, g));
}

/** Instances per class over the union graph (entailed types included): one row per class. */
function classCountQuery(): SelectQuery {
  return {
    type: 'query', queryType: 'SELECT', prefixes: {},
    where: [bgp(triple(v('s'), iri(rdf('type')), v('t')))],
    group: [{ expression: v('t') }],
    variables: [v('t'), { expression: { type: 'aggregate', aggregation: 'count', distinct: true, expression: v('s') }, variable: v('n') }],
  };
}

/** The first `limit` instances of a class (entailed types included), by IRI. */
export async function listInstances(graph: Graph, classIri: string, limit: number, options: RunOptions): Promise<string[]> {
  const { rows } = await runSelect(graph, select(['s'], [bgp(triple(v('s'), iri(rdf('type')), iri(classIri)))], { distinct: true, orderBy: ['s'], limit }), options);
  return rows.map((r) => r['s']).filter((t) => t?.termType === 'NamedNode').map((t) => t?.value ?? '');
}

const TIMELINE_PROPERTIES = [schema('startDate'), schema('endDate'), akg('plannedYear'), schema('eventStatus'), schema('superEvent'), akg('tookPlaceBefore')];

function timelineQuery() {
  return select(['m', 'p', 'o', 'g'], [
    values('t', [akg('Meeting'), akg('MeetingGroup')].map(namedNode)),
    bgp(triple(v('m'), iri(rdf('type')), v('t'))),
    values('p', TIMELINE_PROPERTIES.map(namedNode)),
    inGraph(v('g'), bgp(triple(v('m'), v('p'), v('o')))),
  ], { distinct: true });
}

interface DateFacts {
  start?: string; end?: string; planned?: string; scheduled: boolean; superEvents: string[]; before: string[]; dateGraphs: string[];
}

function buildTimeline(rows: readonly Row[], meetings: readonly string[]): TimelineEntry[] {
  const facts = new Map<string, DateFacts>();
  for (const r of rows) {
    const m = r['m']?.value;
    const p = r['p']?.value;
    const o = r['o'];
    if (!m || !p || !o) continue;
    const f = facts.get(m) ?? { scheduled: false, superEvents: [], before: [], dateGraphs: [] };
    facts.set(m, f);
    if (p === schema('startDate')) f.start = o.value;
    else if (p === schema('endDate')) f.end = o.value;
    else if (p === akg('plannedYear')) f.planned = o.value;
    else if (p === schema('eventStatus')) f.scheduled = o.value === schema('EventScheduled');
    else if (p === schema('superEvent')) f.superEvents.push(o.value);
    else if (p === akg('tookPlaceBefore')) f.before.push(o.value);
    if ((p === schema('startDate') || p === schema('endDate')) && r['g']) f.dateGraphs.push(r['g'].value);
  }
  return meetings.map((m): TimelineEntry => {
    const f = facts.get(m) ?? { scheduled: false, superEvents: [], before: [], dateGraphs: [] };
    const group = f.start === undefined ? f.superEvents.map((g) => [g, facts.get(g)] as const).find(([, gf]) => gf?.start !== undefined) : undefined;
    const dated = group?.[1] ?? f;
    return {
      iri: m, start: dated.start, end: dated.end, plannedYear: f.planned, scheduled: f.scheduled,
      datesFrom: group?.[0], dateGraphs: [...new Set(dated.dateGraphs)].sort(), before: f.before.sort(),
    };
  }).sort((a, b) => (a.start ?? '9999').localeCompare(b.start ?? '9999') || (a.plannedYear ?? '9999').localeCompare(b.plannedYear ?? '9999') || a.iri.localeCompare(b.iri));
}

const BUILD_KINDS: ReadonlyArray<[string, GraphKind]> = [
  [BUILD_GRAPHS.meta, 'meta'], [BUILD_GRAPHS.entailments, 'entailments'], [BUILD_GRAPHS.void, 'void'],
];

function describeGraphs(
  graph: Graph, base: string, voidTriples: number, metaRows: readonly Row[], recordRows: readonly Row[], typesOf: (iri: string) => readonly string[],
): Map<string, GraphRecord> {
  const toQuads = (rows: readonly Row[], s: string, p: string, o: string, g: string) => rows.flatMap((r): Quad[] => {
    const [rs, rp, ro, rg] = [r[s], r[p], r[o], r[g]];
    if (rs?.termType !== 'NamedNode' || rp?.termType !== 'NamedNode' || rg?.termType !== 'NamedNode') return [];
    if (ro?.termType !== 'NamedNode' && ro?.termType !== 'Literal' && ro?.termType !== 'BlankNode') return [];
    return [quad(rs, rp, ro, rg)];
  });
  const meta = toQuads(metaRows, 'g', 'p', 'o', 'mg');
  const recordQuads = toQuads(recordRows, 'r', 'p', 'o', 'rg');
  const out = new Map<string, GraphRecord>();
  const voidIri = `${base}${PATHS.graph}${BUILD_GRAPHS.void}`;
  const sizes = graph.info.graphs.some((g) => g.iri === voidIri) || voidTriples === 0 ? [...graph.info.graphs] : [...graph.info.graphs, { iri: voidIri, triples: voidTriples }];
  const bySubject = (quads: readonly Quad[]) => {
    const index = new Map<string, Quad[]>();
    for (const q of quads) index.set(q.subject.value, [...(index.get(q.subject.value) ?? []), q]);
    return index;
  };
  const metaOf = bySubject(meta);
  const recordOf = bySubject(recordQuads);
  for (const { iri: g, triples } of sizes) {
    const about = metaOf.get(g) ?? [];
    const record = about.find((q) => q.predicate.value === prov('wasDerivedFrom'))?.object.value;
    const ofRecord = record ? recordOf.get(record) ?? [] : [];
    const reason = ofRecord.find((q) => q.predicate.value === akg('reason'))?.object.value;
    const recordTypes = record ? typesOf(record) : [];
    const build = BUILD_KINDS.find(([local]) => g === `${base}${PATHS.graph}${local}`)?.[1];
    const kind: GraphKind = build ?? (g === AKG_ONTOLOGY ? 'ontology'
      : recordTypes.includes(akg('Inference')) ? 'inference'
        : recordTypes.includes(akg('BackgroundKnowledge')) ? 'background'
          : recordTypes.includes(akg('SourceDocument')) ? 'source' : 'other');
    out.set(g, { iri: g, triples, kind, record, reason, provenance: [...about, ...ofRecord] });
  }
  return out;
}
