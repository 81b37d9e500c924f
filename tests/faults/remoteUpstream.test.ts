// STORE=remote when the SPARQL server behind us fails (a small real server on 127.0.0.1 standing in
// for it, tests/helpers/fakeUpstream.ts; the Virtuoso integration tests are tests/remote/): it
// drops the connection mid-answer → 502; stops answering → 504 naming the time limit; fails → 502;
// goes away → 502 and /ready 503; comes back → /ready 200 and answers again. Messages are ours,
// general, with no upstream address; a cut after our answer began breaks the connection rather than
// passing a partial result off as whole.
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Graph } from '../../src/graph/Graph.ts';
import { openDist } from '../../src/graph/openDataset.ts';
import { createApp } from '../../src/http/createApp.ts';
import { createServer, stopServer } from '../../src/http/createServer.ts';
import { RemoteBackend } from '../../src/remote/RemoteBackend.ts';
import { SparqlClient } from '../../src/remote/SparqlClient.ts';
import { writeDistFixture } from '../http/distFixture.ts';
import { fixture, q, request } from '../http/helpers.ts';
import { startFakeUpstream, type FakeUpstream } from '../helpers/fakeUpstream.ts';
import { leak } from '../helpers/fuzzRunner.ts';
import { LIMITS, SERVER_LIMITS } from '../helpers/liveServer.ts';
import { REPO } from '../helpers/serverProcess.ts';

const LIMIT_MS = 1_500;
let upstream: FakeUpstream;
let graph: Graph;
let server: Server;
let url: string;
const logs: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  upstream = await startFakeUpstream();
  const source = await openDist(writeDistFixture(fixture('small.trig')));
  if (source.origin.kind !== 'dist') throw new Error('expected a dist origin');
  const sink = new Writable({ write(chunk: Buffer, _e, done) { for (const l of chunk.toString().split('\n')) if (l) logs.push(JSON.parse(l) as Record<string, unknown>); done(); } });
  const logger = pino({ level: 'info' }, sink);
  const base = source.origin.manifest.base;
  const backend = new RemoteBackend({
    client: new SparqlClient({ queryUrl: upstream.queryUrl }), base, graphs: [], datasetMode: 'server', concurrency: 2, queueLimit: 8, logger,
  });
  expect(await backend.start()).toBe(true);
  graph = await Graph.withBackend(source.origin, backend, { base });
  // A result cache is asked for, as `serve` always does; a remote store must get none (its data can change).
  const resultCache = { bytes: 1024 * 1024, maxEntryBytes: 1024 * 1024 };
  server = createServer(createApp(graph, { limits: { ...LIMITS, queryTimeoutMs: LIMIT_MS }, cacheControl: 'no-cache', logger, resultCache }), SERVER_LIMITS);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await stopServer(server, 1_000);
  await graph.close();
  await upstream.stop();
});

const SELECT = (tag: string) => `${url}/sparql${q(`SELECT ?s ?o WHERE { ?s ?p ?o } # ${tag}`)}`;

async function answered(tag: string): Promise<void> {
  const r = await request(SELECT(tag));
  expect(r.status).toBe(200);
  expect((JSON.parse(r.body) as { results: { bindings: unknown[] } }).results.bindings).toHaveLength(3);
}

function noLeak(body: string): void {
  expect(leak(body, REPO)).toBeUndefined();
  expect(body).not.toContain(upstream.queryUrl);
  expect(body).not.toContain('127.0.0.1');
}

describe('the remote store fails mid-query', () => {
  it('answers normally first', async () => {
    await answered('first');
  });
  it('keeps no answers: the same query twice reaches the remote store twice (it may have changed)', async () => {
    const before = upstream.received.length;
    const from = logs.length;
    const query = `${url}/sparql${q('SELECT ?s ?o WHERE { ?s ?p ?o FILTER(?o != "twice") }')}`;
    expect((await request(query)).status).toBe(200);
    expect((await request(query)).status).toBe(200);
    expect(upstream.received.slice(before).filter((text) => text.includes('"twice"'))).toHaveLength(2);
    const outcomes = logs.slice(from).map((l) => (l['query'] as { outcome?: string } | undefined)?.outcome).filter((o) => o !== undefined);
    expect(outcomes).toEqual(['ok', 'ok']);
  });

  it('drops the connection mid-answer: 502, then answers again', async () => {
    upstream.mode = 'cut';
    const r = await request(SELECT('cut'));
    expect(r.status).toBe(502);
    expect(r.body).toBe('the SPARQL server behind this endpoint cannot be reached; try again later\n');
    noLeak(r.body);
    upstream.mode = 'ok';
    await answered('after cut');
  });

  it('stops answering: 504 at the time limit, naming it; then answers again', async () => {
    upstream.mode = 'hang';
    const started = performance.now();
    const r = await request(SELECT('hang'));
    expect(r.status).toBe(504);
    expect(r.body).toBe(`the SPARQL server behind this endpoint did not answer within the time limit of ${LIMIT_MS} ms (QUERY_TIMEOUT_MS). Make the query more selective, or ask for fewer results.\n`);
    expect(performance.now() - started).toBeLessThan(LIMIT_MS + 1_500);
    noLeak(r.body);
    upstream.mode = 'ok';
    await answered('after hang');
  });

  it('fails with a 500: 502 with a general message; the details only in the log', async () => {
    upstream.mode = 'error';
    const r = await request(SELECT('error'));
    expect(r.status).toBe(502);
    expect(r.body).toBe('the SPARQL server behind this endpoint failed to answer (HTTP 500); try again later\n');
    expect(r.body).not.toContain('SR001');
    expect(logs.some((l) => /SR001/.test(String(l['error'] ?? '')))).toBe(true);
    upstream.mode = 'ok';
    await answered('after error');
  });

  it('goes away: 502 and /ready 503; comes back: /ready 200 and answers again', async () => {
    await upstream.stop();
    const r = await request(SELECT('down'));
    expect(r.status).toBe(502);
    expect(r.body).toBe('the SPARQL server behind this endpoint cannot be reached; try again later\n');
    noLeak(r.body);
    expect((await request(`${url}/ready`)).status).toBe(503);
    expect((await request(`${url}/health`)).status).toBe(200);
    await upstream.start();
    for (let i = 0; i < 100 && (await request(`${url}/ready`)).status !== 200; i++) await new Promise((res) => setTimeout(res, 100));
    expect((await request(`${url}/ready`)).status).toBe(200);
    await answered('back');
  });

  it('is cut after our answer began: the connection breaks, a partial result is never passed off as whole', async () => {
    upstream.mode = 'big';
    const ok = await fetch(SELECT('big'));
    expect(ok.status).toBe(200);
    expect((JSON.parse(await ok.text()) as { results: { bindings: unknown[] } }).results.bindings).toHaveLength(20_000);
    upstream.mode = 'bigCut';
    const cut = await fetch(SELECT('cut late'));
    // Our status went out with the first megabyte; the rest never comes, so the body read fails.
    expect(cut.status).toBe(200);
    await expect(cut.text()).rejects.toThrow();
    upstream.mode = 'ok';
    await new Promise((r) => setTimeout(r, 100));
    await answered('after late cut');
  });
});
