import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Log, Result, Run } from 'sarif';
import { afterAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/finding.js';
import { FINDING_FINGERPRINT, formatReport, githubLineHashes } from '../../src/report/index.js';
import type { RunSummary } from '../../src/report/types.js';
import { ROUTE_SOURCE, fixtureRepo, findingsIn, summaryOf, type FixtureRepo } from './fixture.js';
import { SARIF_SCHEMA_PATH, readJson, validatorFor } from './schema.js';

/** The platform's native multitool binary (the package's bin wrapper goes through a shell, which splits on `;`). */
const MULTITOOL = createRequire(import.meta.url)('@microsoft/sarif-multitool') as string;

const repos: FixtureRepo[] = [];
const scratch = mkdtempSync(path.join(tmpdir(), 'pitfalls-sarif-'));
afterAll(() => {
  for (const repo of repos) repo.remove();
  rmSync(scratch, { recursive: true, force: true });
});

function newRepo(): FixtureRepo {
  const repo = fixtureRepo();
  repos.push(repo);
  return repo;
}

const repo = newRepo();

function sarifOf(summary: RunSummary): Log {
  return JSON.parse(formatReport('sarif', summary)) as Log;
}

function onlyRun(log: Log): Run {
  expect(log.runs).toHaveLength(1);
  return log.runs[0] as Run;
}

function resultsOf(log: Log): Result[] {
  return onlyRun(log).results ?? [];
}

function writeScratch(name: string, text: string): string {
  const file = path.join(scratch, name);
  writeFileSync(file, text);
  return file;
}

/** Runs `sarif-multitool <command>` and returns the log it wrote. */
function multitool(command: string, input: string, ...args: string[]): Log {
  const output = path.join(scratch, `${path.basename(input, '.sarif')}.${command}.sarif`);
  execFileSync(MULTITOOL, [command, input, '--output', output, '--log', 'ForceOverwrite', ...args], { stdio: 'pipe', timeout: 60_000 });
  return JSON.parse(readFileSync(output, 'utf8')) as Log;
}

describe('SARIF report: validity', () => {
  const validate = validatorFor(readJson(SARIF_SCHEMA_PATH));

  it('is valid against the official SARIF 2.1.0 schema', () => {
    expect(validate(sarifOf(summaryOf(repo))), JSON.stringify(validate.errors)).toBe(true);
    expect(validate(sarifOf(summaryOf(repo, { findings: [] }))), JSON.stringify(validate.errors)).toBe(true);
  });

  it('is rejected by that schema when a region starts at line 0, so the check can fail', () => {
    const log = sarifOf(summaryOf(repo));
    const region = resultsOf(log)[0]?.locations?.[0]?.physicalLocation?.region;
    if (!region) throw new Error('the first result has no region');
    region.startLine = 0;
    expect(validate(log)).toBe(false);
  });

  it('passes the SARIF multitool validator, SARIF and GitHub rules, without a warning', () => {
    for (const [name, summary] of [
      ['full', summaryOf(repo)],
      ['empty', summaryOf(repo, { findings: [], engines: [], notes: [] })],
    ] as const) {
      const input = writeScratch(`${name}.sarif`, formatReport('sarif', summary));
      const verdict = multitool('validate', input, '--rule-kind', 'Sarif;Gh');
      const problems = (verdict.runs[0]?.results ?? []).map((result) => `${result.ruleId}: ${JSON.stringify(result.message)}`);
      expect(problems, name).toEqual([]);
    }
  });

  it('makes the multitool validator report what GitHub requires when it is missing', () => {
    const log = sarifOf(summaryOf(repo));
    for (const rule of onlyRun(log).tool.driver.rules ?? []) delete rule.help;
    const verdict = multitool('validate', writeScratch('no-help.sarif', JSON.stringify(log)), '--rule-kind', 'Sarif;Gh');
    expect((verdict.runs[0]?.results ?? []).map((result) => result.ruleId)).toContain('GH2012');
  });
});

describe('SARIF report: content', () => {
  const log = sarifOf(summaryOf(repo));
  const run = onlyRun(log);
  const rules = run.tool.driver.rules ?? [];
  const results = resultsOf(log);

  it('is one run of the tool pitfalls, with no automation id to override the upload category', () => {
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(run.tool.driver.name).toBe('pitfalls');
    expect(run.tool.driver.version).toBe('0.1.0');
    expect(run.automationDetails).toBeUndefined();
  });

  it('lists every rule that ran, found or not, with the descriptions GitHub shows', () => {
    expect(rules.map((rule) => rule.id)).toEqual([
      'pitfalls/no-swallowed-error',
      'pitfalls/require-request-timeout',
      'pitfalls/no-query-in-loop',
      'pitfalls-semgrep/k8s-image-latest',
      'pitfalls-semgrep/k8s-pull-always-mutable-tag',
      'pitfalls-project/tsconfig-strictness',
    ]);
    for (const rule of rules) {
      expect(rule.shortDescription?.text, rule.id).toBeTruthy();
      expect(rule.fullDescription?.text, rule.id).toBeTruthy();
      expect(rule.help?.text, rule.id).toContain(rule.helpUri);
      expect(URL.canParse(rule.helpUri ?? ''), rule.id).toBe(true);
    }
    const described = rules.find((rule) => rule.id === 'pitfalls/no-swallowed-error');
    expect(described?.shortDescription?.text).toBe('Disallow catches that hide a failure by doing nothing, only logging, or returning a default value');
    const undescribed = rules.find((rule) => rule.id === 'pitfalls-semgrep/k8s-image-latest');
    expect(undescribed?.shortDescription?.text).toBe('Semgrep rule pitfalls-semgrep/k8s-image-latest');
  });

  it('gives every result a rule id and an index that points at that rule', () => {
    expect(results).toHaveLength(5);
    for (const result of results) {
      expect(result.ruleId).toBeTruthy();
      expect(rules[result.ruleIndex as number]?.id).toBe(result.ruleId);
    }
  });

  it('adds a rule for a finding whose rule the run did not describe', () => {
    const stray: Finding = { ...(findingsIn(repo)[0] as Finding), ruleId: 'pitfalls-semgrep/from-a-user-pack', docsUrl: undefined };
    const strayRun = onlyRun(sarifOf(summaryOf(repo, { findings: [stray] })));
    const rule = strayRun.tool.driver.rules?.[strayRun.results?.[0]?.ruleIndex as number];
    expect(rule?.id).toBe('pitfalls-semgrep/from-a-user-pack');
    expect(rule?.help?.text).toBe('Semgrep rule pitfalls-semgrep/from-a-user-pack');
  });

  it('maps error, warning and info to the SARIF levels error, warning and note', () => {
    expect(results.map((result) => [result.ruleId, result.level])).toEqual([
      ['pitfalls-semgrep/k8s-image-latest', 'error'],
      ['pitfalls-semgrep/k8s-pull-always-mutable-tag', 'note'],
      ['pitfalls/no-swallowed-error', 'error'],
      ['pitfalls/require-request-timeout', 'warning'],
      ['pitfalls-project/tsconfig-strictness', 'warning'],
    ]);
  });

  it('locates results by a relative URI on %SRCROOT%, which maps to the root as a directory URL', () => {
    for (const result of results) {
      const location = result.locations?.[0]?.physicalLocation?.artifactLocation;
      expect(location?.uriBaseId).toBe('%SRCROOT%');
      expect(location?.uri).toMatch(/^(?![a-z]+:)(?!\/)[^\\]+$/);
      expect(run.artifacts?.[location?.index as number]?.location?.uri).toBe(location?.uri);
    }
    expect(results.map((result) => result.locations?.[0]?.physicalLocation?.artifactLocation?.uri)).toEqual([
      'deploy/api.yaml',
      'deploy/api.yaml',
      'src/routes/x.ts',
      'src/routes/x.ts',
      'tsconfig.json',
    ]);
    expect(run.originalUriBaseIds?.['%SRCROOT%']?.uri).toBe(`${pathToFileURL(repo.root).href}/`);
  });

  it('copies the region, end column exclusive as in the finding, and leaves out an end the engine did not give', () => {
    expect(results[2]?.locations?.[0]?.physicalLocation?.region).toEqual({ startLine: 10, startColumn: 5, endLine: 13, endColumn: 4 });
    const startOnly: Finding = { ...(findingsIn(repo)[0] as Finding), endLine: undefined, endColumn: undefined };
    const region = resultsOf(sarifOf(summaryOf(repo, { findings: [startOnly] })))[0]?.locations?.[0]?.physicalLocation?.region;
    expect(region).toEqual({ startLine: 10, startColumn: 18 });
  });

  it('keeps the message whole and reports engines and notes as tool notifications', () => {
    expect(results[0]?.message.text).toBe(findingsIn(repo)[0]?.message);
    const invocation = run.invocations?.[0];
    expect(invocation?.executionSuccessful).toBe(true);
    expect(invocation?.toolExecutionNotifications?.map((note) => [note.level, note.message.text])).toEqual([
      ['note', 'project skipped: turned off by --no-project-checks'],
      ['warning', '2 baseline entries no longer occur: run `pitfalls --baseline prune`'],
    ]);
    expect(run.properties).toMatchObject({ filesLinted: 3, suppressedByBaseline: 2 });
  });

  it('marks the run unsuccessful when an engine failed', () => {
    const failed = onlyRun(sarifOf(summaryOf(repo, { engines: [{ name: 'semgrep', status: 'failed', detail: 'exit 7' }] })));
    expect(failed.invocations?.[0]?.executionSuccessful).toBe(false);
    expect(failed.invocations?.[0]?.toolExecutionNotifications?.[0]).toEqual({ level: 'error', message: { text: 'semgrep failed: exit 7' } });
  });
});

describe('SARIF report: fingerprints', () => {
  function fingerprintsOf(summary: RunSummary): Record<string, string>[] {
    return resultsOf(sarifOf(summary)).map((result) => result.partialFingerprints ?? {});
  }

  it('computes GitHub’s primaryLocationLineHash exactly as the SARIF multitool computes it', () => {
    const log = sarifOf(summaryOf(repo));
    const ours = resultsOf(log).map((result) => result.partialFingerprints?.primaryLocationLineHash);
    for (const result of resultsOf(log)) delete result.partialFingerprints?.primaryLocationLineHash;
    const rewritten = multitool('rewrite', writeScratch('unhashed.sarif', JSON.stringify(log)), '--insert', 'RollingHashPartialFingerprints');
    const theirs = (rewritten.runs[0]?.results ?? []).map((result) => result.partialFingerprints?.primaryLocationLineHash);
    expect(ours.every((hash) => typeof hash === 'string')).toBe(true);
    expect(ours).toEqual(theirs);
  });

  it('matches the test vectors of github/codeql-action src/fingerprints.test.ts', () => {
    expect(githubLineHashes('')).toEqual(['c129715d7a2bc9a3:1']);
    expect(githubLineHashes(' a\nb\n  \t\tc\n d')).toEqual(['271789c17abda88f:1', '54703d4cd895b18:1', '180aee12dab6264:1', 'a23a3dc5e078b07b:1']);
    const lineEnds = ['e9496ae3ebfced30:1', 'fb7c023a8b9ccb3f:1', 'ce8ba1a563dcdaca:1', 'e20e36e16fcb0cc8:1', 'b3edc88f2938467e:1', 'c8e28b0b4002a3a0:1', 'c129715d7a2bc9a3:1'];
    expect(githubLineHashes(' hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n')).toEqual(lineEnds);
    expect(githubLineHashes(' hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r')).toEqual(lineEnds);
    expect(githubLineHashes(' hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n')).toEqual(lineEnds);
    expect(githubLineHashes('Lorem ipsum dolor sit amet.\n'.repeat(10))).toEqual([
      'a7f2ff13bc495cf2:1',
      'a7f2ff13bc495cf2:2',
      'a7f2ff13bc495cf2:3',
      'a7f2ff13bc495cf2:4',
      'a7f2ff13bc495cf2:5',
      'a7f2ff13bc495cf2:6',
      'a7f2ff1481e87703:1',
      'a9cf91f7bbf1862b:1',
      '55ec222b86bcae53:1',
      'cc97dc7b1d7d8f7b:1',
      'c129715d7a2bc9a3:1',
    ]);
  });

  it('keeps both fingerprints when lines are inserted above the finding', () => {
    const moved = newRepo();
    const inserted = "import { logger } from '../logger.js';\nimport { metrics } from '../metrics.js';\n\n";
    moved.write('src/routes/x.ts', inserted + ROUTE_SOURCE);
    const shift = inserted.split('\n').length - 1;
    const movedFindings = findingsIn(moved).map((finding) =>
      finding.file === moved.file('src/routes/x.ts') ? { ...finding, line: finding.line + shift, endLine: (finding.endLine as number) + shift } : finding,
    );
    const before = fingerprintsOf(summaryOf(repo));
    const after = fingerprintsOf(summaryOf(moved, { findings: movedFindings }));
    expect(after).toEqual(before);
    expect(new Set(before.map((fingerprints) => fingerprints[FINDING_FINGERPRINT])).size).toBe(before.length);
  });

  it('changes both fingerprints when the flagged line itself changes', () => {
    const edited = newRepo();
    edited.write('src/routes/x.ts', ROUTE_SOURCE.replace('} catch (error) {', '} catch (cause) {'));
    const before = fingerprintsOf(summaryOf(repo))[2];
    const after = fingerprintsOf(summaryOf(edited))[2];
    expect(after?.primaryLocationLineHash).not.toBe(before?.primaryLocationLineHash);
    expect(after?.[FINDING_FINGERPRINT]).not.toBe(before?.[FINDING_FINGERPRINT]);
  });

  it('numbers two identical findings on identical lines apart', () => {
    const twin = newRepo();
    twin.write('src/twin.ts', 'void fetch(url);\nvoid fetch(url);\n');
    const at = (line: number): Finding => ({
      tool: 'eslint',
      ruleId: 'pitfalls/require-request-timeout',
      severity: 'warning',
      message: '`fetch` makes an outbound request with no timeout.',
      file: twin.file('src/twin.ts'),
      line,
      column: 6,
    });
    const [first, second] = fingerprintsOf(summaryOf(twin, { findings: [at(1), at(2)] }));
    expect(first?.[FINDING_FINGERPRINT]?.replace(/:1$/, ':2')).toBe(second?.[FINDING_FINGERPRINT]);
    expect(first?.primaryLocationLineHash).not.toBe(second?.primaryLocationLineHash);
  });

  it('falls back to a message-based fingerprint when the file cannot be read', () => {
    const gone: Finding = { ...(findingsIn(repo)[2] as Finding), file: repo.file('src/routes/deleted.ts') };
    const [fingerprints] = fingerprintsOf(summaryOf(repo, { findings: [gone] }));
    expect(fingerprints?.primaryLocationLineHash).toBeUndefined();
    expect(fingerprints?.[FINDING_FINGERPRINT]).toMatch(/^[0-9a-f]{16}:1$/);
  });
});
