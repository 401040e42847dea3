import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { enclosingMessageHandler, perMessageReachOf, type MessageHandler } from '../knowledge/consumers.js';
import { isFunctionLike, type FunctionLike } from '../knowledge/handlers.js';
import { getTypeServices, memberName, unwrapExpression } from '../knowledge/origin.js';
import { isInside, isValueReference, walkAst } from '../util/ast.js';
import { createRule } from '../util/create-rule.js';
import { runsInPlaceEstree } from '../util/summaries.js';

type MessageIds = 'linearScan';
type Context = Readonly<TSESLint.RuleContext<MessageIds, []>>;

export default createRule<[], MessageIds>({
  name: 'no-linear-scan-per-event',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Disallow scanning a long-lived collection for the current event’s key in a message handler',
      recommended: 'strict',
      domains: ['jobs'],
      seed: '002 P18',
    },
    schema: [],
    messages: {
      linearScan:
        '{{scan}} walks every element of `{{collection}}` once per message ({{where}}), comparing {{comparisons}}: the work per event grows with the size of `{{collection}}`, and once it holds thousands of entries the consumer falls behind its stream. Index `{{collection}}` once, when it is loaded, {{index}}, and look up the event’s key instead of scanning.',
    },
  },
  defaultOptions: [],
  create(context) {
    function check(report: TSESTree.Node, receiver: TSESTree.Expression, scan: Scan, description: string): void {
      const collection = collectionName(receiver);
      // Cheap, syntactic: the predicate must compare something read from the element before any handler or type lookup.
      if (!collection || !comparesElement(scan)) return;
      const perMessage = perMessageContextOf(report, context);
      if (!perMessage || !isLongLived(receiver, perMessage, scan, context) || !isArrayValue(receiver, context)) return;
      const events = new EventValues(perMessage, scan.root, context);
      const comparisons = keyComparisons(scan, events, context);
      if (comparisons.length === 0) return;
      context.report({
        node: report,
        messageId: 'linearScan',
        data: {
          scan: description,
          collection,
          where: perMessage.where,
          comparisons: comparisons.map((c) => `\`${c.element}\` to \`${c.event}\``).join(' and '),
          index: indexAdvice(comparisons),
        },
      });
    }

    return {
      CallExpression(node) {
        const callee = unwrapExpression(node.callee);
        if (callee.type !== AST_NODE_TYPES.MemberExpression) return;
        const method = memberName(callee);
        if (!method || !SCAN_METHODS.has(method)) return;
        const callback = node.arguments[0];
        if (callback?.type !== AST_NODE_TYPES.ArrowFunctionExpression && callback?.type !== AST_NODE_TYPES.FunctionExpression) return;
        const element = callback.params[0];
        if (!element) return;
        const receiver = unwrapExpression(callee.object);
        check(node, receiver, { kind: 'callback', root: callback, element, predicates: [callback.body] }, `\`${collectionName(receiver) ?? '…'}.${method}()\``);
      },
      ForOfStatement(node) {
        if (node.left.type !== AST_NODE_TYPES.VariableDeclaration) return;
        const element = node.left.declarations[0]?.id;
        const tests = topLevelIfTests(node.body);
        if (!element || tests.length === 0) return;
        const receiver = unwrapExpression(node.right);
        check(node, receiver, { kind: 'loop', root: node, element, predicates: tests }, `the \`for…of\` loop over \`${collectionName(receiver) ?? '…'}\``);
      },
    };
  },
});

/** Array methods that scan for elements matching a predicate. */
const SCAN_METHODS = new Set(['filter', 'find', 'findIndex', 'findLast', 'findLastIndex', 'some']);

interface Scan {
  readonly kind: 'callback' | 'loop';
  /** The predicate callback, or the loop. */
  readonly root: TSESTree.Node;
  /** The element parameter or loop variable (an identifier or a pattern). */
  readonly element: TSESTree.Node;
  /** Where element keys are compared: the callback body, or the loop's `if` tests. */
  readonly predicates: readonly TSESTree.Node[];
}

/** `rules`, `this.rules`, `this.#rules`: a collection named by a variable or a field. */
function collectionName(receiver: TSESTree.Expression): string | undefined {
  if (receiver.type === AST_NODE_TYPES.Identifier) return receiver.name;
  if (receiver.type === AST_NODE_TYPES.MemberExpression && receiver.object.type === AST_NODE_TYPES.ThisExpression && !receiver.computed) {
    if (receiver.property.type === AST_NODE_TYPES.Identifier) return `this.${receiver.property.name}`;
    if (receiver.property.type === AST_NODE_TYPES.PrivateIdentifier) return `this.#${receiver.property.name}`;
  }
  return undefined;
}

