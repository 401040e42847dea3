import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SarifBuilder, SarifResultBuilder, SarifRuleBuilder, SarifRunBuilder } from 'node-sarif-builder';
import type { Artifact, Notification, Region, Result } from 'sarif';
import type { Finding, Severity } from '../finding.js';
import { findingHash, githubLineHashes, occurrenceCounter } from './fingerprint.js';
import { jsonReportOf } from './json.js';
import { relativePosixPath } from './paths.js';
import { rulesOf } from './rules.js';
import type { EngineName, EngineStatus, RuleDescriptor, RunSummary } from './types.js';

/** The `$schema` GitHub's SARIF documentation uses. */
export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
/** Every result's file is relative to this base, which `originalUriBaseIds` maps to the repository root. */
export const SOURCE_ROOT = '%SRCROOT%';
/** Our fingerprint beside GitHub's; see fingerprint.ts. Versioned as SARIF §3.27.17 recommends. */
export const FINDING_FINGERPRINT = 'pitfallsFindingHash/v1';
const TOOL_URL = 'https://github.com/pitfalls-dev/pitfalls';

const LEVEL: Readonly<Record<Severity, Result.level>> = { error: 'error', warning: 'warning', info: 'note' };

/** A title for rules that come without a description (Semgrep rules have only per-finding messages). */
const ENGINE_RULE_KIND: Readonly<Record<EngineName, string>> = { eslint: 'ESLint rule', semgrep: 'Semgrep rule', project: 'Project check' };

const ENGINE_LEVEL: Readonly<Record<EngineStatus['status'], Notification.level>> = {
  ran: 'note',
  skipped: 'note',
  missing: 'warning',
  failed: 'error',
};

/**
 * SARIF 2.1.0 for GitHub code scanning: one run named `pitfalls` holding the rules and results
 * of all three engines. Since July 2025 upload-sarif rejects a file with two runs of the same
 * tool and category, and one run lets the upload's `category` input name the whole analysis,
 * so the run sets no `automationDetails` (a value there would override that input).
 */
export function formatSarif(summary: RunSummary): string {
  const rules = rulesOf(summary);
  const files = [...new Set(summary.findings.map((finding) => relativePosixPath(summary.root, finding.file)))];
  const run = new SarifRunBuilder({
    // utf16CodeUnits: ESLint columns index JavaScript strings.
    columnKind: 'utf16CodeUnits',
    originalUriBaseIds: { [SOURCE_ROOT]: { uri: directoryUri(summary.root) } },
    // Listed here so the builder indexes these instead of adding its own without the base id.
    artifacts: files.map((uri): Artifact => ({ location: { uri, uriBaseId: SOURCE_ROOT }, roles: ['analysisTarget'] })),
    invocations: [
      {
        executionSuccessful: !summary.engines.some((engine) => engine.status === 'failed'),
        toolExecutionNotifications: notificationsOf(summary),
      },
    ],
    properties: runPropertiesOf(summary),
  }).initSimple({ toolDriverName: 'pitfalls', toolDriverVersion: summary.toolVersion, url: TOOL_URL });
  run.run.tool.driver.semanticVersion = summary.toolVersion;
  for (const rule of rules) run.addRule(ruleOf(rule));

  const sources = new SourceLines();
  const nthFinding = occurrenceCounter();
  for (const finding of summary.findings) {
    const file = relativePosixPath(summary.root, finding.file);
    const region = regionOf(finding);
    const lineText = sources.text(finding.file, region.startLine as number);
    const lineHash = sources.githubHash(finding.file, region.startLine as number);
    const result = new SarifResultBuilder({
      partialFingerprints: {
        ...(lineHash === undefined ? {} : { primaryLocationLineHash: lineHash }),
        [FINDING_FINGERPRINT]: nthFinding(findingHash(finding.ruleId, file, lineText ?? finding.message)),
      },
    }).initSimple({ level: LEVEL[finding.severity], messageText: finding.message, ruleId: finding.ruleId });
    result.setLocationArtifactUri({ uri: file, uriBaseId: SOURCE_ROOT });
    result.setLocationRegion(region);
    run.addResult(result);
  }

  const log = new SarifBuilder({ $schema: SARIF_SCHEMA_URI, version: '2.1.0' });
  log.addRun(run);
  return `${log.buildSarifJsonString({ indent: true })}\n`;
}

