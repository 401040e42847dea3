import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import {
  declarationOf,
  getTypeServices,
  importBindingOf,
  matchesSetting,
  memberName,
  originOfDeclaration,
  resolveCallTarget,
  unwrapExpression,
  type CallTarget,
  type ModuleOrigin,
} from './origin.js';
import { getPitfallsSettings } from './settings.js';

/**
 * What the suite knows about raw SQL in TypeScript services: which calls
 * execute SQL text (sinks), which calls make a value safe to splice into it
 * (escapers), which tagged templates bind their interpolations as parameters,
 * and what SQL text looks like.
 *
 * A call is recognised in three ways, most certain first:
 * 1. `settings.pitfalls.sqlSinks` / `sqlEscapers` name it (an in-house wrapper);
 * 2. its origin is known (the type checker followed the callee to the
 *    library's declarations, or this file imports the receiver from the
 *    library): the library and member must match the tables below, and a call
 *    resolved into any other package (`child_process.exec`, `redis.get`) is
 *    not SQL;
 * 3. the origin is unknown (no type information, an `any` receiver, a project
 *    wrapper such as `db.query` in `src/db.ts`): the syntactic fallback counts a
 *    call as a sink only when its member name is a raw-SQL entry point
 *    (`query`, `execute`, `raw`, `prepare`, `exec`, ...) AND its argument
 *    visibly contains SQL ({@link looksLikeSql} on the literal text of the
 *    argument, following local variables). Names that only raw-SQL APIs use
 *    (`whereRaw`, `orderByRaw`, `$queryRawUnsafe`, ...) need no visible SQL.
 */

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** One library's raw-SQL entry point: calls whose argument is executed as SQL text. */
export interface SqlSinkSpec {
  /** How messages name the library: `pg`, `mysql2`, `knex`, `node:sqlite`, ... */
  readonly library: string;
  /** Packages whose declarations (or imports) the member comes from; subpaths (`mysql2/promise`) match too. */
  readonly packages: readonly string[];
  readonly members: readonly string[];
  /** When set, the member must belong to one of these (class, interface, namespace or imported binding). */
  readonly owners?: readonly string[];
  /** Index of the argument carrying the SQL text. */
  readonly argument: number;
  /** Keys of a config-object argument that carry the SQL text (`pool.query({ text, values })`). */
  readonly configKeys?: readonly string[];
  /** The member name is generic (`run`, `all`): even a resolved call counts only when its argument visibly contains SQL. */
  readonly requiresSqlText?: boolean;
}

export const SQL_SINKS: readonly SqlSinkSpec[] = [
  {
    library: 'pg',
    packages: ['pg', 'pg-pool', '@neondatabase/serverless', '@vercel/postgres'],
    members: ['query'],
    argument: 0,
    configKeys: ['text'],
  },
  { library: 'mysql2', packages: ['mysql2', 'mysql'], members: ['query', 'execute'], argument: 0, configKeys: ['sql'] },
  { library: 'mssql', packages: ['mssql'], members: ['query', 'batch'], argument: 0 },
  {
    library: 'knex',
    packages: ['knex'],
    members: [
      'raw',
      'whereRaw',
      'orWhereRaw',
      'andWhereRaw',
      'havingRaw',
      'orHavingRaw',
      'orderByRaw',
      'joinRaw',
      'groupByRaw',
      'fromRaw',
    ],
    argument: 0,
  },
  {
    library: 'sequelize',
    packages: ['sequelize', '@sequelize/core'],
    members: ['query', 'literal'],
    argument: 0,
    configKeys: ['query'],
  },
  { library: 'Prisma', packages: ['@prisma/client'], members: ['$queryRawUnsafe', '$executeRawUnsafe'], argument: 0 },
  { library: 'TypeORM', packages: ['typeorm'], members: ['query'], argument: 0 },
  { library: 'Drizzle', packages: ['drizzle-orm'], members: ['raw'], owners: ['sql'], argument: 0 },
  // `db.execute()` accepts a plain string besides `sql` objects.
  { library: 'Drizzle', packages: ['drizzle-orm'], members: ['execute'], argument: 0 },
  { library: 'Kysely', packages: ['kysely'], members: ['raw', 'lit', 'literal'], argument: 0 },
  { library: 'better-sqlite3', packages: ['better-sqlite3'], members: ['prepare', 'exec'], argument: 0 },
  // `node:sqlite` (`DatabaseSync`) is declared as module `sqlite`, the name the npm `sqlite` wrapper shares.
  { library: 'node:sqlite', packages: ['sqlite'], members: ['prepare', 'exec'], argument: 0 },
  { library: 'sqlite3', packages: ['sqlite3'], members: ['exec', 'prepare'], argument: 0 },
  // A Statement's `run(params)` shares these names, so only visible SQL counts.
  { library: 'sqlite3', packages: ['sqlite3'], members: ['run', 'all', 'get', 'each'], argument: 0, requiresSqlText: true },
  { library: 'postgres', packages: ['postgres'], members: ['unsafe'], argument: 0 },
  { library: 'trino-client', packages: ['trino-client'], members: ['query'], argument: 0 },
];

