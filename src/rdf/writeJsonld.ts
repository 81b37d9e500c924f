// Writes quads as compacted JSON-LD with our @context, deterministically and in one pass over
// sorted quads (jsonld.js's compaction is correct but far too slow for a million triples; the
// tests check our output against jsonld.js's own toRDF).
import type { Quad, Term } from '@rdfjs/types';
import { rdf, xsd } from '../vocab.ts';
import type { JsonLdContext, TermDefinition } from './jsonldContext.ts';
import { SortedQuads } from './sortQuads.ts';

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
  const property = (p: string, o: Term): [string, JsonValue] => {
    const term = propertyTerms.get(p)?.find((t) => fits(t.def, o));
    if (term) return [term.name, o.termType === 'NamedNode' ? id(o) : o.value];
    const key = curie(p);
    if (o.termType !== 'Literal') return [key, { '@id': id(o) }];
    if (o.language) return [key, { '@value': o.value, '@language': o.language }];
    if (o.datatype.value === xsd('string')) return [key, o.value];
    return [key, { '@value': o.value, '@type': curie(o.datatype.value) }];
  };
  return { id, property, type: (iri: string) => classTerms.get(iri) ?? curie(iri) };
}
