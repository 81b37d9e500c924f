// The ontology's documentation, generated from ontology/: the header, a class diagram, then every
// class, property and datatype under an anchor named after its local name, so that a term IRI
// (…/ontology#Meeting) opens at its definition. Each class lists the SHACL constraints that apply to
// its instances; pending schema.org terms are flagged wherever they appear.
import { html, join, type Html } from '../html.ts';
import type { OntologyModel, OntologyTerm, TermKind } from '../ontologyModel.ts';
import type { PropertyRule, Shape } from '../shapesModel.ts';
import { classDiagramSvg } from '../svg/classDiagramSvg.ts';
import { RDF_VARIANTS } from '../variants.ts';
import { SHAPES_PATH, ONTOLOGY_PATH, type View } from '../view.ts';
import { layout } from './layout.ts';
import { downloadLinks } from './parts.ts';

const SECTIONS: ReadonlyArray<[TermKind, string, string]> = [
  ['class', 'classes', 'Classes'],
  ['objectProperty', 'object-properties', 'Object properties'],
  ['datatypeProperty', 'datatype-properties', 'Datatype properties'],
  ['annotationProperty', 'annotation-properties', 'Annotation properties'],
  ['datatype', 'datatypes', 'Datatypes'],
];

/** A link to a term: an anchor on this page for our terms, else the term's own IRI; pending schema.org terms flagged. */
export function termLink(view: View, ontology: OntologyModel, iri: string, page = ''): Html {
  const own = ontology.terms.get(iri);
  const pending = ontology.pending.has(iri) ? html` <span class="pending" title="in schema.org's pending area: usable, but it may still change">pending</span>` : '';
  if (own) return html`<a href="${page}#${own.local}">${own.label}</a>${pending}`;
  return html`<a href="${view.href(iri)}" class="external"><code>${view.curie(iri)}</code></a>${pending}`;
}

function links(view: View, ontology: OntologyModel, iris: readonly string[]): Html {
  return join(iris.map((i) => termLink(view, ontology, i)), ', ');
}

function row(title: string, value: Html | string | undefined | false): Html {
  return value ? html`<dt>${title}</dt><dd>${value}</dd>` : html``;
}

export function ruleHtml(view: View, rule: PropertyRule): Html {
  const parts = rule.constraints.map((c) => html`<span class="constraint"><code>sh:${c.name}</code> ${c.iris.length === 1 && c.value === view.curie(c.iris[0] ?? '') ? html`<a href="${view.href(c.iris[0] ?? '')}"><code>${c.value}</code></a>` : html`<code>${c.value}</code>`}</span>`);
  return html`<li><code class="path">${rule.path}</code>: ${join(parts, '; ')}${rule.messages.map((m) => html`<br><span class="message">${m}</span>`)}</li>`;
}

export function shapeBlock(view: View, shape: Shape, inheritedFrom: string | undefined): Html {
  return html`<div class="shape">
<p><a href="${SHAPES_PATH}#${shape.local}"><code>akgsh:${shape.local}</code></a>${shape.label ? ` (${shape.label})` : ''}${inheritedFrom ? html`, for every ${view.name(inheritedFrom)}` : ''}${shape.comment ? html`: ${shape.comment}` : ''}</p>
${shape.nodeConstraints.length > 0 ? html`<p class="node-constraints">The resource itself: ${join(shape.nodeConstraints.map((c) => html`<code>sh:${c.name} ${c.value}</code>`), '; ')}${shape.messages.map((m) => html`<br><span class="message">${m}</span>`)}</p>` : ''}
${shape.properties.length > 0 ? html`<ul class="rules">${shape.properties.map((r) => ruleHtml(view, r))}</ul>` : ''}
</div>`;
}

function classConstraints(view: View, ontology: OntologyModel, term: OntologyTerm): Html {
  const direct = ontology.shapes.forClass(term.iri).map((s) => shapeBlock(view, s, undefined));
  const inherited = ontology.ancestors(term.iri).flatMap((a) => ontology.shapes.forClass(a).map((s) => shapeBlock(view, s, a)));
  if (direct.length === 0 && inherited.length === 0) return html``;
  return html`<details class="constraints"><summary>SHACL constraints on instances (${direct.length + inherited.length} ${direct.length + inherited.length === 1 ? 'shape' : 'shapes'})</summary>${direct}${inherited}</details>`;
}

