import path from 'node:path';
import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import { isFunctionLike, type FunctionLike } from './handlers.js';
import {
  type CallTarget,
  getTypeServices,
  importBindingOf,
  isFromPackage,
  matchesSetting,
  memberName,
  originOfDeclaration,
  outermostTypeWrapper,
  requiredSpecifier,
  resolveCallTarget,
  unwrapCallee,
  unwrapExpression,
} from './origin.js';
import { getPitfallsSettings } from './settings.js';
import { calleeImplementation, functionName, type FunctionWithBody, runsInPlace, safely } from '../util/summaries.js';
import { propertyKey } from '../util/ast.js';

/**
 * Message consumers: which code runs once per consumed message or job (a
 * NATS subscription loop, an amqplib `consume` callback, a kafkajs
 * `eachMessage`, a loop over received SQS messages, a BullMQ processor, a
 * NestJS `@EventPattern` method…), and which calls settle a message with its
 * broker (ack, nak, term, commit, delete…).
 */

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

export type ConsumerLibrary =
  | 'nats'
  | 'amqplib'
  | 'kafkajs'
  | 'sqs'
  | 'sqs-consumer'
  | 'bullmq'
  | 'bull'
  | 'pg-boss'
  | '@nestjs/microservices'
  | '@google-cloud/pubsub';

/** The packages (and entry points) each library is imported from. */
export const CONSUMER_PACKAGES: Readonly<Record<ConsumerLibrary, readonly string[]>> = {
  nats: ['nats', '@nats-io/jetstream', '@nats-io/nats-core', '@nats-io/transport-node', 'node-nats-streaming'],
  amqplib: ['amqplib', 'amqplib/callback_api', 'amqp-connection-manager'],
  kafkajs: ['kafkajs'],
  sqs: ['@aws-sdk/client-sqs', 'aws-sdk', 'aws-sdk/clients/sqs'],
  'sqs-consumer': ['sqs-consumer'],
  bullmq: ['bullmq', '@nestjs/bullmq', '@taskforcesh/bullmq-pro'],
  bull: ['bull', '@nestjs/bull'],
  'pg-boss': ['pg-boss'],
  '@nestjs/microservices': ['@nestjs/microservices'],
  '@google-cloud/pubsub': ['@google-cloud/pubsub'],
};

const LIBRARY_LABELS: Readonly<Record<ConsumerLibrary, string>> = {
  nats: 'NATS',
  amqplib: 'amqplib',
  kafkajs: 'kafkajs',
  sqs: 'SQS',
  'sqs-consumer': 'sqs-consumer',
  bullmq: 'BullMQ',
  bull: 'Bull',
  'pg-boss': 'pg-boss',
  '@nestjs/microservices': 'NestJS',
  '@google-cloud/pubsub': 'Pub/Sub',
};

/** Types that are one consumed message (or the payload a handler gets for it), by the library that declares them. */
const MESSAGE_TYPES: Partial<Readonly<Record<ConsumerLibrary, readonly string[]>>> = {
  // `Message` is node-nats-streaming's (STAN), still behind many tutorial-born services.
  nats: ['Msg', 'JsMsg', 'Message'],
  amqplib: ['ConsumeMessage', 'Message'],
  kafkajs: ['EachMessagePayload', 'EachBatchPayload', 'KafkaMessage'],
  sqs: ['Message'],
  bullmq: ['Job'],
  bull: ['Job'],
  'pg-boss': ['Job', 'JobWithMetadata'],
  '@google-cloud/pubsub': ['Message'],
};

// ---------------------------------------------------------------------------
// Message handlers

export interface MessageHandler {
  /** The function that runs once per message, or the loop whose body does. */
  readonly node: FunctionLike | TSESTree.ForOfStatement;
  readonly library: ConsumerLibrary;
  /** The message parameter or loop variable (`m`, `msg`, `job`, kafkajs's `message`), when the code binds one. */
  readonly messageName?: string;
  readonly messageBinding?: TSESTree.Identifier;
  /** How messages name it: "the NATS `for await…of` loop", "the kafkajs `eachMessage` handler". */
  readonly description: string;
  /**
   * True when only a parameter's type (`m: JsMsg`) makes it one: a helper or an
   * array callback that is handed a message, not a consumer's registered handler.
   */
  readonly byParameterType: boolean;
}

const handlerCache = new WeakMap<TSESTree.Node, MessageHandler | null>();

/**
 * The message handler a function or `for…of` loop is, or undefined:
 * - NATS: `nc.subscribe(subject, { callback: (err, msg) => … })`, `consumer.consume({ callback })`,
 *   `opts.callback(fn)`, and `for await (const m of sub)` over `subscribe()`, `consume()`, `fetch()`;
 * - amqplib: `channel.consume(queue, (msg) => …)`;
 * - kafkajs: `consumer.run({ eachMessage, eachBatch })`, and `for (const message of batch.messages)`;
 * - SQS: `for (const message of Messages ?? [])` (or `.map`/`.forEach`) over a `ReceiveMessageCommand` result;
 *   sqs-consumer `handleMessage`;
 * - BullMQ `new Worker(name, processor)`, Bull `queue.process(fn)`, pg-boss `boss.work(name, fn)`;
 * - NestJS `@MessagePattern`/`@EventPattern` methods, Bull `@Process()` methods and the `process`
 *   method of a BullMQ `@Processor()` class;
 * - Pub/Sub `subscription.on('message', fn)`, node-nats-streaming `subscription.on('message', fn)`;
 * - any function with a parameter typed as one of those libraries' messages (`m: JsMsg`,
 *   `msg: ConsumeMessage`, `job: Job`), and any loop whose variable has such a type.
 */
export function messageHandlerOf(node: FunctionLike | TSESTree.ForOfStatement, context: Context): MessageHandler | undefined {
  const cached = handlerCache.get(node);
  if (cached !== undefined) return cached ?? undefined;
  let found: MessageHandler | undefined;
  try {
    found = node.type === AST_NODE_TYPES.ForOfStatement ? messageLoopOf(node, context) : messageFunctionOf(node, context);
  } catch {
    // Type queries on odd code can throw inside TypeScript: then it is not known as a handler.
    found = undefined;
  }
  handlerCache.set(node, found ?? null);
  return found;
}

/** The nearest message handler around a node (or the node itself): a function, or a loop whose body holds the node. */
export function enclosingMessageHandler(node: TSESTree.Node, context: Context): MessageHandler | undefined {
  if (isFunctionLike(node)) {
    const own = messageHandlerOf(node, context);
    if (own) return own;
  }
  for (let child: TSESTree.Node = node, current = node.parent; current; child = current, current = current.parent) {
    if (isFunctionLike(current) || (current.type === AST_NODE_TYPES.ForOfStatement && child === current.body)) {
      const handler = messageHandlerOf(current, context);
      if (handler) return handler;
    }
  }
  return undefined;
}

