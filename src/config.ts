// Every setting of the server and the CLI in one table: its environment variable, its flag, its
// default and what it does. `--help` prints the table and the README's configuration section is
// generated from it (a test keeps the two in sync), so the names in the docs are the names in code.
import { availableParallelism } from 'node:os';

export interface Config {
  readonly host: string;
  readonly port: number;
  readonly publicUrl: string;
  readonly baseIri: string;
  readonly distDir: string;
  readonly dataFiles: readonly string[];
  readonly queryTimeoutMs: number;
  readonly poolSize: number;
  readonly queueLimit: number;
  readonly clientQueryLimit: number;
  readonly clientQueryBudgetMs: number;
  readonly demoteAfterMs: number;
  readonly clientLendGraceMs: number;
  readonly trustProxy: number;
  readonly maxQueryBytes: number;
  readonly maxBodyBytes: number;
  readonly maxUrlBytes: number;
  readonly maxHeaderBytes: number;
  readonly maxResultRows: number;
  readonly maxResultBytes: number;
  readonly cacheControl: string;
  readonly resultCacheBytes: number;
  readonly resultCacheEntryBytes: number;
  readonly headersTimeoutMs: number;
  readonly requestTimeoutMs: number;
  readonly keepAliveTimeoutMs: number;
  readonly idleTimeoutMs: number;
  readonly shutdownGraceMs: number;
  readonly logLevel: string;
  readonly store: 'embedded' | 'remote';
  readonly remoteQueryUrl: string;
  readonly remoteUpdateUrl: string;
  readonly remoteGspUrl: string;
  readonly remoteDataset: 'explicit' | 'server';
  readonly remoteTimeoutMs: number;
  readonly pushBatchTriples: number;
  readonly fromGraph: string;
}

type Kind = 'integer' | 'string' | 'files';

export interface Setting {
  readonly key: keyof Config;
  /** Environment variable, or undefined for a flag-only setting. */
  readonly env: string | undefined;
  readonly flag: string;
  readonly kind: Kind;
  readonly default: number | string | readonly string[];
  /** How the default reads in the docs when it is computed. */
  readonly defaultText?: string;
  readonly min?: number;
  /** The only values a string setting takes. */
  readonly choices?: readonly string[];
  readonly description: string;
}

const MiB = 1024 * 1024;

