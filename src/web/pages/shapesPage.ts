// The SHACL shapes' documentation: every node shape under an anchor named after its local name (so a
// shape IRI …/shapes#MeetingShape opens at it), with its targets and constraints.
import { html } from '../html.ts';
import type { OntologyModel } from '../ontologyModel.ts';
import { RDF_VARIANTS } from '../variants.ts';
import { ONTOLOGY_PATH, SHAPES_PATH, type View } from '../view.ts';
import { layout } from './layout.ts';
import { termLink, shapeBlock } from './ontologyPage.ts';
import { downloadLinks } from './parts.ts';

export function shapesPage(view: View, ontology: OntologyModel): string {
  const shapes = ontology.shapes.shapes.filter((s) => s.iri !== undefined);
  const body = html`<article class="ontology">
<h1>SHACL shapes</h1>
<p>The constraints every record of the dataset meets: the build validates the data (with the ontology's entailments) against these shapes and refuses to write dumps that break them. ${shapes.length} node shapes. The classes they constrain are documented in the <a href="/ontology">ontology</a>.</p>
${ontology.shapes.iri ? html`<p class="iri">IRI: <code>${ontology.shapes.iri}</code></p>` : ''}
${downloadLinks(SHAPES_PATH, RDF_VARIANTS.filter((x) => !x.format?.quads || x.id === 'jsonld'))}
${shapes.map((s) => html`<section id="${s.local}" class="term">
<h2>${s.label ?? s.local} <code class="curie">akgsh:${s.local}</code></h2>
<dl>
${s.targetClasses.length > 0 ? html`<dt>Applies to instances of</dt><dd>${s.targetClasses.map((c) => html`${termLink(view, ontology, c, ONTOLOGY_PATH)} `)}</dd>` : ''}
${s.targetSubjectsOf.length > 0 ? html`<dt>Applies wherever these are used</dt><dd>${s.targetSubjectsOf.map((c) => html`${termLink(view, ontology, c, ONTOLOGY_PATH)} `)}</dd>` : ''}
${s.targetObjectsOf.length > 0 ? html`<dt>Applies to the values of</dt><dd>${s.targetObjectsOf.map((c) => html`${termLink(view, ontology, c, ONTOLOGY_PATH)} `)}</dd>` : ''}
</dl>
${shapeBlock(view, s, undefined)}
</section>`)}
</article>`;
  return layout({ title: 'SHACL shapes', body, license: ontology.header.license });
}
