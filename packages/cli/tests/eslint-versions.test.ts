import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ESLint } from 'eslint';
import { ESLint as ESLint9 } from 'eslint9';
import { describe, expect, it } from 'vitest';
import { runEslint } from '../src/eslint-runner.js';
import { STRICT_TSCONFIG, SWALLOWING } from './samples.js';

// The CLI depends on `eslint` ^9 || ^10; both majors must give the same report.
describe.each([
  ['ESLint 10', ESLint, /^10\./],
  ['ESLint 9', ESLint9 as unknown as typeof ESLint, /^9\./],
])('the CLI on %s', (_name, eslintClass, version) => {
  it('finds the same pitfall with type information, and a file outside the tsconfig without', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'pitfalls-eslint-'));
    mkdirSync(path.join(root, 'src'));
    mkdirSync(path.join(root, 'scripts'));
    writeFileSync(path.join(root, 'tsconfig.json'), STRICT_TSCONFIG);
    writeFileSync(path.join(root, 'src/places.ts'), SWALLOWING);
    // scripts/ is outside the tsconfig's include: linted without types instead of failing.
    writeFileSync(path.join(root, 'scripts/places.ts'), SWALLOWING);
    const outcome = await runEslint({
      root,
      files: [path.join(root, 'src/places.ts'), path.join(root, 'scripts/places.ts')],
      preset: 'recommended',
      config: {},
      typeInfo: true,
      eslintClass,
    });
    expect(outcome.version).toMatch(version);
    expect(outcome.typed).toBe(true);
    expect(outcome.errors).toEqual([]);
    expect(outcome.filesLinted).toBe(2);
    expect(outcome.findings.map((f) => `${path.relative(root, f.file)}:${f.line}:${f.ruleId}`)).toEqual([
      'src/places.ts:9:pitfalls/no-swallowed-error',
      'scripts/places.ts:9:pitfalls/no-swallowed-error',
    ]);
  });
});
