import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { docsRulesDir, pluginDir } from './paths.js';
import { fixtureDir, NOT_SINGLE_RUN } from './rule-tester.js';

// Every page has one shape, and its examples are linted: each Incorrect block
// must report the rule, each Correct block must not.
const REQUIRED_HEADINGS = [
  '## What it flags',
  '## Why',
  '## How to fix',
  '## Options',
  '## Examples',
  '### Incorrect',
  '### Correct',
  '## Type information',
  '## Known false negatives',
  '## When not to use it',
  '## Source',
];

interface Example {
  section: 'Incorrect' | 'Correct';
  code: string;
  line: number;
  tsx: boolean;
  /** ` ```ts file=app/api/x/route.ts`: where a type-aware rule's example is linted, inside tests/fixture. */
  file?: string;
}

function readPage(id: string) {
  const text = fs.readFileSync(path.join(docsRulesDir, `${id}.md`), 'utf8');
  const headings: string[] = [];
  const examples: Example[] = [];
  let section: string | undefined;
  let fence: { lang: string; start: number; lines: string[] } | undefined;
  text.split('\n').forEach((line, index) => {
    if (fence) {
      if (line.startsWith('```')) {
        const [lang = '', ...info] = fence.lang.split(/\s+/);
        if ((section === 'Incorrect' || section === 'Correct') && /^(ts|tsx|typescript)$/.test(lang)) {
          const file = info.find((item) => item.startsWith('file='))?.slice('file='.length);
          examples.push({ section, code: fence.lines.join('\n'), line: fence.start + 1, tsx: lang === 'tsx', ...(file ? { file } : {}) });
        }
        fence = undefined;
      } else fence.lines.push(line);
      return;
    }
    if (line.startsWith('```')) {
      fence = { lang: line.slice(3).trim(), start: index + 1, lines: [] };
      return;
    }
    const heading = /^(#{2,3}) (.+)$/.exec(line);
    if (heading) {
      headings.push(line.trim());
      section = heading[2]!.trim();
    }
  });
  return { text, headings, examples };
}

const linter = new Linter({ configType: 'flat' });

describe.each(Object.keys(plugin.rules))('docs/rules/%s.md', (id) => {
  const page = readPage(id);

  it('starts with the generated header naming the rule', () => {
    expect(page.text).toMatch(new RegExp(`^# .+ \\(\`pitfalls/${id}\`\\)`));
    expect(page.text).toContain('<!-- end auto-generated rule header -->');
  });

  it('has the required sections in order', () => {
    const present = page.headings.filter((heading) => REQUIRED_HEADINGS.includes(heading));
    expect(present).toEqual(REQUIRED_HEADINGS);
  });

  it('documents every option of the schema in its Options section', () => {
    const options = page.text.split('## Options')[1]?.split('\n## ')[0] ?? '';
    const schema = plugin.rules[id as keyof typeof plugin.rules].meta.schema;
    const names = (Array.isArray(schema) ? schema : [schema]).flatMap((item) => Object.keys(item?.properties ?? {}));
    if (names.length === 0) expect(options).toContain('This rule has no options.');
    for (const name of names) expect(options).toContain(`\`${name}\``);
  });

  it('states the default of every array option as the rule declares it', () => {
    const options = page.text.split('## Options')[1]?.split('\n## ')[0] ?? '';
    const [defaults] = (plugin.rules[id as keyof typeof plugin.rules].meta.defaultOptions ?? []) as [Record<string, unknown>?];
    for (const value of Object.values(defaults ?? {})) {
      if (!Array.isArray(value)) continue;
      for (const item of value) expect(options).toContain(String(item));
    }
  });

  it('has incorrect and correct examples', () => {
    expect(page.examples.filter((example) => example.section === 'Incorrect').length).toBeGreaterThan(0);
    expect(page.examples.filter((example) => example.section === 'Correct').length).toBeGreaterThan(0);
  });

  it.each(page.examples.map((example) => [`${example.section} example at line ${example.line}`, example] as const))(
    '%s',
    (_, example) => {
      // Type-aware rules see their examples inside the typed test project, as tests/fixture/<file>.
      const typed = plugin.rules[id as keyof typeof plugin.rules].meta.docs?.requiresTypeChecking === true;
      const filename = typed
        ? path.join(fixtureDir, example.file ?? (example.tsx ? 'react.tsx' : 'file.ts'))
        : example.tsx
          ? 'example.tsx'
          : 'example.ts';
      const parserOptions = typed
        ? { project: './tsconfig.json', tsconfigRootDir: fixtureDir, ...NOT_SINGLE_RUN }
        : { ecmaFeatures: { jsx: true } };
      const messages = linter.verify(
        example.code,
        [
          {
            files: ['**/*.ts', '**/*.tsx'],
            plugins: { pitfalls: plugin as never },
            languageOptions: { parser: tsParser as never, parserOptions },
            rules: { [`pitfalls/${id}`]: 'error' },
          },
        ],
        { filename },
      );
      const fatal = messages.filter((message) => message.fatal);
      expect(fatal).toEqual([]);
      const reports = messages.filter((message) => message.ruleId === `pitfalls/${id}`);
      if (example.section === 'Incorrect') expect(reports.length).toBeGreaterThan(0);
      else expect(reports).toEqual([]);
    },
  );
});

describe('generated docs', () => {
  // eslint-doc-generator reads the built plugin: `npm test` builds first.
  it('rule headers and the README rules table match the rules', () => {
    const run = spawnSync('npx', ['--no-install', 'eslint-doc-generator', '--check'], { cwd: pluginDir, encoding: 'utf8' });
    expect(run.stdout + run.stderr).not.toMatch(/differ|missing|not found|Error/i);
    expect(run.status).toBe(0);
  });
});
