import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from './errors.js';
import type { Finding } from './finding.js';

/**
 * ESLint's bulk-suppressions format (`eslint-suppressions.json`): per file
 * (relative to the root, forward slashes), per rule, how many findings are
 * tolerated. We keep our own file because it also holds Semgrep and project
 * findings, and ESLint run alone would report those entries as unused.
 */
export type Baseline = Record<string, Record<string, { count: number }>>;

export const DEFAULT_BASELINE_FILE = 'pitfalls-suppressions.json';

export function relativeKey(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

/** Counts today's findings into a baseline. */
export function createBaseline(root: string, findings: readonly Finding[]): Baseline {
  const baseline: Baseline = {};
  for (const finding of findings) {
    const byRule = (baseline[relativeKey(root, finding.file)] ??= {});
    (byRule[finding.ruleId] ??= { count: 0 }).count += 1;
  }
  return sortBaseline(baseline);
}

export interface BaselineOutcome {
  readonly reported: Finding[];
  readonly suppressed: Finding[];
  /** Entries (or parts of counts) that matched nothing this run. */
  readonly unused: Baseline;
}

/**
 * ESLint's rule: when a file has no more findings of a rule than the baseline
 * allows, all of them are suppressed; when it has more, all of them are
 * reported, because nothing says which one is new.
 */
export function applyBaseline(root: string, findings: readonly Finding[], baseline: Baseline): BaselineOutcome {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const key = `${relativeKey(root, finding.file)}\0${finding.ruleId}`;
    const group = groups.get(key) ?? [];
    group.push(finding);
    groups.set(key, group);
  }
  const reported: Finding[] = [];
  const suppressed: Finding[] = [];
  const unused: Baseline = structuredClone(baseline);
  for (const [key, group] of groups) {
    const [file = '', ruleId = ''] = key.split('\0');
    const allowed = baseline[file]?.[ruleId]?.count ?? 0;
    if (group.length <= allowed) {
      suppressed.push(...group);
      const left = allowed - group.length;
      if (left === 0) delete unused[file]?.[ruleId];
      else (unused[file] as Baseline[string])[ruleId] = { count: left };
    } else {
      reported.push(...group);
      delete unused[file]?.[ruleId];
    }
  }
  for (const file of Object.keys(unused)) if (Object.keys(unused[file] ?? {}).length === 0) delete unused[file];
  return { reported, suppressed, unused };
}

/** The baseline minus what no longer occurs: counts lowered, empty entries dropped. */
export function pruneBaseline(baseline: Baseline, unused: Baseline): Baseline {
  const pruned: Baseline = {};
  for (const [file, rules] of Object.entries(baseline)) {
    for (const [ruleId, { count }] of Object.entries(rules)) {
      const left = count - (unused[file]?.[ruleId]?.count ?? 0);
      if (left > 0) (pruned[file] ??= {})[ruleId] = { count: left };
    }
  }
  return sortBaseline(pruned);
}

export function readBaseline(file: string): Baseline | undefined {
  if (!existsSync(file)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`The baseline ${file} is not valid JSON (${(error as Error).message}); recreate it with --baseline create.`);
  }
  if (!isBaseline(parsed)) {
    throw new UsageError(`The baseline ${file} is not in the suppressions format ({ "<file>": { "<rule>": { "count": n } } }); recreate it with --baseline create.`);
  }
  return parsed;
}

export function writeBaseline(file: string, baseline: Baseline): void {
  writeFileSync(file, `${JSON.stringify(baseline, null, 2)}\n`);
}

export function countEntries(baseline: Baseline): number {
  return Object.values(baseline).reduce((sum, rules) => sum + Object.values(rules).reduce((inner, { count }) => inner + count, 0), 0);
}

function isBaseline(value: unknown): value is Baseline {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return false;
  return Object.values(value).every(
    (rules) =>
      rules &&
      typeof rules === 'object' &&
      Object.values(rules as object).every(
        (entry) => entry && typeof entry === 'object' && Number.isInteger((entry as { count?: unknown }).count) && (entry as { count: number }).count > 0,
      ),
  );
}

/** Sorted keys keep the file's diffs small when it is committed and updated. */
function sortBaseline(baseline: Baseline): Baseline {
  const sorted: Baseline = {};
  for (const file of Object.keys(baseline).sort()) {
    const rules = baseline[file] ?? {};
    sorted[file] = Object.fromEntries(Object.keys(rules).sort().map((ruleId) => [ruleId, rules[ruleId] as { count: number }]));
  }
  return sorted;
}
