import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import { isNode } from '../util/ast.js';
import {
  calleeImplementation,
  formatChain,
  implementationOf,
  isProjectFunction,
  runsInPlaceEstree,
  safely,
  summarizeCall,
  type SummaryCall,
  type SummaryKind,
} from '../util/summaries.js';
import { isFunctionLike, type FunctionLike } from './handlers.js';
import { isLoggerCall } from './loggers.js';
import {
  calleeName,
  getTypeServices,
  importBindingOf,
  memberName,
  requiredSpecifier,
  resolveCallTarget,
  resolveTsCallTarget,
  unwrapExpression,
  type CallTarget,
  type ModuleOrigin,
} from './origin.js';

/**
 * The lifecycle of a long-running process: what it starts that keeps it
 * alive (an HTTP server, a queue worker, a message consumer), how it learns
 * that it must stop (a SIGTERM/SIGINT handler, a shutdown library, NestJS
 * shutdown hooks) and what its shutdown handler does (which handles it
 * closes, whether it waits for them, under which deadline, and when it calls
 * `process.exit`).
 */

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

// ---------------------------------------------------------------------------
// What starts: servers, queue workers, consumers

export type StartKind = 'server' | 'queue-worker' | 'consumer';

export interface LongLivedStart {
  readonly kind: StartKind;
  /** What runs: `Fastify server`, `BullMQ Worker`, `kafkajs consumer`, `SQS polling loop`. */
  readonly label: string;
  /** The `listen` call, the `new Worker(…)`, the consumer start, or the polling loop statement. */
  readonly node: TSESTree.Node;
  /** How the start reads in messages: `health.listen()`, `new Worker()`, `consumer.run()`. */
  readonly text: string;
  /** Variables whose close stops it: the value the start returns, then its receiver. Empty when it is not kept. */
  readonly handles: readonly string[];
  /** The variable a shutdown handler should close, for messages: `server` in `const server = app.listen()`, `health` in `health.listen()`. */
  readonly closeTarget?: string;
  /** The variable the start's own result is kept in. */
  readonly kept?: string;
  /** For polling loops: the flags the loop checks (`running`), which a handler stops by assigning them. */
  readonly flags: readonly string[];
  /** The method that stops it: `close`, `disconnect`, `drain`, `stop`. */
  readonly closeMember: string;
  /** Its close takes a callback and returns no promise (Node's `http.Server`, which Express and Koa return). */
  readonly callbackClose: boolean;
}

interface StartSpec {
  readonly kind: StartKind;
  readonly label: string;
  readonly packages: readonly string[];
  /** The called member (`listen`, `run`) or, for `construct`, the class (`Worker`). */
  readonly member: string;
  readonly construct?: boolean;
  readonly closeMember: string;
  /** `server.close(callback)` returns no promise: `await server.close()` does not wait (Node's `http.Server`). */
  readonly callbackClose?: boolean;
  /** The receiver is an app with no `close` (Express, Koa, Polka): the server is what `listen` returns. */
  readonly appReceiver?: boolean;
}

const NEST_PACKAGES = ['@nestjs/common', '@nestjs/core', '@nestjs/platform-express', '@nestjs/platform-fastify', '@nestjs/microservices'];
const NATS_PACKAGES = ['nats', '@nats-io/transport-node', '@nats-io/nats-core', '@nats-io/jetstream'];

const START_SPECS: readonly StartSpec[] = [
  { kind: 'server', label: 'HTTP server', packages: ['http', 'https', 'http2', 'net', 'tls'], member: 'listen', closeMember: 'close', callbackClose: true },
  { kind: 'server', label: 'Express server', packages: ['express', 'express-serve-static-core'], member: 'listen', closeMember: 'close', callbackClose: true, appReceiver: true },
  { kind: 'server', label: 'Fastify server', packages: ['fastify'], member: 'listen', closeMember: 'close' },
  { kind: 'server', label: 'Koa server', packages: ['koa'], member: 'listen', closeMember: 'close', callbackClose: true, appReceiver: true },
  { kind: 'server', label: 'NestJS application', packages: NEST_PACKAGES, member: 'listen', closeMember: 'close' },
  { kind: 'server', label: 'Polka server', packages: ['polka'], member: 'listen', closeMember: 'close', callbackClose: true, appReceiver: true },
  { kind: 'server', label: 'restify server', packages: ['restify'], member: 'listen', closeMember: 'close', callbackClose: true },
  { kind: 'server', label: 'Hono server', packages: ['@hono/node-server'], member: 'serve', closeMember: 'close', callbackClose: true },
  { kind: 'server', label: 'hapi server', packages: ['@hapi/hapi'], member: 'start', closeMember: 'stop' },
  { kind: 'queue-worker', label: 'BullMQ Worker', packages: ['bullmq', '@taskforcesh/bullmq-pro'], member: 'Worker', construct: true, closeMember: 'close' },
  { kind: 'queue-worker', label: 'Bull queue processor', packages: ['bull'], member: 'process', closeMember: 'close' },
  { kind: 'queue-worker', label: 'Bee-Queue processor', packages: ['bee-queue'], member: 'process', closeMember: 'close' },
  { kind: 'queue-worker', label: 'pg-boss worker', packages: ['pg-boss'], member: 'work', closeMember: 'stop' },
  { kind: 'queue-worker', label: 'Agenda processor', packages: ['agenda', '@hokify/agenda'], member: 'start', closeMember: 'stop' },
  { kind: 'consumer', label: 'kafkajs consumer', packages: ['kafkajs'], member: 'run', closeMember: 'disconnect' },
  { kind: 'consumer', label: 'amqplib consumer', packages: ['amqplib', 'amqplib/callback_api'], member: 'consume', closeMember: 'close' },
  { kind: 'consumer', label: 'NATS subscription', packages: NATS_PACKAGES, member: 'subscribe', closeMember: 'drain' },
  { kind: 'consumer', label: 'NATS JetStream consumer', packages: NATS_PACKAGES, member: 'consume', closeMember: 'close' },
  { kind: 'consumer', label: 'SQS consumer', packages: ['sqs-consumer'], member: 'start', closeMember: 'stop' },
];

/** A server known only by its shape (`app.listen(PORT)` on an imported app): which library, and so how it closes, is unknown. */
const UNKNOWN_SERVER: StartSpec = { kind: 'server', label: 'HTTP server', packages: [], member: 'listen', closeMember: 'close' };

const START_MEMBERS = new Set(START_SPECS.filter((spec) => !spec.construct).map((spec) => spec.member));
const SQS_RECEIVE = 'ReceiveMessageCommand';

/**
 * The long-lived thing a call or `new` starts, recognised through the type
 * checker or this file's imports (`const app = Fastify()`, `new Kafka()…consumer()`).
 * Without either, `x.listen(port)` on a receiver named like a server or app
 * (`app`, `server`, `httpServer`, `apiApp`) with a port-like first argument
 * (`3000`, `PORT`, `config.port`, `process.env.PORT`, `{ port }`) counts as an
 * HTTP server; a project class's own `listen` (resolved through types) does not.
 */
export function longLivedStartOf(node: TSESTree.CallExpression | TSESTree.NewExpression, context: Context): LongLivedStart | undefined {
  if (node.type === AST_NODE_TYPES.NewExpression) return workerConstructionOf(node, context);
  const name = calleeName(node.callee);
  if (!name || !START_MEMBERS.has(name)) return undefined;
  const target = resolveCallTarget(node, context);
  const spec = target && specFor(target, false, rootOrigin(node.callee, context));
  if (spec) return describeStart(node, spec, context);
  if (name === 'listen' && target?.via !== 'types' && looksLikeServerListen(node)) return describeStart(node, UNKNOWN_SERVER, context);
  return undefined;
}

