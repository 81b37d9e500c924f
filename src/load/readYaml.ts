// Reads a YAML file into a small positioned tree (every node knows its file:line:col), refusing
// what a curated record never needs and an attacker might send: binary, bad UTF-8, huge files,
// anchors/aliases (the "billion laughs" bomb), tags and very deep nesting.
import { readFile, stat } from 'node:fs/promises';
import { Composer, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, Parser, type Node as YamlNode } from 'yaml';
import { Problems, type SourceLocation } from './problems.ts';
import { parseSimpleYaml } from './readSimpleYaml.ts';

export type Scalar = string | number | boolean | null;
export type YNode =
  | { readonly kind: 'scalar'; readonly value: Scalar; readonly loc: SourceLocation }
  | { readonly kind: 'seq'; readonly items: readonly YNode[]; readonly loc: SourceLocation }
  | { readonly kind: 'map'; readonly entries: readonly YEntry[]; readonly loc: SourceLocation };
export interface YEntry {
  readonly key: string;
  readonly keyLoc: SourceLocation;
  readonly value: YNode;
}

export const MAX_YAML_BYTES = 4 * 1024 * 1024;
export const MAX_DEPTH = 16;

/** Parses every document of a YAML file; problems go to `problems`, unusable documents are dropped. */
export async function readYaml(path: string, displayPath: string, problems: Problems): Promise<YNode[]> {
  const whole: SourceLocation = { file: displayPath, line: 0, col: 0 };
  const info = await stat(path);
  if (info.size > MAX_YAML_BYTES) {
    problems.add(whole, `file is ${info.size} bytes, over the ${MAX_YAML_BYTES}-byte limit for one YAML file; split it into several files`);
    return [];
  }
  const bytes = await readFile(path);
  const text = decodeUtf8(bytes);
  if (text === undefined) {
    problems.add(whole, 'file is not valid UTF-8 text; save it as UTF-8');
    return [];
  }
  if (text.includes('\u0000')) {
    problems.add(whole, 'file contains NUL bytes (binary data?); records must be YAML text');
    return [];
  }
  return parseYamlText(text.replace(/^\uFEFF/, ''), displayPath, problems);
}

/**
 * The documents of a YAML text. Records in the plain subset that curated and generated records use
 * are read by a fast reader of ours (see readSimpleYaml.ts); everything else by the yaml package.
 */
export function parseYamlText(text: string, file: string, problems: Problems): YNode[] {
  return parseSimpleYaml(text, file) ?? parseWithYamlPackage(text, file, problems);
}

/** The documents of a YAML text as the yaml package reads them (the reference for the fast reader). */
export function parseWithYamlPackage(text: string, file: string, problems: Problems): YNode[] {
  const lineCounter = new LineCounter();
  const at = (offset: number): SourceLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, col };
  };
  // What parseAllDocuments does, one document at a time: each document's syntax tree is dropped as
  // soon as it is converted, instead of a whole file's (thousands of records) being held at once.
  const options = { lineCounter, uniqueKeys: true, prettyErrors: false };
  const docs = new Composer(options).compose(new Parser(lineCounter.addNewLine).parse(text));
  const found = new Problems();
  const out: YNode[] = [];
  for (;;) {
    let step;
    try {
      step = docs.next();
    } catch (e) {
      problems.add({ file, line: 0, col: 0 }, `YAML could not be parsed: ${(e as Error).message}`);
      return [];
    }
    if (step.done) break;
    const doc = step.value;
    if (doc.errors.length > 0) {
      for (const err of doc.errors) {
        // The parser itself recurses per level: thousands of levels exhaust its stack before convert() can count them.
        const tooDeep = /maximum call stack/i.test(err.message);
        found.add(at(err.pos[0]), tooDeep ? `nesting is deeper than ${MAX_DEPTH} levels; records are flat key/value maps` : `YAML syntax error: ${firstLine(err.message)}`);
      }
      continue;
    }
    if (doc.contents === null) continue;
    try {
      const node = convert(doc.contents as YamlNode, at, found, 0);
      if (node) out.push(node);
    } catch (e) {
      if (!(e instanceof TooDeep)) throw e;
      found.add(e.loc, `nesting is deeper than ${MAX_DEPTH} levels; records are flat key/value maps`);
    }
  }
  for (const p of found.list) problems.add(p.loc, p.message);
  return out;
}

function convert(node: YamlNode, at: (o: number) => SourceLocation, problems: Problems, depth: number): YNode | undefined {
  const loc = at(node.range?.[0] ?? 0);
  if (depth > MAX_DEPTH) throw new TooDeep(loc);
  if (isAlias(node) || node.anchor) {
    problems.add(loc, 'YAML anchors and aliases (&name, *name) are not allowed in records; write the value out');
    return undefined;
  }
  if (node.tag && !node.tag.startsWith('tag:yaml.org,2002:')) {
    problems.add(loc, `YAML tag ${node.tag} is not allowed in records; remove it`);
    return undefined;
  }
  if (isScalar(node)) {
    const v = node.value;
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
      return { kind: 'scalar', value: v, loc };
    }
    problems.add(loc, 'unsupported scalar value; write plain text, a number, true/false or a date as YYYY-MM-DD');
    return undefined;
  }
  if (isSeq(node)) {
    const items: YNode[] = [];
    for (const item of node.items) {
      const child = convert(item as YamlNode, at, problems, depth + 1);
      if (child) items.push(child);
    }
    return { kind: 'seq', items, loc };
  }
  if (isMap(node)) {
    const entries: YEntry[] = [];
    for (const pair of node.items) {
      if (!isPair(pair) || !isScalar(pair.key) || typeof pair.key.value !== 'string') {
        problems.add(loc, 'every key must be plain text');
        continue;
      }
      const keyLoc = at(pair.key.range?.[0] ?? 0);
      const valueNode = pair.value as YamlNode | null;
      const value = valueNode === null
        ? ({ kind: 'scalar', value: null, loc: keyLoc } as const)
        : convert(valueNode, at, problems, depth + 1);
      if (value) entries.push({ key: pair.key.value, keyLoc, value });
    }
    return { kind: 'map', entries, loc };
  }
  problems.add(loc, 'unsupported YAML node');
  return undefined;
}

/** Aborts a document that nests too deeply: nothing in it is worth reporting past that. */
class TooDeep extends Error {
  constructor(readonly loc: SourceLocation) {
    super('too deep');
  }
}

function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}

/** The entry of a map by key. */
export function entry(node: YNode, key: string): YEntry | undefined {
  return node.kind === 'map' ? node.entries.find((e) => e.key === key) : undefined;
}

export function describeNode(node: YNode): string {
  if (node.kind === 'seq') return 'a list';
  if (node.kind === 'map') return 'a map';
  return node.value === null ? 'nothing' : JSON.stringify(node.value);
}
