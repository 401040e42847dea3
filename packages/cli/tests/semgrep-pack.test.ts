import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DOCS_BASE } from '../src/finding.js';
import { runSemgrep } from '../src/semgrep.js';

// The Semgrep rule pack kept honest: its own annotated tests pass, and every
// rule is one name in four places (rule file, rule id, test target, doc page),
// with the metadata the CLI and the docs rely on.
const repoRoot = path.resolve(import.meta.dirname, '../../..');
const rulesDir = path.join(repoRoot, 'rules');
const docsDir = path.join(repoRoot, 'docs/semgrep');

const AREAS = ['kubernetes', 'docker', 'ci', 'go', 'python'];
const SEVERITIES = ['ERROR', 'WARNING', 'INFO'];
const CATEGORIES = ['data', 'async', 'jobs', 'ops', 'web', 'security', 'tests', 'errors'];
const CONFIDENCES = ['HIGH', 'MEDIUM', 'LOW'];

interface PackRule {
  readonly id: string;
  readonly area: string;
  readonly file: string;
  readonly rule: {
    readonly id?: unknown;
    readonly message?: unknown;
    readonly severity?: unknown;
    readonly languages?: unknown;
    readonly metadata?: { readonly description?: unknown; readonly seed?: unknown; readonly docs?: unknown; readonly category?: unknown; readonly confidence?: unknown };
  };
}

/** Rule files: `rules/<area>/<id>.yaml`, not the `<id>.test.yaml` targets next to them. */
function ruleFiles(): string[] {
  return readdirSync(rulesDir, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.ya?ml$/.test(file) && !/\.test\.ya?ml$/.test(file))
    .map((file) => path.join(rulesDir, file))
    .sort();
}

function packRules(): PackRule[] {
  return ruleFiles().flatMap((file) => {
    const document = parse(readFileSync(file, 'utf8')) as { rules?: PackRule['rule'][] };
    return (document.rules ?? []).map((rule) => ({
      id: String(rule.id),
      area: path.basename(path.dirname(file)),
      file,
      rule,
    }));
  });
}

/** The annotated target `semgrep --test` pairs with a rule file: same name, another extension. */
function testTargetOf(ruleFile: string): string | undefined {
  const base = path.basename(ruleFile).replace(/\.ya?ml$/, '');
  return readdirSync(path.dirname(ruleFile))
    .filter((name) => name !== path.basename(ruleFile) && name.startsWith(`${base}.`))
    .map((name) => path.join(path.dirname(ruleFile), name))[0];
}

const rules = packRules();

/** Where a fenced example goes so semgrep reads it in its language. */
const EXAMPLE_FILE: Record<string, string> = { yaml: 'example.yaml', dockerfile: 'Dockerfile', go: 'example.go', python: 'example.py' };

interface DocExample {
  readonly id: string;
  readonly kind: 'incorrect' | 'correct';
  readonly file: string;
  readonly code: string;
}

/** The fenced blocks under a page's `### Incorrect` and `### Correct` headings. */
function examplesOf(id: string): DocExample[] {
  const examples: DocExample[] = [];
  let kind: DocExample['kind'] | undefined;
  let fence: { file: string; lines: string[] } | undefined;
  for (const line of readFileSync(path.join(docsDir, `${id}.md`), 'utf8').split('\n')) {
    if (fence) {
      if (line.startsWith('```')) {
        if (kind) examples.push({ id, kind, file: fence.file, code: `${fence.lines.join('\n')}\n` });
        fence = undefined;
      } else {
        fence.lines.push(line);
      }
    } else if (line.startsWith('```')) {
      fence = { file: EXAMPLE_FILE[line.slice(3).trim()] ?? 'example.txt', lines: [] };
    } else if (line.startsWith('#')) {
      kind = line === '### Incorrect' ? 'incorrect' : line === '### Correct' ? 'correct' : undefined;
    }
  }
  return examples;
}

interface TestReport {
  readonly config_missing_tests: readonly string[];
  readonly config_with_errors: readonly unknown[];
  readonly results: Record<string, { readonly checks: Record<string, { readonly passed: boolean; readonly matches: Record<string, { expected_lines: number[]; reported_lines: number[] }> }> }>;
}

