// Test helper: find a Debian tool the tests use (rapper, Debian's python3 with rdflib, chromium, ...)
// and say why a test is skipped when it is missing. .ci/run installs them.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface Tool {
  readonly available: boolean;
  /** Why the tests that need it were skipped, or ''. */
  readonly reason: string;
}

export function tool(command: string, probeArgs: readonly string[], debianPackage: string): Tool {
  if (!existsSync(command)) return { available: false, reason: `${command} is not installed (Debian package ${debianPackage}; .ci/run installs it)` };
  try {
    execFileSync(command, probeArgs, { stdio: 'ignore', timeout: 20_000 });
    return { available: true, reason: '' };
  } catch {
    return { available: false, reason: `${command} ${probeArgs.join(' ')} failed (Debian package ${debianPackage}; .ci/run installs it)` };
  }
}

/** Logs the reason once so that a skipped test is visible in the run's output. */
export function announceSkip(what: string, t: Tool): void {
  if (!t.available) console.warn(`SKIPPED ${what}: ${t.reason}`);
}
