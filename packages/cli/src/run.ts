import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BaselineAction, CliArguments } from './args.js';
import {
  DEFAULT_BASELINE_FILE,
  applyBaseline,
  countEntries,
  createBaseline,
  pruneBaseline,
  readBaseline,
  writeBaseline,
} from './baseline.js';
import { loadConfig, type PitfallsConfig } from './config.js';
import { UsageError } from './errors.js';
import { checkEslintConfig, runEslint } from './eslint-runner.js';
import { isAtLeast, type Finding, type Severity } from './finding.js';
import { repositoryFiles, resolvePaths, selectUnder } from './files.js';
import { changedSince, stagedFiles } from './git.js';
import { PROJECT_CHECKS, runProjectChecks } from './project/index.js';
import { projectDocsUrl } from './project/support/findings.js';
import type { EngineStatus, RuleDescriptor, RunSummary } from './report/types.js';
import { packRules, runSemgrep } from './semgrep.js';

const { version: TOOL_VERSION } = createRequire(import.meta.url)('../package.json') as { version: string };

export { TOOL_VERSION };

/** The Semgrep pack: `rules/` of this package when installed, of the repository in the workspace. */
export function rulesDirectory(): string {
  const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const candidates = [path.join(packageDir, 'rules'), path.resolve(packageDir, '../../rules')];
  return candidates.find((dir) => existsSync(dir)) ?? (candidates[0] as string);
}

export interface RunOutcome {
  readonly summary: RunSummary;
  /** 0 clean, 1 findings at or above the threshold, 2 an engine failed. */
  readonly exitCode: number;
  /** Set when the run wrote a baseline instead of judging. */
  readonly baselineMessage?: string;
}

export interface RunHooks {
  /** Files linted so far, for a progress line. */
  readonly onProgress?: (done: number, total: number) => void;
  /** The engine starting now, for the same line. */
  readonly onPhase?: (phase: string) => void;
}

/** One run of the command, everything but printing. Throws UsageError for the user's mistakes. */
export async function run(args: CliArguments, root: string, hooks: RunHooks = {}): Promise<RunOutcome> {
  const { config } = await loadConfig(root, args.config);
  const preset = args.preset ?? config.preset ?? 'recommended';
  checkEslintConfig(preset, config);
  const paths = resolvePaths(root, args.paths);
  const everything = await repositoryFiles(root, config.ignore ?? []);
  const selection = await selectFiles(args, root, paths, everything);
  const narrowed = args.staged || args.changedSince !== undefined || paths.some((entry) => !isDirectory(entry, everything));

  const engines: EngineStatus[] = [];
  const notes: string[] = [];
  const findings: Finding[] = [];
  const rules: RuleDescriptor[] = [];

  const eslintStart = Date.now();
  const eslint = await runEslint({ root, files: selection, preset, config, typeInfo: args.typeInfo, ...(hooks.onProgress ? { onProgress: hooks.onProgress } : {}) });
  findings.push(...eslint.findings);
  rules.push(...eslint.rules.map((rule) => ({ ...rule, tool: 'eslint' as const })));
  engines.push({
    name: 'eslint',
    status: eslint.errors.length > 0 ? 'failed' : 'ran',
    durationMs: Date.now() - eslintStart,
    version: eslint.version,
    detail: `${eslint.filesLinted} files, preset ${preset}, ${eslint.typed ? 'with' : 'without'} type information`,
  });
  notes.push(...eslint.errors.map((error) => `eslint could not lint ${error}`));

  const semgrep = semgrepSettings(args, config);
  if (!semgrep.enabled) {
    engines.push({ name: 'semgrep', status: 'skipped', detail: 'turned off' });
  } else if (narrowed && selection.length === 0) {
    engines.push({ name: 'semgrep', status: 'skipped', detail: 'no file selected' });
  } else {
    const start = Date.now();
    hooks.onPhase?.('running the Semgrep rule pack');
    const rulesDir = rulesDirectory();
    const outcome = await runSemgrep({
      root,
      targets: narrowed ? selection : paths,
      rulesDir,
      ...(semgrep.timeoutMs ? { timeoutMs: semgrep.timeoutMs } : {}),
    });
    if (outcome.status === 'missing') {
      if (semgrep.required) throw new UsageError(outcome.message);
      engines.push({ name: 'semgrep', status: 'missing', detail: outcome.message });
      notes.push(outcome.message);
    } else if (outcome.status === 'failed') {
      engines.push({ name: 'semgrep', status: 'failed', detail: outcome.message, durationMs: Date.now() - start });
      notes.push(`semgrep failed: ${outcome.message}`);
    } else {
      // Semgrep applies .gitignore itself; the config's `ignore` globs are ours to apply.
      const kept = new Set([...everything, ...selection]);
      findings.push(...outcome.findings.filter((finding) => kept.has(finding.file)));
      rules.push(...packRules(rulesDir).map((rule) => ({ ...rule, tool: 'semgrep' as const })));
      engines.push({ name: 'semgrep', status: 'ran', durationMs: Date.now() - start });
      notes.push(...outcome.errors.map((error) => `semgrep: ${error}`));
    }
  }

  const project = projectSettings(args, config);
  if (!project.enabled) {
    engines.push({ name: 'project', status: 'skipped', detail: 'turned off' });
  } else {
    const start = Date.now();
    hooks.onPhase?.('running the whole-program checks');
    const tsconfig = path.join(root, 'tsconfig.json');
    const outcome = runProjectChecks({
      root,
      files: everything,
      ...(existsSync(tsconfig) ? { tsconfig } : {}),
      enabled: project.enabled,
      options: project.options,
    });
    // The whole program is read, but a narrowed run reports only on the files it was asked about.
    const inSelection = new Set(selection);
    findings.push(...outcome.findings.filter((finding) => !narrowed || inSelection.has(finding.file)));
    engines.push({ name: 'project', status: outcome.errors.length > 0 ? 'failed' : 'ran', durationMs: Date.now() - start });
    notes.push(...outcome.errors.map((error) => `project check failed: ${error}`));
  }
  rules.push(
    ...PROJECT_CHECKS.filter((check) => project.enabled && project.enabled.includes(check.id)).map((check) => ({
      id: `pitfalls-project/${check.id}`,
      description: check.description,
      docsUrl: projectDocsUrl(check.id),
      tool: 'project' as const,
    })),
  );
  findings.sort(compareFindings);

  const baselineFile = path.resolve(root, args.baselineFile ?? config.baselineFile ?? DEFAULT_BASELINE_FILE);
  if (args.baseline) return writeBaselineRun(args.baseline, baselineFile, root, findings, summaryOf());

  let reported = findings;
  let suppressedCount = 0;
  const baseline = args.noBaseline ? undefined : readBaseline(baselineFile);
  if (baseline) {
    const outcome = applyBaseline(root, findings, baseline);
    reported = outcome.reported.sort(compareFindings);
    suppressedCount = outcome.suppressed.length;
    const unused = countEntries(outcome.unused);
    if (unused > 0 && !narrowed) {
      notes.push(`${unused} baseline entr${unused === 1 ? 'y no longer occurs' : 'ies no longer occur'}: run pitfalls --baseline prune to tighten ${path.relative(root, baselineFile)}.`);
    }
  }

  const threshold: Severity = args.maxSeverity ?? config.maxSeverity ?? 'error';
  const failedEngine = engines.some((engine) => engine.status === 'failed');
  const failing = reported.some((finding) => isAtLeast(finding.severity, threshold));
  return { summary: summaryOf(reported, suppressedCount), exitCode: failedEngine ? 2 : failing ? 1 : 0 };

  function summaryOf(list: readonly Finding[] = findings, suppressed = 0): RunSummary {
    return { root, findings: list, suppressedCount: suppressed, filesLinted: eslint.filesLinted, engines, notes, toolVersion: TOOL_VERSION, rules };
  }
}

