// Writes triples as RDF/XML: one flat rdf:Description per subject, blank nodes as rdf:nodeID,
// every predicate a qualified name. rdflib's serialiser nests nodes and, on lists, wrote invalid
// RDF/XML (rapper and Python rdflib both rejected it), so the dump uses this small writer and the
// tests check it with rdflib, rapper and Python rdflib.
import type { Quad, Term } from '@rdfjs/types';
import { rdf, xsd } from '../vocab.ts';

const NCNAME = /^[A-Za-z_][\w.-]*$/;

export function writeRdfXml(sortedTriples: readonly Quad[], prefixes: Readonly<Record<string, string>>): string {
  const namespaces = new Map<string, string>([[rdf.iri, 'rdf']]);
  for (const [p, ns] of Object.entries(prefixes)) if (!namespaces.has(ns) && NCNAME.test(p)) namespaces.set(ns, p);
  const qnames = new Map<string, string>();
  const qname = (iri: string): string => {
    let name = qnames.get(iri);
    if (name === undefined) qnames.set(iri, (name = newQname(iri)));
    return name;
  };
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
  const body: string[] = [];
  let current: string | undefined;
  for (const q of sortedTriples) {
    const subjectKey = `${q.subject.termType}${q.subject.value}`;
    if (subjectKey !== current) {
      if (current !== undefined) body.push('  </rdf:Description>');
      body.push(`  <rdf:Description ${nodeAttribute(q.subject, 'about')}>`);
      current = subjectKey;
    }
    body.push(`    ${propertyElement(qname(q.predicate.value), q.object)}`);
  }
  if (current !== undefined) body.push('  </rdf:Description>');
  const decls = [...namespaces].map(([ns, p]) => `\n    xmlns:${p}="${escape(ns)}"`).join('');
  return `<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF${decls}>\n${body.join('\n')}${body.length ? '\n' : ''}</rdf:RDF>\n`;
}

function nodeAttribute(t: Term, iriAttribute: 'about' | 'resource'): string {
  return t.termType === 'BlankNode' ? `rdf:nodeID="${escape(nodeId(t.value))}"` : `rdf:${iriAttribute}="${escape(t.value)}"`;
}

function propertyElement(name: string, o: Term): string {
  if (o.termType !== 'Literal') return `<${name} ${nodeAttribute(o, 'resource')}/>`;
  checkXmlChars(o.value);
  const attr = o.language ? ` xml:lang="${escape(o.language)}"` : o.datatype.value === xsd('string') ? '' : ` rdf:datatype="${escape(o.datatype.value)}"`;
  return `<${name}${attr}>${escape(o.value, false)}</${name}>`;
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
