import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rules } from '../src/rules/index.js';
import { fixturesConfigFile, listFixtures, readAnnotations, staleBuildReason, type Fixture } from './fixture-harness.js';
import { EslintLanguageServer, nvimLspconfigSettings, vscodeDefaultSettings, type ExtensionSettings } from './lsp-client.js';
import { fixturesDir } from './paths.js';

// The editor path, end to end: the ESLint language server that the VS Code ESLint
// extension runs, started as a child process and driven over stdio the way the
// extension drives it. The workspace is fixtures/, so the server has to find
// fixtures/eslint.config.js (the built plugin, the strict preset, type information
// through projectService) by walking up from the opened file, load the workspace's
// own ESLint, and report our rules with links to their pages. What the server
// reports is compared with the file's `// expect:` annotations, not with a list
// written here.

const SERVER_TIMEOUT_MS = 120_000;

const original = fixtureNamed('gathering-api');
const repaired = fixtureNamed('gathering-api-fixed');

/** A file with type-aware findings (no-sync-io-in-async needs the checker) and a configured option. */
const VSCODE_FILE = 'src/routes/circles.ts';
/** Opened with the settings nvim-lspconfig sends. */
const NEOVIM_FILE = 'src/auth/session.ts';
/** Opened with `eslint.useFlatConfig: true`, which some setups carry from ESLint 8. */
const FLAT_CONFIG_SETTING_FILE = 'src/scheduler/digest.ts';
/** Opened with `eslint.experimental.useFlatConfig: true`, the pre-8.57 opt-in. */
const LEGACY_OPT_IN_FILE = 'src/routes/schedules.ts';

/** The settings each client sends, per file of either twin; anything else gets VS Code's defaults. */
const clientSettings: Record<string, () => ExtensionSettings> = {
  [NEOVIM_FILE]: () => nvimLspconfigSettings(fixturesDir),
  [FLAT_CONFIG_SETTING_FILE]: () => ({ ...vscodeDefaultSettings(fixturesDir), useFlatConfig: true }),
  [LEGACY_OPT_IN_FILE]: () => ({ ...vscodeDefaultSettings(fixturesDir), experimental: { useFlatConfig: true } }),
};

function settingsFor(uri: string): ExtensionSettings {
  const file = fileURLToPath(uri);
  const fixture = [original, repaired].find((candidate) => file.startsWith(candidate.dir + path.sep));
  const relative = fixture ? path.relative(fixture.dir, file).split(path.sep).join('/') : '';
  return (clientSettings[relative] ?? (() => vscodeDefaultSettings(fixturesDir)))();
}

function fixtureNamed(name: string): Fixture {
  const fixture = listFixtures().find((candidate) => candidate.name === name);
  if (!fixture) throw new Error(`fixtures/${name} is missing`);
  return fixture;
}

/** `line:ruleId` for each `// expect:` annotation of one file of a fixture. */
function expectedFindings(fixture: Fixture, file: string): string[] {
  const prefix = `${file}:`;
  return readAnnotations(fixture)
    .findings.filter((finding) => finding.startsWith(prefix))
    .map((finding) => finding.slice(prefix.length))
    .sort();
}

/** `line:ruleId` for each of our diagnostics, 1-based like the annotations. */
function reportedFindings(diagnostics: readonly Diagnostic[]): string[] {
  const findings = pitfallsDiagnostics(diagnostics).map((diagnostic) => `${diagnostic.range.start.line + 1}:${String(diagnostic.code)}`);
  return [...new Set(findings)].sort();
}

function pitfallsDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((diagnostic) => String(diagnostic.code).startsWith('pitfalls/'));
}

/** The docs URL a rule declares in its metadata, which the server turns into the diagnostic's link. */
function declaredDocsUrl(code: Diagnostic['code']): string | undefined {
  const id = String(code).slice('pitfalls/'.length);
  return Object.hasOwn(rules, id) ? rules[id as keyof typeof rules].meta.docs?.url : undefined;
}

