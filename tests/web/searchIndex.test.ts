// Search tolerance, on a small index: case, punctuation, apostrophe styles, diacritics, acronyms
// written with or without spaces and hyphens; primary names rank above alternative names.
import { describe, expect, it } from 'vitest';
import { normalise, SearchIndex, type SearchEntry } from '../../src/web/searchIndex.ts';

const entry = (iri: string, text: string, rank: 0 | 1 = 0): SearchEntry => ({ iri, text, source: 'test', rank });

const index = new SearchIndex([
  entry('adsom-wg', "ASEAN Defence Senior Officials' Meeting Working Group"),
  entry('adsom-wg', 'ADSOM WG', 1),
  entry('adsom-plus-wg', 'ADSOM-Plus WG', 1),
  entry('eat-sophea', 'Eat Sophea'),
  entry('statement', 'The Minister’s statement on peacekeeping'),
  entry('hanoi', 'Hà Nội'),
  entry('mfaic', 'Ministry of Foreign Affairs and International Cooperation'),
  entry('mfaic', 'MFAIC', 1),
]);

const top = (q: string) => index.search(q)[0]?.iri;

describe('normalise', () => {
  it.each([
    ['ADSOM-WG', ['adsom', 'wg']],
    ['  adsom   wg ', ['adsom', 'wg']],
    ['Minister’s', ['ministers']],
    ["Minister's", ['ministers']],
    ['Ministerʼs', ['ministers']],
    ['Hà Nội', ['ha', 'noi']],
    ['Éat Sophéa', ['eat', 'sophea']],
    ['<script>alert(1)</script>', ['script', 'alert', '1', 'script']],
    ['"; DROP', ['drop']],
    ['', []],
  ])('%s → %j', (input, words) => {
    expect(normalise(input)).toEqual(words);
  });
});

describe('search', () => {
  it.each([
    ['adsom wg', 'adsom-wg'],
    ['ADSOM WG', 'adsom-wg'],
    ['ADSOM-WG', 'adsom-wg'],
    ['adsomwg', 'adsom-wg'],
    ['Eat Sophea', 'eat-sophea'],
    ['eat sophea', 'eat-sophea'],
    ['Éat Sophéa', 'eat-sophea'],
    ['sophea', 'eat-sophea'],
    ['Minister’s statement', 'statement'],
    ["Minister's statement", 'statement'],
    ['ha noi', 'hanoi'],
    ['HÀ NỘI', 'hanoi'],
    ['MFAIC', 'mfaic'],
    ['mfaic', 'mfaic'],
    ['adsom plus', 'adsom-plus-wg'],
  ])('%s finds %s first', (q, iri) => {
    expect(top(q)).toBe(iri);
  });

  it('gives one hit per resource, with the entry that matched best', () => {
    const hits = index.search('adsom');
    expect(hits.map((h) => h.iri).sort()).toEqual(['adsom-plus-wg', 'adsom-wg']);
    expect(hits.find((h) => h.iri === 'adsom-wg')?.matched.text).toBe('ADSOM WG');
  });

  it('finds nothing for blank or unrelated text, and for markup', () => {
    expect(index.search('')).toEqual([]);
    expect(index.search('  ,.; ')).toEqual([]);
    expect(index.search('zebra')).toEqual([]);
    expect(index.search('<script>alert(1)</script>')).toEqual([]);
  });
});
