// Thread priority demotion (Linux): a query still running after DEMOTE_AFTER_MS has its worker
// thread's nice value raised to 19, so the kernel gives the CPU to short queries and to the main
// thread first and lets the long one have what is left. On 2 cores one runaway query otherwise holds
// a core at equal priority for its whole time limit. setpriority(2) on a kernel thread id changes
// that one thread on Linux (man 2 setpriority, "BUGS": the nice value is a per-thread attribute).
// Where there is no /proc/thread-self (macOS, Windows) the worker reports no thread id and nothing is
// demoted; a kernel that refuses is logged once and demotion stops.
import { readFileSync, readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import type { Logger } from 'pino';

export const DEMOTED_NICE = 19;

/** The calling thread's kernel thread id (from /proc/thread-self → `<pid>/task/<tid>`), or null without /proc. */
export function kernelThreadId(): number | null {
  try {
    const m = /\/task\/(\d+)$/.exec(readlinkSync('/proc/thread-self'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** The nice value of one of this process's threads, from /proc/self/task/<tid>/stat (field 19), or null (for tests). */
export function threadNice(tid: number): number | null {
  try {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const nice = Number(fields[16]);
    return Number.isInteger(nice) ? nice : null;
  } catch {
    return null;
  }
}

/**
 * What became of a query's thread when the query ended: `normal` (never demoted), `restored`
 * (demoted, then set back to the process's nice value) or `demoted` (still at nice 19: an
 * unprivileged process may not lower a nice value, so the pool retires the worker rather than run short queries on it).
 */
export type DemotionOutcome = 'normal' | 'restored' | 'demoted';

export class ThreadDemoter {
  private failed = false;
  /** The nice value workers start with (they inherit the main thread's), and are set back to. */
  private readonly normalNice = getPriority();

  /** `afterMs` 0 turns demotion off. */
  constructor(private readonly afterMs: number, private readonly logger?: Logger) {}

  /**
   * Starts the clock on a query running on thread `tid`. The returned function ends it and sets a
   * demoted thread back to normal priority; `restore` false when the thread is gone or going.
   */
  watch(tid: number | null): (restore: boolean) => DemotionOutcome {
    if (this.afterMs <= 0 || tid === null || this.failed) return () => 'normal';
    let demoted = false;
    const timer = setTimeout(() => { demoted = this.setNice(tid, DEMOTED_NICE); }, this.afterMs);
    return (restore) => {
      clearTimeout(timer);
      if (!demoted) return 'normal';
      if (!restore) return 'demoted';
      try {
        setPriority(tid, this.normalNice);
        return 'restored';
      } catch {
        return 'demoted';
      }
    };
  }

  private setNice(tid: number, nice: number): boolean {
    try {
      setPriority(tid, nice);
      return true;
    } catch (e) {
      // The thread ended meanwhile (a crash, a kill): nothing to demote, and no reason to stop.
      if ((e as { info?: { code?: string } }).info?.code === 'ESRCH') return false;
      if (!this.failed) this.logger?.warn({ err: e }, 'cannot lower the priority of long-running query threads; carrying on without it (DEMOTE_AFTER_MS)');
      this.failed = true;
      return false;
    }
  }
}
