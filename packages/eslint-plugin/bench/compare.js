#!/usr/bin/env node
// Lints the same directories with one pitfalls rule and one rule of another
// plugin, without type information, and prints every finding of each and the
// two counts: how the docs' "Compared with …" sections are measured.
//
//   npm run build
//   node packages/eslint-plugin/bench/compare.js --ours no-path-traversal \
//     --theirs security/detect-non-literal-fs-filename <dir> [<dir> …]
//
// Only plugins installed in this repository can be compared (eslint-plugin-security).
import { parseArgs } from 'node:util';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import pitfalls from 'eslint-plugin-pitfalls';

const PLUGINS = {
  security: () => import('eslint-plugin-security').then((module) => module.default),
};

const { values, positionals } = parseArgs({
  options: { ours: { type: 'string' }, theirs: { type: 'string' }, quiet: { type: 'boolean', default: false } },
  allowPositionals: true,
});
if (!values.ours || !values.theirs || positionals.length === 0) {
  console.error('usage: compare.js --ours <pitfalls rule> --theirs <plugin/rule> <dir> [<dir> …]');
  process.exit(2);
}
if (!pitfalls.rules[values.ours]) {
  console.error(`compare.js: pitfalls has no rule ${JSON.stringify(values.ours)}`);
  process.exit(2);
}
const [pluginName, ...rest] = values.theirs.split('/');
const loadPlugin = PLUGINS[pluginName];
if (!loadPlugin || rest.length === 0) {
  console.error(`compare.js: --theirs must be <plugin>/<rule> with plugin one of ${Object.keys(PLUGINS).join(', ')}`);
  process.exit(2);
}
const theirs = await loadPlugin();

async function lint(ruleId, plugins) {
  const eslint = new ESLint({
    cwd: process.cwd(),
    overrideConfigFile: true,
    overrideConfig: [
      { ignores: ['**/node_modules/**', '**/dist/**', '**/build/**', '**/*.d.ts'] },
      { linterOptions: { reportUnusedDisableDirectives: 'off' } },
      {
        files: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts'],
        plugins,
        languageOptions: { parser: tseslint.parser },
        rules: { [ruleId]: 'error' },
      },
    ],
  });
  const results = await eslint.lintFiles(positionals);
  const findings = [];
  const crashes = [];
  for (const result of results) {
    for (const message of result.messages) {
      if (message.ruleId === ruleId) findings.push(`${result.filePath}:${message.line}:${message.column} ${message.message}`);
      else if (!message.ruleId && message.fatal !== true) crashes.push(`${result.filePath}: ${message.message}`);
    }
  }
  return { findings, crashes, files: results.length };
}

const ours = await lint(`pitfalls/${values.ours}`, { pitfalls });
const other = await lint(values.theirs, { [pluginName]: theirs });
for (const [label, outcome] of [
  [`pitfalls/${values.ours}`, ours],
  [values.theirs, other],
]) {
  if (!values.quiet) for (const line of outcome.findings) console.log(`${label}\t${line}`);
  for (const line of outcome.crashes) console.error(`${label}\tCRASH ${line}`);
}
console.log(`files: ${ours.files}`);
console.log(`pitfalls/${values.ours}: ${ours.findings.length} finding(s)`);
console.log(`${values.theirs}: ${other.findings.length} finding(s)`);