/** `if (rule.type !== event.type) continue;`, `if (rule.appId === evt.appId) …`: the tests a loop body branches on. */
function topLevelIfTests(body: TSESTree.Statement): TSESTree.Expression[] {
  const statements = body.type === AST_NODE_TYPES.BlockStatement ? body.body : [body];
  return statements.flatMap((statement) => (statement.type === AST_NODE_TYPES.IfStatement ? [statement.test] : []));
}

// ---------------------------------------------------------------------------
// Runs per message

interface PerMessage {
  /** The handler (function or loop), or the project function a handler calls. */
  readonly boundary: TSESTree.Node;
  readonly handler?: MessageHandler;
  /** How the message says where it runs per message. */
  readonly where: string;
}

/**
 * The scan runs once per message when it sits in a message handler, or
 * (with types) in a project function a handler calls, as
 * `ReactionEngine.matching()` is called from the consumer loop.
 */
function perMessageContextOf(node: TSESTree.Node, context: Context): PerMessage | undefined {
  const handler = enclosingMessageHandler(node, context);
  if (handler) return { boundary: handler.node, handler, where: `in ${handler.description}` };
  const fn = runningFunction(node, context);
  const reach = fn && perMessageReachOf(fn, context);
  if (!fn || !reach) return undefined;
  const chain = reach.chain.map((name) => `\`${name}()\``).join(' → ');
  return { boundary: fn, where: `${chain} runs for each message from ${reach.handler} at ${reach.file}:${reach.line}` };
}

/** The function a node runs in, looking through callbacks that run in place (`rules.forEach(…)`). */
function runningFunction(node: TSESTree.Node, context: Context): FunctionLike | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionLike(current) && !runsInPlaceEstree(current, context)) return current;
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// Long-lived collections

/**
 * A collection that outlives the message: a class field (`this.rules`), a
 * module-level variable, or a variable of an enclosing function (loaded once
 * when the consumer starts). Not one the handler builds, not one declared as
 * a literal list of entries (a fixed dispatch table is as long as the code
 * that writes it), and for a message loop not one the loop fills as it goes.
 */
function isLongLived(receiver: TSESTree.Expression, perMessage: PerMessage, scan: Scan, context: Context): boolean {
  if (receiver.type === AST_NODE_TYPES.MemberExpression) return isInstanceField(receiver);
  if (receiver.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = ASTUtils.findVariable(context.sourceCode.getScope(receiver), receiver.name);
  const definition = variable?.defs[0];
  if (!variable || !definition) return false;
  if (definition.type !== 'Variable' && definition.type !== 'Parameter') return false;
  if (isInside(definition.name, perMessage.boundary) || isInside(definition.name, scan.root)) return false;
  if (definition.type === 'Variable' && isFixedTable(definition.node.init)) return false;
  if (perMessage.boundary.type === AST_NODE_TYPES.ForOfStatement) {
    const loop = perMessage.boundary;
    return !variable.references.some((reference) => isInside(reference.identifier, loop) && isWrite(reference));
  }
  return true;
}

/** `this.rules` in a method (or a field arrow) of the class that declares it, unless the field is a literal table. */
function isInstanceField(receiver: TSESTree.MemberExpression): boolean {
  const classBody = classBodyOfThis(receiver);
  if (!classBody) return false;
  const name = receiver.property.type === AST_NODE_TYPES.Identifier || receiver.property.type === AST_NODE_TYPES.PrivateIdentifier ? receiver.property.name : undefined;
  const field = classBody.body.find(
    (member): member is TSESTree.PropertyDefinition =>
      member.type === AST_NODE_TYPES.PropertyDefinition &&
      !member.computed &&
      (member.key.type === AST_NODE_TYPES.Identifier || member.key.type === AST_NODE_TYPES.PrivateIdentifier) &&
      member.key.name === name,
  );
  return !(field && isFixedTable(field.value));
}

/** The class body whose instance `this` is where the receiver is read (arrow functions keep the method's `this`). */
function classBodyOfThis(node: TSESTree.Node): TSESTree.ClassBody | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.FunctionDeclaration) return undefined;
    if (current.type === AST_NODE_TYPES.FunctionExpression) {
      const holder = current.parent;
      return holder?.type === AST_NODE_TYPES.MethodDefinition && holder.value === current && !holder.static ? holder.parent : undefined;
    }
    if (current.type === AST_NODE_TYPES.PropertyDefinition) return current.static ? undefined : current.parent;
  }
  return undefined;
}

