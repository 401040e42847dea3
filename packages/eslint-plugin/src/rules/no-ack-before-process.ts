import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import {
  ackCallOf,
  enclosingMessageHandler,
  messageHandlerOf,
  SETTLING_NAMES,
  type ConsumerLibrary,
  type MessageAck,
} from '../knowledge/consumers.js';
import { dbQueryOf } from '../knowledge/db.js';
import { isFunctionLike, type FunctionLike } from '../knowledge/handlers.js';
import { isLoggerCall } from '../knowledge/loggers.js';
import { memberName, unwrapCallee, unwrapExpression } from '../knowledge/origin.js';
import { outboundRequestOf } from '../knowledge/outbound.js';
import { getPitfallsSettings } from '../knowledge/settings.js';
import { isValueReference, walkAst } from '../util/ast.js';
import { runsInPlaceEstree } from '../util/summaries.js';
import { createRule } from '../util/create-rule.js';

type MessageIds = 'ackInCatch' | 'ackInFinally' | 'ackAfterSwallowedError' | 'ackBeforeProcessing';
type Context = Readonly<TSESLint.RuleContext<MessageIds, []>>;

export default createRule<[], MessageIds>({
  name: 'no-ack-before-process',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow acknowledging a consumed message before, or regardless of, its processing',
      recommended: 'recommended',
      domains: ['jobs'],
      seed: '002 P11',
    },
    schema: [],
    messages: {
      ackInCatch:
        '`{{ack}}` in this `catch` block acknowledges the message when `{{call}}` (line {{line}}) failed: the broker records it as delivered and never redelivers it, so the event is lost with only a log line to show for it. Settle a failure as a failure: {{retry}}.',
      ackInFinally:
        '`{{ack}}` in this `finally` block runs whether or not `{{call}}` (line {{line}}) succeeded: when it throws, the message is acknowledged anyway and the event is lost, because the broker never redelivers it. Ack at the end of the `try` block, after the work, and settle failures in `catch`: {{retry}}.',
      ackAfterSwallowedError:
        '`{{ack}}` runs after a `try`/`catch` whose `catch` swallows the failure of `{{call}}` (line {{line}}): when it throws, the error is logged and the message acknowledged anyway, so the event is lost because the broker never redelivers it. Ack inside the `try`, after the work, and settle failures in `catch`: {{retry}}.',
      ackBeforeProcessing:
        '`{{ack}}` acknowledges the message before `{{call}}` (line {{line}}) processes it: if that fails or the process dies first, the event is lost, because the broker already counts it as delivered and will not redeliver it. Ack after the work succeeds, and settle failures in `catch`: {{retry}}.',
    },
  },
  defaultOptions: [],
  create(context) {
    const settingNames = new Set(getPitfallsSettings(context).messageAcks.map((matcher) => matcher.member));

    return {
      CallExpression(node) {
        const name = calledName(node);
        if (!name || (!SETTLING_NAMES.has(name) && !settingNames.has(name))) return;
        const ack = ackCallOf(node, context);
        if (!ack || !SETTLES_AS_DONE.has(ack.kind)) return;
        const messages = new MessageValues(node, context);
        const clause = enclosingClause(node);
        if (clause) {
          checkClause(node, ack, clause, messages, context);
          return;
        }
        const processing = processingAfter(node, messages, context);
        if (processing) {
          report(context, node, 'ackBeforeProcessing', ack, processing);
          return;
        }
        const swallowed = swallowedFailureBefore(node, messages, context);
        if (swallowed) report(context, node, 'ackAfterSwallowedError', ack, swallowed);
      },
    };
  },
});

/** The settlements that tell the broker the message is done with: it will not come back. */
const SETTLES_AS_DONE = new Set<MessageAck['kind']>(['ack', 'commit', 'delete']);

