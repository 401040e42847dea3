import { ts } from 'ts-morph';
import type { Finding } from '../finding.js';
import { isPackageOrSubpath, moduleUsesOf } from './support/imports.js';
import { projectFinding } from './support/findings.js';
import { assertKnownOptions } from './support/options.js';
import { calleeName, isScriptFile, isTestFile, listFiles, locationOf, programFiles, snippet, unwrap, walk, type ProgramFile } from './support/source.js';
import type { ProjectCheck } from './types.js';

/**
 * Task-queue systems: each brings its own retry policy, dead-letter handling,
 * dashboard and worker process. Message brokers (Kafka, NATS, RabbitMQ, SQS)
 * are left out: a service may well run jobs on a queue and publish events on
 * a broker; the seed's failure is two places where the same kind of work waits.
 * Bull and BullMQ are two systems (a migration left half done is two queues).
 */
const QUEUE_SYSTEMS: readonly { readonly name: string; readonly packages: readonly string[] }[] = [
  { name: 'BullMQ', packages: ['bullmq', '@taskforcesh/bullmq-pro', '@nestjs/bullmq'] },
  { name: 'Bull', packages: ['bull', '@nestjs/bull'] },
  { name: 'Bee-Queue', packages: ['bee-queue'] },
  { name: 'Agenda', packages: ['agenda', '@hokify/agenda'] },
  { name: 'pg-boss', packages: ['pg-boss'] },
  { name: 'Kue', packages: ['kue'] },
  { name: 'Graphile Worker', packages: ['graphile-worker'] },
  { name: 'node-resque', packages: ['node-resque'] },
  { name: 'RSMQ', packages: ['rsmq', 'rsmq-worker', 'rsmq-promise'] },
  { name: 'Google Cloud Tasks', packages: ['@google-cloud/tasks'] },
  { name: 'Inngest', packages: ['inngest'] },
  { name: 'Trigger.dev', packages: ['@trigger.dev/sdk'] },
];

const REDIS_LIST_QUEUE = 'a Redis list queue';
const REDIS_CLIENTS = ['ioredis', 'redis', '@redis/client', 'iovalkey', '@valkey/valkey-glide'];
/**
 * List commands that take work off a list the way a worker does: blocking
 * pops, and the reliable-queue moves (`RPOPLPUSH`, `LMOVE`). `LPUSH` with
 * `LTRIM` or `LRANGE` keeps a capped log, not a queue, so pushes count only
 * where they feed a list one of these reads.
 */
const LIST_TAKES = new Set(['brpop', 'blpop', 'brpoplpush', 'blmove', 'blmpop', 'rpoplpush', 'lmove']);
const LIST_PUTS = new Set(['lpush', 'rpush']);

/** Where one file uses one queue system: its import, or for a Redis list queue the first list command. */
interface QueueSite {
  readonly system: string;
  readonly file: ProgramFile;
  readonly node: ts.Node;
}

const check: ProjectCheck = {
  id: 'single-task-queue',
  description: 'Require one task-queue system per project: a second queue brings its own retries, dead letters and dashboard',
  severity: 'warning',
  seed: '000 P7',
  run(context) {
    assertKnownOptions(context.options, []);
    const files = programFiles(context).filter((file) => !isTestFile(file.relative) && !isScriptFile(file.relative));
    const sites = [...librarySites(files), ...redisListQueueSites(files)];
    const systems = new Map<string, QueueSite[]>();
    for (const site of sites) systems.set(site.system, [...(systems.get(site.system) ?? []), site]);
    if (systems.size < 2) return [];
    const summary = [...systems].map(([system, at]) => `${system} (${listFiles(at.map((site) => site.file.relative).sort())})`);
    return sites.map((site) => report(site, summary, systems.size));
  },
};

export default check;

