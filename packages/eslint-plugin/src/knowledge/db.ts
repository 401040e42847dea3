import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import {
  declarationOf,
  getTypeServices,
  importBindingOf,
  calleeNameNode,
  matchesSetting,
  memberName,
  originOfDeclaration,
  resolveCallTarget,
  resolveTsCallTarget,
  unwrapExpression,
  type CallTarget,
  type ModuleOrigin,
} from './origin.js';
import { getPitfallsSettings, type ResolvedMatcher } from './settings.js';
import { enclosingFunction, type EstreeFunction } from '../util/ast.js';

/**
 * Which calls run a database query, by library. The knowledge is a table
 * (`LIBRARIES`): per library, the calls that run a query when made, the ones
 * that execute a query builder, and the lazy queries that only run once they
 * are awaited. Types decide the library by the callee's declaration; without
 * them, the receiver must be bound to the library in this file (an import, a
 * `new Pool()`, an injected repository) or have an unmistakable shape.
 */

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

export type DbOperation = 'read' | 'write';

export interface DbQuery {
  /**
   * `prisma`, `typeorm`, `sequelize`, `knex`, `kysely`, `drizzle`, `pg`, `mysql2`, `mongoose`,
   * `better-sqlite3`, ... or, for a `settings.pitfalls.dbQueries` entry, its source (`./src/db#run`).
   */
  readonly library: string;
  readonly operation: DbOperation;
  /** The call as a reader would name it: `prisma.user.findMany`, `pool.query`, `knex('users').where(…).first`. */
  readonly label: string;
}

/** An operation taken from the SQL text when it is a literal, else the fallback. */
interface SqlOperation {
  readonly sql: DbOperation;
}

type MemberOperation = DbOperation | SqlOperation;

interface LazyQueries {
  /**
   * `top`: the call itself is the lazy query (Prisma's `findMany` returns a
   * PrismaPromise). `chain`: a builder chain started by a starter runs when the
   * last call of the chain is awaited (Knex, Drizzle, mongoose queries).
   */
  readonly at: 'top' | 'chain';
  /** Members that start a lazy query; any member when absent. */
  readonly starters?: Readonly<Record<string, MemberOperation>>;
  /** Whether a builder returned from a plain (non-async) function counts as run (true for promises). */
  readonly promiseLike: boolean;
}

interface LibrarySpec {
  readonly library: string;
  /** Package names whose declarations (or imports) belong to this library. */
  readonly packages: readonly string[];
  /** Calls that run a query as soon as they are made. */
  readonly eager?: Readonly<Record<string, MemberOperation>>;
  /** Calls that execute the builder chain before them. */
  readonly executors?: ReadonlySet<string>;
  readonly lazy?: LazyQueries;
  /** Names anywhere in a chain that make it no query (transactions, migrations, `toSQL`). */
  readonly excluded?: ReadonlySet<string>;
}

const read: DbOperation = 'read';
const write: DbOperation = 'write';
const sqlRead: SqlOperation = { sql: 'read' };
const sqlWrite: SqlOperation = { sql: 'write' };

const names = <T>(operation: T, list: readonly string[]): Record<string, T> =>
  Object.fromEntries(list.map((name) => [name, operation]));

const PRISMA_OPERATIONS: Record<string, MemberOperation> = {
  ...names(read, [
    'findMany', 'findFirst', 'findFirstOrThrow', 'findUnique', 'findUniqueOrThrow', 'count', 'aggregate',
    'groupBy', 'findRaw', 'aggregateRaw',
  ]),
  ...names(write, [
    'create', 'createMany', 'createManyAndReturn', 'update', 'updateMany', 'updateManyAndReturn', 'upsert',
    'delete', 'deleteMany',
  ]),
  ...names(sqlRead, ['$queryRaw', '$queryRawUnsafe', '$queryRawTyped']),
  ...names(sqlWrite, ['$executeRaw', '$executeRawUnsafe', '$runCommandRaw']),
};

const TYPEORM_OPERATIONS: Record<string, MemberOperation> = {
  ...names(read, [
    'find', 'findBy', 'findOne', 'findOneBy', 'findOneOrFail', 'findOneByOrFail', 'findAndCount',
    'findAndCountBy', 'findByIds', 'count', 'countBy', 'exist', 'exists', 'existsBy', 'sum', 'average',
    'minimum', 'maximum', 'preload',
  ]),
  ...names(write, [
    'save', 'insert', 'update', 'upsert', 'delete', 'softDelete', 'restore', 'remove', 'softRemove', 'recover',
    'increment', 'decrement', 'clear',
  ]),
  query: sqlRead,
};

const SEQUELIZE_OPERATIONS: Record<string, MemberOperation> = {
  ...names(read, ['findAll', 'findOne', 'findByPk', 'findAndCountAll', 'findOrBuild', 'count', 'max', 'min', 'sum', 'aggregate', 'reload']),
  ...names(write, [
    'findOrCreate', 'findCreateFind', 'create', 'bulkCreate', 'update', 'destroy', 'upsert', 'increment',
    'decrement', 'truncate', 'restore', 'save',
  ]),
  query: sqlRead,
};

const MONGOOSE_QUERIES: Record<string, MemberOperation> = {
  ...names(read, ['find', 'findOne', 'findById', 'countDocuments', 'estimatedDocumentCount', 'distinct', 'exists', 'where', 'aggregate']),
  ...names(write, [
    'updateOne', 'updateMany', 'replaceOne', 'deleteOne', 'deleteMany', 'findOneAndUpdate',
    'findByIdAndUpdate', 'findOneAndDelete', 'findByIdAndDelete', 'findOneAndReplace', 'findOneAndRemove',
    'findByIdAndRemove',
  ]),
};

const SQLITE_STATEMENTS: Record<string, MemberOperation> = {
  ...names(read, ['all', 'get', 'iterate', 'each']),
  run: write,
  exec: sqlWrite,
};

/** The member name a tagged template with a plain identifier tag (`sql\`…\``) is filed under. */
const TAG_NAME = '``';

