// Content negotiation as a pure function: an Accept header and the server's offers (in order of
// preference) → the offer to send, or undefined (406). Each offered media type gets the q of the
// most specific range that matches it (exact > type/* > */*), so `text/csv;q=0, */*` refuses CSV.
// The highest q wins; ties go to the more specific match, then to a format's own media type over
// an alias, then to the server's order. The media type sent is the one matched, so the
// Content-Type is always one the client accepts (Accept: text/plain gets N-Triples as text/plain).
// A `format` parameter (a short name or a media type) overrides Accept for people with a browser.

export interface Offer {
  /** Preferred media type first, then aliases it also answers to. */
  readonly mediaTypes: readonly string[];
  /** Short names for the `format` parameter. */
  readonly names: readonly string[];
}

interface Range {
  readonly type: string;
  readonly subtype: string;
  readonly q: number;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;

/** The ranges of an Accept header; malformed ranges are skipped. Undefined when the header is absent or has no valid range. */
export function parseAccept(header: string | undefined): Range[] | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const ranges: Range[] = [];
  for (const part of header.split(',')) {
    const [mediaRange = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const [type = '', subtype = '', extra] = mediaRange.split('/');
    if (extra !== undefined || !TOKEN.test(type) || !TOKEN.test(subtype) || (type === '*' && subtype !== '*')) continue;
    let q = 1;
    let valid = true;
    for (const p of params) {
      const [k, v = ''] = p.split('=').map((s) => s.trim());
      if (k !== 'q') continue;
      if (!/^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(v)) valid = false;
      q = Number(v);
    }
    if (valid) ranges.push({ type, subtype, q });
  }
  return ranges.length > 0 ? ranges : undefined;
}

/** q and specificity (3 exact, 2 type/*, 1 any) of the best-matching range for one media type; undefined if none. */
function match(mediaType: string, ranges: readonly Range[]): { q: number; specificity: number } | undefined {
  const [type, subtype] = mediaType.toLowerCase().split('/');
  let best: { q: number; specificity: number } | undefined;
  for (const r of ranges) {
    const specificity = r.type === type && r.subtype === subtype ? 3 : r.type === type && r.subtype === '*' ? 2 : r.type === '*' ? 1 : 0;
    if (specificity === 0) continue;
    if (!best || specificity > best.specificity) best = { q: r.q, specificity };
  }
  return best;
}

export interface Choice<T extends Offer> {
  readonly offer: T;
  /** The media type to send: the offer's own, or the alias the client asked for by name. */
  readonly mediaType: string;
}

export function negotiate<T extends Offer>(accept: string | undefined, offers: readonly T[]): Choice<T> | undefined {
  const ranges = parseAccept(accept);
  const first = offers[0];
  if (!ranges) return first && { offer: first, mediaType: first.mediaTypes[0] ?? '' };
  let chosen: { offer: T; mediaType: string; rank: readonly number[] } | undefined;
  for (const offer of offers) {
    const matches = offer.mediaTypes.map((mediaType) => ({ mediaType, m: match(mediaType, ranges) }));
    // Refusing one name of a format (q=0 on it exactly) refuses the format.
    if (matches.some(({ m }) => m?.specificity === 3 && m.q === 0)) continue;
    matches.forEach(({ mediaType, m }, i) => {
      if (!m || m.q <= 0) return;
      const rank = [m.q, m.specificity, i === 0 ? 1 : 0];
      if (!chosen || isBetter(rank, chosen.rank)) chosen = { offer, mediaType, rank };
    });
  }
  return chosen && { offer: chosen.offer, mediaType: chosen.mediaType };
}

function isBetter(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return false;
}

/** The offer a `format` parameter names (short name or media type, case-insensitive), or undefined. */
export function byFormatParameter<T extends Offer>(format: string, offers: readonly T[]): T | undefined {
  const wanted = format.trim().toLowerCase();
  return offers.find((o) => o.names.includes(wanted) || o.mediaTypes.some((m) => m === wanted));
}

/** "application/sparql-results+json (json), …" for 406 messages. */
export function describeOffers(offers: readonly Offer[]): string {
  return offers.map((o) => `${o.mediaTypes[0] ?? ''} (format=${o.names[0] ?? ''})`).join(', ');
}

const remembered = new WeakMap<readonly Offer[], Map<string, Choice<Offer> | null>>();
/** Accept headers remembered per list of offers; clients send a handful of distinct ones. */
const REMEMBERED_PER_OFFERS = 256;
const REMEMBERED_MAX_CHARS = 512;

/**
 * negotiate() for a list of offers that lives as long as the process (a module constant): the
 * answer for each Accept header is worked out once. Headers past a length, or past the count, are
 * negotiated afresh each time (a client sending random headers cannot grow the memory).
 */
export function negotiateRemembered<T extends Offer>(accept: string | undefined, offers: readonly T[]): Choice<T> | undefined {
  const key = accept ?? '';
  if (key.length > REMEMBERED_MAX_CHARS) return negotiate(accept, offers);
  let known = remembered.get(offers);
  if (!known) remembered.set(offers, (known = new Map()));
  const hit = known.get(key);
  if (hit !== undefined) return (hit ?? undefined) as Choice<T> | undefined;
  const chosen = negotiate(accept, offers);
  if (known.size < REMEMBERED_PER_OFFERS) known.set(key, chosen ?? null);
  return chosen;
}
