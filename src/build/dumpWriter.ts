// A dump file and its gzip copy, written by a worker thread from the chunks this thread makes: the
// worker writes each chunk to the file, hashes it, and compresses it into the copy, so that this
// thread (which renders the dumps) neither writes the files nor has them read back for gzip. The
// chunks are handed over, not copied. At most `limitBytes` may wait for the worker: past that,
// `write` blocks until the worker has caught up, so that a slow disk or a busy CPU costs time,
// never memory.
import { Worker } from 'node:worker_threads';

/**
 * gzip level of the precompressed copies. Level 9 took 2.4× the time of level 6 on the dumps of a
 * million triples (12.3 s against 5.0 s of CPU for 682 MB) for copies only 5% smaller (24.5 against
 * 25.9 MB); level 6 is zlib's default and the usual balance.
 */
export const GZIP_LEVEL = 6;
/** Bytes handed to the worker and not yet compressed, at most (a few of TextChunks' 1 MB chunks). */
const LIMIT_BYTES = 32 << 20;
/** How long `write` waits for the worker to make progress before it gives up. */
const STALL_MS = 120_000;

// Plain JavaScript, so that the worker needs no TypeScript loader. The shared state: [0] bytes in
// flight, [1] 1 once the worker has failed.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { closeSync, createWriteStream, openSync, writeSync } = require('node:fs');
const { createHash } = require('node:crypto');
const { createGzip } = require('node:zlib');
const state = workerData.state;
let failed = false;
const fail = (e) => {
  if (failed) return;
  failed = true;
  Atomics.store(state, 1, 1);
  Atomics.notify(state, 0);
  parentPort.postMessage({ error: String((e && e.message) || e) });
};
try {
  const fd = openSync(workerData.path, 'w');
  const plain = createHash('sha256');
  const packed = createHash('sha256');
  let bytes = 0;
  let lines = 0;
  let gzBytes = 0;
  const gzip = createGzip({ level: workerData.level });
  const out = createWriteStream(workerData.gzPath);
  gzip.on('data', (chunk) => { packed.update(chunk); gzBytes += chunk.length; });
  gzip.on('error', fail);
  out.on('error', fail);
  gzip.pipe(out);
  out.on('finish', () => {
    if (failed) return;
    parentPort.postMessage({ bytes, lines, sha256: plain.digest('hex'), gzip: { bytes: gzBytes, sha256: packed.digest('hex') } });
  });
  parentPort.on('message', (m) => {
    if (failed) return;
    try {
      if (m === 'end') {
        closeSync(fd);
        gzip.end();
        return;
      }
      const chunk = Buffer.from(m.buffer, m.byteOffset, m.byteLength);
      for (let at = 0; at < chunk.length;) at += writeSync(fd, chunk, at);
      plain.update(chunk);
      bytes += chunk.length;
      if (workerData.countLines) for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines++;
      gzip.write(chunk, () => {
        Atomics.sub(state, 0, chunk.length);
        Atomics.notify(state, 0);
      });
    } catch (e) {
      fail(e);
    }
  });
} catch (e) {
  fail(e);
}
`;

export interface DumpResult {
  /** Size and SHA-256 of the dump. */
  readonly bytes: number;
  readonly sha256: string;
  /** Newlines in the dump (counted only if asked). */
  readonly lines: number;
  readonly gzip: { readonly bytes: number; readonly sha256: string };
}

export interface DumpWriterOptions {
  readonly level?: number;
  /** Count the dump's newlines (its triples, for N-Triples). */
  readonly countLines?: boolean;
  readonly limitBytes?: number;
}

export class DumpWriter {
  private readonly worker: Worker;
  private readonly state = new Int32Array(new SharedArrayBuffer(8));
  private readonly result: Promise<DumpResult>;
  private readonly limit: number;

  /** Starts writing `path` and `gzPath`. */
  constructor(private readonly path: string, gzPath: string, options: DumpWriterOptions = {}) {
    this.limit = options.limitBytes ?? LIMIT_BYTES;
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { path, gzPath, level: options.level ?? GZIP_LEVEL, countLines: options.countLines ?? false, state: this.state },
    });
    this.result = new Promise((resolve, reject) => {
      let settled = false;
      const settle = (f: () => void) => {
        if (settled) return;
        settled = true;
        void this.worker.terminate();
        f();
      };
      this.worker.on('message', (m: DumpResult | { error: string }) => {
        settle(() => ('error' in m ? reject(new Error(`writing ${path} failed: ${m.error}`)) : resolve(m)));
      });
      this.worker.once('error', (e) => settle(() => reject(new Error(`writing ${path} failed: ${e.message}`))));
      this.worker.once('exit', (code) => settle(() => reject(new Error(`writing ${path}: the worker stopped (exit ${code})`))));
    });
    // Awaited by `close`; this only keeps a failure before then from counting as unhandled.
    this.result.catch(() => undefined);
  }

  /**
   * Hands `chunk` over: its whole ArrayBuffer is moved to the worker, so the caller must not use
   * it, or any other view of that memory, again. Blocks while the worker is too far behind.
   */
  write(chunk: Buffer): void {
    if (chunk.length === 0) return;
    let waited = 0;
    for (let pending = Atomics.load(this.state, 0); pending > 0 && pending + chunk.length > this.limit; pending = Atomics.load(this.state, 0)) {
      if (Atomics.load(this.state, 1) === 1) throw new Error(`writing ${this.path} failed (see the error when the dump is closed)`);
      if (Atomics.wait(this.state, 0, pending, 50) === 'timed-out' && (waited += 50) >= STALL_MS) {
        throw new Error(`writing ${this.path}: no progress in ${STALL_MS / 1000} s`);
      }
    }
    if (Atomics.load(this.state, 1) === 1) throw new Error(`writing ${this.path} failed (see the error when the dump is closed)`);
    // The chunk's memory is moved to the worker, unless it is a slice of Node's shared pool of small
    // buffers (then it is copied first).
    const own = chunk.buffer.byteLength > Buffer.poolSize ? chunk : Buffer.from(chunk);
    Atomics.add(this.state, 0, own.length);
    const view = new Uint8Array(own.buffer, own.byteOffset, own.length);
    this.worker.postMessage(view, [own.buffer as ArrayBuffer]);
  }

  /** Finishes both files; resolves with their sizes and hashes, or rejects with what went wrong. */
  close(): Promise<DumpResult> {
    this.worker.postMessage('end');
    return this.result;
  }

  /** Stops the worker (after a failure elsewhere); the files are left as they are. */
  async abort(): Promise<void> {
    await this.worker.terminate();
  }
}
