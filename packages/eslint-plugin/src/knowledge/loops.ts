import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { memberName, outermostTypeWrapper, unwrapExpression } from './origin.js';
import { isInside, isNode } from '../util/ast.js';
import { IN_PLACE_CALLBACK_METHODS, runsInPlaceEstree } from '../util/summaries.js';

/**
 * Per-element execution: whether a node runs once per element of a
 * collection, because it sits in a loop body or in an array-method callback.
 * Loops that do not repeat work per element (a retry, a loop over two
 * literal values, a paginated read, a body that leaves on its first pass)
 * are skipped, and the search goes on outwards: a retry inside a loop over
 * users still runs once per user.
 */

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

type LoopStatement =
  | TSESTree.ForStatement
  | TSESTree.ForOfStatement
  | TSESTree.ForInStatement
  | TSESTree.WhileStatement
  | TSESTree.DoWhileStatement;

type Callback = TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression;

export interface PerElementLoop {
  /** The loop statement, or the callback that runs per element. */
  readonly node: LoopStatement | Callback;
  /** `the \`for…of\` loop`, `the \`.map()\` callback`: how messages name it. */
  readonly description: string;
}

/** A literal array of at most this many items is a fixed handful of queries, not N. */
const SMALL_LITERAL_LENGTH = 3;

/**
 * The innermost loop or array-method callback that runs `node` once per
 * element, or undefined when there is none between `node` and the function
 * it belongs to. A function that is only defined in a loop (an event
 * handler, a queued job) does not run there, so the search stops at it.
 */
export function perElementLoopOf(node: TSESTree.Node, context: Context): PerElementLoop | undefined {
  let child: TSESTree.Node = node;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    switch (parent.type) {
      case AST_NODE_TYPES.ForOfStatement:
      case AST_NODE_TYPES.ForInStatement:
        if (
          child === parent.body &&
          !isSmallLiteral(parent.right, context) &&
          !isChunked(parent.right) &&
          !leavesOnFirstPass(parent, child, node)
        ) {
          return { node: parent, description: describeLoop(parent) };
        }
        break;
      case AST_NODE_TYPES.ForStatement:
      case AST_NODE_TYPES.WhileStatement:
      case AST_NODE_TYPES.DoWhileStatement:
        if (child === parent.body && repeatsPerElement(parent, child, node, context)) {
          return { node: parent, description: describeLoop(parent) };
        }
        break;
      case AST_NODE_TYPES.ArrowFunctionExpression:
      case AST_NODE_TYPES.FunctionExpression: {
        const method = iterationMethodOf(parent, context);
        if (method) {
          if (!isSmallLiteral(method.receiver, context) && !isChunked(method.receiver)) {
            return { node: parent, description: `the \`.${method.name}()\` callback` };
          }
          break;
        }
        // IIFEs and `new Promise` executors run where they are written.
        if (runsInPlaceEstree(parent, context)) break;
        return undefined;
      }
      case AST_NODE_TYPES.FunctionDeclaration:
      case AST_NODE_TYPES.PropertyDefinition:
      case AST_NODE_TYPES.StaticBlock:
        return undefined;
      default:
        break;
    }
  }
  return undefined;
}

function describeLoop(loop: LoopStatement): string {
  switch (loop.type) {
    case AST_NODE_TYPES.ForOfStatement:
      return loop.await ? 'the `for await…of` loop' : 'the `for…of` loop';
    case AST_NODE_TYPES.ForInStatement:
      return 'the `for…in` loop';
    case AST_NODE_TYPES.ForStatement:
      return 'the `for` loop';
    case AST_NODE_TYPES.WhileStatement:
      return 'the `while` loop';
    case AST_NODE_TYPES.DoWhileStatement:
      return 'the `do…while` loop';
  }
}

/** `users.map(cb)`, `ids.forEach(cb)`, `Array.from(xs, cb)` on the standard library's collections (by types when known). */
function iterationMethodOf(
  fn: Callback,
  context: Context,
): { name: string; receiver: TSESTree.Expression } | undefined {
  const node = outermostTypeWrapper(fn);
  const call = node.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || !(call.arguments as readonly TSESTree.Node[]).includes(node)) return undefined;
  const callee = unwrapExpression(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const name = memberName(callee);
  if (!name || !IN_PLACE_CALLBACK_METHODS.has(name) || !runsInPlaceEstree(fn, context)) return undefined;
  const first = call.arguments[0];
  const receiver = name === 'from' && first && first.type !== AST_NODE_TYPES.SpreadElement ? first : callee.object;
  return { name, receiver };
}

