import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import tsParser from '@typescript-eslint/parser';
import { Linter, type Rule } from 'eslint';
import pitfalls from 'eslint-plugin-pitfalls';
import { nextRoutePathOf, routePathMatches, routeRegistrationsOf } from 'eslint-plugin-pitfalls/knowledge/health';
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Document } from 'yaml';
import type { Finding } from '../finding.js';
import { projectFinding } from './support/findings.js';
import { assertKnownOptions } from './support/options.js';
import { isTestFile, programFiles, type ProgramFile } from './support/source.js';
import type { ProjectCheck, ProjectCheckContext } from './types.js';

/** A `livenessProbe.httpGet.path` of a manifest, where the finding goes. */
interface LivenessProbe {
  readonly path: string;
  readonly manifest: string;
  readonly line: number;
  readonly column: number;
  /** `Deployment causality-api, container api`, for messages. */
  readonly owner: string;
}

/** A dependency check the ESLint rule found inside a route a probe requests. */
interface DependencyEvidence {
  readonly file: ProgramFile;
  readonly line: number;
  /** `` `nc.rtt()` checks the message broker `` */
  readonly what: string;
}

/** A span of source (1-based lines, 0-based columns as ESTree gives them). */
interface Region {
  readonly start: { readonly line: number; readonly column: number };
  readonly end: { readonly line: number; readonly column: number };
}

const YAML_FILE = /\.ya?ml$/i;
/** Manifests larger than this are generated bundles (CRDs, rendered charts); probes live in small files. */
const MAX_MANIFEST_BYTES = 1_000_000;
const DEPENDENCY_RULE = 'pitfalls/no-dependency-in-liveness';
const COLLECTOR_RULE = 'pitfalls-project/liveness-routes';

const check: ProjectCheck = {
  id: 'liveness-probe-checks-dependencies',
  description: 'Disallow Kubernetes liveness probes on routes that check databases, caches, brokers or other services',
  severity: 'error',
  seed: '002 P7',
  run(context) {
    assertKnownOptions(context.options, []);
    const probes = livenessProbesOf(context.files);
    if (probes.length === 0) return [];
    const evidence = dependencyChecksBehind(
      [...new Set(probes.map((probe) => probe.path))],
      context,
    );
    const findings: Finding[] = [];
    for (const probe of probes) {
      const found = evidence.get(probe.path);
      if (found && found.length > 0) findings.push(report(probe, found));
    }
    return findings;
  },
};

export default check;

// ---------------------------------------------------------------------------
// Manifests

/**
 * Every `livenessProbe.httpGet.path` in the YAML files of the run: Deployment,
 * StatefulSet, DaemonSet, Job and CronJob templates, bare Pods, and Helm values
 * or templates where the file parses as YAML. Paths built by a template
 * (`{{ .Values.probe }}`) are skipped.
 */
function livenessProbesOf(files: readonly string[]): LivenessProbe[] {
  const probes: LivenessProbe[] = [];
  for (const file of files) {
    if (!YAML_FILE.test(file) || file.split(path.sep).includes('node_modules')) continue;
    const text = readSmallFile(file);
    if (text === undefined || !text.includes('livenessProbe')) continue;
    const lineCounter = new LineCounter();
    let documents: Document.Parsed[];
    try {
      documents = parseAllDocuments(text, { lineCounter, strict: false, uniqueKeys: false }) as Document.Parsed[];
    } catch {
      continue;
    }
    if (!Array.isArray(documents)) continue;
    for (const document of documents) {
      if (document.errors.length > 0) continue;
      const kind = document.get('kind');
      const name = document.getIn(['metadata', 'name']);
      const workload = [typeof kind === 'string' ? kind : undefined, typeof name === 'string' ? `\`${name}\`` : undefined].filter(Boolean).join(' ');
      collectProbes(document.contents, (probePath, offset, container) => {
        const { line, col } = lineCounter.linePos(offset);
        const owner = [workload, container ? `container \`${container}\`` : undefined].filter(Boolean).join(', ');
        probes.push({ path: probePath, manifest: file, line, column: col, owner });
      });
    }
  }
  return probes;
}

