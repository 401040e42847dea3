import { parseArgs } from 'node:util';
import { UsageError } from './errors.js';
import { SEVERITIES, type Severity } from './finding.js';

export const FORMATS = ['terminal', 'json', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

export const BASELINE_ACTIONS = ['create', 'prune'] as const;
export type BaselineAction = (typeof BASELINE_ACTIONS)[number];

/** The command line, parsed and checked; unset values fall back to the config file, then to defaults. */
export interface CliArguments {
  readonly paths: readonly string[];
  readonly help: boolean;
  readonly version: boolean;
  readonly config?: string;
  readonly preset?: string;
  readonly format: Format;
  readonly outputFile?: string;
  readonly maxSeverity?: Severity;
  readonly staged: boolean;
  readonly changedSince?: string;
  readonly baseline?: BaselineAction;
  readonly baselineFile?: string;
  readonly noBaseline: boolean;
  readonly semgrep?: boolean;
  readonly requireSemgrep: boolean;
  readonly projectChecks?: boolean;
  readonly typeInfo: boolean;
  readonly quiet: boolean;
  readonly color?: boolean;
  readonly debug: boolean;
}

export const HELP = `Usage: pitfalls [options] [paths...]

Lints a repository with the pitfalls ESLint presets, the Semgrep rule pack
(manifests, Dockerfiles, CI workflows, Go and Python) and the whole-program
checks, and prints one report. Paths default to the current directory.

Options:
  --preset <name>          ESLint preset: recommended (default), strict, all, or a domain
  --format <format>        terminal (default), json or sarif
  -o, --output-file <file> write the report to a file instead of stdout
  --max-severity <level>   fail (exit 1) on findings at or above: error (default), warning, info
  --staged                 only files staged in git (pre-commit)
  --changed-since <ref>    only files changed since the merge base with <ref> (pull requests)
  --baseline <action>      create: record today's findings so later runs fail only on new ones
                           prune: drop baseline entries that no longer occur
  --baseline-file <file>   baseline location (default: pitfalls-suppressions.json at the root)
  --no-baseline            ignore the baseline file
  --no-semgrep             skip the Semgrep rule pack
  --require-semgrep        exit 2 when semgrep is not installed instead of skipping it
  --no-project-checks      skip the whole-program checks
  --no-type-info           lint without type information even where a tsconfig exists
  -c, --config <file>      config file (default: pitfalls.config.{json,js,mjs,cjs} or "pitfalls" in package.json)
  -q, --quiet              no progress and no notes on stderr
  --color, --no-color      force or disable colours in the terminal report
  --debug                  print stack traces of internal errors
  -h, --help               show this help
  -v, --version            show the version

Exit codes: 0 no finding at or above --max-severity, 1 findings, 2 usage,
configuration or internal error.
`;

/** Parses argv (without node and the script); throws UsageError for anything it cannot accept. */
export function parseCliArguments(argv: readonly string[]): CliArguments {
  const { values, positionals } = parseStrictly(argv);
  const format = oneOf('--format', values.format ?? 'terminal', FORMATS);
  const maxSeverity = values['max-severity'] === undefined ? undefined : oneOf('--max-severity', values['max-severity'], SEVERITIES);
  const baseline = values.baseline === undefined ? undefined : oneOf('--baseline', values.baseline, BASELINE_ACTIONS);
  if (values.staged && values['changed-since'] !== undefined) {
    throw new UsageError('--staged and --changed-since choose files in different ways; pass one of them.');
  }
  if (baseline && (values.staged || values['changed-since'] !== undefined)) {
    throw new UsageError(`--baseline ${baseline} records the findings of the whole repository; it cannot be combined with --staged or --changed-since.`);
  }
  if (baseline && values['no-baseline']) throw new UsageError(`--baseline ${baseline} and --no-baseline contradict each other.`);
  if (values['require-semgrep'] && values['no-semgrep']) throw new UsageError('--require-semgrep and --no-semgrep contradict each other.');
  if (values['changed-since'] === '') throw new UsageError('--changed-since needs a git ref, e.g. --changed-since origin/main.');
  return {
    paths: positionals.length > 0 ? positionals : ['.'],
    help: values.help ?? false,
    version: values.version ?? false,
    config: values.config,
    preset: values.preset,
    format,
    outputFile: values['output-file'],
    maxSeverity,
    staged: values.staged ?? false,
    changedSince: values['changed-since'],
    baseline,
    baselineFile: values['baseline-file'],
    noBaseline: values['no-baseline'] ?? false,
    semgrep: values['no-semgrep'] ? false : undefined,
    requireSemgrep: values['require-semgrep'] ?? false,
    projectChecks: values['no-project-checks'] ? false : undefined,
    typeInfo: !values['no-type-info'],
    quiet: values.quiet ?? false,
    color: values['no-color'] ? false : values.color ? true : undefined,
    debug: values.debug ?? false,
  };
}

function parseStrictly(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
        config: { type: 'string', short: 'c' },
        preset: { type: 'string' },
        format: { type: 'string', short: 'f' },
        'output-file': { type: 'string', short: 'o' },
        'max-severity': { type: 'string' },
        staged: { type: 'boolean' },
        'changed-since': { type: 'string' },
        baseline: { type: 'string' },
        'baseline-file': { type: 'string' },
        'no-baseline': { type: 'boolean' },
        'no-semgrep': { type: 'boolean' },
        'require-semgrep': { type: 'boolean' },
        'no-project-checks': { type: 'boolean' },
        'no-type-info': { type: 'boolean' },
        quiet: { type: 'boolean', short: 'q' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        debug: { type: 'boolean' },
      },
    });
  } catch (error) {
    // node:util's messages name the flag ("Unknown option '--fromat'"); keep them, drop the stack.
    throw new UsageError(`${(error as Error).message.replace(/\. To specify a positional argument.*$/s, '.')}\nRun pitfalls --help for the options.`);
  }
}

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} must be one of ${allowed.join(', ')}; got "${value}".`);
}