/** Member names the syntactic fallback accepts (generic names such as `run` or `get` need a resolved origin). */
const FALLBACK_SINK_MEMBERS: ReadonlySet<string> = new Set(
  SQL_SINKS.filter((spec) => !spec.requiresSqlText)
    .flatMap((spec) => spec.members)
    .filter((member) => !['lit', 'literal', 'batch', 'unsafe'].includes(member)),
);

/**
 * Names no other API uses: a knex `whereRaw` on an untyped builder chain
 * receives SQL fragments (`price > ${min}`) that need not read as a statement.
 */
const DISTINCTIVE_SINK_MEMBERS: ReadonlySet<string> = new Set([
  'whereRaw',
  'orWhereRaw',
  'andWhereRaw',
  'havingRaw',
  'orHavingRaw',
  'orderByRaw',
  'joinRaw',
  'groupByRaw',
  'fromRaw',
  '$queryRawUnsafe',
  '$executeRawUnsafe',
]);

export interface SqlSink {
  /** The library (`pg`, `knex`, ...), the `settings.pitfalls.sqlSinks` entry (`./src/db#run`), or `unknown`. */
  readonly library: string;
  /** The called member: `query`, `whereRaw`, `$queryRawUnsafe`, `run`. */
  readonly member: string;
  /** The expression carrying the SQL text (the `text` value of a `{ text, values }` config object). */
  readonly sqlArgument: TSESTree.Expression;
  /** How the sink was recognised: see the module comment. */
  readonly via: 'settings' | 'types' | 'import' | 'syntax';
}

export interface SqlSinkOptions {
  /**
   * Whether a call recognised only by its member name (`db.query(text)` with
   * no known origin) needs SQL visible in its argument. Callers that know the
   * text is SQL from elsewhere (it was written by a model) turn this off and
   * weigh the evidence themselves.
   */
  readonly requireVisibleSql?: boolean;
}

/**
 * The raw-SQL sink a call is, if any. A spread (`query(...args)`) or a
 * missing SQL argument yields undefined: there is no SQL expression to inspect.
 */
