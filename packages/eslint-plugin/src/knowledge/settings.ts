import path from 'node:path';

/**
 * A call the user teaches the knowledge module about, e.g. an in-house wrapper:
 * `{ module: "./src/db", name: "run" }` or `{ module: "@acme/db", name: "DbClient.query" }`.
 */
export interface CallMatcher {
  /** A package name (`pg`, `@acme/db`) or a path relative to the ESLint working directory (`./src/db`). */
  module: string;
  /** The exported function, or `Class.method` / `object.method` for a member of an export. */
  name: string;
  /** Which argument carries the SQL text (sinks) or the payload (enqueues). Defaults to 0. */
  argument?: number;
}

/** `settings.pitfalls` as users write it. */
export interface PitfallsSettings {
  /** Calls that execute raw SQL text. */
  sqlSinks?: CallMatcher[];
  /** Calls that run a database query (reads or writes). */
  dbQueries?: CallMatcher[];
  /** Calls that block the event loop. */
  syncIo?: CallMatcher[];
  /** Calls that make a value safe to splice into SQL text (identifier escapers). */
  sqlEscapers?: CallMatcher[];
  /** Calls whose function arguments are request handlers (an in-house router). */
  requestHandlerRegistrars?: CallMatcher[];
  /** Calls that return text written by a language model (an in-house LLM client). */
  llmCalls?: CallMatcher[];
  /** Calls that enqueue a job or publish a message (an in-house queue); `argument` is the payload. */
  enqueues?: CallMatcher[];
  /** Calls that acknowledge, commit or delete a consumed message (an in-house consumer). */
  messageAcks?: CallMatcher[];
  /** Extra names of logger objects (`audit.error(...)`), added to console/pino/winston/logger/log. */
  loggers?: string[];
}

/** A matcher with its module split into a package name or an absolute path, ready to compare. */
export interface ResolvedMatcher {
  readonly packageName?: string;
  /** Absolute path without extension (and without a trailing `/index`). */
  readonly modulePath?: string;
  /** `DbClient` in `DbClient.query`, if given. */
  readonly owner?: string;
  readonly member: string;
  readonly argument: number;
  readonly source: string;
}

export interface ResolvedSettings {
  readonly sqlSinks: readonly ResolvedMatcher[];
  readonly dbQueries: readonly ResolvedMatcher[];
  readonly syncIo: readonly ResolvedMatcher[];
  readonly sqlEscapers: readonly ResolvedMatcher[];
  readonly requestHandlerRegistrars: readonly ResolvedMatcher[];
  readonly llmCalls: readonly ResolvedMatcher[];
  readonly enqueues: readonly ResolvedMatcher[];
  readonly messageAcks: readonly ResolvedMatcher[];
  readonly loggers: ReadonlySet<string>;
}

const MATCHER_KEYS = ['sqlSinks', 'dbQueries', 'syncIo', 'sqlEscapers', 'requestHandlerRegistrars', 'llmCalls', 'enqueues', 'messageAcks'] as const;
const KNOWN_KEYS = new Set<string>([...MATCHER_KEYS, 'loggers']);

export class PitfallsSettingsError extends Error {
  constructor(message: string) {
    super(`eslint-plugin-pitfalls: invalid settings.pitfalls: ${message}`);
    this.name = 'PitfallsSettingsError';
  }
}

const cache = new WeakMap<object, Map<string, ResolvedSettings>>();
const EMPTY_KEY = {};

/**
 * Reads and validates `settings.pitfalls`. Bad configuration throws a
 * {@link PitfallsSettingsError} naming the offending key, so ESLint reports it
 * instead of rules silently ignoring it.
 */
export function getPitfallsSettings(context: { settings: Record<string, unknown>; cwd: string }): ResolvedSettings {
  const raw = context.settings['pitfalls'];
  const key = typeof raw === 'object' && raw !== null ? raw : EMPTY_KEY;
  let byCwd = cache.get(key);
  if (!byCwd) {
    byCwd = new Map();
    cache.set(key, byCwd);
  }
  let resolved = byCwd.get(context.cwd);
  if (!resolved) {
    resolved = resolveSettings(raw, context.cwd);
    byCwd.set(context.cwd, resolved);
  }
  return resolved;
}

export function resolveSettings(raw: unknown, cwd: string): ResolvedSettings {
  if (raw === undefined) raw = {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new PitfallsSettingsError('expected an object');
  }
  const settings = raw as Record<string, unknown>;
  for (const key of Object.keys(settings)) {
    if (!KNOWN_KEYS.has(key)) {
      throw new PitfallsSettingsError(`unknown key "${key}" (known keys: ${[...KNOWN_KEYS].join(', ')})`);
    }
  }
  const matchers = (key: (typeof MATCHER_KEYS)[number]): ResolvedMatcher[] => {
    const list = settings[key];
    if (list === undefined) return [];
    if (!Array.isArray(list)) throw new PitfallsSettingsError(`"${key}" must be an array of { module, name }`);
    return list.map((entry, index) => resolveMatcher(entry, `${key}[${index}]`, cwd));
  };
  const loggers = settings['loggers'];
  if (loggers !== undefined && (!Array.isArray(loggers) || loggers.some((name) => typeof name !== 'string' || name === ''))) {
    throw new PitfallsSettingsError('"loggers" must be an array of non-empty strings');
  }
  return {
    sqlSinks: matchers('sqlSinks'),
    dbQueries: matchers('dbQueries'),
    syncIo: matchers('syncIo'),
    sqlEscapers: matchers('sqlEscapers'),
    requestHandlerRegistrars: matchers('requestHandlerRegistrars'),
    llmCalls: matchers('llmCalls'),
    enqueues: matchers('enqueues'),
    messageAcks: matchers('messageAcks'),
    loggers: new Set((loggers as string[] | undefined) ?? []),
  };
}

function resolveMatcher(entry: unknown, where: string, cwd: string): ResolvedMatcher {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    throw new PitfallsSettingsError(`${where} must be an object like { "module": "./src/db", "name": "run" }`);
  }
  const { module, name, argument, ...rest } = entry as Record<string, unknown>;
  const extra = Object.keys(rest);
  if (extra.length > 0) throw new PitfallsSettingsError(`${where} has unknown key "${extra[0]}"`);
  if (typeof module !== 'string' || module === '') throw new PitfallsSettingsError(`${where}.module must be a non-empty string`);
  if (typeof name !== 'string' || !/^[\w$]+(\.[\w$]+)?$/.test(name)) {
    throw new PitfallsSettingsError(`${where}.name must be "fn" or "Owner.method", got ${JSON.stringify(name)}`);
  }
  if (argument !== undefined && (typeof argument !== 'number' || !Number.isInteger(argument) || argument < 0)) {
    throw new PitfallsSettingsError(`${where}.argument must be a non-negative integer`);
  }
  const [owner, member] = name.includes('.') ? (name.split('.') as [string, string]) : [undefined, name];
  const isPath = module.startsWith('.') || path.isAbsolute(module);
  return {
    ...(isPath ? { modulePath: normaliseModulePath(path.resolve(cwd, module)) } : { packageName: module }),
    ...(owner ? { owner } : {}),
    member,
    argument: argument ?? 0,
    source: `${module}#${name}`,
  };
}

/** `/a/db.ts`, `/a/db/index.d.ts` and `/a/db` all name the module `/a/db`. */
export function normaliseModulePath(file: string): string {
  const withoutExtension = file.replace(/\.d\.[cm]?ts$/, '').replace(/\.[cm]?[jt]sx?$/, '');
  return withoutExtension.replace(/[\\/]index$/, '');
}
