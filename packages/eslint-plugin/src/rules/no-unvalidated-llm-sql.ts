import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import { calleeName, getTypeServices, resolveCallTarget, resolveTsCallTarget, unwrapExpression } from '../knowledge/origin.js';
import { describeSink, isSpliceSafeType, looksLikeSql, sqlSinkOf, visibleSqlText, type SqlSink } from '../knowledge/sql.js';
import { traceTaint, type TaintSource, type TaintTrace } from '../knowledge/taint.js';
import { enclosingFunction, isNode } from '../util/ast.js';
import { createRule } from '../util/create-rule.js';

type MessageId = 'modelSql' | 'requestSql';
type Options = [{ validators?: string[]; validatorPattern?: string; maxDepth?: number }];
type Context = Readonly<TSESLint.RuleContext<MessageId, Options>>;

/** The catalog's default: names that say they validate SQL. */
const DEFAULT_VALIDATOR_PATTERN = String.raw`validate|assert(ReadOnly|Select)|parse.*sql|sanitize.*sql|check.*sql`;

/** SQL parsers whose AST, checked for its statement type, is validation. */
const SQL_PARSER_PACKAGES = ['node-sql-parser', 'pgsql-ast-parser', 'sql-parser-cst', '@guanmingchiu/sqlparser-ts', 'sqlite-parser'];
const SQL_PARSE_METHODS = new Set(['astify', 'parse', 'parseFirst', 'parseSql']);

/** Names that say a value holds SQL text, for sinks recognised by their name alone. */
const SQL_NAME = /sql|query|statement|stmt/i;
/** Receivers that are database handles, for the same purpose. */
const DB_RECEIVER = /^(?:db|database|pool|pg|sql|knex|conn|connection|trino|warehouse|tx|trx|prisma|sequelize|client)$|db$|pool$/i;

const ADVICE =
  'Parse it and accept only a single read-only SELECT on known tables (e.g. node-sql-parser `astify` and a statement-type check), then run it as a read-only role with a statement timeout and a row limit.';

export default createRule<Options, MessageId>({
  name: 'no-unvalidated-llm-sql',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow running SQL written by a language model or sent whole in a request without validating it',
      recommended: 'recommended',
      domains: ['data', 'llm'],
      seed: '002 P2, P3',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          validators: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            uniqueItems: true,
            description: 'Extra names of functions or methods that validate SQL (`ensureSafeQuery`), besides `validatorPattern`.',
          },
          validatorPattern: {
            type: 'string',
            minLength: 1,
            description: 'Regular expression (case-insensitive) for names of functions that validate SQL.',
          },
          maxDepth: {
            type: 'integer',
            minimum: 1,
            maximum: 10,
            description: 'How many function bodies deep to follow imported helpers that call a model (needs type information).',
          },
        },
      },
    ],
    defaultOptions: [{ validators: [], validatorPattern: DEFAULT_VALIDATOR_PATTERN, maxDepth: 3 }],
    messages: {
      modelSql: `SQL written by a model ({{origin}}) reaches {{sink}} without validation: the model writes the whole statement, so parameters cannot protect it. ${ADVICE}`,
      requestSql: `{{origin}} is executed as a whole SQL statement by {{sink}} without validation: the client writes the statement. ${ADVICE}`,
    },
  },
  create(context, [options]) {
    const validatorPattern = compilePattern(options.validatorPattern ?? DEFAULT_VALIDATOR_PATTERN);
    const validatorNames = new Set(options.validators ?? []);
    const isValidatorName = (name: string | undefined) => name !== undefined && (validatorNames.has(name) || validatorPattern.test(name));
    const isValidation = (call: TSESTree.CallExpression) =>
      isValidatorName(calleeName(call.callee)) || isCheckedSqlParse(call, context);
    const traceOptions = {
      sources: ['llm', 'request'] as const,
      isSanitizer: isValidation,
      models: {
        isTsValidation: (call: ts.CallExpression | ts.NewExpression, checker: ts.TypeChecker) =>
          isValidatorName(tsCalleeName(call)) || isTsSqlParse(call, checker),
        validationId: `${validatorPattern.source}|${[...validatorNames].join(',')}`,
        maxDepth: options.maxDepth ?? 3,
      },
    };
    let validationCalls: TSESTree.CallExpression[] | undefined;

    return {
      CallExpression(call) {
        const sink = sqlSinkOf(call, context, { requireVisibleSql: false });
        if (!sink || hasSpliceSafeType(sink.sqlArgument, context)) return;
        const trace = traceTaint(sink.sqlArgument, context, traceOptions);
        const origin = reportableOrigin(trace);
        if (!origin) return;
        if (sink.via === 'syntax' && !looksLikeSqlSink(call, sink, trace, context)) return;
        validationCalls ??= collectValidationCalls(context.sourceCode.ast, context, isValidation);
        if (isValidatedBefore(trace, validationCalls, context)) return;
        const sinkText = describeSink(call, sink, context);
        if (origin.kind === 'llm') {
          const where = origin.chain ?? `${origin.label}, line ${origin.node.loc.start.line}`;
          context.report({ node: call, messageId: 'modelSql', data: { origin: where, sink: sinkText } });
        } else {
          context.report({ node: call, messageId: 'requestSql', data: { origin: `\`${origin.label}\``, sink: sinkText } });
        }
      },
    };
  },
});

function compilePattern(source: string): RegExp {
  try {
    return new RegExp(source, 'i');
  } catch (error) {
    throw new Error(`pitfalls/no-unvalidated-llm-sql: invalid validatorPattern ${JSON.stringify(source)}: ${(error as Error).message}`);
  }
}

