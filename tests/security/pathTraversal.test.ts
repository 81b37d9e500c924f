// Path traversal against the dump and static routes: encoded and literal `..`, `%2e%2e`, double
// encoding, backslashes, absolute paths, NUL bytes, prototype names, and a symlink planted in
// dist/. Files are found by exact name in fixed lists (the manifest; the assets table), never by
// joining the URL onto a directory, so every one of these is a 400 or 404 with a message, and no
// file's content leaks.
import { readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leak } from '../helpers/fuzzRunner.ts';
import { raw, startLive, type LiveServer } from '../helpers/liveServer.ts';
import { buildTempDist, REPO, type BuiltDist } from '../helpers/serverProcess.ts';

let dist: BuiltDist;
let s: LiveServer;
const SECRETS = [readFileSync(join(REPO, 'package.json'), 'utf8').slice(0, 60), 'root:x:0:0', '"version":', '"dumps":['];

beforeAll(async () => {
  dist = await buildTempDist();
  // A symlink in dist/ pointing outside it: not in the manifest, so never served.
  symlinkSync('/etc/passwd', join(dist.dir, 'passwd.ttl'));
  symlinkSync(join(REPO, 'package.json'), join(dist.dir, 'package.json'));
  s = await startLive({ dist: dist.dir });
});
afterAll(async () => {
  await s?.close();
  await dist?.remove();
});

const TARGETS = ['../package.json', '../../package.json', '../../../../../../etc/passwd', 'manifest.json', 'passwd.ttl', 'package.json'];
const spellings = (t: string) => [
  t,
  t.replaceAll('/', '%2f'),
  t.replaceAll('.', '%2e').replaceAll('/', '%2F'),
  t.replaceAll('.', '%252e').replaceAll('/', '%252f'),
  t.replaceAll('/', '\\'),
  t.replaceAll('/', '%5c'),
  t.replaceAll('..', '..%00'),
  `${t}%00.ttl`,
  `.%2f${t}`,
];

describe('no URL reaches a file outside the lists', () => {
  const paths = [
    ...['/dumps/', '/assets/', '/assets/vendor/', '/ontology/', '/id/', '/'].flatMap((prefix) => TARGETS.flatMap((t) => spellings(t).map((x) => `${prefix}${x}`))),
    '/dumps//etc/passwd', '/dumps/%2Fetc%2Fpasswd', '/assets//etc/passwd', '/assets/%2fetc%2fpasswd', '/assets/vendor/%2fetc%2fpasswd',
    '/dumps/asean-kg.ttl%00', '/dumps/asean-kg.ttl/..', '/dumps/asean-kg.ttl/../manifest.json', '/assets/site.css%00.js', '/assets/site.css/../../package.json',
    '/assets/vendor/__proto__', '/assets/vendor/constructor', '/assets/vendor/hasOwnProperty', '/assets/__proto__', '/dumps/__proto__', '/dumps/constructor',
    '/assets/vendor/yasgui.min.js%2f..%2f..%2f..%2fpackage.json', '/assets/vendor/..%2f..%2f..%2f@zazuko%2fyasgui%2fpackage.json',
    '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fpackage.json', '/.well-known/..%2f..%2fpackage.json', '/context.jsonld/../package.json',
  ];
  it(`${paths.length} crafted paths: 400 or 404 with a message, nothing of the files`, async () => {
    for (const path of paths) {
      // A raw request: the path goes out exactly as written (fetch would normalise the dots).
      const r = await raw(s.port, [`GET ${path} HTTP/1.1\r\nHost: x\r\nAccept: text/plain\r\nConnection: close\r\n\r\n`], { deadlineMs: 5_000 });
      expect([400, 404], `${path} → ${r.status}`).toContain(r.status);
      expect(r.body.trim(), path).not.toBe('');
      for (const secret of SECRETS) expect(r.body, `${path} leaks ${secret}`).not.toContain(secret);
      expect(leak(r.body, REPO), path).toBeUndefined();
    }
  });

  it('the listed files are still served (the guard is not simply closed)', async () => {
    for (const path of ['/dumps/asean-kg.ttl', '/dumps/asean-kg.nq.gz', '/assets/site.css', '/assets/vendor/yasgui.min.js']) {
      const r = await fetch(`${s.url}${path}`);
      expect(r.status, path).toBe(200);
      await r.arrayBuffer();
    }
  });
});
