// `build`: data/ + ontology/ → dist/. Every problem is reported at once; dist/ changes only when
// the whole build succeeds. SHACL validation runs while the dumps are rendered into a staging
// directory (it is mostly worker threads' time); the swap into dist/ waits for it, and a failed
// validation removes the staging directory and reports every violation, as before.
import { availableParallelism } from 'node:os';
import { checkGraph, validateGraph, type BuildInput } from './buildGraph.ts';
import { Phases } from './Phases.ts';
import type { Manifest } from './manifest.ts';
import { discardDist, renderDist, writeDist } from './writeDist.ts';
import { formatProblem, LoadError } from '../load/problems.ts';
import { SortedQuads } from '../rdf/sortQuads.ts';

export interface BuildOptions extends BuildInput {
  readonly outDir: string;
}

export interface BuildResult {
  readonly manifest?: Manifest;
  /** Formatted `file:line:col: message` lines, sorted; empty on success. */
  readonly errors: readonly string[];
  readonly entailed?: number;
  /** Wall seconds per phase (see Phases); overlapping phases each count their own. */
  readonly phases: Record<string, number>;
}

export async function build(options: BuildOptions): Promise<BuildResult> {
  const phases = new Phases();
  try {
    const graph = await checkGraph(options, phases);
    // One numbering of the terms, for the SHACL batches and then for the dumps' sort.
    const sorted = new SortedQuads(graph.quads);
    // This thread renders the dumps meanwhile: one CPU fewer for the validation's workers (on two
    // CPUs one worker; two took more CPU for a longer build, `npm run bench:build`).
    const validation = validateGraph(graph, phases, sorted, Math.max(1, availableParallelism() - 1));
    // Awaited below in every path; this only keeps an early failure from counting as unhandled.
    validation.catch(() => undefined);
    let rendered: Awaited<ReturnType<typeof renderDist>>;
    try {
      rendered = await renderDist(graph, phases, sorted);
    } catch (e) {
      await validation.catch(() => undefined);
      throw e;
    }
    const { files, manifest } = rendered;
    try {
      await validation;
    } catch (e) {
      await discardDist(files);
      throw e;
    }
    await phases.time('swap', () => writeDist(options.outDir, files));
    return { manifest, errors: [], entailed: graph.entailed, phases: phases.seconds() };
  } catch (e) {
    if (e instanceof LoadError) return { errors: e.problems.map(formatProblem), phases: phases.seconds() };
    throw e;
  }
}
