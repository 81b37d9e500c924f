// Test helper for the browser tests: Debian's chromium driven by playwright-core, pages that record
// every console error, uncaught exception, Content-Security-Policy violation and failed request of
// this server, screenshots under tests/artifacts/, and the accessibility checks run on each page.
import { mkdirSync, readFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { announceSkip, tool } from '../helpers/externalTool.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const chromiumTool = tool(CHROMIUM, ['--version'], 'chromium');
announceSkip('browser tests (tests/web/browser*.test.ts)', chromiumTool);

/** A browser-side script (plain JavaScript: the tests are type-checked without the DOM library). */
const CHECKS = readFileSync(new URL('./browserChecks.js', import.meta.url), 'utf8');

export const ARTIFACTS = new URL('../artifacts/', import.meta.url).pathname;

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export interface WatchedPage {
  readonly page: Page;
  /** Console errors and warnings, uncaught exceptions, CSP violations, 4xx/5xx of our own URLs. */
  readonly problems: string[];
  shot(name: string): Promise<void>;
}

export async function watchedPage(browser: Browser, origin: string, width = 1280): Promise<WatchedPage> {
  const page = await browser.newPage({ viewport: { width, height: width < 600 ? 800 : 900 } });
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400 && r.url().startsWith(origin)) problems.push(`HTTP ${r.status()} ${r.url()}`);
  });
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  await page.addInitScript({
    content: "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));",
  });
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    page, problems,
    // The whole page, unless it is very long (the ontology): then the first screenful.
    shot: async (name) => {
      const height = Number(await page.evaluate('document.documentElement.scrollHeight'));
      await page.screenshot({ path: `${ARTIFACTS}${name}-${width}.png`, fullPage: height <= 6000 });
    },
  };
}

/**
 * Accessibility checks on the page as rendered (browserChecks.js): landmarks, one h1 and no skipped
 * heading level, names for images, SVG pictures, links, buttons and form fields, text contrast
 * (WCAG AA), and no sideways scrolling. Returns what is wrong, one line each.
 */
export function accessibilityProblems(page: Page): Promise<string[]> {
  return page.evaluate(CHECKS) as Promise<string[]>;
}