function workerConstructionOf(node: TSESTree.NewExpression, context: Context): LongLivedStart | undefined {
  const callee = unwrapExpression(node.callee);
  if (callee.type !== AST_NODE_TYPES.Identifier && callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const name = calleeName(callee);
  // Aliased imports (`import { Worker as BullWorker }`) are rare; a cheap name test first.
  if (name !== 'Worker' && !(callee.type === AST_NODE_TYPES.Identifier && importBindingOf(callee, context)?.imported === 'Worker')) {
    return undefined;
  }
  const target = resolveCallTarget(node, context);
  const spec = target && specFor(target, true, undefined);
  return spec && describeStart(node, spec, context);
}

function specFor(target: CallTarget, construct: boolean, fallbackOrigin: ModuleOrigin | undefined): StartSpec | undefined {
  const origin = target.origin ?? (target.via === 'types' ? undefined : fallbackOrigin);
  if (!origin || !('packageName' in origin)) return undefined;
  return START_SPECS.find(
    (spec) => Boolean(spec.construct) === construct && spec.member === target.member && spec.packages.includes(origin.packageName),
  );
}

/**
 * The package behind the root of a chain: `http` in `http.createServer(app).listen(3000)`,
 * `kafkajs` in `consumer.run()` after `const consumer = new Kafka(…).consumer(…)`.
 */
function rootOrigin(callee: TSESTree.Expression, context: Context, depth = 0): ModuleOrigin | undefined {
  let current = unwrapExpression(callee);
  for (;;) {
    if (current.type === AST_NODE_TYPES.MemberExpression) current = unwrapExpression(current.object);
    else if (current.type === AST_NODE_TYPES.CallExpression || current.type === AST_NODE_TYPES.NewExpression) current = unwrapExpression(current.callee);
    else if (current.type === AST_NODE_TYPES.AwaitExpression) current = unwrapExpression(current.argument);
    else break;
  }
  if (current.type !== AST_NODE_TYPES.Identifier) return undefined;
  const origin = importBindingOf(current, context)?.origin;
  if (origin || depth >= 3) return origin;
  const definition = findVariable(current, context)?.defs[0];
  const init = definition?.type === 'Variable' && definition.parent.kind === 'const' ? definition.node.init : undefined;
  return init && init !== callee ? rootOrigin(init, context, depth + 1) : undefined;
}

const SERVER_RECEIVER = /^(?:app|application|server|srv|api|fastify|koa|express|web|http|https|instance)$|(?:Server|App|Api|Application)$/;

/** `app.listen(PORT)`, `server.listen(config.port, host)`, `httpServer.listen({ port })` with no import to go by. */
function looksLikeServerListen(call: TSESTree.CallExpression): boolean {
  const callee = unwrapExpression(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const receiver = terminalName(unwrapExpression(callee.object));
  return receiver !== undefined && SERVER_RECEIVER.test(receiver) && isPortLike(call.arguments[0]);
}

function isPortLike(node: TSESTree.Node | undefined): boolean {
  if (!node) return false;
  switch (node.type) {
    case AST_NODE_TYPES.Literal:
      return typeof node.value === 'number' || (typeof node.value === 'string' && /^\d{2,5}$/.test(node.value));
    case AST_NODE_TYPES.Identifier:
      return /port/i.test(node.name);
    case AST_NODE_TYPES.MemberExpression: {
      const name = memberName(node);
      if (name && /port/i.test(name)) return true;
      const object = unwrapExpression(node.object);
      // process.env.ANYTHING
      return object.type === AST_NODE_TYPES.MemberExpression && memberName(object) === 'env' && terminalName(unwrapExpression(object.object)) === 'process';
    }
    case AST_NODE_TYPES.LogicalExpression:
    case AST_NODE_TYPES.ConditionalExpression: {
      const sides = node.type === AST_NODE_TYPES.LogicalExpression ? [node.left, node.right] : [node.consequent, node.alternate];
      return sides.some((side) => isPortLike(side));
    }
    case AST_NODE_TYPES.UnaryExpression:
      return isPortLike(node.argument);
    case AST_NODE_TYPES.CallExpression:
      return node.arguments.some(
        (argument) => isPortLike(argument) || (argument.type === AST_NODE_TYPES.Literal && typeof argument.value === 'string' && /port/i.test(argument.value)),
      );
    case AST_NODE_TYPES.ObjectExpression:
      return node.properties.some((property) => property.type === AST_NODE_TYPES.Property && ['port', 'host', 'path'].includes(propertyKey(property) ?? ''));
    case AST_NODE_TYPES.TSAsExpression:
    case AST_NODE_TYPES.TSNonNullExpression:
      return isPortLike(node.expression);
    default:
      return false;
  }
}

function describeStart(node: TSESTree.CallExpression | TSESTree.NewExpression, spec: StartSpec, context: Context): LongLivedStart {
  const handles: string[] = [];
  const kept = keptIn(node);
  if (kept) handles.push(kept);
  const callee = unwrapExpression(node.callee);
  if (node.type === AST_NODE_TYPES.CallExpression && callee.type === AST_NODE_TYPES.MemberExpression) {
    const receiver = rootIdentifier(callee.object);
    if (receiver && !handles.includes(receiver)) handles.push(receiver);
  }
  const closeTarget = spec.appReceiver ? kept : handles[0];
  return {
    kind: spec.kind,
    label: spec.label,
    node,
    text: callText(node, context),
    handles,
    ...(closeTarget ? { closeTarget } : {}),
    ...(kept ? { kept } : {}),
    flags: [],
    closeMember: spec.closeMember,
    callbackClose: spec.callbackClose === true,
  };
}

/** `health.listen()`, `new Worker()`, `serve()`: the call as a reader finds it, arguments elided. */
function callText(node: TSESTree.CallExpression | TSESTree.NewExpression, context: Context): string {
  const callee = context.sourceCode.getText(node.callee).replace(/\s+/g, '');
  const short = callee.length > 40 ? `…${callee.slice(-38)}` : callee;
  return node.type === AST_NODE_TYPES.NewExpression ? `new ${short}()` : `${short}()`;
}

/** The variable a value is kept in: `server` in `const server = app.listen()`, `worker` in `this.worker = new Worker()`. */
export function keptIn(node: TSESTree.Node): string | undefined {
  let current: TSESTree.Node = node;
  while (
    current.parent &&
    (current.parent.type === AST_NODE_TYPES.AwaitExpression ||
      current.parent.type === AST_NODE_TYPES.TSAsExpression ||
      current.parent.type === AST_NODE_TYPES.TSNonNullExpression ||
      current.parent.type === AST_NODE_TYPES.ChainExpression)
  ) {
    current = current.parent;
  }
  const parent = current.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === current && parent.id.type === AST_NODE_TYPES.Identifier) return parent.id.name;
  if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.right === current) return terminalName(parent.left);
  return undefined;
}

/**
 * `while (running) { await sqs.send(new ReceiveMessageCommand(…)) }`: a loop
 * that polls SQS, found from the `new ReceiveMessageCommand` inside it. The
 * loop is the consumer; what stops it is a flag its condition (or a
 * `if (stopping) break`) reads, an abort, or closing the client.
 */
export function sqsPollingLoopOf(node: TSESTree.NewExpression, context: Context): LongLivedStart | undefined {
  if (calleeName(node.callee) !== SQS_RECEIVE) return undefined;
  const target = resolveCallTarget(node, context);
  const origin = target?.origin;
  if (!origin || !('packageName' in origin) || origin.packageName !== '@aws-sdk/client-sqs') return undefined;
  const loop = enclosingLoop(node);
  if (!loop) return undefined;
  const handles: string[] = [];
  const send = node.parent.type === AST_NODE_TYPES.CallExpression ? node.parent : undefined;
  const client = send && send.callee.type === AST_NODE_TYPES.MemberExpression ? rootIdentifier(send.callee.object) : undefined;
  if (client) handles.push(client);
  return {
    kind: 'consumer',
    label: 'SQS polling loop',
    node: loop,
    ...(client ? { closeTarget: client } : {}),
    text: loop.type === AST_NODE_TYPES.DoWhileStatement ? 'do { … } while (…)' : `${loop.type === AST_NODE_TYPES.WhileStatement ? 'while' : 'for'} (…)`,
    handles,
    flags: loopFlags(loop),
    closeMember: 'destroy',
    callbackClose: false,
  };
}

type Loop = TSESTree.WhileStatement | TSESTree.DoWhileStatement | TSESTree.ForStatement;

function enclosingLoop(node: TSESTree.Node): Loop | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionLike(current)) return undefined;
    if (
      current.type === AST_NODE_TYPES.WhileStatement ||
      current.type === AST_NODE_TYPES.DoWhileStatement ||
      current.type === AST_NODE_TYPES.ForStatement
    ) {
      return current;
    }
  }
  return undefined;
}

/** The names a loop's condition reads, and those of `if (x) break/return` inside it. */
function loopFlags(loop: Loop): string[] {
  const flags = new Set<string>();
  const collect = (node: TSESTree.Node | null | undefined) => {
    if (!node) return;
    walk(node, (inner) => {
      if (inner.type === AST_NODE_TYPES.Identifier) flags.add(inner.name);
      if (inner.type === AST_NODE_TYPES.MemberExpression) {
        const name = memberName(inner);
        if (name) flags.add(name);
      }
      return true;
    });
  };
  collect(loop.test);
  walk(loop.body, (inner) => {
    if (isFunctionLike(inner)) return false;
    if (inner.type === AST_NODE_TYPES.IfStatement && exitsLoop(inner.consequent)) collect(inner.test);
    return true;
  });
  return [...flags];
}

function exitsLoop(statement: TSESTree.Statement): boolean {
  if (statement.type === AST_NODE_TYPES.BreakStatement || statement.type === AST_NODE_TYPES.ReturnStatement) return true;
  return statement.type === AST_NODE_TYPES.BlockStatement && statement.body.some((inner) => exitsLoop(inner));
}

// ---------------------------------------------------------------------------
// How the process learns it must stop

export const SHUTDOWN_SIGNALS: ReadonlySet<string> = new Set(['SIGTERM', 'SIGINT']);
const SIGNAL_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);

/**
 * Libraries that install the SIGTERM/SIGINT handling themselves and bound it
 * with a timeout of their own (close-with-grace `delay`, terminus `timeout`).
 */
export const SIGNAL_LIBRARIES: readonly string[] = [
  'close-with-grace',
  '@godaddy/terminus',
  'fastify-graceful-shutdown',
  'http-graceful-shutdown',
  '@moebius/http-graceful-shutdown',
  'lightship',
  'death',
  'signal-exit',
  'exit-hook',
  'async-exit-hook',
  'node-graceful-shutdown',
  'node-cleanup',
];

export interface SignalRegistration {
  readonly node: TSESTree.CallExpression;
  /** `SIGTERM`, `SIGINT`; empty when the signal is computed (`for (const s of signals) process.on(s, …)`). */
  readonly signals: readonly string[];
  /** The handler functions whose bodies this file shows. */
  readonly handlers: readonly FunctionLike[];
  /** Part of the handler is not visible here: an imported function, a method, an unknown factory. */
  readonly opaque: boolean;
}

