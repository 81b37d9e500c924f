// The pages: landing-page counts match the graph (counted independently from the dump), the timeline
// lists dated meetings by date and the rest as planned or undated, search is tolerant and answers
// HTML and JSON, user input is never written unescaped, and no page needs inline script or style.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser } from 'n3';
import type { Quad } from '@rdfjs/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { akg, org, rdf, schema } from '../../src/vocab.ts';
import { CONTENT_SECURITY_POLICY } from '../../src/web/respond.ts';
import { termKey } from '../../src/web/terms.ts';
import { follow, get, startWebServer, type WebServer } from './webServer.ts';

let s: WebServer;
let quads: Quad[];
let base: string;

beforeAll(async () => {
  s = await startWebServer();
  base = s.site.model.base;
  quads = new Parser({ format: 'N-Quads' }).parse(readFileSync(join(s.distDir, 'asean-kg.nq'), 'utf8'));
});
afterAll(() => s.close());

const instances = (c: string) => new Set(quads.filter((q) => q.predicate.value === rdf('type') && q.object.value === c).map((q) => q.subject.value)).size;
const count = (page: string, name: string) => Number((new RegExp(`data-count="${name}">([\\d,]+)<`).exec(page)?.[1] ?? 'NaN').replace(/,/g, ''));

interface SearchJson {
  query: string;
  count: number;
  results: Array<{ iri: string; label: string; matched: string; url: string }>;
}

async function searchJson(q: string): Promise<SearchJson> {
  const r = await get(`${s.url}/search?${new URLSearchParams({ q })}`, { Accept: 'application/json' });
  expect(r.status).toBe(200);
  expect(r.type).toBe('application/json');
  return JSON.parse(r.body) as SearchJson;
}

describe('landing page', () => {
  let page: string;
  beforeAll(async () => {
    page = (await get(`${s.url}/`)).body;
  });

  it('shows counts that match the dump', () => {
    const triples = new Set(quads.map((q) => `${q.subject.value} ${q.predicate.value} ${termKey(q.object)}`)).size;
    expect(count(page, 'triples')).toBe(triples);
    expect(count(page, 'meetings')).toBe(instances(akg('Meeting')));
    expect(count(page, 'bodies')).toBe(instances(org('Organization')));
    expect(count(page, 'people')).toBe(instances(akg('Person')));
    expect(count(page, 'initiatives')).toBe(instances(akg('PolicyDocument')));
    expect(count(page, 'graphs')).toBe(new Set(quads.map((q) => q.graph.value)).size);
    expect(count(page, 'meetings')).toBeGreaterThan(0);
  });

  it('has a timeline with every meeting: dated ones with <time>, the rest under planned or undated', () => {
    const timeline = /<section id="timeline"[\s\S]*?<\/section>/.exec(page)?.[0] ?? '';
    const meetings = new Set(quads.filter((q) => q.predicate.value === rdf('type') && q.object.value === akg('Meeting')).map((q) => q.subject.value));
    for (const m of meetings) expect(timeline, m).toContain(`href="${m.slice(base.length - 1)}"`);
    expect(timeline).toMatch(/<time datetime="\d{4}-\d{2}-\d{2}">/);
    const undated = [...meetings].filter((m) => !quads.some((q) => q.subject.value === m && [schema('startDate'), schema('superEvent'), akg('plannedYear'), schema('eventStatus')].includes(q.predicate.value)));
    expect(undated.length).toBeGreaterThan(0);
    const undatedPart = timeline.slice(timeline.indexOf('<h3>Undated</h3>'));
    for (const m of undated) expect(undatedPart, m).toContain(`href="${m.slice(base.length - 1)}"`);
  });

  it('lists each dump with its format and size, links the VoID, the context, the endpoint, licence and citation', () => {
    const manifest = JSON.parse(readFileSync(join(s.distDir, 'manifest.json'), 'utf8')) as { dumps: Array<{ name: string; bytes: number; mediaType: string }> };
    for (const d of manifest.dumps) {
      expect(page).toContain(`href="/dumps/${d.name}"`);
      expect(page).toContain(`data-bytes="${d.bytes}"`);
      expect(page).toContain(d.mediaType);
    }
    for (const href of ['/void', '/sparql', '/context.jsonld', '/ontology', 'https://creativecommons.org/licenses/by/4.0/']) expect(page).toContain(`href="${href}"`);
    expect(page).toContain('<blockquote class="citation">');
  });

  it('links every class that has instances to its list, and the list names them', async () => {
    expect(page).toContain(`href="/browse?${new URLSearchParams({ class: akg('Person') })}"`);
    const list = await get(`${s.url}/browse?${new URLSearchParams({ class: akg('Person') })}`);
    expect(list.status).toBe(200);
    expect(list.body).toContain('>Lay Chenda</a>');
    expect((await get(`${s.url}/browse?${new URLSearchParams({ class: 'http://example.org/Nothing' })}`)).status).toBe(404);
  });

  it('sends RDF clients to the dataset description', async () => {
    const r = await get(`${s.url}/`, { Accept: 'text/turtle' });
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toBe('/void?format=turtle');
  });
});