const LIBRARIES: readonly LibrarySpec[] = [
  {
    library: 'prisma',
    packages: ['@prisma/client'],
    // `$transaction([...])` runs the batch; the callback form's queries count on their own.
    eager: { $transaction: write },
    lazy: { at: 'top', starters: PRISMA_OPERATIONS, promiseLike: true },
  },
  {
    library: 'typeorm',
    packages: ['typeorm'],
    eager: TYPEORM_OPERATIONS,
    executors: new Set([
      'getOne', 'getOneOrFail', 'getMany', 'getRawOne', 'getRawMany', 'getCount', 'getManyAndCount',
      'getRawAndEntities', 'getExists', 'execute', 'stream',
    ]),
  },
  { library: 'sequelize', packages: ['sequelize', 'sequelize-typescript'], eager: SEQUELIZE_OPERATIONS },
  {
    library: 'knex',
    packages: ['knex'],
    executors: new Set(['first']),
    lazy: { at: 'chain', promiseLike: false },
    excluded: new Set([
      'transaction', 'transactionProvider', 'destroy', 'initialize', 'ref', 'fn', 'migrate', 'seed', 'client',
      'toSQL', 'toString', 'toQuery', 'clone', 'commit', 'rollback', 'savepoint', 'queryBuilder', 'on', 'once',
      'isTransaction', 'userParams', 'withUserParams',
    ]),
  },
  {
    library: 'kysely',
    packages: ['kysely'],
    executors: new Set(['execute', 'executeTakeFirst', 'executeTakeFirstOrThrow', 'stream']),
    excluded: new Set(['transaction', 'connection', 'compile', 'destroy']),
  },
  {
    library: 'drizzle',
    packages: ['drizzle-orm'],
    executors: new Set(['execute', 'all', 'get', 'run']),
    lazy: {
      at: 'chain',
      starters: {
        ...names(read, ['select', 'selectDistinct', 'selectDistinctOn', 'findMany', 'findFirst', '$count', 'with']),
        ...names(write, ['insert', 'update', 'delete']),
      },
      promiseLike: false,
    },
    excluded: new Set(['transaction', '$with', 'toSQL', 'getSQL', 'prepare', 'as']),
  },
  { library: 'pg', packages: ['pg', 'pg-pool'], eager: { query: sqlRead } },
  { library: 'mysql2', packages: ['mysql2'], eager: { query: sqlRead, execute: sqlRead } },
  { library: 'mysql', packages: ['mysql'], eager: { query: sqlRead } },
  {
    library: 'mongoose',
    packages: ['mongoose', '@typegoose/typegoose'],
    eager: { ...names(write, ['create', 'insertMany', 'bulkWrite', 'save']) },
    executors: new Set(['exec']),
    lazy: { at: 'chain', starters: MONGOOSE_QUERIES, promiseLike: false },
  },
  { library: 'better-sqlite3', packages: ['better-sqlite3'], eager: { ...SQLITE_STATEMENTS, pragma: read } },
  // `node:sqlite` (declared as module "node:sqlite", origin `sqlite`), the `sqlite` and `sqlite3` packages.
  { library: 'sqlite', packages: ['sqlite', 'sqlite3'], eager: SQLITE_STATEMENTS },
  {
    library: 'postgres',
    packages: ['postgres'],
    lazy: { at: 'top', starters: { [TAG_NAME]: sqlRead, unsafe: sqlRead }, promiseLike: false },
    excluded: new Set(['begin', 'reserve', 'listen', 'subscribe', 'end']),
  },
];


// ---------------------------------------------------------------------------
// Facts about a call that the table is applied to

type QueryNode = TSESTree.CallExpression | TSESTree.TaggedTemplateExpression;

type Execution = 'yes' | 'if-promise' | 'no';

interface CallFacts {
  /** The called member: `findMany`, `query`, `first`, or `` for `sql\`…\``. */
  readonly member: string;
  /** Every name of the chain from its root to this call: `knex`, `where`, `first`. */
  readonly names: readonly string[];
  /** The first called name of the chain: the builder's starter. */
  readonly starter: string | undefined;
  /**
   * `yes`: awaited, `.then`-ed, returned from an async function or handed to
   * `Promise.all`. `if-promise`: returned from a plain function to a caller
   * that awaits a promise but may still compose a builder. `no`: anything else.
   */
  readonly executed: Execution;
  /** Another builder method is called on the result (`.where()` in `knex('t').where()`), so this is not the end of the chain. */
  readonly continued: boolean;
  readonly sqlText: string | undefined;
  /** `$transaction(async (tx) => …)`: the callback's own queries count, not the call. */
  readonly callbackArgument: boolean;
  readonly label: string;
}

const WRITE_NAMES = new Set([
  'insert', 'update', 'upsert', 'del', 'delete', 'increment', 'decrement', 'truncate', 'merge', 'insertInto',
  'updateTable', 'deleteFrom', 'replaceInto', 'mergeInto', 'softDelete', 'restore',
]);

function specForOrigin(origin: ModuleOrigin | undefined): LibrarySpec | undefined {
  if (!origin || !('packageName' in origin)) return undefined;
  return specForPackage(basePackage(origin.packageName));
}

function specForPackage(packageName: string): LibrarySpec | undefined {
  return LIBRARIES.find((spec) => spec.packages.includes(packageName));
}

