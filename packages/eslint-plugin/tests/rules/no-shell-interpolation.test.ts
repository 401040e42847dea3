import path from 'node:path';
import rule from '../../src/rules/no-shell-interpolation.js';
import { fixtureDir, typedRuleTester, untypedRuleTester } from '../rule-tester.js';

const command = (line: number, column: number, call: string, parts: string) => ({
  messageId: 'shellCommand' as const,
  line,
  column,
  data: { call, parts },
});

const shellOn = (line: number, column: number, call: string, shell: string, parts: string) => ({
  messageId: 'shellArguments' as const,
  line,
  column,
  data: { call, shell, parts },
});

const inline = (line: number, column: number, call: string, program: string, flag: string, language: string, parts: string) => ({
  messageId: 'inlineCode' as const,
  line,
  column,
  data: { call, program, flag, language, parts },
});

untypedRuleTester().run('no-shell-interpolation (untyped)', rule, {
  valid: [
    {
      name: 'the seed fix: execFile with an argv array, no shell',
      code: `
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export async function runScriptPlugin(plugin: { id: string; script: string }, settings: Record<string, string>) {
  const script = path.join('/srv/plugins', plugin.id, plugin.script);
  const args = Object.entries(settings).flatMap(([name, value]) => [\`--\${name}\`, String(value)]);
  const { stdout } = await execFileAsync('python3', [script, ...args], { timeout: 120_000 });
  return JSON.parse(stdout);
}
`,
    },
    {
      name: 'an Express handler passing the query value as one argv entry after --',
      code: `
import express from 'express';
import { execFile } from 'node:child_process';

const router = express.Router();

router.get('/search', (req, res) => {
  execFile('grep', ['-rn', '--', String(req.query.q), '/srv/docs'], (error, stdout) => res.type('text').send(stdout));
});

export default router;
`,
    },
    {
      name: 'spawn of a program chosen at run time with an argument array and no shell',
      code: `
import { spawn } from 'node:child_process';

export function transcode(binary: string, input: string, output: string) {
  return spawn(binary, ['-i', input, '-c:v', 'libx264', output], { stdio: 'inherit' });
}
`,
    },
    {
      name: 'a constant command line',
      code: `
import { execSync } from 'node:child_process';

export const revision = execSync('git rev-parse HEAD', { encoding: 'utf8' }).trim();
`,
    },
    {
      name: 'a template of module-level const string literals, and a concatenation of them',
      code: `
import { exec, execSync } from 'child_process';

const GIT = 'git';
const FLAGS = '--no-pager';
const FORMAT = \`--format=%H \${FLAGS}\`;

execSync(\`\${GIT} \${FLAGS} log -1 \${FORMAT}\`);
exec(GIT + ' ' + FLAGS + ' status', (error, stdout) => console.log(stdout));
`,
    },
    {
      name: 'a literal const of a nested scope, and a let every write of which is constant',
      code: `
import { execSync } from 'node:child_process';

export function checkoutMain(ci: boolean) {
  const branch = 'main';
  execSync(\`git checkout \${branch}\`);
  let install = 'npm ci';
  if (ci) install += ' --prefer-offline';
  execSync(install, { stdio: 'inherit' });
}
`,
    },
    {
      name: 'execa template: each interpolation is escaped into one argument',
      code: `
import { $, execa } from 'execa';

export async function checkout(branch: string, files: string[]) {
  await $\`git checkout \${branch}\`;
  await execa({ cwd: '/srv/repo' })\`git add \${files}\`;
}
`,
    },
    {
      name: 'shell: false spelled out',
      code: `
import { spawn } from 'node:child_process';

export function convert(input: string) {
  return spawn('convert', [input, '-resize', '50%', 'thumb.png'], { shell: false });
}
`,
    },
    {
      name: 'values quoted by shell-quote, shescape and shell-escape',
      code: `
import { exec, execSync } from 'node:child_process';
import { quote } from 'shell-quote';
import { Shescape } from 'shescape';
import shellescape from 'shell-escape';

const shescape = new Shescape({ shell: '/bin/bash' });

export function search(pattern: string, file: string) {
  exec(\`grep -- \${quote([pattern])} \${quote([file])}\`, () => {});
  execSync(\`echo \${shescape.quote(pattern)}\`);
  execSync('ls ' + shellescape([file]));
}
`,
    },
    {
      name: 'an in-house escaper named in the escapers option',
      code: `
import { execSync } from 'node:child_process';
import { shellArg, Shell } from '@acme/shell';

export function archive(dir: string) {
  execSync(\`tar czf backup.tgz \${shellArg(dir)}\`);
  execSync(\`du -sh \${Shell.quote(dir)}\`);
}
`,
      options: [{ escapers: [{ module: '@acme/shell', name: 'shellArg' }, { module: '@acme/shell', name: 'Shell.quote' }] }],
    },
    {
      name: 'numbers, booleans and configuration: Number(), arithmetic, process.env, __dirname, path.join of constants',
      code: `
import { execSync } from 'node:child_process';
import path from 'node:path';

export function freePort(port: string, attempts: number) {
  execSync(\`lsof -ti :\${Number(port)} | xargs kill -9\`);
  execSync(\`sleep \${attempts * 2}\`);
  execSync(\`pg_dump \${process.env.DATABASE_URL} > /tmp/dump.sql\`);
  execSync(\`rm -rf \${path.join(__dirname, 'dist')}\`);
}
`,
    },
    {
      name: 'sh -c with a constant script: the value travels as a positional argument',
      code: `
import { spawn, execFile } from 'node:child_process';

export function grepLog(pattern: string) {
  spawn('sh', ['-c', 'grep -- "$1" /var/log/app.log | tail -n 20', 'sh', pattern]);
  execFile('python3', ['-c', 'import sys; print(sys.argv[1].upper())', pattern], () => {});
}
`,
    },
    {
      name: 'a -c after the script file belongs to the script, not to python',
      code: `
import { execFile } from 'node:child_process';

export function migrate(configPath: string) {
  execFile('python3', ['manage.py', '-c', configPath, 'migrate'], () => {});
}
`,
    },
    {
      name: 'loops over a constant list of names',
      code: `
import { execSync } from 'node:child_process';

const DATABASES = ['users', 'events'] as const;

for (const db of DATABASES) execSync(\`createdb \${db}\`);
['uploads', 'cache'].forEach((dir) => execSync(\`mkdir -p /srv/\${dir}\`));
`,
    },
    {
      name: 'enum members, a const object table, a conditional between constants',
      code: `
import { execSync } from 'node:child_process';

enum GitCommand {
  Status = 'status',
  Fetch = 'fetch --all',
}
const BIN = { git: '/usr/bin/git', npm: '/usr/bin/npm' } as const;

export function refresh(dev: boolean) {
  execSync(\`\${BIN.git} \${GitCommand.Fetch}\`);
  execSync(\`\${BIN.npm} \${dev ? 'run dev' : 'start'}\`);
}
`,
    },
    {
      name: 'configuration imported from another module',
      code: `
import { execSync } from 'node:child_process';
import { config } from './config';
import { PYTHON_BIN } from './constants';

export function pythonVersion() {
  return execSync(\`\${PYTHON_BIN} -V && \${config.paths.venv}/bin/pip -V\`).toString();
}
`,
    },
    {
      name: 'a same-file shell runner called only with constant command lines',
      code: `
import { execSync } from 'node:child_process';

const TASK = 'build';

function run(cmd: string) {
  return execSync(cmd, { stdio: 'inherit' });
}

run('npm ci');
run(\`npm run \${TASK}\`);
`,
    },
    {
      name: 'exported runners: a shell command, a shell with its arguments, a Python snippet; their callers decide what they run',
      code: `
import { execSync, execFile, spawn } from 'node:child_process';

export const sh = (command: string) => execSync(command, { encoding: 'utf8' });

export function shell(command: string, args: string[]) {
  return spawn(command, args, { shell: true, stdio: 'inherit' });
}

export class Python {
  evaluate(code: string) {
    execFile('python3', ['-c', code], () => {});
  }
}
`,
    },
    {
      name: 'a test file (ignored by default)',
      filename: 'src/plugins/script-runner.test.ts',
      code: `
import { execSync } from 'node:child_process';

export function cleanup(dir: string) {
  execSync(\`rm -rf \${dir}\`);
}
`,
    },
    {
      name: 'a build file that copies each plugin directory with a shell (ignored by default)',
      filename: 'build.ts',
      code: `
import { exec } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(exec);
for (const name of readdirSync('./plugins')) {
  await run(\`mkdir -p ./dist/plugins/\${name} && cp ./plugins/\${name}/manifest.json ./dist/plugins/\${name}/\`);
}
`,
    },
    {
      name: 'a developer script (ignored by default)',
      filename: 'scripts/release.ts',
      code: `
import { execSync } from 'node:child_process';

const version = process.argv[2];
execSync(\`git tag v\${version}\`);
`,
    },
    {
      name: 'execaCommand splits on spaces without a shell',
      code: `
import { execaCommand } from 'execa';

export async function runTask(task: string) {
  await execaCommand(\`npm run \${task}\`);
}
`,
    },
    {
      name: 'not child_process: a database exec, RegExp exec, a project module exec',
      code: `
import { exec } from './db';

export function vacuum(db: { exec(sql: string): void }, table: string) {
  db.exec(\`VACUUM \${table}\`);
  /^v(\\d+)/.exec(table);
  exec(\`ANALYZE \${table}\`);
}
`,
    },
    {
      name: 'options that cannot be seen, and fork',
      code: `
import { spawn, fork } from 'node:child_process';

export function start(cmd: string, args: string[], options: object) {
  spawn(cmd, args, options);
  fork('./worker.js', args);
}
`,
    },
    {
      name: 'odd code does not crash: no arguments, optional calls, computed members',
      code: `
import * as cp from 'node:child_process';

const method = 'exec';
(cp as any)[method](userInput);
cp.exec();
cp.spawn?.('ls');
cp.execSync?.(\`\${'a'}\`);
const loop: string[] = [...loop];
cp.spawn('sh', loop);
let cmd: string = cmd + ' -v';
cp.execSync(cmd);
cp.spawn('bash', [, '-c', 'ls']);
`,
    },
  ],
  invalid: [
    {
      name: 'the seed: promisify(exec) with a command line built from plugin settings',
      code: `
import { exec } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const execAsync = promisify(exec);

export async function runScriptPlugin(plugin: { id: string; script: string }, settings: Record<string, string>) {
  const script = path.join('/srv/plugins', plugin.id, plugin.script);
  const flags = Object.entries(settings)
    .map(([name, value]) => \`--\${name} \${value}\`)
    .join(' ');
  const { stdout } = await execAsync(\`python3 \${script} \${flags}\`, { timeout: 120_000 });
  return JSON.parse(stdout);
}
`,
      errors: [{ ...command(13, 28, '`execAsync` (promisified `exec`)', '`${script}`, `${flags}`'), endLine: 13, endColumn: 89 }],
    },
    {
      name: 'an Express handler pinging a host from the query string',
      code: `
import express from 'express';
import { exec } from 'child_process';

const app = express();

app.get('/diagnostics/ping', (req, res) => {
  exec(\`ping -c 1 \${req.query.host}\`, (error, stdout) => res.send(stdout));
});
`,
      errors: [command(8, 3, '`exec`', '`${req.query.host}` (request input `req.query`)')],
    },
    {
      name: 'a command line concatenated, and one built in a const before the call',
      code: `
import { execSync } from 'node:child_process';

export function deploy(branch: string, service: string) {
  execSync('git checkout ' + branch);
  const cmd = \`docker compose up -d \${service}\`;
  execSync(cmd, { stdio: 'inherit' });
}
`,
      errors: [command(5, 3, '`execSync`', '`branch`'), command(7, 3, '`execSync`', '`${service}` (line 6)')],
    },
    {
      name: 'namespace import, require and require(...).member',
      code: `
import * as cp from 'node:child_process';
const childProcess = require('child_process');

export function backup(db: string) {
  cp.execSync(\`pg_dump \${db} > backup.sql\`);
  childProcess.exec(\`gzip \${db}.sql\`);
  require('child_process').execSync('mysqldump ' + db);
}
`,
      errors: [
        command(6, 3, '`cp.execSync`', '`${db}`'),
        command(7, 3, '`childProcess.exec`', '`${db}`'),
        command(8, 3, "`require('child_process').execSync`", '`db`'),
      ],
    },
    {
      name: 'spawn and execFile with shell on: the arguments are joined into one command line',
      code: `
import { spawn, execFile } from 'node:child_process';

export function thumbnail(input: string, size: string) {
  spawn('convert', [input, '-resize', size, 'thumb.png'], { shell: true });
  execFile('identify', ['-format', '%wx%h', input], { shell: '/bin/bash' }, () => {});
}
`,
      errors: [
        shellOn(5, 3, '`spawn`', 'true', '`input`, `size`'),
        shellOn(6, 3, '`execFile`', "'/bin/bash'", '`input`'),
      ],
    },
    {
      name: 'a shell option taken from settings, and one on for Windows',
      code: `
import { spawn } from 'node:child_process';

export function transcode(settings: { useShell: boolean }, input: string, args: string[]) {
  spawn('ffmpeg', ['-i', input, 'out.mp4'], { shell: settings.useShell });
  spawn('npm', ['install', ...args], { shell: process.platform === 'win32' });
}
`,
      errors: [
        shellOn(5, 3, '`spawn`', 'settings.useShell', '`input`'),
        shellOn(6, 3, '`spawn`', "process.platform === 'win32'", '`args`'),
      ],
    },
    {
      name: 'sh -c, bash -lc and env bash -c with interpolated input',
      code: `
import { spawn, execFileSync } from 'node:child_process';
import { execa } from 'execa';

export async function archive(dir: string, name: string, settings: { hook: string }) {
  spawn('sh', ['-c', \`tar czf /backups/\${name}.tgz \${dir}\`]);
  await execa('bash', ['-lc', settings.hook]);
  execFileSync('/usr/bin/env', ['bash', '-c', 'du -sh ' + dir]);
}
`,
      errors: [
        inline(6, 3, '`spawn`', 'sh', '-c', 'shell', '`${name}`, `${dir}`'),
        inline(7, 9, '`execa`', 'bash', '-lc', 'shell', '`settings.hook`'),
        inline(8, 3, '`execFileSync`', 'bash', '-c', 'shell', '`dir`'),
      ],
    },
    {
      name: 'python -c, node -e through process.execPath, cmd /c and powershell -Command',
      code: `
import { execFile, spawn } from 'node:child_process';

export function evaluate(expression: string, folder: string) {
  execFile('python3', ['-c', \`print(\${expression})\`], () => {});
  spawn(process.execPath, ['-e', \`console.log(\${expression})\`]);
  spawn('cmd.exe', ['/d', '/s', '/c', \`dir \${folder}\`]);
  execFile('powershell', ['-NoProfile', '-Command', 'Get-ChildItem', folder], () => {});
}
`,
      errors: [
        inline(5, 3, '`execFile`', 'python3', '-c', 'Python', '`${expression}`'),
        inline(6, 3, '`spawn`', 'node', '-e', 'JavaScript', '`${expression}`'),
        inline(7, 3, '`spawn`', 'cmd', '/c', 'cmd.exe', '`${folder}`'),
        inline(8, 3, '`execFile`', 'powershell', '-Command', 'PowerShell', '`folder`'),
      ],
    },
    {
      name: 'execa: a template running sh -c, shell: true, a template bound to shell: true',
      code: `
import { $, execa } from 'execa';

export async function run(plugin: { script: string }, file: string) {
  await $\`sh -c \${plugin.script}\`;
  await execa('cat', [file], { shell: true });
  await $({ shell: true })\`wc -l \${file}\`;
}
`,
      errors: [
        inline(5, 9, '`$`', 'sh', '-c', 'shell', '`${plugin.script}`'),
        shellOn(6, 9, '`execa`', 'true', '`file`'),
        shellOn(7, 9, '`$({ shell: true })` (`$`)', 'true', '`${file}`'),
      ],
    },
    {
      name: 'cross-spawn with shell: true',
      code: `
import spawn from 'cross-spawn';

export function install(packageName: string) {
  return spawn('npm', ['install', packageName], { shell: true, stdio: 'inherit' });
}
`,
      errors: [shellOn(5, 10, '`spawn`', 'true', '`packageName`')],
    },
    {
      name: 'a lookup in a table of subcommands with a computed key',
      code: `
import { execSync } from 'node:child_process';

const SUBCOMMANDS: Record<string, string> = { log: 'log --oneline', status: 'status --short' };

export function git(action: string) {
  return execSync(\`git \${SUBCOMMANDS[action]}\`).toString();
}
`,
      errors: [command(7, 10, '`execSync`', '`${SUBCOMMANDS[action]}`')],
    },
    {
      name: 'a same-file shell runner called with a value from its caller is reported at that call',
      code: `
import { execSync } from 'node:child_process';

const run = (cmd: string) => execSync(cmd, { stdio: 'inherit' });

export function publish(tag: string) {
  run('npm run build');
  run(\`npm publish --tag \${tag}\`);
}
`,
      errors: [command(8, 3, '`run` (which passes it to `execSync`)', '`${tag}`')],
    },
    {
      name: 'a request value reaching a shell runner through a command-building helper of the same file',
      code: `
import { execSync } from 'node:child_process';
import type { FastifyInstance } from 'fastify';

function run(cmd: string) {
  return execSync(cmd, { encoding: 'utf8' });
}

function gitTag(version: string) {
  return run(\`git tag v\${version}\`);
}

export default async function releases(app: FastifyInstance) {
  app.post('/releases', async (request) => {
    const { version } = request.body as { version: string };
    return gitTag(version);
  });
}
`,
      errors: [command(16, 12, '`gitTag` (which passes it to `execSync`)', '`version` (request input `request.body` from line 15)')],
    },
    {
      name: 'a private method that runs a command line, called with a value destructured from the query',
      code: `
import { Injectable } from '@nestjs/common';
import { execSync } from 'node:child_process';
import type { Request } from 'express';

@Injectable()
export class DiagnosticsService {
  private run(cmd: string) {
    return execSync(cmd, { timeout: 5_000 }).toString();
  }

  ping(req: Request) {
    const { host } = req.query;
    return this.run(\`ping -c 1 \${host}\`);
  }
}
`,
      errors: [command(14, 12, '`this.run` (which passes it to `execSync`)', '`${host}` (request input `req.query` from line 13)')],
    },
    {
      name: 'a #private method runner called with a job field',
      code: `
import { spawnSync } from 'node:child_process';

export class BackupJob {
  #shell(script: string) {
    return spawnSync('bash', ['-c', script], { encoding: 'utf8' });
  }

  run(job: { database: string }) {
    this.#shell('set -e; df -h');
    return this.#shell(\`pg_dump \${job.database} | gzip > /backups/latest.gz\`);
  }
}
`,
      errors: [inline(11, 12, '`this.#shell` (which passes it to `spawnSync`)', 'bash', '-c', 'shell', '`${job.database}`')],
    },
    {
      name: 'an exported helper that builds the command line from its parameter',
      code: `
import { execSync } from 'node:child_process';

export function gitTag(version: string) {
  execSync(\`git tag v\${version}\`);
}
`,
      errors: [command(5, 3, '`execSync`', '`${version}`')],
    },
    {
      name: 'a loop over uploaded files, and a let written from input',
      code: `
import { execSync } from 'node:child_process';
import type { Request, Response } from 'express';

export function scan(req: Request, res: Response) {
  for (const file of req.body.files) execSync(\`clamscan \${file.path}\`);
  let cmd = 'ls';
  if (req.query.dir) cmd += \` \${req.query.dir}\`;
  res.send(execSync(cmd).toString());
}
`,
      errors: [command(6, 38, '`execSync`', '`${file.path}` (request input `req.body`)'), command(9, 12, '`execSync`', '`cmd` (request input `req.query` from line 8)')],
    },
    {
      name: 'an escaped value next to one that is not',
      code: `
import { exec } from 'node:child_process';
import { quote } from 'shell-quote';

export function resize(input: string, output: string) {
  exec(\`convert \${quote([input])} -resize 50% \${output}\`, () => {});
}
`,
      errors: [command(6, 3, '`exec`', '`${output}`')],
    },
    {
      name: 'util.promisify of a required exec',
      code: `
const util = require('util');
const run = util.promisify(require('child_process').exec);

module.exports = async function lint(file) {
  await run('eslint ' + file);
};
`,
      errors: [command(6, 9, '`run` (promisified `exec`)', '`file`')],
    },
  ],
});