export const SETTINGS: readonly Setting[] = [
  { key: 'host', env: 'HOST', flag: '--host', kind: 'string', default: '127.0.0.1', description: 'Interface to listen on. The default answers only this machine; use 0.0.0.0 to listen on every interface.' },
  { key: 'port', env: 'PORT', flag: '--port', kind: 'integer', default: 3000, min: 0, description: 'TCP port (0 picks a free one).' },
  { key: 'publicUrl', env: 'PUBLIC_URL', flag: '--public-url', kind: 'string', default: '', defaultText: 'http://HOST:PORT', description: 'The URL clients reach this server at (set it behind a proxy). The service description and VoID name the endpoint and the dumps under it.' },
  { key: 'baseIri', env: 'BASE_IRI', flag: '--base', kind: 'string', default: '', defaultText: 'the build\'s base (dist/manifest.json); with --data, PUBLIC_URL/', description: 'Base IRI of the dataset: passed to the build, and relative IRIs in queries resolve against it.' },
  { key: 'distDir', env: 'DIST_DIR', flag: '--dist', kind: 'string', default: 'dist', description: 'Directory the build writes and `serve` reads (dumps, manifest.json, void.ttl).' },
  { key: 'dataFiles', env: undefined, flag: '--data', kind: 'files', default: [], defaultText: 'none', description: 'Serve these RDF files instead of the built graph (Turtle, N-Triples, N-Quads, TriG, JSON-LD, RDF/XML; format by extension). Takes one or more paths.' },
  { key: 'queryTimeoutMs', env: 'QUERY_TIMEOUT_MS', flag: '--query-timeout', kind: 'integer', default: 10_000, min: 1, description: 'Wall-clock limit for one query, in ms. The query is stopped and the client gets 503. A client `timeout` parameter may only lower it.' },
  { key: 'poolSize', env: 'POOL_SIZE', flag: '--pool-size', kind: 'integer', default: Math.max(2, availableParallelism()), defaultText: 'CPU count, at least 2', min: 1, description: 'Queries that run at once, each in its own worker thread holding the graph. One more worker is kept loaded as a spare.' },
  { key: 'queueLimit', env: 'QUEUE_LIMIT', flag: '--queue-limit', kind: 'integer', default: 64, min: 0, description: 'Queries that may wait for a worker; beyond it the client gets 503 with Retry-After.' },
  { key: 'clientQueryLimit', env: 'CLIENT_QUERY_LIMIT', flag: '--client-query-limit', kind: 'integer', default: 0, defaultText: '0: POOL_SIZE − 1, at least 1', min: 0, description: 'Queries one client address may run at once; its further queries wait their turn (up to QUEUE_LIMIT of them, each at most QUERY_TIMEOUT_MS), beyond that 429 with Retry-After. Keeps one client\'s runaway queries from taking every worker. A worker no other client is waiting for may still be lent past it (CLIENT_LEND_GRACE_MS). Set it to POOL_SIZE to let one client use them all.' },
  { key: 'clientQueryBudgetMs', env: 'CLIENT_QUERY_BUDGET_MS', flag: '--client-query-budget', kind: 'integer', default: 60_000, min: 0, description: 'Query time one client address may use per minute, in ms, on average: the time each of its queries took (waiting for a worker included) is added up and drains at this rate. Over it, the client\'s next queries get 429 with Retry-After until enough has drained. With the default, a client holding one worker all the time stays within it; one holding several does not. 0: no budget.' },
  { key: 'clientLendGraceMs', env: 'CLIENT_LEND_GRACE_MS', flag: '--client-lend-grace', kind: 'integer', default: 100, min: 0, description: 'A client past its CLIENT_QUERY_LIMIT may still use a worker that would otherwise stay idle (a free worker, no query waiting), so that one client alone can use the whole pool. Such a lent query yields: once another client\'s query waits for a worker and the lent one has run this many ms, it is stopped, run again within its client\'s own share, and that client is lent nothing for a minute. Nor is a client lent anything while one of its queries has run this long. 0: never lend (a client never uses more than CLIENT_QUERY_LIMIT workers).' },
  { key: 'demoteAfterMs', env: 'DEMOTE_AFTER_MS', flag: '--demote-after', kind: 'integer', default: 200, min: 0, description: 'A query still running after this many ms has its worker thread\'s priority lowered (nice 19, Linux only), so short queries and the server itself get the CPU first; when it ends the priority is set back, or, where the process may not raise it, the worker is replaced from the spare. 0: never.' },
  { key: 'trustProxy', env: 'TRUST_PROXY', flag: '--trust-proxy', kind: 'integer', default: 0, min: 0, description: 'Reverse proxies in front of this server whose X-Forwarded-For / -Proto / -Host to believe (0: none, the client is the socket\'s address). Behind one proxy set 1, or every client shares one CLIENT_QUERY_LIMIT.' },
  { key: 'maxQueryBytes', env: 'MAX_QUERY_BYTES', flag: '--max-query-bytes', kind: 'integer', default: 100 * 1024, min: 1, description: 'Largest query text (UTF-8 bytes); larger gets 413.' },
  { key: 'maxBodyBytes', env: 'MAX_BODY_BYTES', flag: '--max-body-bytes', kind: 'integer', default: 1 * MiB, min: 1, description: 'Largest request body; larger gets 413.' },
  { key: 'maxUrlBytes', env: 'MAX_URL_BYTES', flag: '--max-url-bytes', kind: 'integer', default: 8 * 1024, min: 64, description: 'Longest request URL; longer gets 414 (send long queries by POST).' },
  { key: 'maxHeaderBytes', env: 'MAX_HEADER_BYTES', flag: '--max-header-bytes', kind: 'integer', default: 16 * 1024, min: 1024, description: 'Largest request head (request line and headers); larger gets 431 from Node.' },
  { key: 'maxResultRows', env: 'MAX_RESULT_ROWS', flag: '--max-result-rows', kind: 'integer', default: 100_000, min: 1, description: 'Most rows (SELECT) or triples (CONSTRUCT/DESCRIBE) in one result. A longer result is cut and says so: header `X-Result-Truncated`.' },
  { key: 'maxResultBytes', env: 'MAX_RESULT_BYTES', flag: '--max-result-bytes', kind: 'integer', default: 50 * MiB, min: 1024, description: 'Largest serialised result; a larger one is cut at a row boundary and says so (`X-Result-Truncated`).' },
  { key: 'cacheControl', env: 'CACHE_CONTROL', flag: '--cache-control', kind: 'string', default: 'public, max-age=300', description: 'Cache-Control of GET query results (they also carry a strong ETag; revalidation gets 304).' },
  { key: 'resultCacheBytes', env: 'RESULT_CACHE_BYTES', flag: '--result-cache-bytes', kind: 'integer', default: 32 * MiB, min: 0, description: 'Memory for finished query answers, kept and sent again to identical requests (same query text, dataset parameters, format and frame) without running them: the data does not change while the server runs. Least recently used out first. Only complete answers of deterministic queries (no RAND, NOW, BNODE…); never errors, timeouts or cut answers. 0 turns it off; always off with STORE=remote (the remote store may change).' },
  { key: 'resultCacheEntryBytes', env: 'RESULT_CACHE_ENTRY_BYTES', flag: '--result-cache-entry-bytes', kind: 'integer', default: 1 * MiB, min: 1, description: 'Largest answer RESULT_CACHE_BYTES keeps, in bytes (its query text counted in); larger ones always run.' },
  { key: 'headersTimeoutMs', env: 'HEADERS_TIMEOUT_MS', flag: '--headers-timeout', kind: 'integer', default: 10_000, min: 1, description: 'Time a client has to send the request head, in ms (slow clients are cut off).' },
  { key: 'requestTimeoutMs', env: 'REQUEST_TIMEOUT_MS', flag: '--request-timeout', kind: 'integer', default: 30_000, min: 1, description: 'Time a client has to send the whole request, in ms.' },
  { key: 'keepAliveTimeoutMs', env: 'KEEP_ALIVE_TIMEOUT_MS', flag: '--keep-alive-timeout', kind: 'integer', default: 5_000, min: 1, description: 'How long an idle keep-alive connection stays open, in ms.' },
  { key: 'idleTimeoutMs', env: 'IDLE_TIMEOUT_MS', flag: '--idle-timeout', kind: 'integer', default: 60_000, min: 1, description: 'A connection on which no byte moves for this long is closed, in ms: a client that stops reading an answer does not keep its buffers. At least QUERY_TIMEOUT_MS + 5 s is used (a query in progress moves no bytes).' },
  { key: 'shutdownGraceMs', env: 'SHUTDOWN_GRACE_MS', flag: '--shutdown-grace', kind: 'integer', default: 15_000, min: 0, description: 'On SIGTERM/SIGINT: how long in-flight requests may finish before the server exits, in ms.' },
  { key: 'logLevel', env: 'LOG_LEVEL', flag: '--log-level', kind: 'string', default: 'info', description: 'pino log level (fatal, error, warn, info, debug, trace, silent). Logs are JSON lines on stdout.' },
  { key: 'store', env: 'STORE', flag: '--store', kind: 'string', default: 'embedded', choices: ['embedded', 'remote'], description: 'Where queries run: `embedded` (oxigraph in worker threads, the graph in memory) or `remote` (the SPARQL server at REMOTE_QUERY_URL, filled by `push`; dumps are still served from DIST_DIR).' },
  { key: 'remoteQueryUrl', env: 'REMOTE_QUERY_URL', flag: '--remote-query-url', kind: 'string', default: '', defaultText: 'none', description: 'SPARQL 1.1 Query endpoint of the remote store (e.g. Virtuoso: http://localhost:8890/sparql). Credentials, if it needs any, come from REMOTE_USER and REMOTE_PASSWORD (environment only; never logged).' },
  { key: 'remoteUpdateUrl', env: 'REMOTE_UPDATE_URL', flag: '--remote-update-url', kind: 'string', default: '', defaultText: 'REMOTE_QUERY_URL', description: 'SPARQL 1.1 Update endpoint `push` uses to swap large graphs in (MOVE) and, without REMOTE_GSP_URL, to load data (Virtuoso: http://localhost:8890/sparql-auth).' },
  { key: 'remoteGspUrl', env: 'REMOTE_GSP_URL', flag: '--remote-gsp-url', kind: 'string', default: '', defaultText: 'none', description: 'Graph Store Protocol endpoint `push` uploads through (Virtuoso: http://localhost:8890/sparql-graph-crud-auth). Much faster than SPARQL Update for loading.' },
  { key: 'remoteDataset', env: 'REMOTE_DATASET', flag: '--remote-dataset', kind: 'string', default: 'explicit', choices: ['explicit', 'server'], description: '`explicit`: every query names this dataset\'s graphs (FROM / FROM NAMED), so answers are the embedded ones whatever else the server holds; costs grow with the number of graphs. `server`: the server\'s own default graph (Virtuoso: every graph it holds, its system graphs included); for many graphs on a server dedicated to this dataset.' },
  { key: 'remoteTimeoutMs', env: 'REMOTE_TIMEOUT_MS', flag: '--remote-timeout', kind: 'integer', default: 300_000, min: 1, description: 'Time limit of each `push` request to the remote store, in ms (queries use QUERY_TIMEOUT_MS; past it the client gets 504).' },
  { key: 'pushBatchTriples', env: 'PUSH_BATCH_TRIPLES', flag: '--batch-triples', kind: 'integer', default: 20_000, min: 1, description: 'Most triples `push` sends in one request. A graph up to this size is replaced in one request; a larger one is loaded into a staging graph and swapped in. (Virtuoso\'s SPARQL compiler refuses INSERT DATA beyond a few hundred triples: with SPARQL Update only, use about 400.)' },
  { key: 'fromGraph', env: undefined, flag: '--from-graph', kind: 'string', default: '', defaultText: 'none', description: '`push` only: start at this graph (in the dump\'s order), taking the graphs before it as done; a failed push prints the command.' },
];

