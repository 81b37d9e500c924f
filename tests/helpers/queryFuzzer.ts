// A seeded generator of hostile SPARQL requests, made by mutating the competency questions
// (tests/queries/*.rq): deletions, insertions, duplications, unicode, invalid UTF-8 in the
// percent-encoding, huge literals, deep nesting, thousands of variables, long property paths, and
// odd transports (GET, form POST, direct POST, strange Accept / format / timeout parameters).
// The same seed gives the same requests, so a failure can be replayed (bench/fuzz.ts --seed N --only ID).

/** mulberry32: small, fast, good enough to spread mutations; deterministic per seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Transport = 'get' | 'form' | 'direct';

export interface FuzzCase {
  readonly id: number;
  /** The mutations applied, e.g. "delete+unicode". */
  readonly mutation: string;
  readonly transport: Transport;
  /** The request to send: path and query string (percent-encoded, possibly invalidly), headers, body bytes. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array | undefined;
  readonly method: 'GET' | 'POST';
}

const TOKENS = [
  '{', '}', '(', ')', '[', ']', '.', ';', ',', '?x', '$y', '<', '>', '"', "'", '"""', '#', '\\', '*', '|', '/', '^', '+', '?', '!', '=', '&&', '||',
  'a', 'FILTER', 'OPTIONAL', 'UNION', 'MINUS', 'GRAPH', 'SELECT', 'CONSTRUCT', 'ASK', 'DESCRIBE', 'WHERE', 'LIMIT 0', 'OFFSET 99999999999999999999',
  'ORDER BY', 'GROUP BY ?z', 'HAVING(', 'BIND(', ' AS ', 'VALUES', 'UNDEF', 'SERVICE <http://127.0.0.1:9/sparql>', 'LOAD <http://127.0.0.1:9/x>',
  'FROM <http://127.0.0.1:9/remote.ttl>', 'INSERT DATA { <x:a> <x:b> <x:c> }', 'DROP ALL', 'PREFIX : <', 'BASE <', '<http://example.org/x>',
  '"lit"@en', '"x"^^<http://www.w3.org/2001/XMLSchema#integer>', '1e400', '-0.0', '99999999999999999999999999', 'REGEX(?x, "(a+)+$")',
  'STRLEN(', 'COUNT(*)', 'SUM(', 'NOW()', 'RAND()', 'BNODE()', '<http://example.org/fn>(?x)', 'BIND(<urn:f>(1) AS ?f)', '<<', '>>', '_:b0', '[]', '()', '\u0000', '\r\n', '\t', ' ',
];

const UNICODE = [
  '\u00e9', 'e\u0301', '\u202e', '\u200b', '\ufeff', '\uffff', '\ufffd', '\u{1f600}', '\u{10ffff}', '\u0000', '\u0085', '\u2028',
  '\ud800', '\udfff', 'Ａ', 'ﬁ', '\u0130', 'ß', '\u0627\u0644', '\u4e2d\u6587', '\u0e01', '"\u0301', '<\u0338',
];

/** Percent-encoded byte sequences that are not UTF-8, or not percent-encoding at all. */
const BAD_PERCENT = ['%FF', '%C0%AF', '%ED%A0%80', '%E2%82', '%F4%90%80%80', '%C3%28', '%80', '%', '%G1', '%2', '%%', '%u00e9', '%00', '%EF%BF%BE'];

const ACCEPTS = [
  undefined, undefined, undefined, undefined, undefined, '*/*', 'application/sparql-results+json', 'text/turtle', 'text/csv', 'application/ld+json', 'text/html', 'image/png',
  'application/sparql-results+xml;q=0.1, */*;q=abc', ';;;,,,', 'text/*;q=0', `${'a/b, '.repeat(300)}c/d`, 'application/n-triples;charset=latin1',
];

const FORMATS = [undefined, undefined, undefined, 'json', 'xml', 'csv', 'tsv', 'turtle', 'jsonld', 'rdfxml', 'nope', '../../etc/passwd', '%00'];
const TIMEOUTS = [undefined, undefined, undefined, '1', '0', '-5', '1e3', '99999999999', 'NaN', '50'];

type Pick = <T>(list: readonly T[]) => T;

interface Ctx {
  readonly random: () => number;
  readonly pick: Pick;
  readonly int: (lo: number, hi: number) => number;
}

type Mutator = (q: string, c: Ctx) => string;

