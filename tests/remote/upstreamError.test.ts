// What a remote server's failure becomes for our client: a table of its status and message (as
// Virtuoso 7.2 words them) → our status and the text the client reads. 5xx texts never carry the
// server's address or message (those go to the log).
import { describe, expect, it } from 'vitest';
import { queryRefused, serverMessage, unreachable, upstreamTimeout } from '../../src/remote/UpstreamError.ts';

const AT = 'http://10.0.0.5:8890/sparql';

describe('upstream failures', () => {
  it.each([
    [400, 'Virtuoso 37000 Error SP030: SPARQL compiler, line 3: syntax error at \'}\'\n\nSPARQL query:\nSELECT …', 400, 'the SPARQL server refused the query (HTTP 400): Virtuoso 37000 Error SP030: SPARQL compiler, line 3: syntax error at \'}\''],
    [500, 'Virtuoso 42000 Error The estimated execution time 2609743 (sec) exceeds the limit of 400 (sec).\n\nSPARQL query:\n…', 503, 'the SPARQL server refused to run the query: it estimates the query would run longer than its time limit. Make the query more selective, or ask for fewer results.'],
    [500, 'Virtuoso S1T00 Error SR171: Transaction timed out', 504, 'the SPARQL server behind this endpoint stopped the query at its own time limit: make the query more selective'],
    [500, 'Virtuoso 22023 Error SR353: Sorted TOP clause specifies more then 100001 rows to sort.', 502, 'the SPARQL server behind this endpoint failed to answer (HTTP 500); try again later'],
    [503, 'Service Unavailable', 503, 'the SPARQL server behind this endpoint is busy; retry shortly'],
    [401, '', 502, 'the SPARQL server behind this endpoint refused our credentials; the operator has been told (see the server log)'],
    [404, '<html>Not found</html>', 502, 'the SPARQL server behind this endpoint is misconfigured; the operator has been told (see the server log)'],
  ] as const)('HTTP %i "%s" → %i', (status, body, ours, text) => {
    const e = queryRefused(status, body, AT);
    expect(e.status).toBe(ours);
    expect(e.publicMessage).toBe(text);
    if (ours >= 500) expect(e.publicMessage).not.toContain('10.0.0.5');
    expect(e.message).toContain(status >= 500 || status === 401 || status === 404 ? AT : 'HTTP');
  });

  it('no answer at all is 502 naming the cause in the log only', () => {
    const e = unreachable(AT, Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:8890'), { code: 'ECONNREFUSED' }) }));
    expect([e.status, e.transient, e.message]).toEqual([502, true, `${AT} cannot be reached (ECONNREFUSED)`]);
    expect(e.publicMessage).toBe('the SPARQL server behind this endpoint cannot be reached; try again later');
  });

  it('our deadline is 504 naming the limit', () => {
    expect(upstreamTimeout(AT, 1000, 'QUERY_TIMEOUT_MS').publicMessage).toBe('the SPARQL server behind this endpoint did not answer within the time limit of 1000 ms (QUERY_TIMEOUT_MS). Make the query more selective, or ask for fewer results.');
  });

  it('keeps the server\'s message short and without the echoed query or markup', () => {
    expect(serverMessage('<h1>Error</h1>\n<p>bad</p>')).toBe('Error bad');
    expect(serverMessage(`x${'y'.repeat(2000)}`)).toHaveLength(1001);
  });
});
