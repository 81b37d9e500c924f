// The SPARQL page's server side, against a real server on 127.0.0.1 over the built data: GET
// /api/examples serves the competency questions as JSON; GET /sparql with a query gives the page
// (query in the editor, not run) only to an Accept that prefers HTML, results to everyone else; the
// page's Content-Security-Policy; the vendor files' allow-list; and the CSP hashes still match the
// style texts of the YASGUI we serve.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import sparqljs from 'sparqljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleCatalog } from '../../src/examples/exampleCatalog.ts';
import { defaultQuery } from '../../src/web/pages/queryPage.ts';
import { CONTENT_SECURITY_POLICY } from '../../src/web/respond.ts';
import { QUERY_PAGE_CSP, YASGUI_INLINE_STYLES } from '../../src/web/query/queryPageCsp.ts';
import { request, startServer, type TestServer } from '../http/helpers.ts';
import { loadQuestions } from '../queries/loadQuestions.ts';
import { buildDist } from './webServer.ts';

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
const ASK = 'ASK { ?s ?p ?o }';

let dist: Awaited<ReturnType<typeof buildDist>>;
let s: TestServer;
beforeAll(async () => {
  dist = await buildDist();
  s = await startServer({ dist: dist.dir });
});
afterAll(async () => {
  await s?.close();
  await dist?.remove();
});

describe('GET /api/examples', () => {
  it('lists every competency question with id, title, description, tags, kind and query, in file order', async () => {
    const r = await request(`${s.url}/api/examples`);
    expect(r.status).toBe(200);
    expect(r.type).toBe('application/json');
    const examples = JSON.parse(r.body) as Array<Record<string, unknown>>;
    const questions = loadQuestions();
    expect(examples.map((e) => e['id'])).toEqual(questions.map((q) => q.id));
    for (const [i, q] of questions.entries()) {
      expect(examples[i]).toEqual({ id: q.id, title: q.title, description: q.description, tags: q.tags, queryType: expect.stringMatching(/^(SELECT|ASK|CONSTRUCT|DESCRIBE)$/), query: q.query });
    }
    expect(examples.find((e) => e['id'] === '26-adsom-wg-meeting-schema-card')?.['queryType']).toBe('CONSTRUCT');
  });
  it('revalidates with its ETag', async () => {
    const first = await request(`${s.url}/api/examples`);
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect((await request(`${s.url}/api/examples`, { headers: { 'If-None-Match': etag } })).status).toBe(304);
  });
  it('answers 406 to an Accept without JSON', async () => {
    const r = await request(`${s.url}/api/examples`, { headers: { Accept: 'text/csv' } });
    expect(r.status).toBe(406);
    expect(r.body).toBe('none of the types in Accept "text/csv" is offered for the example queries. Offered: application/json (format=json)\n');
  });
});

