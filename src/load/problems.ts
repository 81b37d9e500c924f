// Problems found while loading: each carries the place it was found, so that every report reads
// `file:line:col: what is wrong, what was expected`. The loader collects them all before failing.

import { formatLocation, type SourceLocation } from '../errors.ts';

export type { SourceLocation };

export interface Problem {
  readonly loc: SourceLocation;
  readonly message: string;
}

export function formatProblem(p: Problem): string {
  return formatLocation(p.loc, p.message);
}

/** `file:line:col` alone, to point from one problem to another place. */
export function placeOf(loc: SourceLocation): string {
  return formatLocation(loc, '').slice(0, -2);
}

export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort(
    (a, b) => a.loc.file.localeCompare(b.loc.file) || a.loc.line - b.loc.line || a.loc.col - b.loc.col
      || a.message.localeCompare(b.message),
  );
}

/** Thrown when a build step cannot go on; carries every problem found so far. */
export class LoadError extends Error {
  readonly problems: readonly Problem[];
  constructor(problems: readonly Problem[]) {
    const sorted = sortProblems(problems);
    super(sorted.map(formatProblem).join('\n'));
    this.name = 'LoadError';
    this.problems = sorted;
  }
}

/** A collector that steps append to; `throwIfAny` ends a step that found problems. */
export class Problems {
  readonly list: Problem[] = [];
  add(loc: SourceLocation, message: string): void {
    this.list.push({ loc, message });
  }
  get size(): number {
    return this.list.length;
  }
  throwIfAny(): void {
    if (this.list.length > 0) throw new LoadError(this.list);
  }
}

/** ` (did you mean "x"?)` for the closest candidate within a small edit distance, or ''. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = word.toLowerCase();
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  const limit = Math.max(2, Math.floor(word.length / 3));
  return best !== undefined && bestDistance <= limit ? ` (did you mean "${best}"?)` : '';
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost));
    }
    prev = row;
  }
  return prev[b.length] ?? 0;
}
