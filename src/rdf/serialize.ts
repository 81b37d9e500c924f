// Serialises quads into every dump format, deterministically: sorted input, fixed prefixes, no
// timestamps. Every format through a small single-pass writer of ours: Turtle/TriG and N-Triples/
// N-Quads give the same bytes as n3's Writer (the tests hold them to it) at a fraction of its cost;
// RDF/XML and JSON-LD see writeRdfXml.ts and writeJsonld.ts for why.
// `serializeTo` writes into a sink, so that a dump of a million triples is never one string.
import type { Quad, Term } from '@rdfjs/types';
import type { RdfFormatId } from './formats.ts';
import type { JsonLdContext } from './jsonldContext.ts';
import { SortedQuads } from './sortQuads.ts';
import { TextString, type TextSink } from './TextChunks.ts';
import { writeJsonldTo } from './writeJsonld.ts';
import { writeNQuadsRows } from './writeNQuads.ts';
import { writeRdfXml } from './writeRdfXml.ts';
import { writeTurtle } from './writeTurtle.ts';
import { PREFIXES } from '../vocab.ts';

export interface SerializeOptions {
  readonly prefixes?: Readonly<Record<string, string>>;
  /** Needed for JSON-LD. */
  readonly jsonldContext?: JsonLdContext;
}

/**
 * Serialises `quads` in `format`. Triple-only formats get the union of all graphs. To write several
 * formats of the same quads, pass one `SortedQuads` of them to every call: it sorts only once.
 */
export function serialize(quads: Iterable<Quad> | SortedQuads, format: RdfFormatId, options: SerializeOptions = {}): string {
  const out = new TextString();
  serializeTo(quads, format, out, options);
  return out.text;
}

/** `serialize`, writing into `out`. */
export function serializeTo(quads: Iterable<Quad> | SortedQuads, format: RdfFormatId, out: TextSink, options: SerializeOptions = {}): void {
  const prefixes = options.prefixes ?? PREFIXES;
  const data = quads instanceof SortedQuads ? quads : new SortedQuads(quads);
  if (format === 'ntriples' || format === 'nquads') {
    writeNQuadsRows(format === 'nquads' ? data.quadRows() : data.tripleRows(), termStrings(ntriplesCache, data), out, format === 'nquads');
    return;
  }
  if (format === 'turtle' || format === 'trig') {
    const trig = format === 'trig';
    writeTurtle(trig ? data.quadRows() : data.tripleRows(), data.termCount, usedPrefixes(data, trig, prefixes), out, trig);
    return;
  }
  if (format === 'jsonld') {
    if (!options.jsonldContext) throw new Error('serialize: JSON-LD needs a context');
    writeJsonldTo(data, options.jsonldContext, out);
    return;
  }
  writeRdfXml(data.tripleRows(), data.termCount, prefixes, out);
}

/** Each dataset's terms in N-Triples, by term id: written once for both the N-Triples and the N-Quads dump. */
const ntriplesCache = new WeakMap<SortedQuads, (string | undefined)[]>();

function termStrings(cache: WeakMap<SortedQuads, (string | undefined)[]>, data: SortedQuads): (string | undefined)[] {
  let terms = cache.get(data);
  if (!terms) cache.set(data, (terms = new Array<string | undefined>(data.termCount)));
  return terms;
}

/** IRIs a dataset's triples use (as terms or datatypes), and its graph names: found once per dataset. */
const irisUsed = new WeakMap<SortedQuads, { readonly terms: ReadonlySet<string>; readonly graphs: ReadonlySet<string> }>();

/** Only the prefixes a graph uses (with its graph names if `withGraphs`), so that small documents stay small. */
function usedPrefixes(data: SortedQuads, withGraphs: boolean, prefixes: Readonly<Record<string, string>>): Record<string, string> {
  let iris = irisUsed.get(data);
  if (!iris) {
    const terms = new Set<string>();
    const graphs = new Set<string>();
    const visit = (t: Term, into: Set<string>) => {
      const iri = t.termType === 'NamedNode' ? t.value : t.termType === 'Literal' ? t.datatype.value : '';
      if (iri !== '') into.add(iri);
    };
    // Each distinct term once, by its id: 1 seen as a subject, predicate or object, 2 as a graph name.
    const { quads, ids } = data.quadRows();
    const seen = new Uint8Array(data.termCount);
    for (let i = 0; i < quads.length; i++) {
      const q = quads[i] as Quad;
      const at = 4 * i;
      for (let k = 1; k < 4; k++) {
        const id = ids[at + k] as number;
        if ((seen[id] as number) & 1) continue;
        seen[id] = (seen[id] as number) | 1;
        visit(k === 1 ? q.subject : k === 2 ? q.predicate : q.object, terms);
      }
      const g = ids[at] as number;
      if (!((seen[g] as number) & 2)) {
        seen[g] = (seen[g] as number) | 2;
        visit(q.graph, graphs);
      }
    }
    irisUsed.set(data, (iris = { terms, graphs }));
  }
  const namespaces = Object.entries(prefixes);
  // IRIs are many and namespaces few: an IRI is matched by its stem (up to its last "/" or "#"),
  // each stem once. A namespace ending in "/" or "#" is a prefix of an IRI exactly when it is a
  // prefix of the IRI's stem; any other namespace is tried on the IRI itself.
  const delimited = namespaces.filter(([, ns]) => /[/#]$/.test(ns));
  const other = namespaces.filter(([, ns]) => !/[/#]$/.test(ns));
  const stems = new Set<string>();
  const used = new Set<string>();
  for (const set of withGraphs ? [iris.terms, iris.graphs] : [iris.terms]) {
    for (const iri of set) {
      stems.add(iri.slice(0, Math.max(iri.lastIndexOf('/'), iri.lastIndexOf('#')) + 1));
      for (const [p, ns] of other) if (iri.startsWith(ns)) used.add(p);
    }
  }
  for (const stem of stems) for (const [p, ns] of delimited) if (stem.startsWith(ns)) used.add(p);
  return Object.fromEntries(namespaces.filter(([p]) => used.has(p)).sort(([a], [b]) => a.localeCompare(b)));
}