// ---------------------------------------------------------------------------
// Loops that do not run a query once per element

/**
 * A `for`/`while`/`do` loop repeats its body per element unless it is a
 * retry, a small fixed count, a read that pages through results, or a body
 * that leaves on its first pass.
 */
function repeatsPerElement(
  loop: TSESTree.ForStatement | TSESTree.WhileStatement | TSESTree.DoWhileStatement,
  bodyChild: TSESTree.Node,
  node: TSESTree.Node,
  context: Context,
): boolean {
  if (loop.type === AST_NODE_TYPES.ForStatement && (countsToSmallLiteral(loop) || stepsByChunk(loop))) return false;
  if (isUnbounded(loop)) return false;
  if (leavesOnFirstPass(loop, bodyChild, node)) return false;
  if (isRetry(loop, node)) return false;
  return !isDrivenByQuery(loop, node, context);
}

/** `['eu', 'us']`, `[a, b, c] as const`, or a `const` bound to one: a fixed handful. */
function isSmallLiteral(expression: TSESTree.Expression, context: Context): boolean {
  let inner = unwrapExpression(expression);
  if (inner.type === AST_NODE_TYPES.Identifier) {
    const definition = findVariable(context.sourceCode.getScope(inner), inner.name)?.defs[0];
    if (
      definition?.type !== 'Variable' ||
      definition.parent.kind !== 'const' ||
      definition.node.id.type !== AST_NODE_TYPES.Identifier ||
      !definition.node.init
    ) {
      return false;
    }
    inner = unwrapExpression(definition.node.init);
  }
  return (
    inner.type === AST_NODE_TYPES.ArrayExpression &&
    inner.elements.length <= SMALL_LITERAL_LENGTH &&
    inner.elements.every((element) => element !== null && element.type !== AST_NODE_TYPES.SpreadElement)
  );
}

const CHUNKS = /chunk|batch|partition|splitEvery|pages/i;

/**
 * `for (const batch of chunk(rows, 500))`, `batches.map(…)`: each pass
 * writes or reads a whole slice, which is the batched form, not N+1.
 */
function isChunked(expression: TSESTree.Expression): boolean {
  const inner = unwrapExpression(expression);
  if (inner.type === AST_NODE_TYPES.Identifier) return CHUNKS.test(inner.name);
  if (inner.type === AST_NODE_TYPES.MemberExpression) return CHUNKS.test(memberName(inner) ?? '');
  if (inner.type === AST_NODE_TYPES.CallExpression) {
    const callee = unwrapExpression(inner.callee);
    const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? memberName(callee) : undefined;
    return CHUNKS.test(name ?? '');
  }
  return false;
}

/** `for (let i = 0; i < rows.length; i += BATCH_SIZE)`: the body handles `rows.slice(i, i + BATCH_SIZE)`. */
function stepsByChunk(loop: TSESTree.ForStatement): boolean {
  const update = loop.update;
  if (update?.type !== AST_NODE_TYPES.AssignmentExpression) return false;
  const step =
    update.operator === '+='
      ? update.right
      : update.operator === '=' && update.right.type === AST_NODE_TYPES.BinaryExpression && update.right.operator === '+'
        ? update.right.right
        : undefined;
  return step !== undefined && !(step.type === AST_NODE_TYPES.Literal && step.value === 1);
}

/**
 * `while (true)`, `for (;;)`, `while (!this.stopped)`, `do … while (hasMore)`:
 * a loop with no collection in its condition polls, pages or drains; it runs
 * per element only when its body takes elements off a queue
 * (`queue.shift()`, `stack.pop()`, `iterator.next()`).
 */
function isUnbounded(loop: TSESTree.ForStatement | TSESTree.WhileStatement | TSESTree.DoWhileStatement): boolean {
  if (loop.test && !isFlag(loop.test)) return false;
  let takesElements = false;
  visit(loop.body, (node) => {
    if (node.type !== AST_NODE_TYPES.CallExpression) return;
    const callee = unwrapExpression(node.callee);
    const name = callee.type === AST_NODE_TYPES.MemberExpression ? memberName(callee) : undefined;
    if (name === 'shift' || name === 'pop' || name === 'next') takesElements = true;
  });
  return !takesElements;
}

