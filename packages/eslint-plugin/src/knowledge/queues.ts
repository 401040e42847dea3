import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import {
  calleeName,
  importBindingOf,
  matchesSetting,
  memberName,
  resolveCallTarget,
  unwrapExpression,
  type CallTarget,
  type ModuleOrigin,
} from './origin.js';
import { getPitfallsSettings } from './settings.js';
import { propertyKey } from '../util/ast.js';

/**
 * Which calls put work on a queue or publish a message, what they carry and
 * whether they say how the queue should drop a duplicate: BullMQ, Bull,
 * Agenda, pg-boss, NATS (core and JetStream), amqplib, kafkajs, SQS (AWS SDK
 * v3 and v2), Inngest, and the calls `settings.pitfalls.enqueues` names.
 */

export type QueueLibrary = 'bullmq' | 'bull' | 'agenda' | 'pg-boss' | 'nats' | 'amqplib' | 'kafkajs' | 'sqs' | 'inngest' | 'custom';

/**
 * Whether the call carries the option that lets the queue or broker drop a
 * second copy: `present`; `missing` (visibly not passed); `unknown` (the
 * options come from a variable, a spread or somewhere the rule cannot see, or
 * the dedup may be configured on the queue); `not-applicable` (the broker has
 * no such option, as for core NATS, RabbitMQ, Kafka and SQS standard queues,
 * or the call registers a recurring job, whose scheduler id is its key).
 */
export type DedupState = 'present' | 'missing' | 'unknown' | 'not-applicable';

export interface Enqueue {
  readonly library: QueueLibrary;
  /** The API, as the library names it: `Queue#add`, `JetStreamClient#publish`, `SendMessageCommand`. */
  readonly method: string;
  /** A job run by a worker, or a message/event delivered to consumers. */
  readonly kind: 'job' | 'message';
  /**
   * The call to report: `queue.add(…)`, `js.publish(…)`, `client.send(new SendMessageCommand(…))`,
   * or a `new SendMessageCommand(…)` sent elsewhere.
   */
  readonly node: TSESTree.CallExpression | TSESTree.NewExpression;
  /**
   * The data each job or message carries, with serialisation stripped
   * (`JSON.stringify(x)`, `Buffer.from(…)`, `codec.encode(x)` give `x`): one
   * node for `add`, one per visible item for `addBulk`, `insert`, Kafka
   * `messages` and SQS batches, the template's `data` for a job scheduler.
   * Empty when nothing is visible.
   */
  readonly payloads: readonly TSESTree.Node[];
  /** The options argument or property that carries (or would carry) the dedup option. */
  readonly options?: TSESTree.Node;
  /**
   * The call registers a recurring job (BullMQ/Bull `repeat`, `upsertJobScheduler`,
   * Agenda `every`/`repeatEvery`, pg-boss `schedule`): its payloads are the
   * template every run gets, and `dedup` is `not-applicable`.
   */
  readonly recurring: boolean;
  readonly dedup: DedupState;
  /** The option that deduplicates for this library: `jobId`, `msgID`, `singletonKey`, `MessageDeduplicationId`... */
  readonly dedupOption: string;
}

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;
type Enqueueing = TSESTree.CallExpression | TSESTree.NewExpression;

const PACKAGES: Readonly<Record<Exclude<QueueLibrary, 'custom'>, readonly string[]>> = {
  bullmq: ['bullmq', '@taskforcesh/bullmq-pro', '@nestjs/bullmq'],
  bull: ['bull', '@nestjs/bull'],
  agenda: ['agenda', '@hokify/agenda'],
  'pg-boss': ['pg-boss'],
  nats: ['nats', '@nats-io/jetstream', '@nats-io/nats-core', '@nats-io/transport-node'],
  amqplib: ['amqplib', 'amqp-connection-manager'],
  kafkajs: ['kafkajs'],
  sqs: ['@aws-sdk/client-sqs', 'aws-sdk'],
  inngest: ['inngest'],
};

/**
 * Members that enqueue or publish in some library, with the fewest arguments
 * such a call takes: the cheap filter before any resolution. (`create` needs a
 * name and data, which keeps `prisma.user.create({ data })` out.)
 */
const ENQUEUE_MEMBERS: ReadonlyMap<string, number> = new Map([
  ['add', 1],
  ['addBulk', 1],
  ['upsertJobScheduler', 2],
  ['now', 1],
  ['schedule', 2],
  ['every', 2],
  ['create', 2],
  ['nowDebounced', 2],
  ['send', 1],
  ['sendAfter', 2],
  ['sendThrottled', 2],
  ['sendDebounced', 2],
  ['insert', 1],
  ['publish', 1],
  ['sendToQueue', 2],
  ['sendBatch', 1],
  ['sendMessage', 1],
  ['sendMessageBatch', 1],
]);

const SQS_COMMANDS = new Set(['SendMessageCommand', 'SendMessageBatchCommand']);

/**
 * Whether a call or `new` could enqueue at all, judged by its name only: rules
 * ask this before anything that needs the type checker.
 */
export function mayEnqueue(node: Enqueueing, context: Context): boolean {
  if (node.arguments.length === 0) return false;
  const name = calleeName(node.callee);
  if (!name) return false;
  if (node.type === AST_NODE_TYPES.NewExpression) return SQS_COMMANDS.has(name);
  const fewest = ENQUEUE_MEMBERS.get(name);
  if (fewest !== undefined && node.arguments.length >= fewest) return true;
  return getPitfallsSettings(context).enqueues.some((matcher) => matcher.member === name);
}

const enqueueCache = new WeakMap<Enqueueing, Enqueue | null>();

/**
 * The job or message a call enqueues, or undefined when it enqueues none.
 * The call is recognised by the declaration it resolves to (with types), or
 * by this file's imports and the receiver's binding: `new Queue()` from
 * bullmq, `nc.jetstream()` from nats, a parameter typed `Queue`, a NestJS
 * `@InjectQueue()` property. A method of the same name on anything else is
 * not an enqueue.
 */
