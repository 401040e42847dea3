import { ESLint as ESLint10 } from 'eslint';
import { ESLint as ESLint9 } from 'eslint9';
import { describe, expect, it } from 'vitest';
// The published entry point (dist), exactly as users import it.
import pitfalls from 'eslint-plugin-pitfalls';
import { fixtureDir } from './rule-tester.js';

// One sample with one pitfall per rule, linted by both supported ESLint majors,
// with and without type information.
const expected = [
  { ruleId: 'pitfalls/no-sync-io-in-async', line: 8 },
  { ruleId: 'pitfalls/no-template-sql', line: 9 },
  { ruleId: 'pitfalls/no-swallowed-error', line: 11 },
];

const engines = [
  ['ESLint 10', ESLint10, /^10\./],
  ['ESLint 9', ESLint9, /^9\./],
] as const;

describe.each(engines)('%s', (_, ESLint, version) => {
  it('is the major it claims to be', () => {
    expect(ESLint.version).toMatch(version);
  });

  it.each([
    ['with type information', { languageOptions: { parserOptions: { project: './tsconfig.json', tsconfigRootDir: fixtureDir } } }],
    ['without type information', {}],
  ])('reports the recommended rules %s', async (_, typeConfig) => {
    const eslint = new ESLint({
      cwd: fixtureDir,
      overrideConfigFile: true,
      overrideConfig: [pitfalls.configs.recommended as never, typeConfig],
    });
    const [result] = await eslint.lintFiles(['compat-sample.ts']);
    expect(result?.messages.filter((message) => message.fatal)).toEqual([]);
    expect(result?.messages.map(({ ruleId, line }) => ({ ruleId, line }))).toEqual(expected);
  });
});