export const COMMANDS = ['serve', 'build', 'docs', 'push'] as const;
export type Command = (typeof COMMANDS)[number];

export interface Invocation {
  readonly command: Command;
  readonly config: Config;
  readonly help: boolean;
}

/** Reads a command line (without `node script`) and the environment. Throws with a usage hint on a mistake. */
export function parseInvocation(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): Invocation {
  const values = new Map<keyof Config, unknown>();
  for (const s of SETTINGS) {
    const fromEnv = s.env === undefined ? undefined : env[s.env];
    values.set(s.key, fromEnv === undefined || fromEnv === '' ? s.default : parseValue(s, fromEnv, `${s.env}`));
  }
  let command: Command = 'serve';
  let help = false;
  let i = 0;
  if (argv[0] !== undefined && !argv[0].startsWith('-')) {
    const c = argv[0];
    if (!(COMMANDS as readonly string[]).includes(c)) throw new Error(`unknown command "${c}": use one of ${COMMANDS.join(', ')} (see --help)`);
    command = c as Command;
    i = 1;
  }
  for (; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--help' || arg === '-h') { help = true; continue; }
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const s = SETTINGS.find((x) => x.flag === flag);
    if (!s) throw new Error(`unknown option "${flag}" (see --help)`);
    if (s.kind === 'files') {
      const files: string[] = inline === undefined ? [] : [inline];
      while (argv[i + 1] !== undefined && !(argv[i + 1] ?? '').startsWith('--')) files.push(argv[++i] ?? '');
      if (files.length === 0) throw new Error(`${flag} needs at least one file`);
      values.set(s.key, [...((values.get(s.key) as string[] | undefined) ?? []), ...files]);
      continue;
    }
    const raw = inline ?? argv[++i];
    if (raw === undefined) throw new Error(`${flag} needs a value`);
    values.set(s.key, parseValue(s, raw, flag));
  }
  // The one boundary where the table's untyped values become the typed Config: each was checked by parseValue.
  const config = Object.fromEntries(values) as unknown as Config;
  return { command, config, help };
}

