import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { isLoggerCall } from './loggers.js';
import { someNodeOutsideNestedFunctions } from '../util/ast.js';
import { calleeName, memberName, unwrapExpression } from './origin.js';

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** How a swallowing block leaves: by falling through, or by a `return <default>`/`continue`/`break`. */
export type SwallowExit =
  | { readonly kind: 'return'; readonly value: string | undefined; readonly statement: TSESTree.ReturnStatement }
  | { readonly kind: 'continue'; readonly statement: TSESTree.ContinueStatement }
  | { readonly kind: 'break'; readonly statement: TSESTree.BreakStatement };

/** What a block that hides an error does instead of handling it. */
export interface Swallow {
  /** The logger calls it makes (`logger.warn(...)`), in source order. */
  readonly logCalls: readonly TSESTree.CallExpression[];
  /** Its `return <default>`, `continue` and `break` statements, in source order. */
  readonly exits: readonly SwallowExit[];
}

/**
 * Whether a block of statements hides an error: it does nothing but log, return a
 * default value, `continue` or `break` (also under `if`s that only test). Returns
 * what it does, or undefined when any statement does something else (rethrows,
 * calls `next(err)`, answers with a status, assigns, records on a span...): that
 * counts as handling, because the rule would rather miss a swallow than flag a handler.
 */
export function swallowingStatements(statements: readonly TSESTree.Statement[], context: Context): Swallow | undefined {
  const swallow = { logCalls: [] as TSESTree.CallExpression[], exits: [] as SwallowExit[] };
  return statements.every((statement) => collectSwallow(statement, swallow, context)) ? swallow : undefined;
}

function collectSwallow(
  statement: TSESTree.Statement,
  swallow: { logCalls: TSESTree.CallExpression[]; exits: SwallowExit[] },
  context: Context,
): boolean {
  switch (statement.type) {
    case AST_NODE_TYPES.EmptyStatement:
      return true;
    case AST_NODE_TYPES.ExpressionStatement: {
      const call = onlyLogCall(statement.expression, context);
      if (!call) return false;
      swallow.logCalls.push(call);
      return true;
    }
    case AST_NODE_TYPES.ReturnStatement: {
      if (!statement.argument) {
        swallow.exits.push({ kind: 'return', value: undefined, statement });
        return true;
      }
      const value = defaultValueText(statement.argument, context);
      if (value === undefined) return false;
      swallow.exits.push({ kind: 'return', value, statement });
      return true;
    }
    case AST_NODE_TYPES.ContinueStatement:
      swallow.exits.push({ kind: 'continue', statement });
      return true;
    case AST_NODE_TYPES.BreakStatement:
      swallow.exits.push({ kind: 'break', statement });
      return true;
    case AST_NODE_TYPES.BlockStatement:
      return statement.body.every((inner) => collectSwallow(inner, swallow, context));
    case AST_NODE_TYPES.IfStatement:
      return (
        isSideEffectFreeTest(statement.test, context) &&
        collectSwallow(statement.consequent, swallow, context) &&
        (!statement.alternate || collectSwallow(statement.alternate, swallow, context))
      );
    default:
      return false;
  }
}

/**
 * The logger call an expression consists of (`logger.warn(err)`, `await log.flushable.error(...)`,
 * `void logger.error(...)`), provided its arguments do no work of their own
 * (`logger.error(await markFailed(job))` does).
 */
export function onlyLogCall(expression: TSESTree.Expression, context: Context): TSESTree.CallExpression | undefined {
  let inner = unwrapExpression(expression);
  while (
    inner.type === AST_NODE_TYPES.AwaitExpression ||
    (inner.type === AST_NODE_TYPES.UnaryExpression && inner.operator === 'void') ||
    inner.type === AST_NODE_TYPES.ChainExpression
  ) {
    inner = unwrapExpression(inner.type === AST_NODE_TYPES.AwaitExpression ? inner.argument : inner.type === AST_NODE_TYPES.UnaryExpression ? inner.argument : inner.expression);
  }
  if (inner.type !== AST_NODE_TYPES.CallExpression || !isLoggerCall(inner, context)) return undefined;
  if (isProcessEndingLevel(inner)) return undefined;
  return inner.arguments.every((argument) => !doesWork(argument, context)) ? inner : undefined;
}

