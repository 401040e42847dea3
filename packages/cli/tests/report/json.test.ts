import { afterAll, describe, expect, it } from 'vitest';
import { formatReport } from '../../src/report/index.js';
import type { JsonReport } from '../../src/report/types.js';
import { fixtureRepo, summaryOf } from './fixture.js';
import { REPORT_SCHEMA_PATH, readJson, validatorFor } from './schema.js';

const repo = fixtureRepo();
afterAll(() => repo.remove());

const schema = readJson(REPORT_SCHEMA_PATH);
const validate = validatorFor(schema);

function reportOf(overrides: Parameters<typeof summaryOf>[1] = {}): JsonReport {
  return JSON.parse(formatReport('json', summaryOf(repo, overrides))) as JsonReport;
}

/** The property names a schema object lists, in the order written. */
function schemaKeys(pointer: string): string[] {
  let node: unknown = schema;
  for (const part of pointer.split('/').filter(Boolean)) node = (node as Record<string, unknown>)[part];
  return Object.keys((node as { properties: Record<string, unknown> }).properties);
}

describe('JSON report', () => {
  it('is valid against packages/cli/schema/report.schema.json', () => {
    const report = reportOf();
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
  });

  it('is valid with no findings, no engines and no notes', () => {
    const report = reportOf({ findings: [], engines: [], notes: [], suppressedCount: 0 });
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.findings).toEqual([]);
  });

  it('is rejected by the schema when a file path is absolute or a field is missing', () => {
    const report = reportOf();
    const absolute = { ...report, findings: [{ ...report.findings[0], file: repo.file('deploy/api.yaml') }] };
    expect(validate(absolute)).toBe(false);
    const withoutDocs = Object.fromEntries(Object.entries(report.findings[0] as object).filter(([key]) => key !== 'docsUrl'));
    expect(validate({ ...report, findings: [withoutDocs] })).toBe(false);
    expect(validate({ ...report, version: 2 })).toBe(false);
  });

  it('writes every object with its fields in the schema order', () => {
    const report = reportOf();
    expect(Object.keys(report)).toEqual(schemaKeys(''));
    expect(Object.keys(report.tool)).toEqual(schemaKeys('properties/tool'));
    expect(Object.keys(report.summary)).toEqual(schemaKeys('properties/summary'));
    for (const finding of report.findings) expect(Object.keys(finding)).toEqual(schemaKeys('$defs/finding'));
    for (const engine of report.engines) expect(Object.keys(engine)).toEqual(schemaKeys('$defs/engine'));
  });

  it('requires every field it describes, so consumers never meet a missing key', () => {
    for (const pointer of ['', 'properties/tool', 'properties/summary', '$defs/finding', '$defs/engine']) {
      let node: unknown = schema;
      for (const part of pointer.split('/').filter(Boolean)) node = (node as Record<string, unknown>)[part];
      expect((node as { required: string[] }).required, pointer).toEqual(schemaKeys(pointer));
    }
  });

  it('gives file paths relative to the root with / separators, in the caller order', () => {
    const report = reportOf();
    expect(report.root).toBe(repo.root);
    expect(report.findings.map((finding) => `${finding.file}:${finding.line}`)).toEqual([
      'deploy/api.yaml:10',
      'deploy/api.yaml:11',
      'src/routes/x.ts:10',
      'src/routes/x.ts:17',
      'tsconfig.json:2',
    ]);
  });

  it('keeps messages whole, writes null for unknown ends and takes a missing docs link from the rule', () => {
    const report = reportOf({
      findings: [
        {
          tool: 'semgrep',
          ruleId: 'pitfalls-semgrep/k8s-pull-always-mutable-tag',
          severity: 'info',
          message: 'line one\nline two',
          file: repo.file('deploy/api.yaml'),
          line: 11,
          column: 11,
        },
      ],
    });
    expect(report.findings[0]).toEqual({
      ruleId: 'pitfalls-semgrep/k8s-pull-always-mutable-tag',
      tool: 'semgrep',
      severity: 'info',
      message: 'line one\nline two',
      file: 'deploy/api.yaml',
      line: 11,
      column: 11,
      endLine: null,
      endColumn: null,
      docsUrl: 'https://github.com/pitfalls-dev/pitfalls/blob/main/docs/semgrep/k8s-pull-always-mutable-tag.md',
    });
  });

  it('counts findings by severity beside the suppressed and linted counts', () => {
    expect(reportOf().summary).toEqual({ errors: 2, warnings: 2, infos: 1, suppressed: 2, filesLinted: 3 });
  });

  it('reports engines with null for what they did not say, and the notes', () => {
    const report = reportOf({ engines: [{ name: 'semgrep', status: 'missing', detail: 'semgrep not installed: pip install semgrep' }] });
    expect(report.engines).toEqual([
      { name: 'semgrep', status: 'missing', detail: 'semgrep not installed: pip install semgrep', durationMs: null, version: null },
    ]);
    expect(report.notes).toEqual(['2 baseline entries no longer occur: run `pitfalls --baseline prune`']);
    expect(report.version).toBe(1);
    expect(report.tool).toEqual({ name: 'pitfalls', version: '0.1.0' });
  });
});
