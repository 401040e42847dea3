import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ESLint, Linter } from 'eslint';
import ts from 'typescript';
import { fixturesDir, pluginDir, repoRoot } from './paths.js';

/** The flat config users run with `npm run lint:fixture`; the harness lints through it too. */
export const fixturesConfigFile = path.join(fixturesDir, 'eslint.config.js');

export interface Fixture {
  /** Directory name under `fixtures/`, e.g. `gathering-api`. */
  readonly name: string;
  readonly dir: string;
  /** A `<name>-fixed` twin: the repaired service, which must produce no finding. */
  readonly fixed: boolean;
}

/** Every directory of `fixtures/` that holds a service (it has a package.json). */
export function listFixtures(): Fixture[] {
  return readdirSync(fixturesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && isFile(path.join(fixturesDir, entry.name, 'package.json')))
    .map((entry) => ({ name: entry.name, dir: path.join(fixturesDir, entry.name), fixed: entry.name.endsWith('-fixed') }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * `// expect: pitfalls/no-swallowed-error, pitfalls/no-template-sql` at the end of a culprit line. The CLI's
 * Semgrep and project findings (`pitfalls-semgrep/…`, `pitfalls-project/…`) share the comment; the CLI's
 * fixture test checks those, this harness only the ESLint rules.
 */
const ANNOTATION = /\/\/\s*expect:\s*(pitfalls(?:-semgrep|-project)?\/[a-z0-9-]+(?:\s*,\s*pitfalls(?:-semgrep|-project)?\/[a-z0-9-]+)*)\s*$/;
/** Anything that looks like an annotation, so a typo is an error rather than a silently ignored line. */
const ANNOTATION_LIKE = /\/\/\s*expect\b/;

export interface Annotations {
  /** `src/routes/auth.ts:42:pitfalls/no-sync-io-in-async`, one per annotated rule and line. */
  readonly findings: string[];
  /** Lines that look like annotations but do not parse. */
  readonly malformed: string[];
}

/** Reads the expected findings from the `// expect:` comments of a fixture's source files. */
export function readAnnotations(fixture: Fixture): Annotations {
  const findings = new Set<string>();
  const malformed: string[] = [];
  for (const file of sourceFiles(fixture.dir)) {
    const relative = toPosix(path.relative(fixture.dir, file));
    readFileSync(file, 'utf8')
      .split(/\r?\n/)
      .forEach((text, index) => {
        const line = index + 1;
        const match = ANNOTATION.exec(text);
        if (match?.[1]) {
          for (const ruleId of match[1].split(',').map((id) => id.trim())) {
            if (ruleId.startsWith('pitfalls/')) findings.add(`${relative}:${line}:${ruleId}`);
          }
        } else if (ANNOTATION_LIKE.test(text)) {
          malformed.push(`${relative}:${line}: ${text.trim()}`);
        }
      });
  }
  return { findings: [...findings].sort(compareFindings), malformed };
}

export interface LintOutcome {
  /** `file:line:ruleId` of every rule report, deduplicated. */
  readonly findings: string[];
  /** The same reports with their messages, for readable failures. */
  readonly messages: Map<string, string[]>;
  /** Parse errors, rule crashes reported as messages, and any message without a rule id. */
  readonly errors: string[];
  /** Source files ESLint linted, relative to the fixture. */
  readonly files: string[];
}

/**
 * Lints one fixture through the public ESLint API with `fixtures/eslint.config.js`
 * (type information comes from the fixture's own tsconfig via the project service).
 */
export async function lintFixture(ESLintClass: typeof ESLint, fixture: Fixture): Promise<LintOutcome> {
  const eslint = new ESLintClass({ cwd: repoRoot, overrideConfigFile: fixturesConfigFile });
  const results = await eslint.lintFiles([path.relative(repoRoot, fixture.dir)]);
  const findings = new Set<string>();
  const messages = new Map<string, string[]>();
  const errors: string[] = [];
  for (const result of results) {
    const relative = toPosix(path.relative(fixture.dir, result.filePath));
    for (const message of result.messages) {
      const where = `${relative}:${message.line}`;
      if (message.fatal || !message.ruleId) {
        errors.push(`${where}: ${describeMessage(message)}`);
        continue;
      }
      const key = `${where}:${message.ruleId}`;
      findings.add(key);
      messages.set(key, [...(messages.get(key) ?? []), message.message]);
    }
  }
  return {
    findings: [...findings].sort(compareFindings),
    messages,
    errors,
    files: results.map((result) => toPosix(path.relative(fixture.dir, result.filePath))).sort(),
  };
}

function describeMessage(message: Linter.LintMessage): string {
  return `${message.fatal ? 'fatal: ' : ''}${message.ruleId ?? '(no rule)'}: ${message.message}`;
}

/** What the fixture's own tsconfig says about its sources: its compile errors, file list and options. */
export function compileFixture(fixture: Fixture): { diagnostics: string[]; files: string[]; options: ts.CompilerOptions } {
  const configPath = path.join(fixture.dir, 'tsconfig.json');
  const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  });
  if (!config) throw new Error(`cannot read ${configPath}`);
  const program = ts.createProgram({ rootNames: config.fileNames, options: { ...config.options, noEmit: true } });
  const diagnostics = [...config.errors, ...ts.getPreEmitDiagnostics(program)].map((diagnostic) => {
    const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    if (!diagnostic.file || diagnostic.start === undefined) return text;
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    return `${toPosix(path.relative(fixture.dir, diagnostic.file.fileName))}:${line + 1}: ${text}`;
  });
  return {
    diagnostics,
    files: config.fileNames.map((file) => toPosix(path.relative(fixture.dir, file))).sort(),
    options: config.options,
  };
}

/**
 * The config file loads the built plugin (`eslint-plugin-pitfalls` → dist), as a
 * user's would; a build older than the sources would test yesterday's rules.
 */
export function staleBuildReason(): string | undefined {
  const entry = path.join(pluginDir, 'dist/index.js');
  if (!isFile(entry)) return `${path.relative(repoRoot, entry)} is missing: run \`npm run build\` first`;
  const built = statSync(entry).mtimeMs;
  const newer = walk(path.join(pluginDir, 'src')).filter((file) => statSync(file).mtimeMs > built);
  return newer.length > 0
    ? `the built plugin is older than ${newer.map((file) => path.relative(repoRoot, file)).join(', ')}: run \`npm run build\` first`
    : undefined;
}

/** Lists of findings compared as sets, shaped so a failing assertion shows both directions at once. */
export function compareFindingSets(expected: readonly string[], actual: readonly string[], messages: Map<string, string[]>) {
  const actualSet = new Set(actual);
  const expectedSet = new Set(expected);
  return {
    missing: expected.filter((finding) => !actualSet.has(finding)),
    unexpected: actual
      .filter((finding) => !expectedSet.has(finding))
      .map((finding) => `${finding} — ${(messages.get(finding) ?? []).join(' | ')}`),
  };
}

function sourceFiles(dir: string): string[] {
  return walk(dir).filter((file) => /\.(?:[cm]?ts|tsx)$/.test(file) && !file.endsWith('.d.ts'));
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name === 'dist') return [];
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : [full];
  });
}

function isFile(file: string): boolean {
  return statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
}

function toPosix(file: string): string {
  return file.split(path.sep).join('/');
}

/** By file, then line number, then rule. */
function compareFindings(a: string, b: string): number {
  const [fileA = '', lineA = '0', ruleA = ''] = a.split(':');
  const [fileB = '', lineB = '0', ruleB = ''] = b.split(':');
  return fileA.localeCompare(fileB) || Number(lineA) - Number(lineB) || ruleA.localeCompare(ruleB);
}
