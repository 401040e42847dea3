import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOCS_BASE } from '../src/finding.js';
import { runSemgrep, SEMGREP_INSTALL_COMMAND, semgrepVersion } from '../src/semgrep.js';

// The wrapper against the real semgrep binary and the real rule pack: no mocks.
const rulesDir = path.resolve(import.meta.dirname, '../../../rules');

/** The seed's sink manifest: a moving image tag, no memory limit. */
const CULPRIT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: causality-sink
spec:
  template:
    spec:
      containers:
        - name: sink
          image: causality/sink:latest
          resources:
            requests:
              cpu: 500m
`;

const CLEAN = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: causality-api
spec:
  template:
    spec:
      containers:
        - name: api
          image: causality/api:1.9.0-4f2c9e1
          resources:
            requests:
              cpu: 250m
              memory: 384Mi
            limits:
              memory: 512Mi
`;

const UNGUARDED_FLAG = `import os

DISABLE_AUTH = os.getenv("DISABLE_AUTH", "false") == "true"
`;

/** The seed's fix: the same flag, refused in production at startup. */
const GUARDED_FLAG = `import os
import sys

DISABLE_AUTH = os.getenv("DISABLE_AUTH", "false") == "true"
ENVIRONMENT = os.getenv("GATHERING_ENV", "development")

if DISABLE_AUTH and ENVIRONMENT == "production":
    sys.exit("DISABLE_AUTH must not be set in production")
`;

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'pitfalls-semgrep-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** 1-based line of the first line containing `text`. */
function lineOf(source: string, text: string): number {
  const index = source.split('\n').findIndex((line) => line.includes(text));
  if (index < 0) throw new Error(`"${text}" is not in the source`);
  return index + 1;
}

