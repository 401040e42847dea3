import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DOCS_BASE, type Finding } from '../../src/finding.js';
import type { EngineStatus, RuleDescriptor, RunSummary } from '../../src/report/types.js';

/** A route that swallows a database error and calls a rates API with no timeout. */
export const ROUTE_SOURCE = `import { Router } from 'express';
import { db } from '../db.js';

export const router = Router();

router.get('/orders/:id', async (req, res) => {
  try {
    const order = await db.order.findUnique({ where: { id: req.params.id } });
    res.json(order);
  } catch (error) {
    console.error(error);
    res.json(null);
  }
});

router.get('/rates', async (_req, res) => {
  const response = await fetch('https://rates.example.com/today');
  res.json(await response.json());
});
`;

export const MANIFEST_SOURCE = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: api
          image: registry.example.com/api:latest
          imagePullPolicy: Always
`;

export const TSCONFIG_SOURCE = `{
  "compilerOptions": {
    "target": "ES2022",
    "module": "NodeNext"
  }
}
`;

export interface FixtureRepo {
  readonly root: string;
  readonly file: (relative: string) => string;
  readonly write: (relative: string, text: string) => string;
  readonly remove: () => void;
}

export function fixtureRepo(): FixtureRepo {
  const root = mkdtempSync(path.join(tmpdir(), 'pitfalls-report-'));
  const file = (relative: string): string => path.join(root, ...relative.split('/'));
  const write = (relative: string, text: string): string => {
    const target = file(relative);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
    return target;
  };
  write('src/routes/x.ts', ROUTE_SOURCE);
  write('deploy/api.yaml', MANIFEST_SOURCE);
  write('tsconfig.json', TSCONFIG_SOURCE);
  return { root, file, write, remove: () => rmSync(root, { recursive: true, force: true }) };
}

export const RULES: readonly RuleDescriptor[] = [
  {
    id: 'pitfalls/no-swallowed-error',
    description: 'Disallow catches that hide a failure by doing nothing, only logging, or returning a default value',
    docsUrl: `${DOCS_BASE}/rules/no-swallowed-error.md`,
    tool: 'eslint',
  },
  {
    id: 'pitfalls/require-request-timeout',
    description: 'Require outbound HTTP requests and LLM SDK clients to set a timeout',
    docsUrl: `${DOCS_BASE}/rules/require-request-timeout.md`,
    tool: 'eslint',
  },
  {
    id: 'pitfalls/no-query-in-loop',
    description: 'Disallow database queries inside loops',
    docsUrl: `${DOCS_BASE}/rules/no-query-in-loop.md`,
    tool: 'eslint',
  },
  { id: 'pitfalls-semgrep/k8s-image-latest', docsUrl: `${DOCS_BASE}/semgrep/k8s-image-latest.md`, tool: 'semgrep' },
  { id: 'pitfalls-semgrep/k8s-pull-always-mutable-tag', docsUrl: `${DOCS_BASE}/semgrep/k8s-pull-always-mutable-tag.md`, tool: 'semgrep' },
  {
    id: 'pitfalls-project/tsconfig-strictness',
    description: 'Require `strict` and `noUncheckedIndexedAccess` in the tsconfig of every package, following `extends`',
    docsUrl: `${DOCS_BASE}/project/tsconfig-strictness.md`,
    tool: 'project',
  },
];

/** The findings the engines report on the fixture, in the order run.ts sorts them (by absolute path, then line). */
export function findingsIn(repo: FixtureRepo): Finding[] {
  return [
    {
      tool: 'semgrep',
      ruleId: 'pitfalls-semgrep/k8s-image-latest',
      severity: 'error',
      message: 'The image `registry.example.com/api:latest` moves:\na node drain mixes old and new code.\nDeploy an immutable tag or a digest.',
      file: repo.file('deploy/api.yaml'),
      line: 10,
      column: 18,
      endLine: 10,
      endColumn: 50,
      docsUrl: `${DOCS_BASE}/semgrep/k8s-image-latest.md`,
    },
    {
      tool: 'semgrep',
      ruleId: 'pitfalls-semgrep/k8s-pull-always-mutable-tag',
      severity: 'info',
      message: '`imagePullPolicy: Always` on the moving tag `latest`: every pod start pulls whatever the tag points to.',
      file: repo.file('deploy/api.yaml'),
      line: 11,
      column: 11,
      endLine: 11,
      endColumn: 34,
    },
    {
      tool: 'eslint',
      ruleId: 'pitfalls/no-swallowed-error',
      severity: 'error',
      message:
        'This catch only logs with `console.error` and answers `null`: the caller cannot tell the operation failed. Rethrow with `cause`, return an error result, or answer with an error status.',
      file: repo.file('src/routes/x.ts'),
      line: 10,
      column: 5,
      endLine: 13,
      endColumn: 4,
      docsUrl: `${DOCS_BASE}/rules/no-swallowed-error.md`,
    },
    {
      tool: 'eslint',
      ruleId: 'pitfalls/require-request-timeout',
      severity: 'warning',
      message: '`fetch` makes an outbound request with no timeout. Set `signal: AbortSignal.timeout(ms)`.',
      file: repo.file('src/routes/x.ts'),
      line: 17,
      column: 26,
      endLine: 17,
      endColumn: 66,
      docsUrl: `${DOCS_BASE}/rules/require-request-timeout.md`,
    },
    {
      tool: 'project',
      ruleId: 'pitfalls-project/tsconfig-strictness',
      severity: 'warning',
      message: 'This tsconfig compiles without the checks that catch a missing value: `strict` is not on; `noUncheckedIndexedAccess` is not on.',
      file: repo.file('tsconfig.json'),
      line: 2,
      column: 3,
      endLine: 2,
      endColumn: 20,
      docsUrl: `${DOCS_BASE}/project/tsconfig-strictness.md`,
    },
  ];
}

export const ENGINES: readonly EngineStatus[] = [
  { name: 'eslint', status: 'ran', detail: '3 files, preset recommended, with type information', durationMs: 1840, version: '9.39.1' },
  { name: 'semgrep', status: 'ran', durationMs: 2210, version: '1.182.0' },
  { name: 'project', status: 'skipped', detail: 'turned off by --no-project-checks' },
];

export function summaryOf(repo: FixtureRepo, overrides: Partial<RunSummary> = {}): RunSummary {
  return {
    root: repo.root,
    findings: findingsIn(repo),
    suppressedCount: 2,
    filesLinted: 3,
    engines: ENGINES,
    notes: ['2 baseline entries no longer occur: run `pitfalls --baseline prune`'],
    toolVersion: '0.1.0',
    rules: RULES,
    ...overrides,
  };
}
