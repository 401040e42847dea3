import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { buildConfigs } from '../src/configs.js';
import { DOMAINS } from '../src/domains.js';
import { repoRoot } from './paths.js';

const configs = plugin.configs as Record<string, { name: string; rules: Record<string, unknown>; plugins: unknown }>;
const ruleEntries = Object.entries(plugin.rules);

describe('presets are derived from rule metadata', () => {
  it('recommended holds exactly the rules whose level is recommended', () => {
    const expected = ruleEntries.filter(([, rule]) => rule.meta.docs?.recommended === 'recommended').map(([id]) => `pitfalls/${id}`);
    expect(Object.keys(configs['recommended']!.rules).sort()).toEqual(expected.sort());
  });

  it('strict and all hold every rule, as errors', () => {
    for (const name of ['strict', 'all']) {
      expect(configs[name]!.rules).toEqual(Object.fromEntries(ruleEntries.map(([id]) => [`pitfalls/${id}`, 'error'])));
    }
  });

  it('each domain with rules has a preset holding exactly its rules', () => {
    for (const domain of DOMAINS) {
      const expected = ruleEntries.filter(([, rule]) => rule.meta.docs?.domains.includes(domain)).map(([id]) => `pitfalls/${id}`);
      if (expected.length === 0) expect(configs[domain]).toBeUndefined();
      else expect(Object.keys(configs[domain]!.rules).sort()).toEqual(expected.sort());
    }
  });

  it('a new rule reaches its presets without editing any list', () => {
    const rule = (recommended: 'recommended' | 'strict', domains: string[]) => ({
      meta: { docs: { description: 'x', recommended, domains, seed: '000 P1' } },
    });
    const built = buildConfigs(
      {},
      {} as never,
      { a: rule('recommended', ['errors']), b: rule('strict', ['jobs', 'llm']) } as never,
    ) as Record<string, { rules: Record<string, unknown> }>;
    expect(Object.keys(built['recommended']!.rules)).toEqual(['pitfalls/a']);
    expect(Object.keys(built['strict']!.rules)).toEqual(['pitfalls/a', 'pitfalls/b']);
    expect(Object.keys(built['jobs']!.rules)).toEqual(['pitfalls/b']);
    expect(Object.keys(built['llm']!.rules)).toEqual(['pitfalls/b']);
    expect(built['data']).toBeUndefined();
  });

  it('refuses a rule with an unknown domain', () => {
    const bad = { x: { meta: { docs: { description: 'x', recommended: 'strict', domains: ['databases'], seed: '000' } } } };
    expect(() => buildConfigs({}, {} as never, bad as never)).toThrow(/rule x must declare meta.docs.domains/);
  });

  it('names each preset and registers the plugin under the pitfalls namespace', () => {
    for (const [name, config] of Object.entries(configs)) {
      expect(config.name).toBe(`pitfalls/${name}`);
      expect(config.plugins).toEqual({ pitfalls: plugin });
    }
    expect(plugin.meta).toMatchObject({ name: 'eslint-plugin-pitfalls', namespace: 'pitfalls' });
    expect(plugin.meta.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('is a valid flat config ESLint accepts', async () => {
    const eslint = new ESLint({ cwd: repoRoot, overrideConfigFile: true, overrideConfig: [configs['strict'] as never] });
    const config = (await eslint.calculateConfigForFile('src/server.ts')) as { rules: Record<string, unknown> };
    for (const [id] of ruleEntries) expect((config.rules[`pitfalls/${id}`] as unknown[])[0]).toBe(2);
  });
});
