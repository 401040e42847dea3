import { accessSync, constants, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { Minimatch } from 'minimatch';
import { UsageError } from './errors.js';
import { DEFAULT_IGNORES } from './eslint-runner.js';
import { gitListFiles, gitTopLevel } from './git.js';
import { relativeKey } from './baseline.js';

/** The paths from the command line, resolved and checked, so a typo is exit 2 and not an empty clean report. */
export function resolvePaths(root: string, paths: readonly string[]): string[] {
  return paths.map((entry) => {
    const absolute = path.resolve(root, entry);
    try {
      accessSync(absolute, constants.R_OK);
    } catch {
      throw new UsageError(`Cannot read ${entry}: no such file or directory, or no permission.`);
    }
    if (!absolute.startsWith(root + path.sep) && absolute !== root) {
      throw new UsageError(`${entry} is outside the directory pitfalls runs in (${root}); run pitfalls from the repository root.`);
    }
    return absolute;
  });
}

/**
 * Every file of the repository the run may look at: git's view (tracked and
 * untracked, .gitignore applied) inside a work tree, a directory walk
 * otherwise; the default and configured ignores applied either way.
 */
export async function repositoryFiles(root: string, ignore: readonly string[]): Promise<string[]> {
  const top = await gitTopLevel(root);
  const listed = top ? await gitListFiles(root, top) : walk(root);
  const isIgnored = ignoreMatcher([...DEFAULT_IGNORES, ...ignore]);
  return listed
    .filter((file) => file.startsWith(root + path.sep))
    .filter((file) => !isIgnored(relativeKey(root, file)))
    .filter(isRegularFile)
    .sort();
}

/** The files under the given paths (a path may be a file or a directory). */
export function selectUnder(files: readonly string[], paths: readonly string[]): string[] {
  return files.filter((file) => paths.some((entry) => file === entry || file.startsWith(entry + path.sep)));
}

/** Compiled once per run: a repository has thousands of files and every one is tested against every glob. */
function ignoreMatcher(patterns: readonly string[]): (relative: string) => boolean {
  // A pattern naming a directory (`legacy` or `legacy/`) ignores what is inside it too.
  const matchers = patterns.flatMap((pattern) => [pattern, `${pattern.replace(/\/$/, '')}/**`]).map((glob) => new Minimatch(glob, { dot: true }));
  return (relative) => matchers.some((matcher) => matcher.match(relative));
}

function isRegularFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    // Deleted in the work tree but still in the index: nothing to lint.
    return false;
  }
}

function walk(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === '.git') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...walk(full));
    else if (entry.isFile()) files.push(full);
  }
  return files;
}
