import path from 'node:path';
import * as parser from '@typescript-eslint/parser';
import { ESLintUtils } from '@typescript-eslint/utils';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { splicedValuesOf } from '../../src/knowledge/sql-splices.js';
import { isParameterisingTag, isParameterlessStatement, looksLikeSql, sqlEscaperOf, sqlSinkOf, visibleSqlText } from '../../src/knowledge/sql.js';
import { NOT_SINGLE_RUN, fixtureDir } from '../rule-tester.js';

/** Reports what the knowledge module says about every call and tagged template. */
const probe = ESLintUtils.RuleCreator.withoutDocs({
  meta: { type: 'problem', messages: { found: '{{what}}' }, schema: [] },
  defaultOptions: [],
  create(context) {
    const text = (node: Parameters<typeof context.sourceCode.getText>[0]) => context.sourceCode.getText(node);
    const report = (node: Parameters<typeof context.sourceCode.getText>[0], what: string) =>
      context.report({ node: node!, messageId: 'found', data: { what } });
    return {
      CallExpression(node) {
        const sink = sqlSinkOf(node, context);
        if (sink) {
          report(node, `sink ${sink.library} ${sink.member} ${sink.via} ${text(sink.sqlArgument)}`);
          const splices = splicedValuesOf(sink.sqlArgument, context);
          if (splices.length > 0) report(node, `splices ${splices.map((splice) => `${splice.kind}:${text(splice.value)}`).join(' ')}`);
          report(node, `text ${visibleSqlText(sink.sqlArgument, context)}`);
        }
        const escaper = sqlEscaperOf(node, context);
        if (escaper) report(node, `escaper ${escaper.library} ${escaper.member} [${escaper.unescapedArguments.map(text).join(', ')}]`);
      },
      TaggedTemplateExpression(node) {
        report(node, `tag ${text(node.tag)} ${isParameterisingTag(node, context)}`);
      },
    };
  },
});

const fixtureModule = path.join(fixtureDir, 'sql-db');

function findings(code: string, { typed = false, settings = {} }: { typed?: boolean; settings?: object } = {}): string[] {
  // The typed tester lints from `/` (its cwd), the untyped one from process.cwd(): settings paths follow suit.
  const cwd = typed ? '/' : process.cwd();
  const linter = new Linter({ configType: 'flat', cwd });
  const messages = linter.verify(
    code,
    {
      files: ['**/*.ts'],
      languageOptions: {
        parser,
        parserOptions: typed ? { project: './tsconfig.json', tsconfigRootDir: fixtureDir, ...NOT_SINGLE_RUN } : {},
      },
      plugins: { probe: { rules: { probe: probe as never } } },
      rules: { 'probe/probe': 'error' },
      settings: { pitfalls: settings },
    },
    typed ? path.join(fixtureDir, 'file.ts') : path.relative(cwd, path.join(fixtureDir, 'file.ts')),
  );
  const fatal = messages.find((message) => message.fatal);
  if (fatal) throw new Error(fatal.message);
  return messages.map((message) => message.message);
}

const sinks = (list: string[]) => list.filter((line) => line.startsWith('sink '));

describe('isParameterlessStatement', () => {
  it.each(['CREATE DATABASE x', '  drop schema if exists x cascade', 'ALTER TABLE t ADD COLUMN c int', 'TRUNCATE t', 'GRANT SELECT ON t TO r', 'comment on table t is \'x\'', 'REFRESH MATERIALIZED VIEW v', 'LISTEN ch'])(
    '%s takes no bind parameters',
    (text) => expect(isParameterlessStatement(text)).toBe(true),
  );
  it.each(["SELECT * FROM t WHERE id = 'x'", "SET LOCAL app.user_id = 'x'", "NOTIFY ch, 'x'", 'UPDATE t SET created = now()', 'WITH x AS (DELETE FROM t) SELECT 1'])(
    '%s takes parameters',
    (text) => expect(isParameterlessStatement(text)).toBe(false),
  );
});

