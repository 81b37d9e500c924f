// Writes quads as compacted JSON-LD with our @context, deterministically and in one pass over
// sorted quads (jsonld.js's compaction is correct but far too slow for a million triples; the
// tests check our output against jsonld.js's own toRDF). A dump is written node by node
// (`writeJsonldTo`) with each distinct term compacted once; `writeJsonld` builds the document
// whole and is the reference the tests hold the streamed one to.
import type { Quad, Term } from '@rdfjs/types';
import { rdf, xsd } from '../vocab.ts';
import type { JsonLdContext, TermDefinition } from './jsonldContext.ts';
import { SortedQuads } from './sortQuads.ts';
import type { TextSink } from './TextChunks.ts';
import { BATCH_CHARS } from './writeNQuads.ts';

type JsonValue = string | { '@id': string } | { '@value': string; '@type'?: string; '@language'?: string };
type NodeObject = Record<string, JsonValue | JsonValue[] | string[] | string>;

export function writeJsonld(quads: Iterable<Quad> | SortedQuads, context: JsonLdContext, contextRef?: string): string {
  const compact = compactor(context);
  const graphs = new Map<string, Map<string, NodeObject>>();
  for (const q of (quads instanceof SortedQuads ? quads : new SortedQuads(quads)).quads()) {
    const g = q.graph.termType === 'DefaultGraph' ? '' : compact.id(q.graph);
    let nodes = graphs.get(g);
    if (!nodes) graphs.set(g, (nodes = new Map()));
    const s = compact.id(q.subject);
    let node = nodes.get(s);
    if (!node) nodes.set(s, (node = { id: s }));
    if (q.predicate.value === rdf('type') && q.object.termType === 'NamedNode') {
      push(node, 'type', compact.type(q.object.value));
      continue;
    }
    const [key, value] = compact.property(q.predicate.value, q.object);
    push(node, key, value);
  }
  const top: object[] = [...(graphs.get('')?.values() ?? [])];
  for (const [g, nodes] of graphs) if (g !== '') top.push({ id: g, '@graph': [...nodes.values()] });
  const doc = { '@context': contextRef ?? context, '@graph': top };
  return `${JSON.stringify(doc, null, 1)}\n`;
}

/**
 * `writeJsonld` into `out`, the same bytes: the document as `JSON.stringify(doc, null, 1)` would
 * lay it out, one node at a time. Sorted rows keep a graph's nodes, and a node's properties,
 * together; should two terms compact to the same id (which would merge their nodes), the document
 * is built whole instead.
 */
