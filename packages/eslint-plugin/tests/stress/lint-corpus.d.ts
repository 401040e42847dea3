import type { TSESLint } from '@typescript-eslint/utils';

export declare const SOURCE_EXTENSIONS: readonly string[];
export declare const TYPED_BATCH_SIZE: number;

export interface WrittenFile {
  /** The path the source came from, reported on a crash. */
  readonly original: string;
  /** Where it was written. */
  readonly file: string;
  /** The batch directory holding it and its tsconfig.json. */
  readonly batch: string;
}

export interface StressOutcome {
  files: number;
  /** Files every rule ran on to the end. */
  linted: number;
  parseErrors: { file: string; message: string }[];
  crashes: { file: string; rule: string; error: string }[];
  /** The five slowest files, slowest first. */
  slowest: { file: string; ms: number }[];
}

export declare function writeCorpus(sources: readonly (readonly [string, string])[], root: string): WrittenFile[];

export declare function lintCorpus(
  plugin: { rules: Record<string, unknown> } & Partial<TSESLint.FlatConfig.Plugin>,
  written: readonly WrittenFile[],
  options?: { typed?: boolean; onFile?: (outcome: StressOutcome) => void },
): StressOutcome;
