// The whole graph from data/ and ontology/: read, check, convert, materialise, validate.
// Pure apart from reading files; throws LoadError with every problem found. `checkGraph` does all
// but the SHACL validation and `validateGraph` does that, so that the build can render the dumps
// while validation runs.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataFactory, Parser } from 'n3';
import type { BlankNode, Quad, Term } from '@rdfjs/types';
import { Problems, type SourceLocation } from '../load/problems.ts';
import { readContext, type Context } from '../load/readContext.ts';
import { readDatasetMeta } from '../load/readDatasetMeta.ts';
import { readRecords } from '../load/readRecords.ts';
import { irisFor, toQuads, type Iris } from '../load/toQuads.ts';
import { checkTerms, knownTerms } from '../rdf/checkTerms.ts';
import type { DatasetMeta } from '../rdf/describeDataset.ts';
import { materialise, rulesFrom, type Rules } from '../rdf/materialise.ts';
import type { SortedQuads } from '../rdf/sortQuads.ts';
import { validateShapes } from '../rdf/validateShapes.ts';
import { dataPrefixes } from './writeDist.ts';
import type { Phases } from './Phases.ts';
import { akg, AKG_ONTOLOGY, PREFIXES } from '../vocab.ts';

export const ONTOLOGY_FILE = 'asean-kg.ttl';
export const SHAPES_FILE = 'shapes.ttl';

export interface BuildInput {
  readonly dataDir: string;
  readonly ontologyDir: string;
  /** Overrides the base of data/context.yaml. */
  readonly base?: string;
  /** How paths appear in messages (default: data, ontology). */
  readonly displayDataDir?: string;
  readonly displayOntologyDir?: string;
}

export interface BuiltGraph {
  readonly base: string;
  readonly context: Context;
  readonly iris: Iris;
  readonly meta: DatasetMeta;
  /** Data graphs + provenance metadata + entailments + ontology: what the dumps hold. */
  readonly quads: readonly Quad[];
  readonly ontology: readonly Quad[];
  readonly shapes: readonly Quad[];
  readonly entailed: number;
  /** IRIs of the source documents (for dcterms:source). */
  readonly sources: readonly string[];
}

/** A graph that passed every check but SHACL: what `validateGraph` needs besides. */
export interface CheckedGraph extends BuiltGraph {
  readonly locateSubject: (subject: string) => SourceLocation;
}

/** Reads, checks, converts, materialises and validates: the graph that the dumps hold. */
export async function buildGraph(input: BuildInput, phases?: Phases): Promise<BuiltGraph> {
  const graph = await checkGraph(input, phases);
  await validateGraph(graph, phases);
  return graph;
}

/**
 * SHACL validation of a checked graph; throws LoadError with every violation. `sorted`: the graph's
 * quads as SortedQuads, when the caller has them (the dumps need them too): their term numbers are reused.
 * `workers`: worker threads for a large graph (default one per CPU; fewer where this thread has other
 * work meanwhile).
 */
export async function validateGraph(graph: CheckedGraph, phases?: Phases, sorted?: SortedQuads, workers?: number): Promise<void> {
  const problems = new Problems();
  const run = () => validateShapes(sorted ?? graph.quads, graph.shapes, graph.locateSubject, problems, dataPrefixes(graph), undefined, undefined, workers);
  await (phases ? phases.time('validate', run) : run());
  problems.throwIfAny();
}

