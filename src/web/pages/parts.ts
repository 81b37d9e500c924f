// Pieces shared by the pages: a term as HTML (link, literal with language, date), a property's human
// label, the "download as" links, "query this" links and the kind of a resource (for colours).
import type { Literal, Term } from '@rdfjs/types';
import { akg, org, schema, skos, xsd } from '../../vocab.ts';
import { html, join, type Html } from '../html.ts';
import { localName } from '../terms.ts';
import type { Variant } from '../variants.ts';
import type { View } from '../view.ts';

/** "startDate" → "start date"; "ISO3166-1-alpha-2" stays as it is. */
export function humanise(local: string): string {
  return local.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase();
}

/** A property's label: the ontology's rdfs:label, else its local name in words. */
export function propertyLabel(view: View, predicate: string): string {
  return view.ontology?.terms.get(predicate)?.label ?? view.model.label(predicate) ?? humanise(localName(predicate));
}

/** The property as a link to its documentation, with its CURIE for the curious. */
export function propertyCell(view: View, predicate: string): Html {
  const href = view.localPath(predicate) ?? predicate;
  return html`<a href="${href}">${propertyLabel(view, predicate)}</a> <code class="curie">${view.curie(predicate)}</code>`;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "2022-04-20" → "20 April 2022"; anything else as it is. */
export function formatDate(value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return value;
  return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1] ?? m[2]} ${m[1]}`;
}

export function literalHtml(view: View, l: Literal): Html {
  if (l.language) return html`<span lang="${l.language}">${l.value}</span>`;
  const dt = l.datatype.value;
  if (dt === xsd('date')) return html`<time datetime="${l.value}">${formatDate(l.value)}</time>`;
  if (dt === xsd('string')) return html`${l.value}`;
  if (dt === xsd('gYear') || dt === xsd('integer')) return html`${l.value}`;
  return html`${l.value} <code class="curie">${view.curie(dt)}</code>`;
}

/** A value: an IRI as a link with its label (external links marked), a blank node, or a literal. */
export function termHtml(view: View, t: Term): Html {
  if (t.termType === 'Literal') return literalHtml(view, t);
  if (t.termType === 'BlankNode') return html`<span class="blank">[anonymous node]</span>`;
  if (t.termType !== 'NamedNode') return html`${t.value}`;
  const href = view.href(t.value);
  const external = href === t.value;
  const name = view.name(t.value);
  return external
    ? html`<a class="external" href="${href}" rel="external" title="${t.value}">${name}</a>`
    : html`<a href="${href}">${name}</a>`;
}

/** Links to every representation of a document at `path` (suffix URLs). */
export function downloadLinks(path: string, variants: readonly Variant[]): Html {
  return html`<p class="formats">This description as ${join(variants.map((x) => html`<a href="${path}.${x.extension}" type="${x.mediaTypes[0] ?? ''}">${x.title}</a>`), ', ')}.</p>`;
}

/** "query this" links: each opens the SPARQL page with the query filled in. */
export function queryLinks(items: ReadonlyArray<{ readonly title: string; readonly query: string }>): Html {
  return html`<ul class="queries">${items.map((q) => html`<li><a href="${`/sparql?${new URLSearchParams({ query: q.query }).toString()}`}">${q.title}</a><pre><code>${q.query}</code></pre></li>`)}</ul>`;
}

export type Kind = 'person' | 'event' | 'body' | 'country' | 'document' | 'concept' | 'source' | 'other';

export const KIND_CLASSES: ReadonlyArray<[string, Kind]> = [
  [akg('Person'), 'person'], [akg('Country'), 'country'], [akg('Meeting'), 'event'], [akg('MeetingGroup'), 'event'], [schema('Event'), 'event'],
  [akg('SourceDocument'), 'source'], [akg('Quotation'), 'source'], [akg('ReportedStatement'), 'source'],
  [akg('PolicyDocument'), 'document'], [akg('Decision'), 'document'], [org('Organization'), 'body'], [org('Post'), 'body'], [skos('Concept'), 'concept'],
];

export function kindOf(types: readonly string[]): Kind {
  return KIND_CLASSES.find(([c]) => types.includes(c))?.[1] ?? 'other';
}

export const KIND_NAMES: Readonly<Record<Kind, string>> = {
  person: 'person', event: 'meeting or event', body: 'body or post', country: 'country', document: 'paper or decision',
  concept: 'theme or topic', source: 'source or statement', other: 'other',
};
