import path from 'node:path';

/**
 * The path reports show: relative to the repository root with `/` separators, so the same
 * finding reads the same on Windows and Linux and GitHub resolves it against the checkout.
 */
export function relativePosixPath(root: string, file: string): string {
  const relative = path.relative(root, file);
  return relative === '' ? '.' : relative.split(path.sep).join('/');
}
