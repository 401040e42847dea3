export { main } from './cli.js';
export { run, type RunOutcome } from './run.js';
export { parseCliArguments, type CliArguments } from './args.js';
export { loadConfig, CONFIG_SCHEMA, type PitfallsConfig } from './config.js';
export { applyBaseline, createBaseline, type Baseline } from './baseline.js';
export type { Finding, Severity } from './finding.js';
