import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import { rules } from '../src/rules/index.js';
import {
  compareFindingSets,
  compileFixture,
  fixturesConfigFile,
  lintFixture,
  listFixtures,
  readAnnotations,
  staleBuildReason,
  type Fixture,
} from './fixture-harness.js';

// Each fixture is a small real service linted end to end, the way a user runs the
// plugin: through fixtures/eslint.config.js (the built plugin, the strict preset,
// type information from the service's own tsconfig). Culprit lines carry
// `// expect: pitfalls/<id>`; the run must report exactly those, and the repaired
// `<name>-fixed` twin nothing at all.

const fixtures = listFixtures();
const broken = fixtures.filter((fixture) => !fixture.fixed);
const knownRuleIds = new Set(Object.keys(rules).map((id) => `pitfalls/${id}`));
const compiled = new Map<string, ReturnType<typeof compileFixture>>();
const compile = (fixture: Fixture) => {
  let result = compiled.get(fixture.name);
  if (!result) {
    result = compileFixture(fixture);
    compiled.set(fixture.name, result);
  }
  return result;
};

beforeAll(() => {
  const stale = staleBuildReason();
  if (stale) throw new Error(`${path.relative(process.cwd(), fixturesConfigFile)} uses the built plugin, but ${stale}`);
});

describe('fixture repos', () => {
  it('exist, each with a repaired twin', () => {
    expect(broken.length).toBeGreaterThan(0);
    const names = new Set(fixtures.map((fixture) => fixture.name));
    expect(broken.map((fixture) => fixture.name).filter((name) => !names.has(`${name}-fixed`))).toEqual([]);
  });

  it('have no repaired twin without an original', () => {
    const names = new Set(fixtures.map((fixture) => fixture.name));
    expect(fixtures.filter((fixture) => fixture.fixed && !names.has(fixture.name.slice(0, -'-fixed'.length)))).toEqual([]);
  });
});

describe.each(fixtures)('fixture $name', (fixture: Fixture) => {
  it('compiles under its own tsconfig, which covers every source file', () => {
    const { diagnostics, files, options } = compile(fixture);
    expect(diagnostics).toEqual([]);
    expect(options.strict).toBe(true);
    expect(files.length).toBeGreaterThan(0);
    expect(files.every((file) => file.startsWith('src/'))).toBe(true);
  });

  if (fixture.fixed) {
    it('has no expect annotations', () => {
      expect(readAnnotations(fixture)).toEqual({ findings: [], malformed: [] });
    });

    it('produces no finding and no error', async () => {
      const outcome = await lintFixture(ESLint, fixture);
      expect(outcome.files).toEqual(compile(fixture).files);
      expect(outcome.errors).toEqual([]);
      expect(compareFindingSets([], outcome.findings, outcome.messages)).toEqual({ missing: [], unexpected: [] });
    });
  } else {
    it('has well-formed annotations naming rules of the plugin', () => {
      const { findings, malformed } = readAnnotations(fixture);
      expect(malformed).toEqual([]);
      expect(findings.length).toBeGreaterThan(0);
      expect(findings.map((finding) => finding.split(':')[2]).filter((ruleId) => !knownRuleIds.has(ruleId!))).toEqual([]);
    });

    it('reports exactly the annotated findings and no error', async () => {
      const expected = readAnnotations(fixture).findings;
      const outcome = await lintFixture(ESLint, fixture);
      expect(outcome.files).toEqual(compile(fixture).files);
      expect(outcome.errors).toEqual([]);
      expect(compareFindingSets(expected, outcome.findings, outcome.messages)).toEqual({ missing: [], unexpected: [] });
    });
  }
});
