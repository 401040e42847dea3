import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { pluginDir, repoRoot } from './paths.js';
import { lintCorpus, writeCorpus, type WrittenFile } from './stress/lint-corpus.js';

// Zero crashes: every rule, with and without type information, over thousands
// of odd but parseable sources (babel's and typescript-eslint's parser and
// transform fixtures, vendored in tests/stress/ with their licenses) and over
// real declaration files and package sources from node_modules.

const stressDir = path.join(pluginDir, 'tests/stress');
const CORPUS_FILES = ['babel-parser.json', 'babel-transforms.json', 'typescript-eslint.json'];

/**
 * Fewer files than this linted to the end means the corpus or the typed
 * setup broke (an emptied JSON file, a tsconfig that leaves files out so that
 * every one is a parse error), not that the rules are sound. The vendored
 * corpus holds 6,290 files that all parse with the parser that selected them.
 */
const VENDORED_FLOOR = 6000;

/**
 * Real code a CI machine has after `npm ci`: the TypeScript and Node
 * declaration files, and a spread of sources from packages whose calls the
 * rules know (web frameworks, database clients, LLM SDKs) or whose syntax is
 * dense (rxjs, zod). `max` keeps every n-th file of a large package so the
 * pick spans it; the pick is sorted, so it is the same on every run.
 */
const NODE_MODULES_PICKS: { dir: string; pattern: RegExp; max?: number }[] = [
  { dir: 'typescript/lib', pattern: /\.d\.ts$/ },
  { dir: '@types/node', pattern: /\.d\.ts$/ },
  { dir: 'express/lib', pattern: /\.js$/ },
  { dir: 'koa/lib', pattern: /\.js$/ },
  { dir: 'pg/lib', pattern: /\.js$/ },
  { dir: 'fastify/lib', pattern: /\.js$/ },
  { dir: 'knex/lib', pattern: /\.js$/, max: 60 },
  { dir: 'hono/dist', pattern: /\.js$/, max: 40 },
  { dir: 'rxjs/src', pattern: /(?<!\.d)\.ts$/, max: 60 },
  { dir: 'zod/src/v4', pattern: /(?<!\.d)\.ts$/, max: 40 },
  { dir: 'openai/src', pattern: /(?<!\.d)\.ts$/, max: 40 },
  { dir: '@anthropic-ai/sdk/src', pattern: /(?<!\.d)\.ts$/, max: 40 },
];
/** lib.dom.d.ts (1.9 MB) alone takes seconds to parse and adds no syntax lib.webworker.d.ts lacks. */
const MAX_NODE_MODULES_FILE_BYTES = 1_000_000;
/** 513 files with the package versions of the lockfile; a missing package must not pass unnoticed. */
const NODE_MODULES_FLOOR = 400;

function vendoredSources(): [string, string][] {
  return CORPUS_FILES.flatMap((name) =>
    Object.entries(JSON.parse(fs.readFileSync(path.join(stressDir, name), 'utf8')) as Record<string, string>),
  );
}

function nodeModulesSources(): [string, string][] {
  return NODE_MODULES_PICKS.flatMap(({ dir, pattern, max }) => {
    const root = path.join(repoRoot, 'node_modules', dir);
    const files = fs
      .readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((file) => pattern.test(file) && fs.statSync(path.join(root, file)).size <= MAX_NODE_MODULES_FILE_BYTES)
      .sort();
    return everyNth(files, max).map((file): [string, string] => [`${dir}/${file}`, fs.readFileSync(path.join(root, file), 'utf8')]);
  });
}

/** At most `max` items, evenly spaced over the list. */
function everyNth<T>(items: T[], max: number | undefined): T[] {
  if (max === undefined || items.length <= max) return items;
  const step = items.length / max;
  return Array.from({ length: max }, (_, index) => items[Math.floor(index * step)]!);
}

const TIMEOUT = 600_000;
let tmp: string;
let vendored: WrittenFile[];

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pitfalls-stress-'));
  vendored = writeCorpus(vendoredSources(), path.join(tmp, 'vendored'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('no rule throws on odd code', () => {
  it('vendored parser fixtures, without type information', { timeout: TIMEOUT }, () => {
    const outcome = lintCorpus(plugin, vendored, { typed: false });
    expect(outcome.crashes).toEqual([]);
    expect(outcome.linted).toBeGreaterThan(VENDORED_FLOOR);
  });

  it('vendored parser fixtures, with type information (one program per batch)', { timeout: TIMEOUT }, () => {
    const outcome = lintCorpus(plugin, vendored, { typed: true });
    expect(outcome.crashes).toEqual([]);
    expect(outcome.linted).toBeGreaterThan(VENDORED_FLOOR);
  });

  it('declaration files and package sources from node_modules, without type information', { timeout: TIMEOUT }, () => {
    const outcome = lintCorpus(plugin, writeCorpus(nodeModulesSources(), path.join(tmp, 'packages')), { typed: false });
    expect(outcome.crashes).toEqual([]);
    expect(outcome.linted).toBeGreaterThan(NODE_MODULES_FLOOR);
  });
});
