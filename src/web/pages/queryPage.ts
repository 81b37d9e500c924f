// The SPARQL query page at GET /sparql for browsers. Without JavaScript it is a form (query, result
// format, run) plus the named example queries; with JavaScript, /assets/query.js puts YASGUI (served
// from node_modules at /assets/vendor/) in the form's place, with the same query, our prefixes, the
// examples, and two more result views (timeline, graph). A `query` in the page's URL only fills the
// editor: nothing runs until the reader asks.
import sparqljs from 'sparqljs';
import type { CatalogEntry } from '../../examples/exampleCatalog.ts';
import { AKG_ONTOLOGY, foaf, PREFIXES, rdf, rdfs, schema, skos } from '../../vocab.ts';
import { html, type Html } from '../html.ts';
import { VENDOR_PATH } from '../query/vendorAssets.ts';
import { ONTOLOGY_PATH } from '../view.ts';
import { layout } from './layout.ts';
import { KIND_CLASSES } from './parts.ts';

export interface QueryPageInput {
  readonly publicUrl: string;
  /** The dataset's base IRI: its IRIs are answered at their path on this server. */
  readonly base: string;
  readonly examples: readonly CatalogEntry[];
  /** From the page's URL (a "query this" link or an example): shown, not run. */
  readonly query?: string | undefined;
  readonly license?: string | undefined;
}

const FORMATS: ReadonlyArray<[string, string]> = [
  ['json', 'SPARQL JSON'], ['xml', 'SPARQL XML'], ['csv', 'CSV'], ['tsv', 'TSV'],
  ['turtle', 'Turtle (CONSTRUCT/DESCRIBE)'], ['jsonld', 'JSON-LD (CONSTRUCT/DESCRIBE)'], ['ntriples', 'N-Triples (CONSTRUCT/DESCRIBE)'],
];

/** Prefixes written at the top of a new query, in this order. */
const EDITOR_PREFIXES = ['akg', 'schema', 'org', 'prov', 'skos', 'foaf', 'dcterms', 'rdf', 'rdfs', 'xsd', 'owl', 'wd'];

/** What happened when: meetings and events by their dates, sources and statements by publication. */
const DEFAULT_BODY = `SELECT ?resource ?label ?date ?end WHERE {
  { ?resource schema:startDate ?date . OPTIONAL { ?resource schema:endDate ?end } }
  UNION { ?resource schema:datePublished ?date }
  UNION { ?resource schema:dateCreated ?date }
  OPTIONAL { ?resource schema:name ?name }
  OPTIONAL { ?resource rdfs:label ?rdfsLabel }
  BIND(COALESCE(?name, ?rdfsLabel) AS ?label)
} ORDER BY ?date ?label LIMIT 100`;

/** The query a new editor tab starts with: every prefix above, declared, and a first question. */
export function defaultQuery(): string {
  const prefixes = Object.fromEntries(EDITOR_PREFIXES.flatMap((p) => (PREFIXES[p] ? [[p, PREFIXES[p]] as const] : [])));
  const parsed = new sparqljs.Parser({ prefixes }).parse(DEFAULT_BODY);
  return new sparqljs.Generator({ prefixes, allPrefixes: true }).stringify({ ...parsed, prefixes });
}

/** What query.js needs that only the server knows, as one data attribute. */
function clientConfig(input: QueryPageInput): string {
  return JSON.stringify({
    endpoint: '/sparql',
    defaultQuery: defaultQuery(),
    prefixes: PREFIXES,
    /** IRI prefix → this server's path for it (a graph or timeline link stays on this site). */
    localPaths: [[input.base, '/'], [`${AKG_ONTOLOGY}#`, `${ONTOLOGY_PATH}#`]],
    labelPredicates: [rdfs('label'), skos('prefLabel'), schema('name'), foaf('name')],
    typePredicate: rdf('type'),
    kinds: Object.fromEntries(KIND_CLASSES),
  });
}

function exampleOption(e: CatalogEntry, selected: string | undefined): Html {
  const kind = e.queryType === 'SELECT' ? '' : ` (${e.queryType})`;
  return html`<option value="${e.query}" data-id="${e.id}" data-title="${e.title}" data-description="${e.description}"${e.query === selected ? html` selected` : ''}>${e.title}${kind}</option>`;
}

function examplesSection(examples: readonly CatalogEntry[], query: string | undefined): Html {
  if (examples.length === 0) return html``;
  return html`<section class="examples" aria-labelledby="examples-h">
<h2 id="examples-h">Example queries</h2>
<form method="get" action="/sparql" id="example-form" class="example-form">
<label for="example">${examples.length} questions the test suite asks of the data</label>
<select id="example" name="query"><option value="" disabled${query === undefined || !examples.some((e) => e.query === query) ? html` selected` : ''}>Choose a question…</option>${examples.map((e) => exampleOption(e, query))}</select>
<button type="submit">Open</button>
</form>
<p id="example-about" class="message" aria-live="polite"></p>
<p class="message">Also as JSON for other tools: <a href="/api/examples">/api/examples</a>.</p>
</section>`;
}

export function queryPage(input: QueryPageInput): string {
  const query = input.query ?? defaultQuery();
  const options = FORMATS.map(([v, label]) => html`<option value="${v}">${label}</option>`);
  const body = html`<h1>SPARQL query</h1>
<p class="lead">Ask the graph in SPARQL 1.1. The endpoint is <code>${`${input.publicUrl}/sparql`}</code>: read-only, and its default graph is the union of all the named graphs.
The <a href="/sparql?format=turtle">service description</a>, the <a href="/void">dataset description</a> and the <a href="${ONTOLOGY_PATH}">ontology</a> say what is in it.</p>
${examplesSection(input.examples, input.query)}
<section class="editor" aria-labelledby="editor-h">
<h2 id="editor-h">Query</h2>
<form method="get" action="/sparql">
<label for="query">SPARQL query</label>
<textarea id="query" name="query" rows="14" spellcheck="false" autocapitalize="off">${query}</textarea>
<p><label for="format">Results as</label>
<select id="format" name="format">${options}</select>
<button type="submit">Run query</button></p>
</form>
<div id="yasgui" class="yasgui-host" hidden data-config="${clientConfig(input)}"></div>
<p class="message" id="editor-help" hidden>Ctrl+Enter (⌘+Enter) runs the query; Ctrl+Space completes variables and prefixes; Esc leaves the editor, so that Tab moves on.
Results come as a table, as the raw response, as a timeline when they have dates and as a graph for CONSTRUCT and DESCRIBE; the download button saves them.</p>
</section>`;
  return layout({
    title: 'SPARQL query',
    description: 'Query the ASEAN meetings knowledge graph in SPARQL, with the competency questions as examples.',
    body,
    stylesheets: [`${VENDOR_PATH}yasgui.min.css`, '/assets/query.css'],
    scripts: [`${VENDOR_PATH}yasgui.min.js`, '/assets/query-views.js', '/assets/query.js'],
    license: input.license,
  });
}
