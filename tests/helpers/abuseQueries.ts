// The resource-abuse queries, shared by tests/adversarial/resourceAbuse.test.ts (behaviour: each is
// cut off by its limit, the server recovers) and bench/abuse.ts (figures: peak RSS, and the p99 of
// cheap queries from other clients while they run). Written for the repository's dataset (~1,700
// triples), where three unconstrained patterns already make ~5·10⁹ solutions.

export interface AbuseQuery {
  readonly name: string;
  readonly query: string;
  /** Accept header to ask with. */
  readonly accept: string;
  /** What stops it: the time limit (503), or the row/byte limit (200 with X-Result-Truncated). */
  readonly limit: 'time' | 'rows';
}

const ALL = '?a ?b ?c . ?d ?e ?f . ?g ?h ?i .';

export const ABUSE: readonly AbuseQuery[] = [
  { name: 'cartesian product', query: `SELECT (COUNT(*) AS ?n) WHERE { ${ALL} }`, accept: 'application/sparql-results+json', limit: 'time' },
  {
    name: 'deep property path',
    // Every node to every node over any link in either direction, any number of steps.
    query: 'SELECT (COUNT(*) AS ?n) WHERE { ?x (!<urn:x:none>|^!<urn:x:none>)* ?y . ?y (!<urn:x:none>|^!<urn:x:none>)* ?z }',
    accept: 'application/sparql-results+json', limit: 'time',
  },
  { name: 'huge CONSTRUCT', query: `CONSTRUCT { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } WHERE { ${ALL} }`, accept: 'application/n-triples', limit: 'time' },
  { name: 'millions of rows', query: 'SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }', accept: 'text/tab-separated-values', limit: 'rows' },
  { name: 'millions of rows, sorted', query: 'SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY DESC(?c) ?f', accept: 'application/sparql-results+json', limit: 'time' },
  { name: 'GROUP BY over a cartesian product', query: `SELECT ?a (COUNT(DISTINCT ?i) AS ?n) WHERE { ${ALL} } GROUP BY ?a`, accept: 'application/sparql-results+json', limit: 'time' },
];

/** A cheap query a well-behaved client sends (a competency question's shape: one entity's facts). */
export const CHEAP = 'PREFIX schema: <https://schema.org/> SELECT ?p ?o WHERE { ?s schema:name "Lay Chenda" ; ?p ?o } LIMIT 50';