/** `[{ type: 'a', run }, { type: 'b', run }]` (also `as const`): a non-empty literal list with no spread. */
function isFixedTable(init: TSESTree.Expression | null | undefined): boolean {
  if (!init) return false;
  const value = unwrapExpression(init);
  return (
    value.type === AST_NODE_TYPES.ArrayExpression &&
    value.elements.length > 0 &&
    value.elements.every((element) => element !== null && element.type !== AST_NODE_TYPES.SpreadElement)
  );
}

function isWrite(reference: TSESLint.Scope.Reference): boolean {
  if (reference.isWrite()) return true;
  // `seen.push(id)`, `seen.unshift(id)`, `seen.splice(…)`
  const parent = reference.identifier.parent;
  return (
    parent?.type === AST_NODE_TYPES.MemberExpression &&
    parent.object === reference.identifier &&
    /^(?:push|unshift|splice)$/.test(memberName(parent) ?? '') &&
    parent.parent.type === AST_NODE_TYPES.CallExpression
  );
}

/** With types, the collection must be an array or a tuple: `find` on a repository or an RxJS stream is something else. */
function isArrayValue(receiver: TSESTree.Expression, context: Context): boolean {
  const services = getTypeServices(context);
  if (!services) return true;
  const checker = services.program.getTypeChecker();
  const type = checker.getNonNullableType(checker.getTypeAtLocation(services.esTreeNodeToTSNodeMap.get(receiver)));
  const isArray = (t: typeof type) => checker.isArrayType(t) || checker.isTupleType(t);
  if (isArray(type)) return true;
  return type.isUnion() && type.types.every(isArray);
}

// ---------------------------------------------------------------------------
// The event and its keys

/**
 * The variables that hold the current event: the handler's message and
 * parameters (or, for a function a handler calls, its parameters), and the
 * locals derived from them (`const evt = JSON.parse(m.data)`, `const { type } = evt`).
 */
class EventValues {
  private readonly variables = new Set<TSESLint.Scope.Variable>();

  constructor(
    perMessage: PerMessage,
    scanRoot: TSESTree.Node,
    private readonly context: Context,
  ) {
    const boundary = perMessage.boundary;
    if (perMessage.handler?.messageBinding) this.add(perMessage.handler.messageBinding);
    if (isFunctionLike(boundary)) {
      for (const variable of context.sourceCode.getDeclaredVariables(boundary)) this.variables.add(variable);
    } else if (boundary.type === AST_NODE_TYPES.ForOfStatement && boundary.left.type === AST_NODE_TYPES.VariableDeclaration) {
      for (const variable of context.sourceCode.getDeclaredVariables(boundary.left)) this.variables.add(variable);
    }
    // Parameters of the functions between the scan and the boundary (`messages.forEach((m) => …)`).
    for (let current = scanRoot.parent; current && current !== boundary; current = current.parent) {
      if (isFunctionLike(current)) for (const variable of context.sourceCode.getDeclaredVariables(current)) this.variables.add(variable);
    }
    walkAst(boundary, (node) => {
      if (node === scanRoot) return false;
      if (node.type === AST_NODE_TYPES.VariableDeclarator && node.init && this.references(node.init)) {
        for (const variable of context.sourceCode.getDeclaredVariables(node)) this.variables.add(variable);
      }
      return true;
    });
  }

  references(node: TSESTree.Node): boolean {
    return someIdentifier(node, (identifier) => this.has(identifier));
  }

  has(identifier: TSESTree.Identifier): boolean {
    const variable = ASTUtils.findVariable(this.context.sourceCode.getScope(identifier), identifier.name);
    return variable !== null && this.variables.has(variable);
  }

  private add(identifier: TSESTree.Identifier): void {
    const variable = ASTUtils.findVariable(this.context.sourceCode.getScope(identifier), identifier.name);
    if (variable) this.variables.add(variable);
  }
}

interface KeyComparison {
  /** `rule.appId`, or `id` for the element itself. */
  readonly element: string;
  readonly event: string;
  /** `appId`; undefined when the element itself is compared. */
  readonly key?: string;
}

const EQUALITY = new Set(['===', '==']);
const LOOP_TESTS = new Set(['===', '==', '!==', '!=']);