/** One site per file and system: the first import of any of the system's packages. */
function librarySites(files: readonly ProgramFile[]): QueueSite[] {
  const sites: QueueSite[] = [];
  for (const file of files) {
    const seen = new Set<string>();
    for (const use of moduleUsesOf(file.node)) {
      if (use.typeOnly) continue;
      const system = QUEUE_SYSTEMS.find((candidate) => candidate.packages.some((name) => isPackageOrSubpath(use.specifier, name)));
      if (!system || seen.has(system.name)) continue;
      seen.add(system.name);
      sites.push({ system: system.name, file, node: use.node });
    }
  }
  return sites;
}

/**
 * A queue built by hand on Redis lists: files that take work off a list with
 * a blocking pop or a reliable-queue move, and files that push onto a list
 * such a take reads (same key text). Only where the program uses a Redis client.
 */
function redisListQueueSites(files: readonly ProgramFile[]): QueueSite[] {
  const usesRedis = files.some((file) => moduleUsesOf(file.node).some((use) => !use.typeOnly && REDIS_CLIENTS.some((name) => isPackageOrSubpath(use.specifier, name))));
  if (!usesRedis) return [];
  const takes: { file: ProgramFile; call: ts.CallExpression; key?: string }[] = [];
  const puts: { file: ProgramFile; call: ts.CallExpression; key?: string }[] = [];
  for (const file of files) {
    if (!/\b(?:b?[lr]pop|brpoplpush|rpoplpush|b?lmove|blmpop|[lr]push)\b/i.test(file.text)) continue;
    walk(file.node, (node) => {
      if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(unwrap(node.expression))) return;
      const name = calleeName(node)?.toLowerCase();
      if (!name || node.arguments.length === 0) return;
      const key = keyText(node.arguments[0]);
      if (LIST_TAKES.has(name)) takes.push({ file, call: node, ...(key !== undefined ? { key } : {}) });
      else if (LIST_PUTS.has(name)) puts.push({ file, call: node, ...(key !== undefined ? { key } : {}) });
    });
  }
  if (takes.length === 0) return [];
  const takenKeys = new Set(takes.flatMap((take) => (take.key !== undefined ? [take.key] : [])));
  const fed = puts.filter((put) => put.key !== undefined && takenKeys.has(put.key));
  const sites: QueueSite[] = [];
  const seen = new Set<string>();
  for (const { file, call } of [...takes, ...fed].sort((a, b) => a.call.getStart() - b.call.getStart())) {
    if (seen.has(file.path)) continue;
    seen.add(file.path);
    sites.push({ system: REDIS_LIST_QUEUE, file, node: call });
  }
  return sites;
}

/** The list key as written: `'crew:tasks'`, `` `crew:${id}` `` (its text), `QUEUE_KEY`, `keys.tasks`. */
function keyText(node: ts.Expression | undefined): string | undefined {
  if (!node) return undefined;
  const inner = unwrap(node);
  if (ts.isStringLiteral(inner) || ts.isNoSubstitutionTemplateLiteral(inner)) return `'${inner.text}'`;
  if (ts.isIdentifier(inner) || ts.isPropertyAccessExpression(inner) || ts.isTemplateExpression(inner)) return inner.getText();
  return undefined;
}

function report(site: QueueSite, summary: readonly string[], count: number): Finding {
  const what = site.system === REDIS_LIST_QUEUE ? `\`${snippet(site.node)}\` runs a Redis list as a queue` : `This file uses ${site.system}`;
  const message =
    `${what}, one of ${count} task-queue systems in this project: ${summary.join('; ')}. ` +
    'Each queue has its own retry policy, dead letters, dashboard and worker, and a task handed from one to the other ' +
    'can fail in one while the other reports success: debugging asks which queue failed, and monitoring shows half the picture. ' +
    'Pick one system and enqueue every kind of background work on it (a second service can consume the same queue, or be called over HTTP by its worker).';
  return projectFinding(check, { file: site.file.path, ...locationOf(site.node) }, message);
}
