import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { SARIF_SCHEMA_PATH, readJson, validatorFor } from './report/schema.js';

// The fixture services through the built command, the way CI runs it: every
// engine, every annotated finding (TypeScript, YAML, Python, Dockerfile…),
// exit codes, and SARIF that validates.
const repoRoot = path.resolve(import.meta.dirname, '../../..');
const fixturesDir = path.join(repoRoot, 'fixtures');
const bin = path.join(repoRoot, 'packages/cli/bin/pitfalls.js');

const ID = String.raw`pitfalls(?:-semgrep|-project)?\/[a-z0-9-]+`;
/** `// expect: a, b` or `# expect: a, b` closing a culprit line. */
const ANNOTATION = new RegExp(String.raw`(?:\/\/|#)\s*expect:\s*(${ID}(?:\s*,\s*${ID})*)\s*$`);
const ANNOTATION_LIKE = /(?:\/\/|#)\s*expect\b/;

const services = readdirSync(fixturesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && isFile(path.join(fixturesDir, entry.name, 'package.json')))
  .map((entry) => entry.name)
  .sort();

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.cache')) return [];
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}

function annotations(dir: string): { expected: string[]; malformed: string[] } {
  const expected = new Set<string>();
  const malformed: string[] = [];
  for (const file of walk(dir)) {
    if (/\.(svg|png|ico|lock)$/.test(file)) continue;
    const relative = path.relative(dir, file).split(path.sep).join('/');
    readFileSync(file, 'utf8')
      .split(/\r?\n/)
      .forEach((text, index) => {
        const match = ANNOTATION.exec(text);
        if (match?.[1]) for (const id of match[1].split(',')) expected.add(`${relative}:${index + 1}:${id.trim()}`);
        else if (ANNOTATION_LIKE.test(text)) malformed.push(`${relative}:${index + 1}: ${text.trim()}`);
      });
  }
  return { expected: [...expected].sort(), malformed };
}

interface JsonReport {
  findings: { ruleId: string; file: string; line: number }[];
  engines: { name: string; status: string }[];
}

describe.each(services)('pitfalls over fixtures/%s', (service) => {
  const dir = path.join(fixturesDir, service);
  const fixed = service.endsWith('-fixed');

  it(fixed ? 'exits 0 with no finding' : 'exits 1 with exactly the annotated findings', async () => {
    const { expected, malformed } = annotations(dir);
    expect(malformed).toEqual([]);
    if (fixed) expect(expected).toEqual([]);
    else expect(expected.length).toBeGreaterThan(0);
    const result = await execa(process.execPath, [bin, '--require-semgrep', '--format', 'json'], { cwd: dir, reject: false, env: { CI: '1' } });
    expect(result.stderr).not.toMatch(/internal error|could not lint|failed/);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.engines.map((engine) => `${engine.name}:${engine.status}`)).toEqual(['eslint:ran', 'semgrep:ran', 'project:ran']);
    const actual = [...new Set(report.findings.map((finding) => `${finding.file}:${finding.line}:${finding.ruleId}`))].sort();
    expect(actual).toEqual(expected);
    expect(result.exitCode).toBe(fixed ? 0 : 1);
  });
});

describe('SARIF over a fixture', () => {
  it('validates against the SARIF 2.1.0 schema with one result per finding', async () => {
    const dir = path.join(fixturesDir, 'causality-pipeline');
    const sarif = await execa(process.execPath, [bin, '--require-semgrep', '--format', 'sarif'], { cwd: dir, reject: false, env: { CI: '1' } });
    expect(sarif.exitCode).toBe(1);
    const log = JSON.parse(sarif.stdout) as { runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };
    const validate = validatorFor(readJson(SARIF_SCHEMA_PATH));
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const fromSarif = log.runs
      .flatMap((run) => run.results)
      .map((result) => `${result.locations[0]?.physicalLocation.artifactLocation.uri}:${result.locations[0]?.physicalLocation.region.startLine}:${result.ruleId}`)
      .sort();
    expect([...new Set(fromSarif)]).toEqual(annotations(dir).expected);
    // Every rule that ran is described, the Semgrep ones from their metadata.description.
    const rules = (log.runs[0] as unknown as { tool: { driver: { rules: { id: string; shortDescription: { text: string } }[] } } }).tool.driver.rules;
    expect(rules.find((rule) => rule.id === 'pitfalls-semgrep/dockerfile-from-latest')?.shortDescription.text).toBe(
      'Disallow `FROM` images without a fixed version in Dockerfiles.',
    );
    expect(rules.map((rule) => rule.id)).toContain('pitfalls-project/single-task-queue');
  });
});