/** `rule.appId === event.appId`, `r.eventTypes.includes(evt.type)`: an element key compared with an event value. */
function keyComparisons(scan: Scan, events: EventValues, context: Context): KeyComparison[] {
  const elementVariables = new Set(
    scan.kind === 'loop' && scan.root.type === AST_NODE_TYPES.ForOfStatement
      ? context.sourceCode.getDeclaredVariables(scan.root.left)
      : declaredIn(scan.element, scan.root, context),
  );
  const isElement = (identifier: TSESTree.Identifier) => {
    const variable = ASTUtils.findVariable(context.sourceCode.getScope(identifier), identifier.name);
    return variable !== null && elementVariables.has(variable);
  };
  const operators = scan.kind === 'loop' ? LOOP_TESTS : EQUALITY;
  const found: KeyComparison[] = [];
  const consider = (elementSide: TSESTree.Node, eventSide: TSESTree.Node) => {
    const readsElement = someIdentifier(elementSide, isElement);
    if (!readsElement || someIdentifier(elementSide, (i) => events.has(i))) return false;
    if (!events.references(eventSide) || someIdentifier(eventSide, isElement)) return false;
    found.push({
      element: shortText(context.sourceCode.getText(elementSide)),
      event: shortText(context.sourceCode.getText(eventSide)),
      ...(keyOf(elementSide) ? { key: keyOf(elementSide) } : {}),
    });
    return true;
  };
  for (const predicate of scan.predicates) {
    walkAst(predicate, (node) => {
      if (node !== predicate && isFunctionLike(node)) return false;
      if (node.type === AST_NODE_TYPES.BinaryExpression && operators.has(node.operator)) {
        if (!consider(node.left, node.right)) consider(node.right, node.left);
        return false;
      }
      if (node.type === AST_NODE_TYPES.CallExpression && node.arguments.length === 1) {
        const callee = unwrapExpression(node.callee);
        if (callee.type === AST_NODE_TYPES.MemberExpression && memberName(callee) === 'includes' && node.arguments[0]!.type !== AST_NODE_TYPES.SpreadElement) {
          consider(callee.object, node.arguments[0]!);
          return false;
        }
      }
      return true;
    });
  }
  return found;
}

/** Whether a predicate compares (or `includes`) a value read from the element, judged by names alone. */
function comparesElement(scan: Scan): boolean {
  const names = new Set<string>();
  walkAst(scan.element, (node) => {
    if (node.type === AST_NODE_TYPES.Identifier) names.add(node.name);
    return true;
  });
  const operators = scan.kind === 'loop' ? LOOP_TESTS : EQUALITY;
  const readsElement = (node: TSESTree.Node) => someIdentifier(node, (identifier) => names.has(identifier.name));
  let found = false;
  for (const predicate of scan.predicates) {
    walkAst(predicate, (node) => {
      if (found) return false;
      if (node.type === AST_NODE_TYPES.BinaryExpression && operators.has(node.operator)) {
        found = readsElement(node.left) || readsElement(node.right);
      } else if (node.type === AST_NODE_TYPES.CallExpression) {
        const callee = unwrapExpression(node.callee);
        found = callee.type === AST_NODE_TYPES.MemberExpression && memberName(callee) === 'includes' && readsElement(node);
      }
      return !found;
    });
  }
  return found;
}

function declaredIn(element: TSESTree.Node, fn: TSESTree.Node, context: Context): TSESLint.Scope.Variable[] {
  return context.sourceCode.getDeclaredVariables(fn).filter((variable) => variable.defs.some((definition) => isInside(definition.name, element)));
}

/** `appId` in `rule.appId`, `type` in `r.meta.type`; undefined for the element itself. */
function keyOf(node: TSESTree.Node): string | undefined {
  let inner = node;
  if (inner.type === AST_NODE_TYPES.ChainExpression) inner = inner.expression;
  return inner.type === AST_NODE_TYPES.MemberExpression ? memberName(inner) : undefined;
}

function indexAdvice(comparisons: readonly KeyComparison[]): string {
  const keys = [...new Set(comparisons.flatMap((comparison) => (comparison.key ? [comparison.key] : [])))];
  if (keys.length === 0) return 'into a `Set` (or a `Map` by the compared value)';
  return `by ${keys.map((key) => `\`${key}\``).join(' and ')} (a \`Map\` from that key to its entries)`;
}

// ---------------------------------------------------------------------------
// Small helpers

function shortText(text: string): string {
  const compact = text.replace(/\s+/g, ' ');
  return compact.length > 40 ? `${compact.slice(0, 37)}…` : compact;
}

function someIdentifier(root: TSESTree.Node, predicate: (identifier: TSESTree.Identifier) => boolean): boolean {
  let found = false;
  walkAst(root, (node) => {
    if (found) return false;
    if (node.type === AST_NODE_TYPES.Identifier && isValueReference(node) && predicate(node)) found = true;
    return !found;
  });
  return found;
}