/** `true`, `running`, `!this.stopped`, `hasMore && !signal.aborted`: no comparison, no `.length`, no call. */
function isFlag(test: TSESTree.Expression): boolean {
  const inner = unwrapExpression(test);
  switch (inner.type) {
    case AST_NODE_TYPES.Literal:
    case AST_NODE_TYPES.Identifier:
      return true;
    case AST_NODE_TYPES.MemberExpression:
      return !inner.computed && memberName(inner) !== 'length' && memberName(inner) !== 'size';
    case AST_NODE_TYPES.UnaryExpression:
      return inner.operator === '!' && isFlag(inner.argument);
    case AST_NODE_TYPES.LogicalExpression:
      return isFlag(inner.left) && isFlag(inner.right);
    default:
      return false;
  }
}

/** `for (let i = 0; i < 3; i++)`, `for (let attempt = 1; attempt <= 3; attempt++)`. */
function countsToSmallLiteral(loop: TSESTree.ForStatement): boolean {
  const test = loop.test;
  if (test?.type !== AST_NODE_TYPES.BinaryExpression || (test.operator !== '<' && test.operator !== '<=')) return false;
  const bound = test.right;
  return bound.type === AST_NODE_TYPES.Literal && typeof bound.value === 'number' && bound.value <= SMALL_LITERAL_LENGTH;
}

/**
 * The body leaves the loop unconditionally after the statement holding the
 * query (`for (const row of rows) return load(row.id)`) and nothing
 * `continue`s it: the query runs once, on the first element.
 */
function leavesOnFirstPass(loop: LoopStatement, bodyChild: TSESTree.Node, node: TSESTree.Node): boolean {
  const statements = bodyChild.type === AST_NODE_TYPES.BlockStatement ? bodyChild.body : [bodyChild as TSESTree.Statement];
  const index = statements.findIndex((statement) => isInside(node, statement));
  if (index === -1) return false;
  const exits = statements.slice(index).some((statement) => isUnconditionalExit(statement, loop));
  return exits && !someStatementIn(loop.body, loop, (statement) => statement.type === AST_NODE_TYPES.ContinueStatement && targets(statement, loop));
}

function isUnconditionalExit(statement: TSESTree.Statement, loop: LoopStatement): boolean {
  if (statement.type === AST_NODE_TYPES.ReturnStatement || statement.type === AST_NODE_TYPES.ThrowStatement) return true;
  return statement.type === AST_NODE_TYPES.BreakStatement && targets(statement, loop);
}

function targets(statement: TSESTree.BreakStatement | TSESTree.ContinueStatement, loop: LoopStatement): boolean {
  if (!statement.label) return true;
  return loop.parent.type === AST_NODE_TYPES.LabeledStatement && loop.parent.label.name === statement.label.name;
}

const RETRY_COUNTER = /attempt|retr(y|ies)|tries|tried/i;

/**
 * A retry runs the same query again until it succeeds: its condition counts
 * attempts (`attempt < MAX_ATTEMPTS`, `retries--`) and the body can leave the
 * loop, or the query sits in a `try` block that leaves the loop on success.
 */
function isRetry(loop: TSESTree.ForStatement | TSESTree.WhileStatement | TSESTree.DoWhileStatement, node: TSESTree.Node): boolean {
  const exitsLoop = (root: TSESTree.Node) => someStatementIn(root, loop, (statement) => isExitOf(statement, loop));
  if (loop.test && someIdentifierIn(loop.test, (identifier) => RETRY_COUNTER.test(identifier.name)) && exitsLoop(loop.body)) {
    return true;
  }
  for (let current: TSESTree.Node | undefined = node.parent; current && current !== loop; current = current.parent) {
    const tryStatement = current.parent;
    if (tryStatement?.type === AST_NODE_TYPES.TryStatement && tryStatement.block === current && tryStatement.handler) {
      if (exitsLoop(current)) return true;
    }
  }
  return false;
}

function isExitOf(statement: TSESTree.Node, loop: LoopStatement): boolean {
  if (statement.type === AST_NODE_TYPES.ReturnStatement) return true;
  return statement.type === AST_NODE_TYPES.BreakStatement && targets(statement, loop);
}

/**
 * A loop the query itself drives: paging (the query's arguments read a
 * variable the loop reassigns, such as a cursor or an offset:
 * `while (cursor) { page = await find({ cursor }); cursor = page.next }`) or
 * draining (the loop's condition, or an `if` that leaves it, reads what the
 * query returned). Each pass fetches the next batch, not one row for one
 * element. A loop whose condition walks a collection (`i < ids.length`) is
 * never one.
 */
