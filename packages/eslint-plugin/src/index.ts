import { createRequire } from 'node:module';
import tsParser from '@typescript-eslint/parser';
import type { TSESLint } from '@typescript-eslint/utils';
import { rules } from './rules/index.js';
import { buildConfigs } from './configs.js';

const { name, version } = createRequire(import.meta.url)('../package.json') as { name: string; version: string };

const plugin = {
  meta: { name, version, namespace: 'pitfalls' },
  rules,
  configs: {} as ReturnType<typeof buildConfigs>,
};

// Presets reference the plugin object itself, so they are filled in after it exists.
Object.assign(plugin.configs, buildConfigs(plugin as unknown as TSESLint.FlatConfig.Plugin, tsParser, rules));

export type { PitfallsSettings, CallMatcher } from './knowledge/settings.js';
export default plugin;