/** Everything but SHACL validation. */
export async function checkGraph(input: BuildInput, phases?: Phases): Promise<CheckedGraph> {
  const started = performance.now();
  const dataShown = input.displayDataDir ?? 'data';
  const ontShown = input.displayOntologyDir ?? 'ontology';
  const context = await readContext(input.dataDir, dataShown);
  const base = input.base ?? context.base;
  const problems = new Problems();
  if (!/^https?:\/\/[^\s<>"]+\/$/.test(base)) problems.add({ file: '--base', line: 0, col: 0 }, `base IRI must be http(s) and end in "/", got ${JSON.stringify(base)}`);
  const ontologyFile = `${ontShown}/${ONTOLOGY_FILE}`;
  const shapesFile = `${ontShown}/${SHAPES_FILE}`;
  const [ontologyText, shapesText] = await Promise.all([
    readText(join(input.ontologyDir, ONTOLOGY_FILE), ontologyFile, problems),
    readText(join(input.ontologyDir, SHAPES_FILE), shapesFile, problems),
  ]);
  const ontology = parseTurtle(ontologyText, ontologyFile, AKG_ONTOLOGY, problems, 'onto');
  const shapes = parseTurtle(shapesText, shapesFile, undefined, problems, 'shape');
  const meta = await readDatasetMeta(input.dataDir, problems, dataShown);
  const records = await readRecords(input.dataDir, context, problems, dataShown);
  // Go on past record problems so that one run reports them all (unknown references too); only a
  // broken ontology or shapes file stops here, as the later checks need them.
  if (ontology.length === 0 || shapes.length === 0) problems.throwIfAny();
  let at = performance.now();
  phases?.add('read', at - started);
  const lap = (name: string) => {
    const now = performance.now();
    phases?.add(name, now - at);
    at = now;
  };

  const rules = rulesFrom([...ontology, ...(await knownTerms()).propertyAxioms]);
  const iris = irisFor(base, context);
  const graph = toQuads(records, context, iris, problems, (classes) => isProvenanceClass(classes, rules));
  lap('convert');
  const locateTerm = termLocator(context, graph.iriValues, [[ontologyFile, ontologyText], [shapesFile, shapesText]]);
  await checkTerms([...graph.quads, ...ontology, ...shapes], ontology, locateTerm, problems);
  problems.throwIfAny();
  lap('check');

  const entailments = materialise(graph.quads, rules, DataFactory.namedNode(iris.buildGraph('entailments')));
  const all = [...graph.quads, ...entailments, ...ontology];
  const locateSubject = (s: string): SourceLocation => graph.subjects.get(s) ?? { file: dataShown, line: 0, col: 0 };
  if (!meta) throw new Error('unreachable: dataset metadata missing without a problem');
  // One pass over the quads (not one per graph: that was quadratic, two minutes at a million triples).
  const typedAsSource = new Set<string>();
  for (const q of graph.quads) if (q.predicate.value.endsWith('#type') && isSourceClass(q.object.value, rules)) typedAsSource.add(q.subject.value);
  const sources = [...graph.graphs.values()].filter((record) => typedAsSource.has(record));
  lap('entail');
  return { base, context, iris, meta, quads: all, ontology, shapes, entailed: entailments.length, sources, locateSubject };
}

function isSourceClass(iri: string, rules: Rules): boolean {
  return iri === akg('SourceDocument') || (rules.superClasses.get(iri)?.has(akg('SourceDocument')) ?? false);
}

function isProvenanceClass(classes: readonly string[], rules: Rules): boolean {
  const allowed = [akg('SourceDocument'), akg('Inference'), akg('BackgroundKnowledge')];
  return classes.some((c) => allowed.includes(c) || allowed.some((a) => rules.superClasses.get(c)?.has(a)));
}

async function readText(path: string, shown: string, problems: Problems): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    problems.add({ file: shown, line: 0, col: 0 }, `cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    return '';
  }
}

function parseTurtle(text: string, file: string, graph: string | undefined, problems: Problems, prefix: string): Quad[] {
  if (text === '') return [];
  try {
    const quads = new Parser({ format: 'Turtle' }).parse(text);
    // n3 labels anonymous blank nodes from a process-wide counter: relabel them in document order
    // so that the same file always gives the same labels (and byte-identical dumps).
    const labels = new Map<string, BlankNode>();
    const stable = <T extends Term>(t: T): T => {
      if (t.termType !== 'BlankNode') return t;
      let b = labels.get(t.value);
      if (!b) labels.set(t.value, (b = DataFactory.blankNode(`${prefix}${labels.size}`)));
      return b as unknown as T;
    };
    const g = graph ? DataFactory.namedNode(graph) : DataFactory.defaultGraph();
    return quads.map((q) => DataFactory.quad(stable(q.subject), q.predicate, stable(q.object), g));
  } catch (e) {
    const message = (e as Error).message;
    const line = Number(/line (\d+)/.exec(message)?.[1] ?? 0);
    problems.add({ file, line, col: line > 0 ? 1 : 0 }, `Turtle syntax error: ${message}`);
    return [];
  }
}

/** Where an IRI was written: its context entry, a data value, or its first mention in a Turtle file. */
function termLocator(
  context: Context, iriValues: ReadonlyMap<string, SourceLocation>, files: readonly [string, string][],
): (iri: string) => SourceLocation {
  const known = new Map<string, SourceLocation>();
  for (const def of context.properties.values()) {
    if (!known.has(def.iri)) known.set(def.iri, def.loc);
    if (def.datatype && !known.has(def.datatype)) known.set(def.datatype, def.loc);
  }
  for (const def of context.classes.values()) for (const iri of def.iris) if (!known.has(iri)) known.set(iri, def.loc);
  return (iri) => {
    const found = known.get(iri) ?? iriValues.get(iri);
    if (found) return found;
    const spellings = [`<${iri}>`, ...Object.entries(PREFIXES).filter(([, ns]) => iri.startsWith(ns)).map(([p, ns]) => `${p}:${iri.slice(ns.length)}`)];
    for (const [file, text] of files) {
      for (const s of spellings) {
        const re = new RegExp(`${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`);
        const m = re.exec(text);
        if (m) {
          const before = text.slice(0, m.index);
          const line = before.split('\n').length;
          return { file, line, col: m.index - before.lastIndexOf('\n') };
        }
      }
    }
    return { file: files[0]?.[0] ?? 'ontology', line: 0, col: 0 };
  };
}
