import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { dbQueryOf, sqlOperation, type DbQuery } from '../knowledge/db.js';
import { enclosingRequestHandler, type EnclosingRequestHandler } from '../knowledge/handlers.js';
import { memberName, unwrapExpression } from '../knowledge/origin.js';
import { sqlSinkOf, visibleSqlText } from '../knowledge/sql.js';
import { createRule } from '../util/create-rule.js';

type MessageIds = 'unboundedFind' | 'unboundedSelect';

export default createRule<[], MessageIds>({
  name: 'require-query-limit',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require a row limit on list queries executed inside request handlers',
      recommended: 'strict',
      domains: ['data'],
      seed: '002 P16',
    },
    schema: [],
    messages: {
      unboundedFind:
        '`{{query}}` in this {{handler}} has no `take`: it reads every matching row of the table on every request, so the response, the memory and the query time grow with the table. Pass `take` with a maximum page size and page with a `cursor` (keyset pagination).',
      unboundedSelect:
        '`{{query}}` in this {{handler}} runs a SELECT on `{{table}}` with no LIMIT: it returns every matching row on every request, so the response, the memory and the query time grow with the table. Add `LIMIT $n` with a capped page size and page by key (`WHERE id > $last ORDER BY id`).',
    },
  },
  create(context) {
    function checkOrmFind(node: TSESTree.CallExpression, query: DbQuery, handler: EnclosingRequestHandler): void {
      if (!isUnboundedFind(node, query)) return;
      context.report({ node, messageId: 'unboundedFind', data: { query: query.label, handler: handler.kind } });
    }

    function checkSelect(node: TSESTree.CallExpression, handler: EnclosingRequestHandler): void {
      const sink = sqlSinkOf(node, context);
      if (!sink || isStreamed(node) || READS_ONE_ROW.test(sink.member)) return;
      const text = visibleSqlText(sink.sqlArgument, context);
      const table = unboundedSelectTable(text);
      if (!table) return;
      context.report({
        node,
        messageId: 'unboundedSelect',
        data: { query: calleeText(node, context.sourceCode.getText(node.callee)), handler: handler.kind, table },
      });
    }

    return {
      CallExpression(node) {
        // Which function a call sits in is cheap to ask and cached per function; the
        // query and sink tests ask the type checker, so they run only inside handlers.
        const handler = enclosingRequestHandler(node, context);
        if (!handler) return;
        const query = dbQueryOf(node, context);
        if (query && (query.library === 'prisma' || query.library === 'typeorm') && !isRawMember(node)) {
          checkOrmFind(node, query, handler);
          return;
        }
        checkSelect(node, handler);
      },
    };
  },
});

// ---------------------------------------------------------------------------
// ORM list reads: Prisma `findMany`, TypeORM `find`/`findBy`

/** Prisma and TypeORM list reads; `findUnique`, `findFirst`, `findOne*` read one row. */
const LIST_READS: Readonly<Record<string, ReadonlySet<string>>> = {
  prisma: new Set(['findMany']),
  typeorm: new Set(['find', 'findBy']),
};

