import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const pluginDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = path.resolve(pluginDir, '../..');
export const docsRulesDir = path.join(repoRoot, 'docs/rules');
export const fixturesDir = path.join(repoRoot, 'fixtures');
