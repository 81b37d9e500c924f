// Every query is parsed by sparqljs before it runs: the parse decides its kind (never the text),
// refuses updates and SERVICE, lists its FROM graphs, tells whether its answer can change between
// runs (RAND, NOW, BNODE…), and lets the row limit be applied as a LIMIT on the parsed query.
import sparqljs from 'sparqljs';
import type { Query, SparqlQuery } from 'sparqljs';
import { badRequest, forbidden, HttpError } from '../errors.ts';

export type QueryKind = 'SELECT' | 'ASK' | 'CONSTRUCT' | 'DESCRIBE';

export interface ParsedQuery {
  readonly text: string;
  readonly kind: QueryKind;
  readonly from: { readonly default: readonly string[]; readonly named: readonly string[] };
  /** False when the same query may answer differently on the same data (RAND, NOW, UUID, BNODE, blank nodes in a CONSTRUCT template). */
  readonly deterministic: boolean;
  readonly ast: Query;
}

/** Functions whose value differs between evaluations. */
const VOLATILE = new Set(['rand', 'now', 'uuid', 'struuid', 'bnode']);

const cache = new Map<string, ParsedQuery | HttpError>();
const CACHE_SIZE = 500;
/**
 * Only queries up to this length are cached: the popular ones are short, and a parsed 100 KiB query
 * holds about a megabyte, so 500 of them (distinct large queries from one client) would hold ~0.5 GB.
 */
const CACHE_MAX_CHARS = 16 * 1024;

/** Parses and classifies `text`; throws an HttpError (400 syntax, 403 update/SERVICE) the client can act on. */
export function parseQuery(text: string, baseIri: string): ParsedQuery {
  const key = `${baseIri}\u0000${text}`;
  const hit = cache.get(key);
  if (hit !== undefined) {
    cache.delete(key);
    cache.set(key, hit);
    if (hit instanceof HttpError) throw hit;
    return hit;
  }
  let result: ParsedQuery | HttpError;
  try {
    result = classify(text, parse(text, baseIri));
  } catch (e) {
    if (!(e instanceof HttpError)) throw e;
    result = e;
  }
  if (text.length <= CACHE_MAX_CHARS) {
    cache.set(key, result);
    if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value ?? '');
  }
  if (result instanceof HttpError) throw result;
  return result;
}

function parse(text: string, baseIri: string): SparqlQuery {
  try {
    return new sparqljs.Parser({ baseIRI: baseIri, sparqlStar: true }).parse(text);
  } catch (e) {
    throw badRequest(syntaxMessage(e, text));
  }
}

/**
 * The parser's message with the place of the offending token up front:
 * `SPARQL syntax error at line 4, column 1:` and then the parser's snippet and expectations.
 * (The parser locates the last token it accepted; the offending one is the next token after it.)
 */
export function syntaxMessage(e: unknown, text: string): string {
  const message = e instanceof Error ? e.message : String(e);
  const loc = (e as { hash?: { loc?: { last_line?: number; last_column?: number } } }).hash?.loc;
  if (loc?.last_line === undefined || loc.last_column === undefined) return `invalid SPARQL query: ${message}`;
  const { line, col } = nextToken(text, loc.last_line, loc.last_column);
  const detail = message.replace(/^Parse error on line \d+:\n/, '');
  return `SPARQL syntax error at line ${line}, column ${col}:\n${detail}`;
}

/** 1-based line and column of the first character after (line, 0-based column) that is not blank or a comment. */
function nextToken(text: string, line: number, column: number): { line: number; col: number } {
  const lines = text.split('\n');
  let offset = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + column;
  for (;;) {
    const rest = text.slice(offset);
    const skipped = /^(\s+|#[^\n]*)/.exec(rest);
    if (!skipped) break;
    offset += skipped[0].length;
  }
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, col: offset - before.lastIndexOf('\n') };
}

function classify(text: string, parsed: SparqlQuery): ParsedQuery {
  if (parsed.type === 'update') {
    const ops = [...new Set(parsed.updates.map(updateName))].join(', ');
    throw forbidden(`this endpoint is read-only: the request is a SPARQL update (${ops}), which is refused. Send a query (SELECT, ASK, CONSTRUCT or DESCRIBE).`);
  }
  const found = walk(parsed);
  if (found.service.length > 0) {
    throw forbidden(`SERVICE <${found.service[0]}> is refused: this endpoint does not send queries to other services. Query that service directly.`);
  }
  const template = parsed.queryType === 'CONSTRUCT' ? parsed.template ?? [] : [];
  const blankTemplate = template.some((t) => t.subject.termType === 'BlankNode' || t.object.termType === 'BlankNode');
  return {
    text,
    kind: parsed.queryType,
    from: { default: (parsed.from?.default ?? []).map((t) => t.value), named: (parsed.from?.named ?? []).map((t) => t.value) },
    deterministic: !found.volatile && !blankTemplate,
    ast: parsed,
  };
}

const UPDATE_NAMES: Readonly<Record<string, string>> = {
  insert: 'INSERT DATA', delete: 'DELETE DATA', deletewhere: 'DELETE WHERE', insertdelete: 'DELETE/INSERT',
};

function updateName(u: object): string {
  if ('updateType' in u && typeof u.updateType === 'string') return UPDATE_NAMES[u.updateType] ?? 'UPDATE';
  if ('type' in u && typeof u.type === 'string') return u.type.toUpperCase();
  return 'UPDATE';
}

/** One pass over the parse tree: SERVICE names and volatile functions anywhere, sub-queries included. */
function walk(root: unknown): { service: string[]; volatile: boolean } {
  const service: string[] = [];
  let volatile = false;
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      stack.push(...node);
      continue;
    }
    const n = node as { type?: unknown; operator?: unknown; name?: { value?: unknown } };
    if (n.type === 'service') service.push(String(n.name?.value ?? ''));
    if (n.type === 'operation' && typeof n.operator === 'string' && VOLATILE.has(n.operator.toLowerCase())) volatile = true;
    stack.push(...Object.values(node));
  }
  return { service, volatile };
}

/**
 * The text to run so that a SELECT stops after `maxRows + 1` rows (one more than allowed, so that
 * a cut can be told from an exact fit). The original text when its own LIMIT is already lower.
 */
export function withRowLimit(q: ParsedQuery, maxRows: number): string {
  if (q.ast.queryType !== 'SELECT') return q.text;
  if (q.ast.limit !== undefined && q.ast.limit <= maxRows) return q.text;
  // Parsed queries are cached (parseQuery), so the regenerated text is kept with them.
  const key = `${maxRows}`;
  const done = limited.get(q)?.get(key);
  if (done !== undefined) return done;
  const text = new sparqljs.Generator().stringify({ ...q.ast, limit: maxRows + 1 });
  limited.set(q, new Map([...(limited.get(q) ?? []), [key, text]]));
  return text;
}

const limited = new WeakMap<ParsedQuery, Map<string, string>>();

/** FROM / FROM NAMED may only name graphs the dataset holds: the engine never fetches anything. */
export function checkFromGraphs(q: ParsedQuery, graphs: ReadonlySet<string>): void {
  const missing = [...q.from.default, ...q.from.named].filter((g) => !graphs.has(g));
  if (missing.length === 0) return;
  throw forbidden(`FROM <${missing[0]}> is refused: that graph is not in this dataset, and this endpoint never fetches remote data. The graphs it holds are listed in the service description (GET /sparql).`);
}
