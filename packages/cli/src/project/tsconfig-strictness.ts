import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ts } from 'ts-morph';
import type { Finding } from '../finding.js';
import { projectFinding } from './support/findings.js';
import { assertKnownOptions, stringArrayOption } from './support/options.js';
import { isTestFile, toPosix } from './support/source.js';
import { readJson, workspacePackages } from './support/workspace.js';
import type { ProjectCheck } from './types.js';

type Flag = 'strict' | 'noUncheckedIndexedAccess';
const FLAGS: readonly Flag[] = ['strict', 'noUncheckedIndexedAccess'];

/** One file of an `extends` chain and the compiler options it sets itself. */
interface ConfigLayer {
  readonly file: string;
  readonly compilerOptions: Readonly<Record<string, unknown>>;
}

interface ConfigChain {
  /** Bases first, the checked file last. */
  readonly layers: readonly ConfigLayer[];
  /** `extends` entries that name no file this machine has (a package not installed). */
  readonly unresolved: readonly string[];
}

/** What `strict: true` turns on; with `strict` off, each counts only where the tsconfig sets it. */
const STRICT_FAMILY = [
  'strictNullChecks',
  'noImplicitAny',
  'noImplicitThis',
  'strictFunctionTypes',
  'strictBindCallApply',
  'strictPropertyInitialization',
  'useUnknownInCatchVariables',
  'alwaysStrict',
] as const;

/** Directories of scaffolding and samples: their tsconfig is a file the project hands out, not the one it compiles with. */
const SAMPLE_DIRECTORY = /(?:^|\/)(?:templates?|examples?|samples?|fixtures|__fixtures__|boilerplates?|node_modules)\//;

const check: ProjectCheck = {
  id: 'tsconfig-strictness',
  description: 'Require `strict` and `noUncheckedIndexedAccess` in the tsconfig of every package, following `extends`',
  severity: 'warning',
  seed: '000 P1, 000 P9',
  run(context) {
    assertKnownOptions(context.options, ['require']);
    const required = stringArrayOption(context.options, 'require', FLAGS);
    const unknown = required.filter((flag) => !FLAGS.includes(flag as Flag));
    if (unknown.length > 0) throw new Error(`option "require" takes ${FLAGS.join(' and ')}, not ${unknown.join(', ')}`);
    const findings: Finding[] = [];
    for (const tsconfig of checkedConfigs(context.root, context.files)) {
      const finding = checkConfig(tsconfig, required as readonly Flag[], context.root, context.files);
      if (finding) findings.push(finding);
    }
    return findings;
  },
};

export default check;

/**
 * The tsconfig files a package compiles with: the root `tsconfig.json` and the
 * `tsconfig.json` beside every package.json. A solution file (`"files": []`
 * with `references`) compiles nothing itself: its references are checked instead.
 */
function checkedConfigs(root: string, files: readonly string[]): string[] {
  const inRun = new Set(files);
  const candidates = [path.join(root, 'tsconfig.json'), ...workspacePackages(files).map((pkg) => path.join(pkg.dir, 'tsconfig.json'))];
  const checked = new Set<string>();
  const visit = (file: string, depth: number): void => {
    if (checked.has(file) || depth > 3) return;
    const relative = toPosix(path.relative(root, file));
    if (!inRun.has(file) || isTestFile(relative) || SAMPLE_DIRECTORY.test(relative)) return;
    const config = readConfig(file);
    if (!config) return;
    const references = solutionReferences(config, path.dirname(file));
    if (references) {
      for (const reference of references) visit(reference, depth + 1);
      return;
    }
    checked.add(file);
  };
  for (const candidate of candidates) visit(candidate, 0);
  return [...checked];
}

/** The configs a solution-style tsconfig points at, or undefined when the file compiles sources itself. */
function solutionReferences(config: Record<string, unknown>, dir: string): string[] | undefined {
  const files = config['files'];
  const references = config['references'];
  if (!Array.isArray(files) || files.length > 0 || config['include'] !== undefined || !Array.isArray(references)) return undefined;
  return references.flatMap((reference: unknown) => {
    const target = reference && typeof reference === 'object' ? (reference as Record<string, unknown>)['path'] : undefined;
    if (typeof target !== 'string') return [];
    const resolved = path.resolve(dir, target);
    return [isDirectory(resolved) ? path.join(resolved, 'tsconfig.json') : resolved];
  });
}

