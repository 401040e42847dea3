import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { partitionByTsconfig } from '../src/tsconfig-coverage.js';

function repository(files: Record<string, string>): { root: string; paths: string[] } {
  const root = mkdtempSync(path.join(tmpdir(), 'pitfalls-coverage-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return { root, paths: Object.keys(files).filter((name) => !name.endsWith('.json')).map((name) => path.join(root, name)) };
}

const relative = (root: string, list: string[]) => list.map((file) => path.relative(root, file)).sort();

describe('partitionByTsconfig', () => {
  it('sends files outside `include` and JavaScript without allowJs to the untyped linter', () => {
    const { root, paths } = repository({
      'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true }, include: ['src'] }),
      'src/app.ts': 'export const a = 1;',
      'src/view.tsx': 'export const v = 1;',
      'scripts/seed.ts': 'export const s = 1;',
      'src/migrations/001.js': 'module.exports = {};',
    });
    const { covered, uncovered } = partitionByTsconfig(root, paths);
    expect(relative(root, covered)).toEqual(['src/app.ts', 'src/view.tsx']);
    expect(relative(root, uncovered)).toEqual(['scripts/seed.ts', 'src/migrations/001.js']);
  });

  it('reads the nearest tsconfig of each file, with `exclude`, and follows project references', () => {
    const { root, paths } = repository({
      'tsconfig.json': JSON.stringify({ files: [], references: [{ path: './server' }] }),
      'server/tsconfig.json': JSON.stringify({ compilerOptions: { composite: true, allowJs: true }, exclude: ['**/*.spec.ts'] }),
      'server/main.ts': 'export const m = 1;',
      'server/legacy.js': 'module.exports = {};',
      'server/main.spec.ts': 'export const t = 1;',
      'web/page.ts': 'export const p = 1;',
      'web/tsconfig.json': JSON.stringify({ include: ['app'] }),
    });
    const { covered, uncovered } = partitionByTsconfig(root, paths);
    expect(relative(root, covered)).toEqual(['server/legacy.js', 'server/main.ts']);
    expect(relative(root, uncovered)).toEqual(['server/main.spec.ts', 'web/page.ts']);
  });

  it('leaves files to the project service when their tsconfig cannot be read', () => {
    const { root, paths } = repository({
      'tsconfig.json': '{ "extends": "./missing-base.json", "include": [',
      'src/app.ts': 'export const a = 1;',
    });
    expect(relative(root, partitionByTsconfig(root, paths).covered)).toEqual(['src/app.ts']);
  });

  it('has no typed files when no tsconfig is above them', () => {
    const { root, paths } = repository({ 'src/app.ts': 'export const a = 1;' });
    expect(partitionByTsconfig(root, paths)).toEqual({ covered: [], uncovered: paths });
  });
});
