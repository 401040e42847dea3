#!/usr/bin/env node
// Precision harness (issue 8): lints any checkout of a TypeScript project with
// `recommended` and `strict` — typed where a tsconfig exists, without installing
// the target's dependencies — and writes per-rule counts, a sample of findings
// with code context for review, crashes and timing.
//
//   npm run build && npm run eval:corpus -- <dir> [--out eval-out] [--sample 30] [--presets recommended,strict]
//
// The sample is deterministic (findings ordered by a hash of file:line:rule), so
// a review recorded against it can be repeated.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runEslint } from '../dist/eslint-runner.js';
import { repositoryFiles } from '../dist/files.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    out: { type: 'string', default: 'eval-out' },
    sample: { type: 'string', default: '30' },
    presets: { type: 'string', default: 'recommended,strict' },
    'no-type-info': { type: 'boolean', default: false },
  },
});
if (positionals.length !== 1) {
  console.error('usage: eval-corpus <dir> [--out eval-out] [--sample 30] [--presets recommended,strict] [--no-type-info]');
  process.exit(2);
}
const root = path.resolve(positionals[0]);
const name = path.basename(root);
const outDir = path.resolve(values.out, name);
const sampleSize = Number(values.sample);
mkdirSync(outDir, { recursive: true });

const files = await repositoryFiles(root, []);
const summary = { root, commit: commitOf(root), files: files.length, presets: {} };
for (const preset of values.presets.split(',')) {
  const started = process.hrtime.bigint();
  const outcome = await runEslint({ root, files, preset, config: {}, typeInfo: !values['no-type-info'] });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const byRule = {};
  for (const finding of outcome.findings) (byRule[finding.ruleId] ??= []).push(finding);
  const crashes = outcome.errors.filter((line) => !/Parsing error/.test(line));
  const parseErrors = outcome.errors.filter((line) => /Parsing error/.test(line));
  summary.presets[preset] = {
    typed: outcome.typed,
    filesLinted: outcome.filesLinted,
    seconds: Number(seconds.toFixed(1)),
    findings: outcome.findings.length,
    perRule: Object.fromEntries(Object.entries(byRule).map(([rule, list]) => [rule, list.length]).sort((a, b) => b[1] - a[1])),
    crashes,
    parseErrors: parseErrors.length,
  };
  writeFileSync(path.join(outDir, `${preset}-sample.md`), sampleReport(preset, byRule));
  // Every finding, so a later run can be compared line by line (before/after a rule fix).
  const all = outcome.findings.map((finding) => ({ file: path.relative(root, finding.file), line: finding.line, rule: finding.ruleId, message: finding.message }));
  writeFileSync(path.join(outDir, `${preset}-findings.json`), `${JSON.stringify(all, null, 1)}\n`);
  console.log(`${name} ${preset}: ${outcome.findings.length} findings in ${outcome.filesLinted} files, ${seconds.toFixed(1)} s, ${crashes.length} crashes, ${parseErrors.length} parse errors${outcome.typed ? '' : ' (untyped)'}`);
  for (const [rule, count] of Object.entries(summary.presets[preset].perRule)) console.log(`  ${String(count).padStart(5)}  ${rule}`);
  for (const crash of crashes) console.log(`  CRASH ${crash}`);
}
writeFileSync(path.join(outDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
console.log(`written: ${path.relative(process.cwd(), outDir)}/summary.json and <preset>-sample.md`);

function sampleReport(preset, byRule) {
  const lines = [`# ${name} — ${preset} (${summary.commit ?? 'no git commit'})`, '', 'Mark each finding TP or FP with a one-line reason.', ''];
  for (const [rule, list] of Object.entries(byRule).sort()) {
    const picked = [...list].sort((a, b) => hash(a).localeCompare(hash(b))).slice(0, sampleSize);
    lines.push(`## ${rule} — ${list.length} finding${list.length === 1 ? '' : 's'}${list.length > picked.length ? `, sample of ${picked.length}` : ''}`, '');
    for (const finding of picked) {
      const relative = path.relative(root, finding.file);
      lines.push(`### ${relative}:${finding.line}`, '', `${finding.message}`, '', '```ts', context(finding), '```', '', '- verdict: ', '');
    }
  }
  return `${lines.join('\n')}\n`;
}

function context(finding) {
  const source = readFileSync(finding.file, 'utf8').split('\n');
  const from = Math.max(0, finding.line - 4);
  return source
    .slice(from, finding.line + 3)
    .map((text, index) => `${from + index + 1 === finding.line ? '>' : ' '} ${String(from + index + 1).padStart(5)}  ${text}`)
    .join('\n');
}

function hash(finding) {
  return createHash('sha1').update(`${path.relative(root, finding.file)}:${finding.line}:${finding.ruleId}`).digest('hex');
}

function commitOf(dir) {
  try {
    const head = readFileSync(path.join(dir, '.git/HEAD'), 'utf8').trim();
    if (!head.startsWith('ref: ')) return head;
    return readFileSync(path.join(dir, '.git', head.slice(5)), 'utf8').trim();
  } catch {
    return undefined;
  }
}
