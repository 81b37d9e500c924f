// Third-party parsers read every dump to the same count: Debian's rapper (raptor2-utils) and
// Python rdflib (python3-rdflib). Skipped, saying why, where those packages are absent.
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build/build.ts';
import type { Manifest } from '../../src/build/manifest.ts';
import { scratchCopy, type Scratch } from '../helpers/dataCopy.ts';
import { announceSkip, tool } from '../helpers/externalTool.ts';

const rapper = tool('/usr/bin/rapper', ['--version'], 'raptor2-utils');
const pyRdflib = tool('/usr/bin/python3', ['-c', 'import rdflib'], 'python3-rdflib');
announceSkip('rapper dump checks', rapper);
announceSkip('Python rdflib dump checks', pyRdflib);

let s: Scratch;
let manifest: Manifest;
beforeAll(async () => {
  s = await scratchCopy();
  manifest = (await build({ dataDir: s.dataDir, ontologyDir: s.ontologyDir, outDir: s.outDir })).manifest as Manifest;
});
afterAll(() => s.remove());

const RAPPER_SYNTAX: Record<string, string> = { turtle: 'turtle', ntriples: 'ntriples', nquads: 'nquads', trig: 'trig', rdfxml: 'rdfxml' };
const RDFLIB_FORMAT: Record<string, string> = { turtle: 'turtle', ntriples: 'nt', nquads: 'nquads', trig: 'trig', rdfxml: 'xml', jsonld: 'json-ld' };
const expectedCount = (format: string) => (['nquads', 'trig', 'jsonld'].includes(format) ? manifest.quads : manifest.triples);

describe.skipIf(!rapper.available)('rapper (raptor2) parses the dumps', () => {
  it('every format raptor reads (it has no JSON-LD parser) gives the same count', () => {
    for (const d of manifest.dumps) {
      const syntax = RAPPER_SYNTAX[d.format];
      if (!syntax) continue;
      const run = spawnSync('/usr/bin/rapper', ['-i', syntax, '-c', join(s.outDir, d.name)], { encoding: 'utf8' });
      expect(run.status, `${d.name}: ${run.stderr}`).toBe(0);
      const count = Number(/Parsing returned (\d+) (?:triples|statements)/.exec(run.stderr)?.[1]);
      expect(count, d.name).toBe(expectedCount(d.format));
    }
  });
});

describe.skipIf(!pyRdflib.available)('Python rdflib parses the dumps', () => {
  it('every format gives the same count', () => {
    const script = [
      'import sys, rdflib',
      'g = rdflib.Dataset()',
      'g.parse(sys.argv[1], format=sys.argv[2])',
      'print(len(g) if sys.argv[2] not in ("nquads", "trig", "json-ld") else sum(len(c) for c in g.contexts()))',
    ].join('\n');
    for (const d of manifest.dumps) {
      const out = execFileSync('/usr/bin/python3', ['-c', script, join(s.outDir, d.name), RDFLIB_FORMAT[d.format] ?? ''], { encoding: 'utf8' });
      expect(Number(out.trim()), d.name).toBe(expectedCount(d.format));
    }
  });
});
