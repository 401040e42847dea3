import type { TSESTree } from '@typescript-eslint/utils';
import { subprocessCallOf, subprocessOption } from '../../src/knowledge/subprocess.js';
import { createRule } from '../../src/util/create-rule.js';
import { typedRuleTester, untypedRuleTester } from '../rule-tester.js';

// A test-only rule: reports every call subprocessCallOf recognises, with its
// library, method, shell/detached/signal/cleanup verdicts, whether it is a sync,
// promisified or template call, which parts it found, and its `cwd` option.
const reportSubprocesses = createRule({
  name: 'report-subprocesses',
  meta: {
    type: 'problem',
    docs: { description: 'test', recommended: 'strict', domains: ['ops'], seed: 'test' },
    messages: {
      subprocess: '{{library}} {{method}} shell={{shell}} detached={{detached}} signal={{signal}} cleanup={{cleanup}}{{flags}} [{{parts}}] cwd={{cwd}}',
    },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    const check = (node: TSESTree.CallExpression | TSESTree.TaggedTemplateExpression) => {
      const found = subprocessCallOf(node, context);
      if (!found) return;
      const flags = [found.sync && 'sync', found.promisified && 'promisified', found.template && 'template'].filter(Boolean).join(' ');
      const parts = (['command', 'args', 'options', 'callback'] as const).filter((part) => found[part] !== undefined).join(',');
      context.report({
        node,
        messageId: 'subprocess',
        data: {
          library: found.library,
          method: found.method,
          shell: String(found.shell),
          detached: String(found.detached),
          signal: found.signal,
          cleanup: String(found.killedOnParentExit),
          flags: flags ? ` ${flags}` : '',
          parts,
          cwd: subprocessOption(found, 'cwd', context).kind,
        },
      });
    };
    return { CallExpression: check, TaggedTemplateExpression: check };
  },
});

interface Expected {
  library?: string;
  method: string;
  shell?: string;
  detached?: string;
  signal?: string;
  cleanup?: string;
  flags?: string;
  parts?: string;
  cwd?: string;
}

const found = (line: number, column: number, expected: Expected) => ({
  messageId: 'subprocess' as const,
  line,
  column,
  data: {
    library: expected.library ?? 'child_process',
    method: expected.method,
    shell: expected.shell ?? 'false',
    detached: expected.detached ?? 'false',
    signal: expected.signal ?? 'missing',
    cleanup: expected.cleanup ?? 'false',
    flags: expected.flags ? ` ${expected.flags}` : '',
    parts: expected.parts ?? 'command',
    cwd: expected.cwd ?? 'missing',
  },
});

