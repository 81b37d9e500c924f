// The representations a resource can be served in, and the choice between them: by file suffix
// (`.ttl`), by a `format` parameter, or by the Accept header (src/http/negotiate.ts, q-values and
// wildcards), in that order. HTML comes first so that `*/*` and browsers get a page.
import { notAcceptable } from '../errors.ts';
import { byFormatParameter, describeOffers, negotiate, type Offer } from '../http/negotiate.ts';
import { RDF_FORMATS, type RdfFormat } from '../rdf/formats.ts';

export interface Variant extends Offer {
  readonly id: 'html' | RdfFormat['id'];
  readonly extension: string;
  readonly format: RdfFormat | undefined;
  /** Human name for links ("Turtle"). */
  readonly title: string;
}

const TITLES: Readonly<Record<RdfFormat['id'], string>> = {
  turtle: 'Turtle', jsonld: 'JSON-LD', ntriples: 'N-Triples', rdfxml: 'RDF/XML', trig: 'TriG (with provenance)', nquads: 'N-Quads (with provenance)',
};
const ORDER: readonly RdfFormat['id'][] = ['turtle', 'jsonld', 'ntriples', 'rdfxml', 'trig', 'nquads'];

export const HTML_VARIANT: Variant = {
  id: 'html', mediaTypes: ['text/html', 'application/xhtml+xml'], names: ['html'], extension: 'html', format: undefined, title: 'HTML',
};

/** HTML, then every RDF format; JSON-LD also answers `application/json`. */
export const VARIANTS: readonly Variant[] = [
  HTML_VARIANT,
  ...ORDER.map((id): Variant => {
    const f = RDF_FORMATS.find((x) => x.id === id) as RdfFormat;
    const mediaTypes = id === 'jsonld' ? [...f.mediaTypes, 'application/json'] : f.mediaTypes;
    return { id, mediaTypes, names: f.names, extension: f.extension, format: f, title: TITLES[id] };
  }),
];

export const RDF_VARIANTS: readonly Variant[] = VARIANTS.filter((x) => x.id !== 'html');

/** Splits `/id/person/x.ttl` into the path without the suffix and its variant, if the suffix is one of ours. */
export function splitSuffix(path: string): { path: string; variant: Variant } | undefined {
  const dot = path.lastIndexOf('.');
  if (dot <= path.lastIndexOf('/')) return undefined;
  const ext = path.slice(dot + 1).toLowerCase();
  const variant = VARIANTS.find((x) => x.extension === ext);
  return variant ? { path: path.slice(0, dot), variant } : undefined;
}

/** The variant a `format` parameter or the Accept header asks for; throws 406 listing what is offered. */
export function chooseVariant<T extends Offer>(accept: string | undefined, format: string | undefined, offers: readonly T[], what: string): T {
  if (format !== undefined) {
    const chosen = byFormatParameter(format, offers);
    if (!chosen) throw notAcceptable(`format "${format}" is not offered for ${what}. Offered: ${describeOffers(offers)}`);
    return chosen;
  }
  const chosen = negotiate(accept, offers)?.offer;
  if (!chosen) throw notAcceptable(`none of the types in Accept "${accept ?? ''}" is offered for ${what}. Offered: ${describeOffers(offers)}`);
  return chosen;
}