function termSection(view: View, ontology: OntologyModel, t: OntologyTerm): Html {
  const isClass = t.kind === 'class';
  const properties = [...ontology.terms.values()].filter((p) => p.kind !== 'class' && p.kind !== 'datatype');
  const withDomain = isClass ? properties.filter((p) => p.domain.includes(t.iri)).map((p) => p.iri) : [];
  const withRange = isClass ? properties.filter((p) => p.range.includes(t.iri)).map((p) => p.iri) : [];
  const instances = view.model.classCounts.get(t.iri);
  const kindRules = isClass ? [] : ontology.shapes.forPredicate(t.iri);
  return html`<section id="${t.local}" class="term">
<h3>${t.label} <code class="curie">akg:${t.local}</code></h3>
<p class="iri">IRI: <code>${t.iri}</code></p>
${t.comment ? html`<p>${t.comment}</p>` : ''}
<dl>
${row(isClass || t.kind === 'datatype' ? 'Subclass of' : 'Sub-property of', t.parents.length > 0 && links(view, ontology, t.parents))}
${row(isClass ? 'Subclasses' : 'Sub-properties', t.children.length > 0 && links(view, ontology, t.children))}
${row('Domain', t.domain.length > 0 && links(view, ontology, t.domain))}
${row('Range', t.range.length > 0 && links(view, ontology, t.range))}
${row('Inverse of', t.inverseOf.length > 0 && links(view, ontology, t.inverseOf))}
${row('Property chain', t.chain.length > 0 && join(t.chain.map((s) => (s.startsWith('^') ? html`inverse of ${termLink(view, ontology, s.slice(1))}` : termLink(view, ontology, s))), ' then '))}
${row('Characteristics', t.characteristics.length > 0 && t.characteristics.join(', '))}
${row('Properties with this domain', withDomain.length > 0 && links(view, ontology, withDomain))}
${row('Properties with this range', withRange.length > 0 && links(view, ontology, withRange))}
${row('See also', t.seeAlso.length > 0 && join(t.seeAlso.map((s) => html`<a href="${s}" class="external">${view.curie(s)}</a>`), ', '))}
${row('Note', t.editorialNote)}
${row('Instances', instances !== undefined && html`<a href="/browse?${new URLSearchParams({ class: t.iri }).toString()}">${instances}</a>`)}
</dl>
${kindRules.length > 0 ? html`<p>Wherever it is used (SHACL):</p><ul class="rules">${kindRules.map((r) => ruleHtml(view, r))}</ul>` : ''}
${isClass ? classConstraints(view, ontology, t) : ''}
</section>`;
}

export function ontologyPage(view: View, ontology: OntologyModel): string {
  const h = ontology.header;
  const title = h.title ?? 'Ontology';
  const pendingUses = [...ontology.pending].sort().map((p) => ({
    iri: p,
    users: [...ontology.terms.values()].filter((t) => t.parents.includes(p) || t.domain.includes(p) || t.range.includes(p)).map((t) => t.iri),
  }));
  const body = html`<article class="ontology">
<header>
<h1>${title}</h1>
${(h.description ?? '').split(/\n\s*\n/).filter((p) => p.trim() !== '').map((p) => html`<p>${p}</p>`)}
<dl class="about">
${row('IRI', html`<code>${ontology.iri}</code>`)}
${row('Version', h.version && html`${h.version}${h.versionIri ? html` (<code>${h.versionIri}</code>)` : ''}`)}
${row('Preferred prefix', h.prefix && html`<code>${h.prefix}:</code> = <code>${h.namespace ?? ''}</code>`)}
${row('Licence', h.license && html`<a href="${h.license}" rel="license">${h.license}</a>`)}
${row('Created', h.created)}
${row('Modified', h.modified)}
${row('Creator', h.creator)}
</dl>
${downloadLinks(ONTOLOGY_PATH, RDF_VARIANTS.filter((x) => !x.format?.quads || x.id === 'jsonld'))}
<p>The SHACL shapes the data is validated against are documented at <a href="${SHAPES_PATH}">${SHAPES_PATH}</a>.</p>
</header>
<nav aria-label="Contents" class="toc"><h2>Contents</h2><ul>
<li><a href="#diagram">Class diagram</a></li>
${SECTIONS.map(([kind, id, name]) => html`<li><a href="#${id}">${name}</a> (${ontology.byKind(kind).length})</li>`)}
<li><a href="#pending">Pending schema.org terms</a> (${ontology.pending.size})</li>
</ul></nav>
<section id="diagram" aria-labelledby="diagram-h"><h2 id="diagram-h">Class diagram</h2>${classDiagramSvg(view, ontology)}</section>
${SECTIONS.map(([kind, id, name]) => html`<section id="${id}" aria-labelledby="${id}-h"><h2 id="${id}-h">${name}</h2>${ontology.byKind(kind).map((t) => termSection(view, ontology, t))}</section>`)}
<section id="pending" aria-labelledby="pending-h">
<h2 id="pending-h">Pending schema.org terms</h2>
<p>These schema.org terms are still in schema.org's pending area: usable and widely understood, but schema.org may still change them. They are listed in the ontology header with <code>akg:usesPendingSchemaOrgTerm</code> and flagged <span class="pending">pending</span> wherever they appear.</p>
<ul>${pendingUses.map((p) => html`<li><a href="${p.iri}" class="external"><code>${view.curie(p.iri)}</code></a>${p.users.length > 0 ? html`: used by ${links(view, ontology, p.users)}` : ''}</li>`)}</ul>
</section>
</article>`;
  return layout({ title, body, license: h.license });
}