/**
 * `process.on('SIGTERM', fn)` (also `once`, `addListener`, `prepend*`) for
 * SIGTERM or SIGINT, or for a computed signal. The handler may be inline, a
 * function of this file (`process.once('SIGINT', shutdown)`), bound
 * (`shutdown.bind(null, 'SIGTERM')`) or made by a factory of this file
 * (`process.on('SIGTERM', closer('SIGTERM'))`).
 */
export function signalRegistrationOf(call: TSESTree.CallExpression, context: Context): SignalRegistration | undefined {
  const callee = unwrapExpression(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || !SIGNAL_METHODS.has(memberName(callee) ?? '')) return undefined;
  if (!isProcessObject(callee.object)) return undefined;
  const [signal, handler] = call.arguments;
  if (!signal || !handler || signal.type === AST_NODE_TYPES.SpreadElement || handler.type === AST_NODE_TYPES.SpreadElement) return undefined;
  const name = staticString(signal);
  if (name !== undefined && !SHUTDOWN_SIGNALS.has(name)) return undefined;
  const found = handlerFunctionsOf(handler, context);
  return { node: call, signals: name === undefined ? [] : [name], handlers: found.functions, opaque: found.opaque };
}

function isProcessObject(node: TSESTree.Expression): boolean {
  const object = unwrapExpression(node);
  if (object.type === AST_NODE_TYPES.Identifier) return object.name === 'process';
  return object.type === AST_NODE_TYPES.MemberExpression && memberName(object) === 'process' && terminalName(unwrapExpression(object.object)) === 'globalThis';
}

function handlerFunctionsOf(expression: TSESTree.Expression, context: Context): { functions: FunctionLike[]; opaque: boolean } {
  const inner = unwrapExpression(expression);
  if (isFunctionLike(inner)) return { functions: [inner], opaque: false };
  if (inner.type === AST_NODE_TYPES.Identifier) {
    const fn = sameFileFunctionOf(inner, context);
    return fn ? { functions: [fn], opaque: false } : { functions: [], opaque: true };
  }
  if (inner.type === AST_NODE_TYPES.CallExpression) {
    const callee = unwrapExpression(inner.callee);
    if (callee.type === AST_NODE_TYPES.MemberExpression && memberName(callee) === 'bind') return handlerFunctionsOf(callee.object, context);
    const factory = callee.type === AST_NODE_TYPES.Identifier ? sameFileFunctionOf(callee, context) : undefined;
    const returned = factory ? returnedFunctions(factory) : [];
    return returned.length > 0 ? { functions: returned, opaque: false } : { functions: [], opaque: true };
  }
  return { functions: [], opaque: true };
}

/** The functions a factory returns: `(signal) => async () => { … }`, `function closer() { return async () => { … } }`. */
function returnedFunctions(factory: FunctionLike): FunctionLike[] {
  if (factory.body.type !== AST_NODE_TYPES.BlockStatement) {
    const body = unwrapExpression(factory.body);
    return isFunctionLike(body) ? [body] : [];
  }
  const found: FunctionLike[] = [];
  walk(factory.body, (node) => {
    if (isFunctionLike(node)) return false;
    if (node.type === AST_NODE_TYPES.ReturnStatement && node.argument) {
      const value = unwrapExpression(node.argument);
      if (isFunctionLike(value)) found.push(value);
    }
    return true;
  });
  return found;
}

