import type { TSESTree } from '@typescript-eslint/utils';
import { childLifetimeOf, isStoppedAtShutdown } from '../../src/knowledge/child-lifetime.js';
import { subprocessCallOf } from '../../src/knowledge/subprocess.js';
import { createRule } from '../../src/util/create-rule.js';
import { typedRuleTester, untypedRuleTester } from '../rule-tester.js';

// A test-only rule: reports every child process with what childLifetimeOf says
// about it (where it is kept, whether it is awaited, handed over or unref()ed)
// and whether a stop call reaches it at shutdown (any kill, and a group kill).
const reportLifetimes = createRule({
  name: 'report-child-lifetimes',
  meta: {
    type: 'problem',
    docs: { description: 'test', recommended: 'strict', domains: ['ops'], seed: 'test' },
    messages: { lifetime: '[{{holders}}] awaited={{awaited}} handedOver={{handedOver}} unref={{unref}} stopped={{stopped}} group={{group}}' },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    const calls: TSESTree.Node[] = [];
    const check = (node: TSESTree.CallExpression | TSESTree.TaggedTemplateExpression) => {
      if (subprocessCallOf(node, context)) calls.push(node);
    };
    return {
      CallExpression: check,
      TaggedTemplateExpression: check,
      'Program:exit'() {
        for (const node of calls) {
          const call = subprocessCallOf(node as TSESTree.CallExpression, context)!;
          const lifetime = childLifetimeOf(call, context);
          context.report({
            node,
            messageId: 'lifetime',
            data: {
              holders: lifetime.holders.join(','),
              awaited: String(lifetime.awaited),
              handedOver: String(lifetime.handedOver),
              unref: String(lifetime.unref),
              stopped: String(isStoppedAtShutdown(lifetime, { wholeGroup: false }, context)),
              group: String(isStoppedAtShutdown(lifetime, { wholeGroup: true }, context)),
            },
          });
        }
      },
    };
  },
});

interface Expected {
  holders?: string;
  awaited?: boolean;
  handedOver?: boolean;
  unref?: boolean;
  stopped?: boolean;
  group?: boolean;
}

const lifetime = (line: number, column: number, expected: Expected) => ({
  messageId: 'lifetime' as const,
  line,
  column,
  data: {
    holders: expected.holders ?? '',
    awaited: String(expected.awaited ?? false),
    handedOver: String(expected.handedOver ?? false),
    unref: String(expected.unref ?? false),
    stopped: String(expected.stopped ?? false),
    group: String(expected.group ?? false),
  },
});

