// Wall time per build phase (read, check, entail, validate, dumps, gzip, swap), so that the build
// benchmark can say where the time goes. Phases that overlap (validation runs beside the dumps,
// gzip on the thread pool) each count their own wall time, so the sum can exceed the total.
export class Phases {
  private readonly ms = new Map<string, number>();

  /** Adds `ms` milliseconds to `name`. */
  add(name: string, ms: number): void {
    this.ms.set(name, (this.ms.get(name) ?? 0) + ms);
  }

  /** Runs `work`, counting its wall time (until its promise settles) to `name`. */
  async time<T>(name: string, work: () => T | Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await work();
    } finally {
      this.add(name, performance.now() - started);
    }
  }

  /** Seconds per phase, in the order the phases first ran. */
  seconds(): Record<string, number> {
    return Object.fromEntries([...this.ms].map(([name, ms]) => [name, ms / 1000]));
  }
}
