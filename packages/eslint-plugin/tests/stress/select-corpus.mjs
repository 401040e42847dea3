#!/usr/bin/env node
// Regenerates the vendored stress corpus (the *.json files next to this
// script) from local git mirrors of babel and typescript-eslint:
//
//   node packages/eslint-plugin/tests/stress/select-corpus.mjs \
//     --babel /path/to/babel.git --typescript-eslint /path/to/typescript-eslint.git
//
// Each mirror must hold the commit named in README.md (checked below), so the
// output is the same on every machine with the same parser installed.
//
// A fixture is kept only if @typescript-eslint/parser, as ESLint runs it,
// parses it: rules never see a file that fails to parse, so deliberately
// invalid fixtures (babel's "throws", typescript-eslint's `_error_`) and
// syntax this parser does not know (Flow, pipelines, placeholders) would only
// take space. Identical sources are kept once, under their first path.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    babel: { type: 'string' },
    'typescript-eslint': { type: 'string' },
  },
});
if (!values.babel || !values['typescript-eslint']) {
  console.error('usage: select-corpus.mjs --babel <babel git dir> --typescript-eslint <typescript-eslint git dir>');
  process.exit(2);
}

const BABEL_COMMIT = '1da3cfa1a25503c7ecba7304f8738933e6d16dca';
const TSESLINT_COMMIT = '56c9ed90d0aee0b5a71cfc39fc76b715b82e3ea8';
// Babel's generator has one 3.4 MB fixture and a few tens of kB; the odd syntax is in the small ones.
const MAX_FILE_BYTES = 20_000;

const BABEL_INPUT = /\/test\/fixtures\/.*\/input\.(?:ts|tsx|mts|cts|js|jsx|mjs)$/;
// Flow is a different language; the TypeScript parser rejects nearly all of it.
const BABEL_FLOW = /^packages\/(?:babel-parser\/test\/fixtures\/flow|babel-plugin-(?:transform|syntax)-flow[^/]*|babel-preset-flow)\//;
const isBabelParserFixture = (file) => file.startsWith('packages/babel-parser/');

/** Output files: babel's parser fixtures, the rest of babel (transforms, generator, presets), typescript-eslint. */
const OUTPUTS = [
  {
    file: 'babel-parser.json',
    git: values.babel,
    commit: BABEL_COMMIT,
    select: (file) => BABEL_INPUT.test(file) && !BABEL_FLOW.test(file) && isBabelParserFixture(file),
  },
  {
    file: 'babel-transforms.json',
    git: values.babel,
    commit: BABEL_COMMIT,
    select: (file) => BABEL_INPUT.test(file) && !BABEL_FLOW.test(file) && !isBabelParserFixture(file),
  },
  {
    file: 'typescript-eslint.json',
    git: values['typescript-eslint'],
    commit: TSESLINT_COMMIT,
    select: (file) =>
      /^packages\/ast-spec\/src\/.*\/fixtures\/.*\/fixture\.tsx?$/.test(file) ||
      /^packages\/scope-manager\/tests\/fixtures\/.*\.tsx?$/.test(file),
  },
];

const linter = new Linter({ configType: 'flat' });
const parserOnly = [{ files: ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'], languageOptions: { parser: tsParser } }];
/** Whether ESLint with the TypeScript parser lints the source: no fatal message, and a config matched. */
const parses = (file, source) => {
  const messages = linter.verify(source, parserOnly, { filename: path.join(process.cwd(), path.basename(file)) });
  if (messages.some((message) => message.message.startsWith('No matching configuration'))) throw new Error(`no config for ${file}`);
  return !messages.some((message) => message.fatal);
};

const git = (dir, ...args) => execFileSync('git', ['--git-dir', dir, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });

/** The contents of many blobs in one `git cat-file --batch` call (one process per blob takes minutes). */
function readBlobs(dir, blobs) {
  const out = execFileSync('git', ['--git-dir', dir, 'cat-file', '--batch'], { input: blobs.join('\n') + '\n', maxBuffer: 1 << 28 });
  const sources = [];
  let at = 0;
  for (const blob of blobs) {
    const headerEnd = out.indexOf(10, at);
    const [name, type, size] = out.subarray(at, headerEnd).toString('utf8').split(' ');
    if (name !== blob || type !== 'blob') throw new Error(`git cat-file: expected blob ${blob}, got ${name} ${type}`);
    const start = headerEnd + 1;
    sources.push(out.subarray(start, start + Number(size)).toString('utf8'));
    at = start + Number(size) + 1;
  }
  return sources;
}

const seen = new Set();
for (const output of OUTPUTS) {
  const head = git(output.git, 'rev-parse', 'HEAD').trim();
  if (head !== output.commit) throw new Error(`${output.git} is at ${head}, README.md names ${output.commit}`);
  const listing = git(output.git, 'ls-tree', '-r', '-l', '--full-tree', output.commit)
    .split('\n')
    .map((line) => /^\S+ blob (\S+) +(\d+)\t(.+)$/.exec(line))
    .filter((match) => match !== null && output.select(match[3]) && Number(match[2]) <= MAX_FILE_BYTES)
    .map(([, blob, , file]) => ({ blob, file }))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const corpus = {};
  let unparsed = 0;
  let duplicates = 0;
  const sources = readBlobs(output.git, listing.map(({ blob }) => blob));
  for (const [index, { file }] of listing.entries()) {
    const source = sources[index];
    if (seen.has(source)) {
      duplicates++;
      continue;
    }
    seen.add(source);
    if (!parses(file, source)) {
      unparsed++;
      continue;
    }
    corpus[file] = source;
  }
  // One file a line keeps diffs of a regenerated corpus readable.
  const json = `{\n${Object.entries(corpus).map(([file, source]) => `${JSON.stringify(file)}: ${JSON.stringify(source)}`).join(',\n')}\n}\n`;
  fs.writeFileSync(path.join(here, output.file), json);
  console.log(
    `${output.file}: ${Object.keys(corpus).length} files kept, ${unparsed} not parsed, ${duplicates} duplicates, ${(json.length / 1024).toFixed(0)} kB`,
  );
}
