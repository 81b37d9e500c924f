// The ontology's class hierarchy as an SVG tree drawn on the server: one row per class, indented
// under its parent in this ontology, with its alignments to other vocabularies written beside it.
// Each class links to its anchor in the documentation. Pending schema.org terms are marked.
import { html, type Html } from '../html.ts';
import type { OntologyModel, OntologyTerm } from '../ontologyModel.ts';
import type { View } from '../view.ts';

const ROW = 30;
const INDENT = 26;
const LEFT = 12;
const MIN_WIDTH = 640;
/** Rough advance of a character at the diagram's font size, to size the picture. */
const CHAR = 7.2;

interface Row {
  readonly term: OntologyTerm;
  readonly depth: number;
  /** Row index of the parent, or -1. */
  readonly parent: number;
  /** Other parents in this ontology (drawn once, named here). */
  readonly alsoUnder: readonly string[];
}

function rows(ontology: OntologyModel): Row[] {
  const classes = ontology.byKind('class');
  const own = new Set(classes.map((c) => c.iri));
  const out: Row[] = [];
  const placed = new Set<string>();
  const place = (term: OntologyTerm, depth: number, parent: number) => {
    if (placed.has(term.iri)) return;
    placed.add(term.iri);
    const ownParents = term.parents.filter((p) => own.has(p));
    const index = out.length;
    out.push({ term, depth, parent, alsoUnder: ownParents.filter((p) => p !== out[parent]?.term.iri) });
    for (const child of classes.filter((c) => c.parents.includes(term.iri)).sort((a, b) => a.label.localeCompare(b.label))) place(child, depth + 1, index);
  };
  for (const root of classes.filter((c) => !c.parents.some((p) => own.has(p))).sort((a, b) => a.label.localeCompare(b.label))) place(root, 0, -1);
  return out;
}

export function classDiagramSvg(view: View, ontology: OntologyModel): Html {
  const list = rows(ontology);
  const height = list.length * ROW + 16;
  const lines: Html[] = [];
  const nodes: Html[] = [];
  let width = MIN_WIDTH;
  list.forEach((r, i) => {
    const x = LEFT + r.depth * INDENT;
    const y = 12 + i * ROW;
    if (r.parent >= 0) {
      const px = LEFT + (list[r.parent]?.depth ?? 0) * INDENT + 8;
      const py = 12 + r.parent * ROW + 20;
      lines.push(html`<path d="M${px},${py} V${y + 10} H${x}"/>`);
    }
    const external = r.term.parents.filter((p) => !ontology.terms.has(p));
    const aligned = external.map((p) => `${view.curie(p)}${ontology.pending.has(p) ? ' (pending)' : ''}`).join(', ');
    const also = r.alsoUnder.map((p) => view.name(p)).join(', ');
    const labelWidth = Math.max(60, r.term.local.length * 8 + 16);
    const note = `${aligned ? `⊑ ${aligned}` : ''}${also ? `${aligned ? '; ' : ''}also under ${also}` : ''}`;
    width = Math.max(width, Math.ceil(x + labelWidth + 16 + note.length * CHAR));
    nodes.push(html`<a href="#${r.term.local}" class="class-node"><title>${r.term.label}${aligned ? ` — subclass of ${aligned}` : ''}</title><rect x="${x}" y="${y}" width="${labelWidth}" height="22" rx="4"/><text x="${x + 8}" y="${y + 15}">${r.term.local}</text>${note ? html`<text class="aligned" x="${x + labelWidth + 8}" y="${y + 15}">${note}</text>` : ''}</a>`);
  });
  return html`<figure class="class-diagram">
<svg viewBox="0 0 ${width} ${height}" role="group" aria-labelledby="cd-title">
<title id="cd-title">Class hierarchy of the ontology: ${list.length} classes</title>
<g class="tree-lines">${lines}</g>
<g>${nodes}</g>
</svg>
<figcaption>Class hierarchy: each class sits under its superclass in this ontology; “⊑” names its superclasses in schema.org, ORG, PROV, SKOS and FOAF. Select a class to read its definition.</figcaption>
</figure>`;
}
