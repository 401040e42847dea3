import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { callText, isToolCall, modelReachOf, runsWithIteration, type ModelReach } from '../knowledge/agent-calls.js';
import { checksAbortSignal, containsBound, countersIn, someNode, type BoundContext } from '../knowledge/loop-bounds.js';
import { createRule } from '../util/create-rule.js';
import { isInside } from '../util/ast.js';

type Options = [{ maxDepth?: number }];
type MessageIds = 'unboundedLoop' | 'unboundedRecursion';
type Context = Readonly<TSESLint.RuleContext<MessageIds, Options>>;

type Loop = TSESTree.WhileStatement | TSESTree.DoWhileStatement | TSESTree.ForStatement;
type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;
type Variable = TSESLint.Scope.Variable;

/**
 * Who decides that a loop stops, per exit: a bound (counter vs limit,
 * deadline, abort signal), the model's reply, something else (a queue that
 * runs dry, a user typing `exit`), or nothing (an exit taken on every pass).
 */
type Decision = 'bound' | 'model' | 'external' | 'none';

export default createRule<Options, MessageIds>({
  name: 'no-unbounded-llm-loop',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow agent loops and recursions that only stop when the model says so',
      recommended: 'strict',
      domains: ['async', 'llm'],
      seed: '001 P3',
    },
    schema: [
      {
        type: 'object',
        properties: {
          maxDepth: {
            type: 'integer',
            minimum: 0,
            maximum: 10,
            description:
              'How many project functions deep a call in the loop is followed to find a model call (type information needed; without it, one function of the same file); 0 counts only direct SDK calls.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ maxDepth: 3 }],
    messages: {
      unboundedLoop:
        'This `{{loop}}` loop awaits the model ({{model}}){{tools}} and only the model\'s replies decide when it stops. Bound it: a turn counter compared to a limit, a deadline, or an abort signal in its exit condition.',
      unboundedRecursion:
        '`{{name}}()` calls itself after awaiting the model ({{model}}){{tools}} with no depth limit, so only the model\'s replies decide when it stops. Pass a depth or turn count and stop at a limit, or check a deadline or an abort signal.',
    },
  },
  create(context, [options]) {
    const maxDepth = options.maxDepth ?? 3;
    const { sourceCode } = context;
    const reaches = new Map<TSESTree.CallExpression, ModelReach | null>();
    const derivedByOwner = new Map<TSESTree.Node, DerivedValues>();

    function reachOf(call: TSESTree.CallExpression): ModelReach | undefined {
      let reach = reaches.get(call);
      if (reach === undefined) {
        reach = modelReachOf(call, context, maxDepth) ?? null;
        reaches.set(call, reach);
      }
      return reach ?? undefined;
    }

    /** The calls that run when `root` runs: nested functions only when they run with it (callbacks of awaited calls, array methods). */
    function callsRunBy(root: TSESTree.Node): TSESTree.CallExpression[] {
      const calls: TSESTree.CallExpression[] = [];
      someNode(
        root,
        (node) => {
          if (node.type === AST_NODE_TYPES.CallExpression) calls.push(node);
          return false;
        },
        true,
      );
      return calls.filter((call) => runsWith(call, root));
    }

    function runsWith(node: TSESTree.Node, root: TSESTree.Node): boolean {
      for (let current = node.parent; current && current !== root; current = current.parent) {
        if (isFunction(current) && !runsWithIteration(current, context)) return false;
      }
      return true;
    }

    function firstModelCall(calls: readonly TSESTree.CallExpression[], before?: number) {
      for (const call of calls) {
        if (before !== undefined && call.range[0] >= before) continue;
        const reach = reachOf(call);
        if (reach) return { call, reach };
      }
      return undefined;
    }

    function toolsText(root: TSESTree.Node): string {
      let tool: TSESTree.CallExpression | undefined;
      someNode(
        root,
        (node) => {
          if (node.type === AST_NODE_TYPES.CallExpression && isToolCall(node, context)) tool = node;
          return tool !== undefined;
        },
        true,
      );
      return tool ? ` and runs the tools it picks (\`${callText(tool, context)}\`)` : '';
    }

    function derivedIn(owner: TSESTree.Node): DerivedValues {
      let derived = derivedByOwner.get(owner);
      if (!derived) {
        derived = modelDerivedValues(owner, context, (call) => reachOf(call) !== undefined);
        derivedByOwner.set(owner, derived);
      }
      return derived;
    }

    /** How one way out of (or back into) the loop is decided, from the conditions it sits under. */
    function decide(conditions: readonly TSESTree.Node[], afterModelCallInTry: boolean, bound: BoundContext, derived: DerivedValues): Decision {
      const tests = conditions.filter((condition) => !isConstantTrue(condition));
      if (tests.some((test) => containsBound(test, bound))) return 'bound';
      if (afterModelCallInTry || tests.some((test) => derived.appearsIn(test))) return 'model';
      return tests.length > 0 ? 'external' : 'none';
    }

    function checkLoop(loop: Loop): void {
      const calls = callsRunBy(loop).filter((call) => !isInInit(call, loop));
      const model = firstModelCall(calls);
      if (!model) return;
      const owner = ownerOf(loop);
      const derived = derivedIn(owner);
      const bound: BoundContext = { counters: countersIn(loop, sourceCode), sourceCode };
      if (checksAbortSignal(loop, loop, context) || mentionsDeadlineArgument(calls)) return;

      const decisions: Decision[] = [];
      if (loop.test) decisions.push(decide([loop.test], false, bound, derived));
      const exits = exitsOf(loop);
      // A loop with no way out is a worker or a REPL that runs for the life of the process, not an agent run.
      if (!exits.some((exit) => exit.kind === 'exit') && (!loop.test || isConstantTrue(loop.test))) return;
      for (const exit of exits) {
        const { conditions, tryWithModelCall } = guardsOf(exit.node, loop.body, (block) => firstModelCall(callsRunBy(block), exit.node.range[0]) !== undefined);
        const decision = decide(conditions, exit.kind === 'exit' && tryWithModelCall, bound, derived);
        // An external reason to go round again does not stop the loop; only its bound or the model's say do.
        decisions.push(exit.kind === 'continue' && decision === 'external' ? 'none' : decision);
      }
      if (!decisions.includes('model') || decisions.includes('bound') || decisions.includes('external')) return;
      context.report({
        loc: { start: loop.loc.start, end: sourceCode.getFirstToken(loop)?.loc.end ?? loop.loc.end },
        messageId: 'unboundedLoop',
        data: { loop: loopLabel(loop, context), model: describeReach(model.reach), tools: toolsText(loop) },
      });
    }

    function checkRecursion(fn: FunctionNode): void {
      if (!fn.async || fn.body.type !== AST_NODE_TYPES.BlockStatement) return;
      const self = selfReference(fn, context);
      if (!self) return;
      const calls = callsRunBy(fn.body);
      const recursive = calls.find((call) => self.isSelfCall(call));
      if (!recursive) return;
      const model = firstModelCall(calls, recursive.range[0]);
      if (!model) return;
      const derived = derivedIn(fn);
      const counters = countersIn(fn.body, sourceCode);
      for (const name of countingParameters(fn, fn.body, context)) counters.add(name);
      const bound: BoundContext = { counters, sourceCode };
      if (checksAbortSignal(fn.body, fn.body, context) || mentionsDeadlineArgument(calls)) return;

      const hasModelCallBefore = (block: TSESTree.Node) => firstModelCall(callsRunBy(block), recursive.range[0]) !== undefined;
      const own = guardsOf(recursive, fn.body, hasModelCallBefore);
      const decisions: Decision[] = [decide(own.conditions, own.catchOfModelCall, bound, derived)];
      // A return or throw before the recursive call is the base case: who decides it?
      for (const exit of exitsOf(fn.body)) {
        if (exit.kind !== 'exit' || exit.node.range[0] >= recursive.range[0]) continue;
        const { conditions } = guardsOf(exit.node, fn.body, hasModelCallBefore);
        decisions.push(decide(conditions, false, bound, derived));
      }
      if (!decisions.includes('model') || decisions.includes('bound') || decisions.includes('external')) return;
      context.report({
        node: recursive,
        messageId: 'unboundedRecursion',
        data: { name: self.name, model: describeReach(model.reach), tools: toolsText(fn.body) },
      });
    }

    return {
      WhileStatement: checkLoop,
      DoWhileStatement: checkLoop,
      ForStatement: checkLoop,
      FunctionDeclaration: checkRecursion,
      FunctionExpression: checkRecursion,
      ArrowFunctionExpression: checkRecursion,
    };
  },
});

function describeReach(reach: ModelReach): string {
  return reach.chain ? `\`${reach.text}\`, which reaches ${reach.chain}` : `\`${reach.text}\``;
}

function isFunction(node: TSESTree.Node): node is FunctionNode {
  return (
    node.type === AST_NODE_TYPES.FunctionDeclaration ||
    node.type === AST_NODE_TYPES.FunctionExpression ||
    node.type === AST_NODE_TYPES.ArrowFunctionExpression
  );
}

function isInInit(node: TSESTree.Node, loop: Loop): boolean {
  return loop.type === AST_NODE_TYPES.ForStatement && loop.init !== null && isInside(node, loop.init);
}

function isConstantTrue(node: TSESTree.Node): boolean {
  return node.type === AST_NODE_TYPES.Literal && (node.value === true || node.value === 1);
}

/** `while (true)`, `for (;;)`, `do … while`: the loop as the message names it. */
function loopLabel(loop: Loop, context: Context): string {
  if (loop.type === AST_NODE_TYPES.DoWhileStatement) return 'do … while';
  if (loop.type === AST_NODE_TYPES.ForStatement) return loop.test ? 'for (…)' : 'for (;;)';
  const test = context.sourceCode.getText(loop.test);
  return test.length <= 40 && !test.includes('\n') ? `while (${test})` : 'while (…)';
}

/** The function (or the module) whose variables a loop reads. */
function ownerOf(node: TSESTree.Node): TSESTree.Node {
  let current: TSESTree.Node = node;
  while (current.parent) {
    current = current.parent;
    if (isFunction(current)) return current;
  }
  return current;
}

/** A call whose arguments name a deadline: `withDeadline(deadline, …)`, `assertBefore(deadlineAt)`. */
function mentionsDeadlineArgument(calls: readonly TSESTree.CallExpression[]): boolean {
  return calls.some((call) =>
    call.arguments.some((argument) => argument.type === AST_NODE_TYPES.Identifier && /deadline/i.test(argument.name)),
  );
}

// ---------------------------------------------------------------------------
// Exits and the conditions they sit under

interface Exit {
  readonly node: TSESTree.Node;
  /** `exit` leaves the loop (break, return, throw); `continue` goes round again. */
  readonly kind: 'exit' | 'continue';
}

/** The breaks, continues, returns and throws that leave (or restart) `root`, outside nested functions. */
function exitsOf(root: TSESTree.Node): Exit[] {
  const exits: Exit[] = [];
  const loop = isLoop(root) ? root : undefined;
  someNode(loop ? loop.body : root, (node) => {
    switch (node.type) {
      case AST_NODE_TYPES.ReturnStatement:
        exits.push({ node, kind: 'exit' });
        break;
      case AST_NODE_TYPES.ThrowStatement:
        if (!isCaughtWithin(node, root)) exits.push({ node, kind: 'exit' });
        break;
      case AST_NODE_TYPES.BreakStatement:
        if (loop && targetOf(node) === loop) exits.push({ node, kind: 'exit' });
        break;
      case AST_NODE_TYPES.ContinueStatement:
        if (loop && targetOf(node) === loop) exits.push({ node, kind: 'continue' });
        break;
      default:
        break;
    }
    return false;
  });
  return exits;
}

function isLoop(node: TSESTree.Node): node is Loop | TSESTree.ForOfStatement | TSESTree.ForInStatement {
  return (
    node.type === AST_NODE_TYPES.WhileStatement ||
    node.type === AST_NODE_TYPES.DoWhileStatement ||
    node.type === AST_NODE_TYPES.ForStatement ||
    node.type === AST_NODE_TYPES.ForOfStatement ||
    node.type === AST_NODE_TYPES.ForInStatement
  );
}

/** The loop (or switch) a `break`/`continue` leaves. */
function targetOf(statement: TSESTree.BreakStatement | TSESTree.ContinueStatement): TSESTree.Node | undefined {
  for (let current: TSESTree.Node | undefined = statement.parent; current; current = current.parent) {
    if (isFunction(current)) return undefined;
    if (statement.label) {
      if (current.type === AST_NODE_TYPES.LabeledStatement && current.label.name === statement.label.name) return current.body;
      continue;
    }
    if (isLoop(current)) return current;
    if (current.type === AST_NODE_TYPES.SwitchStatement && statement.type === AST_NODE_TYPES.BreakStatement) return current;
  }
  return undefined;
}

function isCaughtWithin(node: TSESTree.Node, root: TSESTree.Node): boolean {
  for (let child: TSESTree.Node = node, parent = node.parent; parent && parent !== root; child = parent, parent = parent.parent) {
    if (parent.type === AST_NODE_TYPES.TryStatement && parent.block === child && parent.handler) return true;
  }
  return false;
}

interface Guards {
  readonly conditions: TSESTree.Node[];
  /** Inside a `try` whose block called the model before this point: reached when the call succeeded. */
  readonly tryWithModelCall: boolean;
  /** Inside the `catch` of a `try` that calls the model: reached when the call failed (a retry). */
  readonly catchOfModelCall: boolean;
}

/** The conditions under which `node` runs, up to `root`. */
function guardsOf(node: TSESTree.Node, root: TSESTree.Node, callsModel: (block: TSESTree.Node) => boolean): Guards {
  const conditions: TSESTree.Node[] = [];
  let tryWithModelCall = false;
  let catchOfModelCall = false;
  for (let child: TSESTree.Node = node, parent = node.parent; parent && child !== root; child = parent, parent = parent.parent) {
    switch (parent.type) {
      case AST_NODE_TYPES.IfStatement:
      case AST_NODE_TYPES.ConditionalExpression:
        if (child !== parent.test) conditions.push(parent.test);
        break;
      case AST_NODE_TYPES.LogicalExpression:
        if (child === parent.right) conditions.push(parent.left);
        break;
      case AST_NODE_TYPES.SwitchCase:
        if (parent.test && child !== parent.test) conditions.push(parent.test);
        conditions.push(parent.parent.discriminant);
        break;
      case AST_NODE_TYPES.WhileStatement:
      case AST_NODE_TYPES.DoWhileStatement:
      case AST_NODE_TYPES.ForStatement:
        if (child === parent.body && parent.test) conditions.push(parent.test);
        break;
      case AST_NODE_TYPES.ForOfStatement:
      case AST_NODE_TYPES.ForInStatement:
        if (child === parent.body) conditions.push(parent.right);
        break;
      case AST_NODE_TYPES.TryStatement:
        if (child === parent.block && parent.handler && callsModel(parent.block)) tryWithModelCall = true;
        if (child === parent.handler && callsModel(parent.block)) catchOfModelCall = true;
        break;
      default:
        break;
    }
  }
  return { conditions, tryWithModelCall, catchOfModelCall };
}

// ---------------------------------------------------------------------------
// Values that come from the model

interface DerivedValues {
  /** Whether an expression reads the model's reply, or a value computed from it. */
  appearsIn(node: TSESTree.Node): boolean;
}

/**
 * The variables of `owner` that hold the model's reply or anything computed
 * from it (`const toolCalls = response.choices[0].message.tool_calls`), that
 * it was pushed into (`tasks.push(...newTasks)`), or that caught its error.
 */
function modelDerivedValues(
  owner: TSESTree.Node,
  context: Context,
  isModelCall: (call: TSESTree.CallExpression) => boolean,
): DerivedValues {
  const variables: Variable[] = [];
  const resolved = new Map<TSESTree.Identifier | TSESTree.JSXIdentifier, Variable>();
  const collect = (scope: TSESLint.Scope.Scope): void => {
    variables.push(...scope.variables);
    for (const reference of scope.references) if (reference.resolved) resolved.set(reference.identifier, reference.resolved);
    scope.childScopes.forEach(collect);
  };
  collect(context.sourceCode.getScope(owner));

  const derived = new Set<Variable>();
  const isDerivedReference = (identifier: TSESTree.Identifier): boolean => {
    const variable = resolved.get(identifier);
    return variable !== undefined && derived.has(variable);
  };
  const appearsIn = (node: TSESTree.Node): boolean =>
    someNode(
      node,
      (inner) =>
        (inner.type === AST_NODE_TYPES.CallExpression && isModelCall(inner)) ||
        (inner.type === AST_NODE_TYPES.Identifier && isDerivedReference(inner)),
      true,
    );
  const isDerived = (variable: Variable): boolean =>
    variable.defs.some((definition) => {
      const loopOf = forOfSource(definition);
      if (loopOf && appearsIn(loopOf)) return true;
      return definition.type === 'CatchClause' && tryCallsModel(definition.node, isModelCall);
    }) ||
    variable.references.some((reference) => {
      if (reference.writeExpr && appearsIn(reference.writeExpr)) return true;
      return isPushedFrom(reference.identifier, appearsIn);
    });

  for (let changed = true, rounds = 0; changed && rounds < 10; rounds++) {
    changed = false;
    for (const variable of variables) {
      if (derived.has(variable) || !isDerived(variable)) continue;
      derived.add(variable);
      changed = true;
    }
  }
  return { appearsIn };
}

/** `xs` in `for (const x of xs)`: what a loop variable is read from. */
function forOfSource(definition: TSESLint.Scope.Definition): TSESTree.Node | undefined {
  if (definition.type !== 'Variable') return undefined;
  const statement = definition.parent?.parent;
  return statement &&
    (statement.type === AST_NODE_TYPES.ForOfStatement || statement.type === AST_NODE_TYPES.ForInStatement) &&
    statement.left === definition.parent
    ? statement.right
    : undefined;
}

function tryCallsModel(clause: TSESTree.Node, isModelCall: (call: TSESTree.CallExpression) => boolean): boolean {
  const statement = clause.parent;
  return (
    statement?.type === AST_NODE_TYPES.TryStatement &&
    someNode(statement.block, (node) => node.type === AST_NODE_TYPES.CallExpression && isModelCall(node), true)
  );
}

const MUTATORS = new Set(['push', 'unshift', 'splice']);

/** `tasks.push(...plan.tasks)`: the array now holds what the model wrote. */
function isPushedFrom(identifier: TSESTree.Node, appearsIn: (node: TSESTree.Node) => boolean): boolean {
  const member = identifier.parent;
  if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== identifier || member.computed) return false;
  if (member.property.type !== AST_NODE_TYPES.Identifier || !MUTATORS.has(member.property.name)) return false;
  const call = member.parent;
  return call.type === AST_NODE_TYPES.CallExpression && call.callee === member && call.arguments.some(appearsIn);
}

// ---------------------------------------------------------------------------
// Recursion

interface SelfReference {
  readonly name: string;
  isSelfCall(call: TSESTree.CallExpression): boolean;
}

/** How a function calls itself: by its name, or as `this.method()` for a class method. */
function selfReference(fn: FunctionNode, context: Context): SelfReference | undefined {
  const holder = fn.parent;
  if (
    fn.type === AST_NODE_TYPES.FunctionExpression &&
    (holder.type === AST_NODE_TYPES.MethodDefinition || holder.type === AST_NODE_TYPES.PropertyDefinition) &&
    !holder.computed &&
    holder.key.type === AST_NODE_TYPES.Identifier
  ) {
    return methodSelfReference(holder.key.name);
  }
  if (
    fn.type === AST_NODE_TYPES.ArrowFunctionExpression &&
    holder.type === AST_NODE_TYPES.PropertyDefinition &&
    !holder.computed &&
    holder.key.type === AST_NODE_TYPES.Identifier
  ) {
    return methodSelfReference(holder.key.name);
  }
  const declared =
    fn.type === AST_NODE_TYPES.FunctionDeclaration || (fn.type === AST_NODE_TYPES.FunctionExpression && fn.id)
      ? context.sourceCode.getDeclaredVariables(fn).find((variable) => variable.name === fn.id?.name)
      : holder.type === AST_NODE_TYPES.VariableDeclarator && holder.init === fn
        ? context.sourceCode.getDeclaredVariables(holder)[0]
        : undefined;
  if (!declared) return undefined;
  const callees = new Set(declared.references.map((reference) => reference.identifier));
  return {
    name: declared.name,
    isSelfCall: (call) => callees.has(call.callee as TSESTree.Identifier),
  };
}

function methodSelfReference(name: string): SelfReference {
  return {
    name,
    isSelfCall: (call) =>
      call.callee.type === AST_NODE_TYPES.MemberExpression &&
      call.callee.object.type === AST_NODE_TYPES.ThisExpression &&
      !call.callee.computed &&
      call.callee.property.type === AST_NODE_TYPES.Identifier &&
      call.callee.property.name === name,
  };
}

const COUNT_NAME = /depth|turn|step|level|attempt|iteration|round|hop|count|remaining|retries|tries/i;

/**
 * What a recursion can count with: a parameter named like a counter or with a
 * numeric default (`depth = 0`, `turn`), or such a property of a parameter
 * (`options.depth`, `state.turns`).
 */
function countingParameters(fn: FunctionNode, body: TSESTree.Node, context: Context): string[] {
  const names: string[] = [];
  const roots = new Set<string>();
  const visit = (pattern: TSESTree.Node, numericDefault: boolean): void => {
    switch (pattern.type) {
      case AST_NODE_TYPES.Identifier:
        roots.add(pattern.name);
        if (numericDefault || COUNT_NAME.test(pattern.name)) names.push(pattern.name);
        break;
      case AST_NODE_TYPES.AssignmentPattern:
        visit(pattern.left, pattern.right.type === AST_NODE_TYPES.Literal && typeof pattern.right.value === 'number');
        break;
      case AST_NODE_TYPES.TSParameterProperty:
        visit(pattern.parameter, false);
        break;
      case AST_NODE_TYPES.ObjectPattern:
        for (const property of pattern.properties) {
          if (property.type === AST_NODE_TYPES.Property) visit(property.value, false);
        }
        break;
      default:
        break;
    }
  };
  for (const param of fn.params) visit(param, false);
  someNode(body, (node) => {
    if (
      node.type === AST_NODE_TYPES.MemberExpression &&
      !node.computed &&
      node.object.type === AST_NODE_TYPES.Identifier &&
      roots.has(node.object.name) &&
      node.property.type === AST_NODE_TYPES.Identifier &&
      COUNT_NAME.test(node.property.name)
    ) {
      names.push(context.sourceCode.getText(node).replace(/\s+/g, '').replace(/\?\./g, '.'));
    }
    return false;
  });
  return names;
}
