import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PitfallsSettingsError, normaliseModulePath, resolveSettings } from '../../src/knowledge/settings.js';

const cwd = '/repo';

describe('resolveSettings', () => {
  it('resolves an in-house wrapper given by path relative to the ESLint cwd', () => {
    const settings = resolveSettings({ sqlSinks: [{ module: './src/db', name: 'run', argument: 1 }] }, cwd);
    expect(settings.sqlSinks).toEqual([
      { modulePath: path.resolve(cwd, 'src/db'), member: 'run', argument: 1, source: './src/db#run' },
    ]);
  });

  it('splits Owner.method and keeps package names as names', () => {
    const [matcher] = resolveSettings({ dbQueries: [{ module: '@acme/db', name: 'DbClient.query' }] }, cwd).dbQueries;
    expect(matcher).toEqual({ packageName: '@acme/db', owner: 'DbClient', member: 'query', argument: 0, source: '@acme/db#DbClient.query' });
  });

  it('keeps the payload argument of an in-house enqueue and resolves message acks', () => {
    const settings = resolveSettings(
      { enqueues: [{ module: './src/jobs', name: 'enqueue', argument: 1 }], messageAcks: [{ module: '@acme/bus', name: 'Consumer.done' }] },
      cwd,
    );
    expect(settings.enqueues).toEqual([
      { modulePath: path.join(cwd, 'src/jobs'), member: 'enqueue', argument: 1, source: './src/jobs#enqueue' },
    ]);
    expect(settings.messageAcks.map((matcher) => [matcher.packageName, matcher.owner, matcher.member])).toEqual([['@acme/bus', 'Consumer', 'done']]);
  });

  it('treats a missing settings object as empty', () => {
    const settings = resolveSettings(undefined, cwd);
    expect(settings.sqlSinks).toEqual([]);
    expect([...settings.loggers]).toEqual([]);
  });

  it.each([
    [[], 'expected an object'],
    [{ sqlSink: [] }, 'unknown key "sqlSink"'],
    [{ sqlSinks: {} }, '"sqlSinks" must be an array'],
    [{ sqlSinks: ['pg'] }, 'sqlSinks[0] must be an object'],
    [{ syncIo: [{ module: '', name: 'x' }] }, 'syncIo[0].module must be a non-empty string'],
    [{ syncIo: [{ module: 'x', name: 'a.b.c' }] }, 'syncIo[0].name must be "fn" or "Owner.method"'],
    [{ sqlSinks: [{ module: 'x', name: 'run', argument: -1 }] }, 'sqlSinks[0].argument must be a non-negative integer'],
    [{ sqlSinks: [{ module: 'x', name: 'run', modul: 'y' }] }, 'sqlSinks[0] has unknown key "modul"'],
    [{ loggers: ['log', 3] }, '"loggers" must be an array of non-empty strings'],
  ])('rejects %j with a message naming the problem', (raw, message) => {
    expect(() => resolveSettings(raw, cwd)).toThrow(PitfallsSettingsError);
    expect(() => resolveSettings(raw, cwd)).toThrow(message);
  });
});

describe('normaliseModulePath', () => {
  it.each([
    ['/a/db.ts', '/a/db'],
    ['/a/db.d.ts', '/a/db'],
    ['/a/db/index.ts', '/a/db'],
    ['/a/db.mjs', '/a/db'],
    ['/a/db.tsx', '/a/db'],
    ['/a/db', '/a/db'],
  ])('%s names module %s', (file, expected) => {
    expect(normaliseModulePath(file)).toBe(expected);
  });
});
