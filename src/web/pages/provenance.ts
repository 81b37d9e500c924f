// Which named graph states each fact, shown as numbered references ([1], [2]) next to the facts and
// a list of sources under them: the source document or provenance record each graph was derived
// from, what kind it is, and for inferences and background knowledge the reason (akg:reason).
// Facts that only the build's entailment graph holds are explained by the ontology axiom behind them.
import type { Quad } from '@rdfjs/types';
import { rdf } from '../../vocab.ts';
import { html, type Html } from '../html.ts';
import type { GraphKind, GraphRecord } from '../siteModel.ts';
import { tripleKey } from '../terms.ts';
import type { View } from '../view.ts';
import { propertyLabel } from './parts.ts';

export const KIND_TITLES: Readonly<Record<GraphKind, string>> = {
  source: 'stated in a source', inference: 'inferred by the curators', background: 'background knowledge',
  entailments: 'entailed by the ontology', meta: 'description of the named graphs', ontology: 'the ontology', void: 'the dataset description', other: 'named graph',
};

/** One fact (triple) with every graph that states it. */
export interface Fact {
  readonly quad: Quad;
  readonly graphs: readonly string[];
}

/** Groups quads by triple; graph "" is the default graph. */
export function facts(quads: readonly Quad[]): Fact[] {
  const byKey = new Map<string, { quad: Quad; graphs: string[] }>();
  for (const q of quads) {
    const key = tripleKey(q);
    const f = byKey.get(key) ?? { quad: q, graphs: [] };
    if (!f.graphs.includes(q.graph.value)) f.graphs.push(q.graph.value);
    byKey.set(key, f);
  }
  return [...byKey.values()];
}

export function isEntailedOnly(view: View, f: Fact): boolean {
  return f.graphs.length > 0 && f.graphs.every((g) => view.model.graphs.get(g)?.kind === 'entailments');
}

/** Numbers the graphs in the order facts cite them. */
export class References {
  private readonly numbers = new Map<string, number>();

  constructor(private readonly view: View) {}

  cite(graphs: readonly string[]): Html {
    const cited = graphs.filter((g) => this.view.model.graphs.get(g)?.kind !== 'entailments');
    if (cited.length === 0) return graphs.length === 0 || graphs.every((g) => g === '') ? html`<span class="src">default graph</span>` : html``;
    return html`${cited.map((g) => {
      if (g === '') return html`<span class="src">default graph</span>`;
      let n = this.numbers.get(g);
      if (n === undefined) this.numbers.set(g, (n = this.numbers.size + 1));
      const record = this.view.model.graphs.get(g);
      const kind = record?.kind ?? 'other';
      const title = `${KIND_TITLES[kind]}: ${record?.record ? this.view.name(record.record) : g}`;
      return html`<a class="src src-${kind}" href="#source-${n}" title="${title}">${kind === 'inference' ? 'inferred ' : kind === 'background' ? 'background ' : ''}[${n}]</a> `;
    })}`;
  }

  get size(): number {
    return this.numbers.size;
  }

  /** The numbered list of sources cited so far. */
  list(): Html {
    const items = [...this.numbers.entries()].sort((a, b) => a[1] - b[1]);
    if (items.length === 0) return html``;
    return html`<ol class="sources">${items.map(([g, n]) => sourceItem(this.view, g, n, this.view.model.graphs.get(g)))}</ol>`;
  }
}

function sourceItem(view: View, g: string, n: number, record: GraphRecord | undefined): Html {
  const kind = record?.kind ?? 'other';
  return html`<li id="source-${n}" class="src-${kind}"><strong>${KIND_TITLES[kind]}</strong>:
${record?.record ? html`<a href="${view.href(record.record)}">${view.name(record.record)}</a>` : html`<a href="${view.href(g)}">${view.name(g)}</a>`}
${record?.reason ? html`<p class="reason"><span class="why">Why:</span> ${record.reason}</p>` : ''}
<p class="graph">Named graph <a href="${view.href(g)}"><code>${g}</code></a>${record ? ` (${record.triples} statements)` : ''}</p></li>`;
}

/** Why the build entailed a fact: the stated fact and the ontology axiom it follows from. */
export function explainEntailment(view: View, entailed: Quad, stated: readonly Quad[]): string {
  const ontology = view.ontology;
  const p = entailed.predicate.value;
  if (!ontology) return 'entailed by the ontology';
  if (p === rdf('type')) {
    const from = stated.find((q) => q.predicate.value === rdf('type') && q.subject.equals(entailed.subject) && ontology.ancestors(q.object.value).includes(entailed.object.value));
    return from ? `it is a ${view.name(from.object.value)}, and every ${view.name(from.object.value)} is a ${view.curie(entailed.object.value)}` : 'entailed from its classes by the ontology';
  }
  const from = stated.find((q) => q.subject.equals(entailed.subject) && q.object.equals(entailed.object) && ontology.ancestors(q.predicate.value).includes(p));
  if (from) return `from “${propertyLabel(view, from.predicate.value)}”, a sub-property of ${view.curie(p)}`;
  const inverse = stated.find((q) => q.subject.equals(entailed.object) && q.object.equals(entailed.subject) && q.predicate.value !== p);
  if (inverse) return `the inverse of “${propertyLabel(view, inverse.predicate.value)}”, which is stated`;
  const term = ontology.terms.get(p);
  if (term && term.chain.length > 0) return `by the property chain of ${term.label} (${term.chain.map((s) => (s.startsWith('^') ? `inverse of ${view.curie(s.slice(1))}` : view.curie(s))).join(' then ')})`;
  return 'entailed by the ontology';
}
