// gzip copies made by a worker thread: the same bytes as zlib's one-shot gzip at our level, the
// hashes of both files, and a clear failure for a file that cannot be read.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { GZIP_LEVEL, gzipFile } from '../../src/build/gzipFile.ts';

const dir = mkdtempSync(join(tmpdir(), 'asean-kg-gzip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('gzipFile', () => {
  it('writes the gzip of a file, with the size and SHA-256 of both', async () => {
    const text = Buffer.from(Array.from({ length: 50_000 }, (_, i) => `<http://example.org/s${i}> <http://example.org/p> "välue ${i}" .\n`).join(''));
    writeFileSync(join(dir, 'a.nt'), text);
    const result = await gzipFile(join(dir, 'a.nt'), join(dir, 'a.nt.gz'));
    const gz = readFileSync(join(dir, 'a.nt.gz'));
    expect(gz.equals(gzipSync(text, { level: GZIP_LEVEL }))).toBe(true);
    expect(result).toEqual({ bytes: gz.length, sha256: sha(gz), source: { bytes: text.length, sha256: sha(text) } });
  });

  it('rejects, naming the file, when it cannot be read', async () => {
    await expect(gzipFile(join(dir, 'missing.nt'), join(dir, 'missing.nt.gz'))).rejects.toThrow(/gzip of .*missing\.nt failed: .*ENOENT/);
  });
});
