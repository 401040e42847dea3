import { readFileSync } from 'node:fs';
import path from 'node:path';

/** A directory with a package.json among the run's files: an app or a library of the repository. */
export interface WorkspacePackage {
  /** Absolute directory. */
  readonly dir: string;
  readonly name?: string;
  /** The names of everything it depends on (dependencies, dev, peer and optional). */
  readonly dependencies: ReadonlySet<string>;
  readonly manifest: Readonly<Record<string, unknown>>;
}

const packagesCache = new WeakMap<readonly string[], readonly WorkspacePackage[]>();

/** Every package.json of the repository outside node_modules, deepest directories first. */
export function workspacePackages(files: readonly string[]): readonly WorkspacePackage[] {
  const cached = packagesCache.get(files);
  if (cached) return cached;
  const packages: WorkspacePackage[] = [];
  for (const file of files) {
    if (path.basename(file) !== 'package.json' || file.split(path.sep).includes('node_modules')) continue;
    const manifest = readJson(file);
    if (!manifest) continue;
    const dependencies = new Set<string>();
    for (const field of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
      const entries = manifest[field];
      if (entries && typeof entries === 'object') for (const name of Object.keys(entries)) dependencies.add(name);
    }
    const name = typeof manifest['name'] === 'string' ? manifest['name'] : undefined;
    packages.push({ dir: path.dirname(file), ...(name ? { name } : {}), dependencies, manifest });
  }
  packages.sort((a, b) => b.dir.length - a.dir.length);
  packagesCache.set(files, packages);
  return packages;
}

/** The package a file belongs to: the deepest directory above it with a package.json. */
export function packageOf(packages: readonly WorkspacePackage[], file: string): WorkspacePackage | undefined {
  return packages.find((candidate) => file.startsWith(candidate.dir + path.sep));
}

/**
 * A package and the packages of the repository it depends on, transitively:
 * the code that runs in the same process when the package is an app
 * (`apps/api` with `@acme/shared` from `libs/shared`).
 */
export function packageClosure(packages: readonly WorkspacePackage[], start: WorkspacePackage): ReadonlySet<WorkspacePackage> {
  const byName = new Map<string, WorkspacePackage>();
  for (const candidate of packages) if (candidate.name && !byName.has(candidate.name)) byName.set(candidate.name, candidate);
  const closure = new Set<WorkspacePackage>([start]);
  const queue = [start];
  while (queue.length > 0) {
    const current = queue.pop()!;
    for (const dependency of current.dependencies) {
      const found = byName.get(dependency);
      if (found && !closure.has(found)) {
        closure.add(found);
        queue.push(found);
      }
    }
  }
  return closure;
}

export function readJson(file: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