describe('the Semgrep rule pack', () => {
  it('passes its own annotated tests (semgrep --test rules/)', async () => {
    const result = await execa('semgrep', ['--test', '--json', '--metrics=off', '--disable-version-check', rulesDir], { reject: false });
    const report = JSON.parse(result.stdout) as TestReport;
    const checks = Object.values(report.results).flatMap((entry) => Object.entries(entry.checks));
    const failing = checks.filter(([, check]) => !check.passed).map(([id, check]) => `${id}: ${JSON.stringify(check.matches)}`);
    expect(failing).toEqual([]);
    expect(report.config_missing_tests).toEqual([]);
    expect(report.config_with_errors).toEqual([]);
    expect(checks.map(([id]) => id).sort()).toEqual(rules.map((rule) => rule.id).sort());
    expect(checks.length).toBeGreaterThan(0);
    expect(result.exitCode).toBe(0);
  });

  it('has rules in every area, each file named for the one rule it holds', () => {
    expect(rules.length).toBeGreaterThan(0);
    expect(new Set(rules.map((rule) => rule.area))).toEqual(new Set(AREAS));
    for (const rule of rules) {
      expect(path.basename(rule.file), rule.id).toMatch(new RegExp(`^${rule.id}\\.ya?ml$`));
      expect(rules.filter((other) => other.file === rule.file), rule.file).toHaveLength(1);
    }
  });

  it('gives every rule a unique kebab-case id', () => {
    const ids = rules.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
  });

  it.each(rules.map((rule) => [rule.id, rule] as const))('%s: message, severity, languages and metadata', (id, { rule }) => {
    expect(typeof rule.message === 'string' && rule.message.trim().length > 80, 'a message that explains the pitfall').toBe(true);
    expect(SEVERITIES).toContain(rule.severity);
    expect(Array.isArray(rule.languages) && rule.languages.length > 0).toBe(true);
    expect(rule.metadata?.seed).toMatch(/^00[012] P\d+$|^00[012]$/);
    expect(rule.metadata?.docs).toBe(`${DOCS_BASE}/semgrep/${id}.md`);
    expect(CATEGORIES).toContain(rule.metadata?.category);
    expect(CONFIDENCES).toContain(rule.metadata?.confidence);
    expect(existsSync(path.join(docsDir, `${id}.md`)), `docs/semgrep/${id}.md`).toBe(true);
  });

  it.each(rules.map((rule) => [rule.id, rule] as const))('%s: a test target with at least as many ok cases as ruleid cases', (id, { file }) => {
    const target = testTargetOf(file);
    expect(target, `a test target next to ${path.relative(repoRoot, file)}`).toBeDefined();
    const text = readFileSync(target as string, 'utf8');
    const count = (kind: string) => text.split('\n').filter((line) => new RegExp(`\\b${kind}: ${id}\\s*$`).test(line)).length;
    expect(count('ruleid')).toBeGreaterThan(0);
    expect(count('ok')).toBeGreaterThanOrEqual(count('ruleid'));
  });

  it('has a doc page for every rule and no page without one', () => {
    const pages = readdirSync(docsDir)
      .filter((name) => name.endsWith('.md') && name !== 'README.md')
      .map((name) => name.replace(/\.md$/, ''))
      .sort();
    expect(pages).toEqual(rules.map((rule) => rule.id).sort());
  });

  it('lists every rule in the docs/semgrep/README.md table with its area, seed and severity', () => {
    const readme = readFileSync(path.join(docsDir, 'README.md'), 'utf8');
    const rows = readme.split('\n').filter((line) => line.startsWith('| [`'));
    expect(rows).toHaveLength(rules.length);
    for (const { id, area, rule } of rules) {
      const row = rows.find((line) => line.startsWith(`| [\`${id}\`](${id}.md) |`));
      expect(row, id).toBeDefined();
      const cells = (row as string).split('|').map((cell) => cell.trim());
      expect(cells.slice(2, 5), id).toEqual([area, String(rule.metadata?.seed), String(rule.severity)]);
      expect(row, id).toMatch(new RegExp(`\\| ${escapeRegExp(String(rule.metadata?.description).replaceAll('|', '\\|'))} \\|$`));
    }
  });

  it('shapes every doc page the house way', () => {
    for (const { id, rule } of rules) {
      const page = readFileSync(path.join(docsDir, `${id}.md`), 'utf8');
      expect(page.split('\n')[0], id).toMatch(new RegExp(`^# .+ \\(\`pitfalls-semgrep/${id}\`\\)$`));
      // The description lives in the rule's metadata (SARIF titles come from there); the page repeats it.
      expect(page.split('\n')[0], id).toBe(`# ${String(rule.metadata?.description).replace(/\.$/, '')} (\`pitfalls-semgrep/${id}\`)`);
      expect(page, id).toContain(`📝 ${String(rule.metadata?.description)}`);
      // The page's header line repeats the rule's metadata; it must not drift from it.
      const header = page.split('\n').find((line) => line.startsWith('Semgrep rule · '));
      expect(header, id).toMatch(
        new RegExp(` · severity \`${String(rule.severity)}\` · confidence ${String(rule.metadata?.confidence)} · seed ${String(rule.metadata?.seed)}$`),
      );
      const headings = page.split('\n').filter((line) => line.startsWith('## ') || line.startsWith('### '));
      for (const heading of ['## What it flags', '## Why', '## How to fix', '### Incorrect', '### Correct', '## Known false negatives', '## When not to use it', '## Source']) {
        expect(headings, `${id}: ${heading}`).toContain(heading);
      }
    }
  });

  it("reports every doc page's incorrect examples and none of its correct ones", async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'pitfalls-semgrep-docs-'));
    const examples = rules.flatMap((rule) => examplesOf(rule.id));
    const written = examples.map((example, index) => {
      const file = path.join(root, example.kind, example.id, String(index), example.file);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, example.code);
      return { ...example, path: file };
    });
    for (const { id } of rules) {
      expect(written.filter((example) => example.id === id && example.kind === 'incorrect').length, id).toBeGreaterThan(0);
      expect(written.filter((example) => example.id === id && example.kind === 'correct').length, id).toBeGreaterThan(0);
    }
    const outcome = await runSemgrep({ root, rulesDir });
    expect(outcome.status).toBe('ok');
    if (outcome.status !== 'ok') return;
    expect(outcome.errors).toEqual([]);
    const reported = (example: (typeof written)[number]) =>
      outcome.findings.some((finding) => finding.file === example.path && finding.ruleId === `pitfalls-semgrep/${example.id}`);
    const missed = written.filter((example) => example.kind === 'incorrect' && !reported(example)).map((example) => path.relative(root, example.path));
    const wronglyReported = written.filter((example) => example.kind === 'correct' && reported(example)).map((example) => path.relative(root, example.path));
    expect(missed).toEqual([]);
    expect(wronglyReported).toEqual([]);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
