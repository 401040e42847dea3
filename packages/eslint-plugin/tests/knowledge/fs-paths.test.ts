import { describe, expect, it } from 'vitest';
import { fsPathArgumentsOf, pathCallOf } from '../../src/knowledge/fs-paths.js';
import type { CallTarget } from '../../src/knowledge/origin.js';
import { createRule } from '../../src/util/create-rule.js';
import { typedRuleTester, untypedRuleTester } from '../rule-tester.js';

const fromPackage = (packageName: string, member: string, owner?: string): CallTarget => ({
  member,
  ...(owner ? { owner } : {}),
  origin: { packageName },
  via: 'types',
});

describe('fsPathArgumentsOf', () => {
  it.each([
    [fromPackage('fs', 'readFile'), ['path']],
    [fromPackage('fs', 'readFileSync'), ['path']],
    [fromPackage('fs/promises', 'writeFile'), ['path']],
    [fromPackage('fs', 'createReadStream'), ['path']],
    [fromPackage('fs', 'copyFile'), ['source path', 'destination path']],
    [fromPackage('fs/promises', 'cp'), ['source path', 'destination path']],
    [fromPackage('fs', 'renameSync'), ['source path', 'destination path']],
    [fromPackage('fs', 'symlink'), ['target', 'link path']],
    [fromPackage('fs', 'linkSync'), ['existing path', 'new path']],
    [fromPackage('fs', 'mkdtemp'), ['prefix']],
    [fromPackage('fs/promises', 'glob'), ['pattern']],
    [fromPackage('fs', 'rm', 'promises'), ['path']],
    [fromPackage('graceful-fs', 'open'), ['path']],
    [fromPackage('fs-extra', 'move'), ['source path', 'destination path']],
    [fromPackage('fs-extra', 'outputJsonSync'), ['path']],
    [fromPackage('fs-extra', 'remove'), ['path']],
    [{ member: 'readFile', origin: { packageName: 'fs' }, via: 'import' } as CallTarget, ['path']],
  ])('%o takes %o', (target, roles) => {
    expect(fsPathArgumentsOf(target)).toEqual(roles);
  });

  it.each([
    ['a FileHandle method works on an open file', fromPackage('fs/promises', 'readFile', 'FileHandle')],
    ['a Dir method', fromPackage('fs', 'read', 'Dir')],
    ['reading from a descriptor', fromPackage('fs', 'read')],
    ['fs-extra functions are not Node fs functions', fromPackage('fs', 'outputFile')],
    ['a project function named like fs', { member: 'readFile', origin: { modulePath: '/app/src/storage' }, via: 'types' } as CallTarget],
    ['an unresolved readFile', { member: 'readFile', via: 'none' } as CallTarget],
    ['the path module', fromPackage('path', 'join')],
  ])('%s takes no path', (_, target) => {
    expect(fsPathArgumentsOf(target)).toBeUndefined();
  });
});

// A test-only rule: reports each path call as `label kind: role@line:column, …`
// (a `~cwd` suffix for a path confined to the working directory).
const reportPaths = createRule({
  name: 'report-fs-paths',
  meta: {
    type: 'problem',
    docs: { description: 'test', recommended: 'strict', domains: ['security'], seed: 'test' },
    messages: { call: '{{label}} {{kind}}: {{paths}}' },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    const check = (node: import('@typescript-eslint/utils').TSESTree.CallExpression | import('@typescript-eslint/utils').TSESTree.ImportExpression) => {
      const found = pathCallOf(node, context);
      if (!found) return;
      const paths = found.paths
        .map((argument) => `${argument.role}@${argument.node.loc.start.line}:${argument.node.loc.start.column + 1}${argument.confinedTo ? '~cwd' : ''}`)
        .join(', ');
      context.report({ node, messageId: 'call', data: { label: found.label, kind: found.kind, paths } });
    };
    return { CallExpression: check, ImportExpression: check };
  },
});

const call = (label: string, kind: 'file' | 'module', paths: string) => ({ messageId: 'call' as const, data: { label, kind, paths } });