describe('looksLikeSql', () => {
  it.each([
    'SELECT * FROM users WHERE id = 1',
    'select id, name from users',
    'select id from users',
    'SELECT count(*) AS n FROM orders o JOIN users u ON u.id = o.user_id',
    'SELECT * FROM ${value} WHERE id = ${value}',
    'insert into audit_log (actor, action) values ($1, $2)',
    'INSERT INTO archive SELECT * FROM events',
    'UPDATE users SET name = $1 WHERE id = $2',
    'update "users" as u set email = ?',
    'DELETE FROM sessions WHERE expires_at < now()',
    'delete from sessions',
    'WITH recent AS (SELECT * FROM events) SELECT * FROM recent',
    'CREATE TABLE IF NOT EXISTS jobs (id serial primary key)',
    'drop index if exists idx_jobs_run_at',
    'TRUNCATE TABLE events',
    'MERGE INTO stock s USING deliveries d ON s.sku = d.sku',
    '\n  SELECT id\n  FROM users\n  WHERE email = $1\n',
  ])('reads %j as SQL', (text) => {
    expect(looksLikeSql(text)).toBe(true);
  });

  it.each([
    '',
    'users',
    'SELECT',
    'Select an option',
    'Select an option from the list',
    'Select one from the list',
    'Please select a plan from the options below',
    'Delete from your account settings',
    'Insert into the slot',
    'Update your profile settings',
    'We update the table set every day',
    'query { user(id: "1") { name } }',
  ])('reads %j as prose, not SQL', (text) => {
    expect(looksLikeSql(text)).toBe(false);
  });
});

describe('sqlSinkOf with type information', () => {
  it('recognises the raw-SQL calls of each library by their declarations', () => {
    const code = `
      import { Pool } from 'pg';
      import mysql from 'mysql2/promise';
      import knexFactory from 'knex';
      import { sql as kysql } from 'kysely';
      import { sql } from 'drizzle-orm';
      import Database from 'better-sqlite3';
      import { DatabaseSync } from 'node:sqlite';
      import { Sequelize } from 'sequelize';
      const pool = new Pool();
      const my = mysql.createPool({});
      const knex = knexFactory({ client: 'pg' });
      const lite = new Database(':memory:');
      const sync = new DatabaseSync(':memory:');
      const sequelize = new Sequelize('sqlite::memory:');
      export async function all() {
        const client = await pool.connect();
        await client.query('SELECT 1 AS a');
        await pool.query({ text: 'SELECT 2 AS b', values: [] });
        await my.execute('SELECT 3 AS c');
        await knex('users').whereRaw('id = 4');
        kysql.raw('5');
        kysql.lit(6);
        sql.raw('7');
        lite.prepare('SELECT 8 AS h').get();
        sync.exec('SELECT 9 AS i');
        await sequelize.query('SELECT 10 AS j');
      }
    `;
    expect(sinks(findings(code, { typed: true }))).toEqual([
      "sink pg query types 'SELECT 1 AS a'",
      "sink pg query types 'SELECT 2 AS b'",
      "sink mysql2 execute types 'SELECT 3 AS c'",
      "sink knex whereRaw types 'id = 4'",
      "sink Kysely raw types '5'",
      'sink Kysely lit types 6',
      "sink Drizzle raw types '7'",
      "sink better-sqlite3 prepare types 'SELECT 8 AS h'",
      "sink node:sqlite exec types 'SELECT 9 AS i'",
      "sink sequelize query types 'SELECT 10 AS j'",
    ]);
  });

  it('does not count a call that types resolve to another package or member', () => {
    const code = `
      import { exec } from 'node:child_process';
      import { Pool } from 'pg';
      const pool = new Pool();
      export async function other(id: string) {
        exec(\`psql -c "SELECT * FROM users WHERE id = \${id}"\`);
        await pool.connect();
        pool.on('error', () => undefined);
      }
    `;
    expect(sinks(findings(code, { typed: true }))).toEqual([]);
  });

  it('skips a spread or missing SQL argument', () => {
    const code = `
      import { Pool } from 'pg';
      const pool = new Pool();
      export async function forward(args: [string, unknown[]]) {
        await pool.query(...args);
      }
    `;
    expect(findings(code, { typed: true })).toEqual([]);
  });

  it('recognises an in-house wrapper named in settings.pitfalls.sqlSinks', () => {
    const code = `
      import { run } from './sql-db.js';
      export const users = () => run('SELECT * FROM users');
    `;
    const settings = { sqlSinks: [{ module: `./${path.relative('/', fixtureModule)}`, name: 'run' }] };
    expect(sinks(findings(code, { typed: true, settings }))).toEqual([
      `sink ./${path.relative('/', fixtureModule)}#run run settings 'SELECT * FROM users'`,
    ]);
    expect(sinks(findings(code, { typed: true }))).toEqual([]);
  });
});

