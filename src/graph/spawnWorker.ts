// Starts a worker thread from a module URL, TypeScript included. On Node 20 a worker given
// `execArgv: ['--import', 'tsx']` still fails on a .ts entry (the loader hooks register after the
// entry is resolved), and vitest's forks do not carry tsx at all. So a .ts entry is started by a
// one-line bootstrap that registers tsx's ESM hooks first, then imports the entry. A .js entry
// (compiled code) starts directly.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

let tsxApi: string | undefined;

/** file: URL of tsx's ESM register API, resolved from this package (not from the process's cwd). */
function tsxApiUrl(): string {
  if (tsxApi) return tsxApi;
  const require = createRequire(import.meta.url);
  const pkgFile = require.resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { exports: Record<string, { import?: { default?: string } }> };
  const entry = pkg.exports['./esm/api']?.import?.default;
  if (!entry) throw new Error('tsx does not export ./esm/api; cannot start TypeScript workers');
  tsxApi = pathToFileURL(join(dirname(pkgFile), entry)).href;
  return tsxApi;
}

export function spawnWorker(entry: URL, options: WorkerOptions): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, options);
  const code = `import(${JSON.stringify(tsxApiUrl())}).then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(code, { ...options, eval: true });
}
