import path from 'node:path';
import { execa } from 'execa';
import { UsageError } from './errors.js';

/** The top of the git work tree holding `dir`, or undefined outside git (or without git installed). */
export async function gitTopLevel(dir: string): Promise<string | undefined> {
  const result = await execa('git', ['rev-parse', '--show-toplevel'], { cwd: dir, reject: false });
  return result.exitCode === 0 ? path.resolve(result.stdout.trim()) : undefined;
}

/**
 * Tracked and untracked files under `dir` that .gitignore does not exclude: the
 * files a person means by "my repository", without node_modules or build output.
 */
export async function gitListFiles(dir: string, top: string): Promise<string[]> {
  const result = await execa('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--full-name'], {
    cwd: dir,
    reject: false,
  });
  if (result.exitCode !== 0) throw new UsageError(`git ls-files failed in ${dir}: ${result.stderr.trim()}`);
  return splitNul(result.stdout).map((file) => path.join(top, file));
}

/** Files staged for the next commit (added, copied, modified, renamed), absolute. */
export async function stagedFiles(dir: string): Promise<string[]> {
  const top = await requireGit(dir, '--staged');
  const result = await execa('git', ['diff', '--cached', '--name-only', '--diff-filter=ACMR', '-z'], { cwd: dir, reject: false });
  if (result.exitCode !== 0) throw new UsageError(`git could not list the staged files: ${result.stderr.trim()}`);
  return splitNul(result.stdout).map((file) => path.join(top, file));
}

/**
 * Files changed since the merge base of `ref` and HEAD, committed or not: what
 * a pull request changes, plus the work in progress when run locally.
 */
export async function changedSince(dir: string, ref: string): Promise<string[]> {
  const top = await requireGit(dir, '--changed-since');
  const base = await execa('git', ['merge-base', ref, 'HEAD'], { cwd: dir, reject: false });
  if (base.exitCode !== 0) {
    throw new UsageError(
      `--changed-since ${ref}: git cannot find a merge base with HEAD (${base.stderr.trim() || 'unknown ref'}). In CI, fetch the base branch first (actions/checkout with fetch-depth: 0).`,
    );
  }
  const diff = await execa('git', ['diff', '--name-only', '--diff-filter=ACMR', '-z', base.stdout.trim()], { cwd: dir, reject: false });
  if (diff.exitCode !== 0) throw new UsageError(`git could not list the files changed since ${ref}: ${diff.stderr.trim()}`);
  const untracked = await execa('git', ['ls-files', '-z', '--others', '--exclude-standard', '--full-name'], { cwd: dir, reject: false });
  const files = [...splitNul(diff.stdout), ...(untracked.exitCode === 0 ? splitNul(untracked.stdout) : [])];
  return [...new Set(files)].map((file) => path.join(top, file));
}

async function requireGit(dir: string, flag: string): Promise<string> {
  const top = await gitTopLevel(dir);
  if (!top) throw new UsageError(`${flag} needs a git repository, and ${dir} is not inside one.`);
  return top;
}

function splitNul(output: string): string[] {
  return output.split('\0').filter((entry) => entry !== '');
}
