// The page of one resource: its name and types, every statement about it with a human label and
// the source that states it, the statements that point to it, the facts the ontology entails (with
// why), external links, a picture of its neighbourhood, "query this" links and its other formats.
import type { Quad } from '@rdfjs/types';
import { dcterms, foaf, owl, rdf, rdfs, schema, skos } from '../../vocab.ts';
import type { Description } from '../describe.ts';
import { html, type Html } from '../html.ts';
import { neighbourhoodSvg, type Link } from '../svg/neighbourhoodSvg.ts';
import { RDF_VARIANTS, type Variant } from '../variants.ts';
import type { View } from '../view.ts';
import { layout, type Alternate } from './layout.ts';
import { downloadLinks, propertyCell, propertyLabel, queryLinks, termHtml } from './parts.ts';
import { explainEntailment, facts, isEntailedOnly, References, type Fact } from './provenance.ts';

export interface EntityPageInput {
  readonly description: Description;
  /** Path of the resource's documents without suffix (`/id/person/x`); undefined when it has none. */
  readonly documentPath: string | undefined;
  readonly queries: ReadonlyArray<{ readonly title: string; readonly query: string }>;
  readonly variants?: readonly Variant[];
}

/** Properties shown first, in this order. */
const FIRST = [schema('name'), schema('alternateName'), skos('prefLabel'), skos('altLabel'), rdfs('label'), dcterms('title'), schema('description')];
/** Properties whose IRI values are links to other sites. */
const EXTERNAL = [owl('sameAs'), foaf('homepage'), foaf('isPrimaryTopicOf'), skos('exactMatch'), skos('closeMatch'), rdfs('seeAlso'), schema('url'), schema('sameAs')];

function byPredicate(list: readonly Fact[]): Map<string, Fact[]> {
  const out = new Map<string, Fact[]>();
  for (const f of list) {
    const p = f.quad.predicate.value;
    out.set(p, [...(out.get(p) ?? []), f]);
  }
  return out;
}

function orderPredicates(view: View, predicates: Iterable<string>): string[] {
  const rank = (p: string) => (FIRST.includes(p) ? FIRST.indexOf(p) : FIRST.length);
  return [...predicates].sort((a, b) => rank(a) - rank(b) || propertyLabel(view, a).localeCompare(propertyLabel(view, b)));
}

export function entityPage(view: View, input: EntityPageInput): string {
  const d = input.description;
  const name = view.name(d.iri);
  const refs = new References(view);
  const out = facts(d.outgoing);
  const inc = facts(d.incoming);
  const statedOut = out.filter((f) => !isEntailedOnly(view, f));
  const statedIn = inc.filter((f) => !isEntailedOnly(view, f));
  const entailed = [...out, ...inc].filter((f) => isEntailedOnly(view, f));
  const types = statedOut.filter((f) => f.quad.predicate.value === rdf('type'));
  const lead = statedOut.find((f) => f.quad.predicate.value === schema('description') || f.quad.predicate.value === rdfs('comment'));
  const properties = byPredicate(statedOut.filter((f) => f.quad.predicate.value !== rdf('type')));
  const external = statedOut.filter((f) => EXTERNAL.includes(f.quad.predicate.value) && f.quad.object.termType === 'NamedNode');
  const links: Link[] = [
    ...statedOut.filter((f) => f.quad.object.termType === 'NamedNode' && f.quad.predicate.value !== rdf('type') && !EXTERNAL.includes(f.quad.predicate.value))
      .map((f): Link => ({ predicate: f.quad.predicate.value, other: f.quad.object.value, direction: 'out' })),
    ...statedIn.filter((f) => f.quad.subject.termType === 'NamedNode').map((f): Link => ({ predicate: f.quad.predicate.value, other: f.quad.subject.value, direction: 'in' })),
  ];
  const variants = input.variants ?? RDF_VARIANTS;
  const alternates: Alternate[] = input.documentPath
    ? variants.map((x) => ({ href: `${input.documentPath}.${x.extension}`, type: x.mediaTypes[0] ?? '', title: x.title }))
    : [];
  const body = html`<article class="entity">
<header>
<h1>${name}</h1>
<p class="types">${types.length > 0 ? types.map((f) => html`<a class="type" href="${view.href(f.quad.object.value)}">${view.name(f.quad.object.value)}</a> `) : html`<span class="type">resource</span>`}</p>
<p class="iri">IRI: <code>${d.iri}</code></p>
${lead ? html`<p class="lead">${termHtml(view, lead.quad.object)}</p>` : ''}
</header>
${d.truncated ? html`<p class="notice">This resource has more statements than one page shows; the lists below are cut. Use the SPARQL endpoint for all of them.</p>` : ''}
<section aria-labelledby="facts-h">
<h2 id="facts-h">Statements</h2>
${properties.size === 0 ? html`<p>No statements have this resource as their subject.</p>` : factsTable(view, properties, refs, d.nested)}
</section>
${statedIn.length > 0 ? html`<section aria-labelledby="incoming-h">
<h2 id="incoming-h">Linked from</h2>
${incomingTable(view, statedIn, refs)}
</section>` : ''}
${external.length > 0 ? html`<section aria-labelledby="external-h">
<h2 id="external-h">Elsewhere on the web</h2>
<ul class="external">${external.map((f) => html`<li>${propertyLabel(view, f.quad.predicate.value)}: <a href="${f.quad.object.value}" rel="external">${f.quad.object.value}</a> ${refs.cite(f.graphs)}</li>`)}</ul>
</section>` : ''}
${links.length > 0 ? html`<section aria-labelledby="graph-h">
<h2 id="graph-h">Neighbourhood</h2>
${neighbourhoodSvg(view, d.iri, links)}
</section>` : ''}
${entailed.length > 0 ? html`<section aria-labelledby="entailed-h">
<h2 id="entailed-h">Entailed by the ontology</h2>
<details><summary>${entailed.length} statements the build added from the ontology's subclass, sub-property and property-chain axioms, so that schema.org and ORG queries find this resource</summary>
<ul class="entailed">${entailed.map((f) => html`<li>${statement(view, d.iri, f.quad)} <span class="why">(${explainEntailment(view, f.quad, [...d.outgoing, ...d.incoming].filter((q) => !isEntailedOnly(view, { quad: q, graphs: [q.graph.value] })))})</span></li>`)}</ul>
</details>
</section>` : ''}
<section aria-labelledby="sources-h">
<h2 id="sources-h">Sources</h2>
${refs.size > 0 ? html`<p>Every statement above is marked with the named graph that states it.</p>${refs.list()}` : html`<p>No source is cited for the statements on this page.</p>`}
</section>
<section aria-labelledby="query-h">
<h2 id="query-h">Query this</h2>
${queryLinks(input.queries)}
${input.documentPath ? downloadLinks(input.documentPath, variants) : ''}
</section>
</article>`;
  return layout({ title: name, body, alternates, scripts: links.length > 0 ? ['/assets/graph.js'] : [], license: view.license });
}