untypedRuleTester().run('subprocessCallOf without types', reportSubprocesses, {
  valid: [
    {
      name: 'a project module that exports spawn and exec helpers',
      code: `
import { spawn, exec } from './process-pool';

spawn('worker');
exec('SELECT 1');
`,
    },
    {
      name: 'RegExp exec, a db exec and a local fork function are not subprocesses',
      code: `
const match = /^v(\\d+)/.exec(version);
await db.exec('VACUUM');
function fork(repo: string) { return api.post('/forks', { repo }); }
fork('pitfalls');
`,
    },
    {
      name: 'a shadowed import: the parameter named spawn is not child_process',
      code: `
import { spawn } from 'node:child_process';

export function runWith(spawn: (cmd: string) => void) {
  spawn('ls');
}
`,
    },
    {
      name: 'execa bound to options starts nothing until called',
      code: `
import { execa, $ } from 'execa';

const run = execa({ cwd: '/srv/app' });
const shell = $({ stdio: 'inherit' });
`,
    },
    {
      name: 'promisify of something else, and util.promisify of fs',
      code: `
import { promisify } from 'node:util';
import fs from 'node:fs';

const readFileAsync = promisify(fs.readFile);
const sleep = promisify(setTimeout);
await readFileAsync('a.txt');
await sleep(10);
`,
    },
    {
      name: 'cluster.fork and a worker thread are not child processes of these APIs',
      code: `
import cluster from 'node:cluster';
import { Worker } from 'node:worker_threads';

if (cluster.isPrimary) cluster.fork();
new Worker('./thumbnail-worker.js');
`,
    },
    {
      name: 'child_process spawn has no sync member (only cross-spawn does)',
      code: `
import { spawn } from 'node:child_process';

spawn.sync;
(spawn as any).sync('ls');
`,
    },
    {
      name: 'promisify of an exec from a project module',
      code: `
import { promisify } from 'node:util';
import { exec } from './db/sqlite';

const run = promisify(exec);
await run('VACUUM');
`,
    },
    {
      name: 'a child_process module object received as a parameter',
      code: `
export function start(cp: typeof import('node:child_process')) {
  return cp.spawn('node', ['server.js']);
}
`,
    },
    {
      name: 'a dynamic member and a spread-only call do not crash',
      code: `
import * as cp from 'node:child_process';

const method = 'spawn';
(cp as any)[method]('ls');
`,
    },
  ],
  invalid: [
    {
      name: 'named, aliased, namespace and default imports of node:child_process and child_process',
      code: `
import { spawn, exec as run } from 'node:child_process';
import * as cp from 'child_process';
import childProcess from 'node:child_process';

spawn('python3', ['sidecar.py'], { detached: true });
run('ls -la');
cp.fork('./worker.js', [], { signal: controller.signal });
childProcess.execFile('git', ['pull'], (err) => done(err));
`,
      errors: [
        found(6, 1, { method: 'spawn', detached: 'true', parts: 'command,args,options' }),
        found(7, 1, { method: 'exec', shell: 'true' }),
        found(8, 1, { method: 'fork', signal: 'present', parts: 'command,args,options' }),
        found(9, 1, { method: 'execFile', parts: 'command,args,callback' }),
      ],
    },
    {
      name: 'require, destructured require and require(...).member',
      code: `
const { spawn, execSync } = require('child_process');
const cp = require('node:child_process');

spawn('node', ['server.js'], opts);
execSync('git rev-parse HEAD');
cp.spawnSync('make', ['build']);
require('child_process').exec('uptime', { timeout: 1000 });
`,
      errors: [
        found(5, 1, { method: 'spawn', signal: 'unknown', shell: 'unknown', detached: 'unknown', parts: 'command,args,options', cwd: 'unknown' }),
        found(6, 1, { method: 'execSync', shell: 'true', flags: 'sync' }),
        found(7, 1, { method: 'spawnSync', flags: 'sync', parts: 'command,args' }),
        found(8, 1, { method: 'exec', shell: 'true', parts: 'command,options' }),
      ],
    },
    {
      name: 'shell: true, a shell path, shell: false and a computed shell option',
      code: `
import { spawn, execFile } from 'node:child_process';

spawn('ls', ['-la'], { shell: true });
execFile('ls', ['-la'], { shell: '/bin/bash' });
spawn('ls', ['-la'], { shell: false, cwd: dir });
spawn('ls', ['-la'], { shell: process.platform === 'win32' });
`,
      errors: [
        found(4, 1, { method: 'spawn', shell: 'true', parts: 'command,args,options' }),
        found(5, 1, { method: 'execFile', shell: 'true', parts: 'command,args,options' }),
        found(6, 1, { method: 'spawn', parts: 'command,args,options', cwd: 'set' }),
        found(7, 1, { method: 'spawn', shell: 'unknown', parts: 'command,args,options' }),
      ],
    },
    {
      name: 'options from a const object, a spread of a const, and a spread of an unknown object',
      code: `
import { spawn } from 'node:child_process';

const daemon = { detached: true, stdio: 'ignore' } as const;
const withSignal = { ...daemon, signal: AbortSignal.timeout(1000) };
spawn('redis-server', [], daemon);
spawn('redis-server', [], withSignal);
spawn('redis-server', [], { ...inherited, cwd: '/tmp' });
spawn('redis-server', [], { signal: undefined });
`,
      errors: [
        found(6, 1, { method: 'spawn', detached: 'true', parts: 'command,args,options' }),
        found(7, 1, { method: 'spawn', detached: 'true', signal: 'present', parts: 'command,args,options' }),
        found(8, 1, { method: 'spawn', shell: 'unknown', detached: 'unknown', signal: 'unknown', parts: 'command,args,options', cwd: 'set' }),
        found(9, 1, { method: 'spawn', parts: 'command,args,options' }),
      ],
    },
    {
      name: 'the second argument is the options or the argument list',
      code: `
import { spawn, fork } from 'node:child_process';

spawn('node', { stdio: 'inherit' });
spawn('node', args);
fork(modulePath, spawnOptions);
spawn('node', ...rest);
`,
      errors: [
        found(4, 1, { method: 'spawn', parts: 'command,options' }),
        found(5, 1, { method: 'spawn', parts: 'command,args' }),
        found(6, 1, { method: 'fork', signal: 'unknown', detached: 'unknown', parts: 'command,options', cwd: 'unknown' }),
        found(7, 1, { method: 'spawn', shell: 'unknown', detached: 'unknown', signal: 'unknown', cwd: 'unknown' }),
      ],
    },
    {
      name: 'util.promisify(exec) and promisify(execFile): promise-returning commands that complete',
      code: `
import { exec, execFile } from 'node:child_process';
import util, { promisify } from 'node:util';

const execAsync = util.promisify(exec);
const execFileAsync = promisify(execFile);
await execAsync('df -h');
await execFileAsync('git', ['log'], { cwd });
await promisify(exec)('uptime');
`,
      errors: [
        found(7, 7, { method: 'exec', shell: 'true', flags: 'promisified' }),
        found(8, 7, { method: 'execFile', flags: 'promisified', parts: 'command,args,options', cwd: 'set' }),
        found(9, 7, { method: 'exec', shell: 'true', flags: 'promisified' }),
      ],
    },
    {
      name: 'promisify from a required util, of a required child_process member',
      code: `
const util = require('util');
const run = util.promisify(require('child_process').exec);
run('whoami');
`,
      errors: [found(4, 1, { method: 'exec', shell: 'true', flags: 'promisified' })],
    },
    {
      name: 'execa 9: default cleanup, cleanup: false, detached, cancelSignal and sync variants',
      code: `
import { execa, execaSync, execaNode, execaCommand } from 'execa';

await execa('npm', ['run', 'build']);
const server = execa('node', ['server.js'], { cleanup: false });
const daemon = execaNode('daemon.js', { detached: true });
execa('ffmpeg', args, { cancelSignal: controller.signal });
execaSync('git', ['status']);
execaCommand('npm run build');
`,
      errors: [
        found(4, 7, { library: 'execa', method: 'execa', cleanup: 'true', parts: 'command,args' }),
        found(5, 16, { library: 'execa', method: 'execa', parts: 'command,args,options' }),
        found(6, 16, { library: 'execa', method: 'execaNode', detached: 'true', parts: 'command,options' }),
        found(7, 1, { library: 'execa', method: 'execa', signal: 'present', cleanup: 'true', parts: 'command,args,options' }),
        found(8, 1, { library: 'execa', method: 'execaSync', flags: 'sync', parts: 'command,args' }),
        found(9, 1, { library: 'execa', method: 'execaCommand', cleanup: 'true' }),
      ],
    },
    {
      name: 'execa templates and bound options: $`…`, $.sync`…`, execa({ … })`…`, a const bound method',
      code: `
import { $, execa } from 'execa';

await $\`npm run build\`;
$.sync\`git status\`;
execa({ detached: true })\`python3 sidecar.py\`;
const background = execa({ cleanup: false, cwd: '/srv' });
background('node', ['worker.js']);
`,
      errors: [
        found(4, 7, { library: 'execa', method: '$', cleanup: 'true', flags: 'template' }),
        found(5, 1, { library: 'execa', method: '$.sync', flags: 'sync template' }),
        found(6, 1, { library: 'execa', method: 'execa', detached: 'true', flags: 'template' }),
        found(8, 1, { library: 'execa', method: 'execa', parts: 'command,args', cwd: 'set' }),
      ],
    },
    {
      name: 'cross-spawn: the default export and spawn.sync',
      code: `
import spawn from 'cross-spawn';
const crossSpawn = require('cross-spawn');

spawn('npm', ['install'], { stdio: 'inherit' });
spawn.sync('npm', ['test']);
crossSpawn('pnpm', ['dev']);
`,
      errors: [
        found(5, 1, { library: 'cross-spawn', method: 'spawn', parts: 'command,args,options' }),
        found(6, 1, { library: 'cross-spawn', method: 'spawnSync', flags: 'sync', parts: 'command,args' }),
        found(7, 1, { library: 'cross-spawn', method: 'spawn', parts: 'command,args' }),
      ],
    },
  ],
});