function handler(
  node: FunctionLike | TSESTree.ForOfStatement,
  library: ConsumerLibrary,
  description: string,
  binding: TSESTree.Identifier | undefined,
  byParameterType = false,
): MessageHandler {
  return {
    node,
    library,
    description,
    byParameterType,
    ...(binding ? { messageName: binding.name, messageBinding: binding } : {}),
  };
}

function messageFunctionOf(fn: FunctionLike, context: Context): MessageHandler | undefined {
  return (
    registeredFunctionOf(fn, context) ??
    nestHandlerOf(fn, context) ??
    messageCollectionCallbackOf(fn, context) ??
    typedParameterHandlerOf(fn, context)
  );
}

/** A function passed to a consumer's registration call, directly or through one wrapper (`trace(opts)(fn)`). */
function registeredFunctionOf(fn: FunctionLike, context: Context): MessageHandler | undefined {
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration) return undefined;
  const node = outermostTypeWrapper(fn);
  const parent = node.parent;
  if (parent?.type === AST_NODE_TYPES.Property && parent.value === node) return optionHandlerOf(fn, parent, context);
  if (parent?.type !== AST_NODE_TYPES.CallExpression && parent?.type !== AST_NODE_TYPES.NewExpression) return undefined;
  const direct = argumentHandlerOf(fn, node, parent, context);
  if (direct) return direct;
  // `queue.process(traceFunction(opts)(async (job) => …))`: one wrapper call between the function and the registration.
  const wrapper = outermostTypeWrapper(parent);
  const outer = wrapper.parent;
  if (
    parent.type === AST_NODE_TYPES.CallExpression &&
    parent.callee !== node &&
    (outer?.type === AST_NODE_TYPES.CallExpression || outer?.type === AST_NODE_TYPES.NewExpression) &&
    outer.callee !== wrapper
  ) {
    return argumentHandlerOf(fn, wrapper, outer, context);
  }
  return undefined;
}

/** `{ callback }` for NATS, `{ eachMessage, eachBatch }` for kafkajs, `{ handleMessage }` for sqs-consumer. */
function optionHandlerOf(fn: FunctionLike, property: TSESTree.Property, context: Context): MessageHandler | undefined {
  const key = propertyKey(property);
  const object = outermostTypeWrapper(property.parent);
  const call = object.parent;
  if (
    property.parent.type !== AST_NODE_TYPES.ObjectExpression ||
    (call?.type !== AST_NODE_TYPES.CallExpression && call?.type !== AST_NODE_TYPES.NewExpression) ||
    !(call.arguments as readonly TSESTree.Node[]).includes(object)
  ) {
    return undefined;
  }
  const member = callName(call);
  switch (key) {
    case 'callback':
      // NATS core `subscribe(subject, { callback: (err, msg) => … })`; JetStream `consume({ callback: (m) => … })`.
      if (member === 'subscribe' && fn.params.length >= 2 && isLibraryCall(call, 'nats', context, false)) {
        return handler(fn, 'nats', 'the NATS subscription `callback`', identifierParam(fn, 1));
      }
      if (member === 'consume' && isLibraryCall(call, 'nats', context, false)) {
        return handler(fn, 'nats', 'the NATS `consume` callback', identifierParam(fn, 0));
      }
      return undefined;
    case 'eachMessage':
    case 'eachBatch':
      if (member !== 'run' || !isLibraryCall(call, 'kafkajs', context, true)) return undefined;
      return handler(fn, 'kafkajs', `the kafkajs \`${key}\` handler`, key === 'eachMessage' ? destructuredParam(fn, 'message') : undefined);
    case 'handleMessage':
    case 'handleMessageBatch':
      if ((member !== 'create' && member !== 'Consumer') || !isLibraryCall(call, 'sqs-consumer', context, false)) return undefined;
      return handler(fn, 'sqs-consumer', `the sqs-consumer \`${key}\` handler`, identifierParam(fn, 0));
    default:
      return undefined;
  }
}

/** A function argument of `channel.consume`, `new Worker`, `queue.process`, `boss.work`, `subscription.on('message')`, `opts.callback`. */
function argumentHandlerOf(
  fn: FunctionLike,
  argument: TSESTree.Node,
  call: TSESTree.CallExpression | TSESTree.NewExpression,
  context: Context,
): MessageHandler | undefined {
  const index = (call.arguments as readonly TSESTree.Node[]).indexOf(argument);
  if (index === -1) return undefined;
  const last = index === call.arguments.length - 1;
  const member = callName(call);
  if (call.type === AST_NODE_TYPES.NewExpression) {
    if (member === 'Worker' && index === 1 && isLibraryCall(call, 'bullmq', context, false)) {
      return handler(fn, 'bullmq', 'the BullMQ `Worker` processor', identifierParam(fn, 0));
    }
    return undefined;
  }
  switch (member) {
    case 'consume':
      if (index === 1 && isLibraryCall(call, 'amqplib', context, false)) {
        return handler(fn, 'amqplib', 'the amqplib `consume` callback', identifierParam(fn, 0));
      }
      return undefined;
    case 'process':
      if (last && isLibraryCall(call, 'bull', context, false)) return handler(fn, 'bull', 'the Bull `process` handler', identifierParam(fn, 0));
      return undefined;
    case 'work':
      if (last && index >= 1 && isLibraryCall(call, 'pg-boss', context, false)) {
        return handler(fn, 'pg-boss', 'the pg-boss `work` handler', identifierParam(fn, 0) ?? firstArrayElement(fn));
      }
      return undefined;
    case 'on':
    case 'addListener':
      if (index !== 1 || stringValue(call.arguments[0]) !== 'message') return undefined;
      if (isLibraryCall(call, '@google-cloud/pubsub', context, false)) {
        return handler(fn, '@google-cloud/pubsub', "the Pub/Sub `on('message')` listener", identifierParam(fn, 0));
      }
      // node-nats-streaming: `stan.subscribe(subject, group, opts).on('message', (msg) => …)`
      if (isLibraryCall(call, 'nats', context, false)) return handler(fn, 'nats', "the NATS Streaming `on('message')` listener", identifierParam(fn, 0));
      return undefined;
    case 'callback':
      // JetStream push consumers: `opts.callback((err, m) => …)` on a `consumerOpts()` builder.
      if (index === 0 && fn.params.length >= 2 && isLibraryCall(call, 'nats', context, false)) {
        return handler(fn, 'nats', 'the NATS JetStream `callback`', identifierParam(fn, 1));
      }
      return undefined;
    default:
      return undefined;
  }
}