/**
 * `logger.fatal(...)` says the process cannot go on: loggers wired for it
 * (Outline's, Nest apps with a fatal hook) exit, and an operator is paged. It
 * is a decision about the failure, not a swallow of it.
 */
const PROCESS_ENDING_LEVELS = new Set(['fatal', 'emerg', 'emergency']);

function isProcessEndingLevel(call: TSESTree.CallExpression): boolean {
  const callee = unwrapExpression(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const method = memberName(callee);
  return method !== undefined && PROCESS_ENDING_LEVELS.has(method);
}

/**
 * The source text of a default value that says nothing about a failure:
 * `null`, `undefined`, `void 0`, `false`, `0`, `''`, `[]`, `{}`.
 */
export function defaultValueText(expression: TSESTree.Expression, context: Context): string | undefined {
  const inner = unwrapExpression(expression);
  const text = context.sourceCode.getText(inner);
  switch (inner.type) {
    case AST_NODE_TYPES.Literal:
      return inner.value === null || inner.value === false || inner.value === 0 || inner.value === '' ? text : undefined;
    case AST_NODE_TYPES.Identifier:
      return inner.name === 'undefined' ? text : undefined;
    case AST_NODE_TYPES.UnaryExpression:
      return inner.operator === 'void' && inner.argument.type === AST_NODE_TYPES.Literal ? text : undefined;
    case AST_NODE_TYPES.ArrayExpression:
      return inner.elements.length === 0 ? text : undefined;
    case AST_NODE_TYPES.ObjectExpression:
      return inner.properties.length === 0 ? text : undefined;
    case AST_NODE_TYPES.TemplateLiteral:
      return inner.expressions.length === 0 && inner.quasis[0]?.value.cooked === '' ? text : undefined;
    default:
      return undefined;
  }
}

/** Calls an `if` may make in its test and still only be deciding, not doing: predicates. */
const PREDICATE_CALL = /^(?:(?:is|has|should|can)(?:[A-Z_]|$)|includes$|startsWith$|endsWith$|test$|match$|some$|every$)/;

/** `err instanceof NotFoundError`, `err.code === 'ENOENT'`, `isAxiosError(err)`: tests that change nothing. */
function isSideEffectFreeTest(test: TSESTree.Expression, context: Context): boolean {
  return !containsNode(test, context, (node) => {
    if (node.type === AST_NODE_TYPES.CallExpression) {
      const name = calleeName(node.callee);
      return name === undefined || !PREDICATE_CALL.test(name);
    }
    return doesWorkNode(node);
  });
}

function doesWork(expression: TSESTree.Node, context: Context): boolean {
  return containsNode(expression, context, doesWorkNode);
}

function doesWorkNode(node: TSESTree.Node): boolean {
  return (
    node.type === AST_NODE_TYPES.AwaitExpression ||
    node.type === AST_NODE_TYPES.YieldExpression ||
    node.type === AST_NODE_TYPES.AssignmentExpression ||
    node.type === AST_NODE_TYPES.UpdateExpression ||
    node.type === AST_NODE_TYPES.NewExpression ||
    (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === 'delete')
  );
}

const FUNCTION_TYPES = new Set<string>([
  AST_NODE_TYPES.ArrowFunctionExpression,
  AST_NODE_TYPES.FunctionExpression,
  AST_NODE_TYPES.FunctionDeclaration,
]);

/** Whether `predicate` holds for the node or a descendant, not looking into nested functions (they do not run here). */
function containsNode(root: TSESTree.Node, context: Context, predicate: (node: TSESTree.Node) => boolean): boolean {
  return someNodeOutsideNestedFunctions(root, context.sourceCode.visitorKeys, predicate);
}

/**
 * Calls whose failure is routinely ignored because the work is already done or
 * abandoned: removing a temp file, closing a connection, releasing a client or a
 * lock, rolling back. A swallowed failure there loses nothing the caller needs.
 * Prefixes cover `closeResultSet`, `destroyRawConnection`, `releaseLock`.
 */
const CLEANUP_CALL =
  /^(?:(?:close|destroy|dispose|disconnect|release|cleanup|cleanUp|teardown|tearDown|shutdown|shutDown|stop|unlink|rollback|terminate)(?:[A-Z_]|Sync$|$)|(?:rm|rmSync|rmdir|rmdirSync|end|quit|kill|abort|unsubscribe|removeListener|removeAllListeners|off|cancel|unref)$)/;

/** fs-extra's `fs.remove(tmpDir)`: `remove` alone would also match `repository.remove(user)`. */
const FS_REMOVE = new Set(['remove', 'removeSync', 'emptyDir']);

/** Whether a function or method name says it cleans up: `close`, `releaseLock`, `disconnectAll`, `shutdown`. */
export function isCleanupName(name: string): boolean {
  return CLEANUP_CALL.test(name);
}

/** Whether an expression (possibly awaited) is a best-effort cleanup call: `await fs.unlink(tmp)`, `client.release()`. */
export function isCleanupCall(expression: TSESTree.Expression): boolean {
  let inner = unwrapExpression(expression);
  if (inner.type === AST_NODE_TYPES.AwaitExpression) inner = unwrapExpression(inner.argument);
  if (inner.type === AST_NODE_TYPES.ChainExpression) inner = unwrapExpression(inner.expression);
  if (inner.type !== AST_NODE_TYPES.CallExpression) return false;
  const name = calleeName(inner.callee);
  if (name === undefined) return false;
  if (CLEANUP_CALL.test(name)) return true;
  const callee = unwrapExpression(inner.callee);
  return (
    FS_REMOVE.has(name) &&
    callee.type === AST_NODE_TYPES.MemberExpression &&
    callee.object.type === AST_NODE_TYPES.Identifier &&
    /^fs/i.test(callee.object.name)
  );
}

/** Whether a `try` block only cleans up, so that ignoring its failure is the usual, safe choice. */
export function isCleanupBlock(block: TSESTree.BlockStatement): boolean {
  return (
    block.body.length > 0 &&
    block.body.every(
      (statement) => statement.type === AST_NODE_TYPES.ExpressionStatement && isCleanupCall(statement.expression),
    )
  );
}

const LOOP_TYPES = new Set<string>([
  AST_NODE_TYPES.ForStatement,
  AST_NODE_TYPES.ForOfStatement,
  AST_NODE_TYPES.ForInStatement,
  AST_NODE_TYPES.WhileStatement,
  AST_NODE_TYPES.DoWhileStatement,
]);

/**
 * Whether a failure is a second one, met while already dealing with a first:
 * a `try` or `.catch()` inside a catch clause or a `finally` block
 * (`catch (err) { try { await trx.rollback() } catch {} throw err; }`). The
 * outer handler decides what the caller hears.
 */
export function isSecondaryFailure(node: TSESTree.Node): boolean {
  let child: TSESTree.Node = node;
  for (let parent = node.parent; parent && !FUNCTION_TYPES.has(parent.type); parent = parent.parent) {
    if (parent.type === AST_NODE_TYPES.CatchClause) return true;
    if (parent.type === AST_NODE_TYPES.TryStatement && parent.finalizer === child) return true;
    child = parent;
  }
  return false;
}

/**
 * Whether a catch is one attempt of a retry loop: the `try` leaves the loop on
 * success (`return await fetchRates()`), and the catch falls through to the next
 * attempt. What happens when the attempts run out is decided after the loop.
 */
export function isRetryAttempt(tryStatement: TSESTree.TryStatement, swallow: Swallow, context: Context): boolean {
  if (swallow.exits.some((exit) => exit.kind !== 'continue')) return false;
  let inLoop = false;
  for (let parent: TSESTree.Node | undefined = tryStatement.parent; parent && !FUNCTION_TYPES.has(parent.type); parent = parent.parent) {
    if (LOOP_TYPES.has(parent.type)) {
      inLoop = true;
      break;
    }
  }
  return (
    inLoop &&
    containsNode(
      tryStatement.block,
      context,
      (node) => node.type === AST_NODE_TYPES.ReturnStatement || node.type === AST_NODE_TYPES.BreakStatement,
    )
  );
}