/** How to give a failed message back, per library, for messages. */
const RETRY_ADVICE: Readonly<Record<ConsumerLibrary | 'project', string>> = {
  nats: '`m.nak(delayMs)` to have it redelivered later, or dead-letter it and `m.term()` it',
  amqplib: '`channel.nack(msg)` to requeue it, or with `requeue: false` to route it to a dead-letter exchange',
  kafkajs: 'let the error propagate so kafkajs retries from the last committed offset, or publish the message to a dead-letter topic before committing',
  sqs: "leave it undeleted, so it comes back after the visibility timeout and the queue's redrive policy dead-letters it after `maxReceiveCount` tries",
  'sqs-consumer': 'throw, so sqs-consumer leaves the message on the queue',
  bullmq: 'throw, so the job is retried',
  bull: 'throw, so the job is retried',
  'pg-boss': 'throw, so the job is retried',
  '@nestjs/microservices': '`channel.nack(message)` to requeue or dead-letter it',
  '@google-cloud/pubsub': '`message.nack()` to have it redelivered (a dead-letter topic catches repeated failures)',
  project: 'retry it or move it to a dead-letter queue',
};

function report(
  context: Context,
  node: TSESTree.CallExpression,
  messageId: MessageIds,
  ack: MessageAck,
  processing: Processing,
): void {
  context.report({
    node,
    messageId,
    data: { ack: ack.label, call: processing.label, line: processing.node.loc.start.line, retry: RETRY_ADVICE[ack.library] },
  });
}

// ---------------------------------------------------------------------------
// Acks in `catch` and `finally`

interface Clause {
  readonly kind: 'catch' | 'finally';
  readonly tryStatement: TSESTree.TryStatement;
  readonly body: TSESTree.BlockStatement;
}

/** The `catch` or `finally` block the ack runs in, within its own function (or message loop). */
function enclosingClause(node: TSESTree.Node): Clause | undefined {
  for (let child: TSESTree.Node = node, current = node.parent; current; child = current, current = current.parent) {
    if (isFunctionLike(current)) return undefined;
    if (current.type === AST_NODE_TYPES.CatchClause && child === current.body) {
      return { kind: 'catch', tryStatement: current.parent, body: current.body };
    }
    if (current.type === AST_NODE_TYPES.TryStatement && child === current.finalizer) {
      return { kind: 'finally', tryStatement: current, body: current.finalizer };
    }
  }
  return undefined;
}

/**
 * An ack in `catch` acknowledges the failures; one in `finally` acknowledges
 * everything. Neither matters when the `try` block does no processing (it
 * only decodes: dropping an undecodable message is a choice), when the ack
 * is conditional (`if (attempts >= MAX) m.ack()`: the code decides which
 * failures to drop), or when the message was handed on first (dead-lettered,
 * republished, nak'ed).
 */
function checkClause(node: TSESTree.CallExpression, ack: MessageAck, clause: Clause, messages: MessageValues, context: Context): void {
  if (isConditional(node, clause.body, messages)) return;
  const processing = firstProcessing(clause.tryStatement.block, messages, context);
  if (!processing) return;
  if (clause.kind === 'catch') {
    if (handsOnBefore(clause.body, node, messages, context)) return;
    report(context, node, 'ackInCatch', ack, processing);
    return;
  }
  const handler = clause.tryStatement.handler;
  if (handler && handsOnBefore(handler.body, undefined, messages, context)) return;
  report(context, node, 'ackInFinally', ack, processing);
}

/** Whether an `if`, `?:`, `&&` or `switch` between the clause and the ack decides whether it runs (a null check on the message does not). */
function isConditional(node: TSESTree.Node, clauseBody: TSESTree.Node, messages: MessageValues): boolean {
  for (let child: TSESTree.Node = node, current = node.parent; current && child !== clauseBody; child = current, current = current.parent) {
    switch (current.type) {
      case AST_NODE_TYPES.IfStatement:
        if (child !== current.test && !messages.isPresenceCheck(current.test)) return true;
        break;
      case AST_NODE_TYPES.ConditionalExpression:
        if (child !== current.test && !messages.isPresenceCheck(current.test)) return true;
        break;
      case AST_NODE_TYPES.LogicalExpression:
        if (child === current.right && !messages.isPresenceCheck(current.left)) return true;
        break;
      case AST_NODE_TYPES.SwitchCase:
        return true;
      default:
        break;
    }
  }
  return false;
}

