import { existsSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * Which files typescript-eslint's project service would find in a tsconfig.
 *
 * The service answers a file no tsconfig includes (a `.js` migration, a script
 * outside `include`) by building an inferred project for it, about a second
 * each, before it reports "not found"; a repository with hundreds of such files
 * spent most of its lint there. Asking the same question of the tsconfigs
 * first — the nearest `tsconfig.json` above each file, its `files`, `include`,
 * `exclude` and project references, as the service reads them — sends those
 * files straight to the untyped linter.
 */
export function partitionByTsconfig(root: string, files: readonly string[]): { covered: string[]; uncovered: string[] } {
  const covered: string[] = [];
  const uncovered: string[] = [];
  const projects = new Map<string, ReadonlySet<string> | undefined>();
  for (const file of files) {
    const config = nearestTsconfig(path.dirname(file), root);
    if (!config) {
      uncovered.push(file);
      continue;
    }
    if (!projects.has(config)) projects.set(config, fileNamesOf(config));
    const names = projects.get(config);
    // A tsconfig TypeScript cannot read is left to the project service to judge.
    if (!names || names.has(normalize(file))) covered.push(file);
    else uncovered.push(file);
  }
  return { covered, uncovered };
}

function nearestTsconfig(dir: string, root: string): string | undefined {
  for (let current = dir; ; current = path.dirname(current)) {
    const candidate = path.join(current, 'tsconfig.json');
    if (existsSync(candidate)) return candidate;
    if (current === root || path.dirname(current) === current || !current.startsWith(root)) return undefined;
  }
}

/** The files of a tsconfig and of the projects it references (a solution-style tsconfig lists none itself). */
function fileNamesOf(configPath: string, seen = new Set<string>()): ReadonlySet<string> | undefined {
  if (seen.has(configPath)) return new Set();
  seen.add(configPath);
  let parsed: ts.ParsedCommandLine | undefined;
  try {
    parsed = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
  } catch {
    return undefined;
  }
  // A broken tsconfig is the project service's to report; "no inputs" and an empty `files` list are answers.
  if (!parsed || parsed.errors.some((error) => error.category === ts.DiagnosticCategory.Error && !EMPTY_PROJECT_CODES.has(error.code))) {
    return undefined;
  }
  const names = new Set(parsed.fileNames.map(normalize));
  for (const reference of parsed.projectReferences ?? []) {
    const referenced = ts.resolveProjectReferencePath(reference);
    if (!existsSync(referenced)) continue;
    const more = fileNamesOf(referenced, seen);
    if (!more) return undefined;
    for (const name of more) names.add(name);
  }
  return names;
}

const EMPTY_PROJECT_CODES = new Set([18002, 18003]);

function normalize(file: string): string {
  const resolved = path.resolve(file);
  return ts.sys.useCaseSensitiveFileNames ? resolved : resolved.toLowerCase();
}
