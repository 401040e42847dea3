import path from 'node:path';
import { minimatch } from 'minimatch';

/**
 * Whether the linted file matches one of the rule's file globs, written
 * relative to ESLint's working directory (as users write them in their config).
 */
export function isFileMatchedBy(context: { filename: string; cwd: string }, globs: readonly string[]): boolean {
  if (globs.length === 0) return false;
  const relative = path.relative(context.cwd, context.filename).split(path.sep).join('/');
  return globs.some((glob) => minimatch(relative, glob, { dot: true }));
}