untypedRuleTester().run('childLifetimeOf without types', reportLifetimes, {
  valid: [
    {
      name: 'kills and signal handlers with no child process in the file',
      code: `
import { Worker } from 'bullmq';

const worker = new Worker('mail', async () => undefined);
process.on('SIGTERM', async () => {
  await worker.close();
  process.kill(process.pid, 'SIGKILL');
});
`,
    },
    {
      name: 'a project spawn function is no child process',
      code: `
import { spawn } from './jobs/spawn';

const job = spawn('nightly-report');
process.on('SIGTERM', () => job.cancel());
`,
    },
    {
      name: 'cluster workers are forked by cluster, not child_process',
      code: `
import cluster from 'node:cluster';

const workers = [cluster.fork(), cluster.fork()];
process.on('SIGTERM', () => workers.forEach((worker) => worker.kill()));
`,
    },
    {
      name: 'worker threads kept in a pool and terminated on shutdown',
      code: `
import { Worker } from 'node:worker_threads';

const pool = [new Worker('./resize.js')];
export async function close() {
  await Promise.all(pool.map((worker) => worker.terminate()));
}
`,
    },
    {
      name: 'a RegExp exec and a SQLite exec kept in variables',
      code: `
import Database from 'better-sqlite3';

const db = new Database('app.db');
export const match = /^v(\\d+)/.exec(process.version);
export const migrated = db.exec('CREATE TABLE IF NOT EXISTS jobs (id INTEGER PRIMARY KEY)');
`,
    },
    {
      name: 'a shadowed spawn parameter kept in a field',
      code: `
export class Runner {
  private job: unknown;

  constructor(spawn: (name: string) => unknown) {
    this.job = spawn('nightly');
  }
}
`,
    },
  ],
  invalid: [
    {
      name: 'a module variable killed in a SIGTERM handler, and one killed nowhere',
      code: `
import { spawn } from 'node:child_process';

export const sidecar = spawn('python3', ['sidecar.py']);
export const indexer = spawn('node', ['indexer.js']);
process.on('SIGTERM', () => sidecar.kill());
`,
      errors: [lifetime(4, 24, { holders: 'sidecar', stopped: true }), lifetime(5, 24, { holders: 'indexer' })],
    },
    {
      name: 'a field killed in onModuleDestroy, a map killed in a loop on exit',
      code: `
import { fork, spawn, ChildProcess } from 'node:child_process';

const renderers = new Map<string, ChildProcess>();
process.on('exit', () => {
  for (const renderer of renderers.values()) renderer.kill();
});

export class Embeddings {
  private server?: ChildProcess;

  start(model: string) {
    this.server = spawn('python3', ['embed.py', model]);
    renderers.set(model, fork('./render.js'));
  }

  onModuleDestroy() {
    this.server?.kill('SIGTERM');
  }
}
`,
      errors: [lifetime(13, 19, { holders: 'this.server', stopped: true }), lifetime(14, 26, { holders: 'renderers', stopped: true })],
    },
    {
      name: 'a local child awaited through a promise, and one left local',
      code: `
import { spawn } from 'node:child_process';

export function dump(file: string) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn('pg_dump', ['-f', file]);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error('pg_dump ' + code))));
  });
}

export function open(url: string) {
  const child = spawn('xdg-open', [url]);
  child.on('error', () => undefined);
}
`,
      errors: [lifetime(6, 19, { awaited: true }), lifetime(12, 17, {})],
    },
    {
      name: 'a starter returns the child; a helper hands it to a supervisor of another module',
      code: `
import { spawn } from 'node:child_process';
import { supervisor } from './supervisor';

export function startTunnel(port: number) {
  return spawn('cloudflared', ['tunnel', '--url', 'http://localhost:' + port]);
}

export function adopt() {
  supervisor.add(spawn('redis-server'));
}
`,
      errors: [lifetime(6, 10, { holders: 'startTunnel()' }), lifetime(10, 18, { handedOver: true })],
    },
    {
      name: 'a detached child: killed by process group, or unref()ed and dropped',
      code: `
import { spawn } from 'node:child_process';

const chrome = spawn('chromium', ['--headless'], { detached: true });
process.once('SIGINT', () => {
  if (chrome.pid) process.kill(-chrome.pid, 'SIGTERM');
});

spawn('node', ['agent.js'], { detached: true, stdio: 'ignore' }).unref();
`,
      errors: [lifetime(4, 16, { holders: 'chrome', stopped: true, group: true }), lifetime(9, 1, { unref: true })],
    },
    {
      name: 'a kill reached through a shutdown function registered by name and the helper it calls',
      code: `
import { spawn } from 'node:child_process';

let ffmpeg = spawn('ffmpeg', ['-i', 'rtsp://camera', 'out.m3u8']);

function release() {
  ffmpeg.kill('SIGINT');
}

async function onSignal() {
  release();
}

process.on('SIGTERM', onSignal);
`,
      errors: [lifetime(4, 14, { holders: 'ffmpeg', stopped: true })],
    },
  ],
});

typedRuleTester().run('childLifetimeOf with types', reportLifetimes, {
  valid: [
    {
      name: 'typed: a promisified exec is a subprocess call, but none here',
      code: `
import { exec } from 'node:child_process';
import { promisify } from 'node:util';

export const execAsync = promisify(exec);
`,
    },
  ],
  invalid: [
    {
      name: 'typed: a re-exported spawn kept in a field and killed in close()',
      code: `
import type { ChildProcess } from 'node:child_process';
import { startProcess } from './subprocess-shell.js';

export class Sandbox {
  private proc?: ChildProcess;

  open() {
    this.proc = startProcess('firecracker', ['--api-sock', '/tmp/fc.sock']);
  }

  close() {
    this.proc?.kill();
  }
}
`,
      errors: [lifetime(9, 17, { holders: 'this.proc', stopped: true })],
    },
  ],
});
