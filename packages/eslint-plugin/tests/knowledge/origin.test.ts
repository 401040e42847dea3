import path from 'node:path';
import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { originOfSpecifier, packageNameOfFile, resolveCallTarget } from '../../src/knowledge/origin.js';
import { createRule } from '../../src/util/create-rule.js';
import { fixtureDir, typedRuleTester, untypedRuleTester } from '../rule-tester.js';

describe('packageNameOfFile', () => {
  it.each([
    ['/p/node_modules/@types/pg/index.d.ts', 'pg'],
    ['/p/node_modules/pg/lib/index.js', 'pg'],
    ['/p/node_modules/@types/babel__core/index.d.ts', '@babel/core'],
    ['/p/node_modules/@prisma/client/index.d.ts', '@prisma/client'],
    ['/p/node_modules/.prisma/client/index.d.ts', '@prisma/client'],
    ['/p/node_modules/a/node_modules/knex/types/index.d.ts', 'knex'],
    ['C:\\p\\node_modules\\mysql2\\promise.d.ts', 'mysql2'],
    ['/p/src/db.ts', undefined],
  ])('%s belongs to %s', (file, expected) => {
    expect(packageNameOfFile(file)).toBe(expected);
  });
});

describe('originOfSpecifier', () => {
  it('resolves relative specifiers against the importing file', () => {
    expect(originOfSpecifier('./db.js', '/repo/src/routes/users.ts')).toEqual({ modulePath: '/repo/src/routes/db' });
  });
  it('drops the node: prefix of builtins', () => {
    expect(originOfSpecifier('node:fs', '/repo/a.ts')).toEqual({ packageName: 'fs' });
  });
});

// A test-only rule that reports what resolveCallTarget says about every call.
const describeCalls = createRule({
  name: 'describe-calls',
  meta: {
    type: 'problem',
    docs: { description: 'test', recommended: 'strict', domains: ['data'], seed: 'test' },
    messages: { target: '{{target}}' },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    const report = (node: TSESTree.CallExpression | TSESTree.NewExpression) => {
      const target = resolveCallTarget(node, context);
      if (!target) return;
      const origin = !target.origin
        ? '?'
        : 'packageName' in target.origin
          ? target.origin.packageName
          : path.relative(fixtureDir, target.origin.modulePath) || '.';
      context.report({ node, messageId: 'target', data: { target: `${target.via}:${origin}:${target.owner ?? ''}.${target.member}` } });
    };
    return { CallExpression: report, NewExpression: report };
  },
});

const targets = (...list: string[]) => list.map((target) => ({ messageId: 'target' as const, data: { target } }));

untypedRuleTester().run('resolveCallTarget without types', describeCalls, {
  valid: ['const x = 1;', 'obj[key]();'],
  invalid: [
    {
      code: "import { readFileSync as read } from 'node:fs';\nread('a');",
      errors: targets('import:fs:.readFileSync'),
    },
    {
      code: "import fs from 'fs';\nfs.readFileSync('a');",
      errors: targets('import:fs:.readFileSync'),
    },
    {
      code: "const fs = require('fs');\nfs.statSync('a');",
      errors: targets('none:?:.require', 'import:fs:.statSync'),
    },
    {
      code: "const { execSync } = require('child_process');\nexecSync('ls');",
      errors: targets('none:?:.require', 'import:child_process:.execSync'),
    },
    {
      code: "import { Pool } from 'pg';\nconst pool = new Pool();\npool.query('select 1');",
      errors: targets('import:pg:.Pool', 'import:pg:Pool.query'),
    },
    {
      code: "import mysql from 'mysql2/promise';\nconst db = mysql.createPool({});\ndb.execute('select 1');",
      errors: targets('import:mysql2/promise:.createPool', 'import:mysql2/promise:.execute'),
    },
    {
      code: 'function run() {}\nrun();\nthis.db.query("x");',
      errors: targets('none:?:.run', 'none:?:.query'),
    },
  ],
});

typedRuleTester().run('resolveCallTarget with types', describeCalls, {
  valid: ['const x = 1;'],
  invalid: [
    {
      code: "import { Pool } from 'pg';\nconst pool = new Pool();\nexport async function f() { await pool.query('select 1'); }",
      errors: targets('types:pg:.Pool', 'types:pg:Pool.query'),
    },
    {
      code: "import * as fs from 'node:fs';\nfs.readFileSync('a');",
      errors: targets('types:fs:.readFileSync'),
    },
    {
      code: "import { DatabaseSync } from 'node:sqlite';\nconst db = new DatabaseSync(':memory:');\ndb.prepare('select 1').all();",
      errors: targets('types:sqlite:.DatabaseSync', 'types:sqlite:StatementSync.all', 'types:sqlite:DatabaseSync.prepare'),
    },
    {
      code: 'class Repo { find() { return 1; } }\nnew Repo().find();',
      errors: targets('types:file:Repo.find', 'types:file:.Repo'),
    },
  ],
});