function isRawMember(node: TSESTree.CallExpression): boolean {
  const callee = unwrapExpression(node.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression && /^(\$queryRaw|\$executeRaw|query$)/.test(memberName(callee) ?? '');
}

/**
 * `findMany()`, `findMany({ where })`, `find({ order })`, `findBy({ status })`:
 * a list read whose options are visible and set no `take`. An options object
 * built elsewhere (`findMany(args)`) or spread (`{ ...page }`) may carry one,
 * so it is not judged.
 */
function isUnboundedFind(node: TSESTree.CallExpression, query: DbQuery): boolean {
  const callee = unwrapExpression(node.callee);
  const member = callee.type === AST_NODE_TYPES.MemberExpression ? memberName(callee) : undefined;
  if (!member || !LIST_READS[query.library]?.has(member)) return false;
  const [argument] = node.arguments;
  if (!argument) return true;
  const options = unwrapExpression(argument as TSESTree.Expression);
  if (options.type !== AST_NODE_TYPES.ObjectExpression || hasSpread(options)) return false;
  // TypeORM's `findBy(where)` takes the where object itself and has no `take`.
  const where = member === 'findBy' ? options : objectProperty(options, 'where')?.value;
  if (member !== 'findBy' && objectProperty(options, 'take')) return false;
  return !(where && isKeyedWhere(where));
}

/** `where: { id }`, `{ authorId: user.id }`, `{ id: { in: ids } }`, `{ id: In(ids) }`: read by key. */
function isKeyedWhere(where: TSESTree.Node): boolean {
  const value = unwrapExpression(where as TSESTree.Expression);
  if (value.type !== AST_NODE_TYPES.ObjectExpression) return true;
  return value.properties.some((property) => {
    if (property.type !== AST_NODE_TYPES.Property || property.computed) return false;
    const key = property.key.type === AST_NODE_TYPES.Identifier ? property.key.name : String(property.key.value);
    if (!isKeyColumn(key)) return false;
    const inner = property.value;
    if (inner.type !== AST_NODE_TYPES.ObjectExpression) return true;
    return objectProperty(inner, 'in') !== undefined || objectProperty(inner, 'equals') !== undefined;
  });
}

function objectProperty(object: TSESTree.ObjectExpression, name: string): TSESTree.Property | undefined {
  return object.properties.find(
    (property): property is TSESTree.Property =>
      property.type === AST_NODE_TYPES.Property &&
      !property.computed &&
      ((property.key.type === AST_NODE_TYPES.Identifier && property.key.name === name) ||
        (property.key.type === AST_NODE_TYPES.Literal && property.key.value === name)),
  );
}

function hasSpread(object: TSESTree.ObjectExpression): boolean {
  return object.properties.some((property) => property.type === AST_NODE_TYPES.SpreadElement);
}

// ---------------------------------------------------------------------------
// Raw SQL: a SELECT with no LIMIT that is no aggregate and no lookup by key

/** English words ending in `id` that name no key column. */
const NOT_KEYS = new Set(['paid', 'void', 'valid', 'invalid', 'solid', 'hybrid', 'rapid', 'android', 'avoid', 'fluid', 'liquid', 'humid', 'vivid']);

/** Columns unique by convention: a login by email, a page by slug, a token or API key lookup. */
const UNIQUE_BY_CONVENTION = /^(?:e_?mail|user_?name|login|handle|slug|sku|jti|api_?key|token|\w+_token|\w+Token|\w+_hash)$/i;

/** `id`, `uuid`, `user_id`, `authorId`, `tenantid`, `email`, `slug`: primary, foreign and natural keys. */
function isKeyColumn(name: string): boolean {
  if (/^(?:id|uuid|_id)$/i.test(name) || /_(?:id|uuid)$/i.test(name) || /[a-z0-9]Id$/.test(name)) return true;
  if (UNIQUE_BY_CONVENTION.test(name)) return true;
  return /^[a-z]\w*id$/.test(name) && !NOT_KEYS.has(name);
}

/** Stand-in `visibleSqlText` uses for a part of the text it cannot see. */
const UNKNOWN_PART = '${value}';

const AGGREGATE = /\b(?:count|sum|avg|min|max|bool_and|bool_or|every|array_agg|json_agg|jsonb_agg|json_object_agg|string_agg|group_concat|exists)\s*\(/i;
const ROW_LIMIT = /\blimit\b|\bfetch\s+(?:first|next)\b|\btop\s*\(?\s*[\d$@?:]/i;
const KEY_COMPARISON = /(?:[\w"`\]]+\.)?["`[]?(\w+)["`\]]?\)?\s*(?:=\s*(?:any\s*\(\s*)?(?:\$\d+|\?|:\w+|@\w+|\d+)|\bin\s*\(\s*(?:\$\d+|\?|:\w+|@\w+))/gi;

/**
 * The table a SELECT reads every row of, or undefined when the statement is
 * bounded or not judged: it has a LIMIT/FETCH FIRST/TOP, aggregates to one
 * row per group, checks existence (`SELECT 1`, `EXISTS`), reads by key
 * (`WHERE id = $1`, `owner_id = ?`, `id = ANY($1)`, `lower(email) = $1`), returns rows it wrote, or
 * part of its text is not visible (a spliced clause may hold the LIMIT).
 */
function unboundedSelectTable(text: string): string | undefined {
  if (text.includes(UNKNOWN_PART) || sqlOperation(text) !== 'read') return undefined;
  const flat = text.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, ' ').replace(/\s+/g, ' ').trim();
  if (!/^\(?\s*(?:select|with)\b/i.test(flat) || ROW_LIMIT.test(flat) || /\breturning\b/i.test(flat)) return undefined;
  const select = /\bselect\s+(.+?)\s+from\s+([\w$."`[\]]+)/i.exec(flat.slice(flat.search(/\bselect\b/i)));
  if (!select) return undefined;
  const [, list = '', table = ''] = select;
  if (AGGREGATE.test(list) || /^(?:distinct\s+)?(?:\d+|true|null|'[^']*')(?:\s+as\s+\w+)?$/i.test(list.trim())) return undefined;
  const where = /\bwhere\b([\s\S]*)$/i.exec(flat)?.[1];
  if (where && [...where.matchAll(KEY_COMPARISON)].some((match) => isKeyColumn(match[1] ?? ''))) return undefined;
  return table.replace(/["`[\]]/g, '');
}

/**
 * Sinks that return one row whatever the statement selects: sqlite's `get`,
 * pg-promise's `one`/`oneOrNone`, wrappers such as `executeOne`, `queryFirst`,
 * `fetchRow`.
 */
const READS_ONE_ROW = /^(?:get|one)$|(?:one|first|single|row)(?:OrNone|OrNull|OrThrow|OrFail|OrUndefined)?$/i;

/** `connection.query(sql).stream()`: the rows are streamed, not buffered into the response. */
function isStreamed(node: TSESTree.CallExpression): boolean {
  const parent = node.parent;
  return parent.type === AST_NODE_TYPES.MemberExpression && parent.object === node && memberName(parent) === 'stream';
}

/** `pool.query` as written, or its member name when the callee is long. */
function calleeText(node: TSESTree.CallExpression, text: string): string {
  if (text.length <= 40 && !text.includes('\n')) return text;
  const callee = unwrapExpression(node.callee);
  return (callee.type === AST_NODE_TYPES.MemberExpression && memberName(callee)) || 'query';
}
