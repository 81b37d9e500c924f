// Every `curl` example in the README's HTTP API table is run, as written (port rewritten), against a
// real server over the real built graph: the examples cannot drift from what the server does.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/build/build.ts';
import { REPO, scratchCopy, type Scratch } from '../helpers/dataCopy.ts';
import { startServer, type TestServer } from './helpers.ts';

const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## HTTP API'), readme.indexOf('## Configuration'));
/** The example column of the route table: one curl command per row. */
const examples = [...section.matchAll(/^\|[^|]*\|[^|]*\| `(curl [^`]+)` \|$/gm)].map((m) => m[1] ?? '');
const hasCurl = existsSync('/usr/bin/curl');
if (!hasCurl) console.warn('SKIPPED README curl examples: /usr/bin/curl is not installed (Debian package curl)');

let s: Scratch;
let server: TestServer;
beforeAll(async () => {
  s = await scratchCopy();
  const result = await build({ dataDir: s.dataDir, ontologyDir: s.ontologyDir, outDir: s.outDir });
  expect(result.errors).toEqual([]);
  server = await startServer({ dist: s.outDir });
});
afterAll(async () => {
  await server?.close();
  await s?.remove();
});

/** Splits a shell command line into words, honouring single quotes (all the README uses). */
function words(command: string): string[] {
  return [...command.matchAll(/'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '');
}

describe.skipIf(!hasCurl)('README HTTP examples', () => {
  it('lists an example for every route in the table', () => {
    expect(examples.length).toBeGreaterThanOrEqual(12);
  });
  // Asynchronously: the server answers from this same process.
  it.each(examples)('%s', async (example) => {
    const args = words(example.replaceAll('http://127.0.0.1:3000', server.url)).slice(1)
      .filter((a) => a !== '-OJ');
    const { stdout: out } = await promisify(execFile)('/usr/bin/curl', ['-sS', '-o', '/dev/null', '-w', '%{http_code}', ...args], { cwd: s.root, encoding: 'utf8' });
    // `-L` follows the 303 of an entity IRI; everything else answers 200 directly.
    expect(out).toBe('200');
  });
});