function checkConfig(tsconfig: string, required: readonly Flag[], root: string, files: readonly string[]): Finding | undefined {
  const chain = configChain(tsconfig, new Set());
  const effective = mergedOptions(chain.layers);
  const strictByDefault = (typescriptMajor(tsconfig, root, files) ?? 5) >= 6;
  const problems: string[] = [];
  if (required.includes('strict')) {
    const strict = effective.get('strict');
    const strictOn = strict?.value === true || (strict === undefined && strictByDefault);
    const nullChecks = effective.get('strictNullChecks');
    if (!strictOn) {
      const where = strict ? ` (\`"strict": ${JSON.stringify(strict.value)}\`${setIn(strict.file, tsconfig, root)})` : '';
      const off = STRICT_FAMILY.filter((flag) => effective.get(flag)?.value !== true);
      // With a base unread, a flag missing here may be set there: only a fully read chain says which are off.
      const familyNote = off.length < STRICT_FAMILY.length && chain.unresolved.length === 0 ? `, and of the flags it turns on ${off.map((flag) => `\`${flag}\``).join(', ')} ${off.length === 1 ? 'is' : 'are'} off` : '';
      problems.push(`\`strict\` is not on${where}${familyNote}`);
    } else if (nullChecks !== undefined && nullChecks.value !== true) {
      problems.push(`\`strictNullChecks\` is turned off (\`"strictNullChecks": ${JSON.stringify(nullChecks.value)}\`${setIn(nullChecks.file, tsconfig, root)}) although \`strict\` is on`);
    }
  }
  if (required.includes('noUncheckedIndexedAccess')) {
    const indexed = effective.get('noUncheckedIndexedAccess');
    if (indexed?.value !== true) {
      const where = indexed ? ` (\`"noUncheckedIndexedAccess": ${JSON.stringify(indexed.value)}\`${setIn(indexed.file, tsconfig, root)})` : '';
      problems.push(`\`noUncheckedIndexedAccess\` is not on${where}`);
    }
  }
  if (problems.length === 0) return undefined;
  const bases = chain.layers.slice(0, -1).map((layer) => displayPath(layer.file, root));
  const inherits = bases.length > 0 ? ` It extends ${bases.join(', ')}.` : '';
  const unresolved = chain.unresolved.length > 0 ? ` ${unresolvedNote(chain.unresolved)}` : '';
  const message =
    `This tsconfig compiles without the checks that catch a missing value: ${problems.join('; ')}.${inherits}${unresolved} ` +
    'Without them a field read from saved settings JSON (`values[field.name]`) types as present although older records lack it, and a `briefing` that may be null ' +
    'renders as if it were there: the template throws at run time and the user sees a blank page. ' +
    'Turn on `"strict": true` and `"noUncheckedIndexedAccess": true` and handle the `undefined` the compiler then shows (a default value, an empty state).';
  return projectFinding(check, { file: tsconfig, ...compilerOptionsPosition(tsconfig) }, message);
}

