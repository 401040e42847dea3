import type { Finding } from '../finding.js';
import { countBySeverity } from './counts.js';
import { relativePosixPath } from './paths.js';
import { docsUrlOf, rulesById, rulesOf } from './rules.js';
import type { EngineStatus, JsonEngine, JsonFinding, JsonReport, RuleDescriptor, RunSummary } from './types.js';

/**
 * The machine-readable report (schema: packages/cli/schema/report.schema.json). Objects are
 * built field by field in the schema's order, so the output diffs cleanly between runs.
 */
export function formatJson(summary: RunSummary): string {
  return `${JSON.stringify(jsonReportOf(summary), null, 2)}\n`;
}

export function jsonReportOf(summary: RunSummary): JsonReport {
  const rules = rulesById(rulesOf(summary));
  const counts = countBySeverity(summary.findings);
  return {
    version: 1,
    tool: { name: 'pitfalls', version: summary.toolVersion },
    root: summary.root,
    findings: summary.findings.map((finding) => jsonFindingOf(finding, summary.root, rules)),
    summary: {
      errors: counts.error,
      warnings: counts.warning,
      infos: counts.info,
      suppressed: summary.suppressedCount,
      filesLinted: summary.filesLinted,
    },
    engines: summary.engines.map(jsonEngineOf),
    notes: [...summary.notes],
  };
}

function jsonFindingOf(finding: Finding, root: string, rules: ReadonlyMap<string, RuleDescriptor>): JsonFinding {
  return {
    ruleId: finding.ruleId,
    tool: finding.tool,
    severity: finding.severity,
    message: finding.message,
    file: relativePosixPath(root, finding.file),
    line: finding.line,
    column: finding.column,
    endLine: finding.endLine ?? null,
    endColumn: finding.endColumn ?? null,
    docsUrl: docsUrlOf(finding, rules) ?? null,
  };
}

function jsonEngineOf(engine: EngineStatus): JsonEngine {
  return {
    name: engine.name,
    status: engine.status,
    detail: engine.detail ?? null,
    durationMs: engine.durationMs ?? null,
    version: engine.version ?? null,
  };
}
