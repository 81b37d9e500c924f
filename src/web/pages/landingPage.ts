// The landing page: what the dataset is and where it comes from, its size, a timeline of the
// meetings (undated ones listed as undated), browsing by class, the dumps with their sizes, the
// dataset description, licence and citation, and the SPARQL endpoint.
import type { Quad } from '@rdfjs/types';
import { akg, dcterms, rdf, voidNs } from '../../vocab.ts';
import { html, join, type Html } from '../html.ts';
import type { Counts, TimelineEntry } from '../siteModel.ts';
import type { View } from '../view.ts';
import { layout } from './layout.ts';
import { formatDate } from './parts.ts';

export interface DumpInfo {
  readonly name: string;
  readonly format: string;
  readonly mediaType: string;
  readonly bytes: number;
  readonly gzipBytes: number | undefined;
}

export interface LandingInput {
  readonly publicUrl: string;
  /** Undefined when the dumps are made on demand (`serve --data`). */
  readonly dumps: readonly DumpInfo[] | undefined;
  readonly version: string;
}

const COUNTS: ReadonlyArray<[keyof Counts, string]> = [
  ['triples', 'triples'], ['meetings', 'meetings'], ['bodies', 'bodies'], ['people', 'people'],
  ['initiatives', 'initiatives (papers and draft declarations)'], ['graphs', 'named graphs'],
];

/** Dated meetings shown on the landing page. */
export const MAX_TIMELINE = 300;

export function humanBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

function dateRange(e: TimelineEntry): string {
  if (!e.start) return '';
  if (!e.end || e.end === e.start) return formatDate(e.start);
  const [a, b] = [formatDate(e.start).split(' '), formatDate(e.end).split(' ')];
  if (a[1] === b[1] && a[2] === b[2]) return `${a[0]}–${b.join(' ')}`;
  return `${formatDate(e.start)} – ${formatDate(e.end)}`;
}

function timelineItem(view: View, e: TimelineEntry): Html {
  const inferred = e.dateGraphs.filter((g) => view.model.graphs.get(g)?.kind === 'inference');
  const notes: Html[] = [];
  if (e.datesFrom) notes.push(html`dates of the group <a href="${view.href(e.datesFrom)}">${view.name(e.datesFrom)}</a>`);
  if (inferred.length > 0) notes.push(html`year inferred (${join(inferred.map((g) => html`<a href="${view.href(g)}">why</a>`), ', ')})`);
  if (e.before.length > 0) notes.push(html`took place before ${join(e.before.map((b) => html`<a href="${view.href(b)}">${view.name(b)}</a>`), ', ')}`);
  const when = e.start ? html`<time datetime="${e.start}">${dateRange(e)}</time>`
    : e.plannedYear ? html`<span class="planned">planned for ${e.plannedYear}</span>`
      : e.scheduled ? html`<span class="planned">planned, no date known</span>` : html`<span class="undated">undated</span>`;
  return html`<li><span class="when">${when}</span> <a href="${view.href(e.iri)}">${view.name(e.iri)}</a>${notes.length > 0 ? html` <span class="note">(${join(notes, '; ')})</span>` : ''}</li>`;
}

function text(quads: readonly Quad[], subject: string, predicate: string): string | undefined {
  return quads.find((q) => q.subject.value === subject && q.predicate.value === predicate)?.object.value;
}

