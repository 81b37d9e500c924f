// The VoID + DCAT description of a dataset: counts, class and property partitions, distributions
// (media type, size, checksum), endpoint, vocabularies and a linkset for the Wikidata links.
// Used by the build (URLs under the base IRI) and by the server (the URLs it really answers on).
import { DataFactory } from 'n3';
import type { NamedNode, Quad, Quad_Object, Quad_Subject } from '@rdfjs/types';
import { dcat, dcterms, foaf, owl, PREFIXES, rdf, skos, spdx, voidNs, wd, xsd } from '../vocab.ts';
import { SortedQuads } from './sortQuads.ts';

const { namedNode, literal, quad } = DataFactory;

export interface DatasetMeta {
  readonly title: string;
  readonly description: string;
  readonly license: string;
  readonly creator: string;
  readonly issued: string;
  readonly keywords: readonly string[];
  readonly citation: string;
}

export interface Distribution {
  readonly url: string;
  readonly mediaType: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly formatName: string;
}

export interface DescribeInput {
  /** IRI of the dataset node. */
  readonly dataset: string;
  readonly graph: NamedNode;
  readonly meta: DatasetMeta;
  /** The data to count; should not include the description itself. */
  /** The dataset's quads; pass the SortedQuads the dumps were written from to count them without sorting again. */
  readonly quads: readonly Quad[] | SortedQuads;
  readonly uriSpace: string;
  readonly sources: readonly string[];
  readonly distributions: readonly Distribution[];
  readonly sparqlEndpoint?: string;
}

export function describeDataset(input: DescribeInput): Quad[] {
  const out: Quad[] = [];
  const g = input.graph;
  const add = (s: string | Quad_Subject, p: string, o: Quad_Object) =>
    out.push(quad(typeof s === 'string' ? namedNode(s) : s, namedNode(p), o, g));
  const ds = input.dataset;
  const int = (n: number) => literal(String(n), namedNode(xsd('integer')));
  const { meta } = input;
  add(ds, rdf('type'), namedNode(voidNs('Dataset')));
  add(ds, rdf('type'), namedNode(dcat('Dataset')));
  add(ds, dcterms('title'), literal(meta.title, 'en'));
  add(ds, dcterms('description'), literal(meta.description, 'en'));
  add(ds, dcterms('license'), namedNode(meta.license));
  add(ds, dcterms('creator'), literal(meta.creator));
  add(ds, dcterms('issued'), literal(meta.issued, namedNode(xsd('date'))));
  add(ds, dcterms('bibliographicCitation'), literal(meta.citation, 'en'));
  for (const k of meta.keywords) add(ds, dcat('keyword'), literal(k, 'en'));
  for (const s of input.sources) add(ds, dcterms('source'), namedNode(s));
  add(ds, voidNs('uriSpace'), literal(input.uriSpace));
  if (input.sparqlEndpoint) add(ds, voidNs('sparqlEndpoint'), namedNode(input.sparqlEndpoint));

  const stats = datasetStats(input.quads);
  add(ds, voidNs('triples'), int(stats.triples));
  add(ds, voidNs('distinctSubjects'), int(stats.subjects));
  add(ds, voidNs('distinctObjects'), int(stats.objects));
  add(ds, voidNs('classes'), int(stats.classes.size));
  add(ds, voidNs('properties'), int(stats.properties.size));
  for (const ns of vocabulariesUsed(stats)) add(ds, voidNs('vocabulary'), namedNode(ns));
  for (const [cls, n] of stats.classes) {
    const part = `${ds}/partition/class/${slug(cls)}`;
    add(ds, voidNs('classPartition'), namedNode(part));
    add(part, voidNs('class'), namedNode(cls));
    add(part, voidNs('entities'), int(n));
  }
  for (const [prop, n] of stats.properties) {
    const part = `${ds}/partition/property/${slug(prop)}`;
    add(ds, voidNs('propertyPartition'), namedNode(part));
    add(part, voidNs('property'), namedNode(prop));
    add(part, voidNs('triples'), int(n));
  }
  for (const d of input.distributions) {
    const dist = `${ds}/distribution/${d.formatName}`;
    add(ds, voidNs('dataDump'), namedNode(d.url));
    add(ds, dcat('distribution'), namedNode(dist));
    add(dist, rdf('type'), namedNode(dcat('Distribution')));
    add(dist, dcterms('title'), literal(`${meta.title} (${d.formatName})`, 'en'));
    add(dist, dcat('downloadURL'), namedNode(d.url));
    add(dist, dcat('accessURL'), namedNode(d.url));
    add(dist, dcat('mediaType'), namedNode(`https://www.iana.org/assignments/media-types/${d.mediaType}`));
    add(dist, dcat('byteSize'), literal(String(d.bytes), namedNode(xsd('nonNegativeInteger'))));
    add(dist, dcterms('license'), namedNode(meta.license));
    const checksum = namedNode(`${dist}#sha256`);
    add(dist, spdx('checksum'), checksum);
    add(checksum, rdf('type'), namedNode(spdx('Checksum')));
    add(checksum, spdx('algorithm'), namedNode(spdx('checksumAlgorithm_sha256')));
    add(checksum, spdx('checksumValue'), literal(d.sha256, namedNode(xsd('hexBinary'))));
  }
  describeWikidataLinks(input, stats, add);
  return out;
}

export interface Stats {
  triples: number;
  subjects: number;
  objects: number;
  classes: Map<string, number>;
  properties: Map<string, number>;
  links: Map<string, number>;
}

