import { describe, expect, it } from 'vitest';
import { locations, PACKAGE_JSON, runCheck } from './helpers.js';

const ID = 'tsconfig-strictness';
const source = { 'src/index.ts': 'export const ready = true;\n' };

describe('tsconfig-strictness', () => {
  describe('reports', () => {
    it('a root tsconfig without noUncheckedIndexedAccess, on the compilerOptions line', () => {
      const tsconfig = `{
  // Service build.
  "compilerOptions": {
    "target": "ES2022",
    "strict": true,
  },
  "include": ["src"],
}
`;
      const run = runCheck({ 'package.json': PACKAGE_JSON, 'tsconfig.json': tsconfig, ...source }, ID);
      expect(run.errors).toEqual([]);
      expect(locations(run)).toEqual(['tsconfig.json:3']);
      const [finding] = run.findings;
      expect(finding?.ruleId).toBe('pitfalls-project/tsconfig-strictness');
      expect(finding?.column).toBe(3);
      expect(finding?.message).toContain('`noUncheckedIndexedAccess` is not on');
      expect(finding?.message).not.toContain('`strict` is not on');
      expect(finding?.message).toContain('saved settings JSON');
    });

    it('a package whose base turns strict off, naming the base', () => {
      const base = JSON.stringify({ compilerOptions: { strict: false, strictNullChecks: true, noUncheckedIndexedAccess: true } }, null, 2);
      const api = JSON.stringify({ extends: '../../tsconfig.base.json', compilerOptions: { outDir: 'dist' }, include: ['src'] }, null, 2);
      const run = runCheck(
        {
          'package.json': JSON.stringify({ name: 'monorepo', private: true, workspaces: ['apps/*'] }),
          'tsconfig.base.json': base,
          'apps/api/package.json': JSON.stringify({ name: '@acme/api' }),
          'apps/api/tsconfig.json': api,
          'apps/api/src/index.ts': 'export {};\n',
        },
        ID,
      );
      expect(locations(run)).toEqual(['apps/api/tsconfig.json:3']);
      expect(run.findings[0]?.message).toContain('`strict` is not on (`"strict": false` in tsconfig.base.json)');
      expect(run.findings[0]?.message).toContain('`noImplicitAny`');
      expect(run.findings[0]?.message).not.toContain('`strictNullChecks`,');
      expect(run.findings[0]?.message).toContain('It extends tsconfig.base.json.');
    });

    it('strict with strictNullChecks turned off', () => {
      const tsconfig = JSON.stringify({ compilerOptions: { strict: true, strictNullChecks: false, noUncheckedIndexedAccess: true } }, null, 2);
      const run = runCheck({ 'package.json': PACKAGE_JSON, 'tsconfig.json': tsconfig, ...source }, ID);
      expect(locations(run)).toEqual(['tsconfig.json:2']);
      expect(run.findings[0]?.message).toContain('`strictNullChecks` is turned off (`"strictNullChecks": false`) although `strict` is on');
    });

    it('a base package that is not installed, saying so', () => {
      const tsconfig = JSON.stringify({ extends: '@tsconfig/node20/tsconfig.json', compilerOptions: { outDir: 'dist' } }, null, 2);
      const run = runCheck({ 'package.json': PACKAGE_JSON, 'tsconfig.json': tsconfig, ...source }, ID);
      expect(locations(run)).toEqual(['tsconfig.json:3']);
      expect(run.findings[0]?.message).toContain('`@tsconfig/node20/tsconfig.json` could not be resolved from node_modules');
    });

    it('a tsconfig with no compilerOptions, on line 1, and a referenced config of a solution file', () => {
      const run = runCheck(
        {
          'package.json': PACKAGE_JSON,
          'tsconfig.json': JSON.stringify({ files: [], references: [{ path: './tsconfig.app.json' }, { path: './tsconfig.node.json' }] }),
          'tsconfig.app.json': JSON.stringify({ include: ['src'] }),
          'tsconfig.node.json': JSON.stringify({ compilerOptions: { strict: true, noUncheckedIndexedAccess: true }, include: ['vite.config.ts'] }),
          ...source,
        },
        ID,
      );
      expect(locations(run)).toEqual(['tsconfig.app.json:1']);
      expect(run.findings[0]?.message).toContain('`strict` is not on; `noUncheckedIndexedAccess` is not on');
    });
  });

  describe('does not report', () => {
    it('strict and noUncheckedIndexedAccess in JSONC with comments and trailing commas', () => {
      const tsconfig = `{
  /* The service. */
  "compilerOptions": {
    "strict": true, // everything
    "noUncheckedIndexedAccess": true,
  },
}
`;
      expect(runCheck({ 'package.json': PACKAGE_JSON, 'tsconfig.json': tsconfig, ...source }, ID).findings).toEqual([]);
    });

    it('flags inherited through an extends array', () => {
      const run = runCheck(
        {
          'package.json': PACKAGE_JSON,
          'configs/strict.json': JSON.stringify({ compilerOptions: { strict: true } }),
          'configs/indexed.json': JSON.stringify({ compilerOptions: { noUncheckedIndexedAccess: true } }),
          'tsconfig.json': JSON.stringify({ extends: ['./configs/strict.json', './configs/indexed'], compilerOptions: { outDir: 'dist' } }),
          ...source,
        },
        ID,
      );
      expect(run.findings).toEqual([]);
    });

    it('a base package installed in node_modules', () => {
      const run = runCheck(
        {
          'package.json': PACKAGE_JSON,
          'node_modules/@tsconfig/strictest/package.json': JSON.stringify({ name: '@tsconfig/strictest', version: '2.0.5' }),
          'node_modules/@tsconfig/strictest/tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, noUncheckedIndexedAccess: true } }),
          'node_modules/@acme/tsconfig/package.json': JSON.stringify({ name: '@acme/tsconfig', exports: { './service': './service.json' } }),
          'node_modules/@acme/tsconfig/service.json': JSON.stringify({ extends: '@tsconfig/strictest' }),
          'tsconfig.json': JSON.stringify({ extends: '@acme/tsconfig/service', compilerOptions: { outDir: 'dist' } }),
          ...source,
        },
        ID,
      );
      expect(run.findings).toEqual([]);
    });

    it('TypeScript 6, which turns strict on by default', () => {
      const manifest = JSON.stringify({ name: 'service', devDependencies: { typescript: '^6.0.2' } });
      const tsconfig = JSON.stringify({ compilerOptions: { noUncheckedIndexedAccess: true } });
      expect(runCheck({ 'package.json': manifest, 'tsconfig.json': tsconfig, ...source }, ID).findings).toEqual([]);
    });

    it('flags the require option leaves out', () => {
      const tsconfig = JSON.stringify({ compilerOptions: { strict: true } });
      const run = runCheck({ 'package.json': PACKAGE_JSON, 'tsconfig.json': tsconfig, ...source }, ID, { require: ['strict'] });
      expect(run.findings).toEqual([]);
      expect(run.errors).toEqual([]);
    });

    it('tsconfig files of examples, templates and test directories, and one without a package.json beside it', () => {
      const loose = JSON.stringify({ compilerOptions: { strict: false } });
      const strict = JSON.stringify({ compilerOptions: { strict: true, noUncheckedIndexedAccess: true } });
      const run = runCheck(
        {
          'package.json': PACKAGE_JSON,
          'tsconfig.json': strict,
          'examples/basic/package.json': PACKAGE_JSON,
          'examples/basic/tsconfig.json': loose,
          'src/commands/init/templates/app/package.json': PACKAGE_JSON,
          'src/commands/init/templates/app/tsconfig.json': loose,
          'test/e2e-app/package.json': PACKAGE_JSON,
          'test/e2e-app/tsconfig.json': loose,
          'tools/tsconfig.json': loose,
          ...source,
        },
        ID,
      );
      expect(run.findings).toEqual([]);
    });
  });

  it('refuses a flag it does not check', () => {
    const run = runCheck({ 'package.json': PACKAGE_JSON, 'tsconfig.json': '{}', ...source }, ID, { require: ['exactOptionalPropertyTypes'] });
    expect(run.errors).toEqual(['tsconfig-strictness: option "require" takes strict and noUncheckedIndexedAccess, not exactOptionalPropertyTypes']);
  });
});
