// Bad input made by editing a scratch copy: misspelt vocabulary terms, undeclared ontology terms,
// broken Turtle, hostile files too big or too deep to commit as fixtures. Exact messages.
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildErrors } from '../helpers/buildErrors.ts';
import { scratchCopy, type Scratch } from '../helpers/dataCopy.ts';

const scratches: Scratch[] = [];
afterAll(async () => Promise.all(scratches.map((s) => s.remove())));

async function scratch(): Promise<Scratch> {
  const s = await scratchCopy();
  scratches.push(s);
  return s;
}

async function edit(path: string, from: string, to: string): Promise<void> {
  const text = await readFile(path, 'utf8');
  if (!text.includes(from)) throw new Error(`fixture drift: ${path} no longer contains ${JSON.stringify(from)}`);
  await writeFile(path, text.replace(from, to));
}

/** 1-based line of the first occurrence of `needle` in a file. */
async function lineOf(path: string, needle: string): Promise<number> {
  const text = await readFile(path, 'utf8');
  return text.slice(0, text.indexOf(needle)).split('\n').length;
}

describe('vocabulary terms are checked offline', () => {
  it('a misspelt schema.org term in context.yaml fails the build at its line', async () => {
    const s = await scratch();
    const file = join(s.dataDir, 'context.yaml');
    await edit(file, 'iri: schema:startDate,', 'iri: schema:startdate,');
    const line = await lineOf(file, 'schema:startdate');
    expect(await buildErrors(s)).toEqual([
      `data/context.yaml:${line}:3: schema:startdate is not a term of the schema vocabulary (did you mean schema:startDate?)`,
    ]);
  });

  it('an akg: term the ontology does not declare fails the build', async () => {
    const s = await scratch();
    const file = join(s.dataDir, 'context.yaml');
    await edit(file, 'iri: akg:chairedBy,', 'iri: akg:chairedByy,');
    const line = await lineOf(file, 'akg:chairedByy');
    expect(await buildErrors(s)).toEqual([
      `data/context.yaml:${line}:3: akg:chairedByy is not declared in the ontology; declare it in ontology/asean-kg.ttl or fix the spelling`,
    ]);
  });

  it('a misspelt term inside the ontology is reported in the ontology file', async () => {
    const s = await scratch();
    const file = join(s.ontologyDir, 'asean-kg.ttl');
    const text = await readFile(file, 'utf8');
    await writeFile(file, `${text}\nakg:Meeting rdfs:seeAlso schema:Evnt .\n`);
    const line = (await readFile(file, 'utf8')).trimEnd().split('\n').length;
    expect(await buildErrors(s)).toEqual([
      `ontology/asean-kg.ttl:${line}:26: schema:Evnt is not a term of the schema vocabulary`,
    ]);
  });

  it('a Turtle syntax error in the ontology is reported with its line', async () => {
    const s = await scratch();
    const file = join(s.ontologyDir, 'asean-kg.ttl');
    const text = await readFile(file, 'utf8');
    await writeFile(file, `${text}\nakg:Broken a owl:Class ;; .\nakg:x akg:y "unterminated .\n`);
    const errors = await buildErrors(s);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^ontology\/asean-kg\.ttl:\d+:1: Turtle syntax error: /);
  });
});

describe('hostile files', () => {
  it('a record file over the size limit is refused without parsing it', async () => {
    const s = await scratch();
    await writeFile(join(s.dataDir, 'people', 'huge.yaml'), `id: huge\ntype: Person\nsource: ppp-2022-04-article\nname: "${'x'.repeat(5 * 1024 * 1024)}"\n`);
    expect(await buildErrors(s)).toEqual([
      'data/people/huge.yaml: file is 5242939 bytes, over the 4194304-byte limit for one YAML file; split it into several files',
    ]);
  });

  it('deep nesting is refused', async () => {
    const s = await scratch();
    await writeFile(join(s.dataDir, 'people', 'deep.yaml'), `id: deep\ntype: Person\nsource: ppp-2022-04-article\nname: ${'['.repeat(40)}x${']'.repeat(40)}\n`);
    expect(await buildErrors(s)).toEqual([
      'data/people/deep.yaml:4:23: nesting is deeper than 16 levels; records are flat key/value maps',
    ]);
  });

  it('a missing ontology file is reported, not a crash', async () => {
    const s = await scratch();
    await mkdir(join(s.root, 'empty'));
    const errors = await buildErrorsWith(s, join(s.root, 'empty'));
    expect(errors).toEqual([
      'ontology/asean-kg.ttl: cannot read the file (ENOENT)',
      'ontology/shapes.ttl: cannot read the file (ENOENT)',
    ]);
  });
});

async function buildErrorsWith(s: Scratch, ontologyDir: string): Promise<string[]> {
  return buildErrors({ ...s, ontologyDir });
}