export function enqueueCallOf(node: Enqueueing, context: Context): Enqueue | undefined {
  const cached = enqueueCache.get(node);
  if (cached !== undefined) return cached ?? undefined;
  const found = mayEnqueue(node, context) ? findEnqueue(node, context) : undefined;
  enqueueCache.set(node, found ?? null);
  return found;
}

function findEnqueue(node: Enqueueing, context: Context): Enqueue | undefined {
  if (node.arguments.some((argument) => argument.type === AST_NODE_TYPES.SpreadElement)) return undefined;
  if (node.type === AST_NODE_TYPES.NewExpression) {
    // `client.send(new SendMessageCommand(…))` is reported on the send call.
    return isSentDirectly(node) ? undefined : sqsCommandOf(node, node, context);
  }
  const [first] = node.arguments;
  if (calleeName(node.callee) === 'send' && first && unwrapExpression(first as TSESTree.Expression).type === AST_NODE_TYPES.NewExpression) {
    const command = unwrapExpression(first as TSESTree.Expression) as TSESTree.NewExpression;
    const sent = sqsCommandOf(command, node, context);
    if (sent) return sent;
  }
  const target = resolveCallTarget(node, context);
  if (!target) return undefined;
  const custom = customEnqueueOf(node, target, context);
  if (custom) return custom;
  const receiver = receiverOf(node);
  const library = libraryOf(target, receiver, context);
  if (!library) return undefined;
  switch (library.name) {
    case 'bullmq':
    case 'bull':
      return bullEnqueueOf(node, target.member, library, context);
    case 'agenda':
      return agendaEnqueueOf(node, target.member);
    case 'pg-boss':
      return pgBossEnqueueOf(node, target.member, context);
    case 'nats':
      return natsPublishOf(node, target, library, receiver, context);
    case 'amqplib':
      return amqpPublishOf(node, target.member);
    case 'kafkajs':
      return kafkaSendOf(node, target.member, context);
    case 'sqs':
      return sqsSendMessageOf(node, target, context);
    case 'inngest':
      return inngestSendOf(node, target.member, context);
  }
}

// ---------------------------------------------------------------------------
// Which library a call belongs to

interface LibraryMatch {
  readonly name: Exclude<QueueLibrary, 'custom'>;
  /** The class or interface that declares the member (`Queue`, `FlowProducer`, `JetStreamClient`), when known. */
  readonly owner?: string;
  readonly packageName: string;
}

function libraryOfPackage(packageName: string, owner: string | undefined): LibraryMatch | undefined {
  for (const [name, packages] of Object.entries(PACKAGES)) {
    if (packages.includes(packageName)) {
      return { name: name as LibraryMatch['name'], packageName, ...(owner ? { owner } : {}) };
    }
  }
  return undefined;
}

/**
 * With types, the package that declares the called member. Without, the
 * package this file imports the receiver from, or the one its annotation or
 * NestJS injection names. A call resolved to a project file (a wrapper) is
 * not judged: the wrapper may set the options itself.
 */
function libraryOf(target: CallTarget, receiver: TSESTree.Expression | undefined, context: Context): LibraryMatch | undefined {
  if (target.origin) {
    return 'packageName' in target.origin ? libraryOfPackage(target.origin.packageName, target.owner) : undefined;
  }
  if (target.via !== 'none' || !receiver) return undefined;
  const declared = receiverType(receiver, context);
  return declared && 'packageName' in declared.origin ? libraryOfPackage(declared.origin.packageName, declared.name) : undefined;
}