async function selectFiles(args: CliArguments, root: string, paths: readonly string[], everything: readonly string[]): Promise<string[]> {
  // Explicit file paths count even when git ignores them: a person named them.
  const named = paths.filter((entry) => !isDirectory(entry, everything) && !everything.includes(entry));
  const under = [...selectUnder(everything, paths), ...named];
  if (args.staged) return intersect(under, await stagedFiles(root));
  if (args.changedSince !== undefined) return intersect(under, await changedSince(root, args.changedSince));
  return under;
}

function intersect(files: readonly string[], wanted: readonly string[]): string[] {
  const set = new Set(wanted);
  return files.filter((file) => set.has(file));
}

function isDirectory(entry: string, everything: readonly string[]): boolean {
  return everything.some((file) => file.startsWith(entry + path.sep));
}

function writeBaselineRun(action: BaselineAction, file: string, root: string, findings: Finding[], summary: RunSummary): RunOutcome {
  const relative = path.relative(root, file);
  if (action === 'create') {
    const baseline = createBaseline(root, findings);
    writeBaseline(file, baseline);
    const files = Object.keys(baseline).length;
    return {
      summary,
      exitCode: summary.engines.some((engine) => engine.status === 'failed') ? 2 : 0,
      baselineMessage: `Baseline written to ${relative}: ${findings.length} finding${findings.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}. Commit it; later runs fail only on new findings.`,
    };
  }
  const existing = readBaseline(file);
  if (!existing) throw new UsageError(`No baseline to prune at ${relative}; create one with --baseline create.`);
  const { unused } = applyBaseline(root, findings, existing);
  const pruned = pruneBaseline(existing, unused);
  writeBaseline(file, pruned);
  return {
    summary,
    exitCode: 0,
    baselineMessage: `Baseline ${relative} pruned: ${countEntries(existing) - countEntries(pruned)} entr${countEntries(existing) - countEntries(pruned) === 1 ? 'y' : 'ies'} removed, ${countEntries(pruned)} left.`,
  };
}

function semgrepSettings(args: CliArguments, config: PitfallsConfig): { enabled: boolean; required: boolean; timeoutMs?: number } {
  const fromConfig = typeof config.semgrep === 'object' ? config.semgrep : { enabled: config.semgrep };
  const required = args.requireSemgrep || (fromConfig.require ?? false);
  const enabled = args.semgrep ?? fromConfig.enabled ?? true;
  const timeoutSeconds = typeof config.semgrep === 'object' ? config.semgrep.timeoutSeconds : undefined;
  return { enabled, required, ...(timeoutSeconds ? { timeoutMs: timeoutSeconds * 1000 } : {}) };
}

function projectSettings(args: CliArguments, config: PitfallsConfig): { enabled: readonly string[] | undefined; options: Record<string, Record<string, unknown>> } {
  const fromConfig = typeof config.projectChecks === 'object' ? config.projectChecks : { enabled: config.projectChecks };
  const on = args.projectChecks ?? fromConfig.enabled ?? true;
  const disable = fromConfig.disable ?? [];
  const known = PROJECT_CHECKS.map((check) => check.id);
  for (const id of [...disable, ...Object.keys(fromConfig.options ?? {})]) {
    if (!known.includes(id)) throw new UsageError(`Unknown project check "${id}" in the config. Checks: ${known.join(', ')}.`);
  }
  return {
    enabled: on ? known.filter((id) => !disable.includes(id)) : undefined,
    options: { ...(fromConfig.options as Record<string, Record<string, unknown>> | undefined) },
  };
}

function compareFindings(a: Finding, b: Finding): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId);
}
