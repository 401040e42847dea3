import { ESLintUtils } from '@typescript-eslint/utils';
import type { Domain, Level } from '../domains.js';

export const REPOSITORY_URL = 'https://github.com/pitfalls-dev/pitfalls';

/** The `meta.docs` shape every pitfalls rule declares; presets and docs are derived from it. */
export interface PitfallsDocs {
  description: string;
  /** Which preset first turns the rule on: `recommended` (and so `strict`) or only `strict`. */
  recommended: Level;
  /** Domain presets the rule belongs to. */
  domains: readonly Domain[];
  /** True when the rule needs type information to report at all. */
  requiresTypeChecking?: boolean;
  /** The seed pitfall(s) the rule comes from, e.g. `001 P4`. */
  seed: string;
}

export const createRule = ESLintUtils.RuleCreator<PitfallsDocs>(
  (name) => `${REPOSITORY_URL}/blob/main/docs/rules/${name}.md`,
);
