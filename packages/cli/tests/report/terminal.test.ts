import { stripVTControlCharacters } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/finding.js';
import { formatReport } from '../../src/report/index.js';
import { fixtureRepo, findingsIn, summaryOf } from './fixture.js';

const repo = fixtureRepo();
afterAll(() => repo.remove());

const ANSI = /\u001b\[/;

function plain(overrides: Parameters<typeof summaryOf>[1] = {}): string {
  return formatReport('terminal', summaryOf(repo, overrides), { color: false });
}

function linesOf(text: string): string[] {
  return text.split('\n');
}

/** The findings of the fixture in an order that interleaves files, as a caller sorting by rule would. */
function interleaved(): Finding[] {
  const [imageLatest, pullAlways, swallowed, timeout, tsconfig] = findingsIn(repo) as [Finding, Finding, Finding, Finding, Finding];
  return [timeout, imageLatest, tsconfig, swallowed, pullAlways];
}

describe('terminal report', () => {
  it('groups findings under their file, files in the order the caller gave, rows in that order too', () => {
    const lines = linesOf(plain({ findings: interleaved(), engines: [] }));
    const headers = lines.filter((line) => /^\S/.test(line) && !line.startsWith('✖'));
    expect(headers).toEqual(['src/routes/x.ts', 'deploy/api.yaml', 'tsconfig.json']);
    const x = lines.indexOf('src/routes/x.ts');
    expect(lines[x + 1]).toMatch(/^ {2}17:26 {2}warning {2}`fetch` makes an outbound request/);
    expect(lines[x + 2]).toMatch(/^ {2}10:5 {3}error {4}This catch only logs/);
  });

  it('writes each row as line:col, severity, the message on one line, and the rule id', () => {
    const lines = linesOf(plain());
    const row = lines.find((line) => line.includes('pitfalls-semgrep/k8s-image-latest') && !line.includes('docs'));
    expect(row).toBe(
      '  10:18  error  The image `registry.example.com/api:latest` moves: a node drain mixes old and new code. Deploy an immutable tag or a digest.  pitfalls-semgrep/k8s-image-latest',
    );
  });

  it('aligns the location and severity columns within a file', () => {
    const lines = linesOf(plain());
    const x = lines.indexOf('src/routes/x.ts');
    const rows = [lines[x + 1], lines[x + 2]] as [string, string];
    expect(rows[0].indexOf('error')).toBe(rows[1].indexOf('warning'));
    expect(rows[0].indexOf('This catch')).toBe(rows[1].indexOf('`fetch`'));
  });

  it('links each rule’s docs once per file, after the file’s rows', () => {
    const twice = findingsIn(repo).filter((finding) => finding.ruleId === 'pitfalls/no-swallowed-error');
    const second = { ...(twice[0] as Finding), line: 12, column: 7 };
    const lines = linesOf(plain({ findings: [...twice, second] }));
    const docs = lines.filter((line) => line.trimStart().startsWith('docs'));
    expect(docs).toEqual(['  docs  pitfalls/no-swallowed-error  https://github.com/pitfalls-dev/pitfalls/blob/main/docs/rules/no-swallowed-error.md']);
    expect(lines.indexOf(docs[0] as string)).toBe(lines.indexOf('src/routes/x.ts') + 3);
  });

  it('takes the docs link from the rule when the finding has none', () => {
    const text = plain();
    expect(text).toContain(
      '  docs  pitfalls-semgrep/k8s-pull-always-mutable-tag  https://github.com/pitfalls-dev/pitfalls/blob/main/docs/semgrep/k8s-pull-always-mutable-tag.md',
    );
  });

  it('ends with the counts, the suppressed and linted totals, and the engines that did not run', () => {
    const lines = linesOf(
      plain({
        engines: [
          { name: 'eslint', status: 'ran', detail: '3 files, preset recommended' },
          { name: 'semgrep', status: 'missing', detail: 'semgrep not installed: pip install semgrep' },
          { name: 'project', status: 'failed', detail: 'tsconfig.json could not be parsed' },
        ],
      }),
    );
    expect(lines.slice(-4)).toEqual([
      '✖ 5 problems (2 errors, 2 warnings, 1 info) · 2 suppressed by baseline · 3 files linted',
      'semgrep missing — semgrep not installed: pip install semgrep',
      'project failed — tsconfig.json could not be parsed',
      '',
    ]);
  });

  it('leaves infos and the baseline out of the summary when there are none', () => {
    const findings = findingsIn(repo).filter((finding) => finding.severity !== 'info');
    expect(plain({ findings, suppressedCount: 0 })).toContain('\n✖ 4 problems (2 errors, 2 warnings) · 3 files linted\n');
  });

  it('says so in one line when there is nothing to report', () => {
    expect(plain({ findings: [], suppressedCount: 0, engines: [] })).toBe('✔ No problems · 3 files linted\n');
    expect(plain({ findings: [], suppressedCount: 4, filesLinted: 1, engines: [] })).toBe('✔ No problems · 4 suppressed by baseline · 1 file linted\n');
  });

  it('still names a skipped engine when the run is clean, so silence is not taken for a pass', () => {
    expect(plain({ findings: [], suppressedCount: 0 })).toBe('✔ No problems · 3 files linted\nproject skipped — turned off by --no-project-checks\n');
  });

  it('writes no ANSI escapes without color, and only escapes with it', () => {
    const withoutColor = plain();
    const withColor = formatReport('terminal', summaryOf(repo), { color: true });
    expect(withoutColor).not.toMatch(ANSI);
    expect(withColor).toMatch(ANSI);
    expect(stripVTControlCharacters(withColor)).toBe(withoutColor);
  });

  it('defaults to no color through formatReport', () => {
    expect(formatReport('terminal', summaryOf(repo))).not.toMatch(ANSI);
  });

  it('does not write the CLI notes, which the command prints to stderr itself', () => {
    expect(plain()).not.toContain('baseline entries no longer occur');
  });
});
