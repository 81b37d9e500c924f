// `build`: data/ + ontology/ → dist/. Every problem is reported at once; dist/ changes only when
// the whole build succeeds.
import { checkGraph, validateGraph, type BuildInput } from './buildGraph.ts';
import { Phases } from './Phases.ts';
import type { Manifest } from './manifest.ts';
import { renderDist, writeDist } from './writeDist.ts';
import { formatProblem, LoadError } from '../load/problems.ts';

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
    await validateGraph(graph, phases);
    const { files, manifest } = await renderDist(graph, phases);
    await phases.time('swap', () => writeDist(options.outDir, files));
    return { manifest, errors: [], entailed: graph.entailed, phases: phases.seconds() };
  } catch (e) {
    if (e instanceof LoadError) return { errors: e.problems.map(formatProblem), phases: phases.seconds() };
    throw e;
  }
}
