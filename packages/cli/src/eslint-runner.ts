import { existsSync } from 'node:fs';
import path from 'node:path';
import { ESLint, type Linter } from 'eslint';
import pitfalls from 'eslint-plugin-pitfalls';
import { UsageError } from './errors.js';
import type { Finding } from './finding.js';
import type { PitfallsConfig } from './config.js';
import { partitionByTsconfig } from './tsconfig-coverage.js';

/** What ESLint lints: TypeScript and JavaScript sources, as the presets' `files` say. */
export const LINTED_EXTENSIONS = new Set(['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs']);

/** Build output, dependencies and generated code: never a person's code to fix. */
export const DEFAULT_IGNORES = [
  '**/node_modules/**',
  '**/dist/**',
  '**/build/**',
  '**/coverage/**',
  '**/.next/**',
  '**/.nuxt/**',
  '**/.turbo/**',
  '**/.git/**',
  '**/*.min.js',
  '**/*.d.ts',
];

const BATCH_SIZE = 40;

type PresetName = keyof typeof pitfalls.configs;

export interface EslintRunOptions {
  readonly root: string;
  readonly files: readonly string[];
  readonly preset: string;
  readonly config: PitfallsConfig;
  /** Use the TypeScript program where a tsconfig.json covers the file. */
  readonly typeInfo: boolean;
  readonly onProgress?: (done: number, total: number) => void;
  /** The ESLint class to drive; the installed `eslint` by default (tests pass ESLint 9's). */
  readonly eslintClass?: typeof ESLint;
}

export interface EslintRunOutcome {
  readonly findings: Finding[];
  readonly filesLinted: number;
  /** Files no rule could be run on (parse errors, rule crashes), as readable lines. */
  readonly errors: string[];
  readonly typed: boolean;
  readonly rules: readonly { id: string; description?: string; docsUrl?: string }[];
  readonly version: string;
}

/** Throws UsageError for an unknown preset, an unknown rule or rule options ESLint rejects. */
export function checkEslintConfig(preset: string, config: PitfallsConfig): void {
  if (!(preset in pitfalls.configs)) {
    throw new UsageError(`Unknown preset "${preset}". Presets: ${Object.keys(pitfalls.configs).join(', ')}.`);
  }
  for (const ruleId of Object.keys(config.rules ?? {})) {
    const name = ruleId.startsWith('pitfalls/') ? ruleId.slice('pitfalls/'.length) : undefined;
    if (name === undefined || !(name in pitfalls.rules)) {
      throw new UsageError(`Unknown rule "${ruleId}" in the config's "rules". Rules are named pitfalls/<rule>: ${closest(ruleId)}`);
    }
  }
}

export async function runEslint(options: EslintRunOptions): Promise<EslintRunOutcome> {
  checkEslintConfig(options.preset, options.config);
  const files = options.files.filter((file) => LINTED_EXTENSIONS.has(path.extname(file)));
  const typed = options.typeInfo && hasTsconfig(options.root, files);
  const eslint = createEslint(options, typed);
  const untyped = typed ? createEslint(options, false) : eslint;
  const findings: Finding[] = [];
  const errors: string[] = [];
  let filesLinted = 0;
  // Files no tsconfig covers go straight to the untyped linter (see partitionByTsconfig).
  const { covered, uncovered } = typed ? partitionByTsconfig(options.root, files) : { covered: files, uncovered: [] };
  const plan = [...batchesOf(covered).map((batch) => ({ linter: eslint, batch })), ...batchesOf(uncovered).map((batch) => ({ linter: untyped, batch }))];
  let done = 0;
  for (const { linter, batch } of plan) {
    const results = await lintBatch(linter, batch, errors);
    // A file no tsconfig includes (a script, a .js config) is still worth linting, without types.
    const outsideProgram = results.filter(isOutsideProgram).map((result) => result.filePath);
    const retried = outsideProgram.length > 0 ? await lintBatch(untyped, outsideProgram, errors) : [];
    for (const result of [...results.filter((result) => !isOutsideProgram(result)), ...retried]) {
      filesLinted += 1;
      for (const message of result.messages) {
        if (message.fatal) {
          errors.push(`${path.relative(options.root, result.filePath)}:${message.line}: ${message.message}`);
        } else if (message.ruleId?.startsWith('pitfalls/')) {
          findings.push(toFinding(result.filePath, message));
        }
        // Anything else is ESLint talking about the repository's own setup, such as an
        // `eslint-disable` comment for a plugin this run does not load: not ours to report.
      }
    }
    done += batch.length;
    options.onProgress?.(done, files.length);
  }
  return { findings, filesLinted, errors, typed, rules: describeRules(options), version: (options.eslintClass ?? ESLint).version };
}

function batchesOf(files: readonly string[]): string[][] {
  const batches: string[][] = [];
  for (let start = 0; start < files.length; start += BATCH_SIZE) batches.push(files.slice(start, start + BATCH_SIZE));
  return batches;
}

function presetOf(name: string) {
  const preset = pitfalls.configs[name as PresetName];
  if (!preset) throw new UsageError(`Unknown preset "${name}".`);
  return preset;
}

