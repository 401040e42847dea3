import type { Finding, Severity } from '../finding.js';
import { countBySeverity, type SeverityCounts } from './counts.js';
import { relativePosixPath } from './paths.js';
import { docsUrlOf, rulesById, rulesOf } from './rules.js';
import type { EngineStatus, RuleDescriptor, RunSummary } from './types.js';

type Style = 'bold' | 'dim' | 'underline' | 'red' | 'yellow' | 'cyan' | 'green';

const ANSI: Readonly<Record<Style, readonly [open: number, close: number]>> = {
  bold: [1, 22],
  dim: [2, 22],
  underline: [4, 24],
  red: [31, 39],
  yellow: [33, 39],
  cyan: [36, 39],
  green: [32, 39],
};

const SEVERITY_STYLE: Readonly<Record<Severity, Style>> = { error: 'red', warning: 'yellow', info: 'cyan' };

type Paint = (style: Style, text: string) => string;

interface FileGroup {
  readonly file: string;
  readonly findings: Finding[];
}

/**
 * The report for a person at a terminal, shaped like ESLint's stylish: one block per file
 * (relative path, then `line:col  severity  message  rule` rows, then each rule's docs link
 * once), then a summary line and the engines that did not run.
 */
export function formatTerminal(summary: RunSummary, options: { readonly color: boolean }): string {
  const paint = painterFor(options.color);
  const rules = rulesById(rulesOf(summary));
  const blocks = groupByFile(summary).map((group) => formatGroup(group, rules, paint));
  const tail = [summaryLine(summary, paint), ...summary.engines.filter(didNotRun).map((engine) => engineLine(engine, paint))];
  return blocks.length === 0 ? `${tail.join('\n')}\n` : `\n${blocks.join('\n\n')}\n\n${tail.join('\n')}\n`;
}

function painterFor(color: boolean): Paint {
  if (!color) return (_style, text) => text;
  return (style, text) => `\u001b[${ANSI[style][0]}m${text}\u001b[${ANSI[style][1]}m`;
}

/** Files in the order the caller sorted the findings, each file once. */
function groupByFile(summary: RunSummary): FileGroup[] {
  const groups = new Map<string, FileGroup>();
  for (const finding of summary.findings) {
    const file = relativePosixPath(summary.root, finding.file);
    let group = groups.get(file);
    if (!group) {
      group = { file, findings: [] };
      groups.set(file, group);
    }
    group.findings.push(finding);
  }
  return [...groups.values()];
}

function formatGroup(group: FileGroup, rules: ReadonlyMap<string, RuleDescriptor>, paint: Paint): string {
  const rows = group.findings.map((finding) => ({
    line: String(finding.line),
    column: String(finding.column),
    severity: finding.severity,
    message: oneLine(finding.message),
    ruleId: finding.ruleId,
  }));
  const lineWidth = widest(rows.map((row) => row.line));
  const columnWidth = widest(rows.map((row) => row.column));
  const severityWidth = widest(rows.map((row) => row.severity));
  // Padding is measured on the plain text and colour added after, so escapes never skew the columns.
  // Unlike stylish, the message is not padded: ours run to a few hundred characters, and padding
  // them would push every rule id a screen away from its message.
  const findingLines = rows.map(
    (row) =>
      `  ${paint('dim', `${row.line.padStart(lineWidth)}:${row.column.padEnd(columnWidth)}`)}  ` +
      `${paint(SEVERITY_STYLE[row.severity], row.severity.padEnd(severityWidth))}  ${row.message}  ${paint('dim', row.ruleId)}`,
  );
  return [paint('underline', group.file), ...findingLines, ...docsLines(group.findings, rules, paint)].join('\n');
}

/** One link per rule of the file, after its rows: the rows stay scannable and the link is still next to them. */
function docsLines(findings: readonly Finding[], rules: ReadonlyMap<string, RuleDescriptor>, paint: Paint): string[] {
  const links = new Map<string, string>();
  for (const finding of findings) {
    const url = docsUrlOf(finding, rules);
    if (url !== undefined && !links.has(finding.ruleId)) links.set(finding.ruleId, url);
  }
  const ruleWidth = widest([...links.keys()]);
  return [...links].map(([ruleId, url]) => `  ${paint('dim', 'docs')}  ${ruleId.padEnd(ruleWidth)}  ${url}`);
}

function summaryLine(summary: RunSummary, paint: Paint): string {
  const counts = countBySeverity(summary.findings);
  const total = counts.error + counts.warning + counts.info;
  const extras = [
    ...(summary.suppressedCount > 0 ? [`${summary.suppressedCount} suppressed by baseline`] : []),
    `${summary.filesLinted} ${plural('file', summary.filesLinted)} linted`,
  ];
  if (total === 0) return [paint('green', paint('bold', '✔ No problems')), ...extras].join(' · ');
  const headline = `✖ ${total} ${plural('problem', total)} (${severityCounts(counts)})`;
  return [paint(summaryStyle(counts), paint('bold', headline)), ...extras].join(' · ');
}

function severityCounts(counts: SeverityCounts): string {
  const parts = [`${counts.error} ${plural('error', counts.error)}`, `${counts.warning} ${plural('warning', counts.warning)}`];
  if (counts.info > 0) parts.push(`${counts.info} ${plural('info', counts.info)}`);
  return parts.join(', ');
}

function summaryStyle(counts: SeverityCounts): Style {
  if (counts.error > 0) return 'red';
  return counts.warning > 0 ? 'yellow' : 'cyan';
}

function didNotRun(engine: EngineStatus): boolean {
  return engine.status !== 'ran';
}

/** A skipped or missing engine means its pitfalls went unchecked: the reader must not take silence for clean. */
function engineLine(engine: EngineStatus, paint: Paint): string {
  const text = `${engine.name} ${engine.status}${engine.detail ? ` — ${engine.detail}` : ''}`;
  return paint(engine.status === 'failed' ? 'red' : 'yellow', text);
}

/** Semgrep messages may span lines; a row must stay one line to stay aligned. */
function oneLine(message: string): string {
  return message.replace(/\s+/g, ' ').trim();
}

function widest(values: readonly string[]): number {
  return values.reduce((width, value) => Math.max(width, value.length), 0);
}

function plural(word: string, count: number): string {
  return count === 1 ? word : `${word}s`;
}