describe('sqlSinkOf without type information', () => {
  it('follows imports and `new`/factory bindings', () => {
    const code = `
      import { PrismaClient } from '@prisma/client';
      import { DataSource } from 'typeorm';
      import sqlite3 from 'sqlite3';
      import postgres from 'postgres';
      import { literal } from 'sequelize';
      const prisma = new PrismaClient();
      const sql = postgres(process.env.DATABASE_URL);
      const dataSource = new DataSource({ type: 'postgres' });
      const db = new sqlite3.Database(':memory:');
      export async function all(name: string) {
        await prisma.$queryRawUnsafe('SELECT 1');
        await dataSource.query('SELECT 2');
        db.all('SELECT * FROM users WHERE name = ?', [name]);
        db.run(name);
        await sql.unsafe('SELECT 3');
        literal('COUNT(*)');
      }
    `;
    expect(sinks(findings(code))).toEqual([
      "sink Prisma $queryRawUnsafe import 'SELECT 1'",
      "sink TypeORM query import 'SELECT 2'",
      "sink sqlite3 all import 'SELECT * FROM users WHERE name = ?'",
      "sink postgres unsafe import 'SELECT 3'",
      "sink sequelize literal import 'COUNT(*)'",
    ]);
  });

  it('falls back to the member name plus visible SQL when the receiver is unknown', () => {
    const code = `
      export async function handler(db: any, http: any, knexQuery: any, id: string) {
        const sql = 'DELETE FROM sessions WHERE user_id = ' + id;
        await db.query(sql);
        await http.query('/users/' + id);
        await db.execute({ sql: 'SELECT * FROM users' });
        await knexQuery.whereRaw('price > 10');
        await db.query('Select an option from the list');
      }
    `;
    expect(sinks(findings(code))).toEqual([
      'sink unknown query syntax sql',
      "sink unknown execute syntax 'SELECT * FROM users'",
      "sink unknown whereRaw syntax 'price > 10'",
    ]);
  });

  it('does not count a call imported from a package that is not SQL', () => {
    const code = `
      import { exec } from 'node:child_process';
      import got from 'got';
      export function run(id: string) {
        exec('psql -c "SELECT * FROM users WHERE id = ' + id + '"');
        return got.query('SELECT * FROM users');
      }
    `;
    expect(sinks(findings(code))).toEqual([]);
  });

  it('recognises an in-house wrapper named in settings, relative to the working directory', () => {
    const code = `
      import { run } from './sql-db.js';
      export const users = () => run('SELECT * FROM users');
    `;
    const module = `./${path.relative(process.cwd(), fixtureModule)}`;
    expect(sinks(findings(code, { settings: { sqlSinks: [{ module, name: 'run' }] } }))).toEqual([
      `sink ${module}#run run settings 'SELECT * FROM users'`,
    ]);
  });
});

