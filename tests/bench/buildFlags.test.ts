// The build benchmark measures what `npm run build` runs: its children take the Node flags of the
// package.json script, which Node must accept.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildNodeFlags } from '../../bench/build.ts';

describe('bench:build', () => {
  it('runs its children with the Node flags of `npm run build`, and Node accepts them', async () => {
    const flags = await buildNodeFlags();
    const script = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts.build ?? '';
    expect(flags).toContain('--max-semi-space-size=64');
    expect(script).toBe(`tsx ${flags.join(' ')} src/cli.ts build`);
    // Node refuses a flag it does not know (exit 9); -e itself is among execArgv.
    const r = spawnSync(process.execPath, [...flags, '-e', 'process.stdout.write(JSON.stringify(process.execArgv))'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as string[]).slice(0, flags.length)).toEqual(flags);
  });
});
