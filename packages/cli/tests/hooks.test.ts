import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa, execaSync } from 'execa';
import { describe, expect, it } from 'vitest';
import { STRICT_TSCONFIG as tsconfig, SWALLOWING } from './samples.js';

// Both hooks are installed for real in a throwaway repository and judged by
// what git does with a commit: rejected with a pitfall, accepted without.
const repoRoot = path.resolve(import.meta.dirname, '../../..');
const bin = path.join(repoRoot, 'packages/cli/bin/pitfalls.js');
const rootBin = path.join(repoRoot, 'node_modules/.bin');

const CLEAN = `export async function load(id: string): Promise<unknown> {
  return await fetch(\`https://api.example.com/users/\${id}\`, { signal: AbortSignal.timeout(5000) });
}
`;

/** A service repository whose node_modules/.bin holds pitfalls (and the hook tools), as after `npm install -D`. */
function service(extra: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'pitfalls-hook-'));
  const files = { 'tsconfig.json': tsconfig, 'src/base.ts': CLEAN, ...extra };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  mkdirSync(path.join(dir, 'node_modules/.bin'), { recursive: true });
  symlinkSync(bin, path.join(dir, 'node_modules/.bin/pitfalls'));
  for (const tool of ['husky', 'lint-staged']) symlinkSync(path.join(rootBin, tool), path.join(dir, 'node_modules/.bin', tool));
  writeFileSync(path.join(dir, '.gitignore'), 'node_modules\n.cache-pre-commit\n');
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.email', 'dev@example.com');
  git(dir, 'config', 'user.name', 'dev');
  git(dir, 'config', 'commit.gpgsign', 'false');
  return dir;
}

function git(dir: string, ...args: string[]) {
  return execaSync('git', args, { cwd: dir });
}

async function commit(dir: string, file: string, text: string, env: Record<string, string>) {
  writeFileSync(path.join(dir, file), text);
  git(dir, 'add', file);
  const result = await execa('git', ['commit', '-m', `add ${file}`], { cwd: dir, reject: false, env: { CI: '1', ...env } });
  const head = execaSync('git', ['log', '--format=%s', '-1'], { cwd: dir, reject: false }).stdout;
  return { ...result, head };
}

const PATH = [path.join(repoRoot, 'node_modules/.bin'), process.env.PATH ?? ''].join(path.delimiter);

describe('pre-commit hooks', () => {
  it('husky + lint-staged: rejects a commit with a pitfall, accepts a clean one', async () => {
    const dir = service({
      'package.json': JSON.stringify({ name: 'svc', private: true, type: 'module', 'lint-staged': { '*.{ts,tsx}': 'pitfalls --no-semgrep' } }),
    });
    await execa(path.join(dir, 'node_modules/.bin/husky'), [], { cwd: dir, env: { PATH } });
    writeFileSync(path.join(dir, '.husky/pre-commit'), 'npx --no-install lint-staged\n');
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'base', '--no-verify');

    const bad = await commit(dir, 'src/users.ts', SWALLOWING, { PATH });
    expect(bad.exitCode).not.toBe(0);
    expect(`${bad.stdout}\n${bad.stderr}`).toContain('pitfalls/no-swallowed-error');
    expect(bad.head).toBe('base');

    const good = await commit(dir, 'src/users.ts', CLEAN, { PATH });
    expect(good.stderr).not.toContain('pitfalls/');
    expect(good.exitCode).toBe(0);
    expect(good.head).toBe('add src/users.ts');
  });

  it("the pre-commit framework with this repository's .pre-commit-hooks.yaml", async () => {
    const rev = execaSync('git', ['rev-parse', 'HEAD'], { cwd: repoRoot }).stdout.trim();
    const dir = service({
      'package.json': JSON.stringify({ name: 'svc', private: true, type: 'module' }),
      '.pre-commit-config.yaml': `repos:\n  - repo: ${repoRoot}\n    rev: ${rev}\n    hooks:\n      - id: pitfalls\n        args: [--no-semgrep]\n`,
    });
    const env = { PATH, PRE_COMMIT_HOME: path.join(dir, '.cache-pre-commit') };
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'base');
    const install = await execa('pre-commit', ['install'], { cwd: dir, env, reject: false });
    expect(install.exitCode, `pre-commit must be installed (pip install pre-commit): ${install.stderr}`).toBe(0);

    const bad = await commit(dir, 'src/users.ts', SWALLOWING, env);
    expect(bad.exitCode).not.toBe(0);
    expect(`${bad.stdout}\n${bad.stderr}`).toContain('pitfalls/no-swallowed-error');
    expect(bad.head).toBe('base');

    const good = await commit(dir, 'src/users.ts', CLEAN, env);
    expect(good.exitCode, good.stdout).toBe(0);
    expect(good.head).toBe('add src/users.ts');
  });
});
