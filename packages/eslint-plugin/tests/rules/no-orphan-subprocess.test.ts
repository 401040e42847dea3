import rule from '../../src/rules/no-orphan-subprocess.js';
import { typedRuleTester, untypedRuleTester } from '../rule-tester.js';

untypedRuleTester().run('no-orphan-subprocess (untyped)', rule, {
  valid: [
    {
      name: 'the seed fix: the sidecar is started with an abort signal that stopSidecar aborts',
      code: `
import { spawn, type ChildProcess } from 'node:child_process';

let sidecar: { child: ChildProcess; stop: AbortController } | undefined;

export function startSidecar(): ChildProcess {
  const stop = new AbortController();
  const child = spawn('python3', ['sidecar/main.py', '--port', '8765'], { stdio: 'inherit', signal: stop.signal });
  sidecar = { child, stop };
  return child;
}

export function stopSidecar(): void {
  sidecar?.stop.abort();
}
`,
    },
    {
      name: 'a module-level child killed in the SIGTERM and SIGINT handlers',
      code: `
import { spawn } from 'node:child_process';

const sidecar = spawn('python3', ['-m', 'uvicorn', 'app:api', '--port', '8000']);

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    sidecar.kill('SIGTERM');
    process.exit(0);
  });
}
`,
    },
    {
      name: 'a class field killed in the stop method of the owning class',
      code: `
import { spawn, type ChildProcess } from 'node:child_process';

export class Transcoder {
  private ffmpeg?: ChildProcess;

  start(input: string) {
    this.ffmpeg = spawn('ffmpeg', ['-i', input, '-f', 'hls', 'out.m3u8']);
  }

  async stop() {
    this.ffmpeg?.kill('SIGTERM');
  }
}
`,
    },
    {
      name: 'a NestJS service that kills its Python worker in onModuleDestroy',
      code: `
import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { spawn, ChildProcess } from 'child_process';

@Injectable()
export class EmbeddingsService implements OnModuleInit, OnModuleDestroy {
  private worker!: ChildProcess;

  onModuleInit() {
    this.worker = spawn('python3', ['embeddings/server.py'], { stdio: ['ignore', 'inherit', 'inherit'] });
  }

  onModuleDestroy() {
    this.worker.kill();
  }
}
`,
    },
    {
      name: 'a module-level pool of forked workers killed in a loop on exit',
      code: `
import { fork, type ChildProcess } from 'node:child_process';

const workers = new Map<number, ChildProcess>();

export function startWorkers(count: number) {
  for (let i = 0; i < count; i++) workers.set(i, fork('./dist/worker.js', [String(i)]));
}

process.on('exit', () => {
  for (const worker of workers.values()) worker.kill();
});
`,
    },
    {
      name: 'workers pushed to an array and killed with forEach in beforeApplicationShutdown',
      code: `
import { fork, ChildProcess } from 'node:child_process';

export class RenderPool {
  private readonly renderers: ChildProcess[] = [];

  grow() {
    this.renderers.push(fork(require.resolve('./renderer')));
  }

  beforeApplicationShutdown() {
    this.renderers.forEach((renderer) => renderer.kill('SIGTERM'));
  }
}
`,
    },
    {
      name: 'a child awaited with events.once until it exits',
      code: `
import { spawn } from 'node:child_process';
import { once } from 'node:events';

let migration;

export async function migrate() {
  migration = spawn('npx', ['prisma', 'migrate', 'deploy'], { stdio: 'inherit' });
  const [code] = await once(migration, 'exit');
  if (code !== 0) throw new Error('migration failed');
}
`,
    },
    {
      name: 'a child wrapped in a new Promise that settles on close (an install helper)',
      code: `
import spawn from 'cross-spawn';

export function install(packageManager: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(packageManager, args, { stdio: 'inherit' });
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(packageManager + ' failed'));
      resolve();
    });
  });
}
`,
    },
    {
      name: 'a field set inside a promise that resolves on exit',
      code: `
import { spawn, ChildProcess } from 'node:child_process';

export class Backup {
  private dump?: ChildProcess;

  run(file: string) {
    return new Promise<number | null>((done) => {
      this.dump = spawn('pg_dump', ['-f', file]);
      this.dump.on('exit', done);
    });
  }
}
`,
    },
    {
      name: 'a CLI wrapper whose stdio: inherit child ends the parent when it exits',
      code: `
import { spawn } from 'node:child_process';

const child = spawn('vite', ['build'], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 1));
`,
    },
    {
      name: 'promisified exec and execFile: one-shot commands that complete',
      code: `
import { exec, execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execAsync = promisify(exec);
const execFileAsync = promisify(execFile);

export class ScriptPlugins {
  private pending = execFileAsync('python3', ['plugins/warmup.py']);

  async run(script: string) {
    const { stdout } = await execFileAsync('python3', [script], { maxBuffer: 4 * 1024 * 1024 });
    await execAsync('sync');
    return stdout;
  }
}
`,
    },
    {
      name: 'spawnSync, execSync and execFileSync: the child has exited when they return',
      code: `
import { execSync, spawnSync, execFileSync } from 'node:child_process';

export const revision = execSync('git rev-parse HEAD').toString().trim();
export const branch = spawnSync('git', ['branch', '--show-current']).stdout.toString();
export const node = execFileSync('node', ['--version']).toString();
`,
    },
    {
      name: "an execa child kept in a field: execa's default cleanup kills it when the process exits",
      code: `
import { execa, type ResultPromise } from 'execa';

export class Tunnel {
  private process?: ResultPromise;

  open(port: number) {
    this.process = execa('cloudflared', ['tunnel', '--url', 'http://localhost:' + port]);
  }
}
`,
    },
    {
      name: 'an awaited execa call with cleanup: false runs to completion',
      code: `
import { execa } from 'execa';

export async function build() {
  const result = await execa('npm', ['run', 'build'], { cleanup: false });
  return result.stdout;
}
`,
    },
    {
      name: 'a fire-and-forget spawn that is not detached and not kept: a command that completes',
      code: `
import { spawn } from 'node:child_process';

export function openInBrowser(url: string) {
  const child = spawn('xdg-open', [url], { stdio: 'ignore' });
  child.on('error', () => undefined);
}
`,
    },
    {
      name: 'a detached child whose process group is killed on SIGTERM',
      code: `
import { spawn } from 'node:child_process';

const chrome = spawn('chromium', ['--headless', '--remote-debugging-port=9222'], { detached: true });

process.once('SIGTERM', () => {
  if (chrome.pid) process.kill(-chrome.pid, 'SIGTERM');
});
`,
    },
    {
      name: 'a detached child whose process tree is killed with tree-kill in close()',
      code: `
import { spawn, ChildProcess } from 'node:child_process';
import treeKill from 'tree-kill';

export class DevServer {
  private server?: ChildProcess;

  start() {
    this.server = spawn('npm', ['run', 'dev'], { detached: true, shell: true });
  }

  close() {
    if (this.server?.pid) treeKill(this.server.pid);
  }
}
`,
    },
    {
      name: 'a kill in a helper the SIGTERM handler calls by name',
      code: `
import { spawn } from 'node:child_process';

let renderer = spawn('node', ['renderer.js']);

function drain() {
  renderer.kill();
}

process.on('SIGTERM', async () => {
  drain();
});
`,
    },
    {
      name: 'a shutdown function registered by reference reaches the kill',
      code: `
import { fork } from 'node:child_process';

const scheduler = fork('./scheduler.js');

async function onTerm() {
  scheduler.disconnect();
}

process.on('SIGTERM', onTerm);
`,
    },
    {
      name: 'a child with a timeout option is bounded in time',
      code: `
import { spawn } from 'node:child_process';

export class Thumbnailer {
  private convert = spawn('convert', ['in.png', '-resize', '200x200', 'out.png'], { timeout: 60_000 });
}
`,
    },
    {
      name: 'a child handed to a process supervisor that owns it',
      code: `
import { spawn } from 'node:child_process';
import { supervisor } from './supervisor';

export const ocr = spawn('tesseract-server', ['--port', '8884']);
supervisor.adopt(ocr);
`,
    },
    {
      name: 'a closure keeps the child and its stop function kills it',
      code: `
import { spawn, type ChildProcess } from 'node:child_process';

export function createSidecar(entry: string) {
  let child: ChildProcess | undefined;
  return {
    start() {
      child = spawn('python3', [entry]);
    },
    stop() {
      child?.kill();
    },
  };
}
`,
    },
    {
      name: 'exec with a callback that resolves the promise around it',
      code: `
import { exec, ChildProcess } from 'node:child_process';

let current: ChildProcess | undefined;

export function du(path: string) {
  return new Promise<string>((resolve, reject) => {
    current = exec('du -sh ' + JSON.stringify(path), (error, stdout) => (error ? reject(error) : resolve(stdout)));
  });
}
`,
    },
    {
      name: 'kills registered with signal-exit, close-with-grace and a Fastify onClose hook',
      code: `
import { spawn } from 'node:child_process';
import { onExit } from 'signal-exit';
import closeWithGrace from 'close-with-grace';
import Fastify from 'fastify';

const redis = spawn('redis-server', ['--port', '6380']);
const minio = spawn('minio', ['server', '/data']);
const mailpit = spawn('mailpit');

onExit(() => {
  redis.kill();
});
closeWithGrace(async () => {
  minio.kill();
});
const app = Fastify();
app.addHook('onClose', async () => {
  mailpit.kill();
});
`,
    },
    {
      name: 'a Terminus onSignal hook stops the child',
      code: `
import http from 'node:http';
import { spawn } from 'node:child_process';
import { createTerminus } from '@godaddy/terminus';

const worker = spawn('python3', ['worker.py']);
const server = http.createServer(app);

createTerminus(server, {
  onSignal: async () => {
    worker.kill('SIGTERM');
  },
});
`,
    },
    {
      name: 'a child read back from a map and killed in dispose',
      code: `
import { spawn, ChildProcess } from 'node:child_process';

export class LanguageServers {
  private readonly servers = new Map<string, ChildProcess>();

  open(language: string) {
    this.servers.set(language, spawn(language + '-language-server', ['--stdio']));
  }

  dispose(language: string) {
    const server = this.servers.get(language);
    server?.kill();
  }
}
`,
    },
    {
      name: 'a pid kept on the side and killed on exit',
      code: `
import { spawn } from 'node:child_process';

let current;
let pid: number | undefined;

export function startWatcher() {
  const watcher = spawn('chokidar', ['src/**/*.ts']);
  current = watcher;
  pid = watcher.pid;
}

process.on('exit', () => {
  if (pid) process.kill(pid);
});
`,
    },
    {
      name: "a CLI's start command daemonises the server on purpose (an executable script)",
      code: `#!/usr/bin/env node
import { spawn } from 'node:child_process';

const child = spawn(process.execPath, ['dist/server.js'], { detached: true, stdio: 'ignore' });
child.unref();
console.log('server started in the background, pid', child.pid);
`,
    },
    {
      name: 'a function named for daemonising drops the handle of its detached child',
      code: `
import { spawn } from 'node:child_process';
import { openSync } from 'node:fs';

export function spawnDaemon(logFile: string) {
  const out = openSync(logFile, 'a');
  const child = spawn(process.execPath, [process.argv[1] ?? '', 'start', '--foreground'], { detached: true, stdio: ['ignore', out, out] });
  child.unref();
  return child.pid;
}
`,
    },
    {
      name: "an Electron main process kills its backend on will-quit",
      code: `
import { app } from 'electron';
import { spawn } from 'node:child_process';

const backend = spawn('python3', ['backend/server.py']);

app.on('will-quit', () => {
  backend.kill();
});
`,
    },
    {
      name: "a VS Code extension kills its language server in deactivate",
      code: `
import { spawn, type ChildProcess } from 'node:child_process';

let server: ChildProcess | undefined;

export function activate() {
  server = spawn('pylsp', ['--tcp', '--port', '2087']);
}

export function deactivate() {
  server?.kill();
}
`,
    },
    {
      name: 'a field named process is the child, not the global process',
      code: `
import { spawn, type ChildProcess } from 'node:child_process';

export class PythonRunner {
  private process?: ChildProcess;

  start() {
    this.process = spawn('python3', ['runner.py']);
    this.process.on('exit', (code) => console.warn('runner exited', code));
  }

  shutdown() {
    this.process?.kill('SIGTERM');
  }
}
`,
    },
    {
      name: 'a helper method of the class registers the kill for the child it is given',
      code: `
import { spawn, type ChildProcess } from 'node:child_process';

export class Whisper {
  private server?: ChildProcess;

  start() {
    this.server = spawn('whisper-server', ['--port', '9000']);
    this.killOnExit(this.server);
  }

  private killOnExit(child: ChildProcess) {
    process.once('exit', () => child.kill());
  }
}
`,
    },
    {
      name: 'a test file is not checked',
      filename: 'src/ai/sidecar.test.ts',
      code: `
import { spawn } from 'node:child_process';

const sidecar = spawn('python3', ['sidecar.py']);
`,
    },
    {
      name: 'a test helper folder is not checked',
      filename: 'test/helpers/server.ts',
      code: `
import { fork } from 'node:child_process';

export const server = fork('./dist/server.js');
`,
    },
    {
      name: 'a child returned by an exported command helper: its callers wait for the command',
      code: `
import { spawn, type ChildProcess } from 'node:child_process';

export function runCommand(command: string, args: string[]): ChildProcess {
  return spawn(command, args, { stdio: 'inherit' });
}
`,
    },
    {
      name: 'a starter whose caller in the same module kills the child on SIGTERM',
      code: `
import { spawn } from 'node:child_process';

function startPythonWorker() {
  const worker = spawn('python3', ['worker/main.py']);
  worker.stdout.on('data', (chunk) => process.stdout.write(chunk));
  return worker;
}

const worker = startPythonWorker();
process.on('SIGTERM', () => worker.kill('SIGTERM'));
`,
    },
    {
      name: 'options the rule cannot see may carry a signal',
      code: `
import { spawn } from 'node:child_process';

export const agent = spawn('python3', ['agent.py'], { ...baseOptions, stdio: 'inherit' });
export const gateway = spawn('gateway', [], gatewayOptions());
`,
    },
    {
      name: 'odd code: computed members, any receivers and missing declarations do not crash',
      code: `
import * as cp from 'node:child_process';

const method = 'spawn';
const started = (cp as any)[method]('ls');
const again = cp['spawn'];
(globalThis as any).child = undefined;
export default function () {
  return unknownThing?.spawn?.('x');
}
`,
    },
  ],
  invalid: [
    {
      name: 'the seed: the Python sidecar is kept in a module variable and nothing kills it',
      code: `
import { spawn, type ChildProcess } from 'node:child_process';
import { logger } from './logger';

let sidecar: ChildProcess | undefined;

export function startSidecar(): ChildProcess {
  if (sidecar && sidecar.exitCode === null) return sidecar;
  const child = spawn('python3', ['sidecar/main.py', '--port', '8765'], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, PYTHONUNBUFFERED: '1' },
  });
  child.on('exit', (code, signal) => {
    logger.warn({ code, signal }, 'AI sidecar exited');
    if (sidecar === child) sidecar = undefined;
  });
  sidecar = child;
  return child;
}
`,
      errors: [{ messageId: 'keptChild', line: 9, column: 17, endLine: 12, endColumn: 5, data: { child: 'sidecar', call: 'spawn' } }],
    },
    {
      name: 'a NestJS service keeps its Python worker in a field and has no destroy hook',
      code: `
import { Injectable, OnModuleInit } from '@nestjs/common';
import { spawn, ChildProcess } from 'child_process';

@Injectable()
export class CrewService implements OnModuleInit {
  private crew?: ChildProcess;

  onModuleInit() {
    this.crew = spawn('python3', ['-m', 'crew.server']);
    this.crew.stdout?.on('data', (chunk) => console.log(String(chunk)));
  }
}
`,
      errors: [{ messageId: 'keptChild', line: 10, column: 17, data: { child: 'this.crew', call: 'spawn' } }],
    },
    {
      name: 'forked workers kept in a module-level map with no kill on shutdown',
      code: `
import { fork, type ChildProcess } from 'node:child_process';

const workers = new Map<string, ChildProcess>();

export function startWorker(queue: string) {
  workers.set(queue, fork('./dist/worker.js', [queue]));
}
`,
      errors: [{ messageId: 'keptChild', line: 7, column: 22, data: { child: 'workers', call: 'fork' } }],
    },
    {
      name: 'a class field initialised with a spawn',
      code: `
import { spawn } from 'node:child_process';

export class Ollama {
  private readonly server = spawn('ollama', ['serve']);

  url() {
    return 'http://127.0.0.1:11434';
  }
}
`,
      errors: [{ messageId: 'keptChild', line: 5, column: 29, data: { child: 'this.server', call: 'spawn' } }],
    },
    {
      name: 'a child killed only when it is restarted, not when the service stops',
      code: `
import { spawn, type ChildProcess } from 'node:child_process';

let model: ChildProcess | undefined;

export function restartModel() {
  model?.kill();
  model = spawn('python3', ['serve_model.py']);
}
`,
      errors: [{ messageId: 'keptChild', line: 8, column: 11, data: { child: 'model', call: 'spawn' } }],
    },
    {
      name: 'a starter returns the child and its caller keeps it at module level',
      code: `
import { spawn } from 'node:child_process';

function startTunnel(port: number) {
  const tunnel = spawn('ngrok', ['http', String(port)]);
  return tunnel;
}

export const tunnel = startTunnel(3000);
`,
      errors: [{ messageId: 'keptChild', line: 5, column: 18, data: { child: 'tunnel', call: 'spawn' } }],
    },
    {
      name: 'an exported starter returns the Python worker to callers elsewhere and nothing here stops it',
      code: `
import { spawn, type ChildProcess } from 'node:child_process';

export function startPythonWorker(): ChildProcess {
  const worker = spawn('python3', ['./pyscript/index.py']);
  worker.on('exit', (code) => console.log('python worker exited', code));
  return worker;
}
`,
      errors: [{ messageId: 'keptChild', line: 5, column: 18, data: { child: 'startPythonWorker()', call: 'spawn' } }],
    },
    {
      name: 'a child given to a log-piping helper of the same file is still kept, and still orphaned',
      code: `
import { spawn, type ChildProcess } from 'node:child_process';

function pipeLogs(child: ChildProcess, prefix: string) {
  child.stdout?.on('data', (chunk) => process.stdout.write(prefix + chunk));
}

export class Ocr {
  private tesseract?: ChildProcess;

  boot() {
    this.tesseract = spawn('tesseract-server', ['--port', '8884']);
    pipeLogs(this.tesseract, '[ocr] ');
  }
}
`,
      errors: [{ messageId: 'keptChild', line: 12, column: 22, data: { child: 'this.tesseract', call: 'spawn' } }],
    },
    {
      name: 'exec and cross-spawn children kept in fields and a module array',
      code: `
import { exec, ChildProcess } from 'node:child_process';
import spawn from 'cross-spawn';

const pool: ChildProcess[] = [];

export class LogShipper {
  private tail?: ChildProcess;

  follow(file: string) {
    this.tail = exec('tail -F ' + file);
    pool.push(spawn('vector', ['--config', 'vector.toml']));
  }
}
`,
      errors: [
        { messageId: 'keptChild', line: 11, column: 17, data: { child: 'this.tail', call: 'exec' } },
        { messageId: 'keptChild', line: 12, column: 15, data: { child: 'pool', call: 'spawn' } },
      ],
    },
    {
      name: 'the SIGTERM handler kills one child but not the other',
      code: `
import { spawn } from 'node:child_process';

const api = spawn('node', ['api.js']);
const indexer = spawn('node', ['indexer.js']);

process.on('SIGTERM', () => {
  api.kill();
});
`,
      errors: [{ messageId: 'keptChild', line: 5, column: 17, data: { child: 'indexer', call: 'spawn' } }],
    },
    {
      name: 'a detached, unref()ed daemon: it outlives the service by design',
      code: `
import { spawn } from 'node:child_process';

export function startMetricsAgent() {
  spawn('node', ['metrics-agent.js'], { detached: true, stdio: 'ignore' }).unref();
}
`,
      errors: [{ messageId: 'detachedChild', line: 5, column: 3, data: { child: "spawn('node', …)", call: 'spawn' } }],
    },
    {
      name: 'a detached child killed with child.kill(): its process group survives',
      code: `
import { spawn } from 'node:child_process';

const browser = spawn('chromium', ['--headless'], { detached: true });

process.on('SIGTERM', () => {
  browser.kill();
});
`,
      errors: [{ messageId: 'detachedChild', line: 4, column: 17, data: { child: 'browser', call: 'spawn' } }],
    },
    {
      name: 'execa with cleanup: false kept in a module variable',
      code: `
import { execa } from 'execa';

export const queueWorker = execa('node', ['dist/queue-worker.js'], { cleanup: false });
`,
      errors: [{ messageId: 'noCleanup', line: 4, column: 28, data: { child: 'queueWorker', call: 'execa' } }],
    },
    {
      name: 'an execa template bound to detached: true, kept in a field',
      code: `
import { $ } from 'execa';

export class Preview {
  private server?: ReturnType<typeof $>;

  start() {
    this.server = $({ detached: true })\`npx vite preview --port 4173\`;
  }
}
`,
      errors: [{ messageId: 'detachedChild', line: 8, column: 19, data: { child: 'this.server', call: '$' } }],
    },
  ],
});