/** Why part of the chain was not read: a package not installed, or a path that is not there. */
function unresolvedNote(unresolved: readonly string[]): string {
  const packages = unresolved.filter((name) => !name.startsWith('.') && !path.isAbsolute(name));
  const paths = unresolved.filter((name) => !packages.includes(name));
  const parts = [
    ...(packages.length > 0 ? [`${packages.map((name) => `\`${name}\``).join(', ')} could not be resolved from node_modules (dependencies not installed?)`] : []),
    ...(paths.length > 0 ? [`${paths.map((name) => `\`${name}\``).join(', ')} does not exist`] : []),
  ];
  return `Its base ${parts.join(' and ')}, so only the files that could be read were checked.`;
}

/** ` in tsconfig.base.json` when a setting comes from a base, nothing when from the checked file. */
function setIn(file: string, tsconfig: string, root: string): string {
  return file === tsconfig ? '' : ` in ${displayPath(file, root)}`;
}

function displayPath(file: string, root: string): string {
  const relative = toPosix(path.relative(root, file));
  const nodeModules = relative.lastIndexOf('node_modules/');
  return nodeModules >= 0 ? relative.slice(nodeModules + 'node_modules/'.length) : relative;
}

// ---------------------------------------------------------------------------
// Reading the chain

function configChain(file: string, visiting: Set<string>): ConfigChain {
  const config = readConfig(file);
  if (!config || visiting.has(file)) return { layers: [], unresolved: [] };
  visiting.add(file);
  const layers: ConfigLayer[] = [];
  const unresolved: string[] = [];
  const extendsField = config['extends'];
  const bases = typeof extendsField === 'string' ? [extendsField] : Array.isArray(extendsField) ? extendsField.filter((entry): entry is string => typeof entry === 'string') : [];
  for (const base of bases) {
    const resolved = resolveExtends(base, path.dirname(file));
    if (!resolved) {
      unresolved.push(base);
      continue;
    }
    const chain = configChain(resolved, visiting);
    layers.push(...chain.layers);
    unresolved.push(...chain.unresolved);
  }
  const options = config['compilerOptions'];
  layers.push({ file, compilerOptions: options && typeof options === 'object' ? (options as Record<string, unknown>) : {} });
  visiting.delete(file);
  return { layers, unresolved };
}

/** The flags as the compiler sees them: a later layer overrides a base, and where each value was set. */
function mergedOptions(layers: readonly ConfigLayer[]): ReadonlyMap<string, { value: unknown; file: string }> {
  const merged = new Map<string, { value: unknown; file: string }>();
  for (const layer of layers) {
    for (const key of ['strict', 'noUncheckedIndexedAccess', ...STRICT_FAMILY]) {
      if (Object.hasOwn(layer.compilerOptions, key)) merged.set(key, { value: layer.compilerOptions[key], file: layer.file });
    }
  }
  return merged;
}

/** JSONC, as TypeScript reads it (comments, trailing commas). */
function readConfig(file: string): Record<string, unknown> | undefined {
  if (!existsSync(file)) return undefined;
  const { config, error } = ts.readConfigFile(file, (name) => readFileSync(name, 'utf8'));
  return !error && config && typeof config === 'object' ? (config as Record<string, unknown>) : undefined;
}

/**
 * Where `extends` points, as TypeScript resolves it: a relative or absolute
 * path (`.json` optional), or a package in a node_modules above
 * (`@tsconfig/node20`, its `tsconfig` field or `tsconfig.json`;
 * `@vue/tsconfig/tsconfig.dom.json`; an `exports` entry).
 */
function resolveExtends(specifier: string, fromDir: string): string | undefined {
  if (specifier.startsWith('.') || path.isAbsolute(specifier)) return existingConfig(path.resolve(fromDir, specifier));
  const parts = specifier.split('/');
  const packageName = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0] ?? '';
  const subpath = parts.slice(specifier.startsWith('@') ? 2 : 1).join('/');
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const packageDir = path.join(dir, 'node_modules', packageName);
    if (isDirectory(packageDir)) {
      const manifest = readJson(path.join(packageDir, 'package.json')) ?? {};
      const exported = exportedConfig(manifest, subpath);
      if (exported) return existingConfig(path.join(packageDir, exported));
      if (subpath) return existingConfig(path.join(packageDir, subpath));
      const field = typeof manifest['tsconfig'] === 'string' ? manifest['tsconfig'] : 'tsconfig.json';
      return existingConfig(path.join(packageDir, field));
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

function exportedConfig(manifest: Record<string, unknown>, subpath: string): string | undefined {
  const exportsField = manifest['exports'];
  if (!exportsField || typeof exportsField !== 'object') return undefined;
  const entry = (exportsField as Record<string, unknown>)[subpath ? `./${subpath}` : '.'];
  if (typeof entry === 'string') return entry;
  if (entry && typeof entry === 'object') {
    const target = (entry as Record<string, unknown>)['default'] ?? (entry as Record<string, unknown>)['require'] ?? (entry as Record<string, unknown>)['import'];
    return typeof target === 'string' ? target : undefined;
  }
  return undefined;
}

function existingConfig(candidate: string): string | undefined {
  if (isFile(candidate)) return candidate;
  if (!candidate.endsWith('.json') && isFile(`${candidate}.json`)) return `${candidate}.json`;
  if (isDirectory(candidate) && isFile(path.join(candidate, 'tsconfig.json'))) return path.join(candidate, 'tsconfig.json');
  return undefined;
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The TypeScript major the package compiles with, from its package.json or
 * the repository's (`"typescript": "^6.0.0"`): TypeScript 6 turns `strict` on
 * when the tsconfig does not say.
 */
function typescriptMajor(tsconfig: string, root: string, files: readonly string[]): number | undefined {
  const inRun = new Set(files);
  for (const manifestFile of [path.join(path.dirname(tsconfig), 'package.json'), path.join(root, 'package.json')]) {
    if (!inRun.has(manifestFile)) continue;
    const manifest = readJson(manifestFile);
    for (const field of ['devDependencies', 'dependencies', 'peerDependencies']) {
      const entries = manifest?.[field];
      const range = entries && typeof entries === 'object' ? (entries as Record<string, unknown>)['typescript'] : undefined;
      const major = typeof range === 'string' ? /(\d+)/.exec(range)?.[1] : undefined;
      if (major) return Number(major);
    }
  }
  return undefined;
}

/** The line of the `compilerOptions` key (line 1 when there is none): where the flags go. */
function compilerOptionsPosition(tsconfig: string): { line: number; column: number } {
  const text = readFileSync(tsconfig, 'utf8');
  const json = ts.parseJsonText(tsconfig, text);
  const root = json.statements[0]?.expression;
  if (root && ts.isObjectLiteralExpression(root)) {
    for (const property of root.properties) {
      if (ts.isPropertyAssignment(property) && ts.isStringLiteral(property.name) && property.name.text === 'compilerOptions') {
        const { line, character } = json.getLineAndCharacterOfPosition(property.name.getStart(json));
        return { line: line + 1, column: character + 1 };
      }
    }
  }
  return { line: 1, column: 1 };
}