/** Calls that give the message back or move it elsewhere before it is acked: nak, term, reject, dead-letter, republish. */
const HAND_ON_NAMES = /publish|send|add|enqueue|produce|requeue|retry|forward|redeliver|park|quarantine/i;
const GIVES_BACK = new Set<MessageAck['kind']>(['nak', 'term', 'nack', 'reject', 'dead-letter']);

function handsOnBefore(block: TSESTree.BlockStatement, before: TSESTree.Node | undefined, messages: MessageValues, context: Context): boolean {
  let found = false;
  walkAst(block, (inner) => {
    if (found || inner.type !== AST_NODE_TYPES.CallExpression) return !found;
    if (before && inner.range[0] >= before.range[0]) return false;
    const settled = ackCallOf(inner, context);
    if (settled && GIVES_BACK.has(settled.kind)) found = true;
    else if (!settled && HAND_ON_NAMES.test(calledName(inner) ?? '') && inner.arguments.some((argument) => messages.references(argument))) {
      found = true;
    }
    return !found;
  });
  return found;
}

// ---------------------------------------------------------------------------
// Processing after the ack

interface Processing {
  readonly node: TSESTree.Node;
  /** `engine.handle()`, `sink.add()`, `await p`: how messages name it. */
  readonly label: string;
}

/**
 * The first processing that runs after the ack on the same path: in the
 * statements that follow it in its block, then (if that block does not
 * leave) in those after the enclosing statement, up to the function or
 * message loop around it.
 */
function processingAfter(node: TSESTree.CallExpression, messages: MessageValues, context: Context): Processing | undefined {
  let current: TSESTree.Node = statementOf(node, context);
  for (;;) {
    if (isExit(current)) return undefined;
    const parent: TSESTree.Node | undefined = current.parent;
    if (!parent || isBoundary(parent, current, context)) return undefined;
    const siblings = statementList(parent);
    if (siblings) {
      for (const statement of siblings.slice(siblings.indexOf(current as TSESTree.Statement) + 1)) {
        const processing = firstProcessing(statement, messages, context);
        if (processing) return processing;
        if (isExit(statement)) return undefined;
      }
    }
    current = parent;
  }
}

/** The statement holding a node; an ack in an in-place callback (`batch.forEach((m) => m.ack())`) belongs to the statement around it. */
/**
 * Processing in an earlier `try` whose `catch` lets the failure fall through to
 * the ack: it neither leaves (`return`, `throw`, `continue`) nor settles or
 * hands the message on. `try { await send(m) } catch (err) { log(err) } m.ack()`
 * acks the failures as `finally` would.
 */
function swallowedFailureBefore(node: TSESTree.CallExpression, messages: MessageValues, context: Context): Processing | undefined {
  let current: TSESTree.Node = statementOf(node, context);
  for (;;) {
    const parent: TSESTree.Node | undefined = current.parent;
    if (!parent || isBoundary(parent, current, context)) return undefined;
    const siblings = statementList(parent);
    if (siblings) {
      for (const statement of siblings.slice(0, siblings.indexOf(current as TSESTree.Statement)).reverse()) {
        if (statement.type !== AST_NODE_TYPES.TryStatement || !statement.handler) continue;
        if (!swallows(statement.handler.body, messages, context)) continue;
        // Only work on this message counts here: a best-effort step in its own try/catch (a cache eviction) may fail on purpose.
        const processing = firstProcessing(statement.block, messages, context, true);
        if (processing) return processing;
      }
    }
    current = parent;
  }
}

function swallows(block: TSESTree.BlockStatement, messages: MessageValues, context: Context): boolean {
  let leaves = false;
  walkAst(block, (inner) => {
    if (leaves || (inner !== block && isFunctionLike(inner))) return false;
    if (isExit(inner)) leaves = true;
    return !leaves;
  });
  return !leaves && !handsOnBefore(block, undefined, messages, context);
}

function statementOf(node: TSESTree.Node, context: Context): TSESTree.Node {
  let current = node;
  while (current.parent && !statementList(current.parent) && !isStatementPosition(current)) {
    if (isFunctionLike(current.parent) && !isSynchronousCallback(current.parent, context)) break;
    current = current.parent;
  }
  return current;
}