describe('GET /sparql?query= by Accept', () => {
  // Accept → what comes back: the page (text/html) or the query's results.
  it.each([
    [BROWSER, 'text/html'],
    ['text/html', 'text/html'],
    ['text/html, application/sparql-results+json;q=0.9', 'text/html'],
    ['*/*', 'application/sparql-results+json'],
    [undefined, 'application/sparql-results+json'],
    ['application/sparql-results+json, text/html;q=0.5', 'application/sparql-results+json'],
    ['application/sparql-results+xml', 'application/sparql-results+xml'],
  ])('Accept %s → %s', async (accept, type) => {
    const r = await request(`${s.url}/sparql?query=${encodeURIComponent(ASK)}`, { headers: accept === undefined ? {} : { Accept: accept } });
    expect(r.status).toBe(200);
    expect(r.headers.get('vary')).toContain('Accept');
    expect(r.type).toBe(type);
  });
  it('a format parameter, or a POST, always gets results', async () => {
    expect((await request(`${s.url}/sparql?query=${encodeURIComponent(ASK)}&format=json`, { headers: { Accept: BROWSER } })).type).toBe('application/sparql-results+json');
    const post = await request(`${s.url}/sparql`, { method: 'POST', headers: { Accept: BROWSER, 'Content-Type': 'application/x-www-form-urlencoded' }, body: `query=${encodeURIComponent(ASK)}` });
    expect(post.type).not.toBe('text/html');
  });
  it('the page shows the query escaped in the form, and a syntax error is left to the editor', async () => {
    const query = 'SELECT * WHERE { ?s ?p "</textarea><script>alert(1)</script>" ';
    const r = await request(`${s.url}/sparql?query=${encodeURIComponent(query)}`, { headers: { Accept: BROWSER } });
    expect(r.status).toBe(200);
    expect(r.body).toContain('<textarea id="query" name="query" rows="14" spellcheck="false" autocapitalize="off">SELECT * WHERE { ?s ?p &#34;&#60;/textarea&#62;&#60;script&#62;alert(1)&#60;/script&#62;&#34; </textarea>');
    expect(r.body).not.toContain('<script>alert(1)');
  });
  it('a question from the examples is preselected in the example list', async () => {
    const q = exampleCatalog()[0];
    if (!q) throw new Error('no examples');
    const r = await request(`${s.url}/sparql?query=${encodeURIComponent(q.query)}`, { headers: { Accept: BROWSER } });
    expect(r.body).toMatch(new RegExp(`<option value="[^"]*" data-id="${q.id}"[^>]* selected>`));
  });
});

describe('the query page', () => {
  it('is served under its own CSP: the site policy plus only the hashes of YASGUI\'s two style texts', async () => {
    const r = await request(`${s.url}/sparql`, { headers: { Accept: BROWSER } });
    expect(r.headers.get('content-security-policy')).toBe(QUERY_PAGE_CSP);
    expect(QUERY_PAGE_CSP).not.toContain('unsafe');
    const hashes = YASGUI_INLINE_STYLES.map((t) => `'sha256-${createHash('sha256').update(t).digest('base64')}'`);
    expect(QUERY_PAGE_CSP).toBe(CONTENT_SECURITY_POLICY.replace("style-src 'self'", `style-src 'self' ${hashes.join(' ')}`));
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
  });
  it('allows exactly the style texts the YASGUI we serve writes (so an upgrade that changes them fails here)', () => {
    const js = readFileSync(createRequire(import.meta.url).resolve('@zazuko/yasgui/build/yasgui.min.js'), 'utf8');
    const [base, dragCursor] = YASGUI_INLINE_STYLES;
    expect(js).toContain(`r.createStyle(a,\`${base}\`)`);
    expect(dragCursor).toBe('*{cursor:col-resize!important}');
    expect(js).toContain('r.createStyle(document.querySelector(`head`),`*{cursor:`+n.opt.dragCursor+`!important}`)');
    expect(js).toContain('dragCursor:`col-resize`');
    // The third call, for a hover cursor, runs only when that option differs from col-resize.
    expect(js).toContain('hoverCursor:`col-resize`');
    expect(js.match(/createStyle\(/g)).toHaveLength(3);
  });
  it('starts with a query that declares the usual prefixes and parses', () => {
    const q = defaultQuery();
    for (const p of ['akg', 'schema', 'org', 'prov', 'skos', 'rdfs', 'xsd']) expect(q).toMatch(new RegExp(`^PREFIX ${p}: <`, 'm'));
    expect(new sparqljs.Parser().parse(q)).toMatchObject({ queryType: 'SELECT' });
  });
  it('serves YASGUI from node_modules by name only', async () => {
    const js = await request(`${s.url}/assets/vendor/yasgui.min.js`);
    expect(js.status).toBe(200);
    expect(js.type).toBe('text/javascript');
    expect(js.body).not.toContain('sourceMappingURL');
    expect((await request(`${s.url}/assets/vendor/yasgui.min.css`)).type).toBe('text/css');
    for (const name of ['yasgui.esm.js', '..%2Fpackage.json', 'yasgui.min.js.map']) {
      const r = await request(`${s.url}/assets/vendor/${name}`);
      expect(r.status, name).toBe(404);
    }
  });
});
