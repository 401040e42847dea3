import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { parse as parseYaml } from 'yaml';
import type { Finding, Severity } from './finding.js';

/** What installs the binary this module drives; every "missing" message names it. */
export const SEMGREP_INSTALL_COMMAND = 'pip install semgrep';

/** Rule ids are reported under this namespace, whatever directory the pack was loaded from. */
const RULE_NAMESPACE = 'pitfalls-semgrep';

const DEFAULT_TIMEOUT_MS = 5 * 60 * 1000;

/**
 * Third-party code semgrep should not read even when a project's own
 * `.semgrepignore` replaces semgrep's defaults: installed packages and
 * vendored dependencies are nobody's code to fix here.
 */
const THIRD_PARTY_DIRECTORIES = ['node_modules', 'vendor', '.venv', 'venv', '.tox', 'site-packages'];

/** How much of semgrep's stderr a failure message quotes. */
const STDERR_TAIL_CHARS = 1500;

export interface SemgrepOptions {
  /** The project: semgrep runs here, so `.gitignore` and `.semgrepignore` apply as semgrep applies them. */
  readonly root: string;
  /** Files or directories to scan, absolute or relative to `root`. Default: the whole project. */
  readonly targets?: readonly string[];
  /** The rule pack (a directory of rule YAML files). */
  readonly rulesDir: string;
  /** Kill semgrep after this long. Default 5 minutes. */
  readonly timeoutMs?: number;
  /** Default `semgrep` from PATH. */
  readonly semgrepBin?: string;
}

export type SemgrepOutcome =
  | { status: 'ok'; findings: Finding[]; errors: string[] }
  | { status: 'missing'; message: string }
  | { status: 'failed'; message: string };

/** The shape of `semgrep scan --json` this module reads; everything else is ignored. */
interface SemgrepJson {
  readonly results?: readonly SemgrepResult[];
  readonly errors?: readonly SemgrepError[];
}

interface SemgrepResult {
  readonly check_id: string;
  readonly path: string;
  readonly start: { readonly line: number; readonly col: number };
  readonly end?: { readonly line: number; readonly col: number };
  readonly extra?: {
    readonly message?: string;
    readonly severity?: string;
    readonly metadata?: { readonly docs?: unknown };
  };
}

interface SemgrepError {
  readonly level?: string;
  /** A string, or `["PartialParsing", [spans]]` for files parsed in part. */
  readonly type?: unknown;
  readonly message?: string;
  readonly path?: string;
  /** Rule schema errors carry these instead of `message` and `path`. */
  readonly short_msg?: string;
  readonly long_msg?: string;
  readonly spans?: readonly { readonly file?: string; readonly start?: { readonly line?: number } }[];
}

/** Runs the rule pack over the project and maps every result to a Finding. */
export async function runSemgrep(options: SemgrepOptions): Promise<SemgrepOutcome> {
  const bin = options.semgrepBin ?? 'semgrep';
  const targets = options.targets ?? ['.'];
  // An empty selection (no staged file of interest) means nothing to scan, not "scan everything".
  if (targets.length === 0) return { status: 'ok', findings: [], errors: [] };
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  const result = await execa(bin, scanArguments(options.root, options.rulesDir, targets), {
    cwd: options.root,
    reject: false,
    timeout: timeoutMs,
    // Killing semgrep's Python front end with SIGTERM also stops the semgrep-core it started.
    killSignal: 'SIGTERM',
    env: { SEMGREP_ENABLE_VERSION_CHECK: '0', SEMGREP_SEND_METRICS: 'off' },
  });

  if (isNotInstalled(result)) return { status: 'missing', message: `${missingMessage(bin)}${stderrTail(result.stderr)}` };
  if (result.timedOut) {
    return { status: 'failed', message: `semgrep timed out after ${formatSeconds(timeoutMs)}${stderrTail(result.stderr)}` };
  }
  if (result.exitCode !== 0) return { status: 'failed', message: crashMessage(result) };

  const report = parseReport(result.stdout);
  if (report === undefined) {
    return { status: 'failed', message: `semgrep printed no JSON report${stderrTail(result.stderr)}` };
  }
  return {
    status: 'ok',
    findings: (report.results ?? []).map((entry) => findingOf(entry, options.root)),
    errors: (report.errors ?? []).map((error) => describeError(error)),
  };
}

/** `semgrep --version`, or undefined when it cannot be run. */
export async function semgrepVersion(bin = 'semgrep'): Promise<string | undefined> {
  // Without --disable-version-check, semgrep asks the network for a newer release first (a minute offline).
  const result = await execa(bin, ['--version', '--disable-version-check'], { reject: false, timeout: 30_000 });
  const version = typeof result.stdout === 'string' ? result.stdout.trim() : '';
  return result.exitCode === 0 && version !== '' ? version : undefined;
}

function scanArguments(root: string, rulesDir: string, targets: readonly string[]): string[] {
  const args = [
    'scan',
    '--config',
    path.resolve(root, rulesDir),
    '--json',
    '--metrics=off',
    '--disable-version-check',
    '--quiet',
    // Ids stay as the pack names them instead of being prefixed with the pack's directories.
    '--no-rewrite-rule-ids',
  ];
  for (const directory of [...THIRD_PARTY_DIRECTORIES, ...packInside(root, rulesDir)]) args.push('--exclude', directory);
  // `--` keeps a target named like an option from being read as one.
  return [...args, '--', ...targets];
}

/**
 * The pack's own test targets are culprits on purpose; when the pack lives in the
 * project being scanned (this repository), they are not the project's findings.
 * A leading slash anchors the pattern to the project root.
 */
function packInside(root: string, rulesDir: string): string[] {
  const relative = path.relative(path.resolve(root), path.resolve(root, rulesDir));
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return [];
  return [`/${relative.split(path.sep).join('/')}`];
}

