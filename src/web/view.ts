// What every page renderer is given: the site model, the ontology (when ontology/ is there), and how
// to link to an IRI. IRIs under the base, the ontology and the shapes link to this server at the same
// path (whatever origin it answers on); other IRIs the graph describes link to /resource?iri=…;
// everything else links out.
import { AKG_ONTOLOGY, PREFIXES, dcterms, spdx } from '../vocab.ts';
import type { OntologyModel } from './ontologyModel.ts';
import type { SiteModel } from './siteModel.ts';
import { curie, localName, type Prefixes } from './terms.ts';

export interface View {
  readonly model: SiteModel;
  readonly ontology: OntologyModel | undefined;
  readonly prefixes: Prefixes;
  /** This server's path for an IRI it answers for, else undefined. */
  localPath(iri: string): string | undefined;
  /** Where a link to the IRI should go. */
  href(iri: string): string;
  /** Label; else, for our own IRIs, the last path segment; else the CURIE or the IRI. */
  name(iri: string): string;
  curie(iri: string): string;
  readonly license: string | undefined;
}

export const ONTOLOGY_PATH = `/${localName(AKG_ONTOLOGY)}`;
export const SHAPES_PATH = '/shapes';

export function createView(model: SiteModel, ontology: OntologyModel | undefined): View {
  const prefixes: Prefixes = { ...PREFIXES, spdx: spdx.iri, ...(ontology?.prefixes ?? {}) };
  const shapesDoc = ontology?.shapes.iri;
  const localPath = (iri: string): string | undefined => {
    if (iri.startsWith(model.base) && iri.length > model.base.length) return `/${iri.slice(model.base.length)}`;
    if (iri === AKG_ONTOLOGY || iri.startsWith(`${AKG_ONTOLOGY}#`)) return `${ONTOLOGY_PATH}${iri.slice(AKG_ONTOLOGY.length)}`;
    if (shapesDoc && (iri === shapesDoc || iri.startsWith(`${shapesDoc}#`))) return `${SHAPES_PATH}${iri.slice(shapesDoc.length)}`;
    return undefined;
  };
  const license = model.voidQuads.find((q) => q.predicate.value === dcterms('license'))?.object.value;
  return {
    model, ontology, prefixes, localPath, license,
    href: (iri) => localPath(iri) ?? (model.label(iri) !== undefined || model.types(iri).length > 0 ? `/resource?iri=${encodeURIComponent(iri)}` : iri),
    name: (iri) => ontology?.terms.get(iri)?.label ?? model.label(iri) ?? (localPath(iri) ? model.name(iri) : curie(iri, prefixes)),
    curie: (iri) => curie(iri, prefixes),
  };
}