function factsTable(view: View, properties: ReadonlyMap<string, Fact[]>, refs: References, nested: readonly Quad[]): Html {
  return html`<table class="facts">
<thead><tr><th scope="col">Property</th><th scope="col">Value</th></tr></thead>
<tbody>
${orderPredicates(view, properties.keys()).map((p) => html`<tr><th scope="row">${propertyCell(view, p)}</th><td><ul>${(properties.get(p) ?? []).map((f) => html`<li>${termHtml(view, f.quad.object)}${f.quad.object.termType === 'BlankNode' ? blankDetails(view, nested.filter((q) => q.subject.equals(f.quad.object))) : ''} ${refs.cite(f.graphs)}</li>`)}</ul></td></tr>`)}
</tbody>
</table>`;
}

function blankDetails(view: View, quads: readonly Quad[]): Html {
  if (quads.length === 0) return html``;
  return html`<ul class="nested">${quads.map((q) => html`<li>${propertyLabel(view, q.predicate.value)}: ${termHtml(view, q.object)}</li>`)}</ul>`;
}

/** Rows of the "linked from" table; a hub's other links are one query away. */
export const MAX_INCOMING_ROWS = 500;

function incomingTable(view: View, list: readonly Fact[], refs: References): Html {
  const all = [...list].sort((a, b) => propertyLabel(view, a.quad.predicate.value).localeCompare(propertyLabel(view, b.quad.predicate.value)) || view.name(a.quad.subject.value).localeCompare(view.name(b.quad.subject.value)));
  const sorted = all.slice(0, MAX_INCOMING_ROWS);
  return html`${all.length > sorted.length ? html`<p class="notice">${all.length} resources link here; the first ${sorted.length} are listed. “Everything that points to it” under <a href="#query-h">Query this</a> lists them all.</p>` : ''}<table class="facts incoming">
<thead><tr><th scope="col">Resource</th><th scope="col">Property (pointing here)</th><th scope="col">Source</th></tr></thead>
<tbody>
${sorted.map((f) => html`<tr><td>${termHtml(view, f.quad.subject)}</td><td>${propertyCell(view, f.quad.predicate.value)}</td><td>${refs.cite(f.graphs)}</td></tr>`)}
</tbody>
</table>`;
}

function statement(view: View, resource: string, q: Quad): Html {
  const side = (t: Quad['subject'] | Quad['object']) => (t.value === resource ? html`<em>this</em>` : termHtml(view, t));
  return html`${side(q.subject)} — ${propertyCell(view, q.predicate.value)} → ${side(q.object)}`;
}