export function landingPage(view: View, input: LandingInput): string {
  const { model } = view;
  const v = model.voidQuads;
  const dataset = v.find((q) => q.predicate.value === rdf('type') && q.object.value === voidNs('Dataset'))?.subject.value;
  const title = (dataset && text(v, dataset, dcterms('title'))) ?? 'Knowledge graph';
  const description = dataset ? text(v, dataset, dcterms('description')) : undefined;
  const citation = dataset ? text(v, dataset, dcterms('bibliographicCitation')) : undefined;
  const creator = dataset ? text(v, dataset, dcterms('creator')) : undefined;
  const sources = dataset ? v.filter((q) => q.subject.value === dataset && q.predicate.value === dcterms('source')).map((q) => q.object.value).sort() : [];
  const allDated = model.timeline.filter((e) => e.start);
  const dated = allDated.slice(0, MAX_TIMELINE);
  const planned = model.timeline.filter((e) => !e.start && (e.plannedYear || e.scheduled));
  const undated = model.timeline.filter((e) => !e.start && !e.plannedYear && !e.scheduled);
  const c = model.counts;
  const classes = [...model.classCounts.entries()].sort((a, b) => view.name(a[0]).localeCompare(view.name(b[0])));
  const ours = classes.filter(([k]) => k.startsWith(akg.iri));
  const others = classes.filter(([k]) => !k.startsWith(akg.iri));
  const classItem = ([k, n]: [string, number]) => html`<li><a href="/browse?${new URLSearchParams({ class: k }).toString()}">${view.name(k)}</a> <span class="count">${n}</span> <code class="curie">${view.curie(k)}</code></li>`;
  const endpoint = `${input.publicUrl}/sparql`;
  const body = html`<section class="intro" aria-labelledby="title-h">
<h1 id="title-h">${title}</h1>
${description ? html`<p class="lead">${description}</p>` : ''}
${sources.length > 0 ? html`<p>Every fact comes from one of these sources, or from an inference or background knowledge that says why it is held: ${join(sources.map((s) => html`<a href="${view.href(s)}">${view.name(s)}</a>`), '; ')}.</p>` : ''}
</section>
<section aria-labelledby="counts-h">
<h2 id="counts-h">In numbers</h2>
<ul class="counts">
${COUNTS.filter(([key]) => key === 'triples' || key === 'graphs' || c[key] > 0).map(([key, label]) => html`<li><span class="n" data-count="${key}">${c[key].toLocaleString('en')}</span> ${label}</li>`)}
</ul>
</section>
${model.timeline.length === 0 ? '' : html`<section id="timeline" aria-labelledby="timeline-h">
<h2 id="timeline-h">Timeline of the meetings</h2>
${dated.length > 0 ? html`<ol class="timeline">${dated.map((e) => timelineItem(view, e))}</ol>` : html`<p>No meeting has a known date.</p>`}
${allDated.length > dated.length ? html`<p class="notice">The first ${dated.length} of ${allDated.length} dated meetings are shown; <a href="/browse?${new URLSearchParams({ class: akg('Meeting') }).toString()}">all meetings</a>.</p>` : ''}
${planned.length > 0 ? html`<h3>Planned</h3><ul class="timeline">${planned.map((e) => timelineItem(view, e))}</ul>` : ''}
${undated.length > 0 ? html`<h3>Undated</h3><p>The sources give no date for these meetings, and none is guessed.</p><ul class="timeline">${undated.map((e) => timelineItem(view, e))}</ul>` : ''}
</section>`}
<section id="browse" aria-labelledby="browse-h">
<h2 id="browse-h">Browse by class</h2>
${ours.length > 0 ? html`<ul class="classes">${ours.map(classItem)}</ul>` : ''}
${others.length > 0 ? html`<details${ours.length === 0 ? html` open` : ''}><summary>Classes of other vocabularies (schema.org, ORG, PROV, SKOS, FOAF, …)</summary><ul class="classes">${others.map(classItem)}</ul></details>` : ''}
<p>Or <a href="/search">search</a> by name, label or acronym.</p>
</section>
<section id="data" aria-labelledby="data-h">
<h2 id="data-h">Get the data</h2>
<p>The SPARQL endpoint is <a href="/sparql"><code>${endpoint}</code></a> (read-only; the default graph is the union of all named graphs). Every IRI of the dataset can be looked up: as HTML in a browser, or as RDF with an <code>Accept</code> header or a suffix such as <code>.ttl</code>.</p>
${input.dumps ? dumpTable(input.dumps) : html`<p>Dumps in every RDF format are made on request: <a href="/dumps/">list of dumps</a>.</p>`}
<p>The dataset is described in VoID and DCAT at <a href="/void">/void</a>${dataset ? html` and at its IRI <a href="${view.href(dataset)}"><code>${dataset}</code></a>` : ''}. JSON-LD answers use the context <a href="/context.jsonld"><code>${model.base}context.jsonld</code></a>. The ontology is documented at <a href="/ontology">/ontology</a>.</p>
<p>Version <code>${input.version}</code>.</p>
</section>
${view.license || citation ? html`<section aria-labelledby="cite-h">
<h2 id="cite-h">Licence and citation</h2>
${view.license ? html`<p>Licence: <a href="${view.license}" rel="license">${view.license}</a>${creator ? html`, by ${creator}` : ''}.</p>` : ''}
${citation ? html`<p>Cite as:</p><blockquote class="citation">${citation}</blockquote>` : ''}
</section>` : ''}`;
  return layout({ title, body, license: view.license, ...(description ? { description } : {}) });
}

function dumpTable(dumps: readonly DumpInfo[]): Html {
  return html`<table class="dumps">
<caption>Dumps of the whole dataset</caption>
<thead><tr><th scope="col">File</th><th scope="col">Format</th><th scope="col">Size</th><th scope="col">Compressed (gzip)</th></tr></thead>
<tbody>${dumps.map((d) => html`<tr><td><a href="/dumps/${d.name}" type="${d.mediaType}">${d.name}</a></td><td>${d.format} <code>${d.mediaType}</code></td><td data-bytes="${d.bytes}">${humanBytes(d.bytes)}</td><td>${d.gzipBytes !== undefined ? html`<a href="/dumps/${d.name}.gz">${humanBytes(d.gzipBytes)}</a>` : '—'}</td></tr>`)}</tbody>
</table>`;
}
