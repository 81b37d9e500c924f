// Reads every record under data/<collection>/: YAML maps with id, type, source and property keys.
// Checks here are about the shape of each record alone; cross-record checks are in checkRecords.ts.
import { readdir } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { Context } from './readContext.ts';
import { didYouMean, type Problems, type SourceLocation } from './problems.ts';
import { describeNode, readYaml, type Scalar, type YNode } from './readYaml.ts';

export interface Ref {
  readonly id: string;
  readonly loc: SourceLocation;
}

export interface Value {
  readonly value: Scalar;
  readonly loc: SourceLocation;
  /** Set when the value names its own source: `{value: ..., source: <id>}`. */
  readonly source?: Ref;
}

export interface Field {
  readonly key: string;
  readonly loc: SourceLocation;
  readonly values: readonly Value[];
}

export interface DataRecord {
  readonly id: string;
  readonly collection: string;
  readonly loc: SourceLocation;
  readonly types: readonly Ref[];
  readonly source: Ref;
  readonly fields: readonly Field[];
}

/** Files at the top of data/ that are not records. */
const TOP_LEVEL_FILES = new Set(['context.yaml', 'dataset.yaml', 'README.md']);
const RESERVED = new Set(['id', 'type', 'source']);
const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export async function readRecords(dataDir: string, context: Context, problems: Problems, displayDir = 'data'): Promise<DataRecord[]> {
  const records: DataRecord[] = [];
  const top = await readdir(dataDir, { withFileTypes: true });
  for (const dirent of top.sort((a, b) => a.name.localeCompare(b.name))) {
    const display = `${displayDir}/${dirent.name}`;
    if (dirent.isFile()) {
      if (!TOP_LEVEL_FILES.has(dirent.name) && !dirent.name.startsWith('.')) {
        problems.add({ file: display, line: 0, col: 0 }, `records belong in a collection folder (${[...context.collections.keys()].join(', ')}), not at the top of ${displayDir}/`);
      }
      continue;
    }
    if (!dirent.isDirectory()) continue;
    if (!context.collections.has(dirent.name)) {
      problems.add({ file: display, line: 0, col: 0 }, `folder "${dirent.name}" is not a collection${didYouMean(dirent.name, context.collections.keys())}; add it under collections in ${context.file}`);
      continue;
    }
    for (const file of await listYamlFiles(join(dataDir, dirent.name), display, problems)) {
      const nodes = await readYaml(file.path, file.display, problems);
      const single = nodes.length === 1;
      for (const node of nodes) {
        const record = readRecord(node, dirent.name, file.display, single, context, problems);
        if (record) records.push(record);
      }
    }
  }
  return records;
}

async function listYamlFiles(dir: string, display: string, problems: Problems): Promise<{ path: string; display: string }[]> {
  const out: { path: string; display: string }[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, e.name);
    const shown = `${display}/${e.name}`;
    if (e.isDirectory()) out.push(...(await listYamlFiles(path, shown, problems)));
    else if (e.isFile() && ['.yaml', '.yml'].includes(extname(e.name))) out.push({ path, display: shown });
    else if (e.isFile() && !e.name.endsWith('.md') && !e.name.startsWith('.')) {
      problems.add({ file: shown, line: 0, col: 0 }, 'not a record: record files end in .yaml');
    }
  }
  return out;
}

