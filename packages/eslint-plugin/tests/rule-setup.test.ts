import fs from 'node:fs';
import path from 'node:path';
import { parse } from '@typescript-eslint/parser';
import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { DOMAINS, LEVELS } from '../src/domains.js';
import { REPOSITORY_URL } from '../src/util/create-rule.js';
import { docsRulesDir, fixturesDir, pluginDir } from './paths.js';

// The per-rule checklist: a rule cannot land without its source, tests, doc
// page, a preset, and an expected finding in some fixture repo.

const ruleIds = Object.keys(plugin.rules).sort();
const basenames = (dir: string, suffix: string) =>
  fs
    .readdirSync(dir)
    .filter((file) => file.endsWith(suffix))
    .map((file) => file.slice(0, -suffix.length))
    .sort();

describe('every rule has one name in four places', () => {
  it('has rules at all', () => {
    expect(ruleIds.length).toBeGreaterThan(0);
  });
  it('src/rules holds exactly the exported rules', () => {
    expect(basenames(path.join(pluginDir, 'src/rules'), '.ts').filter((name) => name !== 'index')).toEqual(ruleIds);
  });
  it('tests/rules holds one test file per rule', () => {
    expect(basenames(path.join(pluginDir, 'tests/rules'), '.test.ts')).toEqual(ruleIds);
  });
  it('docs/rules holds one page per rule', () => {
    expect(basenames(docsRulesDir, '.md')).toEqual(ruleIds);
  });
});

describe.each(ruleIds)('%s', (id) => {
  const rule = plugin.rules[id as keyof typeof plugin.rules];
  const docs = rule.meta.docs!;

  it('links its doc page', () => {
    expect(docs.url).toBe(`${REPOSITORY_URL}/blob/main/docs/rules/${id}.md`);
  });

  it('declares a level, known domains and its seed', () => {
    expect(LEVELS).toContain(docs.recommended);
    expect(docs.domains.length).toBeGreaterThan(0);
    for (const domain of docs.domains) expect(DOMAINS).toContain(domain);
    expect(docs.seed).toMatch(/^\d{3} /);
  });

  it('is in strict, all and each of its domain presets', () => {
    const configs = plugin.configs as Record<string, { rules: Record<string, unknown> }>;
    expect(configs['strict']?.rules).toHaveProperty([`pitfalls/${id}`]);
    expect(configs['all']?.rules).toHaveProperty([`pitfalls/${id}`]);
    expect(Boolean(configs['recommended']?.rules[`pitfalls/${id}`])).toBe(docs.recommended === 'recommended');
    for (const domain of docs.domains) expect(configs[domain]?.rules).toHaveProperty([`pitfalls/${id}`]);
  });

  it('describes every option and keeps defaults out of the schema', () => {
    const schema = rule.meta.schema;
    const items = Array.isArray(schema) ? schema : [schema];
    for (const item of items) {
      if (!item || item.type !== 'object') continue;
      expect(item.additionalProperties).toBe(false);
      for (const [name, property] of Object.entries(item.properties ?? {})) {
        expect(property, `option ${name}`).toHaveProperty('description');
        expect(property, `option ${name}`).not.toHaveProperty('default');
      }
    }
    if (items.length > 0) expect(rule.meta.defaultOptions).toBeDefined();
  });

  it('has at least as many valid as invalid test cases', () => {
    const { valid, invalid } = countTestCases(path.join(pluginDir, 'tests/rules', `${id}.test.ts`));
    expect(invalid).toBeGreaterThan(0);
    expect(valid).toBeGreaterThanOrEqual(invalid);
  });

  it('has an expected finding in some fixture repo', () => {
    expect(expectedFindingsInFixtures().has(id)).toBe(true);
  });
});

let fixtureFindings: Set<string> | undefined;
function expectedFindingsInFixtures(): Set<string> {
  if (fixtureFindings) return fixtureFindings;
  fixtureFindings = new Set();
  if (!fs.existsSync(fixturesDir)) return fixtureFindings;
  for (const fixture of fs.readdirSync(fixturesDir)) {
    if (fixture.endsWith('-fixed')) continue;
    const dir = path.join(fixturesDir, fixture);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const file of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
      if (!/\.[cm]?[jt]sx?$/.test(file) || file.includes('node_modules')) continue;
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      for (const match of text.matchAll(/expect:\s*((?:pitfalls\/[\w-]+[\s,]*)+)/g)) {
        for (const ruleId of match[1]!.matchAll(/pitfalls\/([\w-]+)/g)) fixtureFindings.add(ruleId[1]!);
      }
    }
  }
  return fixtureFindings;
}

/**
 * Counts the cases of every `ruleTester.run(name, rule, { valid, invalid })` in a
 * test file by reading its AST: array literals, spreads of arrays declared in
 * the file, and `array.map(...)` over such arrays.
 */
function countTestCases(file: string): { valid: number; invalid: number } {
  const ast = parse(fs.readFileSync(file, 'utf8'), { range: true, loc: true });
  const arrays = new Map<string, TSESTree.Expression>();
  const totals = { valid: 0, invalid: 0 };
  const runs: TSESTree.ObjectExpression[] = [];
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    const current = node as TSESTree.Node;
    if (current.type === AST_NODE_TYPES.VariableDeclarator && current.id.type === AST_NODE_TYPES.Identifier && current.init) {
      arrays.set(current.id.name, current.init);
    }
    if (
      current.type === AST_NODE_TYPES.CallExpression &&
      current.callee.type === AST_NODE_TYPES.MemberExpression &&
      current.callee.property.type === AST_NODE_TYPES.Identifier &&
      current.callee.property.name === 'run' &&
      current.arguments[2]?.type === AST_NODE_TYPES.ObjectExpression
    ) {
      runs.push(current.arguments[2]);
    }
    for (const [key, value] of Object.entries(current)) if (key !== 'parent') visit(value);
  };
  visit(ast);
  const count = (node: TSESTree.Node | undefined, seen: Set<string>): number => {
    if (!node) return 0;
    if (node.type === AST_NODE_TYPES.ArrayExpression) {
      return node.elements.reduce(
        (sum, element) =>
          sum + (element?.type === AST_NODE_TYPES.SpreadElement ? count(element.argument, seen) : element ? 1 : 0),
        0,
      );
    }
    if (node.type === AST_NODE_TYPES.Identifier && arrays.has(node.name) && !seen.has(node.name)) {
      return count(arrays.get(node.name), new Set([...seen, node.name]));
    }
    if (
      node.type === AST_NODE_TYPES.CallExpression &&
      node.callee.type === AST_NODE_TYPES.MemberExpression &&
      node.callee.property.type === AST_NODE_TYPES.Identifier &&
      ['map', 'concat', 'flat'].includes(node.callee.property.name)
    ) {
      const base = count(node.callee.object, seen);
      return node.callee.property.name === 'concat'
        ? node.arguments.reduce((sum, argument) => sum + count(argument, seen), base)
        : base;
    }
    throw new Error(`${path.basename(file)}: cannot count test cases in a ${node.type} at line ${node.loc.start.line}`);
  };
  for (const run of runs) {
    for (const property of run.properties) {
      if (property.type !== AST_NODE_TYPES.Property || property.key.type !== AST_NODE_TYPES.Identifier) continue;
      const value = property.shorthand ? (property.value as TSESTree.Identifier) : (property.value as TSESTree.Expression);
      if (property.key.name === 'valid') totals.valid += count(value, new Set());
      if (property.key.name === 'invalid') totals.invalid += count(value, new Set());
    }
  }
  return totals;
}
