// "Did you mean": for an IRI the dataset does not have, the known IRIs whose path is a few edits
// away (a typo in the slug), then what a search for the words of the slug finds.
import type { SearchHit } from './searchIndex.ts';
import type { SiteModel } from './siteModel.ts';

/** Levenshtein distance, giving up (returning max + 1) once it must exceed `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      cur.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length] ?? max + 1;
}

/** The words of an IRI's last path segment: `/id/person/lay-chenda-x` → "lay chenda x". */
export function slugWords(iri: string): string {
  const last = iri.replace(/[?#].*$/, '').split('/').filter((s) => s !== '').pop() ?? '';
  let decoded = last;
  try {
    decoded = decodeURIComponent(last);
  } catch {
    // keep it encoded
  }
  return decoded.replace(/\.[a-z]+$/i, '').replace(/[-_.+]+/g, ' ').trim();
}

const MAX_CANDIDATES = 20_000;

export function suggestions(model: SiteModel, iri: string, limit = 5): SearchHit[] {
  const wanted = iri.slice(model.base.length).replace(/\.[a-z]+$/i, '');
  const maxEdits = Math.max(2, Math.min(6, Math.floor(wanted.length / 4)));
  const close: SearchHit[] = [];
  for (const known of model.baseIris.slice(0, MAX_CANDIDATES)) {
    const d = editDistance(wanted, known.slice(model.base.length), maxEdits);
    if (d <= maxEdits) close.push({ iri: known, matched: { iri: known, text: model.name(known), source: 'iri', rank: 0 }, score: 100 - d });
  }
  close.sort((a, b) => b.score - a.score || a.iri.localeCompare(b.iri));
  const byWords = model.search.search(slugWords(iri), limit).filter((h) => model.exists(h.iri));
  const out = new Map<string, SearchHit>();
  for (const h of [...close, ...byWords]) if (!out.has(h.iri) && h.iri !== iri) out.set(h.iri, h);
  return [...out.values()].slice(0, limit);
}
