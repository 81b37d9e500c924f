// Writes triples as RDF/XML: one flat rdf:Description per subject, blank nodes as rdf:nodeID,
// every predicate a qualified name. rdflib's serialiser nests nodes and, on lists, wrote invalid
// RDF/XML (rapper and Python rdflib both rejected it), so the dump uses this small writer and the
// tests check it with rdflib, rapper and Python rdflib.
import type { Quad, Term } from '@rdfjs/types';
import { rdf, xsd } from '../vocab.ts';
import type { TextSink } from './TextChunks.ts';
import { BATCH_CHARS } from './writeNQuads.ts';

const NCNAME = /^[A-Za-z_][\w.-]*$/;

/**
 * Writes sorted triples (see SortedQuads.tripleRows: a subject's triples are adjacent, and equal
 * terms have equal ids) into `out`. Each predicate's qualified name and each object's markup are
 * made once per distinct term; the namespaces are all found before the first line, so that the
 * document is written as it goes.
 */
export function writeRdfXml(rows: { readonly quads: readonly Quad[]; readonly ids: Int32Array }, termCount: number, prefixes: Readonly<Record<string, string>>, out: TextSink): void {
  const namespaces = new Map<string, string>([[rdf.iri, 'rdf']]);
  for (const [p, ns] of Object.entries(prefixes)) if (!namespaces.has(ns) && NCNAME.test(p)) namespaces.set(ns, p);
  const newQname = (iri: string): string => {
    const cut = Math.max(iri.lastIndexOf('#'), iri.lastIndexOf('/')) + 1;
    let ns = iri.slice(0, cut);
    let local = iri.slice(cut);
    for (const [known] of namespaces) {
      if (iri.startsWith(known) && NCNAME.test(iri.slice(known.length))) {
        ns = known;
        local = iri.slice(known.length);
        break;
      }
    }
    if (!NCNAME.test(local)) throw new Error(`RDF/XML cannot write the predicate <${iri}>: its local name is not an XML name`);
    if (!namespaces.has(ns)) namespaces.set(ns, `ns${namespaces.size}`);
    return `${namespaces.get(ns)}:${local}`;
  };
  const { quads, ids } = rows;
  // Qualified names of the predicates, in the order they are met (new namespaces are numbered so).
  const qnames = new Array<string | undefined>(termCount);
  for (let i = 0; i < quads.length; i++) {
    const p = ids[4 * i + 2] as number;
    if (qnames[p] === undefined) qnames[p] = newQname((quads[i] as Quad).predicate.value);
  }
  const decls = [...namespaces].map(([ns, p]) => `\n    xmlns:${p}="${escape(ns)}"`).join('');
  out.write(`<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF${decls}>\n`);
  // An object's markup after the element name: ` rdf:resource="…"/>`, or `>text` before the end tag.
  const objects = new Array<string | undefined>(termCount);
  const literals = new Uint8Array(termCount);
  let batch = '';
  let current = -1;
  for (let i = 0; i < quads.length; i++) {
    const q = quads[i] as Quad;
    const s = ids[4 * i + 1] as number;
    const o = ids[4 * i + 3] as number;
    if (s !== current) {
      if (current !== -1) batch += '  </rdf:Description>\n';
      batch += `  <rdf:Description ${nodeAttribute(q.subject, 'about')}>\n`;
      current = s;
    }
    const name = qnames[ids[4 * i + 2] as number] as string;
    let object = objects[o];
    if (object === undefined) {
      objects[o] = object = objectMarkup(q.object);
      if (q.object.termType === 'Literal') literals[o] = 1;
    }
    batch += literals[o] === 1 ? `    <${name}${object}</${name}>\n` : `    <${name}${object}\n`;
    if (batch.length > BATCH_CHARS) {
      out.write(batch);
      batch = '';
    }
  }
  if (current !== -1) batch += '  </rdf:Description>\n';
  out.write(`${batch}</rdf:RDF>\n`);
}

/** What follows `<name` in a property element: an empty element pointing to a node, or a literal's attributes and text. */
function objectMarkup(o: Term): string {
  if (o.termType !== 'Literal') return ` ${nodeAttribute(o, 'resource')}/>`;
  checkXmlChars(o.value);
  const attr = o.language ? ` xml:lang="${escape(o.language)}"` : o.datatype.value === xsd('string') ? '' : ` rdf:datatype="${escape(o.datatype.value)}"`;
  return `${attr}>${escape(o.value, false)}`;
}

function nodeAttribute(t: Term, iriAttribute: 'about' | 'resource'): string {
  return t.termType === 'BlankNode' ? `rdf:nodeID="${escape(nodeId(t.value))}"` : `rdf:${iriAttribute}="${escape(t.value)}"`;
}

/** rdf:nodeID must be an XML name. */
function nodeId(label: string): string {
  return NCNAME.test(label) ? label : `b${label.replace(/[^\w.-]/g, '_')}`;
}

const SPECIAL = /[&<>\r"\n\t]/;

function escape(s: string, attribute = true): string {
  if (!SPECIAL.test(s)) return s;
  const out = s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
  return attribute ? out.replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;') : out;
}

function checkXmlChars(s: string): void {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.test(s)) {
    throw new Error(`RDF/XML cannot hold the control characters in the literal ${JSON.stringify(s.slice(0, 40))}`);
  }
}
