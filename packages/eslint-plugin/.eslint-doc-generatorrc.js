// eslint-doc-generator reads the built plugin (dist), so build first.
// Presets and the README rules table come from each rule's meta.docs.
import plugin from './dist/index.js';

const domainPresets = Object.keys(plugin.configs).filter((name) => !['recommended', 'strict', 'all'].includes(name));
const title = (domain) => domain.charAt(0).toUpperCase() + domain.slice(1);

/** @type {import('eslint-doc-generator').GenerateOptions} */
export default {
  pathRuleDoc: '../../docs/rules/{name}.md',
  pathRuleList: '../../README.md',
  ruleDocTitleFormat: 'desc-parens-prefix-name',
  // Every page has an Options section, "This rule has no options." included;
  // tests/docs.test.ts checks it names each option of the schema.
  ruleDocSectionOptions: false,
  configEmoji: [
    ['recommended', '✅'],
    ['strict', '🔒'],
  ],
  // Domain presets are listed in the README's presets table; the rules table
  // is split by each rule's first domain instead of one column per domain.
  ignoreConfig: ['all', ...domainPresets],
  ruleListColumns: ['name', 'description', 'configsError', 'hasSuggestions', 'requiresTypeChecking'],
  ruleListSplit: (rules) => {
    const byDomain = new Map();
    for (const [name, rule] of rules) {
      const domain = rule.meta.docs.domains[0];
      byDomain.set(domain, [...(byDomain.get(domain) ?? []), [name, rule]]);
    }
    return [...byDomain].sort(([a], [b]) => a.localeCompare(b)).map(([domain, list]) => ({ title: title(domain), rules: list }));
  },
  urlConfigs: 'https://github.com/pitfalls-dev/pitfalls#presets',
};
