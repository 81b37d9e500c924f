// The command line: settings from flags and environment, --help, the README's settings table, and
// the real `serve` process: one line with the URLs, a clear error for a busy port or bad data, and
// a graceful stop on SIGTERM that lets an in-flight query finish and exits 0.
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { COMMANDS, CONFIG_END, CONFIG_START, configMarkdownTable, helpText, parseInvocation, SETTINGS, withConfigTable } from '../../src/config.ts';
import { q } from './helpers.ts';
import { REPO, spawnCli, waitFor } from '../helpers/serverProcess.ts';

describe('parseInvocation', () => {
  it('defaults: serve on 127.0.0.1:3000 with a 10 s query limit', () => {
    const { command, config, help } = parseInvocation([], {});
    expect({ command, help }).toEqual({ command: 'serve', help: false });
    expect(config).toMatchObject({ host: '127.0.0.1', port: 3000, queryTimeoutMs: 10_000, dataFiles: [], distDir: 'dist', cacheControl: 'public, max-age=300' });
  });
  it('environment, then flags over it', () => {
    const env = { HOST: '0.0.0.0', PORT: '8080', QUERY_TIMEOUT_MS: '2000', CACHE_CONTROL: 'no-cache' };
    expect(parseInvocation([], env).config).toMatchObject({ host: '0.0.0.0', port: 8080, queryTimeoutMs: 2000, cacheControl: 'no-cache' });
    expect(parseInvocation(['serve', '--port', '9000', '--query-timeout=500'], env).config).toMatchObject({ port: 9000, queryTimeoutMs: 500 });
  });
  it('--data takes several files, and can be repeated', () => {
    expect(parseInvocation(['serve', '--data', 'a.ttl', 'b.nq', '--port', '1', '--data', 'c.jsonld'], {}).config.dataFiles).toEqual(['a.ttl', 'b.nq', 'c.jsonld']);
  });
  it.each([
    [['--prot', '1'], 'unknown option "--prot" (see --help)'],
    [['--port', 'eighty'], '--port must be a whole number, got "eighty"'],
    [['--pool-size', '0'], '--pool-size must be at least 1, got 0'],
    [['--port'], '--port needs a value'],
    [['--data'], '--data needs at least one file'],
    [['deploy'], `unknown command "deploy": use one of ${COMMANDS.join(', ')} (see --help)`],
  ])('%j: %s', (argv, message) => {
    expect(() => parseInvocation(argv, {})).toThrow(message);
  });
  it('a bad environment variable is named', () => {
    expect(() => parseInvocation([], { PORT: 'x' })).toThrow('PORT must be a whole number, got "x"');
  });
});

describe('documentation of the settings', () => {
  it('--help and the README table list every setting', () => {
    const help = helpText();
    const table = configMarkdownTable();
    for (const s of SETTINGS) {
      expect(help).toContain(s.flag);
      if (s.env) expect(help).toContain(s.env);
      expect(table).toContain(`\`${s.flag}\``);
    }
    expect(table.split('\n')).toHaveLength(SETTINGS.length + 2);
  });
  it('the README\'s settings table is the generated one (run `npm run docs` after changing src/config.ts)', (ctx) => {
    const readme = readFileSync(`${REPO}README.md`, 'utf8');
    if (!readme.includes(CONFIG_START) || !readme.includes(CONFIG_END)) {
      ctx.skip(`README.md has no ${CONFIG_START} … ${CONFIG_END} section yet`);
      return;
    }
    expect(withConfigTable(readme)).toBe(readme);
  });
});

describe('the serve process', () => {
  it('prints one line with the URLs, and on SIGTERM lets the running query finish, then exits 0', async () => {
    const c = spawnCli(['serve', '--data', 'tests/fixtures/http/small.trig', '--port', '0', '--pool-size', '1']);
    const line = await waitFor(() => (c.stdout().includes('\n') ? c.stdout() : undefined), 30_000, 'the URL line');
    expect(line).toMatch(/^Serving 17 triples \(version [0-9a-f]{12}\) at http:\/\/127\.0\.0\.1:(\d+)\/ · SPARQL http:\/\/127\.0\.0\.1:\1\/sparql · dumps http:\/\/127\.0\.0\.1:\1\/dumps\/ · VoID http:\/\/127\.0\.0\.1:\1\/void\n$/);
    const base = /at (http:\/\/127\.0\.0\.1:\d+)\//.exec(line)?.[1] ?? '';
    expect((await fetch(`${base}/ready`)).status).toBe(200);
    // A 5-way cartesian product over 17 triples: 17⁵ solutions, some hundreds of ms of work.
    const slow = `SELECT (COUNT(*) AS ?n) WHERE { ${Array.from({ length: 5 }, (_, i) => `?s${i} ?p${i} ?o${i} .`).join(' ')} }`;
    const inFlight = fetch(`${base}/sparql${q(slow)}`, { headers: { Accept: 'text/tab-separated-values' } });
    await new Promise((r) => setTimeout(r, 100));
    c.child.kill('SIGTERM');
    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(await answer.text()).toBe(`?n\n${17 ** 5}\n`);
    expect(await c.exit).toBe(0);
    await expect(fetch(`${base}/health`)).rejects.toThrow();
    expect(c.stdout().split('\n').filter((l) => l !== '')).toHaveLength(1);
  });

  it('a busy port is a clear error and exit 1', async () => {
    const blocker = createServer();
    blocker.listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const { port } = blocker.address() as AddressInfo;
    const c = spawnCli(['serve', '--data', 'tests/fixtures/http/small.trig', '--port', String(port)]);
    expect(await c.exit).toBe(1);
    expect(c.stderr()).toBe(`port ${port} on 127.0.0.1 is already in use: stop the other server or choose another port (PORT=… or --port …)\n`);
    blocker.close();
  });

  it('bad data files: every problem with its place, and exit 1', async () => {
    const c = spawnCli(['serve', '--data', 'tests/fixtures/http/bad.ttl', 'tests/fixtures/http/remote-context.jsonld', '--port', '0']);
    expect(await c.exit).toBe(1);
    expect(c.stderr()).toBe('tests/fixtures/http/bad.ttl:3:11: Unexpected end of file\n'
      + 'tests/fixtures/http/remote-context.jsonld: invalid JSON-LD: remote context <https://schema.org/> refused: this server never fetches documents; inline the @context\n');
    expect(c.stdout()).toBe('');
  });

  it('--help prints the settings and exits 0; a bad flag exits 2', async () => {
    const help = spawnCli(['--help']);
    expect(await help.exit).toBe(0);
    expect(help.stdout()).toBe(`${helpText()}\n`);
    const bad = spawnCli(['--nope']);
    expect(await bad.exit).toBe(2);
    expect(bad.stderr()).toBe('unknown option "--nope" (see --help)\n');
  });
});
