// Queries that break the engine rather than run long: a query too big for oxigraph's stack (long
// UNIONs, OPTIONAL chains, MINUS lists, property paths) gets a 400 that says so — not a 500 — the
// worker that ran it is replaced (its WASM stack pointer is no longer to be trusted), and the next
// query is answered normally.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, q, request, startServer, type TestServer } from '../http/helpers.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startServer({ files: [fixture('small.trig')], poolSize: 2, limits: { queryTimeoutMs: 5_000 } });
});
afterAll(async () => s?.close());

const TOO_BIG = 'the query is too large for the query engine: it ran out of stack (too many patterns, UNION branches, OPTIONALs, path steps or filters in one group). Split it into smaller queries.\n';
const list = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i));

async function settled(): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const p = s.graph.poolState();
    if (p.loading === 0 && p.busy === 0 && p.workers === 3) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the pool did not settle: ${JSON.stringify(s.graph.poolState())}`);
}

describe('a query too big for the engine\'s stack', () => {
  it.each([
    ['1,000 MINUS groups', `SELECT * WHERE { ?s ?p ?o ${list(1_000, (i) => `MINUS { ?s ?p ${i} }`).join(' ')} } LIMIT 1`],
    ['a 4,000-step property path', `SELECT ?s ?o WHERE { ?s ${list(4_000, () => '<http://x/p>').join('/')} ?o } LIMIT 1`],
    ['4,000 && operands', `ASK { ?s ?p ?o FILTER(${list(4_000, () => '?s != 1').join(' && ')}) }`],
  ])('%s: 400 with a message, the worker replaced, the pool whole again', async (_name, query) => {
    const restarts = s.graph.poolState().restarts;
    const r = await request(`${s.url}/sparql`, { method: 'POST', headers: { 'Content-Type': 'application/sparql-query' }, body: query });
    expect(r.status).toBe(400);
    expect(r.body).toBe(TOO_BIG);
    await settled();
    expect(s.graph.poolState().restarts).toBe(restarts + 1);
    const after = await request(`${s.url}/sparql${q('ASK { ?s ?p "Alice" }')}`);
    expect(after.status).toBe(200);
    expect(after.body).toContain('true');
  });
});

describe('a function the engine does not have', () => {
  it('is a 400 naming it (was a 500)', async () => {
    const r = await request(`${s.url}/sparql${q('SELECT (<http://example.org/fn>(?s) AS ?x) WHERE { ?s ?p ?o } LIMIT 1')}`);
    expect(r.status).toBe(400);
    expect(r.body).toBe('the custom function <http://example.org/fn> is not supported: this endpoint runs the SPARQL 1.1 functions and the XSD casts, no extension functions\n');
  });
});
