// The engine floor for bench/sparql.ts, in a process of its own (so that the bench's own heap and
// the build it ran do not slow it): the query mix back to back on an oxigraph store, one thread.
//
//   node --import tsx bench/sparqlEngine.ts <dump.nq> <base IRI> <mix.json> <seconds>   (prints JSON figures)
import { readFileSync } from 'node:fs';
import ox from 'oxigraph';
import { loadNquads } from '../src/graph/loadNquads.ts';

const [dump, base, mixFile, seconds] = process.argv.slice(2);
if (!dump || !base || !mixFile || !seconds) throw new Error('usage: sparqlEngine.ts <dump.nq> <base IRI> <mix.json> <seconds>');
const mix = JSON.parse(readFileSync(mixFile, 'utf8')) as Array<{ text: string; accept: string }>;
const store = new ox.Store();
loadNquads(store, readFileSync(dump));
const run = (q: { text: string; accept: string }) => store.query(q.text, { use_default_graph_as_union: true, base_iri: base, results_format: q.accept });
for (const q of mix) run(q);
const latencies: number[] = [];
const started = performance.now();
while (performance.now() - started < Number(seconds) * 1000) {
  for (const q of mix) {
    const t = performance.now();
    run(q);
    latencies.push(performance.now() - t);
  }
}
const elapsed = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
process.stdout.write(`${JSON.stringify({ p50: at(0.5), p99: at(0.99), rps: latencies.length / elapsed, non2xx: 0, errors: 0 })}\n`);