function parseValue(s: Setting, raw: string, source: string): number | string | string[] {
  if (s.kind === 'string') {
    if (s.choices && !s.choices.includes(raw)) throw new Error(`${source} must be one of ${s.choices.join(', ')}, got "${raw}"`);
    return raw;
  }
  if (s.kind === 'files') return raw.split(',').filter((f) => f !== '');
  if (!/^\d+$/.test(raw.trim())) throw new Error(`${source} must be a whole number, got "${raw}"`);
  const n = Number(raw.trim());
  if (s.min !== undefined && n < s.min) throw new Error(`${source} must be at least ${s.min}, got ${n}`);
  return n;
}

function defaultText(s: Setting): string {
  if (s.defaultText !== undefined) return s.defaultText;
  return s.default === '' ? '(empty)' : String(s.default);
}

/** The `--help` text. */
export function helpText(): string {
  const lines = [
    'Usage: tsx src/cli.ts [serve|build|docs|push] [options]',
    '',
    '  serve   (default) build the graph if dist/ is missing or older than data/ or ontology/, then serve it',
    '  build   build dist/ from data/ and ontology/',
    '  docs    regenerate the README\'s generated sections (data model, configuration)',
    '  push    upload dist/ to the remote store (REMOTE_GSP_URL or REMOTE_UPDATE_URL), one named graph per source, then check the counts',
    '',
    'Options (flags override environment variables):',
  ];
  for (const s of SETTINGS) {
    const name = `${s.flag}${s.kind === 'files' ? ' FILE…' : ' VALUE'}`;
    lines.push(`  ${name.padEnd(28)} ${s.env ? `env ${s.env}, ` : ''}default ${defaultText(s)}`);
    lines.push(`  ${''.padEnd(28)} ${s.description}`);
  }
  return lines.join('\n');
}

/** The README's configuration table (Markdown). */
export function configMarkdownTable(): string {
  const esc = (t: string) => t.replace(/\|/g, '\\|');
  const rows = SETTINGS.map((s) => `| \`${s.env ?? '—'}\` | \`${s.flag}\` | ${esc(defaultText(s))} | ${esc(s.description)} |`);
  return ['| Environment | Flag | Default | Meaning |', '|---|---|---|---|', ...rows].join('\n');
}

export const CONFIG_START = '<!-- config:start (generated by `npm run docs` from src/config.ts) -->';
export const CONFIG_END = '<!-- config:end -->';

/** The README with its configuration section regenerated; unchanged when it has no such section. */
export function withConfigTable(readme: string): string {
  const start = readme.indexOf(CONFIG_START);
  const end = readme.indexOf(CONFIG_END);
  if (start === -1 || end < start) return readme;
  return `${readme.slice(0, start + CONFIG_START.length)}\n${configMarkdownTable()}\n${readme.slice(end)}`;
}
