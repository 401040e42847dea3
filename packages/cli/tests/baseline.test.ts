import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { applyBaseline, createBaseline, pruneBaseline, readBaseline, writeBaseline } from '../src/baseline.js';
import type { Finding } from '../src/finding.js';

const root = '/repo';

function finding(file: string, ruleId: string, line: number): Finding {
  return { tool: 'eslint', ruleId, severity: 'error', message: 'm', file: path.join(root, file), line, column: 1 };
}

describe('baseline', () => {
  const today = [
    finding('src/routes/users.ts', 'pitfalls/no-swallowed-error', 10),
    finding('src/routes/users.ts', 'pitfalls/no-swallowed-error', 42),
    finding('deploy/api.yaml', 'pitfalls-semgrep/k8s-image-latest', 3),
  ];

  it('counts findings per file and rule, in sorted order', () => {
    const baseline = createBaseline(root, today);
    expect(baseline).toEqual({
      'deploy/api.yaml': { 'pitfalls-semgrep/k8s-image-latest': { count: 1 } },
      'src/routes/users.ts': { 'pitfalls/no-swallowed-error': { count: 2 } },
    });
    expect(Object.keys(baseline)).toEqual(['deploy/api.yaml', 'src/routes/users.ts']);
  });

  it('suppresses what it recorded and reports only new findings', () => {
    const baseline = createBaseline(root, today);
    const later = [...today, finding('src/jobs/digest.ts', 'pitfalls/no-swallowed-error', 5)];
    const outcome = applyBaseline(root, later, baseline);
    expect(outcome.reported.map((f) => `${path.relative(root, f.file)}:${f.line}`)).toEqual(['src/jobs/digest.ts:5']);
    expect(outcome.suppressed).toHaveLength(3);
    expect(outcome.unused).toEqual({});
  });

  it('reports every finding of a rule in a file once there are more than recorded, as ESLint does', () => {
    const baseline = createBaseline(root, today);
    const later = [...today, finding('src/routes/users.ts', 'pitfalls/no-swallowed-error', 80)];
    const outcome = applyBaseline(root, later, baseline);
    expect(outcome.reported.map((f) => f.line)).toEqual([10, 42, 80]);
  });

  it('keeps what no longer occurs as unused, and prune removes it', () => {
    const baseline = createBaseline(root, today);
    const fixedOne = [today[0] as Finding, today[2] as Finding];
    const outcome = applyBaseline(root, fixedOne, baseline);
    expect(outcome.reported).toEqual([]);
    expect(outcome.unused).toEqual({ 'src/routes/users.ts': { 'pitfalls/no-swallowed-error': { count: 1 } } });
    expect(pruneBaseline(baseline, outcome.unused)['src/routes/users.ts']).toEqual({ 'pitfalls/no-swallowed-error': { count: 1 } });
  });

  it('rejects a file that is not in the suppressions format', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pitfalls-baseline-'));
    const file = path.join(dir, 'b.json');
    writeFileSync(file, JSON.stringify({ 'a.ts': { rule: 3 } }));
    expect(() => readBaseline(file)).toThrow(/not in the suppressions format/);
  });

  it("writes a file ESLint's own bulk suppressions read", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pitfalls-baseline-'));
    writeFileSync(path.join(dir, 'legacy.js'), 'debugger;\ndebugger;\n');
    const options: ESLint.Options = { cwd: dir, overrideConfigFile: true, overrideConfig: { rules: { 'no-debugger': 'error' } } };
    const [result] = await new ESLint(options).lintFiles(['legacy.js']);
    const findings = (result?.messages ?? []).map((message) => ({ ...finding('x', message.ruleId ?? '', message.line), file: path.join(dir, 'legacy.js') }));
    expect(findings).toHaveLength(2);
    const suppressions = path.join(dir, 'suppressions.json');
    writeBaseline(suppressions, createBaseline(dir, findings));
    expect(JSON.parse(readFileSync(suppressions, 'utf8'))).toEqual({ 'legacy.js': { 'no-debugger': { count: 2 } } });
    const [suppressed] = await new ESLint({ ...options, applySuppressions: true, suppressionsLocation: suppressions }).lintFiles(['legacy.js']);
    expect(suppressed?.messages).toEqual([]);
    expect(suppressed?.suppressedMessages).toHaveLength(2);
  });
});
