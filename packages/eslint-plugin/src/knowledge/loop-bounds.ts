import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { isInside, isNode } from '../util/ast.js';
import { memberName, unwrapExpression } from './origin.js';

/**
 * What stops a loop (or a recursion) that its own data does not: an
 * iteration counter compared to a limit, a deadline read from the clock, an
 * abort signal. Used by no-unbounded-llm-loop to tell an agent loop with a
 * turn budget from one that runs until the model says it is done.
 *
 * A condition counts as a bound when any part of it is one: precision first,
 * so `!done || turn < MAX` is taken as bounded too.
 */

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

const COMPARISONS = new Set(['<', '<=', '>', '>=', '==', '===', '!=', '!==']);
const RELATIONAL = new Set(['<', '<=', '>', '>=']);

/** Names that say "time is up" or "stop was asked for": `deadline`, `timedOut`, `isCancelled()`, `budget.exhausted`. */
const STOP_NAME = /deadline|timeout|timed_?out|expire|elapsed|abort|cancel|exhausted/i;
/** Names of limits: `MAX_TURNS`, `maxSteps`, `turnLimit`, `tokenBudget`, `cap`. */
const LIMIT_NAME = /max|limit|budget|(?:^|_)cap$|Cap$/i;
const CONSTANT_NAME = /^[A-Z][A-Z0-9_]+$/;
const CLOCK_READS = new Set(['Date.now', 'performance.now', 'process.hrtime', 'process.hrtime.bigint', 'process.uptime']);

export interface BoundContext {
  /** Texts of counters: what the loop (or function) increments or decrements, and a recursion's parameters. */
  readonly counters: ReadonlySet<string>;
  readonly sourceCode: Readonly<TSESLint.SourceCode>;
}

/** Whether a condition compares a counter with a limit, reads the clock, or asks whether work was aborted. */
export function containsBound(condition: TSESTree.Node, bound: BoundContext): boolean {
  return someNode(condition, (node) => {
    switch (node.type) {
      case AST_NODE_TYPES.BinaryExpression:
        return isBoundComparison(node, bound);
      case AST_NODE_TYPES.CallExpression:
        return isClockRead(node);
      case AST_NODE_TYPES.NewExpression:
        return node.callee.type === AST_NODE_TYPES.Identifier && node.callee.name === 'Date';
      case AST_NODE_TYPES.Identifier:
        return STOP_NAME.test(node.name);
      case AST_NODE_TYPES.MemberExpression: {
        const name = memberName(node);
        return name !== undefined && STOP_NAME.test(name);
      }
      default:
        return false;
    }
  });
}

function isBoundComparison(node: TSESTree.BinaryExpression, bound: BoundContext): boolean {
  if (!COMPARISONS.has(node.operator) || node.left.type === AST_NODE_TYPES.PrivateIdentifier) return false;
  const sides = [node.left, node.right];
  if (sides.some((side) => isCounter(side, bound))) return true;
  if (!RELATIONAL.has(node.operator)) return false;
  return sides.some(isLimitName) || (sides.some(isSizeRead) && sides.some(isLimitNumber));
}

function isCounter(side: TSESTree.Expression, bound: BoundContext): boolean {
  const inner = unwrapExpression(side);
  if (inner.type === AST_NODE_TYPES.UpdateExpression) return true;
  const text = pathText(inner, bound.sourceCode);
  return text !== undefined && bound.counters.has(text);
}

/**
 * A size compared with an integer of at least 2 (`messages.length > 40`) is a
 * limit; `toolCalls.length > 0` and `err.status < 500` are not.
 */
function isLimitNumber(side: TSESTree.Expression): boolean {
  const inner = unwrapExpression(side);
  return inner.type === AST_NODE_TYPES.Literal && typeof inner.value === 'number' && Number.isInteger(inner.value) && inner.value >= 2;
}

function isSizeRead(side: TSESTree.Expression): boolean {
  const inner = unwrapExpression(side);
  if (inner.type !== AST_NODE_TYPES.MemberExpression) return false;
  const name = memberName(inner);
  return name === 'length' || name === 'size';
}

/** `MAX_TURNS`, `this.maxIterations`, `turnLimit`: a name that says it is a limit. */
function isLimitName(side: TSESTree.Expression): boolean {
  const inner = unwrapExpression(side);
  const name =
    inner.type === AST_NODE_TYPES.Identifier
      ? inner.name
      : inner.type === AST_NODE_TYPES.MemberExpression
        ? memberName(inner)
        : undefined;
  return name !== undefined && (LIMIT_NAME.test(name) || CONSTANT_NAME.test(name));
}

function isClockRead(call: TSESTree.CallExpression): boolean {
  const text = calleePathText(call.callee);
  return text !== undefined && CLOCK_READS.has(text);
}

/** `turns`, `this.turns`, `state.step`: how counters are compared, without calls or computed members. */
export function pathText(node: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): string | undefined {
  const inner = node.type === AST_NODE_TYPES.Identifier || node.type === AST_NODE_TYPES.MemberExpression ? node : undefined;
  if (!inner) return undefined;
  let current: TSESTree.Node = inner;
  while (current.type === AST_NODE_TYPES.MemberExpression) {
    if (current.computed) return undefined;
    current = current.object;
  }
  if (current.type !== AST_NODE_TYPES.Identifier && current.type !== AST_NODE_TYPES.ThisExpression) return undefined;
  return sourceCode.getText(inner).replace(/\s+/g, '').replace(/\?\./g, '.');
}

function calleePathText(callee: TSESTree.Node): string | undefined {
  const names: string[] = [];
  let current = callee;
  while (current.type === AST_NODE_TYPES.MemberExpression) {
    const name = memberName(current);
    if (name === undefined) return undefined;
    names.unshift(name);
    current = current.object;
  }
  if (current.type !== AST_NODE_TYPES.Identifier) return undefined;
  names.unshift(current.name);
  return names.join('.');
}

