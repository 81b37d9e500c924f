// Each client's share of the workers: at most `perClient` at once, then a bounded line, then 429;
// a wait past the time limit is a 503 naming the limit; a client that leaves is dropped from its
// line; other clients are never held up by one client's line.
import { describe, expect, it } from 'vitest';
import { HttpError } from '../../src/errors.ts';
import { AbortedError } from '../../src/graph/QueryPool.ts';
import { ClientLimiter } from '../../src/http/ClientLimiter.ts';

const settle = <T>(p: Promise<T>) => p.then((v) => ({ ok: true as const, v }), (e: unknown) => ({ ok: false as const, e }));

describe('ClientLimiter', () => {
  it('lets a client run perClient queries, queues the next ones in order, and hands a slot on when one ends', async () => {
    const l = new ClientLimiter(2, 2);
    const a = await l.acquire('A', 1_000, 'QUERY_TIMEOUT_MS');
    const b = await l.acquire('A', 1_000, 'QUERY_TIMEOUT_MS');
    const order: string[] = [];
    const c = l.acquire('A', 1_000, 'QUERY_TIMEOUT_MS').then((r) => { order.push('c'); return r; });
    const d = l.acquire('A', 1_000, 'QUERY_TIMEOUT_MS').then((r) => { order.push('d'); return r; });
    await new Promise((r) => setTimeout(r, 10));
    expect(order).toEqual([]);
    a();
    a(); // releasing twice frees one slot only
    (await c)();
    b();
    (await d)();
    expect(order).toEqual(['c', 'd']);
    expect(l.clients).toBe(0);
  });

  it('another client is not held up by a full line', async () => {
    const l = new ClientLimiter(1, 1);
    await l.acquire('A', 1_000, 'QUERY_TIMEOUT_MS');
    void l.acquire('A', 1_000, 'QUERY_TIMEOUT_MS').catch(() => undefined);
    const other = await settle(l.acquire('B', 1_000, 'QUERY_TIMEOUT_MS'));
    expect(other.ok).toBe(true);
  });

  it('a full line: 429 with Retry-After and a message', async () => {
    const l = new ClientLimiter(1, 1);
    await l.acquire('A', 1_000, 'QUERY_TIMEOUT_MS');
    void l.acquire('A', 1_000, 'QUERY_TIMEOUT_MS').catch(() => undefined);
    const third = await settle(l.acquire('A', 1_000, 'QUERY_TIMEOUT_MS'));
    expect(third.ok).toBe(false);
    const e = (third as { e: HttpError }).e;
    expect(e.status).toBe(429);
    expect(e.headers).toEqual({ 'Retry-After': '1' });
    expect(e.message).toBe('too many queries at once from your address: 1 are running and 1 waiting (CLIENT_QUERY_LIMIT 1). Wait for them to finish, then retry.');
  });

  it('a wait past the time limit: 503 naming the limit', async () => {
    const l = new ClientLimiter(1, 4);
    await l.acquire('A', 1_000, 'QUERY_TIMEOUT_MS');
    const late = await settle(l.acquire('A', 50, 'QUERY_TIMEOUT_MS'));
    const e = (late as { e: HttpError }).e;
    expect(e.status).toBe(503);
    expect(e.message).toBe('the server is busy: the query waited 50 ms behind your other queries (QUERY_TIMEOUT_MS, CLIENT_QUERY_LIMIT 1). Retry shortly.');
  });

  it('a client that leaves while waiting is dropped from its line', async () => {
    const l = new ClientLimiter(1, 4);
    const first = await l.acquire('A', 1_000, 'QUERY_TIMEOUT_MS');
    const abort = new AbortController();
    const waiting = settle(l.acquire('A', 1_000, 'QUERY_TIMEOUT_MS', abort.signal));
    abort.abort();
    expect((await waiting as { e: unknown }).e).toBeInstanceOf(AbortedError);
    first();
    expect(l.clients).toBe(0);
  });
});