typedRuleTester().run('no-shell-interpolation (typed)', rule, {
  valid: [
    {
      name: 'typed: a number and a string-literal union cannot carry shell syntax',
      code: `
import { execSync } from 'node:child_process';

type PackageManager = 'npm' | 'pnpm' | 'yarn';

export function install(manager: PackageManager, pid: number) {
  execSync(\`\${manager} install --frozen-lockfile\`);
  execSync(\`kill -TERM \${pid}\`);
}
`,
    },
    {
      name: 'typed: constants imported from another module, and its in-house escaper',
      code: `
import { execSync } from 'node:child_process';
import { PYTHON, SCRIPTS_DIR, shellArg } from './shell-commands.js';

export function runPlugin(name: string) {
  return execSync(\`\${PYTHON} \${SCRIPTS_DIR}/run.py \${shellArg(name)}\`).toString();
}
`,
      options: [{ escapers: [{ module: path.join(fixtureDir, 'shell-commands'), name: 'shellArg' }] }],
    },
    {
      name: 'typed: a shell runner of another module given constant command lines',
      code: `
import { sh, SCRIPTS_DIR } from './shell-commands.js';

export function listPlugins() {
  return sh(\`ls -1 \${SCRIPTS_DIR}\`) + sh('uptime');
}
`,
    },
    {
      name: 'typed: a NestJS handler converting an upload with spawn and an argument array',
      code: `
import { Body, Controller, Post } from '@nestjs/common';
import { spawn } from 'node:child_process';

@Controller('media')
export class MediaController {
  @Post('convert')
  convert(@Body('file') file: string) {
    return spawn('ffmpeg', ['-i', file, '-f', 'mp3', 'pipe:1'], { stdio: ['ignore', 'pipe', 'inherit'] });
  }
}
`,
    },
    {
      name: 'typed: the seed fix with promisify(execFile)',
      code: `
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export async function runScript(script: string, args: string[]) {
  return execFileAsync('python3', [script, ...args], { timeout: 60_000 });
}
`,
    },
  ],
  invalid: [
    {
      name: 'typed: a shell runner of another module given a command line built from a parameter',
      code: `
import { sh } from './shell-commands.js';

export function removeUpload(dir: string) {
  sh(\`rm -rf /srv/uploads/\${dir}\`);
}
`,
      errors: [command(5, 3, '`sh` (which passes it to `execSync`)', '`${dir}`')],
    },
    {
      name: 'typed: a NestJS controller rendering a report with a body field',
      code: `
import { Body, Controller, Post } from '@nestjs/common';
import { exec } from 'node:child_process';

class RenderDto {
  template!: string;
}

@Controller('reports')
export class ReportsController {
  @Post('render')
  render(@Body() dto: RenderDto) {
    exec(\`wkhtmltopdf \${dto.template} /tmp/out.pdf\`, () => {});
  }
}
`,
      errors: [command(13, 5, '`exec`', '`${dto.template}` (request input `@Body() dto`)')],
    },
    {
      name: 'typed: a NestJS handler passing a decorated body field whole to execSync is no shell runner',
      code: `
import { Body, Controller, Post } from '@nestjs/common';
import { execSync } from 'node:child_process';

@Controller('admin')
export class AdminController {
  @Post('run')
  run(@Body('command') command: string) {
    return execSync(command, { encoding: 'utf8' });
  }
}
`,
      errors: [command(9, 12, '`execSync`', "`command` (request input `@Body() command`)")],
    },
    {
      name: 'typed: a promisified exec exported by another module',
      code: `
import { runShell } from './shell-commands.js';

export async function lint(file: string) {
  return runShell(\`eslint \${file}\`);
}
`,
      errors: [command(5, 10, '`runShell` (promisified `exec`)', '`${file}`')],
    },
    {
      name: 'typed: an assertion is not trusted, a string parameter is not constant',
      code: `
import { execSync } from 'node:child_process';

export function git(input: string) {
  execSync(\`git \${input as 'status'}\`);
}
`,
      errors: [command(5, 3, '`execSync`', "`${input as 'status'}`")],
    },
  ],
});
