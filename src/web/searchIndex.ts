// An in-memory search over the names, labels and acronyms of the graph, built once at start-up.
// Matching is tolerant of case, diacritics, punctuation and apostrophe styles: "adsom-wg",
// "ADSOM WG" and "ADSOMWG" find the same body; "Minister’s" and "Minister's" are the same word;
// "Éat Sophéa" finds "Eat Sophea". User text never reaches a SPARQL query: it is only compared here.

export interface SearchEntry {
  readonly iri: string;
  /** The text as written in the graph. */
  readonly text: string;
  /** Which property it came from, e.g. schema:name (display only). */
  readonly source: string;
  /** 0 for a primary name or label, 1 for an alternative name or label. */
  readonly rank: 0 | 1;
}

export interface SearchHit {
  readonly iri: string;
  /** The entry that matched best. */
  readonly matched: SearchEntry;
  readonly score: number;
}

interface Indexed {
  readonly entry: SearchEntry;
  readonly words: readonly string[];
  readonly joined: string;
  readonly compact: string;
}

const APOSTROPHES = /['’‘ʼʻ`´′]/g;

/** Lower case, no diacritics, no apostrophes, other punctuation as spaces, words split on spaces. */
export function normalise(input: string): string[] {
  return input
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(APOSTROPHES, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter((w) => w !== '');
}

export class SearchIndex {
  private readonly items: Indexed[] = [];

  constructor(entries: Iterable<SearchEntry>) {
    for (const entry of entries) {
      const words = normalise(entry.text);
      if (words.length === 0) continue;
      this.items.push({ entry, words, joined: words.join(' '), compact: words.join('') });
    }
  }

  get size(): number {
    return this.items.length;
  }

  /** Best hits first, one per resource. */
  search(query: string, limit = 50): SearchHit[] {
    const words = normalise(query);
    if (words.length === 0) return [];
    const joined = words.join(' ');
    const compact = words.join('');
    const best = new Map<string, SearchHit>();
    for (const item of this.items) {
      const score = scoreOf(item, words, joined, compact);
      if (score <= 0) continue;
      const ranked = score - item.entry.rank * 5;
      const prev = best.get(item.entry.iri);
      if (!prev || ranked > prev.score || (ranked === prev.score && item.entry.text.length < prev.matched.text.length)) {
        best.set(item.entry.iri, { iri: item.entry.iri, matched: item.entry, score: ranked });
      }
    }
    return [...best.values()]
      .sort((a, b) => b.score - a.score || a.matched.text.length - b.matched.text.length || a.matched.text.localeCompare(b.matched.text) || a.iri.localeCompare(b.iri))
      .slice(0, limit);
  }
}

/** 0 when the entry does not match; higher is better. */
function scoreOf(item: Indexed, words: readonly string[], joined: string, compact: string): number {
  if (item.joined === joined) return 100;
  if (item.compact === compact) return 95;
  if (item.joined.startsWith(`${joined} `)) return 80;
  if (words.every((w) => item.words.some((iw) => iw.startsWith(w)))) {
    const exactWords = words.filter((w) => item.words.includes(w)).length;
    return 50 + Math.round((20 * exactWords) / words.length) - Math.min(10, item.words.length - words.length);
  }
  if (compact.length >= 3 && item.compact.includes(compact)) return 30;
  return 0;
}
