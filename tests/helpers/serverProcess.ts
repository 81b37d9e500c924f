// Test and bench helper: the real server as a child process (`node --import tsx src/cli.ts serve`)
// on an ephemeral loopback port, over the repository's dataset built into a temporary dist/. A
// crash is a process exit we can see; memory is the process's RSS (query workers are threads, so
// they are in it) read from /proc; signals are real signals. Used by tests/adversarial,
// tests/faults and bench/{fuzz,soak,abuse}.ts.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from '../../src/build/build.ts';

export const REPO = new URL('../../', import.meta.url).pathname;

export interface BuiltDist {
  readonly dir: string;
  remove(): Promise<void>;
}

/** Builds data/ and ontology/ into a fresh temporary dist/. */
export async function buildTempDist(): Promise<BuiltDist> {
  const root = await mkdtemp(join(tmpdir(), 'asean-kg-served-'));
  const dir = join(root, 'dist');
  const result = await build({ dataDir: join(REPO, 'data'), ontologyDir: join(REPO, 'ontology'), outDir: dir });
  if (result.errors.length > 0) throw new Error(`the build failed:\n${result.errors.join('\n')}`);
  return { dir, remove: () => rm(root, { recursive: true, force: true }) };
}

export interface ServerProcess {
  readonly url: string;
  readonly child: ChildProcess;
  readonly pid: number;
  stdout(): string;
  stderr(): string;
  /** The JSON log lines written so far (pino, on stdout). */
  logs(): Array<Record<string, unknown>>;
  /** Resident set size now, bytes (VmRSS). */
  rss(): number;
  /** Highest resident set size so far, bytes (VmHWM). */
  peakRss(): number;
  /** Exit code (or null with a signal) once the process has ended. */
  readonly exit: Promise<number | null>;
  /** Whether the process is still running. */
  alive(): boolean;
  /** Sends `signal` (SIGTERM by default) and waits for the exit; SIGKILL after `graceMs`. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<number | null>;
}

export interface SpawnOptions {
  /** Arguments after `src/cli.ts` (default: `serve`). `--port 0` is added unless a port is given. */
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** How long to wait for the "Serving …" line. */
  readonly startMs?: number;
}

/** Starts the CLI; resolves once it printed its URL line (or rejects with its stderr if it exited). */
export async function spawnServer(options: SpawnOptions = {}): Promise<ServerProcess> {
  const proc = spawnCli([...(options.args ?? ['serve']), ...(options.args?.includes('--port') ? [] : ['--port', '0'])], options.env);
  const line = await Promise.race([
    waitFor(() => /^Serving .* at (http:\/\/[^/\s]+)\//m.exec(proc.stdout())?.[1], options.startMs ?? 60_000),
    proc.exit.then((code) => {
      throw new Error(`the server exited with ${code} before serving:\n${proc.stderr()}`);
    }),
  ]);
  return { ...proc, url: line };
}

export type CliProcess = Omit<ServerProcess, 'url'>;

/** Runs `node --import tsx src/cli.ts …args` in the repository, capturing its output. */
export function spawnCli(args: readonly string[], env: Readonly<Record<string, string>> = {}): CliProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: REPO, env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (c: Buffer) => { out += c.toString(); });
  child.stderr?.on('data', (c: Buffer) => { err += c.toString(); });
  let running = true;
  const exit = once(child, 'exit').then(([code]) => {
    running = false;
    return code as number | null;
  });
  const pid = child.pid ?? 0;
  return {
    child, pid, exit,
    stdout: () => out,
    stderr: () => err,
    logs: () => out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>),
    rss: () => procStatus(pid, 'VmRSS'),
    peakRss: () => procStatus(pid, 'VmHWM'),
    alive: () => running,
    stop: async (signal = 'SIGTERM', graceMs = 20_000) => {
      if (!running) return exit;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exit;
      clearTimeout(timer);
      return code;
    },
  };
}

/** A field of /proc/PID/status in bytes (0 when the process is gone). */
function procStatus(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return Number(m?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

export async function waitFor<T>(check: () => T | undefined, ms: number, what = 'a condition'): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const found = check();
    if (found !== undefined) return found;
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Polls /ready until it answers 200 (the pool is whole again, e.g. after workers were replaced). */
export async function waitReady(url: string, ms = 30_000): Promise<Record<string, unknown>> {
  const until = Date.now() + ms;
  let last = '';
  for (;;) {
    try {
      const res = await fetch(`${url}/ready`);
      const body = (await res.json()) as Record<string, unknown>;
      const pool = body['pool'] as { loading?: number; busy?: number } | undefined;
      if (res.status === 200 && pool?.loading === 0 && pool.busy === 0) return body;
      last = JSON.stringify(body);
    } catch (e) {
      last = String(e);
    }
    if (Date.now() > until) throw new Error(`the server did not become ready again: ${last}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
