#!/usr/bin/env node
// Stress run, not a test: every pitfalls rule over every source file under the
// given directories, without and with type information, counting files, parse
// errors and crashes (a rule that throws). The zero-crash test
// (tests/stress.test.ts) runs the same over a vendored corpus; this runs it
// over anything, e.g. all of babel's fixtures or a corpus checkout.
//
//   node packages/eslint-plugin/bench/stress.js <dir>... [--mode untyped|typed|both] [--max-bytes N]
//
// Needs the built plugin (npm run build). Files are copied to a temporary
// directory under neutral names, so test-looking paths (`test/fixtures/…`)
// do not switch rules off. Exits 1 if any rule crashed.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pitfalls from 'eslint-plugin-pitfalls';
import { SOURCE_EXTENSIONS, lintCorpus, writeCorpus } from '../tests/stress/lint-corpus.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    mode: { type: 'string', default: 'both' },
    'max-bytes': { type: 'string' },
  },
});
if (positionals.length === 0 || !['untyped', 'typed', 'both'].includes(values.mode)) {
  console.error('usage: stress.js <dir>... [--mode untyped|typed|both] [--max-bytes N]');
  process.exit(2);
}
const maxBytes = values['max-bytes'] === undefined ? Infinity : Number(values['max-bytes']);
const SKIPPED_DIRS = new Set(['node_modules', '.git']);

const sources = [];
let skippedLarge = 0;
for (const dir of positionals) {
  for (const file of walk(dir)) {
    if (fs.statSync(file).size > maxBytes) skippedLarge++;
    else sources.push([file, fs.readFileSync(file, 'utf8')]);
  }
}
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pitfalls-stress-'));
let crashed = false;
try {
  const written = writeCorpus(sources, tmp);
  console.log(`${written.length} files${skippedLarge ? ` (${skippedLarge} over --max-bytes left out)` : ''}`);
  for (const typed of values.mode === 'both' ? [false, true] : [values.mode === 'typed']) {
    const started = performance.now();
    const outcome = lintCorpus(pitfalls, written, {
      typed,
      onFile: ({ files }) => {
        if (process.stderr.isTTY && files % 500 === 0) process.stderr.write(`\r${files}/${written.length}`);
      },
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `${typed ? 'typed  ' : 'untyped'}: ${outcome.files} files, ${outcome.linted} linted, ` +
        `${outcome.parseErrors.length} parse errors, ${outcome.crashes.length} crashes, ${seconds} s`,
    );
    console.log(`  slowest: ${outcome.slowest.map(({ file, ms }) => `${file} ${ms.toFixed(0)} ms`).join(', ')}`);
    for (const crash of outcome.crashes) {
      console.log(`  CRASH ${crash.rule} on ${crash.file}\n    ${crash.error.split('\n').slice(0, 8).join('\n    ')}`);
    }
    crashed ||= outcome.crashes.length > 0;
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
process.exitCode = crashed ? 1 : 0;

/** Source files under a directory, sorted so that runs are comparable. */
function* walk(dir) {
  const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name)) yield* walk(full);
    else if (entry.isFile() && SOURCE_EXTENSIONS.includes(path.extname(entry.name))) yield full;
  }
}
