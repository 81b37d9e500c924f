// The web interface in a real browser (Debian's chromium through playwright-core), against the real
// server (createApp over the repository's data, built into a temporary dist/) on 127.0.0.1: browse
// from the landing page to a meeting, run an example in the SPARQL page, open the ontology, search.
// No page may log a console error, throw, break the Content-Security-Policy or fetch a missing file;
// each passes the accessibility checks of browserPage.ts at desktop and phone width. Screenshots go
// to tests/artifacts/ (gitignored). Skipped, saying why, where chromium is not installed.
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../http/helpers.ts';
import { loadQuestions } from '../queries/loadQuestions.ts';
import { accessibilityProblems, chromiumTool, launch, watchedPage, type WatchedPage } from './browserPage.ts';
import { buildDist } from './webServer.ts';

const LAY_CHENDA = loadQuestions().find((q) => q.id.startsWith('01-'));
const SCHEMA_CARD = loadQuestions().find((q) => q.id.startsWith('26-'));

describe.skipIf(!chromiumTool.available)('the web interface in Debian chromium', () => {
  let dist: Awaited<ReturnType<typeof buildDist>>;
  let server: TestServer;
  let browser: Browser;
  const pages: WatchedPage[] = [];

  beforeAll(async () => {
    dist = await buildDist();
    [server, browser] = await Promise.all([startServer({ dist: dist.dir }), launch()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await dist?.remove();
  });

  async function open(path: string, width = 1280): Promise<WatchedPage> {
    const w = await watchedPage(browser, server.url, width);
    pages.push(w);
    await w.page.goto(`${server.url}${path}`);
    return w;
  }

  /** The page is clean (no console error, CSP violation, exception or missing file) and accessible. */
  async function expectClean(w: WatchedPage, name: string): Promise<void> {
    await w.shot(name);
    expect(w.problems, `${name}: console, CSP, requests`).toEqual([]);
    expect(await accessibilityProblems(w.page), `${name}: accessibility`).toEqual([]);
  }

  it('the landing page leads to a meeting, which shows its chair and its neighbourhood graph', async () => {
    const w = await open('/');
    const { page } = w;
    await expect.poll(() => page.locator('h1').count()).toBe(1);
    await expectClean(w, 'landing');
    await page.locator('a[href="/id/meeting/adsom-wg-2022-04"]').first().click();
    await page.waitForURL(/\/id\/meeting\/adsom-wg-2022-04(\.html)?$/);
    const chair = page.locator('tr', { has: page.locator('th', { hasText: 'chaired by' }) }).locator('td a').first();
    expect(await chair.textContent()).toBe('Lay Chenda');
    const svg = page.locator('figure.neighbourhood svg.graph');
    await expect.poll(() => svg.count()).toBe(1);
    expect(await svg.locator('a.node').count()).toBeGreaterThan(3);
    expect(await svg.getAttribute('aria-labelledby')).toBeTruthy();
    await expectClean(w, 'meeting');
    // The keyboard reaches the skip link first, and focus is drawn.
    await page.keyboard.press('Tab');
    const focused = await page.evaluate('({ text: document.activeElement.textContent, left: document.activeElement.getBoundingClientRect().left })');
    expect(focused).toMatchObject({ text: 'Skip to content', left: 0 });
    await page.keyboard.press('Tab');
    expect(await page.evaluate('getComputedStyle(document.activeElement).outlineStyle')).toBe('solid');
  });

  it('the SPARQL page runs an example query and shows its rows; a CONSTRUCT shows as a graph', async () => {
    if (!LAY_CHENDA || !SCHEMA_CARD) throw new Error('questions 01 and 26 are the examples this test runs');
    const w = await open('/sparql');
    const { page } = w;
    await page.waitForSelector('.yasgui .CodeMirror');
    await page.selectOption('#example', { label: LAY_CHENDA.title });
    await page.click('#example-form button');
    await expect.poll(() => page.locator('#example-about').textContent()).toContain(LAY_CHENDA.description);
    await page.locator('.yasqe_queryButton:visible').click();
    const expectedRows = readFileSync(LAY_CHENDA.expectedFile, 'utf8').trim().split('\n').length - 1;
    const rows = page.locator('.yasr_results tbody tr:visible');
    await expect.poll(() => rows.count()).toBe(expectedRows);
    await expect.poll(() => rows.first().textContent()).toContain('ADSOM');
    await expectClean(w, 'sparql-select');

    await page.selectOption('#example', { label: `${SCHEMA_CARD.title} (CONSTRUCT)` });
    await page.click('#example-form button');
    await page.locator('.yasqe_queryButton:visible').click();
    const graph = page.locator('.q-graph svg.graph:visible');
    await expect.poll(() => graph.count()).toBe(1);
    expect(await graph.locator('.node').count()).toBeGreaterThan(3);
    await expectClean(w, 'sparql-construct-graph');

    // Esc leaves the editor, so that Tab moves on (no keyboard trap).
    await page.locator('.CodeMirror:visible').click();
    await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    expect(await page.evaluate("document.activeElement.tagName + ' ' + document.activeElement.getAttribute('aria-label')")).toBe('BUTTON Share query');
  });

  it('dates show on a timeline, and the download button offers the results', async () => {
    const w = await open('/sparql');
    const { page } = w;
    await page.waitForSelector('.yasgui .CodeMirror');
    await page.locator('.yasqe_queryButton:visible').click();
    await page.locator('.select_timeline:visible').click();
    const items = page.locator('.q-timeline ol.timeline li');
    expect(await items.count()).toBeGreaterThan(2);
    expect(await items.first().locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await page.locator('.select_table:visible').click();
    const download = page.waitForEvent('download');
    await page.locator('.yasr_downloadIcon:visible').click();
    expect((await download).suggestedFilename()).toMatch(/\.csv$/);
    await expectClean(w, 'sparql-timeline');
  });

  it('a "query this" link opens the SPARQL page with its query in the editor, not yet run', async () => {
    const w = await open('/id/meeting/adsom-wg-2022-04');
    const { page } = w;
    const link = page.locator('ul.queries a').first();
    const query = new URL(String(await link.getAttribute('href')), server.url).searchParams.get('query');
    await link.click();
    await page.waitForSelector('.yasgui .CodeMirror');
    const shown = await page.evaluate('window.aseanKgYasgui.getTab().getQuery()');
    expect(shown).toBe(query);
    expect(await page.locator('.yasr_results:visible > *').count()).toBe(0);
    await expectClean(w, 'sparql-query-this');
  });

  it('the ontology page documents the classes, with a class diagram', async () => {
    const w = await open('/ontology');
    const { page } = w;
    await expect.poll(() => page.locator('h1').count()).toBe(1);
    expect(await page.locator('.class-diagram svg').count()).toBe(1);
    expect(await page.locator('[id="Meeting"]').count()).toBe(1);
    await expectClean(w, 'ontology');
  });

  it('searching for "ADSOM" from the header finds the ADSOM bodies and meetings', async () => {
    const w = await open('/');
    const { page } = w;
    await page.fill('#site-search', 'ADSOM');
    await page.press('#site-search', 'Enter');
    await page.waitForURL(/\/search\?q=ADSOM/);
    const hits = page.locator('ol.hits li');
    expect(await hits.count()).toBeGreaterThan(2);
    await expect.poll(() => hits.first().textContent()).toContain('ADSOM');
    await expectClean(w, 'search');
  });

  // Every kind of page, at desktop and at phone width.
  const PAGES: ReadonlyArray<[string, string]> = [
    ['landing', '/'], ['meeting', '/id/meeting/adsom-wg-2022-04'], ['person', '/id/person/lay-chenda'], ['body', '/id/body/adsom-wg'],
    ['source', '/id/source/mond-press-release-2022-04-21'], ['graph', '/graph/ppp-2022-04-article'],
    ['browse', `/browse?class=${encodeURIComponent('https://w3id.org/asean-kg/ontology#Meeting')}`], ['ontology', '/ontology'], ['shapes', '/shapes'],
    ['search', '/search?q=ADSOM'], ['sparql', '/sparql'], ['dumps', '/dumps/'], ['not-found', '/id/meeting/no-such-meeting'],
  ];
  it.concurrent.each(PAGES.flatMap(([name, path]) => [[name, path, 1280], [name, path, 375]] as const))('%s (%s) at %i px: clean and accessible', async (name, path, width) => {
    const w = await open(path, width);
    if (path === '/sparql') await w.page.waitForSelector('.yasgui .CodeMirror');
    // The 404 page answers 404 on purpose.
    if (name === 'not-found') w.problems.splice(0, w.problems.length, ...w.problems.filter((p) => !p.includes('404')));
    await expectClean(w, `page-${name}`);
  });
});
