import path from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CallTarget } from '../../src/knowledge/origin.js';
import { resolveSettings } from '../../src/knowledge/settings.js';
import { blockingCallOf, blockingTsCallAt } from '../../src/knowledge/sync-io.js';
import { fixtureDir } from '../rule-tester.js';

const fromPackage = (packageName: string, member: string, owner?: string): CallTarget => ({
  member,
  ...(owner ? { owner } : {}),
  origin: { packageName },
  via: 'types',
});

describe('blockingCallOf', () => {
  it.each([
    [fromPackage('fs', 'readFileSync'), 'fs.readFileSync', 'Use `fs.promises.readFile` (`readFile` from `fs/promises`) instead.'],
    [fromPackage('fs', 'existsSync'), 'fs.existsSync', 'Use `fs.promises.access` (or `stat`) instead.'],
    [fromPackage('fs', 'readSync', 'Dir'), 'fs.Dir.readSync', 'Use `fs.promises.read` (`read` from `fs/promises`) instead.'],
    [fromPackage('fs-extra', 'outputJsonSync'), 'fs-extra.outputJsonSync', 'Use the promise-returning `fs-extra.outputJson` instead.'],
    [fromPackage('child_process', 'execFileSync'), 'child_process.execFileSync', 'Use `util.promisify(child_process.execFile)` instead.'],
    [fromPackage('crypto', 'scryptSync'), 'crypto.scryptSync', 'Use `util.promisify(crypto.scrypt)` instead (it runs on the libuv thread pool).'],
    [fromPackage('crypto', 'generatePrimeSync'), 'crypto.generatePrimeSync', 'Use `util.promisify(crypto.generatePrime)` instead (it runs on the libuv thread pool).'],
    [fromPackage('zlib', 'brotliCompressSync'), 'zlib.brotliCompressSync', 'Use `util.promisify(zlib.brotliCompress)` or a stream instead.'],
    [fromPackage('typescript', 'wait', 'Atomics'), 'Atomics.wait', 'Use `Atomics.waitAsync` instead.'],
    [fromPackage('better-sqlite3', 'all', 'Statement'), 'better-sqlite3 Statement.all', expect.stringContaining('async driver')],
    [fromPackage('better-sqlite3', 'pragma', 'Database'), 'better-sqlite3 Database.pragma', expect.stringContaining('worker thread')],
    [fromPackage('better-sqlite3', 'immediate', 'Transaction'), 'better-sqlite3 transaction', expect.stringContaining('worker thread')],
    [{ member: 'iterate', origin: { packageName: 'better-sqlite3' }, via: 'import' } as CallTarget, 'better-sqlite3 Statement.iterate', expect.any(String)],
    [fromPackage('sqlite', 'exec', 'DatabaseSync'), 'node:sqlite DatabaseSync.exec', expect.any(String)],
    [fromPackage('sqlite', 'get', 'StatementSync'), 'node:sqlite StatementSync.get', expect.any(String)],
    [fromPackage('sqlite', 'all', 'DatabaseSync'), 'node:sqlite StatementSync.all', expect.any(String)],
  ])('%o blocks as %s', (target, label, alternative) => {
    expect(blockingCallOf(target, [])).toEqual({ label, alternative });
  });

  it.each([
    ['the promise fs API', fromPackage('fs/promises', 'readFile')],
    ['an fs call without Sync', fromPackage('fs', 'createReadStream')],
    ['a project function named like a sync API', { member: 'mergeSync', origin: { modulePath: '/app/src/utils' }, via: 'types' } as CallTarget],
    ['an unresolved *Sync call', { member: 'readFileSync', via: 'none' } as CallTarget],
    ['async child_process', fromPackage('child_process', 'execFile')],
    ['cheap crypto', fromPackage('crypto', 'generateKeySync')],
    ['cheap crypto (hkdf)', fromPackage('crypto', 'hkdfSync')],
    ['preparing a statement', fromPackage('better-sqlite3', 'prepare', 'Database')],
    ['the async sqlite npm package', fromPackage('sqlite', 'all', 'Database')],
    ['the async sqlite npm package, untyped', { member: 'all', origin: { packageName: 'sqlite' }, via: 'import' } as CallTarget],
    ['Atomics.waitAsync', fromPackage('typescript', 'waitAsync', 'Atomics')],
    ['a user wait() named like Atomics', { member: 'wait', owner: 'Atomics', origin: { modulePath: '/app/src/atomics' }, via: 'types' } as CallTarget],
    ['a module named Sync', fromPackage('fs', 'Sync')],
  ])('%s does not block', (_, target) => {
    expect(blockingCallOf(target, [])).toBeUndefined();
  });

  it('knows the calls named in settings.pitfalls.syncIo', () => {
    const settings = resolveSettings(
      { syncIo: [{ module: 'legacy-geo', name: 'Resolver.lookupSync' }, { module: './src/config', name: 'loadConfig' }] },
      '/app',
    );
    expect(blockingCallOf(fromPackage('legacy-geo', 'lookupSync', 'Resolver'), settings.syncIo)?.label).toBe('Resolver.lookupSync');
    expect(blockingCallOf(fromPackage('legacy-geo', 'lookup', 'Resolver'), settings.syncIo)).toBeUndefined();
    expect(
      blockingCallOf({ member: 'loadConfig', origin: { modulePath: '/app/src/config' }, via: 'types' }, settings.syncIo)?.label,
    ).toBe('loadConfig');
  });
});

describe('blockingTsCallAt', () => {
  let program: ts.Program;

  beforeAll(() => {
    const config = ts.getParsedCommandLineOfConfigFile(path.join(fixtureDir, 'tsconfig.json'), {}, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: () => undefined,
    });
    if (!config) throw new Error('fixture tsconfig not found');
    program = ts.createProgram(config.fileNames, config.options);
  });

  function labelsIn(file: string): string[] {
    const sourceFile = program.getSourceFile(path.join(fixtureDir, file));
    if (!sourceFile) throw new Error(`${file} is not in the fixture program`);
    const labels: string[] = [];
    const visit = (node: ts.Node) => {
      if (ts.isCallExpression(node)) {
        const blocking = blockingTsCallAt(node, program, []);
        if (blocking) labels.push(`${sourceFile.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${blocking.label}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
    return labels;
  }

  it('finds the better-sqlite3 executions through the type checker', () => {
    expect(labelsIn('sync-io-db-service.ts')).toEqual([
      '17: better-sqlite3 Statement.all',
      '21: better-sqlite3 Statement.get',
      '25: better-sqlite3 Statement.run',
      '30: better-sqlite3 Statement.all',
      '35: better-sqlite3 Statement.all',
      '48: better-sqlite3 Statement.get',
    ]);
  });

  it('finds node:sqlite and fs, and not the promise API or *Sync-named project functions', () => {
    expect(labelsIn('sync-io-sqlite-store.ts')).toEqual(['8: node:sqlite StatementSync.get', '13: node:sqlite DatabaseSync.exec']);
    expect(labelsIn('sync-io-helpers.ts')).toEqual(['6: fs.readFileSync', '31: fs.readFileSync']);
  });
});