function readRecord(
  node: YNode, collection: string, file: string, single: boolean, context: Context, problems: Problems,
): DataRecord | undefined {
  if (node.kind !== 'map') {
    problems.add(node.loc, `a record must be a map of keys to values, got ${describeNode(node)}`);
    return undefined;
  }
  const get = (key: string) => node.entries.find((e) => e.key === key);
  const idEntry = get('id');
  const stem = basename(file, extname(file));
  let id: string | undefined;
  if (!idEntry) {
    if (single) id = stem;
    else problems.add(node.loc, 'a record in a file with several records needs its own "id"');
  } else if (idEntry.value.kind !== 'scalar' || typeof idEntry.value.value !== 'string' || !ID_PATTERN.test(idEntry.value.value)) {
    problems.add(idEntry.value.loc, `"id" must be lower-case words joined by hyphens (e.g. lay-chenda), got ${describeNode(idEntry.value)}`);
  } else {
    id = idEntry.value.value;
    if (single && id !== stem) problems.add(idEntry.value.loc, `id "${id}" differs from the file name "${stem}"; rename the file or the id`);
  }
  const types = readRefs(get('type'), node.loc, 'type', problems).filter((t) => {
    if (context.classes.has(t.id)) return true;
    problems.add(t.loc, `unknown type "${t.id}"${didYouMean(t.id, context.classes.keys())}; types are listed under classes in ${context.file}`);
    return false;
  });
  const [source] = readRefs(get('source'), node.loc, 'source', problems);
  const fields: Field[] = [];
  for (const e of node.entries) {
    if (RESERVED.has(e.key)) continue;
    if (!context.properties.has(e.key)) {
      problems.add(e.keyLoc, `unknown key "${e.key}"${didYouMean(e.key, [...context.properties.keys(), ...RESERVED])}; keys are listed under properties in ${context.file}`);
      continue;
    }
    const values = readValues(e.value, problems);
    if (values.length === 0) problems.add(e.keyLoc, `"${e.key}" has no value; remove the key or give it a value`);
    fields.push({ key: e.key, loc: e.keyLoc, values });
  }
  // A record whose types are all unknown is still kept, so that its references get checked too.
  if (id === undefined || !source) return undefined;
  return { id, collection, loc: idEntry?.keyLoc ?? node.loc, types, source, fields };
}

function readRefs(e: { value: YNode } | undefined, recordLoc: SourceLocation, key: string, problems: Problems): Ref[] {
  if (!e) {
    problems.add(recordLoc, `the record has no "${key}"`);
    return [];
  }
  const nodes = e.value.kind === 'seq' && key === 'type' ? e.value.items : [e.value];
  const out: Ref[] = [];
  for (const n of nodes) {
    if (n.kind === 'scalar' && typeof n.value === 'string' && n.value !== '') out.push({ id: n.value, loc: n.loc });
    else problems.add(n.loc, `"${key}" must be ${key === 'type' ? 'a type name or a list of them' : 'the id of a source or provenance record'}, got ${describeNode(n)}`);
  }
  if (nodes.length === 0) problems.add(e.value.loc, `"${key}" is empty`);
  return out;
}

function readValues(node: YNode, problems: Problems): Value[] {
  if (node.kind === 'scalar' && node.value === null) return [];
  const items = node.kind === 'seq' ? node.items : [node];
  const out: Value[] = [];
  for (const item of items) {
    if (item.kind === 'scalar') {
      if (item.value === null) problems.add(item.loc, 'empty value; remove it or write a value');
      else out.push({ value: item.value, loc: item.loc });
      continue;
    }
    if (item.kind === 'map') {
      const value = item.entries.find((x) => x.key === 'value');
      const source = item.entries.find((x) => x.key === 'source');
      const extra = item.entries.find((x) => x.key !== 'value' && x.key !== 'source');
      if (extra) problems.add(extra.keyLoc, `unexpected key "${extra.key}" in a value; a value map has only "value" and "source"`);
      if (!value || value.value.kind !== 'scalar' || value.value.value === null) {
        problems.add(item.loc, 'a value map needs "value: <value>" (one value, not a list)');
        continue;
      }
      if (!source || source.value.kind !== 'scalar' || typeof source.value.value !== 'string') {
        problems.add(item.loc, 'a value map needs "source: <id of a source or provenance record>"');
        continue;
      }
      out.push({ value: value.value.value, loc: value.value.loc, source: { id: source.value.value, loc: source.value.loc } });
      continue;
    }
    problems.add(item.loc, 'lists inside lists are not allowed; write one list of values');
  }
  return out;
}
