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

/** A thread of this process's nice value, from /proc/self/task/<tid>/stat (field 19), or null. */
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

/** Lowers the calling thread's priority to nice 19 (a worker loading the graph while others serve); false where it cannot. */
export function lowerOwnPriority(): boolean {
  const tid = kernelThreadId();
  if (tid === null) return false;
  try {
    setPriority(tid, DEMOTED_NICE);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether this process may set a thread back to nice `nice` after raising it: with CAP_SYS_NICE, or
 * down to 20 − RLIMIT_NICE (man 2 setpriority; the soft limit is 0 for most unprivileged processes).
 */
export function mayLowerNiceTo(nice: number): boolean {
  try {
    const capEff = /^CapEff:\s*([0-9a-f]+)$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (capEff !== undefined && ((BigInt(`0x${capEff}`) >> 23n) & 1n) === 1n) return true;
    const soft = /^Max nice priority\s+(\d+|unlimited)/m.exec(readFileSync('/proc/self/limits', 'utf8'))?.[1];
    return soft === 'unlimited' || nice >= 20 - Number(soft ?? 0);
  } catch {
    return false;
  }
}

/**
 * What became of a query's thread when the query ended: `normal` (never demoted), `restored`
 * (demoted, then set back to nice 0) or `demoted` (still at nice 19: an unprivileged process may
 * not lower a nice value, so the pool retires the worker rather than run short queries on it).
 */
export type DemotionOutcome = 'normal' | 'restored' | 'demoted';

export class ThreadDemoter {
  private failed = false;
  /** The nice value workers start with (they inherit the main thread's), and are set back to. */
  private readonly normalNice = getPriority();
  private lowLoads: boolean;

  /** `afterMs` 0 turns demotion off. */
  constructor(private readonly afterMs: number, private readonly logger?: Logger) {
    this.lowLoads = afterMs > 0 && kernelThreadId() !== null && mayLowerNiceTo(this.normalNice);
  }

  /**
   * Whether a replacement worker should load the graph at nice 19 (so that compiling and loading
   * does not compete with the queries being served): only where its priority can be set back after.
   */
  loadsLow(): boolean {
    return this.lowLoads && !this.failed;
  }

  /** Sets a worker that loaded at low priority back to normal; false (and no more low loads) where the kernel refuses. */
  restore(tid: number | null): boolean {
    if (tid === null) return true;
    try {
      setPriority(tid, this.normalNice);
      return true;
    } catch (e) {
      if (this.lowLoads) this.logger?.warn({ err: e }, 'cannot set a query thread back to normal priority; replacement workers now load at normal priority');
      this.lowLoads = false;
      return false;
    }
  }

  /**
   * Starts the clock on a query running on thread `tid`. The returned function ends it: `restore`
   * false when the worker is being terminated anyway.
   */
  watch(tid: number | null): (restore: boolean) => DemotionOutcome {
    if (this.afterMs <= 0 || tid === null || this.failed) return () => 'normal';
    let demoted = false;
    const timer = setTimeout(() => { demoted = this.setNice(tid, DEMOTED_NICE); }, this.afterMs);
    return (restore) => {
      clearTimeout(timer);
      if (!demoted) return 'normal';
      if (!restore) return 'demoted';
      return this.restore(tid) ? 'restored' : 'demoted';
    };
  }

  private setNice(tid: number, nice: number): boolean {
    try {
      setPriority(tid, nice);
      return true;
    } catch (e) {
      if (!this.failed) this.logger?.warn({ err: e }, 'cannot lower the priority of long-running query threads; carrying on without it (DEMOTE_AFTER_MS)');
      this.failed = true;
      return false;
    }
  }
}