const LINK_PREDICATES = [owl('sameAs'), skos('exactMatch'), skos('closeMatch')];
const RDF_TYPE = rdf('type');

const statsOf = new WeakMap<SortedQuads, Stats>();

/**
 * Counts the statistics the description gives (kept per SortedQuads, so that the build can count
 * them while the gzip copies are being made, before the dumps' sizes and checksums are known).
 */
export function datasetStats(input: readonly Quad[] | SortedQuads): Stats {
  if (!(input instanceof SortedQuads)) return countStats(input);
  let stats = statsOf.get(input);
  if (!stats) statsOf.set(input, (stats = countStats(input)));
  return stats;
}

function countStats(input: readonly Quad[] | SortedQuads): Stats {
  // Distinct triples of the union of graphs: SortedQuads has them already (sorted and de-duplicated),
  // with term ids, so that each distinct term is looked at once (keys as before: a subject by its
  // value, an object by its value, and a literal's datatype and language too).
  const data = input instanceof SortedQuads ? input : new SortedQuads(input);
  const { quads, ids } = data.tripleRows();
  const n = data.termCount;
  const seenSubject = new Uint8Array(n);
  const seenObject = new Uint8Array(n);
  const perPredicate = new Int32Array(n);
  /** Per predicate id: 1 rdf:type, 2 a link predicate, 3 other. */
  const kind = new Uint8Array(n);
  const values = new Array<string | undefined>(n);
  const subjects = new Set<string>();
  const objects = new Set<string>();
  const classMembers = new Map<string, Set<string>>();
  const linkCounts = new Int32Array(n);
  for (let i = 0; i < quads.length; i++) {
    const q = quads[i] as Quad;
    const s = ids[4 * i + 1] as number;
    const p = ids[4 * i + 2] as number;
    const o = ids[4 * i + 3] as number;
    const subject = (values[s] ??= q.subject.value);
    if (seenSubject[s] === 0) {
      seenSubject[s] = 1;
      subjects.add(subject);
    }
    if (seenObject[o] === 0) {
      seenObject[o] = 1;
      const t = q.object;
      objects.add(t.termType === 'Literal' ? `"${t.value}\u0000${t.datatype.value}${t.language}` : `${t.value}\u0000`);
    }
    perPredicate[p] = (perPredicate[p] as number) + 1;
    if (kind[p] === 0) {
      const iri = (values[p] ??= q.predicate.value);
      kind[p] = iri === RDF_TYPE ? 1 : LINK_PREDICATES.includes(iri) ? 2 : 3;
    }
    if (kind[p] === 1) {
      const cls = (values[o] ??= q.object.value);
      const members = classMembers.get(cls) ?? new Set();
      members.add(subject);
      classMembers.set(cls, members);
    } else if (kind[p] === 2 && (values[o] ??= q.object.value).startsWith(wd.iri)) {
      linkCounts[p] = (linkCounts[p] as number) + 1;
    }
  }
  const properties = new Map<string, number>();
  const links = new Map<string, number>();
  for (let p = 0; p < n; p++) {
    const count = perPredicate[p] as number;
    if (count === 0) continue;
    const iri = values[p] as string;
    properties.set(iri, (properties.get(iri) ?? 0) + count);
    const linked = linkCounts[p] as number;
    if (linked > 0) links.set(iri, (links.get(iri) ?? 0) + linked);
  }
  const sortedMap = <V>(m: Map<string, V>) => new Map([...m].sort(([a], [b]) => a.localeCompare(b)));
  return {
    triples: quads.length,
    subjects: subjects.size,
    objects: objects.size,
    classes: sortedMap(new Map([...classMembers].map(([c, m]) => [c, m.size]))),
    properties: sortedMap(properties),
    links: sortedMap(links),
  };
}

function vocabulariesUsed(stats: Stats): string[] {
  const used = new Set<string>();
  for (const iri of [...stats.classes.keys(), ...stats.properties.keys()]) {
    for (const ns of Object.values(PREFIXES)) if (iri.startsWith(ns)) used.add(ns.replace(/#$/, ''));
  }
  return [...used].sort();
}

function describeWikidataLinks(input: DescribeInput, stats: Stats, add: (s: string, p: string, o: Quad_Object) => void): void {
  if (stats.links.size === 0) return;
  const wikidata = 'https://www.wikidata.org/';
  add(wikidata, rdf('type'), namedNode(voidNs('Dataset')));
  add(wikidata, dcterms('title'), literal('Wikidata', 'en'));
  add(wikidata, foaf('homepage'), namedNode(wikidata));
  add(wikidata, voidNs('uriSpace'), literal(wd.iri));
  for (const [predicate, n] of stats.links) {
    const linkset = `${input.dataset}/linkset/wikidata-${slug(predicate)}`;
    add(input.dataset, voidNs('subset'), namedNode(linkset));
    add(linkset, rdf('type'), namedNode(voidNs('Linkset')));
    add(linkset, voidNs('subjectsTarget'), namedNode(input.dataset));
    add(linkset, voidNs('objectsTarget'), namedNode(wikidata));
    add(linkset, voidNs('linkPredicate'), namedNode(predicate));
    add(linkset, voidNs('triples'), literal(String(n), namedNode(xsd('integer'))));
  }
}

/** A readable, stable path segment for a term IRI: `schema-Event`. */
function slug(iri: string): string {
  for (const [p, ns] of Object.entries(PREFIXES)) {
    if (iri.startsWith(ns)) return `${p}-${iri.slice(ns.length).replace(/[^\w-]/g, '_')}`;
  }
  return iri.replace(/^https?:\/\//, '').replace(/[^\w-]/g, '_');
}