function receiverOf(node: TSESTree.CallExpression): TSESTree.Expression | undefined {
  const callee = unwrapExpression(node.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression ? unwrapExpression(callee.object) : undefined;
}

/** NestJS queue injection decorators and the library their queues come from. */
const QUEUE_INJECTORS: Readonly<Record<string, string>> = { '@nestjs/bullmq': 'bullmq', '@nestjs/bull': 'bull' };

/**
 * The type a receiver is declared with in this file, for the untyped path:
 * `queue: Queue` (a parameter, variable or class property, also through
 * `this.queue`), or `@InjectQueue('mail') private queue` from `@nestjs/bullmq`.
 */
function receiverType(receiver: TSESTree.Expression, context: Context): { name?: string; origin: ModuleOrigin } | undefined {
  if (receiver.type === AST_NODE_TYPES.Identifier) {
    const definition = ASTUtils.findVariable(context.sourceCode.getScope(receiver), receiver.name)?.defs[0];
    if (definition?.type === 'Parameter') {
      const param = definition.name;
      const holder = param.parent;
      if (param.type === AST_NODE_TYPES.Identifier) {
        const injected = holder?.type === AST_NODE_TYPES.TSParameterProperty ? injectedQueue(holder.decorators, context) : undefined;
        return annotatedType(param.typeAnnotation, context) ?? injected;
      }
    }
    if (definition?.type === 'Variable' && definition.node.id.type === AST_NODE_TYPES.Identifier) {
      const init = definition.node.init;
      return annotatedType(definition.node.id.typeAnnotation, context) ?? (init ? chainRootImport(init, context, 0) : undefined);
    }
    return undefined;
  }
  if (receiver.type !== AST_NODE_TYPES.MemberExpression || unwrapExpression(receiver.object).type !== AST_NODE_TYPES.ThisExpression) return undefined;
  const name = memberName(receiver);
  let body: TSESTree.Node | undefined = receiver.parent;
  while (body && body.type !== AST_NODE_TYPES.ClassBody) body = body.parent;
  if (!name || !body) return undefined;
  for (const element of body.body) {
    const isProperty = element.type === AST_NODE_TYPES.PropertyDefinition && !element.computed;
    if (isProperty && element.key.type === AST_NODE_TYPES.Identifier && element.key.name === name) {
      return annotatedType(element.typeAnnotation, context) ?? injectedQueue(element.decorators, context) ?? constructedType(element.value, context);
    }
    if (element.type === AST_NODE_TYPES.MethodDefinition && element.kind === 'constructor') {
      for (const param of element.value.params) {
        if (param.type !== AST_NODE_TYPES.TSParameterProperty) continue;
        const id = param.parameter.type === AST_NODE_TYPES.AssignmentPattern ? param.parameter.left : param.parameter;
        if (id.type === AST_NODE_TYPES.Identifier && id.name === name) {
          return annotatedType(id.typeAnnotation, context) ?? injectedQueue(param.decorators, context);
        }
      }
    }
  }
  return undefined;
}

/**
 * The package at the root of a builder chain: `kafkajs` for
 * `new Kafka(config).producer()`, `amqplib` for
 * `await (await amqp.connect(url)).createChannel()`, following local `const`s.
 */
function chainRootImport(init: TSESTree.Expression, context: Context, depth: number): { origin: ModuleOrigin } | undefined {
  let current = unwrapExpression(init);
  for (let steps = 0; steps < 10; steps++) {
    if (current.type === AST_NODE_TYPES.AwaitExpression) current = unwrapExpression(current.argument);
    else if (current.type === AST_NODE_TYPES.CallExpression || current.type === AST_NODE_TYPES.NewExpression) current = unwrapExpression(current.callee);
    else if (current.type === AST_NODE_TYPES.MemberExpression) current = unwrapExpression(current.object);
    else break;
  }
  if (current.type !== AST_NODE_TYPES.Identifier) return undefined;
  const binding = importBindingOf(current, context);
  if (binding) return 'packageName' in binding.origin ? { origin: binding.origin } : undefined;
  const definition = ASTUtils.findVariable(context.sourceCode.getScope(current), current.name)?.defs[0];
  if (depth >= 3 || definition?.type !== 'Variable' || definition.parent.kind !== 'const' || !definition.node.init) return undefined;
  return chainRootImport(definition.node.init, context, depth + 1);
}

/** `Queue` in `queue: Queue<Data>` or `Bull.Queue`, with the module it is imported from. */
function annotatedType(annotation: TSESTree.TSTypeAnnotation | undefined, context: Context): { name: string; origin: ModuleOrigin } | undefined {
  const type = annotation?.typeAnnotation;
  if (type?.type !== AST_NODE_TYPES.TSTypeReference) return undefined;
  const typeName = type.typeName;
  if (typeName.type === AST_NODE_TYPES.Identifier) {
    const binding = importBindingOf(typeName, context);
    if (!binding) return undefined;
    return { name: binding.imported === 'default' || binding.imported === '*' ? typeName.name : binding.imported, origin: binding.origin };
  }
  if (typeName.type === AST_NODE_TYPES.TSQualifiedName && typeName.left.type === AST_NODE_TYPES.Identifier) {
    const binding = importBindingOf(typeName.left, context);
    return binding ? { name: typeName.right.name, origin: binding.origin } : undefined;
  }
  return undefined;
}

function injectedQueue(decorators: readonly TSESTree.Decorator[] | undefined, context: Context): { origin: ModuleOrigin } | undefined {
  for (const decorator of decorators ?? []) {
    const expression = unwrapExpression(decorator.expression);
    const callee = expression.type === AST_NODE_TYPES.CallExpression ? unwrapExpression(expression.callee) : expression;
    if (callee.type !== AST_NODE_TYPES.Identifier || callee.name !== 'InjectQueue') continue;
    const binding = importBindingOf(callee, context);
    const library = binding && 'packageName' in binding.origin ? QUEUE_INJECTORS[binding.origin.packageName] : undefined;
    if (library) return { origin: { packageName: library } };
  }
  return undefined;
}

/** `private queue = new Queue('mail')`. */
function constructedType(value: TSESTree.Expression | null, context: Context): { name: string; origin: ModuleOrigin } | undefined {
  const init = value ? unwrapExpression(value) : undefined;
  if (init?.type !== AST_NODE_TYPES.NewExpression || init.callee.type !== AST_NODE_TYPES.Identifier) return undefined;
  const binding = importBindingOf(init.callee, context);
  return binding ? { name: binding.imported === 'default' ? init.callee.name : binding.imported, origin: binding.origin } : undefined;
}

// ---------------------------------------------------------------------------
// settings.pitfalls.enqueues: an in-house queue; `argument` is the payload

function customEnqueueOf(node: TSESTree.CallExpression, target: CallTarget, context: Context): Enqueue | undefined {
  const matcher = getPitfallsSettings(context).enqueues.find((candidate) => matchesSetting(target, candidate));
  if (!matcher) return undefined;
  const payload = node.arguments[matcher.argument];
  return {
    library: 'custom',
    method: matcher.source,
    kind: 'job',
    node,
    payloads: payload ? [payloadValue(payload)] : [],
    recurring: false,
    // What the wrapper does with duplicates is its own business.
    dedup: 'unknown',
    dedupOption: 'jobId',
  };
}

// ---------------------------------------------------------------------------
// BullMQ: queue.add(name, data, opts), addBulk([{ name, data, opts }]),
// upsertJobScheduler(id, repeat, { name, data, opts }), flowProducer.add({ name, queueName, data, opts, children })
// Bull: queue.add([name,] data, opts), addBulk([{ name, data, opts }])

const BULL_DEDUP_KEYS = ['jobId', 'deduplication', 'debounce'];

function bullEnqueueOf(node: TSESTree.CallExpression, member: string, library: LibraryMatch, context: Context): Enqueue | undefined {
  const name: 'bull' | 'bullmq' = library.name === 'bull' ? 'bull' : 'bullmq';
  const base = { library: name, kind: 'job' as const, node, dedupOption: 'jobId' };
  const args = node.arguments;
  if (member === 'add' && (library.owner === 'FlowProducer' || isFlow(args))) {
    const flow = objectLiteralOf(args[0], context);
    const options = flow && propertyValue(flow, 'opts');
    return {
      ...base,
      method: 'FlowProducer#add',
      payloads: flow ? flowPayloads(flow, context, 0) : [],
      ...(options ? { options } : {}),
      recurring: false,
      dedup: flow ? dedupInOptions(options, BULL_DEDUP_KEYS, context) : 'unknown',
    };
  }
  if (member === 'add') {
    const positions = bullAddPositions(args, name, context);
    if (!positions) return undefined;
    const data = positions.data === undefined ? undefined : args[positions.data];
    const options = positions.options === undefined ? undefined : args[positions.options];
    const recurring = hasVisibleKey(options, ['repeat'], context);
    return {
      ...base,
      method: 'Queue#add',
      payloads: data ? [payloadValue(data)] : [],
      ...(options ? { options } : {}),
      recurring,
      dedup: recurring ? 'not-applicable' : positions.data === undefined ? 'unknown' : dedupInOptions(options, BULL_DEDUP_KEYS, context),
    };
  }
  if (member === 'addBulk') {
    const jobs = bulkItems(args[0], context);
    return {
      ...base,
      method: 'Queue#addBulk',
      payloads: jobs?.flatMap((job) => visibleProperty(job, 'data')) ?? [],
      recurring: false,
      dedup: jobs ? combinedDedup(jobs.map((job) => itemDedup(job, 'opts', BULL_DEDUP_KEYS, context))) : 'unknown',
    };
  }
  if (member === 'upsertJobScheduler' && name === 'bullmq' && args.length >= 2) {
    const template = objectLiteralOf(args[2], context);
    return {
      ...base,
      method: 'Queue#upsertJobScheduler',
      payloads: template ? visibleProperty(template, 'data') : [],
      options: args[1]!,
      recurring: true,
      dedup: 'not-applicable',
    };
  }
  return undefined;
}

/** `flowProducer.add({ name, queueName, data, children })`: a flow has a `queueName`. */
function isFlow(args: readonly TSESTree.CallExpressionArgument[]): boolean {
  const [first] = args;
  if (args.length > 2 || !first) return false;
  const value = unwrapExpression(first as TSESTree.Expression);
  return value.type === AST_NODE_TYPES.ObjectExpression && findProperty(value, ['queueName']) !== undefined;
}

function flowPayloads(flow: TSESTree.ObjectExpression, context: Context, depth: number): TSESTree.Node[] {
  if (depth > 4) return [];
  const payloads = visibleProperty(flow, 'data');
  const children = propertyValue(flow, 'children');
  for (const child of (children && bulkItems(children, context)) ?? []) payloads.push(...flowPayloads(child, context, depth + 1));
  return payloads;
}

/**
 * Which arguments of an `add` call are the data and the options. BullMQ is
 * `add(name, data, opts)`. Bull also takes `add(data, opts)`: a first argument
 * that is a string names the job; an object is the data. Undefined data when
 * the form cannot be told apart (`add(a, b)` with two unknown values).
 */
function bullAddPositions(
  args: readonly TSESTree.CallExpressionArgument[],
  library: 'bullmq' | 'bull',
  context: Context,
): { data?: number; options?: number } | undefined {
  if (library === 'bullmq') return args.length >= 2 ? { data: 1, ...(args[2] ? { options: 2 } : {}) } : undefined;
  const [first] = args;
  if (!first) return undefined;
  if (args.length >= 3 || isStringValued(first, context)) return { data: 1, ...(args[2] ? { options: 2 } : {}) };
  const firstValue = unwrapExpression(first as TSESTree.Expression);
  if (args.length === 1 || firstValue.type === AST_NODE_TYPES.ObjectExpression || firstValue.type === AST_NODE_TYPES.ArrayExpression) {
    return { data: 0, ...(args[1] ? { options: 1 } : {}) };
  }
  return { ...(args[1] ? { options: 1 } : {}) };
}

// ---------------------------------------------------------------------------
// Agenda: now(name, data), schedule(when, name, data), every(interval, name, data, opts),
// create(name, data)[.unique(…)][.repeatEvery(…)].save(), nowDebounced(name, data, uniqueKey, ms)

const AGENDA_PAYLOAD_INDEX: Readonly<Record<string, number>> = { now: 1, schedule: 2, every: 2, create: 1, nowDebounced: 1 };

function agendaEnqueueOf(node: TSESTree.CallExpression, member: string): Enqueue | undefined {
  const index = AGENDA_PAYLOAD_INDEX[member];
  if (index === undefined) return undefined;
  const data = node.arguments[index];
  const base = {
    library: 'agenda' as const,
    method: `Agenda#${member}`,
    kind: 'job' as const,
    node,
    payloads: data ? [payloadValue(data)] : [],
    dedupOption: 'unique',
  };
  if (member === 'every') return { ...base, recurring: true, dedup: 'not-applicable' };
  if (member === 'nowDebounced') return { ...base, recurring: false, dedup: 'present' };
  if (member !== 'create') return { ...base, recurring: false, dedup: 'missing' };
  // `agenda.create(name, data)` enqueues when the chain reaches `.save()`.
  const chain = chainedMembers(node);
  if (chain.includes('repeatEvery') || chain.includes('repeatAt')) return { ...base, recurring: true, dedup: 'not-applicable' };
  if (chain.includes('unique')) return { ...base, recurring: false, dedup: 'present' };
  return { ...base, recurring: false, dedup: chain.includes('save') ? 'missing' : 'unknown' };
}

/** `['unique', 'save']` for `create(…).unique(…).save()`. */
function chainedMembers(call: TSESTree.CallExpression): string[] {
  const members: string[] = [];
  let current: TSESTree.Node = call;
  for (let depth = 0; depth < 10; depth++) {
    const parent: TSESTree.Node | undefined = current.parent;
    if (parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== current) break;
    const name = memberName(parent);
    if (!name || parent.parent.type !== AST_NODE_TYPES.CallExpression) break;
    members.push(name);
    current = parent.parent;
  }
  return members;
}

// ---------------------------------------------------------------------------
// pg-boss: send(name, data, options) or send({ name, data, options }), sendAfter, sendThrottled,
// sendDebounced, insert([{ name, data, id, singletonKey }]), publish(event, data, options), schedule(name, cron, data, options)

/** `id` is the job's primary key; a singleton key or slot keeps one job per key (or per slot). */
const PG_BOSS_DEDUP_KEYS = ['singletonKey', 'id', 'singletonSeconds', 'singletonMinutes', 'singletonHours'];

function pgBossEnqueueOf(node: TSESTree.CallExpression, member: string, context: Context): Enqueue | undefined {
  const args = node.arguments;
  const enqueue = (data: TSESTree.Node | undefined, options: TSESTree.Node | undefined, fields: Pick<Enqueue, 'kind' | 'recurring' | 'dedup'>): Enqueue => ({
    library: 'pg-boss',
    method: `PgBoss#${member}`,
    node,
    payloads: data ? [payloadValue(data)] : [],
    ...(options ? { options } : {}),
    dedupOption: 'singletonKey',
    ...fields,
  });
  switch (member) {
    case 'send':
    case 'sendAfter':
    case 'publish': {
      const kind = member === 'publish' ? 'message' : 'job';
      // `send({ name, data, options })`
      const request = args.length === 1 ? objectLiteralOf(args[0], context) : undefined;
      if (!request && args.length === 1 && member === 'send') return undefined;
      const data = request ? propertyValue(request, 'data') : args[1];
      const options = request ? propertyValue(request, 'options') : args[2];
      return enqueue(data, options, { kind, recurring: false, dedup: dedupInOptions(options, PG_BOSS_DEDUP_KEYS, context) });
    }
    case 'sendThrottled':
    case 'sendDebounced':
      return enqueue(args[1], args[2], { kind: 'job', recurring: false, dedup: 'present' });
    case 'insert': {
      const jobs = bulkItems(args[0], context);
      return {
        ...enqueue(undefined, undefined, {
          kind: 'job',
          recurring: false,
          dedup: jobs ? combinedDedup(jobs.map((job) => dedupInOptions(job, PG_BOSS_DEDUP_KEYS, context))) : 'unknown',
        }),
        payloads: jobs?.flatMap((job) => visibleProperty(job, 'data')) ?? [],
      };
    }
    case 'schedule':
      return enqueue(args[2], args[3], { kind: 'job', recurring: true, dedup: 'not-applicable' });
    default:
      return undefined;
  }
}

// ---------------------------------------------------------------------------
// NATS: nc.publish(subject, payload, { reply, headers }) (core: no dedup), js.publish(subject, payload, { msgID })

function natsPublishOf(
  node: TSESTree.CallExpression,
  target: CallTarget,
  library: LibraryMatch,
  receiver: TSESTree.Expression | undefined,
  context: Context,
): Enqueue | undefined {
  if (target.member !== 'publish') return undefined;
  const [, payload, options] = node.arguments;
  const jetStream = isJetStream(target, library, receiver, context) || hasVisibleKey(options, ['msgID'], context);
  const base = {
    library: 'nats' as const,
    kind: 'message' as const,
    node,
    payloads: payload ? [payloadValue(payload)] : [],
    ...(options ? { options } : {}),
    recurring: false,
    dedupOption: 'msgID',
  };
  if (!jetStream) return { ...base, method: 'NatsConnection#publish', dedup: 'not-applicable' };
  const dedup = dedupInOptions(options, ['msgID'], context);
  // A `Nats-Msg-Id` header set on `headers` is the same id under its wire name.
  const viaHeaders = dedup === 'missing' && hasVisibleKey(options, ['headers'], context);
  return { ...base, method: 'JetStreamClient#publish', dedup: viaHeaders ? 'unknown' : dedup };
}

/**
 * A JetStream client: with types, `publish` is declared by `JetStreamClient`
 * (or the `@nats-io/jetstream` package); without, the receiver is named `js`
 * or `jetstream`, comes from `nc.jetstream()`/`jetstream(nc)`, or is typed
 * `JetStreamClient`.
 */
function isJetStream(target: CallTarget, library: LibraryMatch, receiver: TSESTree.Expression | undefined, context: Context): boolean {
  if (library.packageName === '@nats-io/jetstream') return true;
  // With types (or an annotation) the owner is the declaring interface; through an import it is only the factory (`connect`).
  if (target.via !== 'import' && /^JetStream/.test(library.owner ?? '')) return true;
  if (target.via === 'types') return false;
  if (!receiver) return false;
  const name =
    receiver.type === AST_NODE_TYPES.Identifier ? receiver.name : receiver.type === AST_NODE_TYPES.MemberExpression ? memberName(receiver) : undefined;
  if (name && /^js$|jetstream/i.test(name)) return true;
  if (receiver.type !== AST_NODE_TYPES.Identifier) return false;
  const definition = ASTUtils.findVariable(context.sourceCode.getScope(receiver), receiver.name)?.defs[0];
  if (definition?.type !== 'Variable' || !definition.node.init) return false;
  let init = unwrapExpression(definition.node.init);
  if (init.type === AST_NODE_TYPES.AwaitExpression) init = unwrapExpression(init.argument);
  return init.type === AST_NODE_TYPES.CallExpression && /^jetstream$/i.test(calleeName(init.callee) ?? '');
}

// ---------------------------------------------------------------------------
// amqplib: channel.publish(exchange, routingKey, content, options), channel.sendToQueue(queue, content, options).
// RabbitMQ keeps no record of message ids: a duplicate is the consumer's to drop.

function amqpPublishOf(node: TSESTree.CallExpression, member: string): Enqueue | undefined {
  const index = member === 'publish' ? 2 : member === 'sendToQueue' ? 1 : undefined;
  if (index === undefined) return undefined;
  const content = node.arguments[index];
  const options = node.arguments[index + 1];
  return {
    library: 'amqplib',
    method: `Channel#${member}`,
    kind: 'message',
    node,
    payloads: content ? [payloadValue(content)] : [],
    ...(options ? { options } : {}),
    recurring: false,
    dedup: 'not-applicable',
    dedupOption: 'messageId',
  };
}

// ---------------------------------------------------------------------------
// kafkajs: producer.send({ topic, messages: [{ key, value }] }), producer.sendBatch({ topicMessages: [{ topic, messages }] }).
// The idempotent producer deduplicates its own retries; nothing drops a second send.

function kafkaSendOf(node: TSESTree.CallExpression, member: string, context: Context): Enqueue | undefined {
  if (member !== 'send' && member !== 'sendBatch') return undefined;
  const record = objectLiteralOf(node.arguments[0], context);
  const batches = member === 'send' ? (record ? [record] : []) : (record && bulkItems(propertyValue(record, 'topicMessages'), context)) ?? [];
  const payloads = batches.flatMap((batch) => {
    const messages = bulkItems(propertyValue(batch, 'messages'), context) ?? [];
    return messages.flatMap((message) => visibleProperty(message, 'value'));
  });
  return {
    library: 'kafkajs',
    method: `Producer#${member}`,
    kind: 'message',
    node,
    payloads,
    recurring: false,
    dedup: 'not-applicable',
    dedupOption: 'key',
  };
}

// ---------------------------------------------------------------------------
// SQS: client.send(new SendMessageCommand({ QueueUrl, MessageBody, MessageGroupId, MessageDeduplicationId })),
// SendMessageBatchCommand({ QueueUrl, Entries }), v3 aggregated / v2 `sqs.sendMessage(params)`.

function sqsCommandOf(command: TSESTree.NewExpression, node: Enqueueing, context: Context): Enqueue | undefined {
  const target = resolveCallTarget(command, context);
  if (!target || !SQS_COMMANDS.has(target.member)) return undefined;
  if (!target.origin || !('packageName' in target.origin) || target.origin.packageName !== '@aws-sdk/client-sqs') return undefined;
  return sqsMessageOf(node, target.member === 'SendMessageCommand' ? 'single' : 'batch', target.member, command.arguments[0], context);
}

function sqsSendMessageOf(node: TSESTree.CallExpression, target: CallTarget, context: Context): Enqueue | undefined {
  const member = target.member;
  if (member !== 'sendMessage' && member !== 'sendMessageBatch') return undefined;
  // aws-sdk v2 has other services with a `sendMessage` (ConnectParticipant): with types, only SQS's counts.
  if (target.via === 'types' && target.owner !== undefined && target.owner !== 'SQS') return undefined;
  return sqsMessageOf(node, member === 'sendMessage' ? 'single' : 'batch', `SQS#${member}`, node.arguments[0], context);
}

/**
 * SQS deduplicates only on FIFO queues. A send with no `MessageGroupId` goes to
 * a standard queue (a FIFO queue refuses it): nothing to deduplicate. With a
 * group id the queue may be FIFO or a fair standard queue; only a `QueueUrl`
 * written as a `.fifo` literal settles it, and then a missing
 * `MessageDeduplicationId` leaves only content-based deduplication, which
 * misses any retry whose body differs by a timestamp or a generated id.
 */
function sqsMessageOf(
  node: Enqueueing,
  shape: 'single' | 'batch',
  method: string,
  paramsNode: TSESTree.CallExpressionArgument | undefined,
  context: Context,
): Enqueue {
  const params = objectLiteralOf(paramsNode, context);
  const base = {
    library: 'sqs' as const,
    method,
    kind: 'message' as const,
    node,
    ...(paramsNode ? { options: paramsNode } : {}),
    recurring: false,
    dedupOption: 'MessageDeduplicationId',
  };
  if (!params) return { ...base, payloads: [], dedup: 'unknown' };
  const entries = shape === 'single' ? [params] : bulkItems(propertyValue(params, 'Entries'), context);
  const payloads = entries?.flatMap((entry) => visibleProperty(entry, 'MessageBody')) ?? [];
  if (!entries) return { ...base, payloads, dedup: 'unknown' };
  const fifoUrl = /\.fifo$/.test(staticText(propertyValue(params, 'QueueUrl'), context) ?? '');
  const dedup = combinedDedup(
    entries.map((entry) => {
      const state = dedupInOptions(entry, ['MessageDeduplicationId'], context);
      if (state !== 'missing') return state;
      const group = dedupInOptions(entry, ['MessageGroupId'], context);
      if (group === 'missing') return fifoUrl ? 'missing' : 'not-applicable';
      return fifoUrl ? 'missing' : 'unknown';
    }),
  );
  return { ...base, payloads, dedup };
}

/** `client.send(new SendMessageCommand(…))`: the `new` is the send call's argument. */
function isSentDirectly(command: TSESTree.NewExpression): boolean {
  let current: TSESTree.Node = command;
  while (current.parent && isTypeWrapper(current.parent)) current = current.parent;
  const parent = current.parent;
  return parent?.type === AST_NODE_TYPES.CallExpression && parent.arguments[0] === current && calleeName(parent.callee) === 'send';
}

function isTypeWrapper(node: TSESTree.Node): boolean {
  return (
    node.type === AST_NODE_TYPES.TSAsExpression ||
    node.type === AST_NODE_TYPES.TSNonNullExpression ||
    node.type === AST_NODE_TYPES.TSSatisfiesExpression
  );
}

// ---------------------------------------------------------------------------
// Inngest: inngest.send({ name, data, id }) or send([...]). The function's own
// `idempotency` setting may deduplicate too, so a missing `id` is not known to be missing.

function inngestSendOf(node: TSESTree.CallExpression, member: string, context: Context): Enqueue | undefined {
  if (member !== 'send') return undefined;
  const single = objectLiteralOf(node.arguments[0], context);
  const events = single ? [single] : bulkItems(node.arguments[0], context);
  const dedup = events ? combinedDedup(events.map((event) => dedupInOptions(event, ['id'], context))) : 'unknown';
  return {
    library: 'inngest',
    method: 'Inngest#send',
    kind: 'message',
    node,
    payloads: events?.flatMap((event) => visibleProperty(event, 'data')) ?? [],
    recurring: false,
    dedup: dedup === 'missing' ? 'unknown' : dedup,
    dedupOption: 'id',
  };
}

// ---------------------------------------------------------------------------
// Reading options and payloads

/**
 * The object literal an expression stands for: itself, or the `const`/`let`
 * it names when that is initialised with an object literal in this file and
 * never reassigned or given properties afterwards (`opts.jobId = id`).
 */
export function objectLiteralOf(node: TSESTree.Node | undefined, context: Context): TSESTree.ObjectExpression | undefined {
  if (!node || node.type === AST_NODE_TYPES.SpreadElement || !isExpression(node)) return undefined;
  const value = unwrapExpression(node);
  if (value.type === AST_NODE_TYPES.ObjectExpression) return value;
  if (value.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = ASTUtils.findVariable(context.sourceCode.getScope(value), value.name);
  const definition = variable?.defs[0];
  if (variable?.defs.length !== 1 || definition?.type !== 'Variable') return undefined;
  if (definition.node.id.type !== AST_NODE_TYPES.Identifier || !definition.node.init) return undefined;
  const init = unwrapExpression(definition.node.init);
  if (init.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  const changed = variable.references.some((reference) => {
    if (reference.init) return false;
    if (reference.isWrite()) return true;
    const parent = reference.identifier.parent;
    // `opts.jobId = id`, `Object.assign(opts, extra)`
    if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === reference.identifier) {
      return parent.parent.type === AST_NODE_TYPES.AssignmentExpression && parent.parent.left === parent;
    }
    return parent?.type === AST_NODE_TYPES.CallExpression && parent.arguments[0] === reference.identifier && calleeName(parent.callee) === 'assign';
  });
  return changed ? undefined : init;
}

/**
 * Whether an options object (or the object literal a variable names) sets one
 * of `keys`: `present` for a key with a value; `missing` when the object is
 * visible and sets none (or no options are passed); `unknown` when a spread or
 * computed key might, or the options cannot be seen.
 */
function dedupInOptions(node: TSESTree.Node | undefined, keys: readonly string[], context: Context): DedupState {
  if (!node || isNullish(node)) return 'missing';
  const object = objectLiteralOf(node, context);
  if (!object) return 'unknown';
  const property = findProperty(object, keys);
  if (property && !isNullish(property.value)) return 'present';
  const opaque = object.properties.some((p) => p.type === AST_NODE_TYPES.SpreadElement || (p.computed && propertyKey(p) === undefined));
  return opaque ? 'unknown' : 'missing';
}

/** The dedup state of a bulk item's options property (`{ name, data, opts: { jobId } }`). */
function itemDedup(item: TSESTree.ObjectExpression, optionsKey: string, keys: readonly string[], context: Context): DedupState {
  const state = dedupInOptions(item, [optionsKey], context);
  if (state !== 'present') return state;
  return dedupInOptions(propertyValue(item, optionsKey), keys, context);
}

/** A bulk call is as deduplicated as its least deduplicated item. */
function combinedDedup(states: readonly DedupState[]): DedupState {
  for (const state of ['missing', 'unknown', 'present'] as const) if (states.includes(state)) return state;
  return 'not-applicable';
}

function hasVisibleKey(node: TSESTree.Node | undefined, keys: readonly string[], context: Context): boolean {
  const object = objectLiteralOf(node, context);
  return object !== undefined && findProperty(object, keys) !== undefined;
}

/**
 * The items of a bulk argument: the object literals of an array literal (or
 * of the `const` array it names), or the objects a `.map()` callback returns.
 * Undefined when the items cannot be seen.
 */
function bulkItems(node: TSESTree.Node | undefined, context: Context, depth = 0): TSESTree.ObjectExpression[] | undefined {
  if (!node || depth > 2 || !isExpression(node)) return undefined;
  const value = unwrapExpression(node);
  if (value.type === AST_NODE_TYPES.ArrayExpression) {
    const items: TSESTree.ObjectExpression[] = [];
    for (const element of value.elements) {
      const item = element ? objectLiteralOf(element, context) : undefined;
      if (!item) return undefined;
      items.push(item);
    }
    return items;
  }
  if (value.type === AST_NODE_TYPES.ConditionalExpression) {
    // `Array.isArray(input) ? input.map(toMessage) : [toMessage(input)]`: both branches, if both are visible.
    const consequent = bulkItems(value.consequent, context, depth + 1);
    const alternate = bulkItems(value.alternate, context, depth + 1);
    return consequent && alternate ? [...consequent, ...alternate] : undefined;
  }
  if (value.type === AST_NODE_TYPES.CallExpression && ['map', 'flatMap'].includes(calleeName(value.callee) ?? '')) {
    const callback = value.arguments[0];
    if (!callback || (callback.type !== AST_NODE_TYPES.ArrowFunctionExpression && callback.type !== AST_NODE_TYPES.FunctionExpression)) return undefined;
    const returned = returnedExpressions(callback);
    const items = returned.map((expression) => objectLiteralOf(expression, context));
    return returned.length > 0 && items.every((item) => item !== undefined) ? (items as TSESTree.ObjectExpression[]) : undefined;
  }
  if (value.type === AST_NODE_TYPES.Identifier) {
    const definition = ASTUtils.findVariable(context.sourceCode.getScope(value), value.name)?.defs[0];
    if (definition?.type === 'Variable' && definition.node.init && definition.parent.kind === 'const') {
      return bulkItems(definition.node.init, context, depth + 1);
    }
  }
  return undefined;
}

/** What a callback returns: its expression body, or the arguments of its own `return` statements. */
function returnedExpressions(fn: TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression): TSESTree.Expression[] {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return [fn.body];
  const found: TSESTree.Expression[] = [];
  const visit = (statement: TSESTree.Statement): void => {
    switch (statement.type) {
      case AST_NODE_TYPES.ReturnStatement:
        if (statement.argument) found.push(statement.argument);
        return;
      case AST_NODE_TYPES.BlockStatement:
        statement.body.forEach(visit);
        return;
      case AST_NODE_TYPES.IfStatement:
        visit(statement.consequent);
        if (statement.alternate) visit(statement.alternate);
        return;
      default:
        return;
    }
  };
  fn.body.body.forEach(visit);
  return found;
}

/** The value of `key` in an item, serialisation stripped, as a one-element list (empty when absent). */
function visibleProperty(object: TSESTree.ObjectExpression, key: string): TSESTree.Node[] {
  const value = propertyValue(object, key);
  return value ? [payloadValue(value)] : [];
}

/**
 * The data under a serialisation: `x` in `JSON.stringify(x)`,
 * `Buffer.from(JSON.stringify(x))`, `codec.encode(x)`, `sc.encode(JSON.stringify(x))`.
 */
export function payloadValue(node: TSESTree.Node): TSESTree.Node {
  let current: TSESTree.Node = node;
  for (let depth = 0; depth < 5; depth++) {
    if (!isExpression(current)) return current;
    const value = unwrapExpression(current);
    if (value.type !== AST_NODE_TYPES.CallExpression || value.arguments.length === 0) return value;
    const callee = unwrapExpression(value.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return value;
    const member = memberName(callee);
    const object = unwrapExpression(callee.object);
    const objectName = object.type === AST_NODE_TYPES.Identifier ? object.name : undefined;
    const serialises =
      (objectName === 'JSON' && member === 'stringify') ||
      (objectName === 'Buffer' && member === 'from') ||
      (member === 'encode' && value.arguments.length === 1);
    if (!serialises) return value;
    current = value.arguments[0]!;
  }
  return current;
}

function isExpression(node: TSESTree.Node): node is TSESTree.Expression {
  return node.type !== AST_NODE_TYPES.SpreadElement && node.type !== AST_NODE_TYPES.Property && node.type !== AST_NODE_TYPES.PrivateIdentifier;
}

function findProperty(object: TSESTree.ObjectExpression, keys: readonly string[]): TSESTree.Property | undefined {
  return object.properties.findLast(
    (property): property is TSESTree.Property => property.type === AST_NODE_TYPES.Property && keys.includes(propertyKey(property) ?? ''),
  );
}

function propertyValue(object: TSESTree.ObjectExpression, key: string): TSESTree.Node | undefined {
  return findProperty(object, [key])?.value;
}

function isNullish(node: TSESTree.Node): boolean {
  if (!isExpression(node)) return false;
  const value = unwrapExpression(node);
  return (
    (value.type === AST_NODE_TYPES.Literal && value.value === null && !('regex' in value)) ||
    (value.type === AST_NODE_TYPES.Identifier && value.name === 'undefined')
  );
}

function isStringValued(node: TSESTree.Node, context: Context): boolean {
  if (staticText(node, context) !== undefined) return true;
  const value = isExpression(node) ? unwrapExpression(node) : node;
  return value.type === AST_NODE_TYPES.TemplateLiteral;
}

/** The text of a string literal, a template with no expressions, or a `const` bound to one in this file. */
function staticText(node: TSESTree.Node | undefined, context: Context, depth = 0): string | undefined {
  if (!node || !isExpression(node) || depth > 2) return undefined;
  const value = unwrapExpression(node);
  if (value.type === AST_NODE_TYPES.Literal) return typeof value.value === 'string' ? value.value : undefined;
  if (value.type === AST_NODE_TYPES.TemplateLiteral) return value.expressions.length === 0 ? value.quasis[0]?.value.cooked ?? undefined : undefined;
  if (value.type === AST_NODE_TYPES.Identifier) {
    const definition = ASTUtils.findVariable(context.sourceCode.getScope(value), value.name)?.defs[0];
    if (definition?.type === 'Variable' && definition.parent.kind === 'const' && definition.node.init && definition.node.id === definition.name) {
      return staticText(definition.node.init, context, depth + 1);
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// Labels for messages

/**
 * The call as a reader finds it in the code: `briefingQueue.add`,
 * `this.mailQueue.add`, `js.publish`, `sqs.send(new SendMessageCommand(…))`,
 * `new SendMessageCommand(…)`; the member alone when the callee is long.
 */
export function enqueueLabel(enqueue: Enqueue, sourceCode: Readonly<TSESLint.SourceCode>): string {
  const node = enqueue.node;
  if (node.type === AST_NODE_TYPES.NewExpression) return `new ${calleeName(node.callee) ?? 'SendMessageCommand'}(…)`;
  const callee = sourceCode.getText(node.callee);
  const short = callee.length <= 40 && !callee.includes('\n') ? callee : `.${calleeName(node.callee) ?? 'send'}`;
  const [first] = node.arguments;
  if (enqueue.library === 'sqs' && first && unwrapExpression(first as TSESTree.Expression).type === AST_NODE_TYPES.NewExpression) {
    return `${short}(new ${calleeName((unwrapExpression(first as TSESTree.Expression) as TSESTree.NewExpression).callee) ?? 'SendMessageCommand'}(…))`;
  }
  return short;
}
