/**
 * The domain presets named by the catalog. A rule declares its domains in
 * `meta.docs.domains`; each domain preset is derived from those declarations.
 */
export const DOMAINS = ['data', 'async', 'jobs', 'ops', 'web', 'security', 'tests', 'errors', 'llm'] as const;
export type Domain = (typeof DOMAINS)[number];

/** `recommended`: high-confidence rules, on as errors. `strict`: adds heuristic rules. */
export const LEVELS = ['recommended', 'strict'] as const;
export type Level = (typeof LEVELS)[number];
