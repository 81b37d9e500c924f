// The downloadable dumps: those the build wrote (listed in dist/manifest.json, gzip copies beside
// them), or, for `serve --data`, dumps made from the served data on first request and kept in a
// temporary directory. Either way a dump is a file with a known size, sha256 and gzip copy.
import { createHash } from 'node:crypto';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import type { Manifest } from '../build/manifest.ts';
import { RDF_FORMATS, type RdfFormat, type RdfFormatId } from '../rdf/formats.ts';

export interface DumpFileRef {
  readonly name: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly path: string;
}

export interface DumpEntry extends DumpFileRef {
  readonly format: RdfFormatId;
  readonly mediaType: string;
  readonly modified: Date;
  readonly gzip: DumpFileRef;
}

export interface DumpStore {
  /** Every dump; for generated dumps the first call makes them. */
  list(): Promise<readonly DumpEntry[]>;
  close(): Promise<void>;
}

export function distDumps(dir: string, manifest: Manifest): DumpStore {
  let entries: Promise<DumpEntry[]> | undefined;
  const load = async () => Promise.all(manifest.dumps.map(async (d): Promise<DumpEntry> => {
    const path = join(dir, d.name);
    return {
      name: d.name, format: d.format, mediaType: d.mediaType, bytes: d.bytes, sha256: d.sha256, path,
      modified: (await stat(path)).mtime,
      gzip: { ...d.gzip, path: join(dir, d.gzip.name) },
    };
  }));
  return {
    list: () => (entries ??= load()),
    close: async () => {},
  };
}

const gzipAsync = promisify(gzip);

/** Dumps serialised by `serializeDataset` (a query worker) the first time they are asked for. */
export function generatedDumps(stem: string, serializeDataset: (format: RdfFormat) => Promise<Uint8Array>): DumpStore {
  let dir: Promise<string> | undefined;
  let entries: Promise<DumpEntry[]> | undefined;
  const make = async (format: RdfFormat): Promise<DumpEntry> => {
    const where = await (dir ??= mkdtemp(join(tmpdir(), 'asean-kg-dumps-')));
    const body = Buffer.from(await serializeDataset(format));
    const gz = await gzipAsync(body, { level: 9 });
    const name = `${stem}.${format.extension}`;
    await writeFile(join(where, name), body);
    await writeFile(join(where, `${name}.gz`), gz);
    return {
      name, format: format.id, mediaType: format.mediaTypes[0] ?? 'application/octet-stream', bytes: body.length, sha256: sha256(body),
      path: join(where, name), modified: new Date(),
      gzip: { name: `${name}.gz`, bytes: gz.length, sha256: sha256(gz), path: join(where, `${name}.gz`) },
    };
  };
  return {
    // One format at a time: each occupies a query worker while it serialises.
    list: () => (entries ??= (async () => {
      const out: DumpEntry[] = [];
      for (const f of RDF_FORMATS) out.push(await make(f));
      return out;
    })().catch((e: unknown) => {
      entries = undefined;
      throw e;
    })),
    close: async () => {
      if (dir) await rm(await dir, { recursive: true, force: true });
    },
  };
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