describe('visibleSqlText and splicedValuesOf', () => {
  it('reads the text of a string built over local variables', () => {
    const code = `
      declare const db: any;
      export function search(term: string) {
        let sql = 'SELECT * FROM products';
        sql += " WHERE name LIKE '%" + term + "%'";
        return db.query(sql);
      }
    `;
    expect(findings(code).filter((line) => !line.startsWith('sink '))).toEqual([
      'splices concatenated:term',
      // Each write of `sql` in turn, separated by a space.
      "text SELECT * FROM products  WHERE name LIKE '%${value}%'",
    ]);
  });

  it('lists the spliced values in text order, not the constant fragments', () => {
    const code = `
      import { Pool } from 'pg';
      const pool = new Pool();
      const COLUMNS = ['name', 'email'];
      export function update(id: string, patch: Record<string, string>) {
        const sets = COLUMNS.filter((c) => c in patch).map((c, i) => \`\${c} = $\${i + 2}\`);
        return pool.query(\`UPDATE users SET \${sets.join(', ')}, note = '\${patch.note}' WHERE id = \${id}\`);
      }
    `;
    expect(findings(code, { typed: true }).filter((line) => line.startsWith('splices '))).toEqual([
      'splices interpolated:patch.note interpolated:id',
    ]);
  });
});

describe('sqlEscaperOf', () => {
  it('knows which pg-format specifiers escape', () => {
    const code = `
      import format from 'pg-format';
      export function build(table: string, owner: string, note: string) {
        format('SELECT * FROM %I WHERE owner = %L', table, owner);
        format('SELECT * FROM %I WHERE note = %s', table, note);
        format('UPDATE %2$I SET note = %1$s', note, table);
        format.ident(table);
      }
    `;
    expect(findings(code, { typed: true })).toEqual([
      'escaper pg-format format []',
      'escaper pg-format format [note]',
      'escaper pg-format format [note]',
      'escaper pg-format ident []',
    ]);
  });

  it('knows the escapers of pg, mysql2 and knex', () => {
    const code = `
      import { Pool } from 'pg';
      import mysql from 'mysql2/promise';
      import knexFactory from 'knex';
      const pool = new Pool();
      const my = mysql.createPool({});
      const knex = knexFactory({ client: 'pg' });
      export async function build(name: string) {
        const client = await pool.connect();
        client.escapeIdentifier(name);
        my.escapeId(name);
        my.escape(name);
        knex.ref(name);
      }
    `;
    expect(findings(code, { typed: true })).toEqual([
      'escaper pg escapeIdentifier []',
      'escaper mysql2 escapeId []',
      'escaper mysql2 escape []',
      'escaper knex ref []',
    ]);
  });

  it('ignores an escape function of a package that does not escape SQL', () => {
    const code = `
      import _ from 'lodash';
      import { quote } from './sql-helpers.js';
      export const html = (name: string) => _.escape(name) + quote(name);
    `;
    expect(findings(code)).toEqual([]);
    expect(findings(code, { settings: { sqlEscapers: [{ module: './sql-helpers', name: 'quote' }] } })).toEqual([]);
    const module = `./${path.relative(process.cwd(), path.join(fixtureDir, 'sql-helpers'))}`;
    expect(findings(code, { settings: { sqlEscapers: [{ module, name: 'quote' }] } })).toEqual([
      `escaper ${module}#quote quote []`,
    ]);
  });
});

describe('isParameterisingTag', () => {
  it('knows the parameterising tags by declaration', () => {
    const code = `
      import { sql } from 'drizzle-orm';
      import { sql as kysql } from 'kysely';
      export const tags = (id: string) => [sql\`SELECT \${id}\`, kysql\`SELECT \${id}\`, String.raw\`SELECT \${id}\`];
    `;
    expect(findings(code, { typed: true })).toEqual(['tag sql true', 'tag kysql true', 'tag String.raw false']);
  });

  it('knows them by name without types', () => {
    const code = `
      import { Prisma, PrismaClient } from '@prisma/client';
      import dedent from 'dedent';
      const prisma = new PrismaClient();
      declare const sql: any;
      export const tags = (id: string) => [
        Prisma.sql\`SELECT \${id}\`,
        prisma.$queryRaw\`SELECT \${id}\`,
        sql.type(schema)\`SELECT \${id}\`,
        sql\`SELECT \${id}\`,
        dedent\`SELECT \${id}\`,
      ];
    `;
    expect(findings(code)).toEqual([
      'tag Prisma.sql true',
      'tag prisma.$queryRaw true',
      'tag sql.type(schema) true',
      'tag sql true',
      'tag dedent false',
    ]);
  });
});
