// Security headers on every answer — pages, data, errors — and a Content-Security-Policy the web
// interface works under: no inline script, style or event handler in any page we write, no
// 'unsafe-inline' or 'unsafe-eval', and every script, stylesheet and image a page names is ours and
// is served. (The browser tests in tests/web run the pages in Chromium under this policy and fail
// on any console error, CSP violations included.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLive, type LiveServer } from '../helpers/liveServer.ts';
import { buildTempDist, type BuiltDist } from '../helpers/serverProcess.ts';

let dist: BuiltDist;
let s: LiveServer;
beforeAll(async () => {
  dist = await buildTempDist();
  s = await startLive({ dist: dist.dir });
});
afterAll(async () => {
  await s?.close();
  await dist?.remove();
});

const HTML = { Accept: 'text/html' };
const REQUESTS: Array<[string, string, RequestInit]> = [
  ['landing page', '/', { headers: HTML }],
  ['search page', '/search?q=ADSOM', { headers: HTML }],
  ['search JSON', '/search?q=ADSOM&format=json', {}],
  ['entity page', '/id/person/lay-chenda.html', {}],
  ['entity Turtle', '/id/person/lay-chenda.ttl', {}],
  ['303 to a document', '/id/person/lay-chenda', { redirect: 'manual' }],
  ['ontology page', '/ontology', { headers: HTML }],
  ['shapes page', '/shapes', { headers: HTML }],
  ['SPARQL page', '/sparql', { headers: HTML }],
  ['SPARQL results', `/sparql?query=${encodeURIComponent('ASK {}')}`, {}],
  ['service description', '/sparql', { headers: { Accept: 'text/turtle' } }],
  ['dumps listing', '/dumps/', { headers: HTML }],
  ['a dump', '/dumps/asean-kg.ttl', {}],
  ['VoID', '/void', {}],
  ['health', '/health', {}],
  ['ready', '/ready', {}],
  ['stylesheet', '/assets/site.css', {}],
  ['400', `/sparql?query=${encodeURIComponent('SELECT')}`, {}],
  ['403', `/sparql?query=${encodeURIComponent('CLEAR ALL')}`, {}],
  ['404', '/nothing-here', {}],
  ['404 page', '/id/person/nobody', { headers: HTML }],
  ['405', '/sparql', { method: 'PUT' }],
  ['406', '/void', { headers: { Accept: 'image/png' } }],
  ['415', '/sparql', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'ASK {}' }],
];

describe('every answer carries the security headers', () => {
  it.each(REQUESTS)('%s', async (_name, path, init) => {
    const r = await fetch(`${s.url}${path}`, init);
    await r.arrayBuffer();
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    const csp = r.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(r.headers.get('x-frame-options')).toBe('DENY');
    expect(r.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(r.headers.get('x-powered-by')).toBeNull();
    // Public, read-only data: any origin may read it, never with credentials.
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    expect(r.headers.get('access-control-allow-credentials')).toBeNull();
  });
});

describe('the pages work under their policy', () => {
  const PAGES = REQUESTS.filter(([name]) => /page|listing|landing/.test(name));
  it.each(PAGES)('%s: no inline script, style or handler; only our own resources', async (_name, path, init) => {
    const r = await fetch(`${s.url}${path}`, init);
    const html = await r.text();
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = r.headers.get('content-security-policy') ?? '';
    expect(csp).not.toMatch(/'unsafe-inline'|'unsafe-eval'|\*/);
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
    expect(html).not.toMatch(/<style[\s>]/i);
    expect(html).not.toMatch(/\sstyle\s*=/i);
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/javascript:/i);
    const resources = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*\shref|img[^>]*\ssrc)="([^"]+)"/gi)].map((m) => m[1] ?? '')
      .filter((u) => !/^(https?:)?\/\//.test(u) || u.startsWith(s.url));
    const foreign = [...html.matchAll(/<(?:script[^>]*\ssrc|img[^>]*\ssrc)="((?:https?:)?\/\/[^"]+)"/gi)].map((m) => m[1]);
    expect(foreign).toEqual([]);
    for (const u of resources.filter((x) => /\.(js|css|svg|png|ico)(\?|$)/.test(x))) {
      const res = await fetch(new URL(u, `${s.url}${path}`));
      expect(res.status, u).toBe(200);
      expect(res.headers.get('x-content-type-options'), u).toBe('nosniff');
      await res.arrayBuffer();
    }
  });
});