export function sqlSinkOf(
  call: TSESTree.CallExpression,
  context: Context,
  { requireVisibleSql = true }: SqlSinkOptions = {},
): SqlSink | undefined {
  if (!mayBeSinkByName(call, context)) return undefined;
  const target = resolveCallTarget(call, context);
  if (!target) return undefined;
  for (const matcher of getPitfallsSettings(context).sqlSinks) {
    if (!matchesSetting(target, matcher)) continue;
    const sqlArgument = argumentAt(call, matcher.argument);
    return sqlArgument && { library: matcher.source, member: target.member, sqlArgument, via: 'settings' };
  }
  const packageName = packageOf(target.origin);
  if (packageName !== undefined) {
    const spec = SQL_SINKS.find(
      (candidate) =>
        belongsTo(packageName, candidate.packages) &&
        candidate.members.includes(target.member) &&
        ownerMatches(candidate, target),
    );
    // Resolved into a package that is not (or not this part of) a SQL library: not a sink.
    if (!spec) return undefined;
    const sqlArgument = sqlArgumentOf(call, spec);
    if (!sqlArgument) return undefined;
    if (spec.requiresSqlText && requireVisibleSql && !looksLikeSql(visibleSqlText(sqlArgument, context))) return undefined;
    return { library: spec.library, member: target.member, sqlArgument, via: target.via === 'types' ? 'types' : 'import' };
  }
  if (!FALLBACK_SINK_MEMBERS.has(target.member)) return undefined;
  const sqlArgument = sqlArgumentOf(call, { argument: 0, configKeys: ['text', 'sql', 'query'] });
  if (!sqlArgument) return undefined;
  if (requireVisibleSql && !DISTINCTIVE_SINK_MEMBERS.has(target.member) && !looksLikeSql(visibleSqlText(sqlArgument, context))) {
    return undefined;
  }
  return { library: 'unknown', member: target.member, sqlArgument, via: 'syntax' };
}

/** Every member name a sink can have: the libraries' and the fallback's. */
const SINK_MEMBERS: ReadonlySet<string> = new Set([...SQL_SINKS.flatMap((spec) => spec.members), ...FALLBACK_SINK_MEMBERS]);

/**
 * The cheap test before any type query: a method call (`pool.query`) is a sink
 * only under one of the sink names (or a name from settings). A bare function
 * call may be an aliased import (`import { run as exec }`), so it goes on to
 * be resolved.
 */
