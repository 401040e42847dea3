import path from 'node:path';
import { Minimatch } from 'minimatch';

/**
 * Whether the linted file matches one of the rule's file globs, written
 * relative to ESLint's working directory (as users write them in their config).
 */
export function isFileMatchedBy(context: { filename: string; cwd: string }, globs: readonly string[]): boolean {
  if (globs.length === 0) return false;
  const relative = path.relative(context.cwd, context.filename).split(path.sep).join('/');
  return globs.some((glob) => compiled(glob).match(relative));
}

// Compiling a glob costs more than matching it; rules ask for every file they lint.
const compiledGlobs = new Map<string, Minimatch>();

function compiled(glob: string): Minimatch {
  let matcher = compiledGlobs.get(glob);
  if (!matcher) {
    matcher = new Minimatch(glob, { dot: true });
    compiledGlobs.set(glob, matcher);
  }
  return matcher;
}

/** Test files in every layout the rules meet: `*.test.ts`, `*.spec.js`, `*.e2e.ts`, `__tests__/`, `test/`, `e2e/`, `__mocks__/`. */
export const TEST_FILE_GLOBS: readonly string[] = [
  '**/*.{test,spec,e2e,e2e-spec}.{ts,tsx,mts,cts,js,jsx,mjs,cjs}',
  '**/{__tests__,__mocks__,test,e2e}/**',
];

/** The JSON schema of a rule's `ignore` option; `examples` names what a rule's users typically skip. */
export function ignoreOptionSchema(examples: string) {
  return {
    type: 'array',
    items: { type: 'string' },
    description: `Globs (minimatch, relative to the ESLint working directory) of files not to check, such as ${examples}. Replaces the default list.`,
  } as const;
}