function isStatementPosition(node: TSESTree.Node): boolean {
  return node.type.endsWith('Statement') || node.type === AST_NODE_TYPES.VariableDeclaration;
}

function statementList(node: TSESTree.Node): readonly TSESTree.Node[] | undefined {
  switch (node.type) {
    case AST_NODE_TYPES.BlockStatement:
    case AST_NODE_TYPES.Program:
    case AST_NODE_TYPES.StaticBlock:
      return node.body;
    case AST_NODE_TYPES.SwitchCase:
      return node.consequent;
    default:
      return undefined;
  }
}

/** A function, or the loop that runs once per message: what runs after it is not this message's processing. */
function isBoundary(node: TSESTree.Node, child: TSESTree.Node, context: Context): boolean {
  if (isFunctionLike(node)) return !isSynchronousCallback(node, context);
  if (node.type === AST_NODE_TYPES.CatchClause || (node.type === AST_NODE_TYPES.TryStatement && child === node.finalizer)) return true;
  return node.type === AST_NODE_TYPES.ForOfStatement && child === node.body && messageHandlerOf(node, context) !== undefined;
}

/**
 * A callback that runs to completion where it is written (`batch.forEach((m) => m.ack())`, an IIFE):
 * what follows its call runs after it. An async callback, or a message handler, is not one.
 */
function isSynchronousCallback(fn: FunctionLike, context: Context): boolean {
  return !fn.async && runsInPlaceEstree(fn, context) && messageHandlerOf(fn, context)?.byParameterType !== false;
}

function isExit(node: TSESTree.Node): boolean {
  return (
    node.type === AST_NODE_TYPES.ReturnStatement ||
    node.type === AST_NODE_TYPES.ThrowStatement ||
    node.type === AST_NODE_TYPES.ContinueStatement ||
    node.type === AST_NODE_TYPES.BreakStatement
  );
}

/** Calls that derive a value from the message, wait, or observe: not the work the ack should wait for. */
const NOT_WORK_NAMES =
  /^(?:decode\w*|parse\w*|deserial\w*|unmarshal\w*|unpack\w*|validate\w*|safeParse\w*|is[A-Z_]\w*|has[A-Z_]\w*|assert\w*|toString|toJSON|stringify|json|string|text|sleep|delay|wait|setTimeout|setImmediate|clearTimeout)$/;
const NOT_WORK_RECEIVERS = /^(?:JSON|Buffer|Object|Array|Math|Date|Number|String|Reflect|console|sc|jc|codec|decoder|encoder|schema)$|metric|counter|histogram|gauge|stats|tracer|span|telemetry|prom/i;
const PURE_GLOBALS = new Set(['String', 'Number', 'Boolean', 'BigInt', 'parseInt', 'parseFloat', 'structuredClone', 'encodeURIComponent', 'decodeURIComponent']);

/**
 * The first processing in a subtree: an awaited call (or value), a database
 * query, an outbound request, or a call that is handed the message or a value
 * decoded from it. Logging, decoding, metrics, waits and other acks are not
 * processing.
 */
function firstProcessing(root: TSESTree.Node, messages: MessageValues, context: Context, ofMessage = false): Processing | undefined {
  let found: Processing | undefined;
  walkAst(root, (node) => {
    if (found) return false;
    if (ofMessage) {
      const awaited = node.parent?.type === AST_NODE_TYPES.AwaitExpression;
      if (node.type === AST_NODE_TYPES.CallExpression && isWork(node, messages, context, awaited) && handlesMessage(node, messages)) {
        found = { node, label: callLabel(node, context) };
      }
      return !found;
    }
    if (node.type === AST_NODE_TYPES.AwaitExpression) {
      const awaited = awaitedCall(node);
      if (!awaited) {
        // `await pending` waits for work started earlier; `await new Promise(…)` is a pause.
        const argument = unwrapExpression(node.argument);
        if (argument.type === AST_NODE_TYPES.Identifier || argument.type === AST_NODE_TYPES.MemberExpression) {
          found = { node, label: `await ${shortText(context.sourceCode.getText(node.argument))}` };
        }
        return !found;
      }
      if (isWork(awaited, messages, context, true)) found = { node: awaited, label: callLabel(awaited, context) };
      return !found;
    }
    if (node.type === AST_NODE_TYPES.CallExpression && isWork(node, messages, context, false)) {
      found = { node, label: callLabel(node, context) };
    }
    return !found;
  });
  return found;
}

