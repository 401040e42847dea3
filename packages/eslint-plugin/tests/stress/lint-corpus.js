// Lints a corpus of odd but parseable sources with every pitfalls rule and
// sorts the outcome into linted files, parse errors and crashes (a rule that
// throws). Shared by tests/stress.test.ts (the vendored corpus, the plugin's
// sources) and bench/stress.js (any directory, the built plugin).
import fs from 'node:fs';
import path from 'node:path';
import tsParser, { clearCaches } from '@typescript-eslint/parser';
import { Linter } from 'eslint';

export const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
const SOURCE_FILES = [`**/*.{${SOURCE_EXTENSIONS.map((extension) => extension.slice(1)).join(',')}}`];

/**
 * One in this many files is written as a test file: most rules skip test
 * files, and no-skipped-test-without-issue reads them differently, so both
 * branches see odd code.
 */
const TEST_FILE_EVERY = 10;

/**
 * Files a typed batch puts in one TypeScript program. Files without imports or
 * exports share one global scope, so one program over all 6,290 vendored files
 * made every type question slower (65 s of CPU); batches of 2,000 took 54 s,
 * as did batches of 400, which build more programs and held more memory.
 */
export const TYPED_BATCH_SIZE = 2000;

/**
 * Settings naming an in-house wrapper for every knowledge module, so the
 * code that matches calls against user settings runs too.
 */
const SETTINGS = {
  pitfalls: {
    sqlSinks: [{ module: './src/db', name: 'run' }],
    dbQueries: [{ module: '@acme/db', name: 'Db.query' }],
    syncIo: [{ module: './src/fs', name: 'readNow' }],
    sqlEscapers: [{ module: '@acme/sql', name: 'ident' }],
    requestHandlerRegistrars: [{ module: './src/router', name: 'route', argument: 1 }],
    llmCalls: [{ module: '@acme/llm', name: 'Client.complete' }],
    enqueues: [{ module: '@acme/queue', name: 'publish', argument: 1 }],
    messageAcks: [{ module: '@acme/queue', name: 'Message.ack' }],
    loggers: ['audit'],
  },
};

/** Every rule of the plugin at "error", untyped or with a program per batch directory. */
function configFor(plugin, ruleIds, project) {
  return [
    {
      files: SOURCE_FILES,
      plugins: { pitfalls: plugin },
      languageOptions: {
        parser: tsParser,
        ...(project ? { parserOptions: { project, tsconfigRootDir: path.dirname(project) } } : {}),
      },
      settings: SETTINGS,
      rules: Object.fromEntries(ruleIds.map((id) => [`pitfalls/${id}`, 'error'])),
    },
  ];
}

/**
 * Writes the sources under names no rule's default `ignore` globs match
 * (`test/`, `scripts/`, `migrations/`, … are common in corpus paths) into
 * batch directories, each with a tsconfig.json holding its files.
 * Returns one entry per source: where it came from and where it was written.
 */
export function writeCorpus(sources, root) {
  fs.rmSync(root, { recursive: true, force: true });
  const written = [];
  sources.forEach(([original, source], index) => {
    const batch = path.join(root, `batch-${String(Math.floor(index / TYPED_BATCH_SIZE)).padStart(3, '0')}`);
    // A declaration file stays one: `.d.ts` allows what a `.ts` file may not (bodiless functions).
    const extension = /\.d\.[mc]?ts$/.exec(original)?.[0] ?? path.extname(original);
    const name = String(index).padStart(6, '0');
    const file =
      index % TEST_FILE_EVERY === TEST_FILE_EVERY - 1
        ? path.join(batch, 'tests', `${name}.test${extension}`)
        : path.join(batch, 'src', `${name}${extension}`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, source);
    written.push({ original, file, batch });
  });
  for (const batch of new Set(written.map((entry) => entry.batch))) {
    fs.writeFileSync(
      path.join(batch, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'esnext',
          module: 'preserve',
          moduleResolution: 'bundler',
          allowJs: true,
          checkJs: false,
          jsx: 'preserve',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: [],
        },
        include: ['src', 'tests'],
      }),
    );
  }
  return written;
}

/**
 * Lints every written file, untyped or typed (one program per batch), and
 * returns the counts. A rule that throws is a crash; so is a fatal message
 * that is not a parse error. When a file crashes, each rule is run on it
 * alone so that every rule that throws on it is named, not only the first.
 */
export function lintCorpus(plugin, written, { typed, onFile } = {}) {
  const ruleIds = Object.keys(plugin.rules);
  const linter = new Linter({ configType: 'flat', cwd: path.dirname(written[0]?.batch ?? '.') });
  const outcome = { files: 0, linted: 0, parseErrors: [], crashes: [], slowest: [] };
  let currentBatch;
  for (const { original, file, batch } of written) {
    if (typed && batch !== currentBatch) {
      // A finished batch's program is never asked for again; dropping it keeps memory flat.
      clearCaches();
      currentBatch = batch;
    }
    const config = configFor(plugin, ruleIds, typed ? path.join(batch, 'tsconfig.json') : undefined);
    const source = fs.readFileSync(file, 'utf8');
    const started = performance.now();
    const failure = verify(linter, source, config, file);
    const ms = performance.now() - started;
    outcome.files++;
    if (failure?.kind === 'parse') outcome.parseErrors.push({ file: original, message: failure.message });
    else if (failure) {
      for (const id of ruleIds) {
        const alone = verify(linter, source, configFor(plugin, [id], typed ? path.join(batch, 'tsconfig.json') : undefined), file);
        if (alone?.kind === 'crash') outcome.crashes.push({ file: original, rule: id, error: alone.message });
      }
      if (!outcome.crashes.some((crash) => crash.file === original)) {
        outcome.crashes.push({ file: original, rule: 'several rules together', error: failure.message });
      }
    } else outcome.linted++;
    outcome.slowest.push({ file: original, ms });
    onFile?.(outcome);
  }
  outcome.slowest = outcome.slowest.sort((a, b) => b.ms - a.ms).slice(0, 5);
  if (typed) clearCaches();
  return outcome;
}

/** `undefined` when the rules ran to the end; else whether the parser or a rule failed, and how. */
function verify(linter, source, config, file) {
  let messages;
  try {
    messages = linter.verify(source, config, { filename: file });
  } catch (error) {
    return { kind: 'crash', message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  const fatal = messages.find((message) => message.fatal);
  if (!fatal) {
    const unmatched = messages.find((message) => message.ruleId === null && message.message.startsWith('No matching configuration'));
    if (unmatched) throw new Error(`stress config does not cover ${file}`);
    return undefined;
  }
  return { kind: fatal.message.startsWith('Parsing error') ? 'parse' : 'crash', message: fatal.message };
}
