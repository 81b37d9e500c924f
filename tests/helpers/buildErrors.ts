// Test helper: the problems a build of a scratch copy reports, one formatted line each.
import { buildGraph } from '../../src/build/buildGraph.ts';
import { formatProblem, LoadError } from '../../src/load/problems.ts';
import type { Scratch } from './dataCopy.ts';

export async function buildErrors(s: Pick<Scratch, 'dataDir' | 'ontologyDir'>): Promise<string[]> {
  try {
    await buildGraph({ dataDir: s.dataDir, ontologyDir: s.ontologyDir });
  } catch (e) {
    if (e instanceof LoadError) return e.problems.map(formatProblem);
    throw e;
  }
  return [];
}
