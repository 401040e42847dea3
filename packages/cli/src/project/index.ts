import { existsSync } from 'node:fs';
import path from 'node:path';
import { Project, ts } from 'ts-morph';
import type { Finding } from '../finding.js';
import livenessProbeChecksDependencies from './liveness-probe-checks-dependencies.js';
import serverEntryWithoutShutdown from './server-entry-without-shutdown.js';
import singleTaskQueue from './single-task-queue.js';
import tierChecksOutsideServices from './tier-checks-outside-services.js';
import tsconfigStrictness from './tsconfig-strictness.js';
import type { ProjectCheck, ProjectCheckContext } from './types.js';

export type { ProjectCheck, ProjectCheckContext } from './types.js';

/** Every whole-program check, in the order they run and are listed in docs/project/README.md. */
export const PROJECT_CHECKS: readonly ProjectCheck[] = [
  singleTaskQueue,
  tierChecksOutsideServices,
  tsconfigStrictness,
  livenessProbeChecksDependencies,
  serverEntryWithoutShutdown,
];

export interface RunProjectChecksOptions {
  /** Absolute path of the repository root. */
  readonly root: string;
  /** Every file of the run (absolute, ignores applied), whatever its language. */
  readonly files: readonly string[];
  /** The root tsconfig.json; found in `root` when not given. */
  readonly tsconfig?: string;
  /** Ids of the checks to run; all when not given. */
  readonly enabled?: readonly string[];
  /** Options per check id. */
  readonly options?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

export interface ProjectChecksOutcome {
  readonly findings: Finding[];
  /** One line per check that failed (`<id>: <reason>`) or program that could not be read; the other checks still ran. */
  readonly errors: string[];
}

const SOURCE_EXTENSION = /\.(?:ts|tsx|mts|cts)$/;
const DECLARATION = /\.d\.(?:ts|mts|cts)$/;

/**
 * Builds one ts-morph program for the repository and runs the enabled checks
 * on it. A check that throws is reported in `errors` and does not stop the
 * others. Findings are kept only in files of the run, so the config's ignores
 * hold even where the program (the tsconfig) reaches further.
 */
export function runProjectChecks(options: RunProjectChecksOptions): ProjectChecksOutcome {
  const errors: string[] = [];
  const checks = PROJECT_CHECKS.filter((check) => options.enabled === undefined || options.enabled.includes(check.id));
  if (checks.length === 0) return { findings: [], errors };
  // Built on first use: a run of only the tsconfig check, or a repository without manifests, never parses the sources.
  let project: Project | undefined;
  const programOf = (): Project => (project ??= createProject(options, errors));
  const inRun = new Set(options.files.map((file) => path.resolve(file)));
  const findings: Finding[] = [];
  for (const check of checks) {
    try {
      const context: ProjectCheckContext = {
        root: options.root,
        get project() {
          return programOf();
        },
        files: options.files,
        options: options.options?.[check.id] ?? {},
      };
      const found = check.run(context);
      findings.push(...found.filter((finding) => inRun.has(finding.file)));
    } catch (error) {
      errors.push(`${check.id}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { findings, errors };
}

/**
 * The program: the root tsconfig's files, or every TypeScript file of the run
 * when there is no tsconfig or it lists none (a solution file of references).
 * Imports are not followed and no lib or node_modules file is loaded: the
 * checks read syntax, and a type-checked program of a large repository costs
 * minutes.
 */
function createProject(options: RunProjectChecksOptions, errors: string[]): Project {
  const tsconfig = options.tsconfig ?? path.join(options.root, 'tsconfig.json');
  if (existsSync(tsconfig)) {
    try {
      const project = new Project({
        tsConfigFilePath: tsconfig,
        skipAddingFilesFromTsConfig: false,
        skipFileDependencyResolution: true,
        skipLoadingLibFiles: true,
      });
      const root = path.resolve(options.root) + path.sep;
      if (project.getSourceFiles().some((file) => path.resolve(file.getFilePath()).startsWith(root))) return project;
    } catch (error) {
      errors.push(`${path.relative(options.root, tsconfig) || 'tsconfig.json'} could not be read (${error instanceof Error ? error.message : String(error)}); the program is every TypeScript file of the run instead`);
    }
  }
  const project = new Project({
    compilerOptions: { target: ts.ScriptTarget.ESNext, module: ts.ModuleKind.ESNext, jsx: ts.JsxEmit.Preserve, allowJs: false, noEmit: true },
    skipFileDependencyResolution: true,
    skipLoadingLibFiles: true,
  });
  // One by one: the glob form would read `[id]` and `(group)` in Next.js paths as patterns.
  for (const file of options.files) if (SOURCE_EXTENSION.test(file) && !DECLARATION.test(file)) project.addSourceFileAtPath(file);
  return project;
}