typedRuleTester().run('no-orphan-subprocess (typed)', rule, {
  valid: [
    {
      name: 'typed: the sidecar with an abort signal',
      code: `
import { spawn, type ChildProcess } from 'node:child_process';

const stop = new AbortController();
export const sidecar: ChildProcess = spawn('python3', ['sidecar.py'], { signal: stop.signal, killSignal: 'SIGTERM' });

process.on('SIGTERM', () => stop.abort());
`,
    },
    {
      name: 'typed: a promisified exec exported by another module runs to completion',
      code: `
import { execAsync } from './subprocess-shell.js';

export class Disk {
  private usage = execAsync('df -h');
}
`,
    },
    {
      name: 'typed: a NestJS service killing its child in onApplicationShutdown',
      code: `
import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { fork, ChildProcess } from 'node:child_process';

@Injectable()
export class PdfRenderer implements OnApplicationShutdown {
  private readonly renderer: ChildProcess = fork('./dist/pdf-renderer.js');

  onApplicationShutdown() {
    this.renderer.kill('SIGTERM');
  }
}
`,
    },
  ],
  invalid: [
    {
      name: 'typed: a re-exported spawn from another module, kept at module level',
      code: `
import { startProcess } from './subprocess-shell.js';

export const sidecar = startProcess('python3', ['sidecar.py']);
`,
      errors: [{ messageId: 'keptChild', line: 4, column: 24, data: { child: 'sidecar', call: 'spawn' } }],
    },
    {
      name: 'typed: a NestJS service keeping an execa child with cleanup: false',
      code: `
import { Injectable, OnModuleInit } from '@nestjs/common';
import { execa, type ResultPromise } from 'execa';

@Injectable()
export class Transcriber implements OnModuleInit {
  private whisper?: ResultPromise;

  onModuleInit() {
    this.whisper = execa('whisper-server', ['--port', '9000'], { cleanup: false });
  }
}
`,
      errors: [{ messageId: 'noCleanup', line: 10, column: 20, data: { child: 'this.whisper', call: 'execa' } }],
    },
  ],
});
