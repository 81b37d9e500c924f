// A SHACL worker that stops in the middle of the build's validation (out of its heap, say) loses
// nothing: the batch it had taken and not answered is validated in the main thread (and the other
// workers take the rest), and the report is the same as from one run over the whole graph. The
// workers are real; the fault is real too: each one is terminated as soon as it has answered its
// first batch, when it has taken its next.
import type { Worker, WorkerOptions } from 'node:worker_threads';
import { DataFactory } from 'n3';
import type { Quad } from '@rdfjs/types';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const killed: number[] = [];
vi.mock('../../src/graph/spawnWorker.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/graph/spawnWorker.ts')>();
  return {
    spawnWorker(entry: URL, options: WorkerOptions): Worker {
      const worker = real.spawnWorker(entry, options);
      if (!entry.pathname.endsWith('validateShapesWorker.ts')) return worker;
      worker.once('message', () => {
        killed.push(worker.threadId);
        void worker.terminate();
      });
      return worker;
    },
  };
});

const { Problems } = await import('../../src/load/problems.ts');
const { validateShapes } = await import('../../src/rdf/validateShapes.ts');
const { syntheticGraph } = await import('../helpers/syntheticGraph.ts');

const { namedNode, literal, quad } = DataFactory;
let graph: Awaited<ReturnType<typeof syntheticGraph>>;
let data: Quad[];
let shapes: Quad[];

beforeAll(async () => {
  graph = await syntheticGraph(3000, 5);
  ({ data, shapes } = graph);
});
afterAll(() => graph?.remove());

async function report(quads: readonly Quad[], batchQuads: number, wholeGraphQuads: number): Promise<string[]> {
  const problems = new Problems();
  await validateShapes(quads, shapes, (s) => ({ file: s, line: 0, col: 0 }), problems, undefined, batchQuads, wholeGraphQuads);
  return problems.list.map((p) => `${p.loc.file}: ${p.message}`).sort();
}

describe('a SHACL worker that stops mid-validation', () => {
  it('loses no violation: its unanswered batch is validated in this thread', async () => {
    // A bad name on every person: violations in many batches, before and after the workers stop.
    const people = [...new Set(data.filter((q) => q.object.value.endsWith('ontology#Person')).map((q) => q.subject.value))];
    expect(people.length).toBeGreaterThan(10);
    const bad = [...data, ...people.map((p) => quad(namedNode(p), namedNode('https://schema.org/name'), literal('tagged', 'en')))];
    const whole = await report(bad, Infinity, Infinity);
    expect(whole.filter((line) => line.includes('schema:name must be a plain string'))).toHaveLength(people.length);
    killed.length = 0;
    const batched = await report(bad, 100, 0);
    expect(killed.length).toBeGreaterThan(0);
    expect(batched).toEqual(whole);
  });
});