/** `app.enableShutdownHooks()`: NestJS then closes the application (and its modules) on SIGTERM. */
export function isNestShutdownHooksCall(call: TSESTree.CallExpression): boolean {
  const callee = unwrapExpression(call.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression && memberName(callee) === 'enableShutdownHooks';
}

/** The shutdown library a `require('close-with-grace')` loads. Imports are read by {@link signalLibraryOfImport}. */
export function signalLibraryOfRequire(call: TSESTree.CallExpression): string | undefined {
  const specifier = requiredSpecifier(call);
  return specifier !== undefined && SIGNAL_LIBRARIES.includes(specifier) ? specifier : undefined;
}

export function signalLibraryOfImport(node: TSESTree.ImportDeclaration): string | undefined {
  return node.importKind !== 'type' && SIGNAL_LIBRARIES.includes(node.source.value) ? node.source.value : undefined;
}

const SHUTDOWN_NAME = /shut_?down|graceful|terminat|terminus|signal|exit_?hook|on_?exit|on_?death|tear_?down|lifecycle|lightship/i;

/**
 * A call that hands shutdown to code this file does not show:
 * `registerGracefulShutdown(server)`, `setupSignalHandlers()`,
 * `ShutdownHelper.add('http', …)`, `onExit(close)`. The callee is imported
 * or unknown (not a function of this file) and named for it.
 */
export function isShutdownDelegation(call: TSESTree.CallExpression, context: Context): boolean {
  const callee = unwrapExpression(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) {
    return SHUTDOWN_NAME.test(callee.name) && !sameFileFunctionOf(callee, context) && !BUILTIN_FUNCTIONS.has(callee.name);
  }
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const root = rootIdentifierNode(callee.object);
  if (!root || BUILTIN_OBJECTS.has(root.name)) return false;
  const names = [memberName(callee) ?? '', root.name];
  if (!names.some((name) => SHUTDOWN_NAME.test(name))) return false;
  const variable = findVariable(root, context);
  return !variable || variable.defs[0]?.type === 'ImportBinding' || isRequireVariable(variable);
}

/**
 * The variables a call hands to a package's function: `worker` in
 * `attachWorkerLifecycle(worker)` imported from `@acme/worker-kit`. The
 * package may well close them on SIGTERM; the file cannot tell.
 */
export function variablesPassedToPackage(call: TSESTree.CallExpression, context: Context): string[] {
  if (call.arguments.length === 0) return [];
  const callee = unwrapExpression(call.callee);
  const root = callee.type === AST_NODE_TYPES.Identifier ? callee : callee.type === AST_NODE_TYPES.MemberExpression ? rootIdentifierNode(callee.object) : undefined;
  if (!root || BUILTIN_OBJECTS.has(root.name) || BUILTIN_FUNCTIONS.has(root.name)) return [];
  const origin = importBindingOf(root, context)?.origin;
  if (!origin || !('packageName' in origin) || NODE_BUILTIN_MODULES.has(origin.packageName)) return [];
  const names: string[] = [];
  for (const argument of call.arguments) {
    const value = argument.type === AST_NODE_TYPES.SpreadElement ? argument.argument : unwrapExpression(argument);
    if (value.type === AST_NODE_TYPES.Identifier) names.push(value.name);
    if (value.type === AST_NODE_TYPES.ObjectExpression) {
      for (const property of value.properties) {
        if (property.type === AST_NODE_TYPES.Property && property.value.type === AST_NODE_TYPES.Identifier) names.push(property.value.name);
      }
    }
  }
  return names;
}

/** Node's own modules: `http.createServer(app)`, `util.promisify(fn)` hand nothing to shutdown code. */
const NODE_BUILTIN_MODULES = new Set(['http', 'https', 'http2', 'net', 'tls', 'util', 'events', 'timers', 'timers/promises', 'stream', 'child_process', 'cluster', 'worker_threads', 'fs', 'fs/promises', 'path', 'os', 'process']);

function isRequireVariable(variable: TSESLint.Scope.Variable): boolean {
  const definition = variable.defs[0];
  return definition?.type === 'Variable' && definition.node.init != null && requiredSpecifier(definition.node.init) !== undefined;
}

// ---------------------------------------------------------------------------
// What a shutdown handler does: closes, deadlines, exits

/** Methods that stop a server, worker, consumer or connection. */
export const CLOSE_MEMBERS: ReadonlySet<string> = new Set([
  'close',
  'closeAll',
  'closeAllConnections',
  'disconnect',
  'drain',
  'stop',
  'stopAll',
  'quit',
  'end',
  'destroy',
  'terminate',
  'shutdown',
  'gracefulShutdown',
  'unsubscribe',
  'cancel',
  'dispose',
  'abort',
]);

/** Packages whose close can wait on work in flight: keep-alive connections, running jobs, messages being handled. */
const LIFECYCLE_PACKAGES: Readonly<Record<string, StartKind>> = Object.fromEntries([
  ...START_SPECS.flatMap((spec) => spec.packages.map((name) => [name, spec.kind] as const)),
]);

/** Closes that bound their own wait: pg-boss `stop()` (30 s), hapi `stop()` (5 s), http-terminator, lightship. */
const SELF_BOUNDED_PACKAGES = new Set(['pg-boss', '@hapi/hapi', 'http-terminator', 'lightship', '@godaddy/terminus', 'close-with-grace']);

export interface ClosePoint {
  readonly call: TSESTree.CallExpression;
  /** `server.close()`, `worker.close()`. */
  readonly text: string;
  /** What is being closed, when known. */
  readonly kind?: StartKind;
  /** The code after it waits for it: `await x.close()`, `await Promise.all([...])`, `await new Promise((r) => server.close(r))`. */
  readonly awaited: boolean;
  /** Written with `await`, but the close returns no promise (`await server.close()` on an `http.Server`): nothing waits. */
  readonly awaitsNothing: boolean;
  /** Returned from its function: waited for when the caller awaits that function. */
  readonly returned: boolean;
  /** Raced against a timer, wrapped in a timeout helper, passed a timeout/force option, or self-bounded. */
  readonly bounded: boolean;
  /** A deadline was armed before it (a timer that exits, `AbortSignal.timeout`). */
  readonly deadlineBefore: boolean;
}

export interface EarlyExit {
  readonly exit: TSESTree.CallExpression;
  readonly close: ClosePoint;
}

export interface ShutdownFlow {
  /** The lifecycle closes the handler makes, in the order it makes them (same-file calls followed). */
  readonly closes: readonly ClosePoint[];
  /** `process.exit` calls that run while a close started earlier has not completed. */
  readonly earlyExits: readonly EarlyExit[];
  /** Whether the handler arms a deadline anywhere. */
  readonly armsDeadline: boolean;
}

/** What a variable that stands for a started thing is: from the file's starts and the variables derived from them. */
export interface HandleInfo {
  readonly kind: StartKind;
  /** Its close returns no promise (an `http.Server` from `app.listen()`). */
  readonly callbackClose: boolean;
}

export type HandleKinds = ReadonlyMap<string, HandleInfo>;

/**
 * What a shutdown handler does, in execution order: its own body and the
 * bodies of this file's functions it calls, skipping callbacks that run
 * later (a close's callback, a timer's callback, `.then`). A close counts when
 * it closes one of `handles` (this file's servers, workers, consumers and
 * what they derive from) or when the called method belongs to a server,
 * queue or broker library.
 */
export function shutdownFlowOf(fn: FunctionLike, handles: HandleKinds, context: Context): ShutdownFlow {
  const earlyExits: EarlyExit[] = [];
  const frame = analyseFrame(fn, { handles, context, earlyExits }, false, new Set([fn]));
  return { closes: frame.closes, earlyExits, armsDeadline: frame.armsDeadline };
}

interface FlowContext {
  readonly handles: HandleKinds;
  readonly context: Context;
  readonly earlyExits: EarlyExit[];
}

interface ExitPoint {
  readonly call: TSESTree.CallExpression;
  /** The function had already awaited something: the exit runs later than its caller's next statement. */
  readonly afterAwait: boolean;
}

interface Frame {
  readonly closes: ClosePoint[];
  readonly exits: ExitPoint[];
  readonly armsDeadline: boolean;
}

function analyseFrame(fn: FunctionLike, flow: FlowContext, deadlineAtEntry: boolean, stack: ReadonlySet<FunctionLike>): Frame {
  const { context } = flow;
  const closes: ClosePoint[] = [];
  const exits: ExitPoint[] = [];
  /** Closes started in this frame whose completion this frame has not waited for. */
  const pending: ClosePoint[] = [];
  let deadline = deadlineAtEntry;
  let armsDeadline = false;
  let awaitedSoFar = false;

  const exitNow = (call: TSESTree.CallExpression, afterAwait: boolean) => {
    exits.push({ call, afterAwait });
    const close = pending[0];
    if (close) flow.earlyExits.push({ exit: call, close });
  };

  const onCall = (node: TSESTree.CallExpression | TSESTree.NewExpression) => {
    if (isDeadlineCall(node, context)) {
      deadline = true;
      armsDeadline = true;
      return;
    }
    if (node.type === AST_NODE_TYPES.NewExpression) return;
    if (isProcessExit(node)) {
      exitNow(node, awaitedSoFar);
      return;
    }
    const close = lifecycleCloseOf(node, flow.handles, context);
    if (close) {
      const written = isAwaitedWithin(node, fn, context);
      const awaitsNothing = written && close.returnsPromise === false && !isInsidePromiseExecutor(node, fn);
      const point: ClosePoint = {
        call: node,
        text: `${context.sourceCode.getText(node.callee).replace(/\s+/g, '')}()`,
        ...(close.kind ? { kind: close.kind } : {}),
        awaited: written && !awaitsNothing,
        awaitsNothing,
        returned: isReturnedFrom(node, fn, context),
        bounded: close.bounded || isBoundedWithin(node, fn, context),
        deadlineBefore: deadline,
      };
      closes.push(point);
      // A close whose promise is kept (`const closing = app.close()`) may be awaited later: not judged.
      if (!point.awaited && !isKept(node, fn)) pending.push(point);
      return;
    }
    const callee = unwrapExpression(node.callee);
    const target = callee.type === AST_NODE_TYPES.Identifier ? sameFileFunctionOf(callee, context) : undefined;
    if (!target || stack.has(target)) return;
    const sub = analyseFrame(target, flow, deadline, new Set([...stack, target]));
    const awaitedCall = isAwaitedWithin(node, fn, context);
    // What the callee does before its first await happens now; the rest only if this frame waits for it.
    for (const exit of sub.exits) if (awaitedCall || !exit.afterAwait) exitNow(exit.call, awaitedSoFar);
    for (const close of sub.closes) {
      closes.push(close);
      if (!(awaitedCall && (close.awaited || close.returned))) pending.push(close);
    }
    if (sub.armsDeadline) {
      deadline = true;
      armsDeadline = true;
    }
  };

  const visit = (node: TSESTree.Node): void => {
    if (node !== fn && isFunctionLike(node)) {
      // An IIFE or a `new Promise` executor runs now, as part of this frame; other callbacks run later.
      if (runsInPlaceEstree(node, context)) visit(node.body);
      return;
    }
    for (const child of childNodes(node, context)) visit(child);
    if (node.type === AST_NODE_TYPES.AwaitExpression) awaitedSoFar = true;
    if (node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.NewExpression) onCall(node);
  };
  visit(fn.body);
  return { closes, exits, armsDeadline };
}

/** `process.exit(…)`, also through `globalThis.process`. */
export function isProcessExit(call: TSESTree.CallExpression): boolean {
  const callee = unwrapExpression(call.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression && memberName(callee) === 'exit' && isProcessObject(callee.object);
}

interface LifecycleClose {
  readonly kind?: StartKind;
  readonly bounded: boolean;
  /** Whether the call returns a promise; undefined when unknown. */
  readonly returnsPromise?: boolean;
}

/**
 * A close of something that keeps the process alive: a method in
 * {@link CLOSE_MEMBERS} on one of `handles`, or one a server, queue or broker
 * library declares (`server.close()` on an `http.Server` parameter, with types).
 */
function lifecycleCloseOf(call: TSESTree.CallExpression, handles: HandleKinds, context: Context): LifecycleClose | undefined {
  const callee = unwrapExpression(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const member = memberName(callee);
  if (!member || !CLOSE_MEMBERS.has(member) || member === 'abort' || member === 'unsubscribe') return undefined;
  const root = rootIdentifierNode(callee.object);
  const bounded = hasBoundingArgument(call);
  const rootBinding = root ? importBindingOf(root, context) : undefined;
  const rootPackage = rootBinding && 'packageName' in rootBinding.origin ? rootBinding.origin.packageName : undefined;
  if (rootPackage && SELF_BOUNDED_PACKAGES.has(rootPackage)) return { bounded: true };
  const handle = root ? handles.get(root.name) : undefined;
  const typedPromise = returnsThenable(call, context);
  if (handle) {
    const direct = root !== undefined && unwrapExpression(callee.object) === root;
    const returnsPromise = typedPromise ?? (handle.callbackClose && direct ? false : undefined);
    return { kind: handle.kind, bounded, ...(returnsPromise === undefined ? {} : { returnsPromise }) };
  }
  const target = resolveCallTarget(call, context);
  const origin = target?.origin;
  if (!origin || !('packageName' in origin)) return undefined;
  if (SELF_BOUNDED_PACKAGES.has(origin.packageName)) return { bounded: true };
  const kind = LIFECYCLE_PACKAGES[origin.packageName];
  if (!kind) return undefined;
  // A NestJS application context closes whatever modules it holds: what it waits for is not known here.
  const known = NEST_PACKAGES.includes(origin.packageName) ? {} : { kind };
  return { ...known, bounded, ...(typedPromise === undefined ? {} : { returnsPromise: typedPromise }) };
}

/** With types, whether a call's result is a promise (has `then`); undefined without types or for `any`. */
function returnsThenable(call: TSESTree.CallExpression, context: Context): boolean | undefined {
  const services = getTypeServices(context);
  if (!services) return undefined;
  const type = safely(() => services.getTypeAtLocation(call));
  if (!type || type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return undefined;
  const parts = type.isUnion() ? type.types : [type];
  return parts.some((part) => part.getProperty('then') !== undefined);
}

/** Inside a `new Promise` executor the close's callback settles the promise: `await new Promise((r) => server.close(r))`. */
function isInsidePromiseExecutor(node: TSESTree.Node, fn: FunctionLike): boolean {
  for (let current = node.parent; current && current !== fn; current = current.parent) {
    if (isFunctionLike(current) && current.parent?.type === AST_NODE_TYPES.NewExpression) return true;
  }
  return false;
}

/** `const closing = app.close()`, `this.closing = worker.close()`: the promise is kept for later. */
function isKept(node: TSESTree.Node, fn: FunctionLike): boolean {
  for (let current: TSESTree.Node = node; current.parent && current.parent !== fn; current = current.parent) {
    const parent: TSESTree.Node = current.parent;
    if (parent.type === AST_NODE_TYPES.VariableDeclarator || parent.type === AST_NODE_TYPES.AssignmentExpression) return true;
    if (parent.type.endsWith('Statement') || isFunctionLike(parent)) return false;
  }
  return false;
}

/** `worker.close(true)` (BullMQ: do not wait for jobs), `server.stop({ timeout: 10_000 })`, `boss.stop({ graceful, timeout })`. */
function hasBoundingArgument(call: TSESTree.CallExpression): boolean {
  return call.arguments.some((argument) => {
    if (argument.type === AST_NODE_TYPES.Literal) return argument.value === true;
    if (argument.type !== AST_NODE_TYPES.ObjectExpression) return false;
    return argument.properties.some((property) => property.type === AST_NODE_TYPES.Property && /timeout|deadline|grace|force/i.test(propertyKey(property) ?? ''));
  });
}

const DEADLINE_HELPER = /deadline|timeout|timer|watchdog|force|exit|kill/i;
const TIMER_FUNCTIONS = new Set(['setTimeout']);
const EXIT_LIKE = /exit|kill|abort|terminate|crash|die|force/i;

/**
 * A deadline for the shutdown: a timer whose callback ends the process
 * (`setTimeout(() => process.exit(1), 10_000).unref()`,
 * `setTimeout(process.exit, ms, 1)`, `setTimeout(forceExit, ms)`),
 * `AbortSignal.timeout(ms)`, or a helper named for it (`armShutdownDeadline()`,
 * `startForceExitTimer()`).
 */
export function isDeadlineCall(call: TSESTree.CallExpression | TSESTree.NewExpression, context: Context): boolean {
  if (call.type === AST_NODE_TYPES.NewExpression) return false;
  const callee = unwrapExpression(call.callee);
  const name = calleeName(callee);
  if (!name) return false;
  if (TIMER_FUNCTIONS.has(name)) {
    const [callback] = call.arguments;
    return callback !== undefined && callback.type !== AST_NODE_TYPES.SpreadElement && endsProcess(callback, context);
  }
  if (name === 'timeout' && callee.type === AST_NODE_TYPES.MemberExpression && terminalName(unwrapExpression(callee.object)) === 'AbortSignal') {
    return true;
  }
  if (/^(?:clear|set)(?:Timeout|Interval)$/.test(name)) return false;
  return callee.type === AST_NODE_TYPES.Identifier && DEADLINE_HELPER.test(name) && !sameFileFunctionOf(callee, context);
}

function endsProcess(callback: TSESTree.Expression | FunctionLike, context: Context): boolean {
  const inner = callback.type === AST_NODE_TYPES.FunctionDeclaration ? callback : unwrapExpression(callback);
  if (inner.type === AST_NODE_TYPES.MemberExpression) return memberName(inner) === 'exit' || memberName(inner) === 'kill';
  if (inner.type === AST_NODE_TYPES.Identifier) {
    const fn = sameFileFunctionOf(inner, context);
    return fn ? endsProcess(fn, context) : EXIT_LIKE.test(inner.name);
  }
  if (!isFunctionLike(inner)) return false;
  let ends = false;
  walk(inner.body, (node) => {
    if (ends) return false;
    if (node.type === AST_NODE_TYPES.ThrowStatement) ends = true;
    if (node.type === AST_NODE_TYPES.CallExpression) {
      const name = calleeName(node.callee);
      if (isProcessExit(node) || (name !== undefined && (EXIT_LIKE.test(name) || name === 'reject'))) ends = true;
    }
    return true;
  });
  return ends;
}

/** Whether the code after `node` in `fn` waits for it: an `await` around it, looking through `Promise.all`, executors and IIFEs. */
function isAwaitedWithin(node: TSESTree.Node, fn: FunctionLike, context: Context): boolean {
  for (let current: TSESTree.Node = node; current.parent && current !== fn; current = current.parent) {
    const parent: TSESTree.Node = current.parent;
    if (parent.type === AST_NODE_TYPES.AwaitExpression) return true;
    if (parent === fn) return false;
    if (isFunctionLike(parent) && !runsInPlaceEstree(parent, context)) return false;
  }
  return false;
}

/** `return server.close()`, `() => worker.close()`: the caller waits for it if it awaits the function. */
function isReturnedFrom(node: TSESTree.Node, fn: FunctionLike, context: Context): boolean {
  for (let current: TSESTree.Node = node; current.parent; current = current.parent) {
    const parent: TSESTree.Node = current.parent;
    if (parent.type === AST_NODE_TYPES.ReturnStatement) return enclosingFrame(parent, context) === fn;
    if (parent === fn) return fn.body === current;
    if (isFunctionLike(parent) && !runsInPlaceEstree(parent, context)) return false;
    if (parent.type.endsWith('Statement') || parent.type === AST_NODE_TYPES.VariableDeclaration) return false;
  }
  return false;
}

function enclosingFrame(node: TSESTree.Node, context: Context): FunctionLike | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionLike(current) && !runsInPlaceEstree(current, context)) return current;
  }
  return undefined;
}

/** Inside `Promise.race([...])` or a timeout helper's arguments: `await withTimeout(server.close(), 10_000)`. */
function isBoundedWithin(node: TSESTree.Node, fn: FunctionLike, context: Context): boolean {
  for (let current: TSESTree.Node = node; current.parent && current !== fn; current = current.parent) {
    const parent: TSESTree.Node = current.parent;
    if (parent === fn || (isFunctionLike(parent) && !runsInPlaceEstree(parent, context))) return false;
    if (parent.type !== AST_NODE_TYPES.CallExpression || parent.callee === current) continue;
    const name = calleeName(parent.callee);
    if (name === 'race' || (name !== undefined && name !== 'setTimeout' && /timeout|deadline/i.test(name))) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------
// What signal handling closes, for "no handler closes it"

export interface ShutdownReach {
  /** Variables a close-like method is called on (or read as `x.close`) somewhere in the handlers. */
  readonly closed: ReadonlySet<string>;
  /** Variables and properties the handlers assign (`running = false`, `this.stopping = true`). */
  readonly assigned: ReadonlySet<string>;
  /** The handlers call code this file does not show, which may close anything. */
  readonly opaque: boolean;
}

/** Functions that close nothing: timers, conversions, `require`. */
const BUILTIN_FUNCTIONS = new Set([
  'setTimeout',
  'clearTimeout',
  'setInterval',
  'clearInterval',
  'setImmediate',
  'clearImmediate',
  'queueMicrotask',
  'String',
  'Number',
  'Boolean',
  'Error',
  'Symbol',
  'BigInt',
  'parseInt',
  'parseFloat',
  'require',
  'structuredClone',
  'isNaN',
]);

/** Objects whose methods close nothing: `process.exit`, `Promise.all`, `console.log`, `Date.now`. */
const BUILTIN_OBJECTS = new Set(['process', 'Promise', 'console', 'JSON', 'Object', 'Array', 'Math', 'Date', 'Reflect', 'AbortSignal', 'globalThis']);

/**
 * Everything the handlers (and this file's functions they call, and their
 * callbacks) close or assign. A call into code the file does not show (an
 * imported function, a method of an imported project object, `this.x()`, a
 * close on a parameter) makes the reach opaque: it may close anything.
 */
export function shutdownReachOf(handlers: readonly FunctionLike[], context: Context): ShutdownReach {
  const closed = new Set<string>();
  const assigned = new Set<string>();
  let opaque = false;
  const seen = new Set<FunctionLike>();
  const queue = [...handlers];
  const localTo = (variable: TSESLint.Scope.Variable, root: FunctionLike) => {
    const scopeBlock = variable.scope.block;
    return scopeBlock === root || isWithin(scopeBlock, root);
  };
  for (let fn = queue.shift(); fn && !opaque; fn = queue.shift()) {
    if (seen.has(fn)) continue;
    seen.add(fn);
    const current = fn;
    walk(current, (node) => {
      if (opaque) return false;
      if (node.type === AST_NODE_TYPES.MemberExpression && CLOSE_MEMBERS.has(memberName(node) ?? '')) {
        const root = rootIdentifierNode(node.object);
        if (!root) {
          opaque = true;
          return false;
        }
        const variable = findVariable(root, context);
        if (!variable || isUnknownObject(variable) || isProjectImport(variable, context)) opaque = true;
        else closed.add(root.name);
      }
      if (node.type === AST_NODE_TYPES.AssignmentExpression) {
        const name = terminalName(node.left);
        if (name) assigned.add(name);
      }
      if (node.type === AST_NODE_TYPES.CallExpression) {
        const callee = unwrapExpression(node.callee);
        if (callee.type === AST_NODE_TYPES.Identifier) {
          const target = sameFileFunctionOf(callee, context);
          if (target) queue.push(target);
          else if (!BUILTIN_FUNCTIONS.has(callee.name) && !isLocalCallback(callee, current, context, localTo)) opaque = true;
        } else if (callee.type === AST_NODE_TYPES.MemberExpression && !CLOSE_MEMBERS.has(memberName(callee) ?? '')) {
          if (callsUnseenCode(node, callee, context)) opaque = true;
        }
        for (const argument of node.arguments) {
          if (argument.type !== AST_NODE_TYPES.Identifier) continue;
          const target = sameFileFunctionOf(argument, context);
          if (target) queue.push(target);
        }
      }
      return true;
    });
  }
  return { closed, assigned, opaque };
}

/** `resolve()`, `done()`: a parameter of a function inside the handler, not code from elsewhere. */
function isLocalCallback(
  callee: TSESTree.Identifier,
  handler: FunctionLike,
  context: Context,
  localTo: (variable: TSESLint.Scope.Variable, root: FunctionLike) => boolean,
): boolean {
  const variable = findVariable(callee, context);
  return variable !== undefined && variable.defs[0]?.type === 'Parameter' && localTo(variable, handler);
}

/**
 * A parameter (`function main(server) { process.on(…, () => server.close()) }`,
 * `[server, worker].forEach((c) => c.close())`): which object it holds, the file does not say.
 */
function isUnknownObject(variable: TSESLint.Scope.Variable): boolean {
  const kind = variable.defs[0]?.type;
  return kind !== 'Variable' && kind !== 'FunctionName' && kind !== 'ClassName' && kind !== 'ImportBinding';
}

function isProjectImport(variable: TSESLint.Scope.Variable, context: Context): boolean {
  const definition = variable.defs[0];
  if (definition?.type !== 'ImportBinding' && !isRequireVariable(variable)) return false;
  const identifier = variable.identifiers[0];
  const binding = identifier && importBindingOf(identifier, context);
  return !binding || 'modulePath' in binding.origin;
}

/** A method call whose body this file does not show: on `this`, on an imported project object, on a parameter. */
function callsUnseenCode(call: TSESTree.CallExpression, callee: TSESTree.MemberExpression, context: Context): boolean {
  const root = rootIdentifierNode(callee.object);
  if (!root) return unwrapExpression(callee.object).type === AST_NODE_TYPES.ThisExpression;
  if (BUILTIN_OBJECTS.has(root.name)) return false;
  if (isLoggerCall(call, context)) return false;
  const variable = findVariable(root, context);
  if (!variable) return false;
  return isProjectImport(variable, context);
}

// ---------------------------------------------------------------------------
// Which variables stand for a started thing

/**
 * How this file's variables derive from each other: `channel` from
 * `connection` (`await connection.createChannel()`), `terminator` from
 * `server` (`createHttpTerminator({ server })`), `js` alongside `nc`
 * (`const { nc, js } = await connectNats()`). Closing a handle's receiver
 * ancestor (the connection a channel came from) or anything built on it
 * (a terminator around the server) closes the handle.
 */
export class HandleGraph {
  private readonly receiverParents = new Map<string, Set<string>>();
  private readonly children = new Map<string, Set<string>>();

  /** Records `const x = <init>` / `x = <init>`. */
  add(id: TSESTree.Node, init: TSESTree.Expression): void {
    const names = boundNames(id);
    if (names.length === 0) return;
    const receiver = receiverRoot(init);
    const argumentsOf = argumentNames(init);
    for (const name of names) {
      if (receiver) this.link(name, receiver, true);
      for (const argument of argumentsOf) this.link(name, argument, false);
      // Destructured together, closed together.
      for (const sibling of names) if (sibling !== name) this.link(name, sibling, true);
    }
  }

  private link(name: string, parent: string, receiver: boolean): void {
    if (name === parent) return;
    if (receiver) setIn(this.receiverParents, name).add(parent);
    setIn(this.children, parent).add(name);
  }

  /** Every variable whose close stops `handle`: itself, its receiver ancestors, and what was built on it. */
  familyOf(handle: string): Set<string> {
    const family = new Set([handle]);
    const up = [handle];
    for (let name = up.pop(); name !== undefined; name = up.pop()) {
      for (const parent of this.receiverParents.get(name) ?? []) {
        if (!family.has(parent)) {
          family.add(parent);
          up.push(parent);
        }
      }
    }
    const down = [handle];
    for (let name = down.pop(); name !== undefined; name = down.pop()) {
      for (const child of this.children.get(name) ?? []) {
        if (!family.has(child)) {
          family.add(child);
          down.push(child);
        }
      }
    }
    return family;
  }
}

function setIn(map: Map<string, Set<string>>, key: string): Set<string> {
  let set = map.get(key);
  if (!set) {
    set = new Set();
    map.set(key, set);
  }
  return set;
}

function boundNames(id: TSESTree.Node): string[] {
  if (id.type === AST_NODE_TYPES.Identifier) return [id.name];
  if (id.type === AST_NODE_TYPES.MemberExpression) {
    const name = terminalName(id);
    return name ? [name] : [];
  }
  if (id.type === AST_NODE_TYPES.ObjectPattern) {
    return id.properties.flatMap((property) =>
      property.type === AST_NODE_TYPES.Property ? boundNames(property.value) : boundNames(property.argument),
    );
  }
  if (id.type === AST_NODE_TYPES.ArrayPattern) return id.elements.flatMap((element) => (element ? boundNames(element) : []));
  if (id.type === AST_NODE_TYPES.AssignmentPattern) return boundNames(id.left);
  return [];
}

/** `connection` in `await connection.createChannel()`, `js` in `js.consumers.get()`, `server` in `server`. */
function receiverRoot(init: TSESTree.Expression): string | undefined {
  let current = unwrapExpression(init);
  if (current.type === AST_NODE_TYPES.AwaitExpression) current = unwrapExpression(current.argument);
  if (current.type === AST_NODE_TYPES.Identifier) return current.name;
  if (current.type === AST_NODE_TYPES.CallExpression) {
    const callee = unwrapExpression(current.callee);
    return callee.type === AST_NODE_TYPES.MemberExpression ? rootIdentifier(callee.object) : undefined;
  }
  return current.type === AST_NODE_TYPES.MemberExpression ? rootIdentifier(current.object) : undefined;
}

/** `server` in `stoppable(server)`, `createHttpTerminator({ server })`, `new SocketServer(httpServer)`. */
function argumentNames(init: TSESTree.Expression): string[] {
  let current = unwrapExpression(init);
  if (current.type === AST_NODE_TYPES.AwaitExpression) current = unwrapExpression(current.argument);
  if (current.type !== AST_NODE_TYPES.CallExpression && current.type !== AST_NODE_TYPES.NewExpression) return [];
  const names: string[] = [];
  for (const argument of current.arguments) {
    const value = argument.type === AST_NODE_TYPES.SpreadElement ? argument.argument : unwrapExpression(argument);
    if (value.type === AST_NODE_TYPES.Identifier) names.push(value.name);
    // `stoppable(app.listen(3000))`: the wrapper is built on the server the call returns.
    if (value.type === AST_NODE_TYPES.CallExpression && value.callee.type === AST_NODE_TYPES.MemberExpression) {
      const root = rootIdentifier(value.callee.object);
      if (root) names.push(root);
    }
    if (value.type === AST_NODE_TYPES.ObjectExpression) {
      for (const property of value.properties) {
        if (property.type === AST_NODE_TYPES.Property && property.value.type === AST_NODE_TYPES.Identifier) names.push(property.value.name);
      }
    }
  }
  return names;
}

// ---------------------------------------------------------------------------
// Entry points: code that runs when the module loads

const runningCache = new WeakMap<TSESTree.Program, Set<FunctionLike>>();

/**
 * Whether a node runs when the module is loaded: module top-level code
 * (including `if (require.main === module)` and `import.meta.main` blocks)
 * or a function it calls: `main()`, `main().catch(…)`, `void bootstrap()`,
 * an IIFE, a callback handed over at load (`connect().then(() => …)`,
 * `process.nextTick(async () => …)`), a method of a class this file
 * instantiates at load (`new App().start()`). A function that is only
 * exported is started by someone else, so its file is not an entry point.
 */
export function runsAtModuleLoad(node: TSESTree.Node, context: Context): boolean {
  // Where the node sits first: most calls are in functions nothing runs at load, and the guard test reads every ancestor.
  const fn = enclosingFunctionOrClass(node);
  if (fn === null) return false;
  if (fn !== undefined && !loadRunningFunctions(context).has(fn)) return false;
  return !isDevelopmentOnly(node);
}

const PRODUCTION_TEST = /\b(?:NODE_ENV|APP_ENV|ENV)\b\s*!==?\s*['"`]prod|['"`]prod\w*['"`]\s*!==?\s*[\w.]*\b(?:NODE_ENV|APP_ENV|ENV)\b/;
const DEVELOPMENT_TEST = /\b(?:NODE_ENV|APP_ENV|ENV)\b\s*===?\s*['"`](?:dev|development|local|test)['"`]|['"`](?:dev|development|local|test)['"`]\s*===?\s*[\w.]*\b(?:NODE_ENV|APP_ENV|ENV)\b|!\s*[\w.]*\b(?:VERCEL|NETLIFY|AWS_LAMBDA_FUNCTION_NAME|LAMBDA_TASK_ROOT)\b|\bIS_OFFLINE\b|\bisDev(?:elopment)?\b/;

/**
 * `if (process.env.NODE_ENV !== 'production') app.listen(3000)`, `if (!process.env.VERCEL) …`:
 * a listen for local development next to a serverless export. Production never runs it.
 */
function isDevelopmentOnly(node: TSESTree.Node): boolean {
  for (let current: TSESTree.Node = node; current.parent; current = current.parent) {
    const parent: TSESTree.Node = current.parent;
    const guard =
      parent.type === AST_NODE_TYPES.IfStatement && parent.consequent === current
        ? parent.test
        : parent.type === AST_NODE_TYPES.LogicalExpression && parent.operator === '&&' && parent.right === current
          ? parent.left
          : undefined;
    if (guard && isDevelopmentGuard(guard)) return true;
  }
  return false;
}

function isDevelopmentGuard(test: TSESTree.Node): boolean {
  const text = sourceText(test);
  return PRODUCTION_TEST.test(text) || DEVELOPMENT_TEST.test(text);
}

/** The text of a node rebuilt from its tokens is not at hand here; a compact rendering of conditions is enough. */
function sourceText(node: TSESTree.Node): string {
  switch (node.type) {
    case AST_NODE_TYPES.Identifier:
      return node.name;
    case AST_NODE_TYPES.Literal:
      return typeof node.value === 'string' ? `'${node.value}'` : String(node.value);
    case AST_NODE_TYPES.MemberExpression:
      return `${sourceText(node.object)}.${node.property.type === AST_NODE_TYPES.Identifier ? node.property.name : sourceText(node.property)}`;
    case AST_NODE_TYPES.BinaryExpression:
    case AST_NODE_TYPES.LogicalExpression:
      return `${sourceText(node.left)} ${node.operator} ${sourceText(node.right)}`;
    case AST_NODE_TYPES.UnaryExpression:
      return `${node.operator}${sourceText(node.argument)}`;
    case AST_NODE_TYPES.ChainExpression:
      return sourceText(node.expression);
    default:
      return '';
  }
}

/** The nearest function around a node; null inside a class body outside a method's function (field initialisers). */
function enclosingFunctionOrClass(node: TSESTree.Node): FunctionLike | null | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionLike(current)) return current;
    if (current.type === AST_NODE_TYPES.PropertyDefinition || current.type === AST_NODE_TYPES.StaticBlock) return null;
  }
  return undefined;
}

export function loadRunningFunctions(context: Context): ReadonlySet<FunctionLike> {
  const program = context.sourceCode.ast;
  let running = runningCache.get(program);
  if (!running) {
    running = computeLoadRunning(program, context);
    runningCache.set(program, running);
  }
  return running;
}

function computeLoadRunning(program: TSESTree.Program, context: Context): Set<FunctionLike> {
  const running = new Set<FunctionLike>();
  const queue: TSESTree.Node[] = [program];
  const mark = (fn: FunctionLike | undefined) => {
    if (fn && !running.has(fn)) {
      running.add(fn);
      queue.push(fn.body);
    }
  };
  for (let region = queue.shift(); region; region = queue.shift()) {
    // The parser's visitor keys: the generic walk's look at every property of every node costs more here, where it runs on every file.
    walkByKeys(region, context.sourceCode.visitorKeys, (node) => {
      if (node !== region && isFunctionLike(node)) {
        // A callback passed at load (`.then(() => …)`, `db.once('open', () => …)`, an IIFE) runs too.
        if (isCallbackOrIife(node)) mark(node);
        return false;
      }
      if (node.type === AST_NODE_TYPES.ClassBody) return false;
      if (node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.NewExpression) {
        for (const fn of calledFunctions(node, context)) mark(fn);
      }
      return true;
    });
  }
  return running;
}

function isCallbackOrIife(fn: FunctionLike): boolean {
  let node: TSESTree.Node = fn;
  while (node.parent && (node.parent.type === AST_NODE_TYPES.TSAsExpression || node.parent.type === AST_NODE_TYPES.TSNonNullExpression)) node = node.parent;
  const parent = node.parent;
  if (!parent) return false;
  if (parent.type === AST_NODE_TYPES.CallExpression) {
    if (parent.callee === node) return true;
    if (!(parent.arguments as readonly TSESTree.Node[]).includes(node)) return false;
    // Signal handlers and request handlers run on an event, not at load.
    const callee = unwrapExpression(parent.callee);
    const member = callee.type === AST_NODE_TYPES.MemberExpression ? memberName(callee) : undefined;
    return member === undefined || !ROUTE_OR_EVENT_METHODS.has(member) || isLoadEvent(parent);
  }
  return parent.type === AST_NODE_TYPES.NewExpression && (parent.arguments as readonly TSESTree.Node[]).includes(node);
}

const ROUTE_OR_EVENT_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'all', 'use', 'route', 'on', 'once', 'addListener', 'prependListener', 'prependOnceListener', 'addEventListener']);

/** `mongoose.connection.once('open', () => app.listen(…))`: events that fire once the process has started. */
function isLoadEvent(call: TSESTree.CallExpression): boolean {
  const event = call.arguments[0] && staticString(call.arguments[0]);
  return event !== undefined && /^(?:open|ready|connect|connected|listening|online|start|started)$/.test(event);
}

/** The functions of this file a call runs: `main()`, `.then(start)`, `new App()` and `new App().start()`. */
function calledFunctions(call: TSESTree.CallExpression | TSESTree.NewExpression, context: Context): FunctionLike[] {
  const found: FunctionLike[] = [];
  const callee = unwrapExpression(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) {
    const fn = sameFileFunctionOf(callee, context);
    if (fn) found.push(fn);
    const ctor = call.type === AST_NODE_TYPES.NewExpression ? constructorOf(sameFileClassOf(callee, context)) : undefined;
    if (ctor) found.push(ctor);
  }
  if (call.type === AST_NODE_TYPES.CallExpression && callee.type === AST_NODE_TYPES.MemberExpression) {
    const method = sameFileMethodOf(call, callee, context);
    if (method) found.push(method);
  }
  for (const argument of call.arguments) {
    if (argument.type === AST_NODE_TYPES.Identifier) {
      const fn = sameFileFunctionOf(argument, context);
      if (fn) found.push(fn);
    }
  }
  return found;
}

function sameFileMethodOf(call: TSESTree.CallExpression, callee: TSESTree.MemberExpression, context: Context): FunctionLike | undefined {
  const name = memberName(callee);
  // A method of this file is declared here under its name: without one, neither the checker nor the classes below can find it.
  if (!name || !mayBeDeclaredHere(name, context)) return undefined;
  const services = getTypeServices(context);
  if (services) {
    const target = resolveCallTarget(call, context);
    const declaration = target?.declaration;
    if (declaration && declaration.getSourceFile().fileName === services.program.getSourceFile(context.filename)?.fileName) {
      const estree = services.tsNodeToESTreeNodeMap.get(declaration as ts.Node);
      if (estree?.type === AST_NODE_TYPES.MethodDefinition && isFunctionLike(estree.value)) return estree.value;
      if (estree && isFunctionLike(estree)) return estree;
    }
  }
  // `new App().start()`, or `const app = new App(); app.start()`.
  const object = unwrapExpression(callee.object);
  let classRef: TSESTree.Identifier | undefined;
  if (object.type === AST_NODE_TYPES.NewExpression && object.callee.type === AST_NODE_TYPES.Identifier) classRef = object.callee;
  if (object.type === AST_NODE_TYPES.Identifier) {
    const definition = findVariable(object, context)?.defs[0];
    const init = definition?.type === 'Variable' ? definition.node.init : undefined;
    const inner = init ? unwrapExpression(init) : undefined;
    if (inner?.type === AST_NODE_TYPES.NewExpression && inner.callee.type === AST_NODE_TYPES.Identifier) classRef = inner.callee;
  }
  const classNode = classRef && sameFileClassOf(classRef, context);
  const member = classNode?.body.body.find(
    (element): element is TSESTree.MethodDefinition =>
      element.type === AST_NODE_TYPES.MethodDefinition && !element.computed && element.key.type === AST_NODE_TYPES.Identifier && element.key.name === name,
  );
  return member && isFunctionLike(member.value) ? member.value : undefined;
}

const declaredHereCache = new WeakMap<TSESTree.Program, Map<string, boolean>>();

/**
 * Whether a method called as `x.name()` could be declared in this file: the
 * name appears somewhere not right after a `.` (`name() {`, `name: () =>`,
 * `function name(`, `['name']`). A call site always follows a `.`.
 */
function mayBeDeclaredHere(name: string, context: Context): boolean {
  const program = context.sourceCode.ast;
  let known = declaredHereCache.get(program);
  if (!known) {
    known = new Map();
    declaredHereCache.set(program, known);
  }
  let declared = known.get(name);
  if (declared === undefined) {
    const text = context.sourceCode.text;
    declared = false;
    for (let index = text.indexOf(name); index !== -1; index = text.indexOf(name, index + 1)) {
      if (text[index - 1] !== '.') {
        declared = true;
        break;
      }
    }
    known.set(name, declared);
  }
  return declared;
}

function sameFileClassOf(identifier: TSESTree.Identifier, context: Context): TSESTree.ClassDeclaration | TSESTree.ClassExpression | undefined {
  const definition = findVariable(identifier, context)?.defs[0];
  if (definition?.type === 'ClassName') return definition.node;
  return undefined;
}

function constructorOf(classNode: TSESTree.ClassDeclaration | TSESTree.ClassExpression | undefined): FunctionLike | undefined {
  const ctor = classNode?.body.body.find(
    (element): element is TSESTree.MethodDefinition => element.type === AST_NODE_TYPES.MethodDefinition && element.kind === 'constructor',
  );
  return ctor && isFunctionLike(ctor.value) ? ctor.value : undefined;
}

// ---------------------------------------------------------------------------
// With types: starts and signal handling in imported project functions

export interface ImportedReach {
  /** `runWarehouseConsumer()`: the call as written here. */
  readonly text: string;
  /** `runWarehouseConsumer() → NATS JetStream consumer (warehouse-consumer.ts:10)`. */
  readonly chain: string;
  readonly kind: StartKind;
  readonly label: string;
}

interface StartLeaf {
  /** The starting call as written there: `consumer.consume()`. */
  readonly label: string;
  /** What it starts: `NATS JetStream consumer`. */
  readonly start: string;
  readonly kind: StartKind;
}

const startSummaryKind: SummaryKind<StartLeaf> = {
  id: 'lifecycle-start',
  leafOf: (call, checker) => tsStartOf(call, checker),
};

const signalSummaryKind: SummaryKind = {
  id: 'lifecycle-signal-handling',
  leafOf: (call, checker) => (tsSignalHandlingOf(call, checker) ? { label: 'signal handling' } : undefined),
};

/** How deep imported project functions are followed. */
const IMPORTED_DEPTH = 3;

/**
 * With type information, what a call at load starts through the project's
 * own functions in other files (`await runWarehouseConsumer(js, …)` reaching
 * `consumer.consume()` in warehouse-consumer.ts). Without types, undefined.
 */
export function importedStartOf(call: TSESTree.CallExpression, context: Context): ImportedReach | undefined {
  const reach = importedSummary(call, context, startSummaryKind);
  if (!reach) return undefined;
  return { text: reach.text, chain: formatChain(reach.summary.chain), kind: reach.summary.leaf.kind, label: reach.summary.leaf.start };
}

/** With type information, whether a call reaches SIGTERM/SIGINT handling in another file (`registerGracefulShutdown(app)`). */
export function reachesSignalHandling(call: TSESTree.CallExpression, context: Context): boolean {
  return importedSummary(call, context, signalSummaryKind) !== undefined;
}

function importedSummary<Leaf extends { label: string }>(call: TSESTree.CallExpression, context: Context, kind: SummaryKind<Leaf>) {
  const services = getTypeServices(context);
  if (!services) return undefined;
  const callee = unwrapExpression(call.callee);
  const root = callee.type === AST_NODE_TYPES.MemberExpression ? rootIdentifierNode(callee.object) : callee.type === AST_NODE_TYPES.Identifier ? callee : undefined;
  if (!root || BUILTIN_OBJECTS.has(root.name) || BUILTIN_FUNCTIONS.has(root.name)) return undefined;
  if (callee.type === AST_NODE_TYPES.Identifier && sameFileFunctionOf(callee, context)) return undefined;
  // The declaration other rules already resolved (cached): one in a package or a `.d.ts` has no project body to follow.
  if (call.callee.type === AST_NODE_TYPES.Identifier || (call.callee.type === AST_NODE_TYPES.MemberExpression && !call.callee.computed)) {
    const declaration = resolveCallTarget(call, context)?.declaration;
    const checker = services.program.getTypeChecker();
    const fn = declaration && safely(() => implementationOf(declaration, checker));
    if (declaration && !(fn && isProjectFunction(services.program, fn))) return undefined;
  }
  const tsCall = services.esTreeNodeToTSNodeMap.get(call);
  if (!ts.isCallExpression(tsCall)) return undefined;
  const implementation = safely(() => calleeImplementation(services.program, tsCall));
  if (!implementation || implementation.getSourceFile() === tsCall.getSourceFile()) return undefined;
  const summary = safely(() => summarizeCall(services.program, tsCall, kind, { maxDepth: IMPORTED_DEPTH }));
  return summary ? { summary, text: callText(call, context) } : undefined;
}

function tsStartOf(call: SummaryCall, checker: ts.TypeChecker): StartLeaf | undefined {
  if (ts.isTaggedTemplateExpression(call)) return undefined;
  const target = resolveTsCallTarget(call, checker);
  if (target?.via !== 'types') return undefined;
  const origin = target.origin;
  if (!origin || !('packageName' in origin)) return undefined;
  if (ts.isNewExpression(call) && target.member === SQS_RECEIVE && origin.packageName === '@aws-sdk/client-sqs') {
    return insideTsLoop(call) ? { label: 'new ReceiveMessageCommand() in a loop', start: 'SQS polling loop', kind: 'consumer' } : undefined;
  }
  const spec = specFor(target, ts.isNewExpression(call), undefined);
  return spec && { label: tsCallText(call), start: spec.label, kind: spec.kind };
}

function tsCallText(call: ts.CallExpression | ts.NewExpression): string {
  const callee = safely(() => call.expression.getText().replace(/\s+/g, '')) ?? 'call';
  const short = callee.length > 40 ? `…${callee.slice(-38)}` : callee;
  return ts.isNewExpression(call) ? `new ${short}()` : `${short}()`;
}

function insideTsLoop(node: ts.Node): boolean {
  for (let current = node.parent; current && !ts.isFunctionLike(current); current = current.parent) {
    if (ts.isWhileStatement(current) || ts.isDoStatement(current) || ts.isForStatement(current)) return true;
  }
  return false;
}

function tsSignalHandlingOf(call: SummaryCall, checker: ts.TypeChecker): boolean {
  if (!ts.isCallExpression(call)) return false;
  const callee = call.expression;
  if (ts.isPropertyAccessExpression(callee)) {
    const member = callee.name.text;
    if (member === 'enableShutdownHooks') return true;
    if (SIGNAL_METHODS.has(member) && ts.isIdentifier(callee.expression) && callee.expression.text === 'process') {
      const signal = call.arguments[0];
      return signal !== undefined && (!ts.isStringLiteralLike(signal) || SHUTDOWN_SIGNALS.has(signal.text));
    }
  }
  const target = safely(() => resolveTsCallTarget(call, checker));
  const origin = target?.origin;
  return origin !== undefined && 'packageName' in origin && SIGNAL_LIBRARIES.includes(origin.packageName);
}

// ---------------------------------------------------------------------------
// Small AST helpers

/** A function declared in this file under a name: `function main()`, `const shutdown = async () => …`. */
export function sameFileFunctionOf(identifier: TSESTree.Identifier, context: Context): FunctionLike | undefined {
  const definition = findVariable(identifier, context)?.defs[0];
  if (!definition) return undefined;
  if (definition.type === 'FunctionName' && isFunctionLike(definition.node)) return definition.node;
  if (definition.type === 'Variable' && definition.node.init && (definition.parent.kind === 'const' || definition.parent.kind === 'let')) {
    const init = unwrapExpression(definition.node.init);
    return isFunctionLike(init) ? init : undefined;
  }
  return undefined;
}

function findVariable(identifier: TSESTree.Identifier, context: Context): TSESLint.Scope.Variable | undefined {
  return ASTUtils.findVariable(context.sourceCode.getScope(identifier), identifier.name) ?? undefined;
}

function rootIdentifierNode(node: TSESTree.Node): TSESTree.Identifier | undefined {
  let current: TSESTree.Node = node;
  for (;;) {
    if (current.type === AST_NODE_TYPES.MemberExpression) current = current.object;
    else if (current.type === AST_NODE_TYPES.TSNonNullExpression || current.type === AST_NODE_TYPES.TSAsExpression) current = current.expression;
    else if (current.type === AST_NODE_TYPES.ChainExpression) current = current.expression;
    else break;
  }
  return current.type === AST_NODE_TYPES.Identifier ? current : undefined;
}

function rootIdentifier(node: TSESTree.Node): string | undefined {
  return rootIdentifierNode(node)?.name;
}

function terminalName(node: TSESTree.Node): string | undefined {
  if (node.type === AST_NODE_TYPES.Identifier) return node.name;
  if (node.type === AST_NODE_TYPES.MemberExpression) {
    return node.property.type === AST_NODE_TYPES.PrivateIdentifier ? node.property.name : memberName(node);
  }
  return undefined;
}

function propertyKey(property: TSESTree.Property): string | undefined {
  if (property.computed) return undefined;
  if (property.key.type === AST_NODE_TYPES.Identifier) return property.key.name;
  return property.key.type === AST_NODE_TYPES.Literal ? String(property.key.value) : undefined;
}

function staticString(node: TSESTree.Node): string | undefined {
  if (node.type === AST_NODE_TYPES.Literal && typeof node.value === 'string') return node.value;
  if (node.type === AST_NODE_TYPES.TemplateLiteral && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

function isWithin(node: TSESTree.Node, ancestor: TSESTree.Node): boolean {
  for (let current: TSESTree.Node | undefined = node; current; current = current.parent) if (current === ancestor) return true;
  return false;
}

/** The child nodes of a node, in source order. */
function childNodes(node: TSESTree.Node, context: Context): TSESTree.Node[] {
  const children: TSESTree.Node[] = [];
  for (const key of context.sourceCode.visitorKeys[node.type] ?? []) {
    const child = (node as unknown as Record<string, unknown>)[key];
    for (const item of Array.isArray(child) ? child : [child]) if (isNode(item)) children.push(item);
  }
  return children.sort((a, b) => a.range[0] - b.range[0]);
}

/** Pre-order walk over the parser's visitor keys (children in no particular order); `visit` returns false to skip a node's children. */
function walkByKeys(root: TSESTree.Node, keys: TSESLint.SourceCode.VisitorKeys, visit: (node: TSESTree.Node) => boolean): void {
  const stack: TSESTree.Node[] = [root];
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (!visit(node)) continue;
    for (const key of keys[node.type] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(child)) {
        for (const item of child) if (isNode(item)) stack.push(item);
      } else if (isNode(child)) {
        stack.push(child);
      }
    }
  }
}

/** Pre-order walk; `visit` returns false to skip a node's children. */
function walk(root: TSESTree.Node, visit: (node: TSESTree.Node) => boolean): void {
  const stack: TSESTree.Node[] = [root];
  for (let node = stack.pop(); node; node = stack.pop()) {
    if (!visit(node)) continue;
    const children: TSESTree.Node[] = [];
    for (const key of Object.keys(node)) {
      if (key === 'parent' || key === 'tokens' || key === 'comments') continue;
      const child = (node as unknown as Record<string, unknown>)[key];
      for (const item of Array.isArray(child) ? child : [child]) if (isNode(item)) children.push(item);
    }
    for (let index = children.length - 1; index >= 0; index--) stack.push(children[index] as TSESTree.Node);
  }
}
