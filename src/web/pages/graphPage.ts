// The page of a named graph: what it is (the source or provenance record it was derived from, and
// why it is held), and its statements grouped by subject.
import type { Quad } from '@rdfjs/types';
import { rdf } from '../../vocab.ts';
import type { Description } from '../describe.ts';
import { html } from '../html.ts';
import { RDF_VARIANTS } from '../variants.ts';
import type { View } from '../view.ts';
import { layout } from './layout.ts';
import { downloadLinks, propertyCell, queryLinks, termHtml } from './parts.ts';
import { KIND_TITLES } from './provenance.ts';

const BUILD_TEXT: Readonly<Record<string, string>> = {
  entailments: 'Statements the build materialised from the ontology: the superclasses and super-properties of stated facts (so that schema.org, ORG, PROV, SKOS and FOAF queries find the data) and the results of property chains.',
  meta: 'The build\'s description of the named graphs: each is typed akg:FactGraph and linked with prov:wasDerivedFrom to the source document or provenance record it holds the facts of.',
  void: 'The VoID and DCAT description of the dataset written by the build: title, licence, distributions (dumps), partitions by class and property, and the Wikidata linksets.',
  ontology: 'The asean-kg ontology itself, loaded as a named graph so that SPARQL queries can read labels, comments and alignments.',
};

export interface GraphPageInput {
  readonly description: Description;
  readonly documentPath: string | undefined;
  readonly maxContents: number;
  readonly queries: ReadonlyArray<{ readonly title: string; readonly query: string }>;
}

export function graphPage(view: View, input: GraphPageInput): string {
  const d = input.description;
  const record = view.model.graphs.get(d.iri);
  const kind = record?.kind ?? 'other';
  const title = record?.record ? `Facts from: ${view.name(record.record)}` : `Named graph ${view.name(d.iri)}`;
  const bySubject = new Map<string, Quad[]>();
  for (const q of d.contents) bySubject.set(q.subject.value, [...(bySubject.get(q.subject.value) ?? []), q]);
  const subjects = [...bySubject.keys()].sort((a, b) => view.name(a).localeCompare(view.name(b)) || a.localeCompare(b));
  const body = html`<article class="graph-page">
<header>
<h1>${title}</h1>
<p class="types"><span class="type">named graph</span> <span class="type src-${kind}">${KIND_TITLES[kind]}</span></p>
<p class="iri">IRI: <code>${d.iri}</code></p>
</header>
<section aria-labelledby="about-h">
<h2 id="about-h">About this graph</h2>
<dl class="about">
${record?.record ? html`<dt>Derived from</dt><dd><a href="${view.href(record.record)}">${view.name(record.record)}</a></dd>` : ''}
${record?.reason ? html`<dt>Why these facts are held</dt><dd>${record.reason}</dd>` : ''}
${BUILD_TEXT[kind] ? html`<dt>What it holds</dt><dd>${BUILD_TEXT[kind]}</dd>` : ''}
<dt>Statements</dt><dd>${record?.triples ?? d.contents.length}</dd>
</dl>
</section>
<section aria-labelledby="contents-h">
<h2 id="contents-h">Statements in this graph</h2>
${d.contents.length >= input.maxContents || d.truncated ? html`<p class="notice">Only the first ${input.maxContents} statements are shown; the dumps and the SPARQL endpoint have them all.</p>` : ''}
${subjects.length === 0 ? html`<p>This graph holds no statements.</p>` : subjects.map((s) => html`<section class="subject">
<h3>${(bySubject.get(s)?.[0]?.subject.termType ?? '') === 'BlankNode' ? 'anonymous node' : html`<a href="${view.href(s)}">${view.name(s)}</a>`}</h3>
<table class="facts"><tbody>${(bySubject.get(s) ?? []).sort((a, b) => (a.predicate.value === rdf('type') ? -1 : 0) - (b.predicate.value === rdf('type') ? -1 : 0) || a.predicate.value.localeCompare(b.predicate.value)).map((q) => html`<tr><th scope="row">${propertyCell(view, q.predicate.value)}</th><td>${termHtml(view, q.object)}</td></tr>`)}</tbody></table>
</section>`)}
</section>
<section aria-labelledby="query-h">
<h2 id="query-h">Query this</h2>
${queryLinks(input.queries)}
${input.documentPath ? downloadLinks(input.documentPath, RDF_VARIANTS) : ''}
</section>
</article>`;
  return layout({ title, body, license: view.license });
}
