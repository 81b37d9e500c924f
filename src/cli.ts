// The command line: `build` and `serve` (the default). The only place that reads argv and the
// environment, and the only place that calls listen().
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Server } from 'node:http';
import pino, { type Logger } from 'pino';
import { helpText, parseInvocation, withConfigTable, type Config } from './config.ts';
import { MANIFEST_FILE, type Manifest } from './build/manifest.ts';
import { Graph } from './graph/Graph.ts';
import { DatasetError, openDist, openFiles, type DatasetSource } from './graph/openDataset.ts';
import { createApp } from './http/createApp.ts';
import { createServer, stopServer } from './http/createServer.ts';
import { openRemoteGraph, runPush } from './remote/remoteSetup.ts';

const DATA_DIR = 'data';
const ONTOLOGY_DIR = 'ontology';

type BuildFn = (opts: { dataDir: string; ontologyDir: string; outDir: string; base?: string }) => Promise<{ manifest?: Manifest; errors: readonly string[] }>;

/** The build is imported only when needed, so `serve --data` works whatever state src/build is in. */
async function loadBuild(): Promise<BuildFn> {
  const specifier = './build/build.ts';
  const mod = (await import(specifier)) as { build?: unknown };
  if (typeof mod.build !== 'function') throw new Error('src/build/build.ts does not export build()');
  return mod.build as BuildFn;
}

/** `docs`: the README's generated sections: the data model (src/build/updateDocs.ts) and the settings table. */
async function runDocs(): Promise<number> {
  const specifier = './build/updateDocs.ts';
  const mod = (await import(specifier)) as { updateReadme?: (dir: string, write: boolean) => Promise<unknown> };
  if (typeof mod.updateReadme === 'function') await mod.updateReadme(process.cwd(), true);
  const readme = await readFile('README.md', 'utf8');
  const updated = withConfigTable(readme);
  if (updated !== readme) await writeFile('README.md', updated);
  process.stderr.write('README.md: generated sections are up to date\n');
  return 0;
}

async function runBuild(config: Config): Promise<number> {
  const build = await loadBuild();
  const started = performance.now();
  const result = await build({ dataDir: DATA_DIR, ontologyDir: ONTOLOGY_DIR, outDir: config.distDir, ...(config.baseIri ? { base: config.baseIri } : {}) });
  if (result.errors.length > 0) {
    for (const e of result.errors) process.stderr.write(`${e}\n`);
    process.stderr.write(`build failed: ${result.errors.length} problem(s); ${config.distDir}/ was left as it was\n`);
    return 1;
  }
  const m = result.manifest;
  process.stderr.write(`built ${config.distDir}/ in ${Math.round(performance.now() - started)} ms${m ? `: ${m.triples} triples, version ${m.version}` : ''}\n`);
  return 0;
}

/** Newest modification time of a directory tree (directories count too: a deleted file changes its directory). */
async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  try {
    newest = (await stat(dir)).mtimeMs;
    for (const entry of await readdir(dir, { recursive: true })) newest = Math.max(newest, (await stat(join(dir, entry))).mtimeMs);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  return newest;
}

async function needsBuild(distDir: string): Promise<boolean> {
  let built: number;
  try {
    built = (await stat(join(distDir, MANIFEST_FILE))).mtimeMs;
  } catch {
    return true;
  }
  return Math.max(await newestMtime(DATA_DIR), await newestMtime(ONTOLOGY_DIR)) > built;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** The URL to print and to name in descriptions when PUBLIC_URL is not set. */
function localUrl(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}`;
}

async function serve(config: Config, logger: Logger): Promise<number> {
  // Listen first (a busy port fails at once, before any loading); answer 503 until the graph is ready.
  let handler: Parameters<typeof createServer>[0] = (req, res) => {
    res.setHeader('Retry-After', '5');
    res.writeHead(req.url === '/health' ? 200 : 503, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(req.url === '/health' ? 'starting\n' : 'the server is starting: the graph is being loaded\n');
  };
  const server = createServer((req, res) => handler(req, res), { ...config, idleTimeoutMs: Math.max(config.idleTimeoutMs, config.queryTimeoutMs + 5_000) });
  try {
    await listen(server, config.port, config.host);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    process.stderr.write(code === 'EADDRINUSE'
      ? `port ${config.port} on ${config.host} is already in use: stop the other server or choose another port (PORT=… or --port …)\n`
      : `cannot listen on ${config.host}:${config.port}: ${(e as Error).message}\n`);
    return 1;
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const publicUrl = (config.publicUrl || localUrl(config.host, port)).replace(/\/$/, '');
  let source: DatasetSource | undefined;
  let remote: Graph | undefined;
  try {
    if (config.store === 'remote') {
      remote = await openRemoteGraph({ config, env: process.env, logger });
    } else if (config.dataFiles.length > 0) {
      source = await openFiles(config.dataFiles);
    } else {
      if (await needsBuild(config.distDir)) {
        process.stderr.write(`${config.distDir}/ is missing or older than ${DATA_DIR}/ or ${ONTOLOGY_DIR}/: building\n`);
        if ((await runBuild(config)) !== 0) {
          server.close();
          return 1;
        }
      }
      source = await openDist(config.distDir);
    }
  } catch (e) {
    server.close();
    if (!(e instanceof DatasetError)) throw e;
    process.stderr.write(`${e.message}\n`);
    return 1;
  }
  const base = config.baseIri || (source?.origin.kind === 'dist' ? source.origin.manifest.base : `${publicUrl}/`);
  const graph = remote ?? await Graph.open(source as DatasetSource, { base, poolSize: config.poolSize, queueLimit: config.queueLimit, demoteAfterMs: config.demoteAfterMs, logger });
  let draining = false;
  handler = createApp(graph, {
    ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
    limits: { ...config, clientQueryLimit: config.clientQueryLimit || Math.max(1, config.poolSize - 1), clientQueueLimit: config.queueLimit },
    trustProxy: config.trustProxy,
    cacheControl: config.cacheControl,
    // createApp keeps nothing for a remote store, which can change behind this server's back (Graph.immutable).
    resultCache: { bytes: config.resultCacheBytes, maxEntryBytes: config.resultCacheEntryBytes },
    logger,
    draining: () => draining,
  });
  process.stdout.write(`Serving ${graph.info.triples} triples (version ${graph.info.version}) at ${publicUrl}/ · SPARQL ${publicUrl}/sparql · dumps ${publicUrl}/dumps/ · VoID ${publicUrl}/void\n`);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      if (draining) process.exit(1);
      draining = true;
      logger.info({ signal, graceMs: config.shutdownGraceMs }, 'shutting down');
      void stopServer(server, config.shutdownGraceMs).then(async (how) => {
        logger.info({ how }, 'stopped accepting; in-flight requests done');
        await graph.close();
        resolve();
      });
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  return 0;
}

async function main(): Promise<number> {
  let invocation;
  try {
    invocation = parseInvocation(process.argv.slice(2), process.env);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 2;
  }
  if (invocation.help) {
    process.stdout.write(`${helpText()}\n`);
    return 0;
  }
  const { config } = invocation;
  if (invocation.command === 'build') return runBuild(config);
  if (invocation.command === 'docs') return runDocs();
  if (invocation.command === 'push') return runPush(config, process.env);
  return serve(config, pino({ level: config.logLevel }));
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    process.exit(1);
  },
);
