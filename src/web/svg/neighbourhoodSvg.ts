// The neighbourhood of a resource as an inline SVG, laid out on the server (no JavaScript needed):
// the resource in the middle, each linked resource on a circle around it, one line per link with an
// arrow for its direction and the property's label. Nodes are links, so the picture is navigable by
// keyboard; /assets/graph.js only adds highlighting. Colours come from CSS classes (no inline style).
import { html, type Html } from '../html.ts';
import { KIND_NAMES, kindOf, propertyLabel, type Kind } from '../pages/parts.ts';
import type { View } from '../view.ts';

export interface Link {
  readonly predicate: string;
  /** The other resource. */
  readonly other: string;
  /** 'out': resource → other; 'in': other → resource. */
  readonly direction: 'out' | 'in';
}

interface Node {
  readonly iri: string;
  readonly out: string[];
  readonly in: string[];
}

const W = 760;
const H = 540;
/** Rough advance of one character of a node label (12px system font). */
const CHAR = 6.6;
const CX = W / 2;
const CY = H / 2;
const R = 180;
/** More neighbours than this are summarised, not drawn. */
export const MAX_NODES = 32;
const EDGE_LABELS_UP_TO = 14;

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

const fmt = (n: number) => n.toFixed(1);

export function neighbourhoodSvg(view: View, resource: string, links: readonly Link[]): Html {
  const byIri = new Map<string, Node>();
  for (const l of links) {
    if (l.other === resource) continue;
    const node = byIri.get(l.other) ?? { iri: l.other, out: [], in: [] };
    byIri.set(l.other, node);
    const list = l.direction === 'out' ? node.out : node.in;
    const label = propertyLabel(view, l.predicate);
    if (!list.includes(label)) list.push(label);
  }
  const all = [...byIri.values()].sort((a, b) => (a.out[0] ?? `~${a.in[0] ?? ''}`).localeCompare(b.out[0] ?? `~${b.in[0] ?? ''}`) || view.name(a.iri).localeCompare(view.name(b.iri)));
  const nodes = all.slice(0, MAX_NODES);
  const hidden = all.length - nodes.length;
  const name = view.name(resource);
  const kinds = new Set<Kind>([kindOf(view.model.typesWithAncestors(resource))]);
  const edges: Html[] = [];
  const circles: Html[] = [];
  nodes.forEach((n, i) => {
    const angle = (2 * Math.PI * i) / Math.max(nodes.length, 1) - Math.PI / 2;
    const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
    const x = CX + R * cos;
    const y = CY + R * sin;
    const id = `n${i}`;
    const kind = kindOf(view.model.typesWithAncestors(n.iri));
    kinds.add(kind);
    const other = view.name(n.iri);
    const relation = [...n.out.map((p) => `${name} — ${p} → ${other}`), ...n.in.map((p) => `${other} — ${p} → ${name}`)].join('; ');
    const both = n.out.length > 0 && n.in.length > 0;
    const [x1, y1, x2, y2] = n.out.length > 0 ? [CX + 30 * cos, CY + 30 * sin, x - 12 * cos, y - 12 * sin] : [x - 12 * cos, y - 12 * sin, CX + 30 * cos, CY + 30 * sin];
    const label = [...n.out, ...n.in.map((p) => `${p} (of)`)].join(', ');
    const lx = CX + R * 0.58 * cos;
    const ly = CY + R * 0.58 * sin;
    edges.push(html`<g class="edge" data-node="${id}"><title>${relation}</title><line x1="${fmt(x1)}" y1="${fmt(y1)}" x2="${fmt(x2)}" y2="${fmt(y2)}" marker-end="url(#arrow)"${both ? html` marker-start="url(#arrow-back)"` : ''}/>${nodes.length <= EDGE_LABELS_UP_TO ? html`<text x="${fmt(lx)}" y="${fmt(ly)}" text-anchor="middle">${truncate(label, 28)}</text>` : ''}</g>`);
    const anchor = cos > 0.25 ? 'start' : cos < -0.25 ? 'end' : 'middle';
    const tx = x + (anchor === 'start' ? 14 : anchor === 'end' ? -14 : 0);
    const ty = y + (anchor === 'middle' ? (sin < 0 ? -16 : 24) : 4);
    // As many characters as fit between the label's anchor and the picture's edge.
    const room = anchor === 'start' ? W - tx : anchor === 'end' ? tx : W;
    const chars = Math.max(8, Math.min(30, Math.floor((room - 6) / CHAR)));
    circles.push(html`<a class="node kind-${kind}" data-node="${id}" href="${view.href(n.iri)}"><title>${other} (${relation})</title><circle cx="${fmt(x)}" cy="${fmt(y)}" r="10"/><text x="${fmt(tx)}" y="${fmt(ty)}" text-anchor="${anchor}">${truncate(other, chars)}</text></a>`);
  });
  const centerKind = kindOf(view.model.typesWithAncestors(resource));
  const centerLabel = truncate(name, 34);
  return html`<figure class="neighbourhood">
<svg viewBox="0 0 ${W} ${H}" role="group" aria-labelledby="nb-title" class="graph" data-count="${nodes.length}">
<title id="nb-title">Neighbourhood of ${name}: ${all.length} linked resources${hidden > 0 ? `, the first ${nodes.length} drawn` : ''}</title>
<defs>
<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" class="arrowhead"/></marker>
<marker id="arrow-back" viewBox="0 0 10 10" refX="1" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M10,0 L0,5 L10,10 z" class="arrowhead"/></marker>
</defs>
<g class="edges">${edges}</g>
<g class="center kind-${centerKind}"><circle cx="${CX}" cy="${CY}" r="28"/><rect class="label-bg" x="${fmt(CX - (centerLabel.length * 7.4) / 2 - 4)}" y="${CY + 33}" width="${fmt(centerLabel.length * 7.4 + 8)}" height="19" rx="3"/><text x="${CX}" y="${CY + 47}" text-anchor="middle">${centerLabel}</text></g>
<g class="nodes">${circles}</g>
</svg>
<figcaption>${name} and the ${all.length} resources it links to or is linked from${hidden > 0 ? html` (${hidden} more are listed in the tables but not drawn)` : ''}. Arrows point from subject to object.
<span class="legend">${[...kinds].sort().map((k) => html`<span class="key kind-${k}">${KIND_NAMES[k]}</span> `)}</span></figcaption>
</figure>`;
}
