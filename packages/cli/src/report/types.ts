import type { Finding, Severity } from '../finding.js';

export type EngineName = 'eslint' | 'semgrep' | 'project';

/** What became of one engine in this run; anything but `ran` means its pitfalls were not looked for. */
export interface EngineStatus {
  readonly name: EngineName;
  readonly status: 'ran' | 'skipped' | 'missing' | 'failed';
  /** Why it was skipped, what is missing and how to install it, what failed; or what it covered. */
  readonly detail?: string;
  readonly durationMs?: number;
  readonly version?: string;
}

/** A rule that ran, so reports can describe rules that found nothing this time (SARIF lists them all). */
export interface RuleDescriptor {
  /** The `ruleId` its findings carry. */
  readonly id: string;
  readonly description?: string;
  readonly docsUrl?: string;
  readonly tool: EngineName;
}

/** Everything a report is made from: one run of the command, after the baseline. */
export interface RunSummary {
  /** Absolute repository root; file paths in reports are relative to it, with `/` separators. */
  readonly root: string;
  /** Already sorted and filtered by the caller (baseline applied); reports keep this order. */
  readonly findings: readonly Finding[];
  /** Findings hidden by the baseline. */
  readonly suppressedCount: number;
  readonly filesLinted: number;
  readonly engines: readonly EngineStatus[];
  /** Warnings the CLI wants shown once (e.g. "semgrep not installed: pip install semgrep"). */
  readonly notes: readonly string[];
  /** The pitfalls-cli version. */
  readonly toolVersion: string;
  /** Every rule that ran. */
  readonly rules: readonly RuleDescriptor[];
}

export type ReportFormat = 'terminal' | 'json' | 'sarif';

export const REPORT_FORMATS: readonly ReportFormat[] = ['terminal', 'json', 'sarif'];

export interface ReportOptions {
  /** ANSI colours in the terminal report; the other formats ignore it. */
  readonly color?: boolean;
}

/**
 * The JSON report, version 1 (schema: packages/cli/schema/report.schema.json).
 * Fields are only ever added; a removal or a change of meaning bumps `version`.
 * Unknown values are `null`, never missing, so every object has one shape.
 */
export interface JsonReport {
  readonly version: 1;
  readonly tool: { readonly name: 'pitfalls'; readonly version: string };
  readonly root: string;
  readonly findings: readonly JsonFinding[];
  readonly summary: JsonSummary;
  readonly engines: readonly JsonEngine[];
  readonly notes: readonly string[];
}

export interface JsonFinding {
  readonly ruleId: string;
  readonly tool: EngineName;
  readonly severity: Severity;
  readonly message: string;
  /** Relative to `root`, `/`-separated. */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number | null;
  /** Exclusive. */
  readonly endColumn: number | null;
  readonly docsUrl: string | null;
}

export interface JsonSummary {
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  readonly suppressed: number;
  readonly filesLinted: number;
}

export interface JsonEngine {
  readonly name: EngineName;
  readonly status: EngineStatus['status'];
  readonly detail: string | null;
  readonly durationMs: number | null;
  readonly version: string | null;
}
