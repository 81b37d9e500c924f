// SPARQL results written row by row in the four formats /sparql offers, from the terms a remote
// server sent as SPARQL JSON. The output follows what the embedded engine (oxigraph) writes, so a
// client sees the same format whichever store answers. The terms are first normalised from the
// forms some servers use (measured on Virtuoso 7.2): the pre-1.1 "typed-literal" type, an explicit
// xsd:string datatype (the same literal in RDF 1.1), and blank nodes labelled `nodeID://b123`.
import type { ResultsFormatId } from '../rdf/formats.ts';
import type { Binding, JsonTerm } from './JsonResultsReader.ts';

const XSD = 'http://www.w3.org/2001/XMLSchema#';
const XSD_STRING = `${XSD}string`;

/** The term as SPARQL 1.1 JSON results state it. */
export function normaliseTerm(t: JsonTerm): JsonTerm {
  if (t.type === 'typed-literal' || t.type === 'literal') {
    const lang = t['xml:lang'];
    if (lang) return { type: 'literal', value: t.value, 'xml:lang': lang.toLowerCase() };
    if (t.datatype && t.datatype !== XSD_STRING) return { type: 'literal', value: t.value, datatype: t.datatype };
    return { type: 'literal', value: t.value };
  }
  if (t.type === 'bnode') return { type: 'bnode', value: t.value.replace(/^nodeID:\/\//, '').replace(/[^A-Za-z0-9_-]/g, '_') };
  return t;
}

export interface ResultsWriter {
  head(vars: readonly string[]): string;
  row(binding: Binding): string;
  tail(): string;
  boolean(value: boolean): string;
}

export function resultsWriter(format: ResultsFormatId): ResultsWriter {
  switch (format) {
    case 'json': return new JsonWriter();
    case 'xml': return new XmlWriter();
    case 'csv': return new DelimitedWriter(',', csvCell, '\r\n', (v) => v);
    case 'tsv': return new DelimitedWriter('\t', tsvCell, '\n', (v) => `?${v}`);
  }
}

class JsonWriter implements ResultsWriter {
  private vars: readonly string[] = [];
  private first = true;
  head(vars: readonly string[]): string {
    this.vars = vars;
    return `{"head":{"vars":${JSON.stringify(vars)}},"results":{"bindings":[`;
  }
  row(b: Binding): string {
    const fields: string[] = [];
    for (const v of this.vars) {
      const t = b[v];
      if (t) fields.push(`${JSON.stringify(v)}:${JSON.stringify(normaliseTerm(t))}`);
    }
    const text = `${this.first ? '' : ','}{${fields.join(',')}}`;
    this.first = false;
    return text;
  }
  tail(): string {
    return ']}}';
  }
  boolean(value: boolean): string {
    return `{"head":{},"boolean":${value}}`;
  }
}

const XML_HEAD = '<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#">';

function xmlEscape(s: string): string {
  return s.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
}

class XmlWriter implements ResultsWriter {
  private vars: readonly string[] = [];
  head(vars: readonly string[]): string {
    this.vars = vars;
    return `${XML_HEAD}<head>${vars.map((v) => `<variable name="${xmlEscape(v)}"/>`).join('')}</head><results>`;
  }
  row(b: Binding): string {
    let text = '<result>';
    for (const v of this.vars) {
      const raw = b[v];
      if (!raw) continue;
      const t = normaliseTerm(raw);
      text += `<binding name="${xmlEscape(v)}">${xmlTerm(t)}</binding>`;
    }
    return `${text}</result>`;
  }
  tail(): string {
    return '</results></sparql>';
  }
  boolean(value: boolean): string {
    return `${XML_HEAD}<head></head><boolean>${value}</boolean></sparql>`;
  }
}

function xmlTerm(t: JsonTerm): string {
  if (t.type === 'uri') return `<uri>${xmlEscape(t.value)}</uri>`;
  if (t.type === 'bnode') return `<bnode>${xmlEscape(t.value)}</bnode>`;
  const lang = t['xml:lang'];
  if (lang) return `<literal xml:lang="${xmlEscape(lang)}">${xmlEscape(t.value)}</literal>`;
  if (t.datatype) return `<literal datatype="${xmlEscape(t.datatype)}">${xmlEscape(t.value)}</literal>`;
  return `<literal>${xmlEscape(t.value)}</literal>`;
}

class DelimitedWriter implements ResultsWriter {
  private vars: readonly string[] = [];
  constructor(
    private readonly separator: string,
    private readonly cell: (t: JsonTerm) => string,
    private readonly newline: string,
    private readonly name: (v: string) => string,
  ) {}
  head(vars: readonly string[]): string {
    this.vars = vars;
    return vars.map(this.name).join(this.separator) + this.newline;
  }
  row(b: Binding): string {
    return this.vars.map((v) => {
      const t = b[v];
      return t ? this.cell(normaliseTerm(t)) : '';
    }).join(this.separator) + this.newline;
  }
  tail(): string {
    return '';
  }
  boolean(): string {
    throw new Error('CSV and TSV have no form for a boolean result');
  }
}

/** SPARQL CSV: IRIs and literals by their text (no datatype or language), blank nodes as _:label; quoted when needed. */
function csvCell(t: JsonTerm): string {
  const text = t.type === 'bnode' ? `_:${t.value}` : t.value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Lexical forms that Turtle writes bare, per datatype. */
const BARE: Readonly<Record<string, RegExp>> = {
  [`${XSD}integer`]: /^[+-]?\d+$/,
  [`${XSD}decimal`]: /^[+-]?\d*\.\d+$/,
  [`${XSD}double`]: /^[+-]?(\d+\.\d*|\.\d+|\d+)[eE][+-]?\d+$/,
  [`${XSD}boolean`]: /^(true|false)$/,
};

function turtleString(s: string): string {
  return `"${s.replace(/[\\"\n\r\t]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\${c}`))}"`;
}

/** SPARQL TSV: every term in Turtle syntax. */
function tsvCell(t: JsonTerm): string {
  if (t.type === 'uri') return `<${t.value}>`;
  if (t.type === 'bnode') return `_:${t.value}`;
  const lang = t['xml:lang'];
  if (lang) return `${turtleString(t.value)}@${lang}`;
  if (t.datatype) return BARE[t.datatype]?.test(t.value) ? t.value : `${turtleString(t.value)}^^<${t.datatype}>`;
  return turtleString(t.value);
}