/** `mysql2/promise` → `mysql2`, `drizzle-orm/node-postgres` → `drizzle-orm`, `@prisma/client/edge` → `@prisma/client`. */
function basePackage(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

function operationOf(operation: MemberOperation, sqlText: string | undefined): DbOperation {
  if (typeof operation === 'string') return operation;
  return sqlText === undefined ? operation.sql : (sqlOperation(sqlText) ?? operation.sql);
}

/** Read or write, from the statement's first keyword. */
export function sqlOperation(sql: string): DbOperation | undefined {
  const keyword = /^[\s(]*([a-z]+)/i.exec(sql.replace(/^\s*(--[^\n]*\n|\/\*[\s\S]*?\*\/)*/, ''))?.[1]?.toLowerCase();
  if (!keyword) return undefined;
  if (['select', 'show', 'explain', 'describe', 'pragma', 'values', 'table'].includes(keyword)) return 'read';
  if (keyword === 'with') return /\b(insert|update|delete|merge)\b/i.test(sql) ? 'write' : 'read';
  return SQL_WRITE_KEYWORDS.has(keyword) ? 'write' : undefined;
}

const SQL_WRITE_KEYWORDS = new Set([
  'insert', 'update', 'delete', 'merge', 'upsert', 'replace', 'create', 'alter', 'drop', 'truncate', 'copy',
  'call', 'grant', 'revoke', 'lock', 'vacuum', 'refresh', 'reindex', 'comment',
]);

/** The operation of a builder chain: a write if any link writes, else the starter's, else a read. */
function chainOperation(spec: LibrarySpec, facts: CallFacts): DbOperation {
  if (facts.sqlText !== undefined) {
    const fromSql = sqlOperation(facts.sqlText);
    if (fromSql) return fromSql;
  }
  if (facts.names.some((name) => WRITE_NAMES.has(name))) return 'write';
  const starter = facts.starter === undefined ? undefined : spec.lazy?.starters?.[facts.starter];
  return starter === undefined ? 'read' : operationOf(starter, facts.sqlText);
}

/** Applies one library's table to the facts of a call. */
function decide(spec: LibrarySpec, facts: CallFacts): DbQuery | undefined {
  const query = (operation: DbOperation): DbQuery => ({ library: spec.library, operation, label: facts.label });
  // `builder.then(…)`: the builder before it is the query.
  if (PROMISE_CALLBACKS.has(facts.member)) return undefined;
  if (spec.excluded && facts.names.some((name) => spec.excluded!.has(name))) return undefined;
  const eager = spec.eager?.[facts.member];
  if (eager !== undefined && Object.hasOwn(spec.eager!, facts.member)) {
    if (facts.member === '$transaction' && facts.callbackArgument) return undefined;
    return query(operationOf(eager, facts.sqlText));
  }
  if (spec.executors?.has(facts.member)) return facts.continued ? undefined : query(chainOperation(spec, facts));
  const lazy = spec.lazy;
  const runs = facts.executed === 'yes' || (facts.executed === 'if-promise' && lazy?.promiseLike === true);
  if (!lazy || !runs || facts.continued) return undefined;
  if (lazy.at === 'top') {
    const operation = lazy.starters ? lazy.starters[facts.member] : read;
    if (operation === undefined || (lazy.starters && !Object.hasOwn(lazy.starters, facts.member))) return undefined;
    return query(operationOf(operation, facts.sqlText));
  }
  if (lazy.starters && (facts.starter === undefined || !Object.hasOwn(lazy.starters, facts.starter))) return undefined;
  return query(chainOperation(spec, facts));
}

/** A call a user declared in `settings.pitfalls.dbQueries`. */
function settingsQuery(target: CallTarget | undefined, matchers: readonly ResolvedMatcher[], label: string): DbQuery | undefined {
  if (!target) return undefined;
  const matcher = matchers.find((candidate) => matchesSetting(target, candidate));
  if (!matcher) return undefined;
  const operation: DbOperation = /^(create|insert|update|upsert|delete|remove|destroy|save|write|put|set|exec)/i.test(target.member)
    ? 'write'
    : 'read';
  return { library: matcher.source, operation, label };
}

// ---------------------------------------------------------------------------
// ESTree entry point

const queryCache = new WeakMap<TSESTree.Node, DbQuery | null>();

/**
 * The database query a call runs, or undefined. Lazy queries (a Prisma call,
 * a Knex or Drizzle builder) count only where they run: when awaited,
 * `.then`-ed, returned for the caller to await or handed to `Promise.all`;
 * for a builder chain only its last call counts (`await knex('t').where(…)`
 * is one query, reported at `.where(…)`).
 */
export function dbQueryOf(node: QueryNode, context: Context): DbQuery | undefined {
  const cached = queryCache.get(node);
  if (cached !== undefined) return cached ?? undefined;
  const query = computeDbQuery(node, context);
  queryCache.set(node, query ?? null);
  return query;
}

function computeDbQuery(node: QueryNode, context: Context): DbQuery | undefined {
  const chain = readChain(node);
  const facts = factsOf(node, chain);
  if (node.type === AST_NODE_TYPES.CallExpression) {
    const matchers = getPitfallsSettings(context).dbQueries;
    if (matchers.length > 0) {
      const custom = settingsQuery(resolveCallTarget(node, context), matchers, facts.label);
      if (custom) return custom;
    }
  }
  const typed = typedOrigin(node, context);
  if (typed !== undefined) {
    const spec = typed === null ? undefined : specForOrigin(typed);
    return spec ? decide(spec, facts) : undefined;
  }
  const spec = untypedLibrary(chain, context);
  return spec ? decide(spec, facts) : undefined;
}

interface Link {
  readonly name: string;
  readonly called: boolean;
  /** The object the member is read from; undefined for a called root (`knex` in `knex('users')`). */
  readonly receiver: TSESTree.Expression | undefined;
  /** The callee of a call link (`pool.query`, `knex`). */
  readonly callee: TSESTree.Expression | undefined;
  readonly node: TSESTree.Node;
}

interface Chain {
  readonly root: TSESTree.Expression;
  readonly links: readonly Link[];
}

/** `knex('users').where(x).first()` → root `knex`, links knex(), where(), first(). */
function readChain(top: QueryNode): Chain {
  const links: Link[] = [];
  let current: TSESTree.Expression = top;
  for (let depth = 0; depth < 50; depth++) {
    if (current.type === AST_NODE_TYPES.CallExpression || current.type === AST_NODE_TYPES.TaggedTemplateExpression) {
      const callee = unwrapExpression(current.type === AST_NODE_TYPES.CallExpression ? current.callee : current.tag);
      if (callee.type === AST_NODE_TYPES.MemberExpression) {
        links.unshift({ name: memberName(callee) ?? '[]', called: true, receiver: unwrapExpression(callee.object), callee, node: current });
        current = unwrapExpression(callee.object);
        continue;
      }
      if (callee.type === AST_NODE_TYPES.Identifier) {
        const name = current.type === AST_NODE_TYPES.TaggedTemplateExpression ? TAG_NAME : callee.name;
        links.unshift({ name, called: true, receiver: undefined, callee, node: current });
      }
      return { root: callee, links };
    }
    if (current.type === AST_NODE_TYPES.MemberExpression) {
      const receiver = unwrapExpression(current.object);
      links.unshift({ name: memberName(current) ?? '[]', called: false, receiver, callee: undefined, node: current });
      current = unwrapExpression(current.object);
      continue;
    }
    if (current.type === AST_NODE_TYPES.ChainExpression) {
      current = current.expression;
      continue;
    }
    if (current.type === AST_NODE_TYPES.AwaitExpression) {
      current = unwrapExpression(current.argument);
      continue;
    }
    return { root: current, links };
  }
  return { root: current, links };
}

function factsOf(node: QueryNode, chain: Chain): CallFacts {
  const top = chain.links.at(-1);
  const head = chain.links[0]?.node;
  const headText =
    head && head !== node && (head.type === AST_NODE_TYPES.CallExpression || head.type === AST_NODE_TYPES.TaggedTemplateExpression)
      ? sqlTextOf(head)
      : undefined;
  return {
    member: top?.name ?? '',
    // Member names only: a root variable named `client` or `seed` says nothing about the chain.
    names: chain.links.filter((link) => link.receiver !== undefined).map((link) => link.name),
    starter: chain.links.find((link) => link.called)?.name,
    executed: isExecutedHere(node),
    continued: isContinued(node),
    sqlText: sqlTextOf(node) ?? headText,
    callbackArgument:
      node.type === AST_NODE_TYPES.CallExpression &&
      (node.arguments[0]?.type === AST_NODE_TYPES.ArrowFunctionExpression || node.arguments[0]?.type === AST_NODE_TYPES.FunctionExpression),
    label: labelOf(node),
  };
}

function sqlTextOf(node: QueryNode): string | undefined {
  if (node.type === AST_NODE_TYPES.TaggedTemplateExpression) return node.quasi.quasis[0]?.value.cooked ?? undefined;
  const first = node.arguments[0];
  if (!first) return undefined;
  if (first.type === AST_NODE_TYPES.Literal && typeof first.value === 'string') return first.value;
  if (first.type === AST_NODE_TYPES.TemplateLiteral) return first.quasis[0]?.value.cooked ?? undefined;
  if (first.type === AST_NODE_TYPES.TaggedTemplateExpression) return first.quasi.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

const PROMISE_CALLBACKS = new Set(['then', 'catch', 'finally']);
const PROMISE_COMBINATORS = new Set(['all', 'allSettled', 'any', 'race']);
const ARRAY_CALLBACKS = new Set(['map', 'flatMap', 'forEach', 'filter', 'reduce', 'reduceRight', 'some', 'every', 'find', 'findIndex']);

/** Climbs through `as`, `!`, `satisfies`, `?.` and the branches of `?:`, `??`, `||`. */
function transparentParent(node: TSESTree.Node): { node: TSESTree.Node; parent: TSESTree.Node | undefined } {
  let current = node;
  let parent = node.parent;
  while (
    parent &&
    (parent.type === AST_NODE_TYPES.TSAsExpression ||
      parent.type === AST_NODE_TYPES.TSNonNullExpression ||
      parent.type === AST_NODE_TYPES.TSSatisfiesExpression ||
      parent.type === AST_NODE_TYPES.TSTypeAssertion ||
      parent.type === AST_NODE_TYPES.ChainExpression ||
      (parent.type === AST_NODE_TYPES.ConditionalExpression && parent.test !== current) ||
      parent.type === AST_NODE_TYPES.LogicalExpression)
  ) {
    current = parent;
    parent = parent.parent;
  }
  return { node: current, parent };
}

function isExecutedHere(node: QueryNode): Execution {
  const { node: current, parent } = transparentParent(node);
  if (!parent) return 'no';
  switch (parent.type) {
    case AST_NODE_TYPES.AwaitExpression:
      return 'yes';
    case AST_NODE_TYPES.MemberExpression:
      return parent.object === current &&
        PROMISE_CALLBACKS.has(memberName(parent) ?? '') &&
        parent.parent.type === AST_NODE_TYPES.CallExpression &&
        parent.parent.callee === parent
        ? 'yes'
        : 'no';
    case AST_NODE_TYPES.ReturnStatement: {
      const fn = enclosingFunction(parent);
      return fn ? returnedValueRuns(fn) : 'no';
    }
    case AST_NODE_TYPES.ArrowFunctionExpression:
      return parent.body === current ? returnedValueRuns(parent) : 'no';
    case AST_NODE_TYPES.ArrayExpression:
      return isPromiseCombinatorArgument(parent) ? 'yes' : 'no';
    default:
      return 'no';
  }
}

/**
 * Whether a query returned from `fn` runs. An async function awaits what it
 * returns; a callback of `xs.map` only runs its query if the array goes to
 * `Promise.all` (a `$transaction([...])` batch is one query); a plain function
 * hands the value to its caller, which awaits a Prisma promise but may still
 * be composing a Knex builder (`function byTenant(q) { return q.where(…) }`).
 */
function returnedValueRuns(fn: ESFunction): Execution {
  if (fn.async) return 'yes';
  const call = fn.parent;
  if (call?.type === AST_NODE_TYPES.CallExpression && call.arguments.includes(fn as TSESTree.CallExpressionArgument)) {
    const callee = unwrapExpression(call.callee);
    const method = callee.type === AST_NODE_TYPES.MemberExpression ? memberName(callee) : undefined;
    if (method === 'map' || method === 'flatMap') {
      const { parent } = transparentParent(call);
      return parent?.type === AST_NODE_TYPES.CallExpression && isPromiseCombinator(parent) ? 'yes' : 'no';
    }
    if (method && ARRAY_CALLBACKS.has(method)) return 'no';
  }
  return 'if-promise';
}

type ESFunction = EstreeFunction;

function isPromiseCombinator(call: TSESTree.CallExpression): boolean {
  const callee = unwrapExpression(call.callee);
  return (
    callee.type === AST_NODE_TYPES.MemberExpression &&
    callee.object.type === AST_NODE_TYPES.Identifier &&
    callee.object.name === 'Promise' &&
    PROMISE_COMBINATORS.has(memberName(callee) ?? '')
  );
}

function isPromiseCombinatorArgument(array: TSESTree.ArrayExpression): boolean {
  const { node, parent } = transparentParent(array);
  return parent?.type === AST_NODE_TYPES.CallExpression && parent.arguments[0] === node && isPromiseCombinator(parent);
}

function isContinued(node: QueryNode): boolean {
  let current: TSESTree.Node = node;
  let parent = node.parent;
  while (
    parent &&
    (parent.type === AST_NODE_TYPES.TSNonNullExpression ||
      parent.type === AST_NODE_TYPES.TSAsExpression ||
      parent.type === AST_NODE_TYPES.ChainExpression)
  ) {
    current = parent;
    parent = parent.parent;
  }
  return (
    parent?.type === AST_NODE_TYPES.MemberExpression &&
    parent.object === current &&
    !PROMISE_CALLBACKS.has(memberName(parent) ?? '') &&
    parent.parent.type === AST_NODE_TYPES.CallExpression &&
    parent.parent.callee === parent
  );
}

// ---------------------------------------------------------------------------
// Labels

function labelOf(node: QueryNode): string {
  if (node.type === AST_NODE_TYPES.TaggedTemplateExpression) return render(node.tag);
  const callee = unwrapExpression(node.callee);
  return callee.type === AST_NODE_TYPES.Identifier ? render(node) : render(callee);
}

function render(node: TSESTree.Node, depth = 0): string {
  if (depth > 30) return '…';
  switch (node.type) {
    case AST_NODE_TYPES.Identifier:
      return node.name;
    case AST_NODE_TYPES.ThisExpression:
      return 'this';
    case AST_NODE_TYPES.MemberExpression: {
      const name = memberName(node);
      return `${render(node.object, depth + 1)}${name && /^[\w$]+$/.test(name) ? `.${name}` : '[…]'}`;
    }
    case AST_NODE_TYPES.CallExpression: {
      const [first] = node.arguments;
      const short =
        node.arguments.length === 1 && first?.type === AST_NODE_TYPES.Literal && typeof first.value === 'string' && first.value.length <= 24
          ? `'${first.value}'`
          : node.arguments.length > 0
            ? '…'
            : '';
      return `${render(node.callee, depth + 1)}(${short})`;
    }
    case AST_NODE_TYPES.TaggedTemplateExpression:
      return `${render(node.tag, depth + 1)}\`…\``;
    case AST_NODE_TYPES.AwaitExpression:
      return `(await ${render(node.argument, depth + 1)})`;
    case AST_NODE_TYPES.TSNonNullExpression:
    case AST_NODE_TYPES.TSAsExpression:
    case AST_NODE_TYPES.TSSatisfiesExpression:
      return render(node.expression, depth + 1);
    case AST_NODE_TYPES.ChainExpression:
      return render(node.expression, depth + 1);
    default:
      return '…';
  }
}

// ---------------------------------------------------------------------------
// Typed resolution

/**
 * The origin of what the query node calls, by types: a ModuleOrigin, `null`
 * when types resolved it to something that is no library, or undefined when
 * there are no types or the callee is `any` (then the syntactic fallback runs).
 */
function typedOrigin(node: QueryNode, context: Context): ModuleOrigin | null | undefined {
  const services = getTypeServices(context);
  if (!services) return undefined;
  const checker = services.program.getTypeChecker();
  const callee = unwrapExpression(node.type === AST_NODE_TYPES.CallExpression ? node.callee : node.tag);
  const nameNode = calleeNameNode(callee);
  if (!nameNode) return undefined;
  const tsName = services.esTreeNodeToTSNodeMap.get(nameNode);
  const tsCallee = services.esTreeNodeToTSNodeMap.get(callee);
  return originByTypes(checker, tsName, tsCallee);
}

function originByTypes(checker: ts.TypeChecker, nameNode: ts.Node, callee: ts.Node): ModuleOrigin | null | undefined {
  const declaration = declarationOf(checker, nameNode);
  if (!declaration) return undefined;
  const origin = originOfDeclaration(declaration);
  if ('packageName' in origin || !isValueHolder(declaration)) return origin;
  // `db('users')` or `sql\`…\`` where `db`/`sql` is a project variable: the library is in its type.
  const type = checker.getTypeAtLocation(callee);
  const symbol = type.getSymbol() ?? type.aliasSymbol;
  const typeDeclaration = symbol?.declarations?.[0];
  if (!typeDeclaration) return type.flags & ts.TypeFlags.Any ? undefined : null;
  return originOfDeclaration(typeDeclaration);
}

function isValueHolder(declaration: ts.Declaration): boolean {
  return (
    ts.isVariableDeclaration(declaration) ||
    ts.isParameter(declaration) ||
    ts.isPropertyDeclaration(declaration) ||
    ts.isPropertySignature(declaration) ||
    ts.isBindingElement(declaration) ||
    ts.isPropertyAssignment(declaration) ||
    ts.isShorthandPropertyAssignment(declaration)
  );
}

// ---------------------------------------------------------------------------
// Untyped fallback: bindings in this file and unmistakable shapes

function untypedLibrary(chain: Chain, context: Context): LibrarySpec | undefined {
  const top = chain.links.at(-1);
  if (!top?.called) return undefined;
  const firstCall = chain.links.find((link) => link.called);
  const base = chainBaseLibrary(chain, context);

  // Explicit packages first: whatever the chain's base is bound to decides.
  if (base) {
    const spec = specForPackage(base);
    if (spec) return spec;
  }
  const receiverLibrary = top.receiver ? instanceOf(top.receiver, context) : undefined;
  if (receiverLibrary) {
    const spec = specForPackage(receiverLibrary);
    if (spec) return spec;
  }

  // Prisma: `<client>.<model>.<operation>()` with a client named or bound like one.
  if (Object.hasOwn(PRISMA_OPERATIONS, top.name) && top.name !== TAG_NAME) {
    if (top.name.startsWith('$')) return specForPackage('@prisma/client');
    const model = chain.links.at(-2);
    if (model && !model.called && model.receiver && isPrismaClient(model.receiver, context)) return specForPackage('@prisma/client');
  }
  if (top.name === '$transaction' && top.receiver && isPrismaClient(top.receiver, context)) return specForPackage('@prisma/client');

  // TypeORM query builders end in getMany()/getOne()/execute() after createQueryBuilder().
  const typeorm = specForPackage('typeorm')!;
  if (typeorm.executors?.has(top.name) && chain.links.some((link) => link.called && link.name === 'createQueryBuilder')) return typeorm;
  if (Object.hasOwn(TYPEORM_OPERATIONS, top.name) && top.receiver && isTypeormReceiver(top.receiver, context)) return typeorm;

  // Kysely: selectFrom/insertInto/... then execute*(): names no other library uses together.
  const kysely = specForPackage('kysely')!;
  if (kysely.executors?.has(top.name) && firstCall && KYSELY_STARTERS.has(firstCall.name)) return kysely;

  // Drizzle's relational queries: `db.query.users.findMany()`.
  if ((top.name === 'findMany' || top.name === 'findFirst') && chain.links.length >= 3) {
    const queryLink = chain.links.at(-3);
    if (queryLink?.name === 'query' && !queryLink.called && queryLink.receiver && isNamedDatabase(queryLink.receiver)) {
      return specForPackage('drizzle-orm');
    }
  }

  // Models imported from a models/ directory: only names no domain object would use.
  const model = firstCall?.receiver;
  if (model?.type === AST_NODE_TYPES.Identifier && /^[A-Z]/.test(model.name) && isImportedModel(model, context)) {
    const starter = firstCall!.name;
    if (SEQUELIZE_MODEL_NAMES.has(starter)) return specForPackage('sequelize');
    if (MONGOOSE_MODEL_NAMES.has(starter)) return specForPackage('mongoose');
  }
  return undefined;
}

const KYSELY_STARTERS = new Set(['selectFrom', 'insertInto', 'updateTable', 'deleteFrom', 'replaceInto', 'mergeInto', 'selectNoFrom', 'with']);

/** Sequelize statics too specific to be a domain factory. */
const SEQUELIZE_MODEL_NAMES = new Set(['findAll', 'findByPk', 'findAndCountAll', 'findOrCreate', 'bulkCreate', 'destroy']);
/** Mongoose statics too specific to be a domain factory. */
const MONGOOSE_MODEL_NAMES = new Set([
  'findById', 'findOne', 'countDocuments', 'estimatedDocumentCount', 'findOneAndUpdate', 'findByIdAndUpdate',
  'findOneAndDelete', 'findByIdAndDelete', 'insertMany', 'updateOne', 'updateMany', 'deleteOne', 'deleteMany',
  'bulkWrite',
]);

/**
 * The library the chain's base is bound to: `knex` in `knex('users')`, `db`
 * in `db.select()`, `this.knex` in `this.knex('users')`.
 */
function chainBaseLibrary(chain: Chain, context: Context): string | undefined {
  const firstCall = chain.links.find((link) => link.called);
  if (!firstCall) return undefined;
  if (firstCall.receiver === undefined && firstCall.callee) return instanceOf(firstCall.callee, context);
  const calleeLibrary =
    firstCall.callee?.type === AST_NODE_TYPES.MemberExpression && firstCall.receiver?.type === AST_NODE_TYPES.ThisExpression
      ? instanceOf(firstCall.callee, context)
      : undefined;
  return calleeLibrary ?? (firstCall.receiver ? instanceOf(firstCall.receiver, context) : undefined);
}

/** Calls on an instance of a library that return another instance of it. */
const DERIVING_CALLS: Readonly<Record<string, readonly string[]>> = {
  pg: ['connect'],
  'pg-pool': ['connect'],
  mysql2: ['getConnection', 'promise', 'createPool', 'createConnection'],
  mysql: ['getConnection'],
  'better-sqlite3': ['prepare'],
  sqlite: ['prepare', 'open'],
  sqlite3: ['prepare'],
  knex: ['transaction', 'withSchema'],
  typeorm: [
    'getRepository', 'getCustomRepository', 'getTreeRepository', 'getMongoRepository', 'createQueryRunner',
    'withRepository', 'createEntityManager', 'initialize',
  ],
  sequelize: ['define', 'model'],
  mongoose: ['model', 'createConnection'],
  postgres: ['reserve'],
};

/** Properties of an instance that are instances of the same library (`dataSource.manager`). */
const DERIVING_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  typeorm: ['manager'],
  mongoose: ['models'],
};

/** NestJS injection decorators and the library of what they inject. */
const INJECTORS: Readonly<Record<string, string>> = {
  '@nestjs/typeorm': 'typeorm',
  '@nestjs/mongoose': 'mongoose',
  '@nestjs/sequelize': 'sequelize',
  'nest-knexjs': 'knex',
  'nestjs-knex': 'knex',
  '@nestjsplus/knex': 'knex',
};

const TRANSACTION_CALLS = new Set(['transaction', '$transaction', 'begin']);

/**
 * The library whose object an expression holds, judged from this file alone:
 * an import, `new Pool()`, `knex(config)`, `mysql.createPool()`,
 * `await pool.connect()`, `db.prepare(sql)`, a parameter or property typed
 * with the library's types or injected by a NestJS decorator, a class
 * extending the library's base model, or a transaction callback's parameter.
 */
function instanceOf(expression: TSESTree.Node, context: Context, depth = 0): string | undefined {
  if (depth > 5) return undefined;
  const node = isExpressionNode(expression) ? unwrapExpression(expression) : expression;
  if (node.type === AST_NODE_TYPES.Identifier) return instanceOfIdentifier(node, context, depth);
  if (node.type === AST_NODE_TYPES.MemberExpression) {
    const name = memberName(node);
    if (!name) return undefined;
    const object = unwrapExpression(node.object);
    if (object.type === AST_NODE_TYPES.ThisExpression) return instanceOfClassMember(node, name, context, depth);
    const owner = instanceOf(object, context, depth + 1);
    if (owner && DERIVING_PROPERTIES[owner]?.includes(name)) return owner;
    // `sequelize.models.User`
    if (object.type === AST_NODE_TYPES.MemberExpression && memberName(object) === 'models') {
      const library = instanceOf(object.object, context, depth + 1);
      if (library === 'sequelize' || library === 'mongoose') return library;
    }
    return undefined;
  }
  return instanceOfInit(node, context, depth);
}

function isExpressionNode(node: TSESTree.Node): node is TSESTree.Expression {
  return node.type !== AST_NODE_TYPES.SpreadElement && node.type !== AST_NODE_TYPES.Property;
}

function instanceOfIdentifier(identifier: TSESTree.Identifier, context: Context, depth: number): string | undefined {
  const variable = findVariable(context.sourceCode.getScope(identifier), identifier.name);
  const definition = variable?.defs[0];
  if (!definition) return undefined;
  switch (definition.type) {
    case 'ImportBinding':
      return packageOfImport(identifier, context);
    case 'Parameter': {
      const param = definition.name;
      const annotated = param.type === AST_NODE_TYPES.Identifier ? annotationLibrary(param.typeAnnotation, context) : undefined;
      if (annotated) return annotated;
      const holder = param.parent;
      if (holder?.type === AST_NODE_TYPES.TSParameterProperty) return decoratedLibrary(holder.decorators, context);
      return transactionParameterLibrary(definition.node, context, depth);
    }
    case 'Variable': {
      const declarator = definition.node;
      if (declarator.id.type !== AST_NODE_TYPES.Identifier) return undefined;
      const annotated = annotationLibrary(declarator.id.typeAnnotation, context);
      if (annotated) return annotated;
      if (!declarator.init || declarator.parent.kind !== 'const') return undefined;
      return instanceOfInit(declarator.init, context, depth + 1);
    }
    case 'ClassName': {
      // `class User extends Model {}` (sequelize), `class User extends BaseEntity {}` (typeorm)
      const superClass = definition.node.superClass;
      return superClass?.type === AST_NODE_TYPES.Identifier ? packageOfImport(superClass, context) : undefined;
    }
    default:
      return undefined;
  }
}

function instanceOfInit(init: TSESTree.Node, context: Context, depth: number): string | undefined {
  let node = isExpressionNode(init) ? unwrapExpression(init) : init;
  if (node.type === AST_NODE_TYPES.AwaitExpression) node = unwrapExpression(node.argument);
  if (node.type === AST_NODE_TYPES.NewExpression || node.type === AST_NODE_TYPES.CallExpression) {
    const callee = unwrapExpression(node.callee);
    if (callee.type === AST_NODE_TYPES.Identifier) return packageOfImport(callee, context);
    // `require('knex')(config)`
    const required = requiredPackage(callee);
    if (required) return required;
    if (callee.type === AST_NODE_TYPES.MemberExpression) {
      const object = unwrapExpression(callee.object);
      const method = memberName(callee);
      if (object.type === AST_NODE_TYPES.Identifier) {
        const imported = packageOfImport(object, context);
        if (imported) return imported;
      }
      const owner = instanceOf(object, context, depth + 1);
      if (owner && method && DERIVING_CALLS[owner]?.includes(method)) return owner;
    }
    return undefined;
  }
  if (node.type === AST_NODE_TYPES.MemberExpression) return instanceOf(node, context, depth + 1);
  return undefined;
}

/** `this.repo` → the class property or constructor parameter property that declares it. */
function instanceOfClassMember(
  member: TSESTree.MemberExpression,
  name: string,
  context: Context,
  depth: number,
): string | undefined {
  let owner: TSESTree.Node | undefined = member.parent;
  while (owner && owner.type !== AST_NODE_TYPES.ClassBody) owner = owner.parent;
  if (!owner) return undefined;
  for (const element of owner.body) {
    if (
      element.type === AST_NODE_TYPES.PropertyDefinition &&
      !element.computed &&
      element.key.type === AST_NODE_TYPES.Identifier &&
      element.key.name === name
    ) {
      return (
        annotationLibrary(element.typeAnnotation, context) ??
        decoratedLibrary(element.decorators, context) ??
        (element.value ? instanceOfInit(element.value, context, depth + 1) : undefined)
      );
    }
    if (element.type === AST_NODE_TYPES.MethodDefinition && element.kind === 'constructor') {
      for (const param of element.value.params) {
        if (param.type !== AST_NODE_TYPES.TSParameterProperty) continue;
        const inner = param.parameter;
        const id = inner.type === AST_NODE_TYPES.AssignmentPattern ? inner.left : inner;
        if (id.type === AST_NODE_TYPES.Identifier && id.name === name) {
          return annotationLibrary(id.typeAnnotation, context) ?? decoratedLibrary(param.decorators, context);
        }
      }
    }
  }
  return undefined;
}

/** `@InjectRepository(User)` from `@nestjs/typeorm` → `typeorm`. */
function decoratedLibrary(decorators: readonly TSESTree.Decorator[] | undefined, context: Context): string | undefined {
  for (const decorator of decorators ?? []) {
    const expression = unwrapExpression(decorator.expression);
    const callee = expression.type === AST_NODE_TYPES.CallExpression ? unwrapExpression(expression.callee) : expression;
    if (callee.type !== AST_NODE_TYPES.Identifier) continue;
    const binding = importBindingOf(callee, context);
    if (binding && 'packageName' in binding.origin) {
      const library = INJECTORS[binding.origin.packageName];
      if (library) return library;
    } else if (!binding && callee.name === 'InjectRepository') {
      return 'typeorm';
    }
  }
  return undefined;
}

/** `trx` in `knex.transaction(async (trx) => …)`, `tx` in `prisma.$transaction(async (tx) => …)`. */
function transactionParameterLibrary(fn: TSESTree.Node, context: Context, depth: number): string | undefined {
  const call = fn.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || !call.arguments.includes(fn as TSESTree.CallExpressionArgument)) return undefined;
  const callee = unwrapExpression(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || !TRANSACTION_CALLS.has(memberName(callee) ?? '')) return undefined;
  return instanceOf(callee.object, context, depth + 1);
}

/** The package an identifier is imported (or required) from, as its base name. */
function packageOfImport(identifier: TSESTree.Identifier, context: Context): string | undefined {
  const variable = findVariable(context.sourceCode.getScope(identifier), identifier.name);
  const definition = variable?.defs[0];
  const isImport =
    definition?.type === 'ImportBinding' ||
    (definition?.type === 'Variable' && definition.node.init !== null && isRequireCall(definition.node.init));
  if (!isImport) return undefined;
  const binding = importBindingOf(identifier, context);
  return binding && 'packageName' in binding.origin ? basePackage(binding.origin.packageName) : undefined;
}

function requiredPackage(node: TSESTree.Expression): string | undefined {
  if (!isRequireCall(node)) return undefined;
  const argument = (node as TSESTree.CallExpression).arguments[0];
  if (argument?.type !== AST_NODE_TYPES.Literal || typeof argument.value !== 'string' || argument.value.startsWith('.')) return undefined;
  return basePackage(argument.value.replace(/^node:/, ''));
}

function isRequireCall(node: TSESTree.Expression): boolean {
  const inner = unwrapExpression(node);
  return inner.type === AST_NODE_TYPES.CallExpression && inner.callee.type === AST_NODE_TYPES.Identifier && inner.callee.name === 'require';
}

/** `pool: Pool` (pg), `repo: Repository<User>` (typeorm), `db: Knex`, `db: NodePgDatabase` (drizzle-orm/node-postgres). */
function annotationLibrary(annotation: TSESTree.TSTypeAnnotation | undefined, context: Context): string | undefined {
  const type = annotation?.typeAnnotation;
  if (type?.type !== AST_NODE_TYPES.TSTypeReference) return undefined;
  const typeName = type.typeName;
  const identifier =
    typeName.type === AST_NODE_TYPES.Identifier
      ? typeName
      : typeName.type === AST_NODE_TYPES.TSQualifiedName && typeName.left.type === AST_NODE_TYPES.Identifier
        ? typeName.left
        : undefined;
  return identifier ? packageOfImport(identifier, context) : undefined;
}

/** A Prisma client by binding or by the names projects give it: `prisma`, `this.prisma`, `ctx.prisma`, `db`, `tx`. */
function isPrismaClient(expression: TSESTree.Expression, context: Context): boolean {
  const library = instanceOf(expression, context);
  if (library) return library === '@prisma/client';
  const name =
    expression.type === AST_NODE_TYPES.Identifier
      ? expression.name
      : expression.type === AST_NODE_TYPES.MemberExpression
        ? memberName(expression)
        : undefined;
  if (!name) return false;
  if (/prisma/i.test(name)) return true;
  if (expression.type === AST_NODE_TYPES.Identifier) {
    return name === 'db' || name === 'tx' || isTransactionCallbackParameter(expression, context);
  }
  return (
    name === 'db' &&
    expression.type === AST_NODE_TYPES.MemberExpression &&
    unwrapExpression(expression.object).type === AST_NODE_TYPES.ThisExpression
  );
}

function isTransactionCallbackParameter(identifier: TSESTree.Identifier, context: Context): boolean {
  const definition = findVariable(context.sourceCode.getScope(identifier), identifier.name)?.defs[0];
  if (definition?.type !== 'Parameter') return false;
  const call = definition.node.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = unwrapExpression(call.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression && memberName(callee) === '$transaction';
}

/** `db`, `tx`, `this.db`: the names Drizzle's docs and projects use for the database object. */
function isNamedDatabase(expression: TSESTree.Expression): boolean {
  if (expression.type === AST_NODE_TYPES.Identifier) return /^(db|tx|database)$/.test(expression.name);
  return (
    expression.type === AST_NODE_TYPES.MemberExpression &&
    unwrapExpression(expression.object).type === AST_NODE_TYPES.ThisExpression &&
    /^(db|database|drizzle)$/.test(memberName(expression) ?? '')
  );
}

/**
 * A TypeORM repository, entity manager or data source: `getRepository(User)`,
 * `dataSource.getRepository(User)`, `dataSource.manager`, or a receiver bound
 * or typed as one (handled by `instanceOf`).
 */
function isTypeormReceiver(receiver: TSESTree.Expression, context: Context): boolean {
  const library = instanceOf(receiver, context);
  if (library) return library === 'typeorm';
  if (receiver.type === AST_NODE_TYPES.CallExpression) {
    const callee = unwrapExpression(receiver.callee);
    return TYPEORM_REPOSITORY_GETTERS.has(simpleName(callee) ?? '');
  }
  if (receiver.type === AST_NODE_TYPES.MemberExpression && memberName(receiver) === 'manager') {
    const owner = unwrapExpression(receiver.object);
    return /dataSource|connection|queryRunner/i.test(simpleName(owner) ?? '');
  }
  return false;
}

const TYPEORM_REPOSITORY_GETTERS = new Set([
  'getRepository',
  'getCustomRepository',
  'getTreeRepository',
  'getMongoRepository',
  'getManager',
]);

/** `x` for `x` and `a.x`. */
function simpleName(node: TSESTree.Expression): string | undefined {
  if (node.type === AST_NODE_TYPES.Identifier) return node.name;
  return node.type === AST_NODE_TYPES.MemberExpression ? memberName(node) : undefined;
}

/** `import User from '../models/user'` or `'./user.model'`: a project module that holds models. */
function isImportedModel(identifier: TSESTree.Identifier, context: Context): boolean {
  const definition = findVariable(context.sourceCode.getScope(identifier), identifier.name)?.defs[0];
  if (definition?.type !== 'ImportBinding') return false;
  const declaration = definition.parent;
  if (declaration.type !== AST_NODE_TYPES.ImportDeclaration || declaration.importKind === 'type') return false;
  const source = declaration.source.value;
  return source.startsWith('.') && /(^|\/)models?(\/|$)|[./-]model$/i.test(source);
}

function findVariable(scope: TSESLint.Scope.Scope | null, name: string): TSESLint.Scope.Variable | undefined {
  for (let current = scope; current; current = current.upper) {
    const variable = current.set.get(name);
    if (variable) return variable;
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// Interprocedural entry points (TypeScript AST, types only)

/**
 * What can be decided from a resolved call target alone: calls that run a
 * query when made (pg `query`, TypeORM `find`, better-sqlite3 `all`) and
 * builder executors (`execute`, `getMany`). Lazy queries need the call site
 * (was it awaited?); use {@link dbQueryOfTsCall} for those.
 */
export function dbQueryOfTarget(target: CallTarget, matchers: readonly ResolvedMatcher[] = []): DbQuery | undefined {
  const label = target.owner ? `${target.owner}.${target.member}` : target.member;
  const custom = settingsQuery(target, matchers, label);
  if (custom) return custom;
  const spec = specForOrigin(target.origin);
  if (!spec) return undefined;
  const facts: CallFacts = {
    member: target.member,
    names: [target.member],
    starter: undefined,
    executed: 'no',
    continued: false,
    sqlText: undefined,
    // Whether `$transaction` got a batch or a callback is not known from the target.
    callbackArgument: true,
    label,
  };
  return decide(spec, facts);
}

/**
 * The database query a call in the TypeScript AST runs (for walks over other
 * functions' bodies), with the same table and the same "where does a lazy
 * query run" reading as {@link dbQueryOf}. Types only: no syntactic fallback.
 */
export function dbQueryOfTsCall(
  call: ts.CallExpression | ts.TaggedTemplateExpression,
  checker: ts.TypeChecker,
  matchers: readonly ResolvedMatcher[] = [],
): DbQuery | undefined {
  const facts = tsFactsOf(call);
  if (ts.isCallExpression(call) && matchers.length > 0) {
    const custom = settingsQuery(resolveTsCallTarget(call, checker), matchers, facts.label);
    if (custom) return custom;
  }
  const callee = stripTs(ts.isCallExpression(call) ? call.expression : call.tag);
  const nameNode = ts.isPropertyAccessExpression(callee) ? callee.name : ts.isIdentifier(callee) ? callee : undefined;
  if (!nameNode) return undefined;
  const origin = originByTypes(checker, nameNode, callee);
  const spec = origin ? specForOrigin(origin) : undefined;
  return spec ? decide(spec, facts) : undefined;
}

function stripTs(node: ts.Expression): ts.Expression {
  let current = node;
  while (
    ts.isParenthesizedExpression(current) ||
    ts.isNonNullExpression(current) ||
    ts.isAsExpression(current) ||
    ts.isSatisfiesExpression(current) ||
    ts.isTypeAssertionExpression(current)
  ) {
    current = current.expression;
  }
  return current;
}

function tsFactsOf(call: ts.CallExpression | ts.TaggedTemplateExpression): CallFacts {
  const chainNames: string[] = [];
  const called: boolean[] = [];
  let current: ts.Expression = call;
  for (let depth = 0; depth < 50; depth++) {
    current = stripTs(current);
    if (ts.isCallExpression(current) || ts.isTaggedTemplateExpression(current)) {
      const callee = stripTs(ts.isCallExpression(current) ? current.expression : current.tag);
      if (ts.isPropertyAccessExpression(callee)) {
        chainNames.unshift(callee.name.text);
        called.unshift(true);
        current = callee.expression;
        continue;
      }
      if (ts.isIdentifier(callee)) {
        chainNames.unshift(ts.isTaggedTemplateExpression(current) ? TAG_NAME : callee.text);
        called.unshift(true);
      }
      break;
    }
    if (ts.isPropertyAccessExpression(current)) {
      chainNames.unshift(current.name.text);
      called.unshift(false);
      current = current.expression;
      continue;
    }
    if (ts.isAwaitExpression(current)) {
      current = current.expression;
      continue;
    }
    if (ts.isIdentifier(current)) {
      chainNames.unshift(current.text);
      called.unshift(false);
    }
    break;
  }
  const starterIndex = called.indexOf(true);
  const first = ts.isCallExpression(call) ? call.arguments[0] : undefined;
  return {
    member: chainNames.at(-1) ?? '',
    names: chainNames,
    starter: starterIndex === -1 ? undefined : chainNames[starterIndex],
    executed: tsIsExecutedHere(call),
    continued: tsIsContinued(call),
    sqlText: ts.isTaggedTemplateExpression(call) ? tsTemplateHead(call.template) : first ? tsStringHead(first) : undefined,
    callbackArgument: first !== undefined && (ts.isArrowFunction(stripTs(first)) || ts.isFunctionExpression(stripTs(first))),
    label: tsLabelOf(call),
  };
}

function tsTemplateHead(template: ts.TemplateLiteral): string {
  return ts.isNoSubstitutionTemplateLiteral(template) ? template.text : template.head.text;
}

function tsStringHead(node: ts.Expression): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return node.head.text;
  if (ts.isTaggedTemplateExpression(node)) return tsTemplateHead(node.template);
  return undefined;
}

function tsTransparentParent(node: ts.Node): { node: ts.Node; parent: ts.Node | undefined } {
  let current = node;
  let parent: ts.Node | undefined = node.parent;
  while (
    parent &&
    (ts.isParenthesizedExpression(parent) ||
      ts.isAsExpression(parent) ||
      ts.isNonNullExpression(parent) ||
      ts.isSatisfiesExpression(parent) ||
      ts.isTypeAssertionExpression(parent) ||
      (ts.isConditionalExpression(parent) && parent.condition !== current) ||
      (ts.isBinaryExpression(parent) &&
        [ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.AmpersandAmpersandToken].includes(
          parent.operatorToken.kind,
        )))
  ) {
    current = parent;
    parent = parent.parent;
  }
  return { node: current, parent };
}

function tsIsExecutedHere(call: ts.Node): Execution {
  const { node, parent } = tsTransparentParent(call);
  if (!parent) return 'no';
  if (ts.isAwaitExpression(parent)) return 'yes';
  if (ts.isPropertyAccessExpression(parent)) {
    return parent.expression === node &&
      PROMISE_CALLBACKS.has(parent.name.text) &&
      ts.isCallExpression(parent.parent) &&
      parent.parent.expression === parent
      ? 'yes'
      : 'no';
  }
  if (ts.isReturnStatement(parent)) {
    const fn = ts.findAncestor(parent, ts.isFunctionLike);
    return fn ? tsReturnedValueRuns(fn) : 'no';
  }
  if (ts.isArrowFunction(parent)) return parent.body === node ? tsReturnedValueRuns(parent) : 'no';
  if (ts.isArrayLiteralExpression(parent)) {
    const outer = tsTransparentParent(parent);
    return outer.parent !== undefined &&
      ts.isCallExpression(outer.parent) &&
      outer.parent.arguments[0] === outer.node &&
      tsIsPromiseCombinator(outer.parent)
      ? 'yes'
      : 'no';
  }
  return 'no';
}

function tsReturnedValueRuns(fn: ts.SignatureDeclaration): Execution {
  if (ts.getCombinedModifierFlags(fn as ts.Declaration) & ts.ModifierFlags.Async) return 'yes';
  const call = fn.parent;
  if (call && ts.isCallExpression(call) && call.arguments.some((argument) => argument === (fn as ts.Node))) {
    const callee = stripTs(call.expression);
    const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
    if (method === 'map' || method === 'flatMap') {
      const outer = tsTransparentParent(call);
      return outer.parent !== undefined && ts.isCallExpression(outer.parent) && tsIsPromiseCombinator(outer.parent) ? 'yes' : 'no';
    }
    if (method && ARRAY_CALLBACKS.has(method)) return 'no';
  }
  return 'if-promise';
}

function tsIsPromiseCombinator(call: ts.CallExpression): boolean {
  const callee = stripTs(call.expression);
  return (
    ts.isPropertyAccessExpression(callee) &&
    ts.isIdentifier(callee.expression) &&
    callee.expression.text === 'Promise' &&
    PROMISE_COMBINATORS.has(callee.name.text)
  );
}

function tsIsContinued(call: ts.Node): boolean {
  let current = call;
  let parent = call.parent;
  while (parent && (ts.isNonNullExpression(parent) || ts.isAsExpression(parent) || ts.isParenthesizedExpression(parent))) {
    current = parent;
    parent = parent.parent;
  }
  return (
    parent !== undefined &&
    ts.isPropertyAccessExpression(parent) &&
    parent.expression === current &&
    !PROMISE_CALLBACKS.has(parent.name.text) &&
    ts.isCallExpression(parent.parent) &&
    parent.parent.expression === parent
  );
}

function tsLabelOf(call: ts.CallExpression | ts.TaggedTemplateExpression): string {
  if (ts.isTaggedTemplateExpression(call)) return tsRender(call.tag);
  const callee = stripTs(call.expression);
  return ts.isIdentifier(callee) ? tsRender(call) : tsRender(callee);
}

function tsRender(node: ts.Node, depth = 0): string {
  if (depth > 30) return '…';
  if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) return node.text;
  if (node.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  if (ts.isPropertyAccessExpression(node)) return `${tsRender(node.expression, depth + 1)}.${node.name.text}`;
  if (ts.isElementAccessExpression(node)) return `${tsRender(node.expression, depth + 1)}[…]`;
  if (ts.isCallExpression(node)) {
    const [first] = node.arguments;
    const short =
      node.arguments.length === 1 && first && ts.isStringLiteral(first) && first.text.length <= 24
        ? `'${first.text}'`
        : node.arguments.length > 0
          ? '…'
          : '';
    return `${tsRender(node.expression, depth + 1)}(${short})`;
  }
  if (ts.isTaggedTemplateExpression(node)) return `${tsRender(node.tag, depth + 1)}\`…\``;
  if (ts.isParenthesizedExpression(node) || ts.isNonNullExpression(node) || ts.isAsExpression(node)) {
    return tsRender(node.expression, depth + 1);
  }
  if (ts.isAwaitExpression(node)) return `(await ${tsRender(node.expression, depth + 1)})`;
  return '…';
}