const NEST_MESSAGE_DECORATORS = new Set(['MessagePattern', 'EventPattern']);

/** NestJS microservice handlers and queue processors, recognised by their decorators. */
function nestHandlerOf(fn: FunctionLike, context: Context): MessageHandler | undefined {
  const method = fn.parent;
  if (method?.type !== AST_NODE_TYPES.MethodDefinition || method.value !== fn) return undefined;
  const owner = method.parent.parent;
  if (owner.type !== AST_NODE_TYPES.ClassDeclaration && owner.type !== AST_NODE_TYPES.ClassExpression) return undefined;
  const methodDecorators = method.decorators.map((decorator) => nestDecoratorName(decorator, context));
  const messageDecorator = methodDecorators.find((name) => name !== undefined && NEST_MESSAGE_DECORATORS.has(name));
  if (messageDecorator) {
    return handler(fn, '@nestjs/microservices', `the NestJS \`@${messageDecorator}\` handler`, identifierParam(fn, 0));
  }
  const classDecorators = owner.decorators.map((decorator) => nestDecoratorName(decorator, context));
  if (!classDecorators.includes('Processor')) return undefined;
  if (methodDecorators.includes('Process')) return handler(fn, 'bull', 'the NestJS Bull `@Process()` handler', identifierParam(fn, 0));
  const name = method.key.type === AST_NODE_TYPES.Identifier && !method.computed ? method.key.name : undefined;
  if (name === 'process') return handler(fn, 'bullmq', 'the NestJS BullMQ `process` method', identifierParam(fn, 0));
  return undefined;
}

/** `MessagePattern` for `@MessagePattern('x')`, unless the decorator is imported from a package other than NestJS's. */
function nestDecoratorName(decorator: TSESTree.Decorator, context: Context): string | undefined {
  const expression = unwrapExpression(decorator.expression);
  const identifier =
    expression.type === AST_NODE_TYPES.Identifier
      ? expression
      : expression.type === AST_NODE_TYPES.CallExpression && expression.callee.type === AST_NODE_TYPES.Identifier
        ? expression.callee
        : undefined;
  if (!identifier) return undefined;
  const origin = importBindingOf(identifier, context)?.origin;
  if (origin && 'packageName' in origin && !origin.packageName.startsWith('@nestjs/')) return undefined;
  return identifier.name;
}

/** `Messages.map(async (message) => …)`, `batch.messages.forEach((message) => …)`. */
function messageCollectionCallbackOf(fn: FunctionLike, context: Context): MessageHandler | undefined {
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration) return undefined;
  const node = outermostTypeWrapper(fn);
  const call = node.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.arguments[0] !== node) return undefined;
  const callee = unwrapExpression(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const method = memberName(callee);
  if (method !== 'map' && method !== 'forEach' && method !== 'flatMap') return undefined;
  const library = messageCollectionOf(callee.object, context);
  if (!library) return undefined;
  return handler(fn, library, `the \`.${method}()\` callback over received ${LIBRARY_LABELS[library]} messages`, identifierParam(fn, 0));
}

/** A function with a parameter annotated (or, with types, typed) as a consumed message. */
function typedParameterHandlerOf(fn: FunctionLike, context: Context): MessageHandler | undefined {
  for (const param of fn.params) {
    const library = annotatedMessageLibrary(param, context) ?? typedMessageLibrary(param, context);
    if (!library) continue;
    const binding = param.type === AST_NODE_TYPES.Identifier ? param : undefined;
    const kafkaMessage = library === 'kafkajs' ? destructuredParam(fn, 'message') : undefined;
    return handler(fn, library, `this function taking a ${LIBRARY_LABELS[library]} message`, binding ?? kafkaMessage, true);
  }
  return undefined;
}

/** `(m: JsMsg)`, `(msg: amqp.ConsumeMessage)`, `(job: Job<Payload>)` with the type imported from the library. */
function annotatedMessageLibrary(param: TSESTree.Parameter, context: Context): ConsumerLibrary | undefined {
  const annotated =
    param.type === AST_NODE_TYPES.Identifier || param.type === AST_NODE_TYPES.ObjectPattern || param.type === AST_NODE_TYPES.ArrayPattern
      ? param.typeAnnotation?.typeAnnotation
      : undefined;
  if (!annotated) return undefined;
  return typeReferenceLibrary(annotated, context, MESSAGE_TYPES);
}

/** The library whose message (or subscription) type a type annotation names through an import. */
function typeReferenceLibrary(
  annotation: TSESTree.TypeNode,
  context: Context,
  table: Partial<Readonly<Record<ConsumerLibrary, readonly string[]>>>,
): ConsumerLibrary | undefined {
  let type = annotation;
  if (type.type === AST_NODE_TYPES.TSUnionType) {
    const named = type.types.filter((t) => t.type !== AST_NODE_TYPES.TSNullKeyword && t.type !== AST_NODE_TYPES.TSUndefinedKeyword);
    if (named.length !== 1) return undefined;
    type = named[0]!;
  }
  if (type.type === AST_NODE_TYPES.TSArrayType) type = type.elementType;
  if (type.type !== AST_NODE_TYPES.TSTypeReference) return undefined;
  const typeName = type.typeName;
  let local: TSESTree.Identifier | undefined;
  let name: string | undefined;
  if (typeName.type === AST_NODE_TYPES.Identifier) {
    local = typeName;
    name = typeName.name;
  } else if (typeName.type === AST_NODE_TYPES.TSQualifiedName && typeName.left.type === AST_NODE_TYPES.Identifier) {
    // `amqp.ConsumeMessage`, `Bull.Job`, `SQS.Message`
    local = typeName.left;
    name = typeName.right.name;
  }
  if (!local || !name) return undefined;
  const binding = importBindingOf(local, context);
  if (!binding || !('packageName' in binding.origin)) return undefined;
  const imported = typeName.type === AST_NODE_TYPES.Identifier && binding.imported !== '*' && binding.imported !== 'default' ? binding.imported : name;
  const library = libraryOfPackage(binding.origin.packageName);
  return library && table[library]?.includes(imported) ? library : undefined;
}

function typedMessageLibrary(param: TSESTree.Parameter, context: Context): ConsumerLibrary | undefined {
  const services = getTypeServices(context);
  if (!services || param.type === AST_NODE_TYPES.TSParameterProperty) return undefined;
  const checker = services.program.getTypeChecker();
  const tsNode = services.esTreeNodeToTSNodeMap.get(param);
  return messageLibraryOfType(checker.getTypeAtLocation(tsNode), checker);
}

/**
 * The library whose message type `type` is (`JsMsg` from nats, `ConsumeMessage | null`
 * from amqplib, `EachMessagePayload` from kafkajs, `Job` from bullmq, an array of pg-boss jobs).
 */