export function writeJsonldTo(data: SortedQuads, context: JsonLdContext, out: TextSink, contextRef?: string): void {
  const { quads, ids } = data.quadRows();
  const n = data.termCount;
  const compact = compactor(context);
  // Compacted ids of subjects and graphs, by term id, all made before anything is written.
  const keys = new Array<string | undefined>(n);
  const keyOwner = new Map<string, number>();
  const key = (id: number, t: Term): boolean => {
    if (keys[id] !== undefined) return true;
    const k = (keys[id] = compact.id(t));
    if ((keyOwner.get(k) ?? id) !== id) return false;
    keyOwner.set(k, id);
    return true;
  };
  for (let i = 0; i < quads.length; i++) {
    const q = quads[i] as Quad;
    if (!key(ids[4 * i + 1] as number, q.subject) || (ids[4 * i] !== 0 && !key(ids[4 * i] as number, q.graph))) {
      out.write(writeJsonld(data, context, contextRef));
      return;
    }
  }
  const types = new Array<string | undefined>(n);
  const isType = new Uint8Array(n);
  const properties = new Array<((o: Term, kind: string) => { key: string; plain: boolean }) | undefined>(n);
  // By object term id: its kind (see compactor), and its value in either form, each made once.
  const kinds = new Array<string | undefined>(n);
  const plainValues = new Array<JsonValue | undefined>(n);
  const fullValues = new Array<JsonValue | undefined>(n);
  let batch = `{\n "@context": ${indented(contextRef ?? context, ' ')},\n "@graph": [`;
  let items = 0;
  let graph = -1;
  let graphItems = 0;
  let node: NodeObject | undefined;
  const endNode = () => {
    if (!node) return;
    const inGraph = graph !== 0;
    batch += `${(inGraph ? graphItems : items) === 0 ? '\n' : ',\n'}${inGraph ? '    ' : '  '}${layout(node, inGraph ? '    ' : '  ')}`;
    if (inGraph) graphItems++;
    else items++;
    node = undefined;
    if (batch.length > BATCH_CHARS) {
      out.write(batch);
      batch = '';
    }
  };
  const endGraph = () => {
    endNode();
    if (graph > 0) batch += '\n   ]\n  }';
  };
  let subject = -1;
  for (let i = 0; i < quads.length; i++) {
    const q = quads[i] as Quad;
    const g = ids[4 * i] as number;
    const s = ids[4 * i + 1] as number;
    const p = ids[4 * i + 2] as number;
    const o = ids[4 * i + 3] as number;
    if (g !== graph) {
      endGraph();
      if (g !== 0) {
        batch += `${items === 0 ? '\n' : ',\n'}  {\n   "id": ${JSON.stringify(keys[g])},\n   "@graph": [`;
        items++;
        graphItems = 0;
      }
      graph = g;
      subject = -1;
    }
    if (s !== subject) {
      endNode();
      node = { id: keys[s] as string };
      subject = s;
    }
    if (isType[p] === 0) isType[p] = q.predicate.value === rdf('type') ? 1 : 2;
    if (isType[p] === 1 && q.object.termType === 'NamedNode') {
      push(node as NodeObject, 'type', types[o] ??= compact.type(q.object.value));
      continue;
    }
    const property = (properties[p] ??= compact.propertyOf(q.predicate.value));
    const { key: k, plain } = property(q.object, kinds[o] ??= compact.kind(q.object));
    push(node as NodeObject, k, plain ? (plainValues[o] ??= compact.plainValue(q.object)) : (fullValues[o] ??= compact.fullValue(q.object)));
  }
  endGraph();
  out.write(`${batch}${items === 0 ? ']' : '\n ]'}\n}\n`);
}

/** `value` as JSON.stringify(value, null, 1) lays it out, every line after the first indented by `indent`. */
function indented(value: unknown, indent: string): string {
  return JSON.stringify(value, null, 1).replaceAll('\n', `\n${indent}`);
}

/**
 * `indented` for a node (strings, arrays and plain objects of them), written out here: the same text
 * in one pass (JSON.stringify and then a second pass to indent took a sixth of the dumps' time).
 * Keys come in the order JSON.stringify takes them (`for...in`: integer-like keys first, then
 * insertion order).
 */
function layout(value: JsonValue | JsonValue[] | NodeObject, indent: string): string {
  if (typeof value === 'string') return JSON.stringify(value);
  const inner = `${indent} `;
  let text: string;
  if (Array.isArray(value)) {
    text = '[';
    for (let i = 0; i < value.length; i++) text += `${i === 0 ? '\n' : ',\n'}${inner}${layout(value[i] as JsonValue, inner)}`;
    return `${text}\n${indent}]`;
  }
  text = '{';
  let first = true;
  for (const key in value) {
    text += `${first ? '\n' : ',\n'}${inner}${JSON.stringify(key)}: ${layout((value as NodeObject)[key] as JsonValue, inner)}`;
    first = false;
  }
  return `${text}\n${indent}}`;
}

function push(node: NodeObject, key: string, value: JsonValue): void {
  const existing = node[key];
  if (existing === undefined) node[key] = value;
  else if (Array.isArray(existing)) (existing as JsonValue[]).push(value);
  else node[key] = [existing as JsonValue, value];
}