/** `send(decoded)`, `ticket.save()` with `ticket` built from the message: work on this message. */
function handlesMessage(call: TSESTree.CallExpression, messages: MessageValues): boolean {
  const callee = unwrapCallee(call.callee);
  if (call.arguments.some((argument) => messages.references(argument))) return true;
  return callee.type === AST_NODE_TYPES.MemberExpression && messages.isRootedAt(callee.object);
}

function awaitedCall(node: TSESTree.AwaitExpression): TSESTree.CallExpression | undefined {
  let inner = unwrapExpression(node.argument);
  if (inner.type === AST_NODE_TYPES.ChainExpression) inner = unwrapExpression(inner.expression);
  return inner.type === AST_NODE_TYPES.CallExpression ? inner : undefined;
}

function isWork(call: TSESTree.CallExpression, messages: MessageValues, context: Context, awaited: boolean): boolean {
  const callee = unwrapCallee(call.callee);
  const name = calledName(call);
  if (ackCallOf(call, context)) return false;
  if (callee.type === AST_NODE_TYPES.Identifier && PURE_GLOBALS.has(callee.name)) return false;
  if (name && NOT_WORK_NAMES.test(name)) return false;
  if (callee.type === AST_NODE_TYPES.MemberExpression) {
    const receiver = receiverName(callee);
    if (receiver && NOT_WORK_RECEIVERS.test(receiver)) return false;
    // `m.json()`, `msg.content.toString()`, `m.respond(reply)`: reading or answering the message itself.
    if (!awaited && messages.isRootedAt(callee.object)) return false;
  }
  if (isLoggerCall(call, context)) return false;
  if (awaited) return true;
  if (call.arguments.some((argument) => messages.references(argument))) return true;
  return dbQueryOf(call, context) !== undefined || outboundRequestOf(call, context) !== undefined;
}

function receiverName(callee: TSESTree.MemberExpression): string | undefined {
  const object = unwrapExpression(callee.object);
  if (object.type === AST_NODE_TYPES.Identifier) return object.name;
  if (object.type === AST_NODE_TYPES.MemberExpression) return memberName(object);
  return undefined;
}

// ---------------------------------------------------------------------------
// The message and the values decoded from it

/**
 * The variables that hold the acked message or a value derived from it: the
 * handler's message parameter or loop variable, the identifiers the ack call
 * reads (`m` in `m.ack()`, `msg` in `channel.ack(msg)`, `message` in
 * `resolveOffset(message.offset)`), and the locals initialised from them
 * (`const decoded = decodeEvent(m.data)`, `const { event } = decoded`).
 */
class MessageValues {
  private readonly variables = new Set<TSESLint.Scope.Variable>();

  constructor(
    ack: TSESTree.CallExpression,
    private readonly context: Context,
  ) {
    const handler = enclosingMessageHandler(ack, context);
    if (handler?.messageBinding) this.addIdentifier(handler.messageBinding);
    // A handler's parameters are the message and what comes with it: `onMessage(data, msg)`, `({ topic, message })`.
    if (handler && isFunctionLike(handler.node)) {
      for (const variable of context.sourceCode.getDeclaredVariables(handler.node)) this.variables.add(variable);
    }
    const callee = unwrapCallee(ack.callee);
    if (callee.type === AST_NODE_TYPES.MemberExpression) {
      const root = rootIdentifier(callee.object);
      // `m.ack()` names the message; `channel.ack(msg)` and `consumer.commitOffsets(…)` name it in their arguments.
      if (root && ack.arguments.length === 0) this.addIdentifier(root);
    }
    for (const argument of ack.arguments) {
      walkAst(argument, (node) => {
        if (node.type === AST_NODE_TYPES.Identifier && isValueReference(node)) this.addIdentifier(node, true);
        return true;
      });
    }
    const scope = handler?.node ?? enclosingFunctionOf(ack);
    if (scope) this.addDerived(scope);
  }