function parseReport(stdout: unknown): SemgrepJson | undefined {
  if (typeof stdout !== 'string' || stdout.trim() === '') return undefined;
  try {
    const parsed: unknown = JSON.parse(stdout);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as SemgrepJson) : undefined;
  } catch {
    return undefined;
  }
}

function findingOf(entry: SemgrepResult, root: string): Finding {
  const docs = entry.extra?.metadata?.docs;
  return {
    tool: 'semgrep',
    ruleId: `${RULE_NAMESPACE}/${ruleNameOf(entry.check_id)}`,
    severity: severityOf(entry.extra?.severity),
    message: (entry.extra?.message ?? '').replace(/\s+/g, ' ').trim(),
    file: path.resolve(root, entry.path),
    line: entry.start.line,
    column: entry.start.col,
    ...(entry.end ? { endLine: entry.end.line, endColumn: entry.end.col } : {}),
    ...(typeof docs === 'string' ? { docsUrl: docs } : {}),
  };
}

/** `rules.kubernetes.k8s-image-latest` → `k8s-image-latest`: pack ids have no dots, directories do. */
function ruleNameOf(checkId: string): string {
  return checkId.slice(checkId.lastIndexOf('.') + 1);
}

/** Semgrep's legacy levels and the newer CRITICAL/HIGH/MEDIUM/LOW ones. */
function severityOf(level: string | undefined): Severity {
  switch (level?.toUpperCase()) {
    case 'ERROR':
    case 'CRITICAL':
    case 'HIGH':
      return 'error';
    case 'WARNING':
    case 'MEDIUM':
      return 'warning';
    default:
      return 'info';
  }
}

/** One line per error, with the file when semgrep names one (parse errors in targets, invalid rules). */
function describeError(error: SemgrepError): string {
  const kind = Array.isArray(error.type) ? String(error.type[0]) : typeof error.type === 'string' ? error.type : 'error';
  const text = (error.message ?? ([error.short_msg, error.long_msg].filter(Boolean).join(': ') || kind)).replace(/\s+/g, ' ').trim();
  const span = error.spans?.[0];
  const where = error.path ?? (span?.file ? `${span.file}${span.start?.line ? `:${span.start.line}` : ''}` : undefined);
  return where && !text.includes(where) ? `${where}: ${text}` : text;
}

/**
 * ENOENT: nothing by that name. 127: a wrapper found no command behind it, as a
 * pyenv or asdf shim does when the active Python has no semgrep installed.
 */
function isNotInstalled(result: { readonly code?: unknown; readonly exitCode?: number }): boolean {
  return result.code === 'ENOENT' || result.exitCode === 127;
}

function missingMessage(bin: string): string {
  return bin === 'semgrep'
    ? `semgrep is not installed (no "semgrep" on PATH). Install it with \`${SEMGREP_INSTALL_COMMAND}\` (or brew install semgrep) to run the rule pack.`
    : `semgrep was not found at ${bin}. Install it with \`${SEMGREP_INSTALL_COMMAND}\` (or brew install semgrep) to run the rule pack.`;
}

interface CrashedRun {
  readonly exitCode?: number;
  readonly signal?: string;
  readonly stdout: unknown;
  readonly stderr: unknown;
  readonly shortMessage?: string;
}

/**
 * Without `--error`, semgrep exits 0 whether or not it found anything; any other
 * exit (7 for an invalid rule, 2 for a fatal error) or a signal means the scan
 * did not happen. The JSON report, when there is one, says why.
 */
function crashMessage(result: CrashedRun): string {
  const how = result.exitCode !== undefined ? `exited with code ${result.exitCode}` : result.signal ? `was killed by ${result.signal}` : 'could not be run';
  const reasons = (parseReport(result.stdout)?.errors ?? []).filter((error) => error.level !== 'warn').map((error) => describeError(error));
  const detail = reasons.length > 0 ? `: ${reasons.join('; ')}` : result.exitCode === undefined && result.shortMessage ? `: ${result.shortMessage}` : '';
  return `semgrep ${how}${detail}${stderrTail(result.stderr)}`;
}

function stderrTail(stderr: unknown): string {
  const text = typeof stderr === 'string' ? stderr.trim() : '';
  if (text === '') return '';
  return `\n${text.length > STDERR_TAIL_CHARS ? `…${text.slice(-STDERR_TAIL_CHARS)}` : text}`;
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}

export interface PackRule {
  readonly id: string;
  readonly description?: string;
  readonly docsUrl?: string;
}

/**
 * The rules of the pack as the reports describe them (SARIF lists every rule
 * that ran, found or not): id, `metadata.description` and `metadata.docs`.
 */
export function packRules(rulesDir: string): PackRule[] {
  const files = readdirSync(rulesDir, { recursive: true, encoding: 'utf8' }).filter(
    (file) => /\.ya?ml$/.test(file) && !/\.test\.ya?ml$/.test(file),
  );
  return files.flatMap((file) => {
    const parsed = parseYaml(readFileSync(path.join(rulesDir, file), 'utf8')) as { rules?: unknown } | null;
    const rules = Array.isArray(parsed?.rules) ? (parsed.rules as { id?: unknown; metadata?: { description?: unknown; docs?: unknown } }[]) : [];
    return rules
      .filter((rule) => typeof rule.id === 'string')
      .map((rule) => ({
        id: `${RULE_NAMESPACE}/${String(rule.id)}`,
        ...(typeof rule.metadata?.description === 'string' ? { description: rule.metadata.description } : {}),
        ...(typeof rule.metadata?.docs === 'string' ? { docsUrl: rule.metadata.docs } : {}),
      }));
  });
}