function isDrivenByQuery(
  loop: TSESTree.ForStatement | TSESTree.WhileStatement | TSESTree.DoWhileStatement,
  node: TSESTree.Node,
  context: Context,
): boolean {
  const results = resultNamesOf(node, loop);
  if (loop.test && walksCollection(loop.test, results)) return false;
  if (readsLoopCarriedVariable(node, loop, context)) return true;
  if (results.size === 0) return false;
  const readsResult = (root: TSESTree.Node) => someIdentifierIn(root, (identifier) => results.has(identifier.name));
  if (loop.test && readsResult(loop.test)) return true;
  return someStatementIn(
    loop.body,
    loop,
    (statement) =>
      statement.type === AST_NODE_TYPES.IfStatement &&
      readsResult(statement.test) &&
      someStatementIn(statement, loop, (inner) => isExitOf(inner, loop) || inner.type === AST_NODE_TYPES.ThrowStatement),
  );
}

/** `i < ids.length`, `queue.size > 0`: the loop walks an in-memory collection (not one the query returned). */
function walksCollection(test: TSESTree.Expression, results: ReadonlySet<string>): boolean {
  let found = false;
  visit(test, (node) => {
    if (node.type !== AST_NODE_TYPES.MemberExpression) return;
    const name = memberName(node);
    if (name !== 'length' && name !== 'size') return;
    const root = rootIdentifier(node.object);
    if (!root || !results.has(root.name)) found = true;
  });
  return found;
}

/** The query's arguments read a variable declared outside the loop body and reassigned inside the loop (not as an index: `ids[i]`). */
function readsLoopCarriedVariable(node: TSESTree.Node, loop: LoopStatement, context: Context): boolean {
  let carried = false;
  visit(node, (inner) => {
    if (carried || inner.type !== AST_NODE_TYPES.Identifier || !isValueReference(inner)) return;
    const variable = findVariable(context.sourceCode.getScope(inner), inner.name);
    const declaredInBody = variable?.defs.some((definition) => isInside(definition.name, loop.body));
    if (!variable || declaredInBody || variable.defs.length === 0) return;
    carried = variable.references.some(
      (reference) => reference.isWrite() && isInside(reference.identifier, loop) && !isInitialisation(reference, loop),
    );
  });
  return carried;
}

/** `let cursor = null` in a `for (…;…;…)` head is the start value, not a pass of the loop. */
function isInitialisation(reference: TSESLint.Scope.Reference, loop: LoopStatement): boolean {
  return loop.type === AST_NODE_TYPES.ForStatement && loop.init !== null && isInside(reference.identifier, loop.init) && reference.init === true;
}

/** An identifier read as a value, not a property name or an index into a collection (`ids[i]`). */
function isValueReference(identifier: TSESTree.Identifier): boolean {
  const parent = identifier.parent;
  if (parent.type === AST_NODE_TYPES.MemberExpression && parent.property === identifier) return false;
  if (parent.type === AST_NODE_TYPES.Property && parent.key === identifier && !parent.shorthand) return false;
  return true;
}

/**
 * The variables the query's result lands in, and the ones the loop derives
 * from them: `const page = await find()`, `({ rows } = await pool.query())`,
 * `hasMore = page.next !== null`.
 */
function resultNamesOf(node: TSESTree.Node, loop: LoopStatement): Set<string> {
  const names = new Set<string>();
  let current: TSESTree.Node = node;
  while (
    current.parent &&
    (current.parent.type === AST_NODE_TYPES.AwaitExpression ||
      current.parent.type === AST_NODE_TYPES.TSAsExpression ||
      current.parent.type === AST_NODE_TYPES.TSNonNullExpression)
  ) {
    current = current.parent;
  }
  const holder = current.parent;
  if (holder?.type === AST_NODE_TYPES.VariableDeclarator && holder.init === current) collectNames(holder.id, names);
  if (holder?.type === AST_NODE_TYPES.AssignmentExpression && holder.right === current) collectNames(holder.left, names);
  if (names.size === 0) return names;
  // One pass of derivation is what paging code does: `cursor = page.nextCursor`, `done = rows.length < LIMIT`.
  visit(loop.body, (inner) => {
    const readsResult = (root: TSESTree.Node) => someIdentifierIn(root, (identifier) => names.has(identifier.name));
    if (inner.type === AST_NODE_TYPES.VariableDeclarator && inner.init && readsResult(inner.init)) collectNames(inner.id, names);
    if (inner.type === AST_NODE_TYPES.AssignmentExpression && readsResult(inner.right)) collectNames(inner.left, names);
  });
  return names;
}