const span = (q: string, c: Ctx, max: number): [number, number] => {
  const start = c.int(0, Math.max(0, q.length - 1));
  return [start, Math.min(q.length, start + c.int(1, max))];
};

/** Text mutations, by name. Each returns a new query text. */
export const MUTATORS: Readonly<Record<string, Mutator>> = {
  delete: (q, c) => {
    const [a, b] = span(q, c, 40);
    return q.slice(0, a) + q.slice(b);
  },
  insert: (q, c) => {
    const at = c.int(0, q.length);
    return q.slice(0, at) + c.pick(TOKENS) + q.slice(at);
  },
  duplicate: (q, c) => {
    const [a, b] = span(q, c, 80);
    return q.slice(0, b) + q.slice(a, b).repeat(c.int(1, 60)) + q.slice(b);
  },
  unicode: (q, c) => {
    let out = q;
    for (let i = c.int(1, 8); i > 0; i--) {
      const at = c.int(0, out.length);
      out = out.slice(0, at) + c.pick(UNICODE) + out.slice(at);
    }
    return out;
  },
  hugeLiteral: (q, c) => {
    const size = c.pick([1_000, 20_000, 90_000, 150_000]);
    const literal = `"${c.pick(['x', 'é', '\u{1f600}', '\\n', '\\"'])}`.padEnd(size, 'y');
    const where = q.lastIndexOf('}');
    const filter = ` FILTER(?zz != ${literal}") `;
    return where === -1 ? `${q} ${literal}"` : q.slice(0, where) + filter + q.slice(where);
  },
  deepNesting: (q, c) => {
    const depth = c.pick([50, 200, 1_000, 5_000, 20_000]);
    switch (c.int(0, 3)) {
      case 0: return q.replace(/WHERE\s*\{/i, `WHERE {${' {'.repeat(depth)}`).replace(/\}([^}]*)$/, `}${'} '.repeat(depth)}$1`);
      case 1: return `ASK { FILTER(${'('.repeat(depth)}1${')'.repeat(depth)}) }`;
      case 2: return `SELECT * WHERE { ?s ?p ?o ${'OPTIONAL { ?s ?p ?o '.repeat(Math.min(depth, 2_000))}${'} '.repeat(Math.min(depth, 2_000))}} LIMIT 1`;
      default: return `SELECT * WHERE { ${'{ SELECT * WHERE '.repeat(Math.min(depth, 2_000))}{ ?s ?p ?o }${' LIMIT 1 }'.repeat(Math.min(depth, 2_000))} }`;
    }
  },
  manyVariables: (q, c) => {
    const n = c.pick([1_000, 3_000, 8_000]);
    const vars = Array.from({ length: n }, (_, i) => `?v${i}`).join(' ');
    switch (c.int(0, 2)) {
      case 0: return q.replace(/SELECT\s+(DISTINCT\s+)?/i, `SELECT $1${vars} `);
      case 1: return `SELECT * WHERE { VALUES (${vars}) { (${Array.from({ length: n }, (_, i) => String(i)).join(' ')}) } }`;
      default: return `SELECT * WHERE { ${Array.from({ length: n }, (_, i) => `?s ?p ?v${i} .`).join(' ')} } LIMIT 1`;
    }
  },
  longPath: (_q, c) => {
    const n = c.pick([100, 1_000, 5_000]);
    const p = c.pick(['<http://schema.org/name>', '<http://www.w3.org/ns/org#subOrganizationOf>', '^<http://www.w3.org/ns/org#subOrganizationOf>', '(<x:a>|<x:b>)*', '!(<x:a>|^<x:b>)']);
    switch (c.int(0, 2)) {
      case 0: return `SELECT ?s ?o WHERE { ?s ${Array.from({ length: n }, () => p).join('/')} ?o } LIMIT 10`;
      case 1: return `ASK { ?s ${'('.repeat(Math.min(n, 2_000))}<x:p>${')*'.repeat(Math.min(n, 2_000))} ?o }`;
      default: return `SELECT * WHERE { ?s (${Array.from({ length: n }, (_, i) => `<x:p${i}>`).join('|')})+ ?o } LIMIT 10`;
    }
  },
  keyword: (q, c) => q.replace(/\b(SELECT|CONSTRUCT|ASK|DESCRIBE)\b/i, c.pick(['ASK', 'CONSTRUCT', 'DESCRIBE', 'INSERT DATA', 'LOAD', 'CLEAR', 'SELECT REDUCED', 'SELECT DISTINCT *'])),
};

