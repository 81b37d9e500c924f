// `build`: data/ + ontology/ → dist/. Every problem is reported at once; dist/ changes only when
// the whole build succeeds.
import { buildGraph, type BuildInput } from './buildGraph.ts';
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
}

export async function build(options: BuildOptions): Promise<BuildResult> {
  try {
    const graph = await buildGraph(options);
    const { files, manifest } = await renderDist(graph);
    await writeDist(options.outDir, files);
    return { manifest, errors: [], entailed: graph.entailed };
  } catch (e) {
    if (e instanceof LoadError) return { errors: e.problems.map(formatProblem) };
    throw e;
  }
}
