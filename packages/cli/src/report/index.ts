import { formatJson } from './json.js';
import { formatSarif } from './sarif.js';
import { formatTerminal } from './terminal.js';
import type { ReportFormat, ReportOptions, RunSummary } from './types.js';

export { formatJson, jsonReportOf } from './json.js';
export { formatSarif, FINDING_FINGERPRINT, SARIF_SCHEMA_URI, SOURCE_ROOT } from './sarif.js';
export { formatTerminal } from './terminal.js';
export { githubLineHashes } from './fingerprint.js';
export { REPORT_FORMATS } from './types.js';
export type {
  EngineName,
  EngineStatus,
  JsonEngine,
  JsonFinding,
  JsonReport,
  JsonSummary,
  ReportFormat,
  ReportOptions,
  RuleDescriptor,
  RunSummary,
} from './types.js';

/** The report in `format`, ending with a newline, ready to write to stdout or a file. */
export function formatReport(format: ReportFormat, summary: RunSummary, options: ReportOptions = {}): string {
  switch (format) {
    case 'terminal':
      return formatTerminal(summary, { color: options.color ?? false });
    case 'json':
      return formatJson(summary);
    case 'sarif':
      return formatSarif(summary);
  }
}