export function messageLibraryOfType(type: ts.Type, checker: ts.TypeChecker, depth = 0): ConsumerLibrary | undefined {
  if (depth > 2) return undefined;
  const nonNull = checker.getNonNullableType(type);
  const named = libraryOfTypeSymbol(nonNull.aliasSymbol) ?? libraryOfTypeSymbol(nonNull.getSymbol());
  if (named) return named;
  if (nonNull.isUnion()) {
    for (const member of nonNull.types) {
      const library = messageLibraryOfType(member, checker, depth + 1);
      if (library) return library;
    }
    return undefined;
  }
  if (checker.isArrayType(nonNull)) {
    const [element] = checker.getTypeArguments(nonNull as ts.TypeReference);
    // An array of pg-boss jobs is one handler call; an array of other messages is a batch, not one message.
    const library = element ? messageLibraryOfType(element, checker, depth + 1) : undefined;
    return library === 'pg-boss' ? library : undefined;
  }
  return undefined;
}

function libraryOfTypeSymbol(symbol: ts.Symbol | undefined): ConsumerLibrary | undefined {
  const declaration = symbol?.declarations?.[0];
  if (!symbol || !declaration) return undefined;
  const origin = originOfDeclaration(declaration);
  if (!('packageName' in origin)) return undefined;
  const library = libraryOfPackage(origin.packageName);
  return library && MESSAGE_TYPES[library]?.includes(symbol.getName()) ? library : undefined;
}

/** `for await (const m of sub)`, `for (const message of Messages ?? [])`, `for (const message of batch.messages)`. */
function messageLoopOf(loop: TSESTree.ForOfStatement, context: Context): MessageHandler | undefined {
  const binding = loopBinding(loop);
  const library = messageCollectionOf(loop.right, context) ?? typedLoopLibrary(loop, context);
  if (!library) return undefined;
  const kind = loop.await ? '`for await…of` loop' : '`for…of` loop';
  return handler(loop, library, `the ${LIBRARY_LABELS[library]} ${kind} over received messages`, binding);
}

function loopBinding(loop: TSESTree.ForOfStatement): TSESTree.Identifier | undefined {
  if (loop.left.type !== AST_NODE_TYPES.VariableDeclaration) return undefined;
  const id = loop.left.declarations[0]?.id;
  return id?.type === AST_NODE_TYPES.Identifier ? id : undefined;
}

function typedLoopLibrary(loop: TSESTree.ForOfStatement, context: Context): ConsumerLibrary | undefined {
  const services = getTypeServices(context);
  if (!services || loop.left.type !== AST_NODE_TYPES.VariableDeclaration) return undefined;
  const declarator = loop.left.declarations[0];
  if (!declarator) return undefined;
  const checker = services.program.getTypeChecker();
  const library = messageLibraryOfType(checker.getTypeAtLocation(services.esTreeNodeToTSNodeMap.get(declarator.id)), checker);
  // A pg-boss job array is a handler's parameter, not a loop variable.
  return library === 'pg-boss' && declarator.id.type !== AST_NODE_TYPES.Identifier ? undefined : library;
}

const NATS_ITERATORS = new Set(['subscribe', 'consume', 'fetch', 'pullSubscribe']);
const NATS_SUBSCRIPTION_TYPES: Partial<Record<ConsumerLibrary, readonly string[]>> = {
  nats: ['Subscription', 'JetStreamSubscription', 'JetStreamPullSubscription', 'ConsumerMessages', 'QueuedIterator'],
};

/**
 * The library whose received messages an expression holds: a NATS
 * subscription or `consume()`/`fetch()` iterator, an SQS `Messages` array, a
 * kafkajs `batch.messages`. Syntactic; follows a local variable one step.
 */
function messageCollectionOf(expression: TSESTree.Expression, context: Context, depth = 0): ConsumerLibrary | undefined {
  if (depth > 2) return undefined;
  let inner = unwrapExpression(expression);
  if (inner.type === AST_NODE_TYPES.AwaitExpression) inner = unwrapExpression(inner.argument);
  // `Messages ?? []`, `Messages || []`
  if (inner.type === AST_NODE_TYPES.LogicalExpression && inner.operator !== '&&') inner = unwrapExpression(inner.left);
  if (inner.type === AST_NODE_TYPES.ChainExpression) inner = unwrapExpression(inner.expression);
  if (inner.type === AST_NODE_TYPES.CallExpression) {
    const callee = unwrapExpression(inner.callee);
    const member = callee.type === AST_NODE_TYPES.MemberExpression ? memberName(callee) : undefined;
    return member && NATS_ITERATORS.has(member) && isLibraryCall(inner, 'nats', context, false) ? 'nats' : undefined;
  }
  if (inner.type === AST_NODE_TYPES.Identifier) return collectionVariableOf(inner, context, depth);
  if (inner.type === AST_NODE_TYPES.MemberExpression) {
    const name = memberName(inner);
    const object = unwrapExpression(inner.object);
    if (name === 'Messages') return isReceivedSqsResult(object, context) ? 'sqs' : undefined;
    if (name === 'messages' && isKafkaBatch(object, context)) return 'kafkajs';
  }
  return undefined;
}

function collectionVariableOf(identifier: TSESTree.Identifier, context: Context, depth: number): ConsumerLibrary | undefined {
  const definition = definitionOf(identifier, context);
  if (!definition) return undefined;
  if (definition.type === 'Parameter') {
    const annotation = definition.name.type === AST_NODE_TYPES.Identifier ? definition.name.typeAnnotation?.typeAnnotation : undefined;
    return annotation ? typeReferenceLibrary(annotation, context, NATS_SUBSCRIPTION_TYPES) : undefined;
  }
  if (definition.type !== 'Variable' || !definition.node.init) return undefined;
  const declarator = definition.node;
  // `const { Messages } = await sqs.send(new ReceiveMessageCommand(…))`
  if (declarator.id.type === AST_NODE_TYPES.ObjectPattern) {
    return identifier.name === 'Messages' || propertyKeyOfBinding(declarator.id, definition.name) === 'Messages'
      ? isReceivedSqsResult(declarator.init!, context)
        ? 'sqs'
        : undefined
      : undefined;
  }
  return messageCollectionOf(declarator.init!, context, depth + 1);
}