typedRuleTester().run('subprocessCallOf with types', reportSubprocesses, {
  valid: [
    {
      name: 'a local spawn function and a class method named exec',
      code: `
function spawn(name: string) { return { name }; }
class Query { exec(sql: string) { return sql; } }
spawn('job');
new Query().exec('SELECT 1');
`,
    },
    {
      name: 'execa bound to an options variable starts nothing',
      code: `
import { execa, type Options } from 'execa';

declare const options: Options;
const run = execa(options);
`,
    },
    {
      name: 'typed: cluster.fork and a project exec method',
      code: `
import cluster from 'node:cluster';

class Shell { exec(command: string) { return command.length; } }
if (cluster.isPrimary) cluster.fork({ ROLE: 'worker' });
new Shell().exec('ls');
`,
    },
  ],
  invalid: [
    {
      name: 'node:child_process through the type checker, with an options variable typed as options',
      code: `
import { spawn, execFile } from 'node:child_process';
import type { SpawnOptions } from 'node:child_process';

declare const spawnWith: SpawnOptions;
declare const argv: string[];
spawn('python3', spawnWith);
spawn('python3', argv);
execFile('git', argv, (error) => { if (error) throw error; });
`,
      errors: [
        found(7, 1, { method: 'spawn', shell: 'unknown', detached: 'unknown', signal: 'unknown', parts: 'command,options', cwd: 'unknown' }),
        found(8, 1, { method: 'spawn', parts: 'command,args' }),
        found(9, 1, { method: 'execFile', parts: 'command,args,callback' }),
      ],
    },
    {
      name: 'a promisified exec, a re-exported spawn and a bound execa exported by another module',
      code: `
import { execAsync, execFileAsync, runDetached, startProcess } from './subprocess-shell.js';

await execAsync('df -h');
await execFileAsync('git', ['log']);
startProcess('python3', ['sidecar.py'], { detached: true });
runDetached('node', ['daemon.js']);
`,
      errors: [
        found(4, 7, { method: 'exec', shell: 'true', flags: 'promisified' }),
        found(5, 7, { method: 'execFile', flags: 'promisified', parts: 'command,args' }),
        found(6, 1, { method: 'spawn', detached: 'true', parts: 'command,args,options' }),
        found(7, 1, {
          library: 'execa',
          method: 'execa',
          shell: 'unknown',
          detached: 'unknown',
          signal: 'unknown',
          cleanup: 'unknown',
          parts: 'command,args',
          cwd: 'unknown',
        }),
      ],
    },
    {
      name: 'execa, $ and $.sync through the type checker',
      code: `
import { execa, $ } from 'execa';

const child = execa('node', ['server.js'], { cleanup: false });
await $\`npm test\`;
$.sync\`git status\`;
`,
      errors: [
        found(4, 15, { library: 'execa', method: 'execa', parts: 'command,args,options' }),
        found(5, 7, { library: 'execa', method: '$', cleanup: 'true', flags: 'template' }),
        found(6, 1, { library: 'execa', method: '$.sync', flags: 'sync template' }),
      ],
    },
  ],
});