function createEslint(options: EslintRunOptions, typed: boolean): ESLint {
  const preset = presetOf(options.preset);
  const ruleOverrides = (options.config.rules ?? {}) as Linter.RulesRecord;
  const overrideConfig: Linter.Config[] = [
    { ignores: [...DEFAULT_IGNORES, ...(options.config.ignore ?? [])] },
    {
      ...(preset as unknown as Linter.Config),
      languageOptions: {
        ...(preset.languageOptions as Linter.Config['languageOptions']),
        parserOptions: typed ? { projectService: true, tsconfigRootDir: options.root } : {},
      },
      settings: options.config.settings ? { pitfalls: options.config.settings } : {},
      rules: { ...(preset.rules as Linter.RulesRecord), ...ruleOverrides },
      // A repository's own inline `eslint-disable` comments for rules it does not load must not be errors here.
      linterOptions: { reportUnusedDisableDirectives: 'off' },
    },
  ];
  const EslintClass = options.eslintClass ?? ESLint;
  return new EslintClass({
    cwd: options.root,
    overrideConfigFile: true,
    overrideConfig,
    errorOnUnmatchedPattern: false,
    warnIgnored: false,
  });
}

async function lintBatch(eslint: ESLint, files: readonly string[], errors: string[]): Promise<ESLint.LintResult[]> {
  try {
    return await eslint.lintFiles([...files]);
  } catch (error) {
    if (isConfigurationError(error)) throw new UsageError(cleanConfigMessage(error as Error));
    if (files.length === 1) {
      errors.push(`${files[0]}: ${firstLine((error as Error).message)}`);
      return [];
    }
    // One file crashing a rule must not cost the report of the others: lint them one by one.
    const results: ESLint.LintResult[] = [];
    for (const file of files) results.push(...(await lintBatch(eslint, [file], errors)));
    return results;
  }
}

function isOutsideProgram(result: ESLint.LintResult): boolean {
  return result.messages.some((message) => message.fatal && /was not found by the project service|not included in|project service/i.test(message.message));
}

function isConfigurationError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (
    error.name === 'PitfallsSettingsError' ||
    /Configuration for rule|Key "rules"|Key "settings"|settings\.pitfalls|Unexpected key|Could not find "/.test(error.message)
  );
}

function cleanConfigMessage(error: Error): string {
  return `Invalid configuration: ${error.message.split('\n').filter((line) => !/^\s+at /.test(line)).join('\n').trim()}`;
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}

function hasTsconfig(root: string, files: readonly string[]): boolean {
  if (existsSync(path.join(root, 'tsconfig.json'))) return true;
  const dirs = new Set(files.map((file) => path.dirname(file)));
  for (const dir of dirs) {
    for (let current = dir; current.startsWith(root); current = path.dirname(current)) {
      if (existsSync(path.join(current, 'tsconfig.json'))) return true;
      if (current === root) break;
    }
  }
  return false;
}

function toFinding(file: string, message: Linter.LintMessage): Finding {
  const rule = message.ruleId?.startsWith('pitfalls/') ? pitfalls.rules[message.ruleId.slice(9) as keyof typeof pitfalls.rules] : undefined;
  const docsUrl = (rule?.meta.docs as { url?: string } | undefined)?.url;
  return {
    tool: 'eslint',
    ruleId: message.ruleId ?? 'eslint',
    severity: message.severity === 2 ? 'error' : 'warning',
    message: message.message,
    file,
    line: message.line,
    column: message.column,
    ...(message.endLine !== undefined ? { endLine: message.endLine } : {}),
    ...(message.endColumn !== undefined ? { endColumn: message.endColumn } : {}),
    ...(docsUrl ? { docsUrl } : {}),
  };
}

function describeRules(options: EslintRunOptions): { id: string; description?: string; docsUrl?: string }[] {
  const preset = presetOf(options.preset);
  const levels = { ...(preset.rules as Linter.RulesRecord), ...((options.config.rules ?? {}) as Linter.RulesRecord) };
  return Object.entries(levels)
    .filter(([, level]) => !isOff(level))
    .map(([id]) => {
      const docs = pitfalls.rules[id.slice(9) as keyof typeof pitfalls.rules]?.meta.docs as { description?: string; url?: string } | undefined;
      return { id, ...(docs?.description ? { description: docs.description } : {}), ...(docs?.url ? { docsUrl: docs.url } : {}) };
    });
}

function isOff(level: Linter.RuleEntry | undefined): boolean {
  const value = Array.isArray(level) ? level[0] : level;
  return value === 'off' || value === 0;
}

/** The rule names nearest to a mistyped one, so "Unknown rule" says what was meant. */
function closest(ruleId: string): string {
  const wanted = ruleId.replace(/^.*\//, '');
  const names = Object.keys(pitfalls.rules);
  const near = names.filter((name) => editDistance(name, wanted) <= 3 || name.includes(wanted) || wanted.includes(name));
  return near.length > 0 ? `did you mean ${near.map((name) => `pitfalls/${name}`).join(', ')}?` : `see ${names.length} rules in docs/rules/.`;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    let previous = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const current = row[j] ?? 0;
      row[j] = Math.min((row[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length] ?? 0;
}
