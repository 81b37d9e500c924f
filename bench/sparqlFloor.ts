// The HTTP floor for bench/sparql.ts: the least a SPARQL server over oxigraph can do. node:http,
// one thread, the query from ?query=, the Accept header passed to oxigraph as the results format,
// no parsing, no limits, no pool, no logging.
//
//   node --import tsx bench/sparqlFloor.ts <dump.nq> <base IRI>      (prints "listening <port>")
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import ox from 'oxigraph';
import { loadNquads } from '../src/graph/loadNquads.ts';

const [file, base] = process.argv.slice(2);
if (!file || !base) throw new Error('usage: sparqlFloor.ts <dump.nq> <base IRI>');
const store = new ox.Store();
loadNquads(store, readFileSync(file));

const server = createServer((req, res) => {
  const query = new URL(req.url ?? '/', 'http://floor').searchParams.get('query') ?? '';
  const format = req.headers.accept ?? 'application/sparql-results+json';
  try {
    const body = store.query(query, { use_default_graph_as_union: true, base_iri: base, results_format: format }) as string;
    res.writeHead(200, { 'Content-Type': format });
    res.end(body);
  } catch (e) {
    res.writeHead(400, { 'Content-Type': 'text/plain' });
    res.end(String(e));
  }
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
});