/** GitHub shows shortDescription as the alert title, fullDescription and help under it; its validator requires all three. */
function ruleOf(rule: RuleDescriptor): SarifRuleBuilder {
  const description = rule.description ?? `${ENGINE_RULE_KIND[rule.tool]} ${rule.id}`;
  const help = rule.docsUrl
    ? { text: `${description}\n\nDocumentation: ${rule.docsUrl}`, markdown: `${description}\n\n[Documentation](${rule.docsUrl})` }
    : { text: description, markdown: description };
  return new SarifRuleBuilder({ help, properties: { tags: ['pitfalls', rule.tool] } }).initSimple({
    ruleId: rule.id,
    shortDescriptionText: description,
    fullDescriptionText: description,
    ...(rule.docsUrl ? { helpUri: rule.docsUrl } : {}),
  });
}

/**
 * Only the fields the finding has: SARIF's defaults (end line = start line, end column = past
 * the end of the line) are right, and the builder's own default end column of 1 is not.
 * Columns are already 1-based with an exclusive end, as SARIF wants.
 */
function regionOf(finding: Finding): Region {
  // A 0 from an engine would fail GitHub's schema check and lose the whole upload.
  const startLine = Math.max(1, finding.line);
  return {
    startLine,
    startColumn: Math.max(1, finding.column),
    ...(finding.endLine === undefined ? {} : { endLine: Math.max(startLine, finding.endLine) }),
    ...(finding.endColumn === undefined ? {} : { endColumn: Math.max(1, finding.endColumn) }),
  };
}

/** The engines that did not run and the CLI's notes, where GitHub's tool status page looks for them. */
function notificationsOf(summary: RunSummary): Notification[] {
  const engines = summary.engines
    .filter((engine) => engine.status !== 'ran')
    .map((engine): Notification => ({
      level: ENGINE_LEVEL[engine.status],
      message: { text: `${engine.name} ${engine.status}${engine.detail ? `: ${engine.detail}` : ''}` },
    }));
  const notes = summary.notes.map((note): Notification => ({ level: 'warning', message: { text: note } }));
  return [...engines, ...notes];
}

/** What the JSON report says beyond its findings, so a SARIF consumer loses nothing. */
function runPropertiesOf(summary: RunSummary): Record<string, unknown> {
  const { summary: counts, engines } = jsonReportOf({ ...summary, findings: [] });
  return { filesLinted: counts.filesLinted, suppressedByBaseline: counts.suppressed, engines };
}

/** `file:///repo/root/`; the trailing slash makes it a directory SARIF can resolve relative paths against. */
function directoryUri(root: string): string {
  const href = pathToFileURL(root).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/** Each file read once; a file that cannot be read (deleted since, outside the checkout) gets no line fingerprint. */
class SourceLines {
  private readonly files = new Map<string, { readonly lines: readonly string[]; readonly hashes: readonly string[] } | null>();

  text(file: string, line: number): string | undefined {
    return this.read(file)?.lines[line - 1];
  }

  githubHash(file: string, line: number): string | undefined {
    return this.read(file)?.hashes[line - 1];
  }

  private read(file: string): { readonly lines: readonly string[]; readonly hashes: readonly string[] } | null {
    const known = this.files.get(file);
    if (known !== undefined) return known;
    let entry: { readonly lines: readonly string[]; readonly hashes: readonly string[] } | null = null;
    try {
      const text = readFileSync(path.resolve(file), 'utf8');
      // Line numbering as GitHub's hash counts lines: \r\n, \r and \n each end one.
      entry = { lines: text.split(/\r\n|\r|\n/), hashes: githubLineHashes(text) };
    } catch {
      // Unreadable is not an error for a report: the finding keeps its message-based fingerprint.
      entry = null;
    }
    this.files.set(file, entry);
    return entry;
  }
}