describe('runSemgrep', () => {
  it('maps each result of the pack to a finding, and reports nothing for the clean manifest', async () => {
    const root = project({ 'deploy/sink.yaml': CULPRIT, 'deploy/api.yaml': CLEAN });
    const outcome = await runSemgrep({ root, rulesDir });
    expect(outcome.status).toBe('ok');
    if (outcome.status !== 'ok') return;
    const sink = path.join(root, 'deploy/sink.yaml');
    const summary = outcome.findings.map((finding) => `${path.relative(root, finding.file)}:${finding.line}:${finding.ruleId}:${finding.severity}`).sort();
    expect(summary).toEqual(
      [
        `deploy/sink.yaml:${lineOf(CULPRIT, 'image: causality/sink:latest')}:pitfalls-semgrep/k8s-image-latest:warning`,
        `deploy/sink.yaml:${lineOf(CULPRIT, '- name: sink')}:pitfalls-semgrep/k8s-missing-memory-limit:warning`,
      ].sort(),
    );
    const image = outcome.findings.find((finding) => finding.ruleId === 'pitfalls-semgrep/k8s-image-latest');
    expect(image).toMatchObject({
      tool: 'semgrep',
      file: sink,
      column: lineOfColumn(CULPRIT, 'causality/sink:latest'),
      endLine: lineOf(CULPRIT, 'image: causality/sink:latest'),
      endColumn: lineOfColumn(CULPRIT, 'causality/sink:latest') + 'causality/sink:latest'.length,
      docsUrl: `${DOCS_BASE}/semgrep/k8s-image-latest.md`,
    });
    // The message names the evidence: the image that moves.
    expect(image?.message).toContain('causality/sink:latest');
    expect(image?.message).not.toMatch(/\n/);
    expect(outcome.errors).toEqual([]);
  });

  it('scans only the targets it is given', async () => {
    const root = project({ 'deploy/sink.yaml': CULPRIT, 'deploy/api.yaml': CLEAN });
    const outcome = await runSemgrep({ root, rulesDir, targets: ['deploy/api.yaml'] });
    expect(outcome).toEqual({ status: 'ok', findings: [], errors: [] });
  });

  it('reports an auth bypass flag, and not the same flag behind a production guard', async () => {
    const root = project({ 'app/settings.py': UNGUARDED_FLAG, 'api/settings.py': GUARDED_FLAG });
    const outcome = await runSemgrep({ root, rulesDir });
    expect(outcome.status).toBe('ok');
    if (outcome.status !== 'ok') return;
    expect(outcome.findings.map((finding) => `${path.relative(root, finding.file)}:${finding.line}:${finding.ruleId}:${finding.severity}`)).toEqual([
      `app/settings.py:${lineOf(UNGUARDED_FLAG, 'DISABLE_AUTH =')}:pitfalls-semgrep/py-auth-bypass-flag:error`,
    ]);
  });

  it("leaves the pack's own test targets alone when the pack lives in the project", async () => {
    const root = project({ 'deploy/sink.yaml': CULPRIT });
    cpSync(path.join(rulesDir, 'kubernetes'), path.join(root, 'rules/kubernetes'), { recursive: true });
    const outcome = await runSemgrep({ root, rulesDir: 'rules' });
    expect(outcome.status).toBe('ok');
    if (outcome.status !== 'ok') return;
    expect(new Set(outcome.findings.map((finding) => path.relative(root, finding.file)))).toEqual(new Set(['deploy/sink.yaml']));
  });

  it("turns semgrep's per-file errors into readable lines instead of dropping them", async () => {
    const broken = 'import datetime\n\ndef next_run(:\n    return datetime.datetime.utcnow(\n';
    const root = project({ 'sidecar/broken.py': broken, 'deploy/api.yaml': CLEAN });
    const outcome = await runSemgrep({ root, rulesDir });
    expect(outcome.status).toBe('ok');
    if (outcome.status !== 'ok') return;
    expect(outcome.errors).toHaveLength(1);
    expect(outcome.errors[0]).toContain('sidecar/broken.py');
    expect(outcome.errors[0]).toMatch(/syntax error/i);
    expect(outcome.errors[0]).not.toMatch(/\n/);
  });

  it('says how to install semgrep when the binary is missing', async () => {
    const outcome = await runSemgrep({ root: project({ 'deploy/api.yaml': CLEAN }), rulesDir, semgrepBin: '/nonexistent/semgrep' });
    expect(outcome.status).toBe('missing');
    if (outcome.status !== 'missing') return;
    expect(outcome.message).toContain(SEMGREP_INSTALL_COMMAND);
    expect(outcome.message).toContain('/nonexistent/semgrep');
  });

  it('fails with the time limit when semgrep takes too long', async () => {
    const root = project({ 'deploy/sink.yaml': CULPRIT, 'deploy/api.yaml': CLEAN });
    const outcome = await runSemgrep({ root, rulesDir, timeoutMs: 200 });
    expect(outcome).toMatchObject({ status: 'failed' });
    if (outcome.status !== 'failed') return;
    expect(outcome.message).toMatch(/^semgrep timed out after 0\.2 s/);
  });

  it("fails with semgrep's own explanation when the rule pack is broken", async () => {
    const brokenRules = project({
      'broken.yaml': 'rules:\n  - id: half-written\n    languages: [yaml]\n    severity: WARNING\n    pattern: |\n      image: $IMG\n',
    });
    const outcome = await runSemgrep({ root: project({ 'deploy/api.yaml': CLEAN }), rulesDir: brokenRules });
    expect(outcome.status).toBe('failed');
    if (outcome.status !== 'failed') return;
    expect(outcome.message).toMatch(/^semgrep exited with code [1-9]/);
    // The rule is missing its message: semgrep names the schema problem and the file.
    expect(outcome.message).toMatch(/message/);
    expect(outcome.message).toContain('broken.yaml');
  });
});

describe('semgrepVersion', () => {
  it('reads the installed version, and nothing for a missing binary', async () => {
    expect(await semgrepVersion()).toMatch(/^\d+\.\d+\.\d+/);
    expect(await semgrepVersion('/nonexistent/semgrep')).toBeUndefined();
  });
});

function lineOfColumn(source: string, text: string): number {
  const line = source.split('\n')[lineOf(source, text) - 1] ?? '';
  return line.indexOf(text) + 1;
}
