import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv, type ErrorObject } from 'ajv';
import { UsageError } from './errors.js';
import type { Severity } from './finding.js';

export type RuleLevel = 'off' | 'warn' | 'error' | 0 | 1 | 2;

/** `pitfalls.config.*` or the "pitfalls" key of package.json; docs/cli.md documents each field. */
export interface PitfallsConfig {
  /** ESLint preset of eslint-plugin-pitfalls: recommended, strict, all or a domain. */
  readonly preset?: string;
  /** Globs (relative to the root) that no engine looks at. */
  readonly ignore?: readonly string[];
  /** Per-rule overrides of the preset, as in an ESLint config (`"pitfalls/no-swallowed-error": ["error", {…}]`). */
  readonly rules?: Readonly<Record<string, RuleLevel | readonly [RuleLevel, ...unknown[]]>>;
  /** `settings.pitfalls` for the ESLint rules (extra DB clients, wrappers…; docs/knowledge.md). */
  readonly settings?: Readonly<Record<string, unknown>>;
  readonly semgrep?: boolean | { readonly enabled?: boolean; readonly require?: boolean; readonly timeoutSeconds?: number };
  readonly projectChecks?:
    | boolean
    | {
        readonly enabled?: boolean;
        readonly disable?: readonly string[];
        readonly options?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
      };
  readonly maxSeverity?: Severity;
  /** Where the baseline lives, relative to the root. */
  readonly baselineFile?: string;
}

export const CONFIG_FILE_NAMES = ['pitfalls.config.json', 'pitfalls.config.js', 'pitfalls.config.mjs', 'pitfalls.config.cjs'] as const;

const RULE_LEVEL = { enum: ['off', 'warn', 'error', 0, 1, 2] };

export const CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    preset: { type: 'string', minLength: 1 },
    ignore: { type: 'array', items: { type: 'string', minLength: 1 } },
    rules: {
      type: 'object',
      additionalProperties: {
        anyOf: [RULE_LEVEL, { type: 'array', minItems: 1, items: [RULE_LEVEL] }],
      },
    },
    settings: { type: 'object' },
    semgrep: {
      anyOf: [
        { type: 'boolean' },
        {
          type: 'object',
          additionalProperties: false,
          properties: {
            enabled: { type: 'boolean' },
            require: { type: 'boolean' },
            timeoutSeconds: { type: 'number', exclusiveMinimum: 0 },
          },
        },
      ],
    },
    projectChecks: {
      anyOf: [
        { type: 'boolean' },
        {
          type: 'object',
          additionalProperties: false,
          properties: {
            enabled: { type: 'boolean' },
            disable: { type: 'array', items: { type: 'string' } },
            options: { type: 'object', additionalProperties: { type: 'object' } },
          },
        },
      ],
    },
    maxSeverity: { enum: ['error', 'warning', 'info'] },
    baselineFile: { type: 'string', minLength: 1 },
  },
} as const;

export interface LoadedConfig {
  readonly config: PitfallsConfig;
  /** Where it came from, for messages; undefined when no config exists. */
  readonly source?: string;
}

/** The explicit `--config` file, else the first config file in `root`, else package.json's "pitfalls" key, else `{}`. */
export async function loadConfig(root: string, explicit?: string): Promise<LoadedConfig> {
  if (explicit !== undefined) {
    const file = path.resolve(root, explicit);
    if (!existsSync(file)) throw new UsageError(`Config file not found: ${explicit}`);
    return { config: validate(await readConfigFile(file), explicit), source: explicit };
  }
  for (const name of CONFIG_FILE_NAMES) {
    const file = path.join(root, name);
    if (existsSync(file)) return { config: validate(await readConfigFile(file), name), source: name };
  }
  const packageJson = path.join(root, 'package.json');
  if (existsSync(packageJson)) {
    const manifest = parseJson(packageJson) as Record<string, unknown> | null;
    if (manifest && typeof manifest === 'object' && 'pitfalls' in manifest) {
      return { config: validate(manifest.pitfalls, 'package.json "pitfalls"'), source: 'package.json' };
    }
  }
  return { config: {} };
}

async function readConfigFile(file: string): Promise<unknown> {
  if (file.endsWith('.json')) return parseJson(file);
  try {
    const module = (await import(pathToFileURL(file).href)) as { default?: unknown };
    return module.default;
  } catch (error) {
    throw new UsageError(`Cannot load config file ${path.basename(file)}: ${(error as Error).message}`);
  }
}

function parseJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`Cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path.basename(file)} is not valid JSON: ${(error as Error).message}`);
  }
}

const validator = new Ajv({ allErrors: true, strict: false }).compile(CONFIG_SCHEMA);

function validate(value: unknown, where: string): PitfallsConfig {
  if (validator(value)) return value as PitfallsConfig;
  const problems = (validator.errors ?? []).filter(isWorthShowing).map(describe);
  throw new UsageError(`Invalid config in ${where}:\n${[...new Set(problems)].map((problem) => `  - ${problem}`).join('\n')}`);
}

/** anyOf reports every branch's failure; the branch summary says it better. */
function isWorthShowing(error: ErrorObject): boolean {
  return !(error.keyword === 'type' && /\/(semgrep|projectChecks)$/.test(error.instancePath));
}

function describe(error: ErrorObject): string {
  const where = error.instancePath === '' ? 'the config' : `"${error.instancePath.slice(1).replaceAll('/', '.')}"`;
  if (error.keyword === 'additionalProperties') {
    return `${where} has an unknown key "${String(error.params.additionalProperty)}"`;
  }
  if (error.keyword === 'enum') return `${where} must be one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  return `${where} ${error.message ?? 'is invalid'}`;
}
