import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_CHECKS, runProjectChecks } from '../../src/project/index.js';
import { PACKAGE_JSON, STRICT_TSCONFIG, writeRepo } from './helpers.js';

const repoRoot = path.resolve(import.meta.dirname, '../../../..');
const ids = PROJECT_CHECKS.map((check) => check.id).sort();

function names(dir: string, suffix: string, except: readonly string[]): string[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith(suffix) && !except.includes(file))
    .map((file) => file.slice(0, -suffix.length))
    .sort();
}

/** The `#` and `##` headings of a Markdown page, outside fenced code (where `#` starts a YAML comment). */
function headingsOf(page: string): string[] {
  let inFence = false;
  const headings: string[] = [];
  for (const line of page.split('\n')) {
    if (line.startsWith('```')) inFence = !inFence;
    else if (!inFence && /^##? /.test(line)) headings.push(line.replace(/^#+ /, ''));
  }
  return headings;
}

describe('the project checks', () => {
  it('have one name in four places: the list, the source file, the test file and the doc page', () => {
    expect(names(path.join(repoRoot, 'packages/cli/src/project'), '.ts', ['index.ts', 'types.ts'])).toEqual(ids);
    expect(names(path.join(repoRoot, 'packages/cli/tests/project'), '.test.ts', ['index.test.ts'])).toEqual(ids);
    expect(names(path.join(repoRoot, 'docs/project'), '.md', ['README.md'])).toEqual(ids);
  });

  it('are listed in docs/project/README.md and each page has the house headings', () => {
    const readme = readFileSync(path.join(repoRoot, 'docs/project/README.md'), 'utf8');
    for (const check of PROJECT_CHECKS) {
      expect(readme).toContain(`[\`${check.id}\`](${check.id}.md)`);
      const page = readFileSync(path.join(repoRoot, 'docs/project', `${check.id}.md`), 'utf8');
      expect(page.split('\n')[0]).toContain(`(\`pitfalls-project/${check.id}\`)`);
      expect(page).toContain(`📝 ${check.description}.`);
      const headings = headingsOf(page);
      expect(headings.slice(1)).toEqual([
        'What it flags',
        'Why',
        'How to fix',
        'Options',
        'Examples',
        'Known false negatives',
        'When not to use it',
        'Source',
      ]);
      expect(page).toContain(`Seed ${check.seed.split(',')[0]!.slice(0, 3)}`);
    }
  });

  it('describe themselves like the ESLint rules', () => {
    for (const check of PROJECT_CHECKS) {
      expect(check.id).toMatch(/^[a-z]+(?:-[a-z]+)*$/);
      expect(check.description).toMatch(/^(?:Disallow|Require|Enforce) /);
      expect(check.seed).toMatch(/^\d{3} P\d+(?:, \d{3} P\d+)*$/);
    }
  });
});

describe('runProjectChecks', () => {
  const server = `import express from 'express';

express().listen(3000);
`;

  function filesOf(root: string, relative: readonly string[]): string[] {
    return relative.map((file) => path.join(root, file));
  }

  it('reports a failing check in errors and still runs the others', () => {
    const root = writeRepo({ 'package.json': PACKAGE_JSON, 'tsconfig.json': STRICT_TSCONFIG, 'src/server.ts': server });
    const outcome = runProjectChecks({
      root,
      files: filesOf(root, ['package.json', 'tsconfig.json', 'src/server.ts']),
      options: { 'single-task-queue': { strict: true } },
    });
    expect(outcome.errors).toEqual(['single-task-queue: unknown option "strict" (known: none)']);
    expect(outcome.findings.map((finding) => `${path.relative(root, finding.file)}:${finding.line}:${finding.ruleId}`)).toEqual([
      'src/server.ts:3:pitfalls-project/server-entry-without-shutdown',
    ]);
  });

  it('runs only the enabled checks', () => {
    const root = writeRepo({ 'package.json': PACKAGE_JSON, 'tsconfig.json': '{ "compilerOptions": {} }', 'src/server.ts': server });
    const files = filesOf(root, ['package.json', 'tsconfig.json', 'src/server.ts']);
    expect(runProjectChecks({ root, files, enabled: ['tsconfig-strictness'] }).findings.map((finding) => finding.ruleId)).toEqual([
      'pitfalls-project/tsconfig-strictness',
    ]);
    expect(runProjectChecks({ root, files, enabled: [] })).toEqual({ findings: [], errors: [] });
  });

  it('reads the program from the tsconfig but reports only in files of the run', () => {
    const root = writeRepo({ 'package.json': PACKAGE_JSON, 'tsconfig.json': STRICT_TSCONFIG, 'src/server.ts': server, 'src/legacy/server.ts': server });
    const outcome = runProjectChecks({ root, files: filesOf(root, ['package.json', 'tsconfig.json', 'src/server.ts']), enabled: ['server-entry-without-shutdown'] });
    expect(outcome.findings.map((finding) => path.relative(root, finding.file))).toEqual(['src/server.ts']);
  });

  it('takes the TypeScript files of the run when there is no tsconfig, or only a solution file', () => {
    for (const tsconfig of [undefined, JSON.stringify({ files: [], references: [{ path: './src' }] })]) {
      const root = writeRepo({ 'package.json': PACKAGE_JSON, 'apps/api/server.ts': server, 'apps/web/[id]/page.tsx': 'export default function Page() { return <main />; }\n', ...(tsconfig ? { 'tsconfig.json': tsconfig } : {}) });
      const outcome = runProjectChecks({
        root,
        files: filesOf(root, ['package.json', 'apps/api/server.ts', 'apps/web/[id]/page.tsx']),
        enabled: ['server-entry-without-shutdown'],
      });
      expect(outcome.errors).toEqual([]);
      expect(outcome.findings.map((finding) => path.relative(root, finding.file))).toEqual(['apps/api/server.ts']);
    }
  });
});