/**
 * The counters a loop or a function keeps: what it increments or decrements
 * (`turn++`, `attempt += 1`, `budget -= usage.total_tokens`, `n = n + 1`).
 */
export function countersIn(root: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): Set<string> {
  const counters = new Set<string>();
  const add = (target: TSESTree.Node) => {
    const text = pathText(target, sourceCode);
    if (text) counters.add(text);
  };
  someNode(root, (node) => {
    if (node.type === AST_NODE_TYPES.UpdateExpression) add(node.argument);
    else if (node.type === AST_NODE_TYPES.AssignmentExpression) {
      if (node.operator === '+=' || node.operator === '-=') add(node.left);
      else if (
        node.operator === '=' &&
        node.right.type === AST_NODE_TYPES.BinaryExpression &&
        (node.right.operator === '+' || node.right.operator === '-') &&
        pathText(node.left, sourceCode) !== undefined &&
        pathText(node.left, sourceCode) === pathText(node.right.left, sourceCode)
      ) {
        add(node.left);
      }
    }
    return false;
  }, true);
  return counters;
}

/**
 * Whether `root` (a loop or a function body) checks an abort signal on its
 * own: `signal.throwIfAborted()`, or a signal that outlives one iteration
 * passed to a call (`{ signal }` from the caller, `AbortSignal.timeout(ms)`
 * created before the loop). A per-call `AbortSignal.timeout(30_000)` written
 * inside the loop bounds each call, not the loop.
 */
export function checksAbortSignal(root: TSESTree.Node, scopeOwner: TSESTree.Node, context: Context): boolean {
  return someNode(root, (node) => {
    if (node.type !== AST_NODE_TYPES.CallExpression && node.type !== AST_NODE_TYPES.NewExpression) return false;
    if (node.callee.type === AST_NODE_TYPES.MemberExpression && memberName(node.callee) === 'throwIfAborted') return true;
    return node.arguments.some((argument) => signalArgumentOutlives(argument, scopeOwner, context));
  });
}

function signalArgumentOutlives(argument: TSESTree.Node, scopeOwner: TSESTree.Node, context: Context): boolean {
  if (argument.type === AST_NODE_TYPES.ObjectExpression) {
    return argument.properties.some(
      (property) =>
        property.type === AST_NODE_TYPES.Property &&
        !property.computed &&
        property.key.type === AST_NODE_TYPES.Identifier &&
        property.key.name === 'signal' &&
        signalOutlives(property.value, scopeOwner, context, 0),
    );
  }
  if (argument.type === AST_NODE_TYPES.Identifier && /signal/i.test(argument.name)) {
    return signalOutlives(argument, scopeOwner, context, 0);
  }
  if (argument.type === AST_NODE_TYPES.MemberExpression && memberName(argument) === 'signal') {
    return signalOutlives(argument, scopeOwner, context, 0);
  }
  return false;
}

function signalOutlives(value: TSESTree.Node, scopeOwner: TSESTree.Node, context: Context, depth: number): boolean {
  if (depth > 3) return false;
  const inner = isExpression(value) ? unwrapExpression(value) : value;
  switch (inner.type) {
    case AST_NODE_TYPES.CallExpression: {
      // `AbortSignal.any([signal, AbortSignal.timeout(…)])` lives as long as its longest-lived input.
      if (calleePathText(inner.callee) !== 'AbortSignal.any') return false;
      const list = inner.arguments[0];
      return (
        list?.type === AST_NODE_TYPES.ArrayExpression &&
        list.elements.some((element) => element !== null && signalOutlives(element, scopeOwner, context, depth + 1))
      );
    }
    case AST_NODE_TYPES.Identifier: {
      const variable = ASTUtils.findVariable(context.sourceCode.getScope(inner), inner);
      const definition = variable?.defs[0];
      if (!definition) return false;
      if (!isInside(definition.name, scopeOwner)) return true;
      const declarator = definition.node;
      return (
        declarator.type === AST_NODE_TYPES.VariableDeclarator &&
        declarator.init !== null &&
        signalOutlives(declarator.init, scopeOwner, context, depth + 1)
      );
    }
    case AST_NODE_TYPES.MemberExpression: {
      let root: TSESTree.Node = inner;
      while (root.type === AST_NODE_TYPES.MemberExpression) root = root.object;
      if (root.type === AST_NODE_TYPES.ThisExpression) return true;
      return root.type === AST_NODE_TYPES.Identifier && signalOutlives(root, scopeOwner, context, depth + 1);
    }
    default:
      return false;
  }
}

function isExpression(node: TSESTree.Node): node is TSESTree.Expression {
  return node.type !== AST_NODE_TYPES.SpreadElement && node.type !== AST_NODE_TYPES.PrivateIdentifier;
}

const FUNCTION_TYPES = new Set<string>([
  AST_NODE_TYPES.ArrowFunctionExpression,
  AST_NODE_TYPES.FunctionExpression,
  AST_NODE_TYPES.FunctionDeclaration,
]);

/** Depth-first search under `root`; functions nested in it are skipped unless `intoFunctions`. */
export function someNode(root: TSESTree.Node, predicate: (node: TSESTree.Node) => boolean, intoFunctions = false): boolean {
  const visit = (node: TSESTree.Node): boolean => {
    if (predicate(node)) return true;
    if (node !== root && !intoFunctions && FUNCTION_TYPES.has(node.type)) return false;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'parent') continue;
      for (const child of Array.isArray(value) ? value : [value]) {
        if (isNode(child) && visit(child)) return true;
      }
    }
    return false;
  };
  return visit(root);
}
