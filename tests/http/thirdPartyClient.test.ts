// A third-party SPARQL client, Debian's python3-sparqlwrapper, reads this endpoint's JSON and XML
// results (GET and form POST), an ASK, and a CONSTRUCT as RDF/XML (parsed by rdflib). Skipped,
// saying why, where the package is absent (.ci/run installs it).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announceSkip, tool } from '../helpers/externalTool.ts';
import { fixture, startServer, type TestServer } from './helpers.ts';

const sparqlWrapper = tool('/usr/bin/python3', ['-c', 'import SPARQLWrapper, rdflib'], 'python3-sparqlwrapper');
announceSkip('SPARQLWrapper client tests', sparqlWrapper);

const SCRIPT = `
import json, sys
from SPARQLWrapper import SPARQLWrapper, JSON, XML, POST
names = 'PREFIX foaf: <http://xmlns.com/foaf/0.1/> SELECT ?name WHERE { ?p foaf:name ?name } ORDER BY STR(?name)'
out = {}
s = SPARQLWrapper(sys.argv[1])
s.setQuery(names)
s.setReturnFormat(JSON)
out['json'] = [b['name']['value'] for b in s.query().convert()['results']['bindings']]
s.setReturnFormat(XML)
out['xml'] = [n.firstChild.data for n in s.query().convert().getElementsByTagName('literal')]
s.setMethod(POST)
s.setReturnFormat(JSON)
out['post'] = len(s.query().convert()['results']['bindings'])
s.setQuery('ASK { ?s ?p "Alice" }')
out['ask'] = s.query().convert()['boolean']
s.setQuery('CONSTRUCT WHERE { ?s ?p ?o }')
s.setReturnFormat(XML)
out['construct'] = len(s.query().convert())
print(json.dumps(out))
`;

let s: TestServer;
beforeAll(async () => {
  if (sparqlWrapper.available) s = await startServer({ files: [fixture('small.trig')] });
});
afterAll(async () => s?.close());

describe.skipIf(!sparqlWrapper.available)('python3-sparqlwrapper against /sparql', () => {
  it('reads SELECT as JSON and XML (GET and POST), ASK, and CONSTRUCT as RDF/XML', async () => {
    // Asynchronously: the server answers from this same process.
    const { stdout } = await promisify(execFile)('/usr/bin/python3', ['-c', SCRIPT, `${s.url}/sparql`], { encoding: 'utf8', timeout: 60_000 });
    const out = JSON.parse(stdout) as Record<string, unknown>;
    const names = ['Alice', 'Anonymous', 'Bob', 'Carol "C" Smith', 'Dave'];
    expect(out).toEqual({ json: names, xml: names, post: 5, ask: true, construct: 17 });
  });
});
