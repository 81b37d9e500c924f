// The ontology and the code agree: every akg: term that data/context.yaml or the build uses is
// declared in the ontology with a label and a comment, and the ontology declares nothing unused
// unless it marks it (owl:deprecated, or akg:reservedForFutureData for terms kept for coming sources).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser } from 'n3';
import { describe, expect, it } from 'vitest';
import { readContext } from '../../src/load/readContext.ts';
import { akg, owl, rdf, rdfs } from '../../src/vocab.ts';
import { REPO } from '../helpers/dataCopy.ts';

const ontology = new Parser().parse(readFileSync(join(REPO, 'ontology/asean-kg.ttl'), 'utf8'));
const src = ['src/rdf/materialise.ts', 'src/load/toQuads.ts', 'src/build/buildGraph.ts', 'src/rdf/checkTerms.ts']
  .map((f) => readFileSync(join(REPO, f), 'utf8')).join('\n');
const declared = new Set(ontology.filter((q) => q.predicate.value === rdf('type') && q.subject.value.startsWith(akg.iri)).map((q) => q.subject.value));

describe('ontology coverage', () => {
  it('declares every akg: term used by context.yaml and by the build code', async () => {
    const context = await readContext(join(REPO, 'data'));
    const used = new Set<string>();
    for (const c of context.classes.values()) for (const i of c.iris) if (i.startsWith(akg.iri)) used.add(i);
    for (const p of context.properties.values()) {
      if (p.iri.startsWith(akg.iri)) used.add(p.iri);
      if (p.datatype?.startsWith(akg.iri)) used.add(p.datatype);
    }
    for (const m of src.matchAll(/akg\('([\w-]+)'\)/g)) used.add(akg(m[1] ?? ''));
    expect([...used].filter((t) => !declared.has(t)).sort()).toEqual([]);
  });

  it('gives every akg: term an English label and comment', () => {
    const has = (s: string, p: string) => ontology.some((q) => q.subject.value === s && q.predicate.value === p && q.object.termType === 'Literal' && (q.object as { language: string }).language === 'en');
    const missing = [...declared].filter((t) => !has(t, rdfs('label')) || !has(t, rdfs('comment')));
    expect(missing).toEqual([]);
  });

  it('declares nothing that neither the data context nor the build uses, unless marked deprecated or reserved', async () => {
    const context = await readContext(join(REPO, 'data'));
    const used = new Set<string>([...context.classes.values()].flatMap((c) => c.iris));
    for (const p of context.properties.values()) {
      used.add(p.iri);
      if (p.datatype) used.add(p.datatype);
    }
    for (const m of src.matchAll(/akg\('([\w-]+)'\)/g)) used.add(akg(m[1] ?? ''));
    // Terms only other ontology axioms use (superclasses, chain results) count as used.
    for (const q of ontology) if (q.object.termType === 'NamedNode' && q.predicate.value !== rdfs('isDefinedBy')) used.add(q.object.value);
    const marked = new Set(ontology.filter((q) => q.predicate.value === owl('deprecated') || q.predicate.value === akg('reservedForFutureData')).map((q) => q.subject.value));
    for (const q of ontology) if (q.predicate.value === owl('propertyChainAxiom')) used.add(q.subject.value);
    const unused = [...declared].filter((t) => !used.has(t) && !marked.has(t));
    expect(unused.sort()).toEqual([]);
  });
});
