// The query text sent to the remote server, made from the parsed query: row limit, dataset and
// (for Virtuoso) text ordering; and the settings that choose the remote store.
import { describe, expect, it } from 'vitest';
import { parseInvocation } from '../../src/config.ts';
import { parseQuery } from '../../src/graph/parseQuery.ts';
import { upstreamQuery, type UpstreamQueryOptions } from '../../src/remote/upstreamQuery.ts';

const BASE = 'https://example.org/';
const OPTIONS: UpstreamQueryOptions = { base: BASE, maxRows: 100, dataset: undefined, mode: 'server', graphs: ['https://example.org/g/a', 'https://example.org/g/b'] };
const send = (query: string, options: Partial<UpstreamQueryOptions> = {}) => upstreamQuery(parseQuery(query, BASE), { ...OPTIONS, ...options });
const oneLine = (s: string) => s.replace(/\s+/g, ' ');

describe('the query sent upstream', () => {
  it('is the text as written, with the base spelled out, when nothing needs to change', () => {
    expect(send('ASK { <x> ?p ?o }')).toBe(`BASE <${BASE}>\nASK { <x> ?p ?o }`);
  });
  it('carries LIMIT maxRows + 1 unless the query asks for fewer; none with ORDER BY (Virtuoso refuses large sorted LIMITs)', () => {
    expect(oneLine(send('SELECT * WHERE { ?s ?p ?o }'))).toContain('LIMIT 101');
    expect(send('SELECT * WHERE { ?s ?p ?o } LIMIT 5')).toContain('LIMIT 5');
    expect(send('SELECT * WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 500')).not.toContain('LIMIT');
  });
  it('names the dataset\'s graphs as FROM and FROM NAMED in explicit mode, unless the query or the protocol names its own', () => {
    const explicit = oneLine(send('SELECT * WHERE { ?s ?p ?o } LIMIT 1', { mode: 'explicit' }));
    expect(explicit).toContain('FROM <https://example.org/g/a> FROM <https://example.org/g/b> FROM NAMED <https://example.org/g/a> FROM NAMED <https://example.org/g/b>');
    expect(oneLine(send('SELECT * FROM <https://example.org/g/a> WHERE { ?s ?p ?o } LIMIT 1', { mode: 'explicit' }))).not.toContain('FROM NAMED');
    const protocol = oneLine(send('SELECT * WHERE { ?s ?p ?o } LIMIT 1', { mode: 'explicit', dataset: { defaultGraphs: ['https://example.org/g/b'], namedGraphs: [] } }));
    expect(protocol).toContain('FROM <https://example.org/g/b> WHERE');
    expect(protocol).not.toContain('g/a');
  });
  it('orders by kind, text and value for Virtuoso, but leaves aggregates and expressions alone', () => {
    const sorted = oneLine(send('SELECT ?s ?l WHERE { ?s <p> ?l } ORDER BY DESC(?l) STRLEN(?s)', { textOrder: true }));
    expect(sorted).toContain('ORDER BY DESC (IF(!(BOUND(?l)), 0 , IF(ISBLANK(?l), 1 , IF(ISIRI(?l), 2 , 3 ))))');
    expect(sorted).toContain('DESC (IF((ISLITERAL(?l)) && (((DATATYPE(?l)) = <http://www.w3.org/2001/XMLSchema#string>) || ((LANG(?l)) != "")), STR(?l), ""))');
    expect(sorted).toContain('(STRLEN(?s))');
    expect(oneLine(send('SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s ORDER BY ?n', { textOrder: true }))).toContain('ORDER BY (?n)');
  });
});

describe('remote settings', () => {
  it('reads STORE and REMOTE_* from the environment and refuses unknown values', () => {
    const { config } = parseInvocation(['push', '--from-graph', 'https://example.org/g/b'], { STORE: 'remote', REMOTE_QUERY_URL: 'http://h:8890/sparql', PUSH_BATCH_TRIPLES: '500' });
    expect([config.store, config.remoteQueryUrl, config.pushBatchTriples, config.fromGraph, config.remoteDataset]).toEqual(['remote', 'http://h:8890/sparql', 500, 'https://example.org/g/b', 'explicit']);
    expect(() => parseInvocation([], { STORE: 'virtuoso' })).toThrow('STORE must be one of embedded, remote, got "virtuoso"');
    expect(() => parseInvocation(['--remote-dataset', 'all'], {})).toThrow('--remote-dataset must be one of explicit, server, got "all"');
  });
});