function mayBeSinkByName(call: TSESTree.CallExpression, context: Context): boolean {
  const callee = unwrapExpression(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return true;
  const name = memberName(callee);
  if (name === undefined) return false;
  return SINK_MEMBERS.has(name) || getPitfallsSettings(context).sqlSinks.some((matcher) => matcher.member === name);
}

/** How messages name a sink: pg \`query\`, \`db.query\`, \`run\` (settings.pitfalls.sqlSinks). */
export function describeSink(call: TSESTree.CallExpression, sink: SqlSink, context: Context): string {
  if (sink.via === 'settings') return `\`${sink.member}\` (settings.pitfalls.sqlSinks)`;
  if (sink.via === 'syntax') {
    const callee = context.sourceCode.getText(call.callee).replace(/\s+/g, '');
    return `\`${callee.length <= 40 ? callee : sink.member}\``;
  }
  return `${sink.library} \`${sink.member}\``;
}

function packageOf(origin: ModuleOrigin | undefined): string | undefined {
  return origin && 'packageName' in origin ? origin.packageName : undefined;
}

function belongsTo(packageName: string, packages: readonly string[]): boolean {
  return packages.some((name) => packageName === name || packageName.startsWith(`${name}/`));
}

function ownerMatches(spec: { readonly owners?: readonly string[] }, target: CallTarget): boolean {
  return !spec.owners || target.owner === undefined || spec.owners.includes(target.owner);
}

function argumentAt(call: TSESTree.CallExpression, index: number): TSESTree.Expression | undefined {
  const argument = call.arguments[index];
  return argument && argument.type !== AST_NODE_TYPES.SpreadElement ? argument : undefined;
}

function sqlArgumentOf(
  call: TSESTree.CallExpression,
  spec: Pick<SqlSinkSpec, 'argument' | 'configKeys'>,
): TSESTree.Expression | undefined {
  const argument = argumentAt(call, spec.argument);
  if (!argument) return undefined;
  const inner = unwrapExpression(argument);
  if (inner.type !== AST_NODE_TYPES.ObjectExpression) return argument;
  if (!spec.configKeys) return undefined;
  for (const property of inner.properties) {
    if (property.type !== AST_NODE_TYPES.Property || property.computed) continue;
    const key = property.key.type === AST_NODE_TYPES.Identifier ? property.key.name : String(property.key.value);
    if (spec.configKeys.includes(key) && property.value.type !== AST_NODE_TYPES.AssignmentPattern) {
      return property.value as TSESTree.Expression;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// Escapers: calls whose result may be spliced into SQL text.

interface SqlEscaperSpec {
  readonly library: string;
  readonly packages: readonly string[];
  readonly members: readonly string[];
}

export const SQL_ESCAPERS: readonly SqlEscaperSpec[] = [
  { library: 'pg', packages: ['pg', '@neondatabase/serverless'], members: ['escapeIdentifier', 'escapeLiteral'] },
  // `format.string` is `%s`: not escaped, so not listed.
  { library: 'pg-format', packages: ['pg-format'], members: ['format', 'ident', 'literal', 'withArray'] },
  { library: 'mysql2', packages: ['mysql2', 'mysql', 'sqlstring'], members: ['escape', 'escapeId', 'format'] },
  { library: 'knex', packages: ['knex'], members: ['ref'] },
  { library: 'Kysely', packages: ['kysely'], members: ['ref', 'id', 'table'] },
  { library: 'Drizzle', packages: ['drizzle-orm'], members: ['identifier'] },
  { library: 'slonik', packages: ['slonik'], members: ['identifier'] },
  // The query generator's WHERE builders render escaped SQL from a where-object.
  {
    library: 'sequelize',
    packages: ['sequelize', '@sequelize/core'],
    members: ['escape', 'quoteIdentifier', 'quoteTable', 'getWhereConditions', 'whereQuery', 'whereItemsQuery'],
  },
];

/** Escaper names the syntactic fallback trusts when the callee's origin is unknown. */
const FALLBACK_ESCAPER_MEMBERS: ReadonlySet<string> = new Set([
  'escapeIdentifier',
  'escapeLiteral',
  'escapeId',
  'escape',
  'quoteIdentifier',
  'quoteIdent',
  'quoteLiteral',
  'quoteTable',
  'ref',
  'identifier',
  'getWhereConditions',
  'whereItemsQuery',
]);

export interface SqlEscaper {
  readonly library: string;
  readonly member: string;
  /**
   * Arguments spliced WITHOUT escaping: those a pg-format `%s` consumes (all
   * value arguments when the format string is not a literal). The caller must
   * prove them constant.
   */
  readonly unescapedArguments: readonly TSESTree.Node[];
}

/** The escaper a call is, if its result is safe to splice into SQL text. */
export function sqlEscaperOf(call: TSESTree.CallExpression, context: Context): SqlEscaper | undefined {
  const target = resolveCallTarget(call, context);
  if (!target) return undefined;
  for (const matcher of getPitfallsSettings(context).sqlEscapers) {
    if (matchesSetting(target, matcher)) return { library: matcher.source, member: target.member, unescapedArguments: [] };
  }
  const packageName = packageOf(target.origin);
  if (packageName !== undefined) {
    // `import format from 'pg-format'` binds the function itself under any local name.
    const member =
      belongsTo(packageName, ['pg-format']) && call.callee.type === AST_NODE_TYPES.Identifier ? 'format' : target.member;
    const spec = SQL_ESCAPERS.find((candidate) => belongsTo(packageName, candidate.packages) && candidate.members.includes(member));
    if (!spec) return undefined;
    const unescapedArguments =
      spec.library === 'pg-format' && (member === 'format' || member === 'withArray') ? pgFormatUnescapedArguments(call, member) : [];
    return { library: spec.library, member, unescapedArguments };
  }
  if (!FALLBACK_ESCAPER_MEMBERS.has(target.member)) return undefined;
  // Kysely's `sql.id` is left out: `id` is too generic a name to trust without its origin.
  return { library: 'unknown', member: target.member, unescapedArguments: [] };
}

/**
 * The arguments of a pg-format `format(fmt, ...args)` that `%s` splices raw.
 * `%I` (identifier) and `%L` (literal) escape; `%s` does not.
 */
function pgFormatUnescapedArguments(call: TSESTree.CallExpression, member: string): TSESTree.Node[] {
  const [formatArgument, ...values] = call.arguments;
  const formatText = formatArgument && literalText(formatArgument);
  if (formatText === undefined) return values;
  if (member === 'withArray') return /%(\d+\$)?s/.test(formatText.replaceAll('%%', '')) ? values : [];
  const unescaped = new Set<TSESTree.Node>();
  let next = 0;
  for (const match of formatText.matchAll(/%(?:(\d+)\$)?([sIL%])/g)) {
    const [, position, specifier] = match;
    if (specifier === '%') continue;
    const index = position ? Number(position) - 1 : next++;
    const value = values[index];
    if (specifier === 's' && value) unescaped.add(value);
  }
  return [...unescaped];
}

function literalText(node: TSESTree.Node): string | undefined {
  if (node.type === AST_NODE_TYPES.Literal && typeof node.value === 'string') return node.value;
  if (node.type === AST_NODE_TYPES.TemplateLiteral && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

// ---------------------------------------------------------------------------
// Parameterising tagged templates: `sql\`… ${value}\`` binds `value` as a parameter.

const PARAMETERISING_TAG_PACKAGES = [
  'drizzle-orm',
  'kysely',
  'slonik',
  'postgres',
  '@vercel/postgres',
  '@neondatabase/serverless',
  'sql-template-strings',
  'sql-template-tag',
  '@prisma/client',
  '@databases/pg',
  '@databases/mysql',
  '@databases/sqlite',
  'mssql',
];
const PARAMETERISING_TAG_NAMES: ReadonlySet<string> = new Set(['sql', 'SQL', 'Prisma.sql']);
const PARAMETERISING_TAG_MEMBERS: ReadonlySet<string> = new Set([
  '$queryRaw',
  '$executeRaw',
  'sql',
  'query',
  'fragment',
  'unsafe',
  'type',
  'typeAlias',
]);

/**
 * Whether a tagged template binds its interpolations as parameters:
 * `sql\`…\`` (drizzle, kysely, slonik, postgres, @vercel/postgres,
 * sql-template-strings), `Prisma.sql\`…\``, `prisma.$queryRaw\`…\``,
 * slonik's `sql.type(schema)\`…\``. Without types, a tag named `sql`/`SQL` or
 * one of those members counts; with types, the tag's declaration must come
 * from one of the libraries.
 */
export function isParameterisingTag(node: TSESTree.TaggedTemplateExpression, context: Context): boolean {
  let tag = unwrapExpression(node.tag);
  // slonik `sql.type(schema)\`…\``: the call returns the tag.
  if (tag.type === AST_NODE_TYPES.CallExpression) tag = unwrapExpression(tag.callee);
  const name = tagName(tag);
  if (!name) return false;
  const packageName = packageOf(tagOrigin(tag, context));
  if (packageName !== undefined) return belongsTo(packageName, PARAMETERISING_TAG_PACKAGES);
  // Unresolved, or declared in the project (`const sql = postgres(url)` seen without types): judge by name.
  return PARAMETERISING_TAG_NAMES.has(name) || PARAMETERISING_TAG_MEMBERS.has(name.split('.').at(-1) ?? '');
}

function tagName(tag: TSESTree.Expression): string | undefined {
  if (tag.type === AST_NODE_TYPES.Identifier) return tag.name;
  if (tag.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const member = memberName(tag);
  if (!member) return undefined;
  const object = unwrapExpression(tag.object);
  return object.type === AST_NODE_TYPES.Identifier ? `${object.name}.${member}` : member;
}

function tagOrigin(tag: TSESTree.Expression, context: Context): ModuleOrigin | undefined {
  const services = getTypeServices(context);
  if (services) {
    const checker = services.program.getTypeChecker();
    const nameNode =
      tag.type === AST_NODE_TYPES.MemberExpression && !tag.computed ? tag.property : tag.type === AST_NODE_TYPES.Identifier ? tag : undefined;
    if (nameNode) {
      const tsNode = services.esTreeNodeToTSNodeMap.get(nameNode);
      const declaration = declarationOf(checker, tsNode);
      const fromDeclaration = declaration && originOfDeclaration(declaration);
      if (fromDeclaration && 'packageName' in fromDeclaration) return fromDeclaration;
      // `const sql = postgres(url)`: the variable is local, its type is the library's.
      const typeDeclaration = checker.getTypeAtLocation(tsNode).getSymbol()?.declarations?.[0];
      const fromType = typeDeclaration && originOfDeclaration(typeDeclaration);
      if (fromType && 'packageName' in fromType) return fromType;
      if (fromDeclaration) return fromDeclaration;
    }
  }
  const root = tag.type === AST_NODE_TYPES.MemberExpression ? unwrapExpression(tag.object) : tag;
  if (root.type !== AST_NODE_TYPES.Identifier) return undefined;
  return importBindingOf(root, context)?.origin;
}

// ---------------------------------------------------------------------------
// What SQL text looks like.

/** English words that follow "select … from" / "delete from" / "insert into" in prose, never as table names. */
const PROSE_WORDS = new Set(
  'a an the this that these those your our my their his her its one any some each every all below above following either both which what you them it here there list menu'.split(
    ' ',
  ),
);
const NAME = String.raw`[\w$."\`\[\]{}]+`;
const CLAUSE_AFTER_TABLE = String.raw`(?:$|[;)]|\b(?:where|join|inner|left|right|full|cross|natural|on|using|order|group|having|limit|offset|union|returning|for|as|set|values|select|window|fetch)\b)`;

/**
 * Whether text reads as a SQL statement or clause, case-insensitively:
 * `SELECT … FROM t`, `INSERT INTO t (…)`/`VALUES`, `UPDATE t SET c =`,
 * `DELETE FROM t`, `WITH x AS (`, `CREATE|ALTER|DROP TABLE …`,
 * `TRUNCATE`, `MERGE INTO`. Prose such as "Select an option from the list"
 * or "Delete from your account" is not SQL: the select list and table name
 * must be SQL-shaped (an identifier, `*`, a comma list, a call) and the table
 * is not an English determiner.
 */
export function looksLikeSql(text: string): boolean {
  const flat = text.replace(/\s+/g, ' ');
  return (
    looksLikeSelect(flat) ||
    new RegExp(String.raw`\bupdate\s+${NAME}(?:\s+(?:as\s+)?\w+)?\s+set\s+${NAME}\s*=`, 'i').test(flat) ||
    new RegExp(String.raw`\bwith\s+(?:recursive\s+)?${NAME}\s*(?:\([^)]*\)\s*)?as\s*(?:(?:not\s+)?materialized\s*)?\(`, 'i').test(flat) ||
    new RegExp(
      String.raw`\b(?:create|alter|drop)\s+(?:or\s+replace\s+|temp\s+|temporary\s+|unique\s+|materialized\s+)*(?:table|index|view|schema|database|sequence|function|trigger|type|extension|policy|role)\b`,
      'i',
    ).test(flat) ||
    new RegExp(String.raw`\btruncate\s+(?:table\s+)?${NAME}\s*(?:$|[;,]|\b(?:cascade|restart)\b)`, 'i').test(flat) ||
    new RegExp(String.raw`\bmerge\s+into\s+${NAME}\s+(?:(?:as\s+)?\w+\s+)?using\b`, 'i').test(flat) ||
    tableClause(flat, String.raw`\b(?:insert|replace)\s+(?:(?:ignore|low_priority|delayed|or\s+\w+)\s+)?into\s+(${NAME})`, String.raw`\s*(?:\(|\b(?:values|value|select|set|default|with|overriding)\b)`) ||
    tableClause(flat, String.raw`\bdelete\s+from\s+(${NAME})`, String.raw`(?:\s+(?:as\s+)?\w+)?\s*${CLAUSE_AFTER_TABLE}`)
  );
}

function tableClause(text: string, head: string, after: string): boolean {
  for (const match of text.matchAll(new RegExp(head + after, 'gi'))) {
    if (!PROSE_WORDS.has((match[1] ?? '').toLowerCase())) return true;
  }
  return false;
}

function looksLikeSelect(text: string): boolean {
  const pattern = new RegExp(
    String.raw`\bselect\s+(?:(?:distinct(?:\s+on\s*\([^)]*\))?|all|top\s+\d+)\s+)?(.+?)\s+from\s+(${NAME})(?:\s+(?:as\s+)?(\w+))?\s*${CLAUSE_AFTER_TABLE}`,
    'gi',
  );
  for (const match of text.matchAll(pattern)) {
    const [, list = '', table = '', alias] = match;
    if (PROSE_WORDS.has(table.toLowerCase()) || (alias && PROSE_WORDS.has(alias.toLowerCase()))) continue;
    if (isSelectList(list)) return true;
  }
  return false;
}

/** `*`, `id`, `u.id, u.name`, `count(*) AS n`, `${cols}`: not `an option` or `one`. */
function isSelectList(list: string): boolean {
  if (/[*,().]/.test(list) || list.includes('${') || /"|`/.test(list)) return true;
  const words = list.trim().split(/\s+/);
  if (words.some((word) => PROSE_WORDS.has(word.toLowerCase()))) return false;
  return words.length === 1 || (words.length === 3 && words[1]?.toLowerCase() === 'as');
}

/** Stand-in for a non-literal part of a string whose text is unknown. */
const UNKNOWN_TEXT = '${value}';

/**
 * The literal text visible in an expression that builds a string: literals,
 * template quasis, `+`, `.concat`, `[…].join`, and local variables (their
 * initialiser and later `=`/`+=` writes). Unknown parts read as `${value}`.
 */
/**
 * Statements that take no bind parameters at all (DDL and maintenance
 * commands): the names they need (`CREATE DATABASE ${name}`, `DROP SCHEMA
 * ${schema}`) can only be spliced, so a splice there is not the pitfall of
 * splicing a value where a placeholder belongs. `SET` and `NOTIFY` are not
 * listed: `set_config($1, $2)` and `pg_notify($1, $2)` take parameters.
 */
export function isParameterlessStatement(text: string): boolean {
  return /^\s*(?:create|drop|alter|truncate|grant|revoke|comment\s+on|vacuum|analyze|reindex|cluster|refresh\s+materialized\s+view|listen|unlisten)\b/i.test(
    text,
  );
}

export function visibleSqlText(node: TSESTree.Node, context: Context): string {
  return textOf(node, context, new Set(), 0);
}

function textOf(node: TSESTree.Node, context: Context, seen: Set<TSESLint.Scope.Variable>, depth: number): string {
  if (depth > 12) return UNKNOWN_TEXT;
  const next = (child: TSESTree.Node) => textOf(child, context, seen, depth + 1);
  switch (node.type) {
    case AST_NODE_TYPES.Literal:
      return typeof node.value === 'string' ? node.value : String(node.value);
    case AST_NODE_TYPES.TemplateLiteral:
      return node.quasis.map((quasi, index) => (quasi.value.cooked ?? '') + (index < node.expressions.length ? next(node.expressions[index]!) : '')).join('');
    case AST_NODE_TYPES.TaggedTemplateExpression:
      return next(node.quasi);
    case AST_NODE_TYPES.BinaryExpression:
      return node.operator === '+' ? next(node.left) + next(node.right) : UNKNOWN_TEXT;
    case AST_NODE_TYPES.ConditionalExpression:
      return `${next(node.consequent)} ${next(node.alternate)}`;
    case AST_NODE_TYPES.TSAsExpression:
    case AST_NODE_TYPES.TSNonNullExpression:
    case AST_NODE_TYPES.TSSatisfiesExpression:
    case AST_NODE_TYPES.TSTypeAssertion:
      return next(node.expression);
    case AST_NODE_TYPES.CallExpression: {
      const callee = unwrapExpression(node.callee);
      if (callee.type !== AST_NODE_TYPES.MemberExpression) return UNKNOWN_TEXT;
      const member = memberName(callee);
      if (member === 'concat') return [callee.object, ...node.arguments].map((part) => next(part)).join('');
      if (member === 'join' && callee.object.type === AST_NODE_TYPES.ArrayExpression) {
        const separator = node.arguments[0] ? next(node.arguments[0]) : ',';
        return callee.object.elements.map((element) => (element ? next(element) : '')).join(separator);
      }
      if (member && ['trim', 'toString', 'replace', 'replaceAll'].includes(member)) return next(callee.object);
      return UNKNOWN_TEXT;
    }
    case AST_NODE_TYPES.Identifier: {
      const variable = ASTUtils.findVariable(context.sourceCode.getScope(node), node);
      if (!variable || seen.has(variable) || variable.defs[0]?.type !== 'Variable') return UNKNOWN_TEXT;
      seen.add(variable);
      const writes = variable.references
        .filter((reference) => reference.writeExpr && reference.identifier !== node)
        .map((reference) => next(reference.writeExpr!));
      seen.delete(variable);
      return writes.length > 0 ? writes.join(' ') : UNKNOWN_TEXT;
    }
    default:
      return UNKNOWN_TEXT;
  }
}

// ---------------------------------------------------------------------------
// Types that cannot carry SQL syntax.

/**
 * Whether every value of a type is harmless when spliced into SQL text:
 * numbers, bigints, booleans, null/undefined, string literals and enum
 * members (a union such as `'asc' | 'desc'` or `keyof typeof ALLOWED`).
 * `string`, `any`, `unknown`, objects and template-literal types are not.
 */
export function isSpliceSafeType(type: ts.Type, checker: ts.TypeChecker): boolean {
  if (type.flags & ts.TypeFlags.TypeParameter) {
    const constraint = checker.getBaseConstraintOfType(type);
    return constraint !== undefined && constraint !== type && isSpliceSafeType(constraint, checker);
  }
  if (type.isUnion()) return type.types.every((member) => isSpliceSafeType(member, checker));
  if (type.isIntersection()) return type.types.some((member) => isSpliceSafeType(member, checker));
  const safe =
    ts.TypeFlags.NumberLike |
    ts.TypeFlags.BigIntLike |
    ts.TypeFlags.BooleanLike |
    ts.TypeFlags.StringLiteral |
    ts.TypeFlags.EnumLiteral |
    ts.TypeFlags.Null |
    ts.TypeFlags.Undefined |
    ts.TypeFlags.Void |
    ts.TypeFlags.Never;
  return (type.flags & safe) !== 0;
}

/** Whether a collection type (`readonly Col[]`, `ReadonlySet<Col>`, `Map<Col, …>`, a tuple) holds only splice-safe members. */
export function hasSpliceSafeMembers(type: ts.Type, checker: ts.TypeChecker): boolean {
  if (type.isUnion()) return type.types.every((member) => hasSpliceSafeMembers(member, checker));
  if (!(type.flags & ts.TypeFlags.Object)) return false;
  if (checker.isTupleType(type)) {
    const elements = checker.getTypeArguments(type as ts.TypeReference);
    return elements.length > 0 && elements.every((element) => isSpliceSafeType(element, checker));
  }
  const name = (type.aliasSymbol ?? type.getSymbol())?.getName();
  if (!name || !['Array', 'ReadonlyArray', 'Set', 'ReadonlySet', 'Map', 'ReadonlyMap'].includes(name)) return false;
  const [member] =
    type.aliasTypeArguments ?? (((type as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference) !== 0 ? checker.getTypeArguments(type as ts.TypeReference) : []);
  return member !== undefined && isSpliceSafeType(member, checker);
}