/**
 * Model text counts wherever it lands in the statement (a generated fragment
 * is generated SQL); request input only when it is the whole statement —
 * request values spliced into SQL text are no-template-sql's finding.
 */
function reportableOrigin(trace: TaintTrace): TaintSource | undefined {
  return trace.sources.find((origin) => origin.kind === 'llm') ?? trace.sources.find((origin) => origin.kind === 'request' && origin.whole);
}

/** A number, boolean or string-literal union cannot carry a statement. */
function hasSpliceSafeType(node: TSESTree.Node, context: Context): boolean {
  const services = getTypeServices(context);
  if (!services) return false;
  const type = services.getTypeAtLocation(node);
  return !(type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) && isSpliceSafeType(type, services.program.getTypeChecker());
}

/**
 * A call known only by its name (`runner.query(text)`): counted when the text
 * visibly holds SQL, travels under a SQL-sounding name, or the receiver is a
 * database handle. An agent's `tool.execute(text)` is none of these.
 */
function looksLikeSqlSink(call: TSESTree.CallExpression, sink: SqlSink, trace: TaintTrace, context: Context): boolean {
  if (looksLikeSql(visibleSqlText(sink.sqlArgument, context))) return true;
  const names = trace.visited.map((node) =>
    node.type === AST_NODE_TYPES.Identifier ? node.name : node.type === AST_NODE_TYPES.MemberExpression && !node.computed && node.property.type === AST_NODE_TYPES.Identifier ? node.property.name : '',
  );
  if (names.some((name) => SQL_NAME.test(name) && !/^(?:query|queries)$/.test(name))) return true;
  const callee = unwrapExpression(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const receiver = unwrapExpression(callee.object);
  const receiverName =
    receiver.type === AST_NODE_TYPES.Identifier
      ? receiver.name
      : receiver.type === AST_NODE_TYPES.MemberExpression && receiver.property.type === AST_NODE_TYPES.Identifier
        ? receiver.property.name
        : undefined;
  return receiverName !== undefined && DB_RECEIVER.test(receiverName);
}

/**
 * A parse by a SQL parser (`parser.astify(sql)`) is validation when the same
 * function then checks the statement type against `select`.
 */
function isCheckedSqlParse(call: TSESTree.CallExpression, context: Context): boolean {
  const name = calleeName(call.callee);
  if (!name || !SQL_PARSE_METHODS.has(name)) return false;
  if (name !== 'astify') {
    const target = resolveCallTarget(call, context);
    const origin = target?.origin;
    const fromParser = origin && 'packageName' in origin && SQL_PARSER_PACKAGES.some((pkg) => origin.packageName.startsWith(pkg));
    if (!fromParser && !(target?.via === 'none' && /parser/i.test(context.sourceCode.getText(call.callee)))) return false;
  }
  const fn = enclosingFunction(call);
  return fn !== undefined && comparesStatementTypeToSelect(fn, context);
}

function comparesStatementTypeToSelect(fn: TSESTree.Node, context: Context): boolean {
  const text = context.sourceCode.getText(fn);
  return /\.(?:type|statement|variant|kind)\s*[!=]==?\s*['"`]select['"`]|['"`]select['"`]\s*[!=]==?\s*\S+\.(?:type|statement|variant|kind)\b|case\s+['"`]select['"`]/i.test(
    text,
  );
}

function isTsSqlParse(call: ts.CallExpression | ts.NewExpression, checker: ts.TypeChecker): boolean {
  const name = tsCalleeName(call);
  if (name === 'astify') return true;
  if (!name || !SQL_PARSE_METHODS.has(name) || !ts.isCallExpression(call)) return false;
  const origin = resolveTsCallTarget(call, checker)?.origin;
  return origin !== undefined && 'packageName' in origin && SQL_PARSER_PACKAGES.some((pkg) => origin.packageName.startsWith(pkg));
}

function tsCalleeName(call: ts.CallExpression | ts.NewExpression): string | undefined {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
}

function collectValidationCalls(
  program: TSESTree.Program,
  context: Context,
  isValidation: (call: TSESTree.CallExpression) => boolean,
): TSESTree.CallExpression[] {
  const found: TSESTree.CallExpression[] = [];
  const keys = context.sourceCode.visitorKeys;
  const walk = (node: TSESTree.Node): void => {
    if (node.type === AST_NODE_TYPES.CallExpression && node.arguments.length > 0 && isValidation(node)) found.push(node);
    for (const key of keys[node.type] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[key];
      for (const item of Array.isArray(child) ? child : [child]) {
        if (isNode(item)) walk(item);
      }
    }
  };
  walk(program);
  return found;
}

/**
 * `assertReadOnlySelect(sql); await pool.query(sql)`: a validation call on
 * one of the expressions the text travelled through, earlier in the same
 * function. (Order in the source stands in for control flow: a validation in
 * one branch and the query in another is a known false negative.)
 */
function isValidatedBefore(trace: TaintTrace, validationCalls: readonly TSESTree.CallExpression[], context: Context): boolean {
  if (validationCalls.length === 0) return false;
  const textOf = (node: TSESTree.Node) => context.sourceCode.getText(node).replace(/\s+|\?(?=\.)/g, '');
  for (const node of trace.visited) {
    const text = textOf(node);
    const fn = enclosingFunction(node);
    for (const validation of validationCalls) {
      if (validation.range[1] > node.range[0] || enclosingFunction(validation) !== fn) continue;
      if (validation.arguments.some((argument) => textOf(argument) === text)) return true;
    }
  }
  return false;
}
