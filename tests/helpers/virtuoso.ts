// Test helper: a private OpenLink Virtuoso 7 (Debian package virtuoso-opensource) for the remote
// store tests and the scale benchmark. Each instance gets its own temporary database directory and
// generated virtuoso.ini (free loopback ports for SQL and HTTP, DirsAllowed for its directory, small
// buffers), runs in the foreground in its own process group, and is ready when /sparql answers.
// Writing goes through /sparql-auth and /sparql-graph-crud-auth as dba (Digest), which Virtuoso
// 7.2.5 allows out of the box; no isql grants needed. stop() ends the process group and deletes the
// directory; kill() and restart() let a test take the server away mid-query and bring it back.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Tool } from './externalTool.ts';

export const VIRTUOSO_BIN = '/usr/bin/virtuoso-t';

/** Whether Virtuoso is installed here (and why the tests are skipped if not). It has no option that exits 0, so presence is the probe. */
export function virtuosoTool(): Tool {
  if (existsSync(VIRTUOSO_BIN)) return { available: true, reason: '' };
  return { available: false, reason: `${VIRTUOSO_BIN} is not installed (Debian package virtuoso-opensource; .ci/run installs it)` };
}

export interface VirtuosoOptions {
  /** [SPARQL] ResultSetMaxRows: Virtuoso cuts larger results silently (its default ini says 10000). */
  readonly resultSetMaxRows?: number;
  /** [Parameters] MaxSortedTopRows: largest LIMIT allowed with ORDER BY (Virtuoso's default is 10000). */
  readonly maxSortedTopRows?: number;
  /** [Parameters] NumberOfBuffers (8 KiB pages in memory); ~10000 is enough for tests, more for big loads. */
  readonly buffers?: number;
  /** [Parameters] MaxQueryMem. */
  readonly maxQueryMem?: string;
  /** [SPARQL] MaxQueryExecutionTime, seconds: past it Virtuoso answers 200 with a partial result ("anytime query"). */
  readonly maxQueryExecutionTime?: number;
  /** [SPARQL] MaxQueryCostEstimationTime, seconds: Virtuoso refuses queries it estimates would take longer. */
  readonly maxCostEstimationTime?: number;
}

export interface Virtuoso {
  readonly dir: string;
  readonly httpPort: number;
  readonly sqlPort: number;
  readonly queryUrl: string;
  readonly updateUrl: string;
  readonly gspUrl: string;
  readonly user: string;
  readonly password: string;
  /** Process id (also the process group id). */
  pid(): number | undefined;
  /** SIGKILL, at once: the server goes away mid-whatever. */
  kill(): Promise<void>;
  /** Starts it again on the same ports and database. */
  restart(): Promise<void>;
  /** Stops it and deletes its directory. */
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

function ini(dir: string, sqlPort: number, httpPort: number, o: VirtuosoOptions): string {
  const buffers = o.buffers ?? 10_000;
  return `[Database]
DatabaseFile = ${dir}/virtuoso.db
ErrorLogFile = ${dir}/virtuoso.log
LockFile = ${dir}/virtuoso.lck
TransactionFile = ${dir}/virtuoso.trx
xa_persistent_file = ${dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = ${dir}/virtuoso-temp.db
TransactionFile = ${dir}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:${sqlPort}
DisableUnixSocket = 1
MaxClientConnections = 20
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., ${dir}
NumberOfBuffers = ${buffers}
MaxDirtyBuffers = ${Math.round(buffers * 0.6)}
MaxQueryMem = ${o.maxQueryMem ?? '500M'}
MaxSortedTopRows = ${o.maxSortedTopRows ?? 200_000}
ThreadsPerQuery = 2
AsyncQueueMaxThreads = 4

[HTTPServer]
ServerPort = 127.0.0.1:${httpPort}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
MaxClientConnections = 20
ServerThreads = 20
KeepAliveTimeout = 10
Charset = UTF-8
EnabledGzipContent = 0

[SPARQL]
ResultSetMaxRows = ${o.resultSetMaxRows ?? 1_000_000}
MaxQueryExecutionTime = ${o.maxQueryExecutionTime ?? 120}
MaxQueryCostEstimationTime = ${o.maxCostEstimationTime ?? 400}
`;
}

async function waitUntilAnswering(url: string, child: ChildProcess, log: () => string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`virtuoso-t exited with code ${child.exitCode} while starting:\n${log()}`);
    try {
      const res = await fetch(`${url}?query=${encodeURIComponent('ASK {}')}`, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`virtuoso-t did not answer ${url} within ${timeoutMs} ms:\n${log()}`);
}

export async function startVirtuoso(options: VirtuosoOptions = {}): Promise<Virtuoso> {
  const dir = await mkdtemp(join(tmpdir(), 'asean-kg-virtuoso-'));
  await mkdir(dir, { recursive: true });
  const [sqlPort, httpPort] = [await freePort(), await freePort()];
  const config = join(dir, 'virtuoso.ini');
  await writeFile(config, ini(dir, sqlPort, httpPort, options));
  const base = `http://127.0.0.1:${httpPort}`;
  let child: ChildProcess | undefined;
  let output = '';
  const launch = async () => {
    output = '';
    const c = spawn(VIRTUOSO_BIN, ['+foreground', '+configfile', config], { cwd: dir, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child = c;
    const keep = (b: Buffer) => { output = (output + b.toString('utf8')).slice(-8_000); };
    c.stdout?.on('data', keep);
    c.stderr?.on('data', keep);
    await waitUntilAnswering(`${base}/sparql`, c, () => output, 90_000);
  };
  const exited = async (c: ChildProcess | undefined, signal: NodeJS.Signals, graceMs: number) => {
    if (!c || c.exitCode !== null || c.signalCode !== null || c.pid === undefined) return;
    const gone = new Promise<void>((r) => c.once('exit', () => r()));
    try {
      process.kill(-c.pid, signal);
    } catch {
      return;
    }
    const timer = setTimeout(() => { try { process.kill(-(c.pid ?? 0), 'SIGKILL'); } catch { /* gone */ } }, graceMs);
    await gone;
    clearTimeout(timer);
  };
  try {
    await launch();
  } catch (e) {
    await exited(child, 'SIGKILL', 0);
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    dir, httpPort, sqlPort,
    queryUrl: `${base}/sparql`,
    updateUrl: `${base}/sparql-auth`,
    gspUrl: `${base}/sparql-graph-crud-auth`,
    user: 'dba',
    password: 'dba',
    pid: () => child?.pid,
    kill: () => exited(child, 'SIGKILL', 0),
    restart: async () => {
      await exited(child, 'SIGTERM', 20_000);
      await launch();
    },
    stop: async () => {
      await exited(child, 'SIGTERM', 20_000);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
