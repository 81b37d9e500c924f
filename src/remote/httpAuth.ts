// HTTP authentication for the remote SPARQL server: Basic, and Digest (RFC 7616, MD5 with
// qop=auth; what Virtuoso's /sparql-auth and /sparql-graph-crud-auth ask for). The client answers
// a 401 challenge and then reuses it (with a rising nonce count) so that later requests, large
// uploads included, go out authenticated the first time. Credentials never leave this module
// except inside an Authorization header.
import { createHash, randomBytes } from 'node:crypto';

export interface Credentials {
  readonly user: string;
  readonly password: string;
}

export interface Challenge {
  readonly scheme: 'basic' | 'digest';
  readonly params: Readonly<Record<string, string>>;
}

/** The first challenge this client can answer in a WWW-Authenticate header (Digest preferred). */
export function parseChallenge(header: string | null): Challenge | undefined {
  if (!header) return undefined;
  const digest = /(?:^|,\s*)Digest\s+(.*)$/i.exec(header);
  if (digest) return { scheme: 'digest', params: parseParams(digest[1] ?? '') };
  if (/(?:^|,\s*)Basic\b/i.test(header)) return { scheme: 'basic', params: {} };
  return undefined;
}

/** `a="x", b=y, c="p, q"` → { a: 'x', b: 'y', c: 'p, q' }. */
function parseParams(text: string): Record<string, string> {
  const params: Record<string, string> = {};
  const re = /([a-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/gi;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    params[(m[1] ?? '').toLowerCase()] = (m[2] ?? m[3] ?? '').replace(/\\(.)/g, '$1');
  }
  return params;
}

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

/** Answers challenges for one set of credentials; remembers the last Digest challenge per URL path. */
export class Authenticator {
  private readonly challenges = new Map<string, { challenge: Challenge; nc: number }>();

  /** `cnonce` makes the client nonce predictable (tests); the default is random. */
  constructor(private readonly credentials: Credentials, private readonly cnonce: () => string = () => randomBytes(8).toString('hex')) {}

  /** The Authorization header to send to `url` before any challenge, if one is known for it. */
  header(method: string, url: URL): string | undefined {
    const known = this.challenges.get(url.origin + url.pathname);
    if (!known) return undefined;
    return this.answer(known, method, url);
  }

  /** Records a 401's challenge; returns the header to retry with, or undefined if it cannot be answered. */
  challenged(method: string, url: URL, wwwAuthenticate: string | null): string | undefined {
    const challenge = parseChallenge(wwwAuthenticate);
    if (!challenge) return undefined;
    const entry = { challenge, nc: 0 };
    this.challenges.set(url.origin + url.pathname, entry);
    return this.answer(entry, method, url);
  }

  private answer(entry: { challenge: Challenge; nc: number }, method: string, url: URL): string {
    const { user, password } = this.credentials;
    if (entry.challenge.scheme === 'basic') return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    const p = entry.challenge.params;
    const realm = p['realm'] ?? '';
    const nonce = p['nonce'] ?? '';
    const uri = url.pathname + url.search;
    const algorithm = (p['algorithm'] ?? 'MD5').toUpperCase();
    const qop = (p['qop'] ?? '').split(',').map((s) => s.trim()).includes('auth') ? 'auth' : undefined;
    const cnonce = this.cnonce();
    const nc = (++entry.nc).toString(16).padStart(8, '0');
    let ha1 = md5(`${user}:${realm}:${password}`);
    if (algorithm === 'MD5-SESS') ha1 = md5(`${ha1}:${nonce}:${cnonce}`);
    const ha2 = md5(`${method}:${uri}`);
    const response = qop ? md5(`${ha1}:${nonce}:${nc}:${cnonce}:${qop}:${ha2}`) : md5(`${ha1}:${nonce}:${ha2}`);
    const fields = [
      `username="${quote(user)}"`, `realm="${quote(realm)}"`, `nonce="${quote(nonce)}"`, `uri="${quote(uri)}"`,
      `algorithm=${algorithm === 'MD5-SESS' ? 'MD5-sess' : 'MD5'}`, `response="${response}"`,
      ...(qop ? [`qop=${qop}`, `nc=${nc}`, `cnonce="${cnonce}"`] : []),
      ...(p['opaque'] !== undefined ? [`opaque="${quote(p['opaque'])}"`] : []),
    ];
    return `Digest ${fields.join(', ')}`;
  }
}

function quote(s: string): string {
  return s.replace(/["\\]/g, '\\$&');
}
