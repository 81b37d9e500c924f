// Reads the build's N-Quads dump (sorted by graph, see sortQuads.ts) as batches of N-Triples lines,
// one graph at a time, without holding the file: `next(max)` returns up to `max` lines of the
// current graph and says whether the graph ended. Lines that mention a blank node are kept apart:
// a blank node's label only means something within one request, so they must travel together.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

export interface Batch {
  readonly graph: string;
  /** N-Triples lines without blank nodes, each ending in "\n". */
  readonly plain: readonly string[];
  /** N-Triples lines that mention a blank node. */
  readonly blank: readonly string[];
  /** True when this batch holds the graph's last lines. */
  readonly endOfGraph: boolean;
}

/** A line that is not a quad in a named graph, with its place. */
export class DumpFormatError extends Error {}

interface Quad {
  readonly graph: string;
  readonly triple: string;
}

export class GraphBatches {
  private readonly lines: AsyncIterator<string>;
  private lookahead: Quad | undefined;
  private lineNo = 0;
  private readonly finished = new Set<string>();
  private current: string | undefined;
  private readonly blankGraphs = new Map<string, string>();
  /** Blank-node labels used in more than one graph (the server will hold a different node in each). */
  readonly sharedBlankNodes = new Set<string>();

  constructor(private readonly path: string) {
    this.lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity })[Symbol.asyncIterator]();
  }

  async next(max: number): Promise<Batch | undefined> {
    const first = this.lookahead ?? (await this.read());
    this.lookahead = undefined;
    if (!first) return undefined;
    const graph = first.graph;
    if (graph !== this.current) {
      if (this.finished.has(graph)) throw new DumpFormatError(`${this.path}:${this.lineNo}: graph <${graph}> appears twice, apart: the dump is not sorted by graph; run \`npm run build\` again`);
      if (this.current) this.finished.add(this.current);
      this.current = graph;
    }
    const plain: string[] = [];
    const blank: string[] = [];
    let quad: Quad | undefined = first;
    while (quad && quad.graph === graph) {
      if (quad.triple.includes('_:')) {
        blank.push(quad.triple);
        this.noteBlankNodes(quad);
      } else {
        plain.push(quad.triple);
      }
      if (plain.length + blank.length >= max) {
        this.lookahead = await this.read();
        return { graph, plain, blank, endOfGraph: this.lookahead?.graph !== graph };
      }
      quad = await this.read();
    }
    this.lookahead = quad;
    return { graph, plain, blank, endOfGraph: true };
  }

  private noteBlankNodes(quad: Quad): void {
    for (const m of quad.triple.matchAll(/(?:^|\s)_:(\S+)/g)) {
      const label = m[1] ?? '';
      const first = this.blankGraphs.get(label);
      if (first === undefined) this.blankGraphs.set(label, quad.graph);
      else if (first !== quad.graph) this.sharedBlankNodes.add(label);
    }
  }

  private async read(): Promise<Quad | undefined> {
    for (;;) {
      const next = await this.lines.next();
      if (next.done) return undefined;
      this.lineNo++;
      const line = next.value.trim();
      if (line === '' || line.startsWith('#')) continue;
      return this.split(line);
    }
  }

  /** `S P O <G> .` → the graph and `S P O .`; subjects, predicates and graph names hold no spaces. */
  private split(line: string): Quad {
    const bad = (why: string) => new DumpFormatError(`${this.path}:${this.lineNo}: ${why}; run \`npm run build\` again`);
    if (!line.endsWith('.')) throw bad('a line does not end with "."');
    const body = line.slice(0, -1).trimEnd();
    const g = body.lastIndexOf(' <');
    if (!body.endsWith('>') || g === -1) throw bad('a quad has no graph name');
    const triple = body.slice(0, g).trimEnd();
    const s = triple.indexOf(' ');
    const p = s === -1 ? -1 : triple.indexOf(' ', s + 1);
    if (p === -1 || triple.slice(p + 1).trim() === '') throw bad('a triple is in the default graph (push uploads named graphs only)');
    return { graph: body.slice(g + 2, -1), triple: `${triple} .\n` };
  }
}
