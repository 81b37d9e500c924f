// Sends fuzz cases (queryFuzzer.ts) to a real server over HTTP and judges every answer:
//   - no 5xx except a declared time-out or overload (503 whose text names the limit);
//   - every 4xx says something (a message the client can act on);
//   - no error body shows a stack frame or an internal path;
//   - every request is answered within its deadline (no hang).
// Shared by the quick mode in `npm test` (tests/adversarial/fuzz.test.ts) and `npm run fuzz`.
import { Agent, request } from 'node:http';
import { fuzzCase, type FuzzCase } from './queryFuzzer.ts';

export interface FuzzOutcome {
  readonly id: number;
  readonly mutation: string;
  readonly transport: string;
  readonly status: number;
  readonly ms: number;
  /** The start of the body, for the report. */
  readonly excerpt: string;
  readonly problem: string | undefined;
}

export interface FuzzReport {
  readonly seed: number;
  readonly total: number;
  readonly byStatus: Readonly<Record<string, number>>;
  readonly byMutation: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly problems: readonly FuzzOutcome[];
  readonly ms: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/** A 503 the server declares: a query time limit, a full queue, or shutting down. */
export const DECLARED_503 = /^(the query was stopped: it ran longer than its time limit|the query was stopped after \d+ ms to give its worker to another client|the server is busy|the server is shutting down)/;
/** Stack frames and paths of this machine: never in a response. */
export function leak(body: string, repo: string): string | undefined {
  if (body.includes(repo)) return `an internal path (${repo})`;
  if (body.includes('node_modules')) return 'a node_modules path';
  if (/^\s+at .+(\(.*:\d+:\d+\)|:\d+:\d+)$/m.test(body)) return 'a stack frame';
  if (/file:\/\/\//.test(body)) return 'a file: URL';
  return undefined;
}

/** What is wrong with an answer, or undefined when it is acceptable. */
export function judge(status: number, body: string, repo: string): string | undefined {
  if (status >= 500 && !(status === 503 && DECLARED_503.test(body))) return `status ${status} that is not a declared time-out or overload`;
  if (status >= 400 && status < 500 && body.trim() === '') return `status ${status} without a message`;
  if (status >= 400) {
    const found = leak(body, repo);
    if (found) return `${status} body shows ${found}`;
  }
  if (status < 200 || (status >= 300 && status !== 304 && status < 400)) return `unexpected status ${status}`;
  return undefined;
}

export interface Sent {
  readonly status: number;
  readonly body: string;
  readonly ms: number;
  readonly error?: string;
}

/** Keep-alive agents, one per local address, so that a test speaks as several clients (127.0.0.x). */
export function clientAgents(): { from(address: string): Agent; destroy(): void } {
  const agents = new Map<string, Agent>();
  return {
    from(address) {
      const agent = agents.get(address) ?? new Agent({ keepAlive: true, localAddress: address });
      agents.set(address, agent);
      return agent;
    },
    destroy: () => agents.forEach((a) => a.destroy()),
  };
}

/** Sends one request with node:http (the path goes out byte for byte, bad encodings included). */
export function send(url: string, c: Pick<FuzzCase, 'method' | 'path' | 'headers' | 'body'>, deadlineMs: number, agent?: Agent): Promise<Sent> {
  const started = performance.now();
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    let done = false;
    const finish = (s: Omit<Sent, 'ms'>) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve({ ...s, ms: performance.now() - started });
    };
    const req = request({ hostname, port, method: c.method, path: c.path, headers: { ...c.headers, ...(c.body ? { 'Content-Length': String(c.body.length) } : {}) }, ...(agent ? { agent } : {}) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (d: Buffer) => chunks.push(d));
      res.on('end', () => finish({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (e) => finish({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), error: e.message }));
    });
    const timer = setTimeout(() => {
      finish({ status: 0, body: '', error: `no answer within ${deadlineMs} ms` });
      req.destroy();
    }, deadlineMs);
    // A server may answer (413) and close before the whole body is sent; the answer is what counts.
    req.on('error', (e) => setTimeout(() => finish({ status: 0, body: '', error: e.message }), 50));
    req.end(c.body);
  });
}

export interface RunOptions {
  readonly seed: number;
  readonly count: number;
  readonly concurrency: number;
  /** Longest acceptable wait for one answer (the server's query limit plus slack). */
  readonly deadlineMs: number;
  readonly seeds: readonly string[];
  readonly repo: string;
  /** Case ids to run instead of 0…count-1 (replaying). */
  readonly only?: readonly number[];
  readonly onProgress?: (done: number) => void;
}

const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

export async function runFuzz(url: string, o: RunOptions): Promise<FuzzReport> {
  const agent = new Agent({ keepAlive: true, maxSockets: o.concurrency });
  const ids = o.only ?? Array.from({ length: o.count }, (_, i) => i);
  const outcomes: FuzzOutcome[] = [];
  const started = performance.now();
  let next = 0;
  const lane = async () => {
    while (next < ids.length) {
      const id = ids[next++] as number;
      const c = fuzzCase(o.seed, id, o.seeds);
      const r = await send(url, c, o.deadlineMs, agent);
      const problem = r.error ? `transport: ${r.error}` : judge(r.status, r.body, o.repo);
      outcomes.push({ id, mutation: c.mutation, transport: c.transport, status: r.status, ms: r.ms, excerpt: r.body.slice(0, 300), problem });
      o.onProgress?.(outcomes.length);
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, lane));
  agent.destroy();
  const byStatus: Record<string, number> = {};
  const byMutation: Record<string, Record<string, number>> = {};
  for (const x of outcomes) {
    byStatus[x.status] = (byStatus[x.status] ?? 0) + 1;
    for (const m of x.mutation.split('+')) {
      const row = (byMutation[m] ??= {});
      row[x.status] = (row[x.status] ?? 0) + 1;
    }
  }
  const times = outcomes.map((x) => x.ms).sort((a, b) => a - b);
  return {
    seed: o.seed, total: outcomes.length, byStatus, byMutation, problems: outcomes.filter((x) => x.problem !== undefined),
    ms: performance.now() - started, p50: percentile(times, 0.5), p99: percentile(times, 0.99), max: times.at(-1) ?? 0,
  };
}
