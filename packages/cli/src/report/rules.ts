import type { Finding } from '../finding.js';
import type { RuleDescriptor, RunSummary } from './types.js';

/**
 * Every rule a report names: the ones that ran, then any a finding carries that the run did
 * not describe (a Semgrep rule id from a user's own pack), so a finding always has its rule.
 */
export function rulesOf(summary: RunSummary): RuleDescriptor[] {
  const byId = new Map<string, RuleDescriptor>();
  for (const rule of summary.rules) if (!byId.has(rule.id)) byId.set(rule.id, rule);
  for (const finding of summary.findings) {
    if (byId.has(finding.ruleId)) continue;
    byId.set(finding.ruleId, { id: finding.ruleId, tool: finding.tool, ...(finding.docsUrl ? { docsUrl: finding.docsUrl } : {}) });
  }
  return [...byId.values()];
}

/** The finding's own docs link, else its rule's. */
export function docsUrlOf(finding: Finding, rules: ReadonlyMap<string, RuleDescriptor>): string | undefined {
  return finding.docsUrl ?? rules.get(finding.ruleId)?.docsUrl;
}

export function rulesById(rules: readonly RuleDescriptor[]): Map<string, RuleDescriptor> {
  return new Map(rules.map((rule) => [rule.id, rule]));
}
