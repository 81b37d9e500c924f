// Search results, the list of a class's instances, and the "not found" page with its suggestions.
// The query a user typed is only ever written escaped (the html template) and never reaches SPARQL.
import { html, type Html } from '../html.ts';
import type { SearchHit } from '../searchIndex.ts';
import type { View } from '../view.ts';
import { layout } from './layout.ts';
import { kindOf } from './parts.ts';

function typeNames(view: View, iri: string): string {
  const akgTypes = view.model.types(iri).filter((t) => view.ontology?.terms.has(t));
  const shown = akgTypes.length > 0 ? akgTypes : view.model.types(iri).slice(0, 2);
  return shown.map((t) => view.name(t)).sort().join(', ');
}

export function hitList(view: View, hits: readonly SearchHit[]): Html {
  return html`<ol class="hits">${hits.map((h) => {
    const name = view.name(h.iri);
    const types = typeNames(view, h.iri);
    return html`<li class="kind-${kindOf(view.model.typesWithAncestors(h.iri))}"><a href="${view.href(h.iri)}">${name}</a>${types ? html` <span class="types">${types}</span>` : ''}${h.matched.text !== name ? html` <span class="matched">matched “${h.matched.text}”</span>` : ''}</li>`;
  })}</ol>`;
}

export function searchPage(view: View, query: string, hits: readonly SearchHit[]): string {
  const body = html`<h1>Search</h1>
<form class="search-big" role="search" method="get" action="/search">
<label for="q">Names, labels and acronyms</label>
<input id="q" type="search" name="q" value="${query}">
<button type="submit">Search</button>
</form>
${query.trim() === '' ? html`<p>Type a name (“Lay Chenda”), an acronym (“ADSOM WG”, “MFAIC”) or a word (“peacekeepers”). Case, accents, punctuation and apostrophe styles do not matter.</p>`
    : hits.length === 0 ? html`<p role="status">Nothing matches “${query}”.</p>`
      : html`<p role="status">${hits.length} ${hits.length === 1 ? 'result' : 'results'} for “${query}”.</p>${hitList(view, hits)}`}
<p><a href="/search?${new URLSearchParams({ q: query, format: 'json' }).toString()}">These results as JSON</a>.</p>`;
  return layout({ title: query ? `Search: ${query}` : 'Search', body, query, license: view.license });
}

/** Instances listed on a class's page. */
export const MAX_LISTED = 2000;

/** `first`: up to MAX_LISTED instances (by IRI); `total`: how many there are. */
export function browsePage(view: View, classIri: string, first: readonly string[], total: number): string {
  const name = view.name(classIri);
  const instances = [...first].sort((a, b) => view.name(a).localeCompare(view.name(b)) || a.localeCompare(b));
  const body = html`<h1>${name}</h1>
<p>${total} ${total === 1 ? 'resource is' : 'resources are'} of class <a href="${view.href(classIri)}"><code>${view.curie(classIri)}</code></a>${view.ontology?.terms.get(classIri)?.comment ? html`: ${view.ontology.terms.get(classIri)?.comment}` : '.'}</p>
${total > instances.length ? html`<p class="notice">${instances.length} of them are listed, by name; the SPARQL endpoint has them all.</p>` : ''}
<ul class="instances">${instances.map((i) => html`<li class="kind-${kindOf(view.model.typesWithAncestors(i))}"><a href="${view.href(i)}">${view.name(i)}</a></li>`)}</ul>`;
  return layout({ title: name, body, license: view.license });
}

export function notFoundPage(view: View, iri: string, suggestions: readonly SearchHit[], words: string): string {
  const body = html`<h1>Not found</h1>
<p>This dataset has no resource <code>${iri}</code>.</p>
${suggestions.length > 0 ? html`<h2>Did you mean</h2>${hitList(view, suggestions)}` : ''}
<form class="search-big" role="search" method="get" action="/search">
<label for="q">Search names, labels and acronyms</label>
<input id="q" type="search" name="q" value="${words}">
<button type="submit">Search</button>
</form>
<p>Or start from the <a href="/">home page</a>, which lists every class.</p>`;
  return layout({ title: 'Not found', body, license: view.license });
}