function compactor(context: JsonLdContext) {
  const base = typeof context['@base'] === 'string' ? context['@base'] : '';
  const prefixes: [string, string][] = [];
  const classTerms = new Map<string, string>();
  const propertyTerms = new Map<string, { name: string; def: TermDefinition }[]>();
  for (const [name, v] of Object.entries(context)) {
    if (name.startsWith('@') || name === 'id' || name === 'type') continue;
    if (typeof v === 'string') prefixes.push([name, v]);
    else if (typeof v === 'object' && v['@type'] === undefined && v['@language'] === undefined && /^[A-Z]/.test(name)) classTerms.set(v['@id'], name);
    if (typeof v === 'object' && /^[a-z]/.test(name)) {
      const list = propertyTerms.get(v['@id']) ?? [];
      list.push({ name, def: v });
      propertyTerms.set(v['@id'], list);
    }
  }
  prefixes.sort((a, b) => b[1].length - a[1].length);
  const curie = (iri: string): string => {
    for (const [p, ns] of prefixes) {
      const local = iri.slice(ns.length);
      if (iri.startsWith(ns) && /^[\w-]+$/.test(local) && !local.startsWith('-')) return `${p}:${local}`;
    }
    return iri;
  };
  const ids = new Map<string, string>();
  const id = (t: Term): string => {
    if (t.termType === 'BlankNode') return `_:${t.value}`;
    let known = ids.get(t.value);
    if (known === undefined) ids.set(t.value, (known = iriId(t.value)));
    return known;
  };
  const iriId = (iri: string): string => {
    const rest = iri.startsWith(base) && base !== '' ? iri.slice(base.length) : undefined;
    return rest !== undefined && /^[\w-]+(?:\/[\w-]+)*$/.test(rest) ? rest : curie(iri);
  };
  const fits = (def: TermDefinition, o: Term): boolean => {
    if (o.termType !== 'Literal') return def['@type'] === '@id' && o.termType === 'NamedNode';
    if (o.language) return def['@language'] === o.language;
    if (def['@language'] !== undefined || def['@type'] === '@id') return false;
    return o.datatype.value === xsd('string') ? def['@type'] === undefined : def['@type'] === o.datatype.value;
  };
  /**
   * What `property` needs to know of an object to choose its key: its term type, language and
   * datatype, as one string (equal for objects that take the same key with any predicate).
   */
  const kind = (o: Term): string =>
    o.termType !== 'Literal' ? o.termType : o.language ? `@${o.language}` : `^${o.datatype.value}`;
  /**
   * `property` in two halves, for the streamed writer: the key of a predicate with an object of a
   * kind (looked up once per predicate and kind), and whether the value is then written plain (the
   * term's type says what it is) or in full; `plainValue` and `fullValue` make the value.
   */
  const propertyOf = (p: string): ((o: Term, kind: string) => { key: string; plain: boolean }) => {
    const terms = propertyTerms.get(p);
    const key = curie(p);
    const byKind = new Map<string, { key: string; plain: boolean }>();
    return (o, k) => {
      let choice = byKind.get(k);
      if (!choice) {
        const term = terms?.find((t) => fits(t.def, o));
        byKind.set(k, (choice = term ? { key: term.name, plain: true } : { key, plain: false }));
      }
      return choice;
    };
  };
  const plainValue = (o: Term): JsonValue => (o.termType === 'NamedNode' ? id(o) : o.value);
  const fullValue = (o: Term): JsonValue => {
    if (o.termType !== 'Literal') return { '@id': id(o) };
    if (o.language) return { '@value': o.value, '@language': o.language };
    if (o.datatype.value === xsd('string')) return o.value;
    return { '@value': o.value, '@type': curie(o.datatype.value) };
  };
  /** The key and value of a predicate and object: `propertyOf` and the value in the form it says. */
  const byPredicate = new Map<string, ReturnType<typeof propertyOf>>();
  const property = (p: string, o: Term): [string, JsonValue] => {
    let choose = byPredicate.get(p);
    if (!choose) byPredicate.set(p, (choose = propertyOf(p)));
    const { key, plain } = choose(o, kind(o));
    return [key, plain ? plainValue(o) : fullValue(o)];
  };
  return { id, property, propertyOf, kind, plainValue, fullValue, type: (iri: string) => classTerms.get(iri) ?? curie(iri) };
}
