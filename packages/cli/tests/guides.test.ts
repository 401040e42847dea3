import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseCliArguments } from '../src/args.js';
import { runSemgrep } from '../src/semgrep.js';
import { rulesDirectory } from '../src/run.js';

// The documented CI setups are copied by users as they are: they must parse,
// use only flags the command accepts, and pass our own workflow rules.
const repoRoot = path.resolve(import.meta.dirname, '../../..');
const workflowFile = path.join(repoRoot, 'docs/guides/github-actions.yml');

/** The arguments after `pitfalls` in a shell line, without GitHub expressions' spaces. */
function pitfallsInvocations(text: string): string[][] {
  return text
    .split('\n')
    .map((line) => /(?:^|\s)(?:npx (?:--no-install )?)?pitfalls((?:\s+[^\s#|&;]+)*)/.exec(line.replace(/\$\{\{[^}]*\}\}/g, 'REF'))?.[1])
    .filter((args): args is string => args !== undefined)
    .map((args) => args.trim().split(/\s+/).filter(Boolean));
}

describe('docs/guides/github-actions.yml', () => {
  const workflow = parse(readFileSync(workflowFile, 'utf8')) as {
    permissions: Record<string, string>;
    jobs: Record<string, { steps: { run?: string; uses?: string; if?: string; with?: Record<string, unknown> }[] }>;
  };
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);

  it('runs pitfalls with SARIF output and uploads the file it writes', () => {
    const runs = steps.flatMap((step) => (step.run ? pitfallsInvocations(step.run) : []));
    expect(runs.length).toBeGreaterThan(0);
    for (const args of runs) {
      const parsed = parseCliArguments(args);
      expect(parsed.format).toBe('sarif');
      expect(parsed.requireSemgrep).toBe(true);
      expect(parsed.outputFile).toBe('pitfalls.sarif');
    }
    const upload = steps.find((step) => step.uses?.startsWith('github/codeql-action/upload-sarif@'));
    expect(upload?.with?.sarif_file).toBe('pitfalls.sarif');
    expect(upload?.if).toContain('always()');
    expect(workflow.permissions['security-events']).toBe('write');
  });

  it('installs semgrep before the run that requires it', () => {
    const install = steps.findIndex((step) => step.run?.includes('pip install semgrep'));
    const firstRun = steps.findIndex((step) => step.run?.includes('pitfalls'));
    expect(install).toBeGreaterThanOrEqual(0);
    expect(install).toBeLessThan(firstRun);
  });

  it('passes our own Semgrep rules for workflows', async () => {
    const outcome = await runSemgrep({ root: repoRoot, targets: [workflowFile], rulesDir: rulesDirectory() });
    expect(outcome.status).toBe('ok');
    expect(outcome.status === 'ok' ? outcome.findings : []).toEqual([]);
  });
});

describe('docs/cli.md and the guides', () => {
  it.each(['docs/cli.md', 'docs/guides/ci.md', 'docs/guides/pre-commit.md'])('%s shows only flags the command accepts', (file) => {
    const text = readFileSync(path.join(repoRoot, file), 'utf8');
    const blocks = [...text.matchAll(/```(?:sh|bash)\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
    const runs = blocks.flatMap((block) => pitfallsInvocations(block.replace(/#.*$/gm, '')));
    expect(runs.length).toBeGreaterThan(0);
    for (const args of runs) expect(() => parseCliArguments(args), args.join(' ')).not.toThrow();
  });
});