/** `await sqs.send(new ReceiveMessageCommand(…))`, `await sqs.receiveMessage(params).promise()`, or a variable holding one. */
function isReceivedSqsResult(expression: TSESTree.Expression, context: Context, depth = 0): boolean {
  if (depth > 2) return false;
  let inner = unwrapExpression(expression);
  if (inner.type === AST_NODE_TYPES.AwaitExpression) inner = unwrapExpression(inner.argument);
  if (inner.type === AST_NODE_TYPES.Identifier) {
    const definition = definitionOf(inner, context);
    return (
      definition?.type === 'Variable' &&
      definition.node.id.type === AST_NODE_TYPES.Identifier &&
      definition.node.init !== null &&
      isReceivedSqsResult(definition.node.init, context, depth + 1)
    );
  }
  if (inner.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = unwrapExpression(inner.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const member = memberName(callee);
  // v2: `sqs.receiveMessage(params).promise()`
  if (member === 'promise') return isReceivedSqsResult(callee.object, context, depth + 1);
  if (member === 'receiveMessage') return isLibraryCall(inner, 'sqs', context, false);
  if (member !== 'send') return false;
  const command = commandOf(inner.arguments[0], context);
  return command !== undefined && command.name === 'ReceiveMessageCommand' && isSqsCommand(command.node, context);
}

/** `batch` destructured from a kafkajs `eachBatch` payload, or `payload.batch`. */
function isKafkaBatch(object: TSESTree.Expression, context: Context): boolean {
  if (object.type === AST_NODE_TYPES.MemberExpression) {
    const root = unwrapExpression(object.object);
    return memberName(object) === 'batch' && root.type === AST_NODE_TYPES.Identifier && parameterOfKafkaHandler(root, context) !== undefined;
  }
  if (object.type !== AST_NODE_TYPES.Identifier) return false;
  const found = parameterOfKafkaHandler(object, context);
  return found !== undefined && found.key === 'batch';
}

/** The kafkajs handler whose payload parameter declares `identifier`, and the payload key it was destructured from. */
function parameterOfKafkaHandler(identifier: TSESTree.Identifier, context: Context): { key?: string } | undefined {
  const definition = definitionOf(identifier, context);
  if (definition?.type !== 'Parameter' || !isFunctionLike(definition.node)) return undefined;
  const fn = definition.node;
  const param = fn.params[0];
  if (!param || messageHandlerOf(fn, context)?.library !== 'kafkajs') return undefined;
  if (param === definition.name) return {};
  if (param.type !== AST_NODE_TYPES.ObjectPattern) return undefined;
  const key = propertyKeyOfBinding(param, definition.name);
  return key ? { key } : undefined;
}

// ---------------------------------------------------------------------------
// Acks

export type AckKind = 'ack' | 'nak' | 'term' | 'working' | 'commit' | 'delete' | 'nack' | 'reject' | 'dead-letter';

export interface MessageAck {
  /** The consumer library, or `project` for `settings.pitfalls.messageAcks` and dead-letter helpers. */
  readonly library: ConsumerLibrary | 'project';
  readonly kind: AckKind;
  /** `m.ack()`, `channel.ack()`, `sqs.send(new DeleteMessageCommand(…))`: how messages name it. */
  readonly label: string;
}

const NATS_ACKS: Readonly<Record<string, AckKind>> = { ack: 'ack', ackAck: 'ack', nak: 'nak', term: 'term', working: 'working' };
const AMQP_ACKS: Readonly<Record<string, AckKind>> = { ack: 'ack', ackAll: 'ack', nack: 'nack', nackAll: 'nack', reject: 'reject' };
const KAFKA_ACKS: Readonly<Record<string, AckKind>> = {
  commitOffsets: 'commit',
  commitOffsetsIfNecessary: 'commit',
  resolveOffset: 'commit',
  heartbeat: 'working',
};
const SQS_COMMANDS: Readonly<Record<string, AckKind>> = {
  DeleteMessageCommand: 'delete',
  DeleteMessageBatchCommand: 'delete',
  ChangeMessageVisibilityCommand: 'nak',
  ChangeMessageVisibilityBatchCommand: 'nak',
};
const SQS_METHODS: Readonly<Record<string, AckKind>> = {
  deleteMessage: 'delete',
  deleteMessageBatch: 'delete',
  changeMessageVisibility: 'nak',
  changeMessageVisibilityBatch: 'nak',
};
const PUBSUB_ACKS: Readonly<Record<string, AckKind>> = { ack: 'ack', nack: 'nack', modAck: 'working' };

/** Calls named like moving a message to a dead-letter queue: `deadLetter(m)`, `this.dlq.add(…)`, `sendToDlq(msg)`. */
const DEAD_LETTER = /dead_?letter|dlq/i;

/** Names a call must have to be an ack, a commit or a delete (a cheap filter before {@link ackCallOf}). */
export const SETTLING_NAMES: ReadonlySet<string> = new Set([
  ...Object.keys(NATS_ACKS),
  ...Object.keys(AMQP_ACKS),
  ...Object.keys(KAFKA_ACKS),
  ...Object.keys(SQS_METHODS),
  ...Object.keys(PUBSUB_ACKS),
  'send',
]);

/**
 * What a call does to a consumed message, or undefined when it settles none:
 * - NATS `m.ack()`, `m.ackAck()`, `m.nak(delay)`, `m.term()`, `m.working()`;
 * - amqplib `channel.ack(msg)`, `ackAll()`, `nack(msg)`, `nackAll()`, `reject(msg)` (also on the channel of a
 *   NestJS RMQ context, `context.getChannelRef()`);
 * - kafkajs `consumer.commitOffsets()`, and the `eachBatch` payload's `resolveOffset()`,
 *   `commitOffsetsIfNecessary()` (commits) and `heartbeat()` (working);
 * - SQS `client.send(new DeleteMessageCommand(…))`, `DeleteMessageBatchCommand`, v2/aggregated
 *   `deleteMessage()`/`deleteMessageBatch()` (deletes), `ChangeMessageVisibility…` (nak);
 * - Pub/Sub `message.ack()`, `nack()`, `modAck()`;
 * - the calls in `settings.pitfalls.messageAcks` (a name containing `commit` is a commit, `delete` a delete,
 *   anything else an ack), and calls named like dead-lettering (`deadLetter(…)`, `dlq.add(…)`).
 *
 * Recognised through the type checker or this file's imports; without either,
 * only when the library is imported in the file and the receiver (or the
 * acked argument) is the message of an enclosing handler of that library.
 */
export function ackCallOf(call: TSESTree.CallExpression, context: Context): MessageAck | undefined {
  const callee = unwrapCallee(call.callee);
  const name =
    callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? memberName(callee) : undefined;
  if (!name) return undefined;
  const label = labelOf(call, callee, context);
  const settings = getPitfallsSettings(context).messageAcks;
  if (settings.some((matcher) => matcher.member === name)) {
    const target = resolveCallTarget(call, context);
    if (target && settings.some((matcher) => matchesSetting(target, matcher))) return { library: 'project', kind: settingKind(name), label };
  }
  let found: MessageAck | undefined;
  try {
    found = brokerAckOf(call, callee, name, label, context);
  } catch {
    found = undefined;
  }
  if (found) return found;
  return DEAD_LETTER.test(context.sourceCode.getText(callee)) ? { library: 'project', kind: 'dead-letter', label } : undefined;
}

function brokerAckOf(
  call: TSESTree.CallExpression,
  callee: TSESTree.Expression,
  name: string,
  label: string,
  context: Context,
): MessageAck | undefined {
  if (name === 'send') return sqsSendOf(call, context, label);
  if (callee.type === AST_NODE_TYPES.Identifier) return kafkaPayloadCallOf(callee, name, context, label);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  return (
    libraryAck(call, name, 'nats', NATS_ACKS, label, context, () => isMessageReceiver(callee, 'nats', context)) ??
    libraryAck(call, name, 'amqplib', AMQP_ACKS, label, context, () => isAmqpAck(call, callee, name, context)) ??
    libraryAck(call, name, 'kafkajs', KAFKA_ACKS, label, context, () => isKafkaAck(callee, name, context)) ??
    libraryAck(call, name, 'sqs', SQS_METHODS, label, context, () => importsLibrary(context, 'sqs')) ??
    libraryAck(call, name, '@google-cloud/pubsub', PUBSUB_ACKS, label, context, () => isMessageReceiver(callee, '@google-cloud/pubsub', context))
  );
}

function settingKind(name: string): AckKind {
  if (/commit/i.test(name)) return 'commit';
  if (/delete/i.test(name)) return 'delete';
  return 'ack';
}

/**
 * The ack a member call is for `library`: its declaration is the library's
 * (types or imports); or, when nothing resolves it, the syntactic check passes.
 */
function libraryAck(
  call: TSESTree.CallExpression,
  name: string,
  library: ConsumerLibrary,
  table: Readonly<Record<string, AckKind>>,
  label: string,
  context: Context,
  syntactic: () => boolean,
): MessageAck | undefined {
  const kind = table[name];
  if (!kind) return undefined;
  const target = resolveCallTarget(call, context);
  if (target?.origin) return isFromPackage(target.origin, CONSUMER_PACKAGES[library]) ? { library, kind, label } : undefined;
  if (target?.via === 'types') return undefined;
  return syntactic() ? { library, kind, label } : undefined;
}

/** `m.ack()` where `m` is the message of an enclosing `library` handler and the library is imported here. */
function isMessageReceiver(callee: TSESTree.MemberExpression, library: ConsumerLibrary, context: Context): boolean {
  const receiver = unwrapExpression(callee.object);
  return receiver.type === AST_NODE_TYPES.Identifier && importsLibrary(context, library) && isHandlerMessage(receiver, library, context);
}

/** Whether an identifier is the message parameter or loop variable of a `library` handler. */
export function isHandlerMessage(identifier: TSESTree.Identifier, library: ConsumerLibrary | undefined, context: Context): boolean {
  const definition = definitionOf(identifier, context);
  if (!definition) return false;
  let owner: TSESTree.Node | undefined;
  if (definition.type === 'Parameter' && isFunctionLike(definition.node)) owner = definition.node;
  if (definition.type === 'Variable' && definition.parent.parent.type === AST_NODE_TYPES.ForOfStatement) owner = definition.parent.parent;
  if (!owner) return false;
  const found = messageHandlerOf(owner as FunctionLike | TSESTree.ForOfStatement, context);
  return found !== undefined && (library === undefined || found.library === library) && found.messageBinding === definition.name;
}

/** `channel.ack(msg)` with `msg` an amqplib handler's message, or on a NestJS RMQ channel (`context.getChannelRef()`). */
function isAmqpAck(call: TSESTree.CallExpression, callee: TSESTree.MemberExpression, name: string, context: Context): boolean {
  if (isNestRmqChannel(unwrapExpression(callee.object), context)) return true;
  if (!importsLibrary(context, 'amqplib')) return false;
  if (name === 'ackAll' || name === 'nackAll') return true;
  const argument = call.arguments[0];
  const message = argument && argument.type !== AST_NODE_TYPES.SpreadElement ? unwrapExpression(argument) : undefined;
  return message?.type === AST_NODE_TYPES.Identifier && isHandlerMessage(message, 'amqplib', context);
}

function isNestRmqChannel(receiver: TSESTree.Expression, context: Context): boolean {
  let value: TSESTree.Expression | undefined = receiver;
  if (value.type === AST_NODE_TYPES.Identifier) {
    const definition = definitionOf(value, context);
    value = definition?.type === 'Variable' && definition.node.init ? unwrapExpression(definition.node.init) : undefined;
  }
  if (value?.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = unwrapExpression(value.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression && memberName(callee) === 'getChannelRef';
}

/** `consumer.commitOffsets(…)` in a file that imports kafkajs; `payload.resolveOffset(…)` on a kafkajs handler's payload. */
function isKafkaAck(callee: TSESTree.MemberExpression, name: string, context: Context): boolean {
  if (name === 'commitOffsets') return importsLibrary(context, 'kafkajs');
  const receiver = unwrapExpression(callee.object);
  if (receiver.type !== AST_NODE_TYPES.Identifier) return false;
  const payload = parameterOfKafkaHandler(receiver, context);
  return payload !== undefined && payload.key === undefined;
}

/** `resolveOffset(message.offset)`, `await heartbeat()` destructured from a kafkajs handler's payload. */
function kafkaPayloadCallOf(callee: TSESTree.Identifier, name: string, context: Context, label: string): MessageAck | undefined {
  const kind = KAFKA_ACKS[name];
  if (!kind || name === 'commitOffsets') return undefined;
  const found = parameterOfKafkaHandler(callee, context);
  return found?.key === name ? { library: 'kafkajs', kind, label } : undefined;
}

/** `sqs.send(new DeleteMessageCommand(…))`, or `send(command)` with `const command = new DeleteMessageCommand(…)`. */
function sqsSendOf(call: TSESTree.CallExpression, context: Context, label: string): MessageAck | undefined {
  const command = commandOf(call.arguments[0], context);
  const kind = command && SQS_COMMANDS[command.name];
  if (!command || !kind || !isSqsCommand(command.node, context)) return undefined;
  return { library: 'sqs', kind, label };
}

function commandOf(argument: TSESTree.CallExpressionArgument | undefined, context: Context): { name: string; node: TSESTree.NewExpression } | undefined {
  if (!argument || argument.type === AST_NODE_TYPES.SpreadElement) return undefined;
  let value: TSESTree.Expression | undefined = unwrapExpression(argument);
  if (value.type === AST_NODE_TYPES.Identifier) {
    const definition = definitionOf(value, context);
    value = definition?.type === 'Variable' && definition.parent.kind === 'const' && definition.node.init ? unwrapExpression(definition.node.init) : undefined;
  }
  if (value?.type !== AST_NODE_TYPES.NewExpression) return undefined;
  const callee = unwrapExpression(value.callee);
  return callee.type === AST_NODE_TYPES.Identifier ? { name: callee.name, node: value } : undefined;
}

function isSqsCommand(node: TSESTree.NewExpression, context: Context): boolean {
  const target = resolveCallTarget(node, context);
  return isFromPackage(target?.origin, CONSUMER_PACKAGES.sqs);
}

function labelOf(call: TSESTree.CallExpression, callee: TSESTree.Expression, context: Context): string {
  const text = context.sourceCode.getText(callee).replace(/\s+/g, '');
  if (callee.type === AST_NODE_TYPES.MemberExpression && memberName(callee) === 'send') {
    const argument = call.arguments[0];
    const inner = argument && argument.type !== AST_NODE_TYPES.SpreadElement ? unwrapExpression(argument) : undefined;
    if (inner?.type === AST_NODE_TYPES.NewExpression && inner.callee.type === AST_NODE_TYPES.Identifier) {
      return `${shorten(text)}(new ${inner.callee.name}(…))`;
    }
  }
  return `${shorten(text)}()`;
}

function shorten(text: string): string {
  return text.length > 60 ? `…${text.slice(-57)}` : text;
}

// ---------------------------------------------------------------------------
// Functions that run per message through calls (type information only)

export interface PerMessageReach {
  /** The handler the chain starts from: "the NATS `for await…of` loop over received messages". */
  readonly handler: string;
  /** Base name of the handler's file and its 1-based line. */
  readonly file: string;
  readonly line: number;
  /** The project functions called on the way, from the handler's callee to this function. */
  readonly chain: readonly string[];
}

/** How many project functions deep a call chain from a handler is followed. */
const MAX_REACH_DEPTH = 3;
/** A bound on the functions recorded per program, for very large programs. */
const MAX_REACHED_FUNCTIONS = 20_000;

const reachCaches = new WeakMap<ts.Program, Map<ts.Node, PerMessageReach>>();

/**
 * Whether a project function runs once per message because a message handler
 * calls it (directly or through up to three project functions), as
 * `ReactionEngine.matching()` does when a NATS consumer loop calls
 * `engine.handle(event)`. Needs type information; the handlers are found once
 * per program, in the files that import a consumer library.
 */
export function perMessageReachOf(fn: FunctionLike, context: Context): PerMessageReach | undefined {
  const services = getTypeServices(context);
  if (!services) return undefined;
  const program = services.program;
  let index = reachCaches.get(program);
  if (!index) {
    index = buildReachIndex(program);
    reachCaches.set(program, index);
  }
  return index.get(services.esTreeNodeToTSNodeMap.get(fn));
}

const CONSUMER_IMPORT = new RegExp(
  `(?:from|require\\(|import\\()\\s*['"](?:${Object.values(CONSUMER_PACKAGES)
    .flat()
    .map((name) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
    .join('|')})['"]`,
);

interface Root {
  readonly body: ts.Node;
  readonly handler: string;
  readonly file: string;
  readonly line: number;
}

function buildReachIndex(program: ts.Program): Map<ts.Node, PerMessageReach> {
  const checker = program.getTypeChecker();
  const roots: Root[] = [];
  for (const sourceFile of program.getSourceFiles()) {
    if (sourceFile.isDeclarationFile || program.isSourceFileFromExternalLibrary(sourceFile) || /[\\/]node_modules[\\/]/.test(sourceFile.fileName)) {
      continue;
    }
    if (!CONSUMER_IMPORT.test(sourceFile.text)) continue;
    const visit = (node: ts.Node): void => {
      const root = safely(() => rootOf(node, checker));
      if (root) roots.push(root);
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
  }
  const index = new Map<ts.Node, PerMessageReach>();
  let frontier: { fn: FunctionWithBody; reach: PerMessageReach }[] = [];
  const reach = (fn: FunctionWithBody, from: Omit<PerMessageReach, 'chain'>, chain: readonly string[]) => {
    if (index.has(fn) || index.size >= MAX_REACHED_FUNCTIONS) return;
    const found: PerMessageReach = { handler: from.handler, file: from.file, line: from.line, chain: [...chain, functionName(fn)] };
    index.set(fn, found);
    frontier.push({ fn, reach: found });
  };
  for (const root of roots) {
    for (const callee of calleesOf(program, checker, root.body)) reach(callee, root, []);
  }
  for (let depth = 2; depth <= MAX_REACH_DEPTH && frontier.length > 0; depth++) {
    const current = frontier;
    frontier = [];
    for (const { fn, reach: from } of current) {
      for (const callee of calleesOf(program, checker, fn.body)) reach(callee, from, from.chain);
    }
  }
  return index;
}

/** A message handler in the TypeScript AST: a loop over typed messages, a function taking one, a NestJS handler. */
function rootOf(node: ts.Node, checker: ts.TypeChecker): Root | undefined {
  if (ts.isForOfStatement(node)) {
    const declaration = ts.isVariableDeclarationList(node.initializer) ? node.initializer.declarations[0] : undefined;
    const library = declaration && ts.isIdentifier(declaration.name) ? messageLibraryOfType(checker.getTypeAtLocation(declaration.name), checker) : undefined;
    if (!library) return undefined;
    const kind = node.awaitModifier ? '`for await…of` loop' : '`for…of` loop';
    return tsRoot(node.statement, node, `the ${LIBRARY_LABELS[library]} ${kind} over received messages`);
  }
  if (!ts.isFunctionLike(node) || !('body' in node) || !node.body) return undefined;
  for (const parameter of node.parameters) {
    const library = messageLibraryOfType(checker.getTypeAtLocation(parameter), checker);
    if (library) return tsRoot(node.body, node, `a function taking a ${LIBRARY_LABELS[library]} message`);
  }
  const decorator = ts.isMethodDeclaration(node) ? nestDecoratorOf(node) : undefined;
  return decorator ? tsRoot(node.body, node, `the NestJS \`@${decorator}\` handler`) : undefined;
}

function tsRoot(body: ts.Node, at: ts.Node, handler: string): Root {
  const sourceFile = at.getSourceFile();
  const { line } = sourceFile.getLineAndCharacterOfPosition(at.getStart(sourceFile));
  return { body, handler, file: path.basename(sourceFile.fileName), line: line + 1 };
}

function nestDecoratorOf(method: ts.MethodDeclaration): string | undefined {
  const names = (ts.getDecorators(method) ?? []).map(tsDecoratorName);
  const message = names.find((name) => name !== undefined && NEST_MESSAGE_DECORATORS.has(name));
  if (message) return message;
  if (names.includes('Process')) return 'Process';
  const owner = method.parent;
  if (ts.isClassLike(owner) && ts.isIdentifier(method.name) && method.name.text === 'process') {
    return (ts.getDecorators(owner) ?? []).map(tsDecoratorName).includes('Processor') ? 'Processor' : undefined;
  }
  return undefined;
}

function tsDecoratorName(decorator: ts.Decorator): string | undefined {
  const expression = ts.isCallExpression(decorator.expression) ? decorator.expression.expression : decorator.expression;
  return ts.isIdentifier(expression) ? expression.text : undefined;
}

/** The project functions a body calls while it runs (callbacks it only hands on, to timers or emitters, are left out). */
function calleesOf(program: ts.Program, checker: ts.TypeChecker, body: ts.Node): FunctionWithBody[] {
  const callees = new Set<FunctionWithBody>();
  const visit = (node: ts.Node): void => {
    if (node !== body && ts.isFunctionLike(node)) {
      if (!safely(() => runsInPlace(node, checker))) return;
    }
    if (ts.isClassLike(node)) return;
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const callee = safely(() => calleeImplementation(program, node));
      if (callee) callees.add(callee);
    }
    ts.forEachChild(node, visit);
  };
  visit(body);
  return [...callees];
}

// ---------------------------------------------------------------------------
// Imports and small helpers

const importCache = new WeakMap<TSESTree.Program, Set<ConsumerLibrary>>();

/** Whether this file imports or requires the library (type-only imports count: they show the file works with it). */
export function importsLibrary(context: Context, library: ConsumerLibrary): boolean {
  const program = context.sourceCode.ast;
  let libraries = importCache.get(program);
  if (!libraries) {
    libraries = new Set();
    for (const statement of program.body) {
      for (const specifier of specifiersOf(statement)) {
        const found = libraryOfPackage(specifier);
        if (found) libraries.add(found);
      }
    }
    importCache.set(program, libraries);
  }
  return libraries.has(library);
}

function specifiersOf(statement: TSESTree.ProgramStatement): string[] {
  if (statement.type === AST_NODE_TYPES.ImportDeclaration) return [statement.source.value];
  if (statement.type === AST_NODE_TYPES.TSImportEqualsDeclaration) {
    const reference = statement.moduleReference;
    return reference.type === AST_NODE_TYPES.TSExternalModuleReference && typeof reference.expression.value === 'string'
      ? [reference.expression.value]
      : [];
  }
  const declaration =
    statement.type === AST_NODE_TYPES.VariableDeclaration
      ? statement
      : statement.type === AST_NODE_TYPES.ExportNamedDeclaration && statement.declaration?.type === AST_NODE_TYPES.VariableDeclaration
        ? statement.declaration
        : undefined;
  if (!declaration) return [];
  return declaration.declarations.flatMap((declarator) => {
    let init = declarator.init ? unwrapExpression(declarator.init) : undefined;
    while (init?.type === AST_NODE_TYPES.MemberExpression) init = unwrapExpression(init.object);
    const specifier = init ? requiredSpecifier(init) : undefined;
    return specifier === undefined ? [] : [specifier];
  });
}

export function libraryOfPackage(packageName: string): ConsumerLibrary | undefined {
  for (const [library, packages] of Object.entries(CONSUMER_PACKAGES) as [ConsumerLibrary, readonly string[]][]) {
    if (packages.includes(packageName)) return library;
  }
  return undefined;
}

/**
 * Whether a registration call belongs to `library`: its declaration (types)
 * or the import binding its receiver is the library's. Without either, the
 * library must be imported in this file; a `distinctive` shape (kafkajs
 * `run({ eachMessage })`) is also accepted on a project wrapper.
 */
function isLibraryCall(
  call: TSESTree.CallExpression | TSESTree.NewExpression,
  library: ConsumerLibrary,
  context: Context,
  distinctive: boolean,
): boolean {
  const target: CallTarget | undefined = resolveCallTarget(call, context);
  const origin = target?.origin;
  if (origin && isFromPackage(origin, CONSUMER_PACKAGES[library])) return true;
  if (origin && 'packageName' in origin) return false;
  if (origin) return distinctive;
  if (target?.via === 'types') return false;
  return distinctive || importsLibrary(context, library);
}

function callName(call: TSESTree.CallExpression | TSESTree.NewExpression): string | undefined {
  const callee = unwrapExpression(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) return callee.name;
  return callee.type === AST_NODE_TYPES.MemberExpression ? memberName(callee) : undefined;
}

function identifierParam(fn: FunctionLike, index: number): TSESTree.Identifier | undefined {
  let param: TSESTree.Parameter | undefined = fn.params[index];
  if (param?.type === AST_NODE_TYPES.AssignmentPattern) param = param.left as TSESTree.Parameter;
  return param?.type === AST_NODE_TYPES.Identifier ? param : undefined;
}

/** `message` in `async ({ topic, message }) => …` (or its local name: `{ message: msg }`). */
function destructuredParam(fn: FunctionLike, key: string): TSESTree.Identifier | undefined {
  const param = fn.params[0];
  if (param?.type !== AST_NODE_TYPES.ObjectPattern) return undefined;
  for (const property of param.properties) {
    if (property.type !== AST_NODE_TYPES.Property || propertyKey(property) !== key) continue;
    const value = property.value.type === AST_NODE_TYPES.AssignmentPattern ? property.value.left : property.value;
    return value.type === AST_NODE_TYPES.Identifier ? value : undefined;
  }
  return undefined;
}

/** `job` in pg-boss's `async ([job]) => …`. */
function firstArrayElement(fn: FunctionLike): TSESTree.Identifier | undefined {
  const param = fn.params[0];
  const first = param?.type === AST_NODE_TYPES.ArrayPattern ? param.elements[0] : undefined;
  return first?.type === AST_NODE_TYPES.Identifier ? first : undefined;
}

function propertyKeyOfBinding(pattern: TSESTree.ObjectPattern, binding: TSESTree.Node): string | undefined {
  for (const property of pattern.properties) {
    if (property.type !== AST_NODE_TYPES.Property) continue;
    const value = property.value.type === AST_NODE_TYPES.AssignmentPattern ? property.value.left : property.value;
    if (value === binding) return propertyKey(property);
  }
  return undefined;
}

function stringValue(node: TSESTree.Node | undefined): string | undefined {
  return node?.type === AST_NODE_TYPES.Literal && typeof node.value === 'string' ? node.value : undefined;
}

function definitionOf(identifier: TSESTree.Identifier, context: Context): TSESLint.Scope.Definition | undefined {
  return ASTUtils.findVariable(context.sourceCode.getScope(identifier), identifier.name)?.defs[0];
}
