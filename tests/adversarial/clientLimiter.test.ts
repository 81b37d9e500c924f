// Each client's share of the workers: at most `perClient` at once, then a bounded line, then 429;
// a wait past the time limit is a 503 naming the limit; a client that leaves is dropped from its
// line; other clients are never held up by one client's line.
import { describe, expect, it } from 'vitest';
import { HttpError } from '../../src/errors.ts';
import { AbortedError } from '../../src/graph/QueryPool.ts';
import { ClientLimiter, type Grant } from '../../src/http/ClientLimiter.ts';

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

/** A pool seen by the limiter: `free` workers, a clock the test moves. */
function fakePool(free: number) {
  const pool = { free, now: 0 };
  const lending = { freeWorkers: () => pool.free, graceMs: 100, cooldownMs: 60_000, now: () => pool.now };
  return { pool, lending };
}
/** Lets pending grants resolve. */
const nextTurn = () => new Promise((r) => setImmediate(r));
/** A place taken and its query handed to the pool (which now counts it in `free`). */
async function running(l: ClientLimiter, client: string): Promise<Grant> {
  const g = await l.acquire(client, 1_000, 'QUERY_TIMEOUT_MS');
  g.claimed();
  return g;
}

describe('ClientLimiter lending idle workers (work-conserving shares)', () => {
  it('a client past its share is lent a free worker; when its own place frees, the lent query takes it', async () => {
    const { lending } = fakePool(1);
    const l = new ClientLimiter(1, 4, undefined, lending);
    const first = await running(l, 'A');
    const second = await running(l, 'A');
    expect([first.lent(), second.lent()]).toEqual([false, true]);
    first();
    expect(second.lent()).toBe(false);
    second();
    expect(l.clients).toBe(0);
  });

  it('nothing is lent when no worker is free (another client\'s query waiting for one counts against free)', async () => {
    const { pool, lending } = fakePool(0);
    const l = new ClientLimiter(1, 4, undefined, lending);
    const first = await running(l, 'A');
    let granted = false;
    const waiting = l.acquire('A', 1_000, 'QUERY_TIMEOUT_MS').then((g) => { granted = true; return g; });
    await nextTurn();
    expect(granted).toBe(false);
    pool.free = 1;
    l.lendIdle();
    const second = await waiting;
    expect(second.lent()).toBe(true);
    first();
    second();
  });

  it('free workers go round the waiting clients in turn, and never to more queries than there are free workers', async () => {
    const { pool, lending } = fakePool(0);
    const l = new ClientLimiter(1, 4, undefined, lending);
    const own = [await running(l, 'A'), await running(l, 'B')];
    const order: string[] = [];
    const grants = ['A1', 'A2', 'B1', 'B2'].map((name) => l.acquire(name.slice(0, 1), 1_000, 'QUERY_TIMEOUT_MS').then((g) => { order.push(name); return g; }));
    await nextTurn();
    pool.free = 3;
    l.lendIdle();
    // Granted but not yet in the pool: counted, so the fourth waits.
    l.lendIdle();
    await nextTurn();
    expect(order).toEqual(['A1', 'B1', 'A2']);
    // They reach the pool, which now has no free worker.
    pool.free = 0;
    for (const g of [grants[0], grants[1], grants[2]]) (await g)?.claimed();
    l.lendIdle();
    await nextTurn();
    expect(order).toEqual(['A1', 'B1', 'A2']);
    // B's own place frees: its lent query takes it (and no longer yields); B2 waits for the next.
    own[1]?.();
    const b1 = await grants[2];
    expect(b1?.lent()).toBe(false);
    await nextTurn();
    expect(order).toEqual(['A1', 'B1', 'A2']);
    b1?.();
    expect((await grants[3])?.lent()).toBe(false);
    expect(order).toEqual(['A1', 'B1', 'A2', 'B2']);
  });

  it('a client with a query running grace ms or longer is lent nothing', async () => {
    const { pool, lending } = fakePool(1);
    const l = new ClientLimiter(1, 4, undefined, lending);
    const first = await running(l, 'A');
    pool.now = 100;
    let granted = false;
    void l.acquire('A', 1_000, 'QUERY_TIMEOUT_MS').then((g) => { granted = true; g(); });
    await nextTurn();
    expect(granted).toBe(false);
    first();
    await nextTurn();
    expect(granted).toBe(true);
  });

  it('a client whose lent query was taken back is lent nothing for the cool-down, then again', async () => {
    const { pool, lending } = fakePool(1);
    const l = new ClientLimiter(1, 4, undefined, lending);
    const first = await running(l, 'A');
    const lent = await running(l, 'A');
    expect(lent.lent()).toBe(true);
    lent.preempted();
    lent();
    let granted = false;
    const again = l.acquire('A', 1_000, 'QUERY_TIMEOUT_MS').then((g) => { granted = true; return g; });
    await nextTurn();
    expect(granted).toBe(false);
    // Another client is not affected.
    const b = await running(l, 'B');
    b();
    // Still in the cool-down when its own place frees: the waiting query takes that place.
    pool.now = 59_999;
    first();
    const own = await again;
    expect(own.lent()).toBe(false);
    own.claimed();
    pool.now = 60_000;
    const later = await running(l, 'A');
    expect(later.lent()).toBe(true);
    own();
    later();
  });

  it('without lending, a client never has more than its share running (the strict rule)', async () => {
    const l = new ClientLimiter(1, 4);
    const first = await running(l, 'A');
    let granted = false;
    void l.acquire('A', 1_000, 'QUERY_TIMEOUT_MS').then((g) => { granted = true; g(); });
    l.lendIdle();
    await nextTurn();
    expect(granted).toBe(false);
    expect(first.lent()).toBe(false);
    first();
  });
});