let server: EslintLanguageServer;
const openUris = new Map<string, string>();

/** didOpen once per file, as an editor does; later tests reuse the open document. */
async function openOnce(file: string): Promise<string> {
  let uri = openUris.get(file);
  if (!uri) {
    uri = await server.open(file);
    openUris.set(file, uri);
  }
  return uri;
}

function failureContext(): string {
  return [`complaints: ${JSON.stringify(server.complaints)}`, ...server.log].join('\n');
}

beforeAll(async () => {
  const stale = staleBuildReason();
  if (stale) throw new Error(`${path.relative(process.cwd(), fixturesConfigFile)} uses the built plugin, but ${stale}`);
  server = await EslintLanguageServer.start(fixturesDir, settingsFor);
}, SERVER_TIMEOUT_MS);

afterAll(async () => {
  await server?.stop();
}, SERVER_TIMEOUT_MS);

describe('the ESLint language server (vscode-eslint) with fixtures/ as the workspace', () => {
  it('reports the annotated findings of a file with VS Code’s default settings', { timeout: SERVER_TIMEOUT_MS }, async () => {
    const uri = await openOnce(path.join(original.dir, VSCODE_FILE));
    const diagnostics = await server.diagnostics(uri);

    const expected = expectedFindings(original, VSCODE_FILE);
    expect(expected.length).toBeGreaterThan(0);
    expect(reportedFindings(diagnostics), failureContext()).toEqual(expected);
    expect(server.complaints).toEqual([]);
    expect(server.validationTimes.has(uri)).toBe(true);
  });

  it("lints with the workspace's own ESLint, a flat-config-only major", { timeout: SERVER_TIMEOUT_MS }, async () => {
    await server.diagnostics(await openOnce(path.join(original.dir, VSCODE_FILE)));
    // The server resolves `eslint` from the opened file's directory, as Node would.
    const resolved = createRequire(path.join(original.dir, VSCODE_FILE)).resolve('eslint');
    const { version } = JSON.parse(readFileSync(path.join(path.dirname(resolved), '../package.json'), 'utf8')) as { version: string };
    expect(server.log).toContain(`ESLint library loaded from: ${resolved}`);
    // ESLint 10 removed eslintrc and the FlatESLint class that older editor setups relied on.
    expect(Number(version.split('.')[0])).toBeGreaterThanOrEqual(10);
  });

  it('links each finding to its rule page and marks it as coming from ESLint', { timeout: SERVER_TIMEOUT_MS }, async () => {
    const uri = await openOnce(path.join(original.dir, VSCODE_FILE));
    const ours = pitfallsDiagnostics(await server.diagnostics(uri));

    expect(ours.length).toBeGreaterThan(0);
    for (const diagnostic of ours) {
      const rulePage = `https://github.com/pitfalls-dev/pitfalls/blob/main/docs/rules/${String(diagnostic.code).slice('pitfalls/'.length)}.md`;
      expect(declaredDocsUrl(diagnostic.code)).toBe(rulePage);
      expect(diagnostic.codeDescription?.href).toBe(rulePage);
      expect(diagnostic.source).toBe('eslint');
      expect(diagnostic.message).toEqual(expect.stringMatching(/\S/));
    }
  });

  it('offers "Show documentation" for each finding, which opens the rule page', { timeout: SERVER_TIMEOUT_MS }, async () => {
    const uri = await openOnce(path.join(original.dir, VSCODE_FILE));
    const ours = pitfallsDiagnostics(await server.diagnostics(uri));
    const codes = [...new Set(ours.map((diagnostic) => String(diagnostic.code)))];
    expect(codes.length).toBeGreaterThan(0);

    for (const code of codes) {
      const diagnostic = ours.find((candidate) => candidate.code === code)!;
      const actions = await server.quickFixes(uri, diagnostic);
      const showDocs = actions.find((action) => action.title === `Show documentation for ${code}`);
      const command = showDocs && 'command' in showDocs && typeof showDocs.command === 'object' ? showDocs.command : undefined;
      expect(command, `quick fixes for ${code}: ${actions.map((action) => action.title).join(', ')}`).toBeDefined();
      expect(await server.openedDocFor(command!)).toBe(declaredDocsUrl(code));
    }
  });

  it('reports nothing for the same file in the repaired twin', { timeout: SERVER_TIMEOUT_MS }, async () => {
    const uri = await openOnce(path.join(repaired.dir, VSCODE_FILE));
    const diagnostics = await server.diagnostics(uri);

    expect(diagnostics, failureContext()).toEqual([]);
    // An empty answer is also what a server that never linted gives; the status proves it linted.
    expect(server.complaints).toEqual([]);
    expect(server.validationTimes.has(uri)).toBe(true);
  });

  it('reports the annotated findings with the settings nvim-lspconfig sends', { timeout: SERVER_TIMEOUT_MS }, async () => {
    const uri = await openOnce(path.join(original.dir, NEOVIM_FILE));
    const expected = expectedFindings(original, NEOVIM_FILE);
    expect(expected.length).toBeGreaterThan(0);
    expect(reportedFindings(await server.diagnostics(uri)), failureContext()).toEqual(expected);

    const fixedUri = await openOnce(path.join(repaired.dir, NEOVIM_FILE));
    expect(await server.diagnostics(fixedUri), failureContext()).toEqual([]);
    expect(server.validationTimes.has(fixedUri)).toBe(true);
    expect(server.complaints).toEqual([]);
  });

  it('reports the annotated findings when eslint.useFlatConfig is set', { timeout: SERVER_TIMEOUT_MS }, async () => {
    const uri = await openOnce(path.join(original.dir, FLAT_CONFIG_SETTING_FILE));
    const expected = expectedFindings(original, FLAT_CONFIG_SETTING_FILE);
    expect(expected.length).toBeGreaterThan(0);
    expect(reportedFindings(await server.diagnostics(uri)), failureContext()).toEqual(expected);
  });

  it('re-lints the unsaved buffer after an edit, as on each keystroke', { timeout: SERVER_TIMEOUT_MS }, async () => {
    const uri = await openOnce(path.join(original.dir, NEOVIM_FILE));
    const before = expectedFindings(original, NEOVIM_FILE);
    const bypass = before.find((finding) => finding.endsWith(':pitfalls/no-auth-bypass-flag'));
    if (!bypass) throw new Error(`${NEOVIM_FILE} no longer has a no-auth-bypass-flag annotation`);
    const line = Number(bypass.split(':')[0]) - 1;
    const text = readFileSync(path.join(original.dir, NEOVIM_FILE), 'utf8').split(/\r?\n/)[line] ?? '';
    const flag = 'config.disableAuth';
    const start = text.indexOf(flag);
    if (start < 0) throw new Error(`line ${line + 1} of ${NEOVIM_FILE} no longer reads ${flag}`);

    // The user deletes the flag from the condition and does not save.
    await server.change(uri, 2, [{ range: { start: { line, character: start }, end: { line, character: start + flag.length } }, text: 'false' }]);

    expect(reportedFindings(await server.diagnostics(uri)), failureContext()).toEqual(before.filter((finding) => finding !== bypass));
  });

  it('lints nothing under ESLint 10 when a client sets experimental.useFlatConfig', { timeout: SERVER_TIMEOUT_MS }, async () => {
    // The guide tells users to drop this setting; this pins why. The flag makes the
    // server load `FlatESLint` from eslint/use-at-your-own-risk, which ESLint 10 removed.
    const uri = await openOnce(path.join(original.dir, LEGACY_OPT_IN_FILE));
    expect(expectedFindings(original, LEGACY_OPT_IN_FILE).length).toBeGreaterThan(0);

    expect(await server.diagnostics(uri)).toEqual([]);
    expect(server.validationTimes.has(uri)).toBe(false);
    expect(server.log.some((line) => line.includes("doesn't export a FlatESLint class"))).toBe(true);
  });
});
