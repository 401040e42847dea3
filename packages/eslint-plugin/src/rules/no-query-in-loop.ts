import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import { dbQueryOf, dbQueryOfTsCall, sqlOperation, type DbQuery } from '../knowledge/db.js';
import { perElementLoopOf, type PerElementLoop } from '../knowledge/loops.js';
import { calleeName, getTypeServices, memberName, resolveCallTarget, unwrapExpression } from '../knowledge/origin.js';
import { getPitfallsSettings, type ResolvedMatcher } from '../knowledge/settings.js';
import { createRule } from '../util/create-rule.js';
import { ignoreOptionSchema, isFileMatchedBy, TEST_FILE_GLOBS } from '../util/files.js';
import {
  formatChain,
  implementationOf,
  summarizeCall,
  summarizeFunction,
  type Summary,
  type SummaryKind,
} from '../util/summaries.js';

type Options = [
  {
    ignore?: string[];
    maxDepth?: number;
  },
];
type MessageIds = 'queryInLoop' | 'writeInLoop' | 'queryThroughCall' | 'writeThroughCall' | 'queryInComponent';
type Context = Readonly<TSESLint.RuleContext<MessageIds, Options>>;

export default createRule<Options, MessageIds>({
  name: 'no-query-in-loop',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow database queries executed once per element of a loop (N+1 queries)',
      recommended: 'recommended',
      domains: ['data'],
      seed: '000 P4, 001 N+1',
    },
    schema: [
      {
        type: 'object',
        properties: {
          ignore: ignoreOptionSchema('migrations, seed scripts and tests'),
          maxDepth: {
            type: 'integer',
            minimum: 0,
            maximum: 10,
            description:
              'How many project functions deep a call in a loop is followed to find a query (type information needed); 0 turns the interprocedural check off.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [
      {
        // Migrations, seed scripts, CLI scripts and tests run once, alone, on
        // small or fixed data: one query per row there costs no user anything.
        ignore: [
          ...TEST_FILE_GLOBS,
          '**/migrations/**',
          '**/seeds/**',
          '**/seeders/**',
          '**/scripts/**',
          '**/bin/**',
        ],
        // handler → service → repository → database wrapper: the usual layering of a service.
        maxDepth: 3,
      },
    ],
    messages: {
      queryInLoop:
        '`{{query}}` runs a {{library}} query once per element of {{loop}}: N elements cost N round trips (N+1). {{batched}}',
      writeInLoop:
        '`{{query}}` runs a {{library}} write once per element of {{loop}}: N elements cost N round trips. {{batched}}',
      queryThroughCall:
        '`{{call}}` runs a {{library}} query once per element of {{loop}}: it reaches `{{query}}` through {{chain}}. {{batched}}',
      writeThroughCall:
        '`{{call}}` runs a {{library}} write once per element of {{loop}}: it reaches `{{query}}` through {{chain}}. {{batched}}',
      queryInComponent:
        '`<{{component}}>` is an async component rendered once per element of {{loop}}, and it runs a {{library}} query: it reaches `{{query}}` through {{chain}}. Fetch the data for every item once in the parent and pass it down as props. {{batched}}',
    },
  },
  create(context, [options]) {
    if (isFileMatchedBy(context, options.ignore ?? [])) return {};
    const services = getTypeServices(context);
    const maxDepth = options.maxDepth ?? 3;
    const kind = querySummaryKind(getPitfallsSettings(context).dbQueries);

    function checkQuery(node: TSESTree.CallExpression | TSESTree.TaggedTemplateExpression, loop: PerElementLoop): boolean {
      const found = dbQueryOf(node, context);
      if (!found) return false;
      const text = statementText(node);
      const query = withStatementOperation(found, text);
      if (isSchemaChange(query, text) || isSqliteWriteInTransaction(node, query)) return true;
      context.report({
        node,
        messageId: query.operation === 'write' ? 'writeInLoop' : 'queryInLoop',
        data: { query: query.label, library: libraryName(query), loop: loop.description, batched: batchedForm(query) },
      });
      return true;
    }

    function checkThroughCall(node: TSESTree.CallExpression | TSESTree.NewExpression, loop: PerElementLoop): void {
      if (!services || maxDepth < 1 || isDataLoaderCall(node, context)) return;
      const call = services.esTreeNodeToTSNodeMap.get(node);
      if (!ts.isCallExpression(call) && !ts.isNewExpression(call)) return;
      const summary = summarizeCall(services.program, call, kind, { maxDepth });
      if (!summary) return;
      const query = summary.leaf;
      context.report({
        node,
        messageId: query.operation === 'write' ? 'writeThroughCall' : 'queryThroughCall',
        data: {
          call: callText(node, context),
          library: libraryName(query),
          loop: loop.description,
          query: query.label,
          chain: formatChain(summary.chain),
          batched: batchedForm(query),
        },
      });
    }

    /** `items.map((item) => <Tile item={item} />)` where `Tile` is an async server component that queries. */
    function checkComponent(node: TSESTree.JSXOpeningElement): void {
      if (!services || maxDepth < 1) return;
      const element = node.parent;
      const loop = perElementLoopOf(element, context);
      if (!loop) return;
      const summary = asyncComponentSummary(services.program, services.esTreeNodeToTSNodeMap.get(node.name), kind, maxDepth);
      if (!summary) return;
      context.report({
        node: element,
        messageId: 'queryInComponent',
        data: {
          component: context.sourceCode.getText(node.name),
          loop: loop.description,
          library: libraryName(summary.leaf),
          query: summary.leaf.label,
          chain: formatChain(summary.chain),
          batched: batchedForm(summary.leaf),
        },
      });
    }

    // The loop test is syntactic and cheap; the query and summary tests ask the
    // type checker, so they run only for calls that execute once per element.
    return {
      CallExpression(node) {
        const loop = perElementLoopOf(node, context);
        if (loop && !checkQuery(node, loop)) checkThroughCall(node, loop);
      },
      TaggedTemplateExpression(node) {
        const loop = perElementLoopOf(node, context);
        if (loop) checkQuery(node, loop);
      },
      NewExpression(node) {
        const loop = perElementLoopOf(node, context);
        if (loop) checkThroughCall(node, loop);
      },
      JSXOpeningElement: checkComponent,
    };
  },
});

/**
 * The summary the interprocedural check asks for: a query anywhere in the
 * callee's body (async or not), through the project's own functions.
 */
function querySummaryKind(matchers: readonly ResolvedMatcher[]): SummaryKind<DbQuery> {
  return {
    id: `no-query-in-loop:${matchers.map((matcher) => matcher.source).join(',')}`,
    leafOf: (call, checker) => {
      if (ts.isNewExpression(call)) return undefined;
      const query = dbQueryOfTsCall(call, checker, matchers);
      const first = ts.isCallExpression(call) ? call.arguments[0] : undefined;
      const text = ts.isTaggedTemplateExpression(call)
        ? ts.isNoSubstitutionTemplateLiteral(call.template)
          ? call.template.text
          : call.template.head.text
        : first && (ts.isStringLiteralLike(first) ? first.text : ts.isTemplateExpression(first) ? first.head.text : undefined);
      return query && !isSchemaChange(query, text) ? withStatementOperation(query, text) : undefined;
    },
  };
}

/**
 * A `settings.pitfalls.dbQueries` wrapper is read or write by its name
 * (`execute` looks like a write); when it is given literal SQL, the
 * statement's first keyword knows better.
 */
function withStatementOperation(query: DbQuery, text: string | undefined): DbQuery {
  if (!query.library.includes('#') || text === undefined) return query;
  const operation = sqlOperation(text);
  return operation && operation !== query.operation ? { ...query, operation } : query;
}

const SCHEMA_STATEMENT = /^\s*(create|drop|alter|truncate|vacuum|analyze|reindex|cluster|refresh|grant|revoke|comment)\b/i;

/**
 * `DROP DATABASE …` per test database, `VACUUM` per partition,
 * `knex.schema.createTable` per tenant: schema statements take one object
 * each and have no batched form; they are maintenance, not N+1.
 */
function isSchemaChange(query: DbQuery, text: string | undefined): boolean {
  return (text !== undefined && SCHEMA_STATEMENT.test(text)) || /(^|\.)schema\./.test(query.label);
}

function statementText(node: TSESTree.CallExpression | TSESTree.TaggedTemplateExpression): string | undefined {
  if (node.type === AST_NODE_TYPES.TaggedTemplateExpression) return node.quasi.quasis[0]?.value.cooked ?? undefined;
  const first = node.arguments[0];
  if (first?.type === AST_NODE_TYPES.Literal && typeof first.value === 'string') return first.value;
  return first?.type === AST_NODE_TYPES.TemplateLiteral ? (first.quasis[0]?.value.cooked ?? undefined) : undefined;
}

/** An async function component: `async function Tile()` or `const Tile = async () =>`, whose body (or callees) queries. */
function asyncComponentSummary(
  program: ts.Program,
  tagName: ts.Node | undefined,
  kind: SummaryKind<DbQuery>,
  maxDepth: number,
): Summary<DbQuery> | undefined {
  if (!tagName || !ts.isIdentifier(tagName) || !/^[A-Z]/.test(tagName.text)) return undefined;
  const checker = program.getTypeChecker();
  let symbol = checker.getSymbolAtLocation(tagName);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const declaration = symbol?.declarations?.[0];
  const fn = declaration && implementationOf(declaration, checker);
  const isAsync = fn && ts.getModifiers(fn)?.some((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword);
  return fn && isAsync ? summarizeFunction(program, fn, kind, { maxDepth }) : undefined;
}

/**
 * SQLite runs in process: a prepared statement run per row inside one
 * `db.transaction(…)` is better-sqlite3's documented bulk insert, with no
 * round trip to save.
 */
function isSqliteWriteInTransaction(node: TSESTree.Node, query: DbQuery): boolean {
  if (query.operation !== 'write' || (query.library !== 'better-sqlite3' && query.library !== 'sqlite')) return false;
  for (let current = node.parent; current; current = current.parent) {
    if (current.type !== AST_NODE_TYPES.CallExpression) continue;
    const callee = unwrapExpression(current.callee);
    if (callee.type === AST_NODE_TYPES.MemberExpression && memberName(callee) === 'transaction') return true;
  }
  return false;
}

/** `loader.load(id)`, `this.usersById.loadMany(ids)`: DataLoader batches the calls of one tick into one query. */
function isDataLoaderCall(node: TSESTree.CallExpression | TSESTree.NewExpression, context: Context): boolean {
  if (node.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = unwrapExpression(node.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const member = memberName(callee);
  if (member !== 'load' && member !== 'loadMany') return false;
  const target = resolveCallTarget(node, context);
  if (target?.origin && 'packageName' in target.origin && target.origin.packageName === 'dataloader') return true;
  const receiver = calleeName(unwrapExpression(callee.object)) ?? '';
  return /loader/i.test(receiver);
}

// ---------------------------------------------------------------------------
// Messages

const LIBRARY_NAMES: Readonly<Record<string, string>> = {
  prisma: 'Prisma',
  typeorm: 'TypeORM',
  sequelize: 'Sequelize',
  knex: 'Knex',
  kysely: 'Kysely',
  drizzle: 'Drizzle',
  pg: 'pg',
  mysql2: 'mysql2',
  mysql: 'mysql',
  mongoose: 'mongoose',
  'better-sqlite3': 'better-sqlite3',
  sqlite: 'SQLite',
  postgres: 'postgres.js',
};

/** `Prisma`, `pg`, or for a `settings.pitfalls.dbQueries` entry its name (`DatabaseService.execute`). */
function libraryName(query: DbQuery): string {
  return LIBRARY_NAMES[query.library] ?? `\`${query.library.split('#').at(-1) ?? query.library}\``;
}

interface Batched {
  readonly read: string;
  readonly write: string;
}

const MYSQL_BATCHED: Batched = {
  read: 'Fetch every row in one query before the loop, `WHERE id IN (?)` with the array as the value, and group the rows in code.',
  write: 'Write every row in one statement: `INSERT … VALUES ?` with an array of rows, or `WHERE id IN (?)` for updates and deletes.',
};

const BATCHED: Readonly<Record<string, Batched>> = {
  prisma: {
    read: 'Fetch every row in one query before the loop, `findMany({ where: { id: { in: ids } } })`, and look rows up in a Map (for the latest row per group, `distinct` with `orderBy`, or one `DISTINCT ON` query).',
    write: 'Write every row in one call: `createMany({ data: rows })`, or `updateMany`/`deleteMany` with `where: { id: { in: ids } }`.',
  },
  typeorm: {
    read: 'Fetch every row in one query before the loop, `findBy({ id: In(ids) })`, and look rows up in a Map.',
    write: 'Write every row in one call: `save(entities)` or `insert(rows)` with the whole array, or `update({ id: In(ids) }, …)`.',
  },
  sequelize: {
    read: 'Fetch every row in one query before the loop, `findAll({ where: { id: ids } })` (or `include` the association), and look rows up in a Map.',
    write: 'Write every row in one call: `bulkCreate(rows)`, or `update(values, { where: { id: ids } })`.',
  },
  knex: {
    read: "Fetch every row in one query before the loop, `.whereIn('id', ids)`, and group the rows in code.",
    write: "Write every row in one statement: `insert(rows)` with the whole array, or `.whereIn('id', ids).update(…)`.",
  },
  kysely: {
    read: "Fetch every row in one query before the loop, `.where('id', 'in', ids)`, and group the rows in code.",
    write: 'Write every row in one statement: `insertInto(table).values(rows)`, or `.where(\'id\', \'in\', ids)` for updates and deletes.',
  },
  drizzle: {
    read: 'Fetch every row in one query before the loop, `.where(inArray(table.id, ids))`, and group the rows in code.',
    write: 'Write every row in one statement: `insert(table).values(rows)`, or `inArray(table.id, ids)` for updates and deletes.',
  },
  pg: {
    read: 'Fetch every row in one query before the loop, `WHERE id = ANY($1)` with the array as the parameter, and group the rows in code (for the latest row per group, `SELECT DISTINCT ON (group_id) … ORDER BY group_id, created_at DESC`).',
    write: 'Write every row in one statement: a multi-row `INSERT … SELECT * FROM unnest($1::uuid[], $2::text[])`, or `WHERE id = ANY($1)` for updates and deletes.',
  },
  mysql2: MYSQL_BATCHED,
  mysql: MYSQL_BATCHED,
  mongoose: {
    read: 'Fetch every document in one query before the loop, `find({ _id: { $in: ids } })`, and look them up in a Map.',
    write: 'Write every document in one call: `insertMany(docs)` or `bulkWrite(operations)`.',
  },
  postgres: {
    read: 'Fetch every row in one query before the loop, `where id in ${sql(ids)}`, and group the rows in code.',
    write: 'Write every row in one statement: `insert into t ${sql(rows)}`.',
  },
};

const SQL_BATCHED: Batched = {
  read: 'Fetch every row in one query before the loop (`WHERE id IN (…)`, a JOIN, or a grouped query for the latest row per group) and group the rows in code.',
  write: 'Write every row in one statement (a multi-row INSERT, or `WHERE id IN (…)` for updates and deletes), inside one transaction.',
};

function batchedForm(query: DbQuery): string {
  const batched = BATCHED[query.library] ?? SQL_BATCHED;
  return query.operation === 'write' ? batched.write : batched.read;
}

/** `loadMembers()`, `this.members.forCircle()` as written, shortened when the callee is long. */
function callText(node: TSESTree.CallExpression | TSESTree.NewExpression, context: Context): string {
  const text = context.sourceCode.getText(node.callee);
  const short =
    text.length <= 40 && !text.includes('\n')
      ? text
      : (node.callee.type !== AST_NODE_TYPES.Super && calleeName(unwrapExpression(node.callee))) || 'call';
  return node.type === AST_NODE_TYPES.NewExpression ? `new ${short}()` : `${short}()`;
}