const NAMES = Object.keys(MUTATORS);
const MILD = ['delete', 'insert', 'duplicate', 'unicode'];

function percentEncode(text: string): string {
  // encodeURIComponent throws on a lone surrogate; Buffer writes U+FFFD for it, as a browser would.
  return [...Buffer.from(text, 'utf8')].map((b) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}

/** Inserts bad percent sequences into an encoded string. */
function corruptEncoding(encoded: string, c: Ctx): string {
  let out = encoded;
  for (let i = c.int(1, 3); i > 0; i--) {
    let at = c.int(0, out.length);
    // Never split an existing %XX triplet: the insertion should be the only damage.
    while (at > 0 && (out[at - 1] === '%' || out[at - 2] === '%')) at--;
    out = out.slice(0, at) + c.pick(BAD_PERCENT) + out.slice(at);
  }
  return out;
}

/** Invalid UTF-8 bytes spliced into a body. */
function corruptBytes(bytes: Uint8Array, c: Ctx): Uint8Array {
  const bad = c.pick([[0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0x80], [0xfe, 0xff]]);
  const at = c.int(0, bytes.length);
  return Buffer.concat([bytes.subarray(0, at), Buffer.from(bad), bytes.subarray(at)]);
}

/** Case `id` of the run with `seed`, mutating one of `seeds` (the example queries). */
export function fuzzCase(seed: number, id: number, seeds: readonly string[]): FuzzCase {
  const random = rng((seed * 0x9e3779b1 + id) >>> 0);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const pick: Pick = (list) => list[Math.floor(random() * list.length)] as (typeof list)[number];
  const c: Ctx = { random, pick, int };
  let query = pick(seeds);
  const applied: string[] = [];
  for (let i = random() < 0.7 ? 1 : int(2, 4); i > 0; i--) {
    // Half of the mutations are small edits that often leave a query that runs.
    const name = random() < 0.5 ? pick(MILD) : pick(NAMES);
    applied.push(name);
    query = (MUTATORS[name] as Mutator)(query, c);
  }
  // Long queries mostly go by POST, as clients send them (a long GET is a 414 or 431, also tried).
  const long = Buffer.byteLength(query) > 6_000 && random() < 0.8;
  const transport = long ? pick<Transport>(['form', 'direct']) : pick<Transport>(['get', 'get', 'form', 'direct']);
  const badEncoding = random() < 0.12;
  if (badEncoding) applied.push(transport === 'direct' ? 'invalidUtf8Body' : 'invalidPercent');
  const params: string[] = [];
  const format = pick(FORMATS);
  if (format !== undefined) params.push(`format=${percentEncode(format)}`);
  const timeout = pick(TIMEOUTS);
  if (timeout !== undefined) params.push(`timeout=${timeout}`);
  if (random() < 0.05) params.push(`default-graph-uri=${percentEncode(pick(['not an iri', 'x:y', 'http://127.0.0.1:9/g', '']))}`);
  const accept = pick(ACCEPTS);
  const headers: Record<string, string> = accept === undefined ? {} : { Accept: accept };
  const mutation = applied.join('+');
  if (transport === 'get') {
    let encoded = percentEncode(query);
    if (badEncoding) encoded = corruptEncoding(encoded, c);
    return { id, mutation, transport, method: 'GET', path: `/sparql?${[`query=${encoded}`, ...params].join('&')}`, headers, body: undefined };
  }
  if (transport === 'form') {
    let encoded = percentEncode(query);
    if (badEncoding) encoded = corruptEncoding(encoded, c);
    const body = Buffer.from([`query=${encoded}`, ...params].join('&'), 'latin1');
    return { id, mutation, transport, method: 'POST', path: '/sparql', headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' }, body };
  }
  let body: Uint8Array = Buffer.from(query, 'utf8');
  if (badEncoding) body = corruptBytes(body, c);
  const type = pick(['application/sparql-query', 'application/sparql-query', 'application/sparql-query; charset=utf-8', 'application/sparql-query; charset=iso-8859-1']);
  return { id, mutation, transport, method: 'POST', path: `/sparql${params.length > 0 ? `?${params.join('&')}` : ''}`, headers: { ...headers, 'Content-Type': type }, body };
}