function readSmallFile(file: string): string | undefined {
  try {
    if (statSync(file).size > MAX_MANIFEST_BYTES) return undefined;
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Walks a YAML tree for maps with `livenessProbe.httpGet.path`; `container` is the `name` beside the probe. */
function collectProbes(node: unknown, found: (probePath: string, offset: number, container: string | undefined) => void): void {
  if (isSeq(node)) {
    for (const item of node.items) collectProbes(item, found);
    return;
  }
  if (!isMap(node)) return;
  const probe = node.get('livenessProbe', true);
  const httpGet = isMap(probe) ? probe.get('httpGet', true) : undefined;
  const pathNode = isMap(httpGet) ? httpGet.get('path', true) : undefined;
  if (isScalar(pathNode) && typeof pathNode.value === 'string' && pathNode.value.startsWith('/') && !pathNode.value.includes('{{') && pathNode.range) {
    const container = node.get('name');
    found(pathNode.value, pathNode.range[0], typeof container === 'string' ? container : undefined);
  }
  for (const pair of node.items) collectProbes(pair.value, found);
}

// ---------------------------------------------------------------------------
// Routes

/**
 * For each probe path, the dependency checks inside the TypeScript route that
 * serves it. `pitfalls/no-dependency-in-liveness` does the reading (routes of
 * Express, Fastify, Koa, Hono, NestJS and Next.js; database, cache, broker
 * and HTTP calls, through functions of the same file) with the probe paths as
 * its `livenessPaths`; a companion rule marks which registrations serve which
 * probe path, so a report counts only inside a route a manifest requests.
 * Files are linted without type information (a typed program of the whole
 * repository costs minutes), and only those that mention a probe path's last
 * segment or are Next.js routes for one.
 */
function dependencyChecksBehind(probePaths: readonly string[], context: ProjectCheckContext): Map<string, DependencyEvidence[]> {
  const evidence = new Map<string, DependencyEvidence[]>();
  const lastSegments = probePaths.map((probePath) => probePath.split(/[?#]/)[0]!.split('/').filter(Boolean).at(-1)?.toLowerCase() ?? '');
  const candidates = programFiles(context).filter((file) => {
    if (isTestFile(file.relative)) return false;
    const nextPath = nextRoutePathOf(file.path);
    if (nextPath !== undefined && probePaths.some((probePath) => routePathMatches(probePath, nextPath))) return true;
    const lower = file.text.toLowerCase();
    return lastSegments.some((segment) => segment !== '' && lower.includes(segment));
  });
  if (candidates.length === 0) return evidence;

  let servedPaths: { paths: readonly string[]; regions: readonly Region[] }[] = [];
  const collector: Rule.RuleModule = {
    meta: { type: 'problem', schema: false },
    create(ruleContext) {
      return {
        'Program:exit'() {
          const registrations = routeRegistrationsOf(ruleContext as unknown as Parameters<typeof routeRegistrationsOf>[0], probePaths);
          for (const registration of registrations) {
            const paths = probePaths.filter((probePath) => registration.paths.some((routePath) => routePathMatches(probePath, routePath)));
            if (paths.length === 0) continue;
            const nodes = [registration.node, ...registration.handlers, ...registration.external];
            servedPaths.push({ paths, regions: nodes.map((node) => node.loc) });
          }
        },
      };
    },
  };
  const linter = new Linter({ configType: 'flat', cwd: context.root });
  const config: Linter.Config[] = [
    {
      files: ['**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}'],
      languageOptions: {
        parser: tsParser,
        parserOptions: { ecmaVersion: 'latest', sourceType: 'module', ecmaFeatures: { jsx: true } },
      },
      plugins: {
        pitfalls: pitfalls as unknown as NonNullable<Linter.Config['plugins']>[string],
        'pitfalls-project': { rules: { 'liveness-routes': collector } },
      },
      rules: {
        [DEPENDENCY_RULE]: ['error', { livenessPaths: [...probePaths] }],
        [COLLECTOR_RULE]: 'error',
      },
    },
  ];
  for (const file of candidates) {
    servedPaths = [];
    const messages = linter.verify(file.text, config, { filename: file.path });
    for (const message of messages) {
      if (message.ruleId !== DEPENDENCY_RULE) continue;
      const position = { line: message.line, column: message.column - 1 };
      for (const served of servedPaths) {
        if (!served.regions.some((region) => contains(region, position))) continue;
        for (const probePath of served.paths) {
          const list = evidence.get(probePath) ?? [];
          if (!list.some((item) => item.file === file && item.line === message.line)) list.push({ file, line: message.line, what: dependencyOf(message.message) });
          evidence.set(probePath, list);
        }
      }
    }
  }
  return evidence;
}

function contains(region: Region, position: { line: number; column: number }): boolean {
  const afterStart = position.line > region.start.line || (position.line === region.start.line && position.column >= region.start.column);
  const beforeEnd = position.line < region.end.line || (position.line === region.end.line && position.column < region.end.column);
  return afterStart && beforeEnd;
}

/**
 * What the rule's message says is checked, without its advice:
 * "`nc.rtt()` checks the message broker", "`checkDb()` checks the database (through `pool.query()`)".
 */
function dependencyOf(message: string): string {
  const direct = /^(`[^`]+` checks .+?) inside /.exec(message);
  const reached = /: it reaches (`[^`]+`)/.exec(message);
  if (direct?.[1]) return reached?.[1] ? `${direct[1]} (through ${reached[1]})` : direct[1];
  const handler = /^(`[^`]+`) handles .+? and checks ([^:]+):/.exec(message);
  if (handler?.[1] && handler[2]) return `${handler[1]} checks ${handler[2]}${reached?.[1] ? ` (through ${reached[1]})` : ''}`;
  return message.split('. ')[0] ?? message;
}

function report(probe: LivenessProbe, found: readonly DependencyEvidence[]): Finding {
  const shown = found.slice(0, 3).map((item) => `${item.file.relative}:${item.line} ${item.what}`);
  const more = found.length > 3 ? ` and ${found.length - 3} more` : '';
  const owner = probe.owner ? ` of ${probe.owner}` : '';
  const message =
    `The liveness probe${owner} requests \`${probe.path}\`, and the route that answers it checks other systems: ${shown.join('; ')}${more}. ` +
    'When one of them has a blip, every pod fails liveness at the same moment and Kubernetes restarts them all: the blip becomes an outage, ' +
    'and the restarted pods reconnect together and hammer the dependency again, a restart loop. ' +
    'Point livenessProbe at a route that answers from the process alone (`/livez`) and keep the dependency checks for readinessProbe, which takes the pod out of the Service instead of restarting it.';
  return projectFinding(check, { file: probe.manifest, line: probe.line, column: probe.column }, message);
}