describe('ontology page', () => {
  it('lists under each akg: property the SHACL checks that hold wherever it is used, with their messages', async () => {
    const page = (await get(`${s.url}/ontology`, { Accept: 'text/html' })).body;
    const shapes = new Parser({ format: 'Turtle' }).parse(readFileSync(join('ontology', 'shapes.ttl'), 'utf8'));
    const SH = 'http://www.w3.org/ns/shacl#';
    const of = (subject: string, p: string) => shapes.filter((q) => q.subject.value === subject && q.predicate.value === SH + p).map((q) => q.object.value);
    // The kind checks are the properties of the node shape that targets the subjects of each of their paths.
    const kinds = shapes.filter((q) => q.predicate.value === SH + 'targetSubjectsOf').flatMap((t) => of(t.subject.value, 'property')
      .filter((k) => of(k, 'path').includes(t.object.value)).map((k) => ({ path: t.object.value, message: of(k, 'message')[0] ?? '' })));
    const ours = kinds.filter((k) => k.path.startsWith(akg('')));
    expect(ours.length).toBeGreaterThanOrEqual(5);
    for (const { path, message } of ours) {
      const section = new RegExp(`<section id="${path.slice(akg('').length)}" class="term">[\\s\\S]*?</section>`).exec(page)?.[0] ?? '';
      expect(section, path).toContain('Wherever it is used (SHACL):');
      expect(section, path).toContain(message.replace(/"/g, '&quot;'));
    }
  });
});

describe('search', () => {
  it.each([
    ['adsom wg', 'id/body/adsom-wg'],
    ['ADSOM WG', 'id/body/adsom-wg'],
    ['ADSOM-WG', 'id/body/adsom-wg'],
    ['MFAIC', 'id/body/mfaic'],
    ['mfaic', 'id/body/mfaic'],
    ['Eat Sophea', 'id/person/eat-sophea'],
    ['eat  SOPHEA', 'id/person/eat-sophea'],
    ['Éat Sophéa', 'id/person/eat-sophea'],
    ['Lay Chenda', 'id/person/lay-chenda'],
  ])('%s finds %s first (JSON)', async (q, path) => {
    const r = await searchJson(q);
    expect(r.results[0]?.iri).toBe(`${base}${path}`);
    expect(r.results[0]?.url).toBe(`${s.url}/${path}`);
  });

  it('treats ’ and \' alike', async () => {
    const curly = await searchJson('Ministers’ Meeting');
    const straight = await searchJson("Ministers' Meeting");
    expect(curly.count).toBeGreaterThan(0);
    expect(curly.results.map((h) => h.iri)).toEqual(straight.results.map((h) => h.iri));
    expect(curly.results[0]?.label).toBe("ASEAN Defence Ministers' Meeting");
  });

  it('answers HTML for browsers, with the query kept in the search box', async () => {
    const r = await get(`${s.url}/search?q=adsom+wg`, { Accept: 'text/html' });
    expect(r.status).toBe(200);
    expect(r.body).toContain('value="adsom wg"');
    expect(r.body).toContain('href="/id/body/adsom-wg"');
    expect(r.body).toMatch(/<p role="status">\d+ results? for “adsom wg”\.<\/p>/);
  });
});

describe('no unescaped user input, no inline script or style', () => {
  const EVIL = `<script>alert(1)</script>"'><img src=x onerror=alert(2)>`;

  it('escapes a hostile search in the page, the search box and the JSON', async () => {
    const r = await get(`${s.url}/search?${new URLSearchParams({ q: EVIL })}`, { Accept: 'text/html' });
    expect(r.status).toBe(200);
    expect(r.body).not.toContain('<script>alert(1)');
    expect(r.body).not.toContain('<img src=x');
    expect(r.body).toContain('&#60;script&#62;alert(1)&#60;/script&#62;&#34;&#39;&#62;&#60;img src=x onerror=alert(2)&#62;');
    const json = await searchJson(EVIL);
    expect(json.query).toBe(EVIL);
  });

  it('escapes a hostile path in the not-found page', async () => {
    const r = await get(`${s.url}/id/${encodeURIComponent(EVIL)}`, { Accept: 'text/html' });
    expect(r.status).toBe(404);
    expect(r.body).not.toContain('<script>alert(1)');
    expect(r.body).not.toContain('<img src=x');
  });

  it('answers hostile IRIs and classes without a server error', async () => {
    for (const iri of [EVIL, 'http://x/> } ; DROP ALL #', 'http://x/"\n{']) {
      const r = await get(`${s.url}/resource?${new URLSearchParams({ iri })}`);
      expect(r.status, iri).toBeLessThan(500);
      if (r.type === 'text/html') expect(r.body).not.toContain('<script>alert(1)');
      else expect([r.type, r.headers.get('x-content-type-options')]).toEqual(['text/plain', 'nosniff']);
      const b = await get(`${s.url}/browse?${new URLSearchParams({ class: iri })}`);
      expect(b.status).toBe(404);
    }
  });

  it('sends the Content-Security-Policy, and no page has inline script, style or event handlers', async () => {
    const pages = ['/', '/search?q=adsom', '/id/person/lay-chenda.html', '/id/meeting/adsom-wg-2022-04.html', '/graph/ppp-2022-04-article', '/ontology', '/shapes',
      `/browse?${new URLSearchParams({ class: akg('Meeting') })}`, '/id/nothing'];
    for (const p of pages) {
      const r = await get(`${s.url}${p}`, { Accept: 'text/html' });
      expect(r.type, p).toBe('text/html');
      expect(r.headers.get('content-security-policy'), p).toBe(CONTENT_SECURITY_POLICY);
      expect(r.headers.get('x-content-type-options'), p).toBe('nosniff');
      expect(r.body, p).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      expect(r.body, p).not.toMatch(/\son[a-z]+\s*=/i);
      expect(r.body, p).not.toMatch(/\sstyle\s*=|<style/i);
      expect(r.body, p).not.toMatch(/https?:\/\/(cdn|fonts)\./);
    }
  });
});

describe('accessible structure', () => {
  it('has landmarks, one h1, a language, a skip link and labelled search on every page', async () => {
    for (const p of ['/', '/id/person/lay-chenda.html', '/ontology', '/search?q=x']) {
      const r = await get(`${s.url}${p}`);
      expect(r.body).toContain('<html lang="en">');
      expect(r.body).toContain('<main id="main"');
      expect(r.body).toMatch(/<nav aria-label="Site">/);
      expect(r.body).toContain('role="search"');
      expect(r.body).toContain('<label for="site-search"');
      expect(r.body).toContain('<a class="skip" href="#main">');
      expect(r.body.match(/<h1[\s>]/g)?.length, p).toBe(1);
      expect(r.body).toContain('<meta name="viewport"');
    }
  });

  it('draws the neighbourhood as SVG with a title, links for nodes and a caption', async () => {
    const r = await follow(`${s.url}/id/meeting/adsom-wg-2022-04`, { Accept: 'text/html' });
    const svg = /<figure class="neighbourhood">[\s\S]*?<\/figure>/.exec(r.body)?.[0] ?? '';
    expect(svg).toContain('<title id="nb-title">Neighbourhood of ');
    expect(svg).toContain('href="/id/person/lay-chenda"');
    expect(svg).toContain('<figcaption>');
    expect(r.body).toContain('<script src="/assets/graph.js" defer></script>');
    const js = await get(`${s.url}/assets/graph.js`);
    expect(js.type).toBe('text/javascript');
    const css = await get(`${s.url}/assets/site.css`);
    expect(css.type).toBe('text/css');
    expect((await get(`${s.url}/assets/site.css`, { 'If-None-Match': css.headers.get('etag') ?? '' })).status).toBe(304);
    expect((await get(`${s.url}/assets/..%2Fhtml.ts`)).status).toBe(404);
  });

  it('shows provenance per fact: the source, and for inferred facts the reason', async () => {
    const r = await follow(`${s.url}/id/meeting/adsom-wg-meetings-2022-04`, { Accept: 'text/html' });
    expect(r.body).toMatch(/class="src src-source"/);
    expect(r.body).toMatch(/class="src src-inference"[^>]*>inferred \[\d+\]/);
    expect(r.body).toMatch(/class="src src-background"[^>]*>background \[\d+\]/);
    expect(r.body).toContain('<span class="why">Why:</span>');
    expect(r.body).toContain('/sparql?query=');
  });
});
