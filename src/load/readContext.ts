// Reads data/context.yaml: the base IRI, prefixes, collections (folder → IRI segment), type names
// and record keys with the kind of value each takes. Like a JSON-LD @context, but with positions.
import { join } from 'node:path';
import { Problems, type SourceLocation } from './problems.ts';
import { describeNode, entry, readYaml, type YNode } from './readYaml.ts';

export const VALUE_KINDS = ['ref', 'string', 'text', 'date', 'gYear', 'integer', 'iri', 'typed'] as const;
export type ValueKind = (typeof VALUE_KINDS)[number];

export interface PropertyDef {
  readonly key: string;
  readonly iri: string;
  readonly kind: ValueKind;
  /** For kind `typed`: the datatype IRI. */
  readonly datatype?: string;
  readonly loc: SourceLocation;
}

export interface ClassDef {
  readonly name: string;
  readonly iris: readonly string[];
  readonly loc: SourceLocation;
}

export interface Context {
  readonly file: string;
  readonly base: string;
  readonly prefixes: ReadonlyMap<string, string>;
  readonly collections: ReadonlyMap<string, string>;
  readonly classes: ReadonlyMap<string, ClassDef>;
  readonly properties: ReadonlyMap<string, PropertyDef>;
}

export const CONTEXT_FILE = 'context.yaml';

export async function readContext(dataDir: string, displayDir = 'data'): Promise<Context> {
  const problems = new Problems();
  const file = `${displayDir}/${CONTEXT_FILE}`;
  const [root] = await readYaml(join(dataDir, CONTEXT_FILE), file, problems);
  problems.throwIfAny();
  const at: SourceLocation = { file, line: 1, col: 1 };
  if (!root || root.kind !== 'map') {
    problems.add(at, 'the context must be a map with base, prefixes, collections, classes and properties');
    problems.throwIfAny();
    throw new Error('unreachable');
  }
  const section = (name: string): YNode | undefined => {
    const e = entry(root, name);
    if (!e) problems.add(at, `the context has no "${name}" section`);
    else if (name !== 'base' && e.value.kind !== 'map') problems.add(e.value.loc, `"${name}" must be a map`);
    return e?.value;
  };
  const baseNode = section('base');
  const prefixes = readStringMap(section('prefixes'), problems);
  const expand = (curie: string, loc: SourceLocation): string => expandIri(curie, prefixes, loc, problems);
  const collections = readStringMap(section('collections'), problems);
  const classes = new Map<string, ClassDef>();
  const classesNode = section('classes');
  if (classesNode?.kind === 'map') {
    for (const e of classesNode.entries) {
      const names = e.value.kind === 'seq' ? e.value.items : [e.value];
      const iris = names.map((n) => (n.kind === 'scalar' && typeof n.value === 'string' ? expand(n.value, n.loc) : ''));
      if (iris.some((i) => i === '')) problems.add(e.value.loc, `class "${e.key}" must map to a prefixed name or a list of them`);
      classes.set(e.key, { name: e.key, iris, loc: e.keyLoc });
    }
  }
  const properties = new Map<string, PropertyDef>();
  const propsNode = section('properties');
  if (propsNode?.kind === 'map') {
    for (const e of propsNode.entries) {
      const def = readProperty(e.key, e.value, e.keyLoc, expand, problems);
      if (def) properties.set(e.key, def);
    }
  }
  let base = '';
  if (baseNode) {
    if (baseNode.kind === 'scalar' && typeof baseNode.value === 'string' && /^https?:\/\/[^\s]+\/$/.test(baseNode.value)) base = baseNode.value;
    else problems.add(baseNode.loc, `base must be an http(s) IRI ending in "/", got ${describeNode(baseNode)}`);
  }
  problems.throwIfAny();
  return { file, base, prefixes, collections, classes, properties };
}

function readProperty(
  key: string, node: YNode, loc: SourceLocation, expand: (c: string, l: SourceLocation) => string, problems: Problems,
): PropertyDef | undefined {
  const iriNode = entry(node, 'iri')?.value;
  const kindNode = entry(node, 'kind')?.value;
  if (iriNode?.kind !== 'scalar' || typeof iriNode.value !== 'string') {
    problems.add(loc, `property "${key}" needs iri: <prefixed name>`);
    return undefined;
  }
  const kind = kindNode?.kind === 'scalar' ? kindNode.value : undefined;
  if (typeof kind !== 'string' || !(VALUE_KINDS as readonly string[]).includes(kind)) {
    problems.add(kindNode?.loc ?? loc, `property "${key}" needs kind: one of ${VALUE_KINDS.join(', ')}`);
    return undefined;
  }
  const def: PropertyDef = { key, iri: expand(iriNode.value, iriNode.loc), kind: kind as ValueKind, loc };
  if (kind !== 'typed') return def;
  const dt = entry(node, 'datatype')?.value;
  if (dt?.kind !== 'scalar' || typeof dt.value !== 'string') {
    problems.add(loc, `property "${key}" of kind typed needs datatype: <prefixed name>`);
    return undefined;
  }
  return { ...def, datatype: expand(dt.value, dt.loc) };
}

function readStringMap(node: YNode | undefined, problems: Problems): Map<string, string> {
  const out = new Map<string, string>();
  if (node?.kind !== 'map') return out;
  for (const e of node.entries) {
    if (e.value.kind === 'scalar' && typeof e.value.value === 'string') out.set(e.key, e.value.value);
    else problems.add(e.value.loc, `"${e.key}" must map to text, got ${describeNode(e.value)}`);
  }
  return out;
}

/** Expands `prefix:local` with the context's prefixes; absolute http(s) IRIs pass through. */
export function expandIri(
  value: string, prefixes: ReadonlyMap<string, string>, loc: SourceLocation, problems: Problems,
): string {
  if (/^https?:\/\/[^\s<>"{}|\\^`]+$/.test(value)) return value;
  const m = /^([A-Za-z][\w.-]*):([^\s<>"{}|\\^`/]*)$/.exec(value);
  const ns = m ? prefixes.get(m[1] ?? '') : undefined;
  if (m && ns !== undefined) return ns + (m[2] ?? '');
  problems.add(loc, m
    ? `unknown prefix "${m[1]}:" in ${JSON.stringify(value)}; declare it under prefixes in context.yaml`
    : `expected a prefixed name (e.g. schema:Event) or an http(s) IRI, got ${JSON.stringify(value)}`);
  return '';
}
