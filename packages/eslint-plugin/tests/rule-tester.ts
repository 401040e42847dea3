import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RuleTester } from '@typescript-eslint/rule-tester';
import * as vitest from 'vitest';

RuleTester.afterAll = vitest.afterAll;
RuleTester.describe = vitest.describe;
RuleTester.it = vitest.it;
RuleTester.itOnly = vitest.it.only;

/** Directory of the typed-test project: a tsconfig and real files test code may import. */
export const fixtureDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixture');

/**
 * Parser options for tests that lint in-memory code under a fixture file's
 * name. With `CI=true`, typescript-estree otherwise infers a single-run lint
 * and builds the program once from disk, so a second snippet under the same
 * file name would be checked against stale types. RuleTester sets this itself.
 */
export const NOT_SINGLE_RUN = { disallowAutomaticSingleRunInference: true } as const;

/** Lints test code without type information: the rules' syntactic fallback. */
export function untypedRuleTester(): RuleTester {
  return new RuleTester();
}

/**
 * Lints test code as `tests/fixture/file.ts` (or `react.tsx` with `filename`)
 * inside a real TypeScript program, with declarations from the real packages
 * in node_modules (pg, mysql2, knex, @types/better-sqlite3, express, ...).
 */
export function typedRuleTester(): RuleTester {
  return new RuleTester({
    languageOptions: {
      parserOptions: {
        project: './tsconfig.json',
        tsconfigRootDir: fixtureDir,
      },
    },
  });
}
