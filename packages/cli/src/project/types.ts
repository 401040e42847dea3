import type { Project } from 'ts-morph';
import type { Finding, Severity } from '../finding.js';

/** What every whole-program check receives: one ts-morph Project per run. */
export interface ProjectCheckContext {
  /** Absolute path of the repository root being linted. */
  readonly root: string;
  /** The program, from the root tsconfig.json (or every .ts/.tsx file when there is none). */
  readonly project: Project;
  /**
   * Every file of the repository the run considers (absolute paths, ignores
   * applied), whatever its language: checks that read YAML or tsconfig files
   * find them here.
   */
  readonly files: readonly string[];
  /** Options of this check from the config file (`projectChecks.options[<id>]`), or `{}`. */
  readonly options: Readonly<Record<string, unknown>>;
}

export interface ProjectCheck {
  /** Kebab-case id; findings carry `pitfalls-project/<id>`. */
  readonly id: string;
  /** One sentence, starting with Disallow/Require/Enforce, like the ESLint rules. */
  readonly description: string;
  readonly severity: Severity;
  /** The seed pitfall, e.g. `000 P7`. */
  readonly seed: string;
  run(context: ProjectCheckContext): Finding[];
}
