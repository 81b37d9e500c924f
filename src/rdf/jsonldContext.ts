// The dataset's JSON-LD @context, generated from data/context.yaml: the same short names as the
// YAML records (name, chairedBy, startDate, ...), so JSON-LD readers see familiar keys.
import type { Context, PropertyDef } from '../load/readContext.ts';
import { rdf, xsd } from '../vocab.ts';

export interface TermDefinition {
  readonly '@id': string;
  readonly '@type'?: string;
  readonly '@language'?: string;
}

export type JsonLdContext = Record<string, string | TermDefinition | number>;

export function jsonldContext(context: Context, base: string): JsonLdContext {
  const out: JsonLdContext = { '@version': 1.1, '@base': base, id: '@id', type: '@type' };
  for (const [prefix, iri] of context.prefixes) out[prefix] = iri;
  for (const [name, def] of context.classes) {
    const [only] = def.iris;
    if (def.iris.length === 1 && only) out[name] = { '@id': only };
  }
  for (const def of context.properties.values()) out[def.key] = termDefinition(def);
  return out;
}

function termDefinition(def: PropertyDef): TermDefinition {
  switch (def.kind) {
    case 'ref':
    case 'iri':
      return { '@id': def.iri, '@type': '@id' };
    case 'text':
      return { '@id': def.iri, '@language': 'en' };
    case 'string':
      return { '@id': def.iri };
    case 'date':
      return { '@id': def.iri, '@type': xsd('date') };
    case 'gYear':
      return { '@id': def.iri, '@type': xsd('gYear') };
    case 'integer':
      return { '@id': def.iri, '@type': xsd('integer') };
    case 'typed':
      return { '@id': def.iri, '@type': def.datatype ?? xsd('string') };
  }
}

export const RDF_TYPE = rdf('type');
