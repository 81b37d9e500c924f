// The query page a browser gets at GET /sparql: a plain form that sends GET /sparql?query=…&format=….
// A placeholder until the web interface (YASGUI) replaces it; it works without JavaScript.
import { escapeHtml, page } from './html.ts';

const EXAMPLE = 'SELECT ?s ?p ?o\nWHERE { ?s ?p ?o }\nLIMIT 10';

const FORMATS: ReadonlyArray<[string, string]> = [
  ['json', 'SPARQL JSON'], ['xml', 'SPARQL XML'], ['csv', 'CSV'], ['tsv', 'TSV'],
  ['turtle', 'Turtle (CONSTRUCT/DESCRIBE)'], ['jsonld', 'JSON-LD (CONSTRUCT/DESCRIBE)'], ['ntriples', 'N-Triples (CONSTRUCT/DESCRIBE)'],
];

export function queryPage(publicUrl: string): string {
  const options = FORMATS.map(([v, label]) => `<option value="${v}">${escapeHtml(label)}</option>`).join('');
  return page('SPARQL query', `<h1>SPARQL query</h1>
<p>Endpoint: <code>${escapeHtml(`${publicUrl}/sparql`)}</code>. Read-only; the default graph is the union of all graphs.
The <a href="/sparql?format=turtle">service description</a> and the <a href="/void">dataset description</a> say more.</p>
<form method="get" action="/sparql">
<p><label for="query">Query</label><br>
<textarea id="query" name="query" rows="12" required>${escapeHtml(EXAMPLE)}</textarea></p>
<p><label for="format">Results as</label>
<select id="format" name="format">${options}</select>
<button type="submit">Run query</button></p>
</form>`);
}
