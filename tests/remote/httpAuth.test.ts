// Digest and Basic answers to a server's challenge, checked against RFC 2617's worked example.
import { describe, expect, it } from 'vitest';
import { Authenticator, parseChallenge } from '../../src/remote/httpAuth.ts';

const RFC_CHALLENGE = 'Digest realm="testrealm@host.com", qop="auth,auth-int", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"';

describe('HTTP authentication', () => {
  it.each([
    [RFC_CHALLENGE, 'digest'],
    ['Basic realm="x"', 'basic'],
    ['Basic realm="x", Digest realm="y", nonce="n"', 'digest'],
    ['Bearer realm="x"', undefined],
    [null, undefined],
  ] as const)('reads the challenge %j as %s', (header, scheme) => {
    expect(parseChallenge(header)?.scheme).toBe(scheme);
  });

  it('answers RFC 2617\'s Digest example with its response', () => {
    const auth = new Authenticator({ user: 'Mufasa', password: 'Circle Of Life' }, () => '0a4f113b');
    const header = auth.challenged('GET', new URL('http://www.nowhere.org/dir/index.html'), RFC_CHALLENGE) ?? '';
    expect(header).toContain('response="6629fae49393a05397450978507c4ef1"');
    expect(header).toContain('nc=00000001');
    expect(header).toContain('opaque="5ccc069c403ebaf9f0171e9517f40e41"');
    expect(header).not.toContain('Circle Of Life');
  });

  it('reuses a challenge for the same path with a rising nonce count, and knows none for another path', () => {
    const auth = new Authenticator({ user: 'u', password: 'p' });
    const url = new URL('http://h/sparql-auth');
    auth.challenged('POST', url, 'Digest realm="SPARQL", nonce="abc", qop="auth", algorithm="MD5"');
    expect(auth.header('POST', url)).toContain('nc=00000002');
    expect(auth.header('POST', new URL('http://h/other'))).toBeUndefined();
  });

  it('answers a Basic challenge with the encoded credentials', () => {
    const auth = new Authenticator({ user: 'dba', password: 'dba' });
    expect(auth.challenged('GET', new URL('http://h/x'), 'Basic realm="r"')).toBe(`Basic ${Buffer.from('dba:dba').toString('base64')}`);
  });
});
