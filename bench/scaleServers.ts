// The scale benchmark's measurements: our server started as a user starts it (`src/cli.ts serve` in
// a child process, embedded or with STORE=remote), the time until it serves, its memory (VmRSS and
// the peak VmHWM from /proc, worker threads included), and the competency-question mix's latency
// at concurrency 1.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { REPO_DIR } from './generate.ts';

export interface Memory {
  /** Resident now, bytes. */
  readonly rss: number;
  /** Peak resident since start, bytes. */
  readonly hwm: number;
}

/** VmRSS and VmHWM of a process, from /proc (Linux). */
export function memoryOf(pid: number | undefined): Memory {
  if (pid === undefined) return { rss: NaN, hwm: NaN };
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return { rss: NaN, hwm: NaN };
  }
}

export interface RunningServer {
  readonly url: string;
  readonly child: ChildProcess;
  /** Seconds from spawn to the "Serving …" line. */
  readonly readySeconds: number;
  /** Memory when it printed "Serving" (the pool loaded, its spare just started). */
  readonly atReady: Memory;
  stop(): Promise<void>;
}

export interface ServeOptions {
  readonly dist: string;
  readonly poolSize: number;
  readonly queryTimeoutMs: number;
  readonly env?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
}

/** Starts `serve` and resolves once it prints the line with its URL. */
export function startServer(options: ServeOptions): Promise<RunningServer> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'serve', '--dist', options.dist, '--port', '0', '--pool-size', String(options.poolSize),
    '--query-timeout', String(options.queryTimeoutMs), '--log-level', 'warn'], {
    cwd: REPO_DIR, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env },
  });
  let stderr = '';
  child.stderr?.on('data', (b: Buffer) => { stderr = (stderr + b.toString()).slice(-4000); });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await gone;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`the server did not start within ${options.timeoutMs ?? 600_000} ms:\n${stderr}`));
    }, options.timeoutMs ?? 600_000);
    child.stdout?.on('data', (b: Buffer) => {
      out += b.toString();
      const url = / at (http:\/\/[^ ]+)\/ /.exec(out)?.[1];
      if (!url) return;
      child.stdout?.removeAllListeners('data');
      child.stdout?.resume();
      clearTimeout(timer);
      resolve({ url, child, readySeconds: (performance.now() - started) / 1000, atReady: memoryOf(child.pid), stop });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code} before serving:\n${stderr}`));
    });
  });
}

/** Waits until /ready says no worker is loading (the spare is in), up to `timeoutMs`. */
export async function waitForSpare(url: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const ready = (await (await fetch(`${url}/ready`)).json()) as { pool?: { loading?: number } };
      if (ready.pool?.loading === 0) return;
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

export interface MixQuery {
  readonly id: string;
  readonly text: string;
  readonly accept: string;
}

export interface MixFigures {
  readonly p50: number;
  readonly p99: number;
  readonly requests: number;
  /** Responses that were not 2xx, by status. */
  readonly failures: Readonly<Record<string, number>>;
  /** Median ms per query id. */
  readonly perQuery: Readonly<Record<string, number>>;
}

/** One untimed round, then whole rounds of the mix one query at a time until `seconds` have passed (at least one). */
export async function runMix(url: string, mix: readonly MixQuery[], seconds: number): Promise<MixFigures> {
  // A response broken off midway (a streamed result whose source failed) counts as status "broken".
  const ask = async (q: MixQuery): Promise<[number, number | 'broken']> => {
    const t = performance.now();
    try {
      const res = await fetch(`${url}/sparql`, { method: 'POST', headers: { 'Content-Type': 'application/sparql-query', Accept: q.accept }, body: q.text });
      await res.arrayBuffer();
      return [performance.now() - t, res.status];
    } catch {
      return [performance.now() - t, 'broken'];
    }
  };
  for (const q of mix) await ask(q);
  const all: number[] = [];
  const byQuery = new Map<string, number[]>();
  const failures: Record<string, number> = {};
  const until = performance.now() + seconds * 1000;
  do {
    for (const q of mix) {
      const [ms, status] = await ask(q);
      if (typeof status === 'number' && status >= 200 && status < 300) {
        all.push(ms);
        byQuery.set(q.id, [...(byQuery.get(q.id) ?? []), ms]);
      } else {
        failures[String(status)] = (failures[String(status)] ?? 0) + 1;
      }
    }
  } while (performance.now() < until);
  all.sort((a, b) => a - b);
  const pct = (p: number) => all[Math.min(all.length - 1, Math.floor(p * all.length))] ?? NaN;
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  return { p50: pct(0.5), p99: pct(0.99), requests: all.length, failures, perQuery: Object.fromEntries([...byQuery].map(([id, xs]) => [id, median(xs)])) };
}
