import type { TSESLint } from '@typescript-eslint/utils';
import { DOMAINS, type Domain } from './domains.js';
import type { PitfallsDocs } from './util/create-rule.js';

type RuleWithDocs = { meta: { docs?: PitfallsDocs } };
/**
 * ESLint only lints `.js`/`.mjs`/`.cjs` unless some config names other files;
 * the presets name TypeScript and JSX files so that a config holding only a
 * preset lints a TypeScript service.
 */
export const PRESET_FILES = ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'];

type Preset = TSESLint.FlatConfig.Config & { name: string; rules: Record<string, TSESLint.FlatConfig.RuleLevel> };

/**
 * Every preset is computed from the rules' own `meta.docs`: `recommended`
 * holds the rules whose level is `recommended`, `strict` adds the `strict`
 * ones, `all` holds every rule, and each domain preset holds the rules that
 * name the domain. A domain with no rule yet has no preset.
 */
export function buildConfigs(
  plugin: TSESLint.FlatConfig.Plugin,
  parser: TSESLint.FlatConfig.Parser,
  rules: Record<string, RuleWithDocs>,
) {
  const entries = Object.entries(rules).map(([id, rule]) => [id, docsOf(id, rule)] as const);
  const preset = (presetName: string, include: (docs: PitfallsDocs) => boolean): Preset => ({
    name: `pitfalls/${presetName}`,
    files: PRESET_FILES,
    plugins: { pitfalls: plugin },
    languageOptions: { parser },
    rules: Object.fromEntries(entries.filter(([, docs]) => include(docs)).map(([id]) => [`pitfalls/${id}`, 'error'])),
  });
  const domainPresets = Object.fromEntries(
    DOMAINS.filter((domain) => entries.some(([, docs]) => docs.domains.includes(domain))).map((domain) => [
      domain,
      preset(domain, (docs) => docs.domains.includes(domain)),
    ]),
  ) as Partial<Record<Domain, Preset>>;
  return {
    recommended: preset('recommended', (docs) => docs.recommended === 'recommended'),
    strict: preset('strict', () => true),
    all: preset('all', () => true),
    ...domainPresets,
  };
}

function docsOf(id: string, rule: RuleWithDocs): PitfallsDocs {
  const docs = rule.meta.docs;
  if (!docs || docs.domains.length === 0 || docs.domains.some((domain) => !DOMAINS.includes(domain))) {
    throw new Error(`eslint-plugin-pitfalls: rule ${id} must declare meta.docs.domains from ${DOMAINS.join(', ')}`);
  }
  return docs;
}
