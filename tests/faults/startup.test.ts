// Faults at start-up: the dumps or data missing, unreadable or corrupt give one clear error (what
// and what to do), exit 1, and never a server that answers with part of the dataset (no "Serving"
// line; the port is let go). The busy port is tests/http/cli.test.ts ("a busy port is a clear error
// and exit 1"); a failed build that leaves good dumps alone is tests/build/failedBuild.test.ts.
import { mkdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeDistFixture } from '../http/distFixture.ts';
import { fixture } from '../http/helpers.ts';
import { spawnCli } from '../helpers/serverProcess.ts';

const REBUILD = 'run `npm run build` again';

async function start(args: string[]): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const c = spawnCli(['serve', '--port', '0', ...args]);
  const code = await Promise.race([c.exit, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 30_000))]);
  if (code === 'hung') {
    await c.stop('SIGKILL');
    throw new Error(`the server did not exit: ${c.stdout()}`);
  }
  return { code, stderr: c.stderr(), stdout: c.stdout() };
}

function damaged(change: (dir: string) => void): string {
  const dir = writeDistFixture(fixture('small.trig'));
  change(dir);
  return dir;
}

const flipByte = (path: string) => {
  const bytes = readFileSync(path);
  bytes[10] = (bytes[10] ?? 0) ^ 0x20;
  writeFileSync(path, bytes);
};

describe('a damaged dist/ at start-up: one clear error, exit 1, nothing served', () => {
  it.each<[string, (dir: string) => void, (dir: string) => string | RegExp]>([
    ['the N-Quads dump missing', (d) => rmSync(join(d, 'asean-kg.nq')), (d) => `${join(d, 'asean-kg.nq')} cannot be read (ENOENT): ${REBUILD}\n`],
    ['the N-Quads dump unreadable (a directory)', (d) => { rmSync(join(d, 'asean-kg.nq')); mkdirSync(join(d, 'asean-kg.nq')); }, (d) => `${join(d, 'asean-kg.nq')} cannot be read (EISDIR): ${REBUILD}\n`],
    ['the N-Quads dump corrupt (one byte changed)', (d) => flipByte(join(d, 'asean-kg.nq')), (d) => `${join(d, 'asean-kg.nq')} does not match ${join(d, 'manifest.json')} (size or sha256 differ): the dump is corrupt or stale; ${REBUILD}\n`],
    ['the N-Quads dump truncated', (d) => truncateSync(join(d, 'asean-kg.nq'), 100), (d) => `${join(d, 'asean-kg.nq')} does not match ${join(d, 'manifest.json')} (size or sha256 differ): the dump is corrupt or stale; ${REBUILD}\n`],
    ['the manifest unreadable (a directory)', (d) => { rmSync(join(d, 'manifest.json')); mkdirSync(join(d, 'manifest.json')); }, (d) => `${join(d, 'manifest.json')} is unreadable (EISDIR): ${REBUILD}\n`],
    ['the manifest cut short', (d) => truncateSync(join(d, 'manifest.json'), 40), (d) => new RegExp(`^${join(d, 'manifest.json')} is unreadable \\(.*JSON.*\\): run \`npm run build\` again\\n$`)],
    ['the manifest of the wrong shape', (d) => writeFileSync(join(d, 'manifest.json'), '{"version": 1, "dumps": "all of them"}'), (d) => `${join(d, 'manifest.json')} is not a manifest the build writes (fields missing or of the wrong type): ${REBUILD}\n`],
    ['another dump missing', (d) => rmSync(join(d, 'asean-kg.ttl')), (d) => `${join(d, 'asean-kg.ttl')} cannot be read (ENOENT)\nthe build in ${d} is incomplete or damaged: ${REBUILD}\n`],
    ['a gzip copy truncated', (d) => truncateSync(join(d, 'asean-kg.rdf.gz'), 5), (d) => new RegExp(`^${join(d, 'asean-kg.rdf.gz')} is 5 bytes, not the \\d+ that ${join(d, 'manifest.json')} lists\\nthe build in ${d} is incomplete or damaged: run \`npm run build\` again\\n$`)],
    ['the VoID description missing', (d) => rmSync(join(d, 'void.ttl')), (d) => `${join(d, 'void.ttl')} cannot be read (ENOENT)\nthe build in ${d} is incomplete or damaged: ${REBUILD}\n`],
  ])('%s', async (_name, change, message) => {
    const dir = damaged(change);
    const r = await start(['--dist', dir]);
    expect(r.code).toBe(1);
    const expected = message(dir);
    if (typeof expected === 'string') expect(r.stderr).toBe(expected);
    else expect(r.stderr).toMatch(expected);
    expect(r.stdout).not.toContain('Serving');
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
});

describe('user data files at start-up', () => {
  it('a file that does not exist: said, exit 1', async () => {
    const r = await start(['--data', 'tests/fixtures/http/no-such-file.ttl']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^tests\/fixtures\/http\/no-such-file\.ttl: .*ENOENT.*\n$/);
    expect(r.stdout).not.toContain('Serving');
  });
  it('a directory given as a file: said, exit 1', async () => {
    const r = await start(['--data', 'tests/fixtures']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^tests\/fixtures: .*\n$/);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });
  it('binary garbage with a Turtle name: the parser\'s error with its place, exit 1', async () => {
    const dir = writeDistFixture(fixture('small.trig'));
    const file = join(dir, 'garbage.ttl');
    writeFileSync(file, Buffer.from([0x00, 0xff, 0xfe, 0x3c, 0x80, 0x0a, 0x7b]));
    const r = await start(['--data', file]);
    expect(r.code).toBe(1);
    expect(r.stderr.startsWith(`${file}:`)).toBe(true);
    expect(r.stdout).not.toContain('Serving');
  });
});
