import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import type { Finding } from '../../src/finding.js';
import { runProjectChecks } from '../../src/project/index.js';

const created: string[] = [];

afterAll(() => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});

/** A repository written to a temporary directory: relative path → content. */
export function writeRepo(files: Readonly<Record<string, string>>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'pitfalls-project-'));
  created.push(root);
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(root, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return root;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? listFiles(full) : [full];
  });
}

export interface CheckRun {
  /** Findings with `file` relative to the repository root. */
  readonly findings: Finding[];
  readonly errors: string[];
}

/**
 * Runs one check over a repository the way the CLI does: every file of the
 * directory (node_modules included only where the test wrote one, as a
 * repository with installed dependencies has them).
 */
export function runCheck(files: Readonly<Record<string, string>>, id: string, options?: Record<string, unknown>): CheckRun {
  const root = writeRepo(files);
  const all = listFiles(root).filter((file) => !file.split(path.sep).includes('node_modules')).sort();
  const outcome = runProjectChecks({ root, files: all, enabled: [id], ...(options ? { options: { [id]: options } } : {}) });
  return {
    findings: outcome.findings.map((finding) => ({ ...finding, file: path.relative(root, finding.file).split(path.sep).join('/') })),
    errors: outcome.errors,
  };
}

/** `file:line` of each finding, sorted: what a test pins. */
export function locations(run: CheckRun): string[] {
  return run.findings.map((finding) => `${finding.file}:${finding.line}`).sort();
}

/** The 1-based line of the first line of `content` containing `marker`. */
export function lineOf(content: string, marker: string): number {
  const index = content.split('\n').findIndex((line) => line.includes(marker));
  if (index === -1) throw new Error(`marker not found: ${marker}`);
  return index + 1;
}

export const PACKAGE_JSON = JSON.stringify({ name: 'service', version: '1.0.0', type: 'module' }, null, 2);

export const STRICT_TSCONFIG = JSON.stringify(
  {
    compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noUncheckedIndexedAccess: true, jsx: 'react-jsx' },
    include: ['src'],
  },
  null,
  2,
);
