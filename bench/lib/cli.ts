/** What the bench's entry points (`run.ts`, `instructions.ts`) share: their flags and the commit they measure. */
import { execFileSync } from 'node:child_process';

/**
 * The value of `--<name>=<value>` on the command line, or `undefined`.
 *
 * @example
 * ```ts
 * const reps = Number(flag('reps') ?? 5);
 * ```
 */
export function flag(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((arg) => arg.startsWith(prefix))?.slice(prefix.length);
}

/**
 * The output of `git <args>` run in `cwd`, trimmed; `''` when git fails (no checkout, no git).
 *
 * @example
 * ```ts
 * const commit = git(root, 'rev-parse', '--short', 'HEAD') || 'unknown';
 * ```
 */
export function git(cwd: string, ...args: string[]): string {
  try {
    return execFileSync('git', args, { cwd, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
  } catch {
    return '';
  }
}
