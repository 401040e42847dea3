import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'pitfalls-config-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

describe('loadConfig', () => {
  it('is empty when there is no config', async () => {
    expect(await loadConfig(dirWith({}))).toEqual({ config: {} });
  });

  it('reads pitfalls.config.json', async () => {
    const dir = dirWith({ 'pitfalls.config.json': JSON.stringify({ preset: 'strict', semgrep: false, ignore: ['legacy/**'] }) });
    expect(await loadConfig(dir)).toEqual({ config: { preset: 'strict', semgrep: false, ignore: ['legacy/**'] }, source: 'pitfalls.config.json' });
  });

  it('reads the default export of pitfalls.config.mjs', async () => {
    const dir = dirWith({ 'pitfalls.config.mjs': 'export default { projectChecks: { disable: ["single-task-queue"] } };' });
    expect((await loadConfig(dir)).config).toEqual({ projectChecks: { disable: ['single-task-queue'] } });
  });

  it('reads the "pitfalls" key of package.json', async () => {
    const dir = dirWith({ 'package.json': JSON.stringify({ name: 'svc', pitfalls: { maxSeverity: 'warning' } }) });
    expect(await loadConfig(dir)).toEqual({ config: { maxSeverity: 'warning' }, source: 'package.json' });
  });

  it('ignores a package.json without the key', async () => {
    expect(await loadConfig(dirWith({ 'package.json': '{"name":"svc"}' }))).toEqual({ config: {} });
  });

  it('names unknown keys and wrong values, all at once', async () => {
    const dir = dirWith({ 'pitfalls.config.json': JSON.stringify({ presets: 'strict', maxSeverity: 'fatal', semgrep: { timeout: 3 } }) });
    const error = await loadConfig(dir).catch((caught: Error) => caught);
    expect(error).toMatchObject({ name: 'UsageError' });
    expect((error as Error).message).toContain('the config has an unknown key "presets"');
    expect((error as Error).message).toContain('"maxSeverity" must be one of "error", "warning", "info"');
    expect((error as Error).message).toContain('"semgrep" has an unknown key "timeout"');
  });

  it('reports invalid JSON without a stack', async () => {
    const dir = dirWith({ 'pitfalls.config.json': '{ "preset": ' });
    await expect(loadConfig(dir)).rejects.toThrow(/pitfalls.config.json is not valid JSON/);
  });

  it('reports a missing --config file', async () => {
    await expect(loadConfig(dirWith({}), 'nope.json')).rejects.toThrow('Config file not found: nope.json');
  });

  it('reports a config module that throws', async () => {
    const dir = dirWith({ 'pitfalls.config.js': 'throw new Error("boom");' });
    await expect(loadConfig(dir)).rejects.toThrow(/Cannot load config file pitfalls.config.js: boom/);
  });
});
