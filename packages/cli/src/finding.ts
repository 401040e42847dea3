/**
 * One finding in the merged report, whatever produced it. The JSON report is
 * these objects (docs/cli.md documents the schema), so fields are only added.
 */
export interface Finding {
  /** Which engine produced it. */
  readonly tool: 'eslint' | 'semgrep' | 'project';
  /**
   * `pitfalls/<rule>` for the ESLint plugin, `pitfalls-semgrep/<rule>` for the
   * Semgrep pack, `pitfalls-project/<check>` for the whole-program checks.
   */
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  /** Absolute path of the file the finding is in. */
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  readonly endLine?: number;
  /** 1-based, exclusive. */
  readonly endColumn?: number;
  /** The rule's documentation page. */
  readonly docsUrl?: string;
}

export type Severity = 'error' | 'warning' | 'info';

export const SEVERITIES: readonly Severity[] = ['info', 'warning', 'error'];

/** True when `severity` is `threshold` or worse. */
export function isAtLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(severity) >= SEVERITIES.indexOf(threshold);
}

/** Where the docs live; rule pages are `${DOCS_BASE}/rules/<id>.md` and so on. */
export const DOCS_BASE = 'https://github.com/pitfalls-dev/pitfalls/blob/main/docs';