untypedRuleTester().run('fs-paths knowledge (untyped)', reportPaths, {
  valid: [
    {
      name: 'project functions and other packages named like fs functions',
      code: `
import { readFile } from './storage';
import { copy } from 'clipboardy';
readFile(name);
copy(text);
storage.download(key);
bucket.file(key).download();
`,
    },
    {
      name: 'a shadowed require, an fs-extra-only name on fs, and an fs descriptor read',
      code: `
import fs from 'node:fs';
function load(require) { return require('x'); }
fs.outputFile(file, text);
fs.read(fd, buffer, 0, 10, 0, done);
`,
    },
    {
      name: 'Express sendFile with an options object that may hold a root',
      code: `res.sendFile(name, { ...defaults, maxAge: 1000 }); res.sendFile(name, options);`,
    },
    {
      name: 'Fastify sendFile and download without a root argument',
      code: `reply.sendFile(name); reply.download(name, 'report.csv');`,
    },
  ],
  invalid: [
    {
      name: 'fs functions through imports, requires and fs.promises',
      code: `
import fs from 'node:fs';
import { rename as mv } from 'fs/promises';
import fse from 'fs-extra';
const { createWriteStream } = require('graceful-fs');
fs.readFile(a, done);
mv(from, to);
fse.copy(src, dest);
createWriteStream(out);
fs.promises.unlink(old);
require('fs').statSync(p);
`,
      errors: [
        { ...call('require()', 'module', 'module specifier@5:39'), line: 5, column: 31 },
        { ...call('fs.readFile', 'file', 'path@6:13'), line: 6, column: 1 },
        { ...call('mv', 'file', 'source path@7:4, destination path@7:10'), line: 7, column: 1 },
        { ...call('fse.copy', 'file', 'source path@8:10, destination path@8:15'), line: 8, column: 1 },
        { ...call('createWriteStream', 'file', 'path@9:19'), line: 9, column: 1 },
        { ...call('fs.promises.unlink', 'file', 'path@10:20'), line: 10, column: 1 },
        { ...call("require('fs').statSync", 'file', 'path@11:24'), line: 11, column: 1 },
        { ...call('require()', 'module', 'module specifier@11:9'), line: 11, column: 1 },
      ],
    },
    {
      name: 'modules: import(), pathToFileURL and require',
      code: `
import { pathToFileURL } from 'node:url';
await import(specifier);
await import(pathToFileURL(file).href);
require(name);
`,
      errors: [
        { ...call('import()', 'module', 'module specifier@3:14'), line: 3, column: 7 },
        { ...call('import()', 'module', 'module specifier@4:28'), line: 4, column: 7 },
        { ...call('require()', 'module', 'module specifier@5:9'), line: 5, column: 1 },
      ],
    },
    {
      name: 'Express responses: the path without a root, the root with one',
      code: `
res.sendFile(file);
res.sendFile(file, { root: publicDir });
const opts = { root: docsDir, dotfiles: 'deny' };
response.sendFile(name, opts);
res.download(file, 'report.csv');
res.download(file, 'report.csv', { root: exportsDir });
`,
      errors: [
        { ...call('res.sendFile', 'file', 'path@2:14'), line: 2, column: 1 },
        { ...call('res.sendFile', 'file', 'root option@3:28'), line: 3, column: 1 },
        { ...call('response.sendFile', 'file', 'root option@4:22'), line: 5, column: 1 },
        { ...call('res.download', 'file', 'path@6:14'), line: 6, column: 1 },
        { ...call('res.download', 'file', 'root option@7:42'), line: 7, column: 1 },
      ],
    },
    {
      name: 'Fastify static: only an explicit root is a path',
      code: `reply.sendFile(name, siteRoot);\nreply.sendFile(name, { root: siteRoot });`,
      errors: [
        { ...call('reply.sendFile', 'file', 'root path@1:22'), line: 1, column: 1 },
        { ...call('reply.sendFile', 'file', 'root option@2:30'), line: 2, column: 1 },
      ],
    },
    {
      name: 'koa-send and @koa/send: the root, or the path confined to the working directory',
      code: `
import send from 'koa-send';
import { send as koaSend } from '@koa/send';
await send(ctx, file, { root: dir });
await send(ctx, file);
await koaSend(ctx, file, { maxAge: 1000 });
`,
      errors: [
        { ...call('send', 'file', 'root option@4:31'), line: 4, column: 7 },
        { ...call('send', 'file', 'path@5:17~cwd'), line: 5, column: 7 },
        { ...call('koaSend', 'file', 'path@6:20~cwd'), line: 6, column: 7 },
      ],
    },
  ],
});

typedRuleTester().run('fs-paths knowledge (typed)', reportPaths, {
  valid: [
    {
      name: 'a FileHandle method, and a project function called readFile',
      code: `
import type { FileHandle } from 'node:fs/promises';
const storage = { readFile: (key: string) => key };
export async function f(handle: FileHandle) {
  await handle.readFile('utf8');
  storage.readFile('x');
}
`,
    },
  ],
  invalid: [
    {
      name: 'fs calls resolved by their declarations',
      code: `
import * as fs from 'node:fs';
import { readFile as read } from 'node:fs/promises';
export async function f(a: string, b: string) {
  fs.copyFileSync(a, b);
  await read(a);
  await fs.promises.rm(a);
}
`,
      errors: [
        { ...call('fs.copyFileSync', 'file', 'source path@5:19, destination path@5:22'), line: 5, column: 3 },
        { ...call('read', 'file', 'path@6:14'), line: 6, column: 9 },
        { ...call('fs.promises.rm', 'file', 'path@7:24'), line: 7, column: 9 },
      ],
    },
    {
      name: 'an Express response by its type, whatever it is called',
      code: `
import type { Response } from 'express';
export function serve(out: Response, file: string) {
  out.sendFile(file);
}
`,
      errors: [{ ...call('out.sendFile', 'file', 'path@4:16'), line: 4, column: 3 }],
    },
  ],
});
