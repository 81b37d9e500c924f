// The frame of every page: one stylesheet and (where a page wants it) one script, both served by
// us; landmarks (banner, navigation, search, main, contentinfo) and a skip link; no inline script,
// style or event handler, so the Content-Security-Policy can forbid them.
import { html, type Html } from '../html.ts';

export interface Alternate {
  readonly href: string;
  readonly type: string;
  readonly title: string;
}

export interface PageOptions {
  readonly title: string;
  readonly body: Html;
  readonly alternates?: readonly Alternate[];
  /** Scripts under /assets/ that enhance the page; it works without them. */
  readonly scripts?: readonly string[];
  /** Stylesheets served by us, after the site's own. */
  readonly stylesheets?: readonly string[];
  /** Prefills the search box in the header. */
  readonly query?: string;
  readonly description?: string;
  /** The data's licence IRI, for the footer. */
  readonly license?: string | undefined;
}

export const SITE_NAME = 'asean-kg';
export const STYLESHEET = '/assets/site.css';

export function layout(o: PageOptions): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title} · ${SITE_NAME}</title>
${o.description ? html`<meta name="description" content="${o.description}">` : ''}
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="${STYLESHEET}">
${(o.stylesheets ?? []).map((s) => html`<link rel="stylesheet" href="${s}">\n`)}${(o.alternates ?? []).map((a) => html`<link rel="alternate" type="${a.type}" href="${a.href}" title="${a.title}">\n`)}
${(o.scripts ?? []).map((s) => html`<script src="${s}" defer></script>\n`)}
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site">
<p class="brand"><a href="/">${SITE_NAME}</a> <span>ASEAN meetings knowledge graph</span></p>
<nav aria-label="Site">
<ul>
<li><a href="/#browse">Browse</a></li>
<li><a href="/#timeline">Timeline</a></li>
<li><a href="/ontology">Ontology</a></li>
<li><a href="/sparql">SPARQL</a></li>
<li><a href="/dumps/">Downloads</a></li>
</ul>
</nav>
<form class="search" role="search" method="get" action="/search">
<label for="site-search" class="visually-hidden">Search names, labels and acronyms</label>
<input id="site-search" type="search" name="q" value="${o.query ?? ''}" placeholder="Search: ADSOM WG, MFAIC, Lay Chenda…" autocomplete="off">
<button type="submit">Search</button>
</form>
</header>
<main id="main" tabindex="-1">
${o.body}
</main>
<footer class="site">
<p>${o.license ? html`Licence: <a href="${o.license}" rel="license">${o.license}</a>. ` : ''}<a href="/void">Dataset description (VoID/DCAT)</a> · <a href="/sparql">SPARQL endpoint</a> · <a href="/dumps/">Dumps</a> · <a href="/ontology">Ontology</a></p>
</footer>
</body>
</html>
`.value;
}
