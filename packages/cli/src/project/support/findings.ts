import { DOCS_BASE, type Finding } from '../../finding.js';
import type { ProjectCheck } from '../types.js';

export interface Location {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine?: number;
  readonly endColumn?: number;
}

/** A finding of a whole-program check: `pitfalls-project/<id>`, its docs page, the check's severity. */
export function projectFinding(check: Pick<ProjectCheck, 'id' | 'severity'>, location: Location, message: string): Finding {
  return {
    tool: 'project',
    ruleId: `pitfalls-project/${check.id}`,
    severity: check.severity,
    message,
    file: location.file,
    line: location.line,
    column: location.column,
    ...(location.endLine !== undefined ? { endLine: location.endLine } : {}),
    ...(location.endColumn !== undefined ? { endColumn: location.endColumn } : {}),
    docsUrl: projectDocsUrl(check.id),
  };
}

export function projectDocsUrl(id: string): string {
  return `${DOCS_BASE}/project/${id}.md`;
}
