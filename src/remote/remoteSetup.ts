// The remote store from the settings: the client (URLs from Config, credentials from the
// environment only), the served graph with STORE=remote, and the `push` command.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { MANIFEST_FILE, type Manifest } from '../build/manifest.ts';
import type { Config } from '../config.ts';
import { Graph } from '../graph/Graph.ts';
import { DatasetError, type DatasetOrigin } from '../graph/openDataset.ts';
import type { Credentials } from './httpAuth.ts';
import { DumpFormatError } from './GraphBatches.ts';
import { push } from './push.ts';
import { RemoteBackend } from './RemoteBackend.ts';
import { SparqlClient, where } from './SparqlClient.ts';
import { UpstreamError } from './UpstreamError.ts';

type RemoteConfig = Pick<Config, 'remoteQueryUrl' | 'remoteUpdateUrl' | 'remoteGspUrl'>;

/** REMOTE_USER / REMOTE_PASSWORD: both or neither. */
export function credentialsFrom(env: Readonly<Record<string, string | undefined>>): Credentials | undefined {
  const user = env['REMOTE_USER'] ?? '';
  const password = env['REMOTE_PASSWORD'] ?? '';
  if (user === '' && password === '') return undefined;
  if (user === '' || password === '') throw new Error('set both REMOTE_USER and REMOTE_PASSWORD (or neither)');
  return { user, password };
}

export function remoteClient(config: RemoteConfig, env: Readonly<Record<string, string | undefined>>): SparqlClient {
  if (config.remoteQueryUrl === '') throw new Error('the remote store needs REMOTE_QUERY_URL (its SPARQL query endpoint, e.g. http://localhost:8890/sparql)');
  const credentials = credentialsFrom(env);
  return new SparqlClient({
    queryUrl: config.remoteQueryUrl,
    ...(config.remoteUpdateUrl ? { updateUrl: config.remoteUpdateUrl } : {}),
    ...(config.remoteGspUrl ? { gspUrl: config.remoteGspUrl } : {}),
  }, credentials);
}

/** The build's manifest, without reading the dump itself (the remote store holds the data). */
export async function readDistOrigin(dir: string): Promise<Extract<DatasetOrigin, { kind: 'dist' }>> {
  const path = join(dir, MANIFEST_FILE);
  try {
    const manifest = JSON.parse(await readFile(path, 'utf8')) as Manifest;
    return { kind: 'dist', dir, manifest, builtAt: (await stat(path)).mtime };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new DatasetError(code === 'ENOENT' ? `${path} not found: run \`npm run build\` (and \`npm run push\`) first` : `${path} is unreadable (${code ?? (e as Error).message}): run \`npm run build\` again`);
  }
}

export interface RemoteGraphOptions {
  readonly config: Config;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly logger: Logger;
}

/** STORE=remote: the graph described by dist/, answered by the remote server. */
export async function openRemoteGraph({ config, env, logger }: RemoteGraphOptions): Promise<Graph> {
  if (config.dataFiles.length > 0) throw new DatasetError('--data cannot be used with STORE=remote: the remote store holds what `push` uploaded from dist/');
  const origin = await readDistOrigin(config.distDir);
  let client: SparqlClient;
  try {
    client = remoteClient(config, env);
  } catch (e) {
    throw new DatasetError(`STORE=remote: ${(e as Error).message}`);
  }
  const backend = new RemoteBackend({
    client, base: config.baseIri || origin.manifest.base, graphs: origin.manifest.graphs.map((g) => g.iri),
    datasetMode: config.remoteDataset, concurrency: config.poolSize, queueLimit: config.queueLimit, logger,
  });
  if (!(await backend.start())) {
    logger.warn({ server: where(config.remoteQueryUrl) }, 'the remote SPARQL server does not answer yet: /ready answers 503 and queries 502 until it does');
  }
  return Graph.withBackend(origin, backend, { base: config.baseIri || origin.manifest.base });
}

/**
 * Where `push` writes when neither REMOTE_GSP_URL nor REMOTE_UPDATE_URL is set: on Virtuoso (its
 * Server header says so) the authenticated endpoints beside /sparql; elsewhere updates go to
 * REMOTE_QUERY_URL.
 */
async function writeEndpoints(config: Config, say: (line: string) => void): Promise<Config> {
  if (config.remoteGspUrl || config.remoteUpdateUrl || !config.remoteQueryUrl) return config;
  const url = new URL(config.remoteQueryUrl);
  let server = '';
  try {
    const res = await fetch(url, { method: 'POST', body: new URLSearchParams({ query: 'ASK {}' }), signal: AbortSignal.timeout(10_000) });
    await res.arrayBuffer();
    server = res.headers.get('server') ?? '';
  } catch {
    // push itself says the server cannot be reached
  }
  if (/virtuoso/i.test(server) && url.pathname.endsWith('/sparql')) {
    const at = (path: string) => new URL(url.pathname.replace(/\/sparql$/, path), url).href;
    const derived = { ...config, remoteGspUrl: at('/sparql-graph-crud-auth'), remoteUpdateUrl: at('/sparql-auth') };
    say(`push: ${where(config.remoteQueryUrl)} is Virtuoso: writing through ${where(derived.remoteGspUrl)} and ${where(derived.remoteUpdateUrl)} (set REMOTE_GSP_URL / REMOTE_UPDATE_URL to choose others)`);
    return derived;
  }
  say('push: neither REMOTE_GSP_URL nor REMOTE_UPDATE_URL is set, so updates go to REMOTE_QUERY_URL; set REMOTE_GSP_URL (Graph Store Protocol) for faster uploads');
  return config;
}

/** `push`: exit code 0 when every graph arrived and the counts match. */
export async function runPush(given: Config, env: Readonly<Record<string, string | undefined>>): Promise<number> {
  try {
    const config = await writeEndpoints(given, (line) => process.stderr.write(`${line}\n`));
    const result = await push({
      distDir: config.distDir,
      client: remoteClient(config, env),
      batchTriples: config.pushBatchTriples,
      timeoutMs: config.remoteTimeoutMs,
      ...(config.fromGraph ? { fromGraph: config.fromGraph } : {}),
      stderr: process.stderr,
    });
    return result.ok ? 0 : 1;
  } catch (e) {
    // Configuration, dist/ and server problems carry a message that says what to do; anything else is a bug.
    if (!(e instanceof UpstreamError || e instanceof DumpFormatError || (e as NodeJS.ErrnoException).code !== undefined || /REMOTE_|npm run build|--from-graph|not a URL|endpoint/.test((e as Error).message))) throw e;
    process.stderr.write(`push: ${(e as Error).message}\nNothing was changed on the server unless the lines above say so.\n`);
    return 1;
  }
}
