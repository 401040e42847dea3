import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa, execaSync } from 'execa';
import { describe, expect, it } from 'vitest';
import { main, type Io } from '../src/cli.js';
import { STRICT_TSCONFIG as tsconfig, SWALLOWING } from './samples.js';

const bin = path.resolve(import.meta.dirname, '../bin/pitfalls.js');

const CLEAN = `export function add(a: number, b: number): number {
  return a + b;
}
`;

function repo(files: Record<string, string>, git = true): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'pitfalls-cli-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  if (git) {
    for (const args of [['init', '-q', '-b', 'main'], ['config', 'user.email', 't@example.com'], ['config', 'user.name', 't'], ['config', 'commit.gpgsign', 'false']]) {
      execaSyncIn(dir, args);
    }
  }
  return dir;
}

function execaSyncIn(dir: string, args: string[]): void {
  execaSync('git', args, { cwd: dir });
}

async function cli(cwd: string, args: string[], env: Record<string, string> = {}) {
  return execa(process.execPath, [bin, ...args], { cwd, reject: false, env: { CI: '1', ...env } });
}

function fakeIo(cwd: string, overrides: Partial<Io> = {}): Io & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { stdout: (text) => out.push(text), stderr: (text) => err.push(text), stderrIsTty: false, stdoutIsTty: false, env: {}, cwd, out, err, ...overrides };
}


