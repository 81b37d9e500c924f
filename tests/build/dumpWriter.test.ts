// Dumps written by a worker thread from the chunks the main thread makes (src/build/dumpWriter.ts):
// the same file as the chunks joined, the same gzip copy as zlib's one-shot gzip at our level, the
// size and SHA-256 of both; the same result when the worker falls behind and the writer must wait;
// and a clear failure, naming the file, when the file cannot be written.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { DumpWriter, GZIP_LEVEL } from '../../src/build/dumpWriter.ts';

const dir = mkdtempSync(join(tmpdir(), 'asean-kg-dump-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const lines = 50_000;
const text = Buffer.from(Array.from({ length: lines }, (_, i) => `<http://example.org/s${i}> <http://example.org/p> "välue ${i}" .\n`).join(''));

/** `text` in chunks of `size` bytes, each in memory of its own (as TextChunks makes them), plus a few small pooled ones. */
function chunks(size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < text.length; at += size) {
    const end = Math.min(text.length, at + size);
    if (end - at < 100) out.push(Buffer.from(text.subarray(at, end).toString('latin1'), 'latin1')); // pooled
    else {
      const own = Buffer.allocUnsafe(64 * 1024 + size);
      text.copy(own, 0, at, end);
      out.push(own.subarray(0, end - at));
    }
  }
  return out;
}

describe('DumpWriter', () => {
  for (const [name, size, limitBytes] of [['large chunks', 256 * 1024, undefined], ['small chunks, the writer waiting', 3000, 10_000]] as const) {
    it(`writes the file and its gzip copy, with sizes, hashes and lines (${name})`, async () => {
      const path = join(dir, `${size}.nt`);
      const writer = new DumpWriter(path, `${path}.gz`, { countLines: true, ...(limitBytes ? { limitBytes } : {}) });
      const parts = chunks(size);
      for (const chunk of parts) writer.write(chunk);
      const result = await writer.close();
      const file = readFileSync(path);
      const gz = readFileSync(`${path}.gz`);
      expect(file.equals(text)).toBe(true);
      expect(gz.equals(gzipSync(text, { level: GZIP_LEVEL }))).toBe(true);
      expect(result).toEqual({ bytes: text.length, sha256: sha(text), lines, gzip: { bytes: gz.length, sha256: sha(gz) } });
      // The chunks' memory went to the worker (not copied): their buffers are detached now.
      expect(parts.filter((c) => c.buffer.byteLength === 0).length).toBeGreaterThan(0);
    });
  }

  it('rejects, naming the file, when the file cannot be written; a write after that fails too', async () => {
    const path = join(dir, 'no-such-dir', 'a.nt');
    const writer = new DumpWriter(path, `${path}.gz`, { limitBytes: 1 });
    await expect(writer.close()).rejects.toThrow(/writing .*no-such-dir\/a\.nt failed: .*ENOENT/);
    expect(existsSync(path)).toBe(false);
  });

  it('stops blocking and throws once the worker has failed', async () => {
    const path = join(dir, 'missing', 'b.nt');
    const writer = new DumpWriter(path, `${path}.gz`, { limitBytes: 1 });
    const [first, second] = chunks(256 * 1024);
    // The first write most likely goes out before the worker has tried to open the file; the second
    // then waits for the worker, which fails instead of catching up.
    expect(() => {
      writer.write(first as Buffer);
      writer.write(second as Buffer);
    }).toThrow(/writing .*missing\/b\.nt failed/);
    await expect(writer.close()).rejects.toThrow(/ENOENT/);
  });
});