function collectNames(pattern: TSESTree.Node, names: Set<string>): void {
  switch (pattern.type) {
    case AST_NODE_TYPES.Identifier:
      names.add(pattern.name);
      break;
    case AST_NODE_TYPES.ObjectPattern:
      for (const property of pattern.properties) {
        collectNames(property.type === AST_NODE_TYPES.Property ? property.value : property.argument, names);
      }
      break;
    case AST_NODE_TYPES.ArrayPattern:
      for (const element of pattern.elements) if (element) collectNames(element, names);
      break;
    case AST_NODE_TYPES.AssignmentPattern:
      collectNames(pattern.left, names);
      break;
    case AST_NODE_TYPES.RestElement:
      collectNames(pattern.argument, names);
      break;
    case AST_NODE_TYPES.MemberExpression: {
      // `this.cursor = page.next`, `state.offset += rows.length`
      const root = rootIdentifier(pattern);
      if (root) names.add(root.name);
      break;
    }
    default:
      break;
  }
}

// ---------------------------------------------------------------------------
// Small tree helpers

function rootIdentifier(node: TSESTree.Node): TSESTree.Identifier | undefined {
  let current = node;
  while (current.type === AST_NODE_TYPES.MemberExpression) current = current.object;
  return current.type === AST_NODE_TYPES.Identifier ? current : undefined;
}

function findVariable(scope: TSESLint.Scope.Scope | null, name: string): TSESLint.Scope.Variable | undefined {
  for (let current = scope; current; current = current.upper) {
    const variable = current.set.get(name);
    if (variable) return variable;
  }
  return undefined;
}

const isFunction = (node: TSESTree.Node) =>
  node.type === AST_NODE_TYPES.FunctionDeclaration ||
  node.type === AST_NODE_TYPES.FunctionExpression ||
  node.type === AST_NODE_TYPES.ArrowFunctionExpression;

/** Pre-order walk over child nodes (not into nested functions or classes: they run elsewhere). */
function visit(root: TSESTree.Node, callback: (node: TSESTree.Node) => void, depth = 0): void {
  if (depth > 200) return;
  callback(root);
  for (const key of Object.keys(root) as (keyof typeof root)[]) {
    if (key === 'parent') continue;
    const value = root[key] as unknown;
    const children = Array.isArray(value) ? value : [value];
    for (const child of children) {
      if (!isNode(child) || (depth > 0 && isFunction(child)) || child.type === AST_NODE_TYPES.ClassBody) continue;
      visit(child, callback, depth + 1);
    }
  }
}

function someIdentifierIn(root: TSESTree.Node, predicate: (identifier: TSESTree.Identifier) => boolean): boolean {
  let found = false;
  visit(root, (node) => {
    if (!found && node.type === AST_NODE_TYPES.Identifier && isValueReference(node) && predicate(node)) found = true;
  });
  return found;
}

/** Whether a statement under `root` (outside nested functions, and outside nested loops for unlabelled jumps) matches. */
function someStatementIn(root: TSESTree.Node, loop: LoopStatement, predicate: (statement: TSESTree.Node) => boolean): boolean {
  let found = false;
  const walk = (node: TSESTree.Node, nestedLoop: boolean, depth: number): void => {
    if (found || depth > 200) return;
    const isJump = node.type === AST_NODE_TYPES.BreakStatement || node.type === AST_NODE_TYPES.ContinueStatement;
    if ((!isJump || !nestedLoop || node.label) && predicate(node)) {
      found = true;
      return;
    }
    for (const key of Object.keys(node) as (keyof typeof node)[]) {
      if (key === 'parent') continue;
      const value = node[key] as unknown;
      for (const child of Array.isArray(value) ? value : [value]) {
        if (!isNode(child) || isFunction(child) || child.type === AST_NODE_TYPES.ClassBody) continue;
        const entersLoop = child !== loop && isLoopOrSwitch(child);
        walk(child, nestedLoop || entersLoop, depth + 1);
      }
    }
  };
  walk(root, false, 0);
  return found;
}

function isLoopOrSwitch(node: TSESTree.Node): boolean {
  return (
    node.type === AST_NODE_TYPES.ForStatement ||
    node.type === AST_NODE_TYPES.ForOfStatement ||
    node.type === AST_NODE_TYPES.ForInStatement ||
    node.type === AST_NODE_TYPES.WhileStatement ||
    node.type === AST_NODE_TYPES.DoWhileStatement ||
    node.type === AST_NODE_TYPES.SwitchStatement
  );
}