describe('pitfalls command', () => {
  it('exits 1 with findings and 0 when clean, in the JSON report', async () => {
    const dirty = repo({ 'tsconfig.json': tsconfig, 'src/users.ts': SWALLOWING });
    const result = await cli(dirty, ['--format', 'json', '--no-semgrep']);
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(result.stdout) as { findings: { ruleId: string; file: string; line: number }[] };
    expect(report.findings.map((f) => `${f.file}:${f.line}:${f.ruleId}`)).toEqual(['src/users.ts:9:pitfalls/no-swallowed-error']);

    const clean = repo({ 'tsconfig.json': tsconfig, 'src/math.ts': CLEAN });
    const ok = await cli(clean, ['--format', 'json', '--no-semgrep']);
    expect(ok.exitCode).toBe(0);
    expect((JSON.parse(ok.stdout) as { findings: unknown[] }).findings).toEqual([]);
  });

  it.each([
    [['--fromat', 'json'], /Unknown option '--fromat'/],
    [['--preset', 'strcit'], /Unknown preset "strcit". Presets: recommended, strict, all/],
    [['no/such/dir'], /Cannot read no\/such\/dir/],
    [['--config', 'missing.json'], /Config file not found: missing.json/],
  ])('exits 2 with a clear message and no stack for %j', async (args, message) => {
    const result = await cli(repo({ 'src/math.ts': CLEAN }), args);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).toBe('');
  });

  it('exits 2 for an unknown rule or bad rule options in the config file', async () => {
    const unknown = repo({ 'src/math.ts': CLEAN, 'pitfalls.config.json': JSON.stringify({ rules: { 'pitfalls/no-swalowed-error': 'off' } }) });
    const first = await cli(unknown, ['--no-semgrep']);
    expect(first.exitCode).toBe(2);
    expect(first.stderr).toContain('Unknown rule "pitfalls/no-swalowed-error"');
    expect(first.stderr).toContain('did you mean pitfalls/no-swallowed-error');

    const badOptions = repo({ 'src/math.ts': CLEAN, 'pitfalls.config.json': JSON.stringify({ rules: { 'pitfalls/no-swallowed-error': ['error', { nope: 1 }] } }) });
    const second = await cli(badOptions, ['--no-semgrep']);
    expect(second.exitCode).toBe(2);
    expect(second.stderr).toMatch(/Invalid configuration: .*pitfalls\/no-swallowed-error/s);
    expect(second.stderr).not.toMatch(/\n\s+at /);
  });

  it('lints only the staged files with --staged', async () => {
    const dir = repo({ 'tsconfig.json': tsconfig, 'src/base.ts': CLEAN });
    execaSyncIn(dir, ['add', '.']);
    execaSyncIn(dir, ['commit', '-qm', 'base']);
    writeFileSync(path.join(dir, 'src/staged.ts'), SWALLOWING);
    writeFileSync(path.join(dir, 'src/unstaged.ts'), SWALLOWING);
    execaSyncIn(dir, ['add', 'src/staged.ts']);
    const result = await cli(dir, ['--staged', '--format', 'json', '--no-semgrep']);
    expect(result.exitCode).toBe(1);
    expect((JSON.parse(result.stdout) as { findings: { file: string }[] }).findings.map((f) => f.file)).toEqual(['src/staged.ts']);
  });

  it('lints the files changed since a ref with --changed-since', async () => {
    const dir = repo({ 'tsconfig.json': tsconfig, 'src/old.ts': SWALLOWING });
    execaSyncIn(dir, ['add', '.']);
    execaSyncIn(dir, ['commit', '-qm', 'base']);
    execaSyncIn(dir, ['checkout', '-qb', 'feature']);
    writeFileSync(path.join(dir, 'src/new.ts'), SWALLOWING);
    execaSyncIn(dir, ['add', '.']);
    execaSyncIn(dir, ['commit', '-qm', 'feature']);
    const result = await cli(dir, ['--changed-since', 'main', '--format', 'json', '--no-semgrep']);
    expect((JSON.parse(result.stdout) as { findings: { file: string }[] }).findings.map((f) => f.file)).toEqual(['src/new.ts']);
    const bad = await cli(dir, ['--changed-since', 'no-such-branch']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('--changed-since no-such-branch: git cannot find a merge base');
  });

  it('adopts a codebase with --baseline create: later runs fail only on new findings', async () => {
    const dir = repo({ 'tsconfig.json': tsconfig, 'src/legacy.ts': SWALLOWING });
    const create = await cli(dir, ['--baseline', 'create', '--no-semgrep']);
    expect(create.exitCode).toBe(0);
    expect(create.stderr).toContain('Baseline written to pitfalls-suppressions.json: 1 finding in 1 file');
    expect(JSON.parse(readFileSync(path.join(dir, 'pitfalls-suppressions.json'), 'utf8'))).toEqual({
      'src/legacy.ts': { 'pitfalls/no-swallowed-error': { count: 1 } },
    });

    const again = await cli(dir, ['--format', 'json', '--no-semgrep']);
    expect(again.exitCode).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ findings: [], summary: { suppressed: 1 } });

    writeFileSync(path.join(dir, 'src/new.ts'), SWALLOWING);
    const regression = await cli(dir, ['--format', 'json', '--no-semgrep']);
    expect(regression.exitCode).toBe(1);
    expect((JSON.parse(regression.stdout) as { findings: { file: string }[] }).findings.map((f) => f.file)).toEqual(['src/new.ts']);

    const ignoring = await cli(dir, ['--format', 'json', '--no-semgrep', '--no-baseline']);
    expect((JSON.parse(ignoring.stdout) as { findings: unknown[] }).findings).toHaveLength(2);
  });

  it('says once that semgrep is missing and carries on; --require-semgrep makes it exit 2', async () => {
    const dir = repo({ 'tsconfig.json': tsconfig, 'src/users.ts': SWALLOWING });
    // A PATH with node and git but without semgrep: the real "not installed" case, no mock.
    const PATH = [path.dirname(process.execPath), '/usr/bin', '/bin'].join(path.delimiter);
    const carryOn = await cli(dir, ['--format', 'json'], { PATH });
    expect(carryOn.exitCode).toBe(1);
    expect(carryOn.stderr.match(/pip install semgrep/g)).toHaveLength(1);
    expect(JSON.parse(carryOn.stdout)).toMatchObject({ findings: [{ ruleId: 'pitfalls/no-swallowed-error' }] });

    const required = await cli(dir, ['--require-semgrep'], { PATH });
    expect(required.exitCode).toBe(2);
    expect(required.stderr).toContain('pip install semgrep');
    expect(required.stdout).toBe('');
  });

  it("runs the Semgrep pack and applies the config's ignore globs to its findings", async () => {
    const manifest = (name: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  template:\n    spec:\n      containers:\n        - name: ${name}\n          image: acme/${name}:latest\n          resources:\n            limits:\n              memory: 256Mi\n`;
    const dir = repo({
      'src/math.ts': CLEAN,
      'deploy/api.yaml': manifest('api'),
      'legacy/old.yaml': manifest('old'),
      'pitfalls.config.json': JSON.stringify({ ignore: ['legacy/**'] }),
    });
    const result = await cli(dir, ['--format', 'json', '--require-semgrep', '--no-project-checks']);
    const report = JSON.parse(result.stdout) as { findings: { file: string; line: number; ruleId: string }[] };
    expect(report.findings.map((f) => `${f.file}:${f.line}:${f.ruleId}`)).toEqual(['deploy/api.yaml:10:pitfalls-semgrep/k8s-image-latest']);
    expect(result.exitCode).toBe(0);
  });

  it('fails on warnings only when --max-severity says so', async () => {
    const dir = repo({ 'tsconfig.json': tsconfig, 'src/users.ts': SWALLOWING, 'pitfalls.config.json': JSON.stringify({ rules: { 'pitfalls/no-swallowed-error': 'warn' } }) });
    expect((await cli(dir, ['--no-semgrep'])).exitCode).toBe(0);
    expect((await cli(dir, ['--no-semgrep', '--max-severity', 'warning'])).exitCode).toBe(1);
  });

  it("ignores the repository's disable comments for plugins it does not load, and honours them for its own rules", async () => {
    const disabled = SWALLOWING.replace('  } catch (err) {', '  // eslint-disable-next-line pitfalls/no-swallowed-error -- legacy, tracked in #12\n  } catch (err) {');
    const hooks = `import { useEffect } from 'react';\nexport function useTick(f: () => void) {\n  // eslint-disable-next-line react-hooks/exhaustive-deps\n  useEffect(f, []);\n}\n`;
    const dir = repo({ 'src/legacy.ts': disabled, 'src/hooks.ts': hooks });
    const result = await cli(dir, ['--format', 'json', '--no-semgrep', '--no-project-checks']);
    expect(JSON.parse(result.stdout)).toMatchObject({ findings: [] });
    expect(result.exitCode).toBe(0);
  });

  it('lints a directory that is not a git repository', async () => {
    const dir = repo({ 'src/users.ts': SWALLOWING, 'node_modules/dep/index.ts': SWALLOWING }, false);
    const result = await cli(dir, ['--format', 'json', '--no-semgrep', '--no-project-checks']);
    expect((JSON.parse(result.stdout) as { findings: { file: string }[] }).findings.map((f) => f.file)).toEqual(['src/users.ts']);
  });

  it('shows progress on a terminal and stays silent in CI', async () => {
    const dir = repo({ 'src/users.ts': SWALLOWING });
    const terminal = fakeIo(dir, { stderrIsTty: true });
    expect(await main(['--no-semgrep', '--no-project-checks'], terminal)).toBe(1);
    expect(terminal.err.join('')).toContain('pitfalls: linting 1/1 files');

    const ci = fakeIo(dir, { stderrIsTty: true, env: { CI: 'true' } });
    await main(['--no-semgrep', '--no-project-checks'], ci);
    expect(ci.err.join('')).not.toContain('linting');
    const quiet = fakeIo(dir, { stderrIsTty: true });
    await main(['--no-semgrep', '--no-project-checks', '--quiet'], quiet);
    expect(quiet.err.join('')).toBe('');
  });
});