  /** Whether an expression reads one of the message values. */
  references(node: TSESTree.Node): boolean {
    let found = false;
    walkAst(node, (inner) => {
      if (!found && inner.type === AST_NODE_TYPES.Identifier && isValueReference(inner) && this.has(inner)) found = true;
      return !found;
    });
    return found;
  }

  /** `m`, `m.data`, `msg.content`: a member chain that starts at a message value. */
  isRootedAt(node: TSESTree.Expression): boolean {
    const root = rootIdentifier(node);
    return root !== undefined && this.has(root);
  }

  /** `msg`, `msg != null`, `message !== undefined`: a test of whether there is a message at all. */
  isPresenceCheck(test: TSESTree.Expression): boolean {
    const inner = unwrapExpression(test);
    if (inner.type === AST_NODE_TYPES.Identifier || inner.type === AST_NODE_TYPES.MemberExpression) return this.isRootedAt(inner);
    if (inner.type === AST_NODE_TYPES.BinaryExpression && (inner.operator === '!=' || inner.operator === '!==')) {
      const nullish = (side: TSESTree.Node) =>
        (side.type === AST_NODE_TYPES.Literal && side.value === null) || (side.type === AST_NODE_TYPES.Identifier && side.name === 'undefined');
      return (nullish(inner.right) && this.references(inner.left)) || (nullish(inner.left) && this.references(inner.right));
    }
    return false;
  }

  private has(identifier: TSESTree.Identifier): boolean {
    const variable = ASTUtils.findVariable(this.context.sourceCode.getScope(identifier), identifier.name);
    return variable !== null && this.variables.has(variable);
  }

  /** With `localOnly`, module-level names the ack reads (a queue URL, a command class) are not the message. */
  private addIdentifier(identifier: TSESTree.Identifier, localOnly = false): void {
    const variable = ASTUtils.findVariable(this.context.sourceCode.getScope(identifier), identifier.name);
    if (!variable || (localOnly && (variable.scope.type === 'module' || variable.scope.type === 'global'))) return;
    this.variables.add(variable);
  }

  private addDerived(scope: TSESTree.Node): void {
    walkAst(scope, (node) => {
      if (node.type === AST_NODE_TYPES.VariableDeclarator && node.init && this.references(node.init)) {
        for (const variable of this.context.sourceCode.getDeclaredVariables(node)) this.variables.add(variable);
      }
      return true;
    });
  }
}

function enclosingFunctionOf(node: TSESTree.Node): TSESTree.Node | undefined {
  for (let current = node.parent; current; current = current.parent) if (isFunctionLike(current)) return current;
  return undefined;
}

// ---------------------------------------------------------------------------
// Small helpers

function calledName(call: TSESTree.CallExpression): string | undefined {
  const callee = unwrapCallee(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) return callee.name;
  return callee.type === AST_NODE_TYPES.MemberExpression ? memberName(callee) : undefined;
}

function callLabel(call: TSESTree.CallExpression, context: Context): string {
  return `${shortText(context.sourceCode.getText(unwrapCallee(call.callee)))}()`;
}

function shortText(text: string): string {
  const compact = text.replace(/\s+/g, ' ');
  return compact.length > 50 ? `${compact.slice(0, 47)}…` : compact;
}

function rootIdentifier(node: TSESTree.Node): TSESTree.Identifier | undefined {
  let current = node;
  for (;;) {
    if (current.type === AST_NODE_TYPES.MemberExpression) current = current.object;
    else if (current.type === AST_NODE_TYPES.ChainExpression) current = current.expression;
    else if (current.type === AST_NODE_TYPES.TSNonNullExpression || current.type === AST_NODE_TYPES.TSAsExpression) current = current.expression;
    else if (current.type === AST_NODE_TYPES.CallExpression && current.callee.type === AST_NODE_TYPES.MemberExpression) current = current.callee.object;
    else break;
  }
  return current.type === AST_NODE_TYPES.Identifier ? current : undefined;
}


