import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { importBindingOf, isFromPackage, memberName, requiredSpecifier, resolveCallTarget, unwrapExpression, type CallTarget } from './origin.js';
import { isUndeclared, propertyKey } from '../util/ast.js';

/**
 * Which calls register a recurring (or timed) job, under which id or name the
 * library keeps it, and whether they say in which time zone the job's clock
 * runs: node-cron, `cron` (`CronJob`), BullMQ and Bull repeatable jobs,
 * node-schedule, Agenda, pg-boss, NestJS `@Cron` and `SchedulerRegistry`.
 * Plain `setInterval` timers have no zone and no id: `isIntervalTimer` tells them.
 */

export type SchedulerLibrary = 'node-cron' | 'cron' | 'bullmq' | 'bull' | 'node-schedule' | 'agenda' | 'pg-boss' | '@nestjs/schedule';

export type ScheduleKind =
  /** node-cron `schedule` / `createTask`. */
  | 'cron-task'
  /** `new CronJob(…)`, `CronJob.from({ … })`. */
  | 'cron-job'
  /** BullMQ/Bull `queue.add(name, data, { repeat })`. */
  | 'repeatable-job'
  /** BullMQ `queue.upsertJobScheduler(id, repeat, template)`. */
  | 'job-scheduler'
  /** node-schedule `scheduleJob(spec, fn)`. */
  | 'scheduled-job'
  /** Agenda `every(interval, name, data, options)`. */
  | 'recurring-job'
  /** pg-boss `boss.schedule(name, cron, data, options)`. */
  | 'queue-schedule'
  /** NestJS `@Cron(expression, options)`. */
  | 'cron-decorator'
  /** NestJS `schedulerRegistry.addCronJob(name, job)`: keeps a `CronJob` built elsewhere under a name. */
  | 'registry-cron-job'
  /** NestJS `schedulerRegistry.addInterval(name, intervalId)` / `addTimeout(name, timeoutId)`. */
  | 'registry-timer';

export interface ScheduleRegistration {
  readonly library: SchedulerLibrary;
  readonly kind: ScheduleKind;
  /** The call or `new` that registers the schedule (for `@Cron`, the decorator's call). */
  readonly node: TSESTree.CallExpression | TSESTree.NewExpression;
  /**
   * `explicit`: a zone (or UTC offset) is passed; `missing`: visibly not;
   * `unknown`: the options come from elsewhere (a variable, a spread, or, for
   * `SchedulerRegistry`, the `CronJob` or timer handed to it).
   */
  readonly timezone: 'explicit' | 'missing' | 'unknown';
  /** The option that sets the zone for this library: `timezone`, `timeZone` or `tz`. */
  readonly timezoneOption: string;
  /**
   * Whether the run times are wall-clock times that move with the zone (`0 9 * * *`,
   * `@daily`, `{ hour: 9 }`). Pure intervals (`*\/5 * * * *`, `every: 60_000`,
   * `'5 minutes'`) and one-off `Date`s fire at the same instants in any zone.
   * A cron expression the rule cannot read counts as zone-dependent.
   */
  readonly zoneDependent: boolean;
  /** The object that carries (or should carry) the zone, when one is written. */
  readonly optionsNode?: TSESTree.Node;
  /** The cron expression, interval or rule argument. */
  readonly patternNode?: TSESTree.Node;
  /**
   * The id, name or key the library stores the schedule under, when one is
   * written: BullMQ `upsertJobScheduler(id, …)`, `add(name, data, { repeat: { key }, jobId })`
   * (the most specific of the three), node-cron `{ name }`, `CronJob`'s `name`,
   * node-schedule `scheduleJob(name, …)`, Agenda `every(interval, name)`,
   * pg-boss `schedule(name, …, { key })` (the key, else the queue name),
   * `SchedulerRegistry#add*(name, …)`.
   */
  readonly keyNode?: TSESTree.Node;
}

/** Packages whose import alone marks a module as one that schedules jobs. */
export const SCHEDULER_PACKAGES: readonly string[] = ['node-cron', 'cron', 'node-schedule', 'agenda', '@hokify/agenda', '@nestjs/schedule'];

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;
type Registrable = TSESTree.CallExpression | TSESTree.NewExpression | TSESTree.Decorator;

/**
 * The schedule a call, `new` or decorator registers, or undefined when it
 * registers none. Recognised through the type checker or this file's imports;
 * with neither, only shapes no other API has (`cron.schedule('0 9 * * *', fn)`,
 * `queue.add(name, data, { repeat: { pattern } })`, `upsertJobScheduler`).
 */
export function scheduleRegistrationOf(node: Registrable, context: Context): ScheduleRegistration | undefined {
  if (node.type === AST_NODE_TYPES.Decorator) {
    const call = unwrapExpression(node.expression);
    return call.type === AST_NODE_TYPES.CallExpression ? cronDecoratorOf(call, context) : undefined;
  }
  if (node.arguments.length === 0) return undefined;
  if (node.type === AST_NODE_TYPES.NewExpression) return mayConstructCronJob(node, context) ? cronJobConstructionOf(node, context) : undefined;
  if (node.parent.type === AST_NODE_TYPES.Decorator) return cronDecoratorOf(node, context);
  if (!mayRegister(node, context)) return undefined;
  const target = resolveCallTarget(node, context);
  if (!target) return undefined;
  return (
    nodeCronTaskOf(node, target, context) ??
    cronJobFromOf(node, target) ??
    repeatableJobOf(node, target) ??
    jobSchedulerOf(node, target) ??
    nodeScheduleJobOf(node, target, context) ??
    agendaEveryOf(node, target) ??
    pgBossScheduleOf(node, target, context) ??
    registryEntryOf(node, target)
  );
}

const REGISTERING_MEMBERS = new Set([
  'schedule',
  'createTask',
  'from',
  'add',
  'upsertJobScheduler',
  'scheduleJob',
  'every',
  'addCronJob',
  'addInterval',
  'addTimeout',
]);

/**
 * A cheap look before any type query: a method call must be one of the
 * registering names, and `add` must carry a literal `repeat` option. A bare
 * function call must be one of those names too, or an import that may rename
 * one (`import { schedule as every }`, or a project module re-exporting it);
 * only an import gives a call another name than its declaration's.
 */
function mayRegister(node: TSESTree.CallExpression, context: Context): boolean {
  const callee = unwrapExpression(node.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) return REGISTERING_MEMBERS.has(callee.name) || mayBeImported(callee, context);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return true;
  const name = memberName(callee);
  if (name === undefined || !REGISTERING_MEMBERS.has(name)) return false;
  if (name !== 'add') return true;
  const options = asObject(node.arguments[node.arguments.length - 1]);
  return options !== undefined && findProperty(options, ['repeat']) !== undefined;
}

/**
 * A cheap look before resolving a `new`: the class is named `CronJob`
 * (`new CronJob(…)`, `new cron.CronJob(…)`), or comes through an import that
 * may rename it (`import { CronJob as Job }`, `import * as jobs from './jobs'`).
 */
function mayConstructCronJob(node: TSESTree.NewExpression, context: Context): boolean {
  const callee = unwrapExpression(node.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) return callee.name === 'CronJob' || mayBeImported(callee, context);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return true;
  if (memberName(callee) === 'CronJob') return true;
  let root: TSESTree.Expression = unwrapExpression(callee.object);
  while (root.type === AST_NODE_TYPES.MemberExpression) root = unwrapExpression(root.object);
  return root.type !== AST_NODE_TYPES.Identifier || mayBeImported(root, context);
}

/** A name bound by an import or a `require` in this file (the only bindings the checker follows to another declaration's name). */
function mayBeImported(identifier: TSESTree.Identifier, context: Context): boolean {
  const variable = ASTUtils.findVariable(context.sourceCode.getScope(identifier), identifier.name);
  if (variable?.defs[0]?.type === 'ImportBinding') return true;
  return importBindingOf(identifier, context) !== undefined;
}

/**
 * Whether a call starts a repeating timer: the global `setInterval` (also as
 * `globalThis.setInterval`, or imported from `timers`). Not `timers/promises`'
 * `setInterval`, an async iterator that lives as long as the loop reading it.
 */
export function isIntervalTimer(node: TSESTree.CallExpression, context: Context): boolean {
  // Every form (global, `globalThis.`, an import from `timers`, even renamed) spells the name in this file.
  if (node.arguments.length === 0 || !mentionsSetInterval(context.sourceCode)) return false;
  const callee = unwrapExpression(node.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) {
    if (isUndeclared(callee, context)) return callee.name === 'setInterval';
    const binding = importBindingOf(callee, context);
    return binding?.imported === 'setInterval' && isFromPackage(binding.origin, ['timers']);
  }
  if (callee.type !== AST_NODE_TYPES.MemberExpression || memberName(callee) !== 'setInterval') return false;
  const receiver = unwrapExpression(callee.object);
  if (receiver.type !== AST_NODE_TYPES.Identifier) return false;
  if (GLOBAL_OBJECTS.has(receiver.name)) return isUndeclared(receiver, context);
  const binding = importBindingOf(receiver, context);
  return binding !== undefined && isFromPackage(binding.origin, ['timers']);
}

const GLOBAL_OBJECTS = new Set(['globalThis', 'global', 'window', 'self']);

const setIntervalMentions = new WeakMap<TSESLint.SourceCode, boolean>();

function mentionsSetInterval(sourceCode: TSESLint.SourceCode): boolean {
  let mentions = setIntervalMentions.get(sourceCode);
  if (mentions === undefined) {
    mentions = sourceCode.text.includes('setInterval');
    setIntervalMentions.set(sourceCode, mentions);
  }
  return mentions;
}


/** Whether the module imports or requires a scheduler package (see `SCHEDULER_PACKAGES`). */
export function importsSchedulerPackage(program: TSESTree.Program): boolean {
  return program.body.some((statement) => {
    if (statement.type === AST_NODE_TYPES.ImportDeclaration) {
      return statement.importKind !== 'type' && SCHEDULER_PACKAGES.includes(statement.source.value);
    }
    if (statement.type !== AST_NODE_TYPES.VariableDeclaration) return false;
    return statement.declarations.some((declarator) => {
      const specifier = declarator.init ? requiredRootSpecifier(declarator.init) : undefined;
      return specifier !== undefined && SCHEDULER_PACKAGES.includes(specifier);
    });
  });
}

// ---------------------------------------------------------------------------
// node-cron: cron.schedule(expression, fn, { timezone })

function nodeCronTaskOf(node: TSESTree.CallExpression, target: CallTarget, context: Context): ScheduleRegistration | undefined {
  if (target.member !== 'schedule' && target.member !== 'createTask') return undefined;
  const [pattern, , options] = node.arguments;
  const fromNodeCron = isFromPackage(target.origin, ['node-cron']);
  // Without types or an import, only `cron.schedule('<cron expression>', …)` is unmistakable.
  if (!fromNodeCron && !(target.via === 'none' && hasCronReceiver(node) && cronDependsOnZone(staticText(pattern, context)) !== undefined)) {
    return undefined;
  }
  if (hasSpreadArgument(node)) return undefined;
  return {
    library: 'node-cron',
    kind: 'cron-task',
    node,
    timezone: zoneInOptions(options, ['timezone']),
    timezoneOption: 'timezone',
    zoneDependent: cronPatternDependsOnZone(pattern, context),
    ...(options ? { optionsNode: options } : {}),
    ...(pattern ? { patternNode: pattern } : {}),
    ...keyFrom(asObject(options), 'name'),
  };
}

function hasCronReceiver(node: TSESTree.CallExpression): boolean {
  const callee = unwrapExpression(node.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const receiver = unwrapExpression(callee.object);
  return receiver.type === AST_NODE_TYPES.Identifier && /^(?:node_?)?cron$/i.test(receiver.name);
}

// ---------------------------------------------------------------------------
// cron: new CronJob(cronTime, onTick, onComplete, start, timeZone, context, runOnInit, utcOffset), CronJob.from({ … })

const CRON_JOB_TIME_ZONE = 4;
const CRON_JOB_UTC_OFFSET = 7;
const CRON_JOB_NAME = 11;

function cronJobConstructionOf(node: TSESTree.NewExpression, context: Context): ScheduleRegistration | undefined {
  const target = resolveCallTarget(node, context);
  if (target?.member === 'RecurrenceRule' || !isCronJobTarget(target, node)) return undefined;
  if (hasSpreadArgument(node)) return undefined;
  const [first] = node.arguments;
  if (first && unwrapExpression(first as TSESTree.Expression).type === AST_NODE_TYPES.ObjectExpression) {
    return cronJobFromObject(node, first);
  }
  const zone = node.arguments[CRON_JOB_TIME_ZONE];
  const offset = node.arguments[CRON_JOB_UTC_OFFSET];
  const name = node.arguments[CRON_JOB_NAME];
  const given = [zone, offset].some((argument) => argument !== undefined && !isNullish(argument));
  return {
    library: 'cron',
    kind: 'cron-job',
    node,
    timezone: given ? 'explicit' : 'missing',
    timezoneOption: 'timeZone',
    zoneDependent: cronTimeDependsOnZone(first, context),
    ...(zone ? { optionsNode: zone } : {}),
    ...(first ? { patternNode: first } : {}),
    ...(name && !isNullish(name) ? { keyNode: name } : {}),
  };
}

function isCronJobTarget(target: CallTarget | undefined, node: TSESTree.NewExpression): boolean {
  if (!target || target.member !== 'CronJob') return false;
  if (isFromPackage(target.origin, ['cron'])) return true;
  // An undeclared `CronJob` given a cron expression: the `cron` package's class.
  return target.via === 'none' && target.origin === undefined && node.arguments.length >= 2;
}

function cronJobFromOf(node: TSESTree.CallExpression, target: CallTarget): ScheduleRegistration | undefined {
  if (target.member !== 'from' || target.owner !== 'CronJob' || !isFromPackage(target.origin, ['cron'])) return undefined;
  const [options] = node.arguments;
  return options ? cronJobFromObject(node, options) : undefined;
}

function cronJobFromObject(node: TSESTree.CallExpression | TSESTree.NewExpression, options: TSESTree.Node): ScheduleRegistration {
  const object = asObject(options);
  const cronTime = object && propertyValue(object, 'cronTime');
  return {
    library: 'cron',
    kind: 'cron-job',
    node,
    timezone: zoneInOptions(options, ['timeZone', 'utcOffset']),
    timezoneOption: 'timeZone',
    zoneDependent: cronTime ? cronTimeDependsOnZone(cronTime) : true,
    optionsNode: options,
    ...(cronTime ? { patternNode: cronTime } : {}),
    ...keyFrom(object, 'name'),
  };
}

/** `cronTime` may be a cron expression, a `Date` or a Luxon `DateTime`: the latter two are instants. */
function cronTimeDependsOnZone(cronTime: TSESTree.Node | undefined, context?: Context): boolean {
  if (!cronTime) return true;
  const value = unwrapExpression(cronTime as TSESTree.Expression);
  if (value.type === AST_NODE_TYPES.NewExpression) return false;
  return cronPatternDependsOnZone(cronTime, context);
}

// ---------------------------------------------------------------------------
// BullMQ / Bull: queue.add(name, data, { repeat: { pattern | cron | every, tz } }), queue.upsertJobScheduler(id, { pattern, tz }, …)

const QUEUE_PACKAGES = ['bullmq', 'bull'];

function repeatableJobOf(node: TSESTree.CallExpression, target: CallTarget): ScheduleRegistration | undefined {
  if (target.member !== 'add' || node.arguments.length < 2 || hasSpreadArgument(node)) return undefined;
  const fromQueue = isFromPackage(target.origin, QUEUE_PACKAGES);
  if (!fromQueue && target.via !== 'none') return undefined;
  // Bull takes `add(data, opts)` or `add(name, data, opts)`; BullMQ `add(name, data, opts)`.
  const options = asObject(node.arguments[node.arguments.length - 1]);
  const repeatProperty = options && findProperty(options, ['repeat']);
  if (!options || !repeatProperty) return undefined;
  const repeat = asObject(repeatProperty.value);
  const hasCronKey = repeat !== undefined && findProperty(repeat, ['cron']) !== undefined;
  // With no origin, only a literal `repeat: { pattern | cron | every }` is unmistakably a queue's.
  if (!fromQueue && !(repeat && findProperty(repeat, ['pattern', 'cron', 'every']))) return undefined;
  const library = fromQueue && 'packageName' in target.origin! ? (target.origin.packageName as 'bullmq' | 'bull') : hasCronKey ? 'bull' : 'bullmq';
  const overriddenLater = options.properties.indexOf(repeatProperty) < options.properties.findLastIndex(isSpread);
  const keyNode = (repeat && propertyValue(repeat, 'key')) ?? propertyValue(options, 'jobId') ?? repeatableJobName(node);
  return {
    library,
    kind: 'repeatable-job',
    ...repeatDetails(repeatProperty.value, overriddenLater),
    node,
    ...(keyNode ? { keyNode } : {}),
  };
}

/** The job name of `add(name, data, opts)`; Bull's `add(data, opts)` has none. */
function repeatableJobName(node: TSESTree.CallExpression): TSESTree.Node | undefined {
  const [first] = node.arguments;
  return node.arguments.length >= 3 || isStringLike(first) ? first : undefined;
}

function jobSchedulerOf(node: TSESTree.CallExpression, target: CallTarget): ScheduleRegistration | undefined {
  if (target.member !== 'upsertJobScheduler' || node.arguments.length < 2 || hasSpreadArgument(node)) return undefined;
  if (!isFromPackage(target.origin, ['bullmq']) && target.via !== 'none') return undefined;
  return { library: 'bullmq', kind: 'job-scheduler', ...repeatDetails(node.arguments[1]!, false), node, keyNode: node.arguments[0]! };
}

function repeatDetails(repeatNode: TSESTree.Node, overriddenLater: boolean) {
  const repeat = asObject(repeatNode);
  const pattern = repeat && propertyValue(repeat, 'pattern', 'cron');
  return {
    timezone: overriddenLater ? ('unknown' as const) : zoneInOptions(repeatNode, ['tz']),
    timezoneOption: 'tz',
    // `every: ms` is an interval; a repeat with neither is read elsewhere.
    zoneDependent: pattern ? cronPatternDependsOnZone(pattern) : false,
    optionsNode: repeatNode,
    ...(pattern ? { patternNode: pattern } : {}),
  };
}

// ---------------------------------------------------------------------------
// node-schedule: scheduleJob([name,] spec, fn) with spec a cron string, { rule, tz }, an object literal or a RecurrenceRule

const RECURRENCE_WALL_CLOCK_FIELDS = ['hour', 'date', 'dayOfWeek', 'month', 'year'];

function nodeScheduleJobOf(node: TSESTree.CallExpression, target: CallTarget, context: Context): ScheduleRegistration | undefined {
  if (target.member !== 'scheduleJob' || node.arguments.length < 2 || hasSpreadArgument(node)) return undefined;
  if (!isFromPackage(target.origin, ['node-schedule']) && !(target.via === 'none' && hasScheduleReceiver(node))) return undefined;
  const named = node.arguments.length >= 3;
  const spec = named ? node.arguments[1]! : node.arguments[0]!;
  return {
    library: 'node-schedule',
    kind: 'scheduled-job',
    node,
    timezoneOption: 'tz',
    patternNode: spec,
    ...nodeScheduleSpec(spec, context),
    ...(named ? { keyNode: node.arguments[0]! } : {}),
  };
}

function hasScheduleReceiver(node: TSESTree.CallExpression): boolean {
  const callee = unwrapExpression(node.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const receiver = unwrapExpression(callee.object);
  return receiver.type === AST_NODE_TYPES.Identifier && /schedule/i.test(receiver.name);
}

function nodeScheduleSpec(
  spec: TSESTree.Node,
  context: Context,
): Pick<ScheduleRegistration, 'timezone' | 'zoneDependent' | 'optionsNode'> {
  const value = unwrapExpression(spec as TSESTree.Expression);
  const text = staticText(value, context);
  if (text !== undefined) return { timezone: 'missing', zoneDependent: cronDependsOnZone(text) ?? true };
  if (value.type === AST_NODE_TYPES.ObjectExpression) {
    const rule = propertyValue(value, 'rule');
    const zoneDependent = rule
      ? nodeScheduleSpec(rule, context).zoneDependent
      : RECURRENCE_WALL_CLOCK_FIELDS.some((field) => findProperty(value, [field]) !== undefined) || value.properties.some(isSpread);
    return { timezone: zoneInOptions(value, ['tz']), zoneDependent, optionsNode: value };
  }
  if (value.type === AST_NODE_TYPES.NewExpression && isRecurrenceRuleConstruction(value, context)) {
    return { timezone: 'missing', zoneDependent: value.arguments.length > 0 };
  }
  if (value.type === AST_NODE_TYPES.Identifier) {
    const rule = recurrenceRuleAssignments(value, context);
    if (rule) {
      return {
        timezone: rule.has('tz') ? 'explicit' : 'missing',
        zoneDependent: RECURRENCE_WALL_CLOCK_FIELDS.some((field) => rule.has(field)),
      };
    }
  }
  // A Date (one run at an instant) or a rule built elsewhere.
  return { timezone: 'unknown', zoneDependent: value.type !== AST_NODE_TYPES.NewExpression };
}

function isRecurrenceRuleConstruction(node: TSESTree.NewExpression, context: Context): boolean {
  const target = resolveCallTarget(node, context);
  return target?.member === 'RecurrenceRule' && (isFromPackage(target.origin, ['node-schedule']) || target.via === 'none');
}

/**
 * For `const rule = new RecurrenceRule()`, the properties this file assigns on
 * it (`rule.hour = 9`, `rule.tz = 'Europe/Paris'`); undefined when the
 * identifier is not such a rule.
 */
function recurrenceRuleAssignments(identifier: TSESTree.Identifier, context: Context): Set<string> | undefined {
  const variable = ASTUtils.findVariable(context.sourceCode.getScope(identifier), identifier.name);
  const definition = variable?.defs[0];
  if (definition?.type !== 'Variable' || !definition.node.init) return undefined;
  const init = unwrapExpression(definition.node.init);
  if (init.type !== AST_NODE_TYPES.NewExpression || !isRecurrenceRuleConstruction(init, context)) return undefined;
  const assigned = new Set<string>();
  for (const reference of variable!.references) {
    const member = reference.identifier.parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== reference.identifier) continue;
    const name = memberName(member);
    if (name && member.parent.type === AST_NODE_TYPES.AssignmentExpression && member.parent.left === member) {
      if (!isNullish(member.parent.right)) assigned.add(name);
    }
  }
  return assigned;
}

// ---------------------------------------------------------------------------
// Agenda: agenda.every(interval, name, data, { timezone })

function agendaEveryOf(node: TSESTree.CallExpression, target: CallTarget): ScheduleRegistration | undefined {
  if (target.member !== 'every' || node.arguments.length < 2 || hasSpreadArgument(node)) return undefined;
  const [interval, name, , options] = node.arguments;
  const fromAgenda = isFromPackage(target.origin, ['agenda', '@hokify/agenda']);
  // `array.every(fn)` takes a function: without an origin, require `agenda.every('<interval>', '<job name>')`.
  if (!fromAgenda && !(target.via === 'none' && receiverNameMatches(node, /agenda/i) && isStringLike(interval) && isStringLike(name))) {
    return undefined;
  }
  // A number or a human interval ('5 minutes', '1 day') counts from the start, not from a wall clock.
  const text = interval ? staticText(interval) : undefined;
  return {
    library: 'agenda',
    kind: 'recurring-job',
    node,
    timezone: zoneInOptions(options, ['timezone']),
    timezoneOption: 'timezone',
    zoneDependent: text !== undefined && cronDependsOnZone(text) === true,
    ...(options ? { optionsNode: options } : {}),
    ...(interval ? { patternNode: interval } : {}),
    ...(name ? { keyNode: name } : {}),
  };
}


// ---------------------------------------------------------------------------
// pg-boss: boss.schedule(name, cron, data, { tz, key })

function pgBossScheduleOf(node: TSESTree.CallExpression, target: CallTarget, context: Context): ScheduleRegistration | undefined {
  if (target.member !== 'schedule' || node.arguments.length < 2 || hasSpreadArgument(node)) return undefined;
  // Without an origin, `boss.schedule(…)`, `this.pgBoss.schedule(…)`: the receiver names the library.
  if (!isFromPackage(target.origin, ['pg-boss']) && !(target.via === 'none' && receiverNameMatches(node, /boss$/i))) return undefined;
  const [name, pattern, , options] = node.arguments;
  // pg-boss 11 keeps several schedules per queue apart by `key`.
  const optionsObject = asObject(options);
  const key = optionsObject && propertyValue(optionsObject, 'key');
  return {
    library: 'pg-boss',
    kind: 'queue-schedule',
    node,
    timezone: zoneInOptions(options, ['tz']),
    timezoneOption: 'tz',
    zoneDependent: cronPatternDependsOnZone(pattern, context),
    ...(options ? { optionsNode: options } : {}),
    ...(pattern ? { patternNode: pattern } : {}),
    keyNode: key ?? name!,
  };
}

// ---------------------------------------------------------------------------
// NestJS: schedulerRegistry.addCronJob(name, job), addInterval(name, id), addTimeout(name, id)

const REGISTRY_METHODS = new Set(['addCronJob', 'addInterval', 'addTimeout']);

/**
 * The registry keeps a job or timer created elsewhere (`new CronJob(…)`,
 * `setInterval(…)`): its schedule and zone are read there, so the zone here
 * is `unknown`; what this call adds is the name.
 */
function registryEntryOf(node: TSESTree.CallExpression, target: CallTarget): ScheduleRegistration | undefined {
  if (!REGISTRY_METHODS.has(target.member) || node.arguments.length < 2 || hasSpreadArgument(node)) return undefined;
  if (!isFromPackage(target.origin, ['@nestjs/schedule']) && !(target.via === 'none' && receiverNameMatches(node, /schedul|registry/i))) {
    return undefined;
  }
  const cronJob = target.member === 'addCronJob';
  return {
    library: '@nestjs/schedule',
    kind: cronJob ? 'registry-cron-job' : 'registry-timer',
    node,
    timezone: 'unknown',
    timezoneOption: cronJob ? 'timeZone' : '',
    zoneDependent: false,
    keyNode: node.arguments[0]!,
  };
}

function receiverNameMatches(node: TSESTree.CallExpression, pattern: RegExp): boolean {
  const callee = unwrapExpression(node.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const receiver = unwrapExpression(callee.object);
  const name = receiver.type === AST_NODE_TYPES.Identifier ? receiver.name : receiver.type === AST_NODE_TYPES.MemberExpression ? memberName(receiver) : undefined;
  return name !== undefined && pattern.test(name);
}

// ---------------------------------------------------------------------------
// NestJS: @Cron(expression, { timeZone | utcOffset })

function cronDecoratorOf(call: TSESTree.CallExpression, context: Context): ScheduleRegistration | undefined {
  const target = resolveCallTarget(call, context);
  if (target?.member !== 'Cron') return undefined;
  // An undeclared `@Cron(…)` decorator is NestJS's; one imported from elsewhere is not.
  if (!isFromPackage(target.origin, ['@nestjs/schedule']) && !(target.via === 'none' && target.origin === undefined)) return undefined;
  if (hasSpreadArgument(call)) return undefined;
  const [pattern, options] = call.arguments;
  if (!pattern) return undefined;
  return {
    library: '@nestjs/schedule',
    kind: 'cron-decorator',
    node: call,
    timezone: zoneInOptions(options, ['timeZone', 'utcOffset']),
    timezoneOption: 'timeZone',
    zoneDependent: cronTimeDependsOnZone(pattern, context),
    ...(options ? { optionsNode: options } : {}),
    patternNode: pattern,
  };
}

// ---------------------------------------------------------------------------
// Cron expressions

/**
 * Whether a cron expression fires at wall-clock times that move with the zone:
 * a fixed hour (`0 9 * * *`), day of month, month or weekday, or `@daily`.
 * Every-N-seconds/minutes/hours expressions fire at the same instants in any
 * whole-hour zone. Undefined when the text is no cron expression.
 */
export function cronDependsOnZone(text: string | undefined): boolean | undefined {
  if (text === undefined) return undefined;
  const expression = text.trim();
  if (/^@(?:yearly|annually|monthly|weekly|daily|midnight)$/i.test(expression)) return true;
  if (/^@(?:hourly|reboot|every\b)/i.test(expression)) return false;
  const fields = expression.split(/\s+/);
  if (fields.length < 5 || fields.length > 7 || !fields.every((field) => /^[\d*?,\-/LW#A-Za-z]+$/.test(field))) return undefined;
  if (!fields.some((field) => /[\d*]/.test(field))) return undefined;
  // Five fields start at the minute; six (node-cron, cron, NestJS) and seven (Quartz, with a year) at the second.
  const [hour, dayOfMonth, month, dayOfWeek] = fields.length === 5 ? fields.slice(1, 5) : fields.slice(2, 6);
  const everyHour = hour === '*' || /^(?:\*|0|0-23)\/\d+$/.test(hour!);
  const anyDay = [dayOfMonth, month, dayOfWeek].every((field) => field === '*' || field === '?');
  return !(everyHour && anyDay);
}

/** NestJS `CronExpression` members: `EVERY_5_MINUTES` is an interval, `EVERY_DAY_AT_9AM` a wall-clock time. */
function cronExpressionMemberDependsOnZone(name: string): boolean {
  return !/^EVERY_(?:\d+_)?(?:SECONDS?|MINUTES?|HOURS?)$/.test(name);
}

function cronPatternDependsOnZone(pattern: TSESTree.Node | undefined, context?: Context): boolean {
  if (!pattern) return true;
  const value = unwrapExpression(pattern as TSESTree.Expression);
  if (value.type === AST_NODE_TYPES.MemberExpression) {
    const object = unwrapExpression(value.object);
    const name = memberName(value);
    if (object.type === AST_NODE_TYPES.Identifier && object.name === 'CronExpression' && name) return cronExpressionMemberDependsOnZone(name);
  }
  return cronDependsOnZone(staticText(value, context)) ?? true;
}

// ---------------------------------------------------------------------------
// Options objects and literal values

/** Whether an options object visibly sets one of `keys` to a value, visibly does not, or cannot be read. */
function zoneInOptions(node: TSESTree.Node | undefined, keys: readonly string[]): ScheduleRegistration['timezone'] {
  if (!node || isNullish(node)) return 'missing';
  const object = asObject(node);
  if (!object) return 'unknown';
  const property = findProperty(object, keys);
  const lastSpread = object.properties.findLastIndex(isSpread);
  if (property && object.properties.indexOf(property) > lastSpread) return isNullish(property.value) ? 'missing' : 'explicit';
  if (lastSpread !== -1 || object.properties.some((p) => p.type === AST_NODE_TYPES.Property && p.computed && propertyKey(p) === undefined)) {
    return 'unknown';
  }
  return property && !isNullish(property.value) ? 'explicit' : 'missing';
}

function asObject(node: TSESTree.Node | undefined): TSESTree.ObjectExpression | undefined {
  if (!node || node.type === AST_NODE_TYPES.SpreadElement) return undefined;
  const value = unwrapExpression(node as TSESTree.Expression);
  return value.type === AST_NODE_TYPES.ObjectExpression ? value : undefined;
}

function findProperty(object: TSESTree.ObjectExpression, keys: readonly string[]): TSESTree.Property | undefined {
  return object.properties.findLast(
    (property): property is TSESTree.Property => property.type === AST_NODE_TYPES.Property && keys.includes(propertyKey(property) ?? ''),
  );
}

function propertyValue(object: TSESTree.ObjectExpression, ...keys: string[]): TSESTree.Node | undefined {
  return findProperty(object, keys)?.value;
}

/** `{ keyNode }` for the value of `key` in an options object, when written and not nullish. */
function keyFrom(object: TSESTree.ObjectExpression | undefined, key: string): { keyNode?: TSESTree.Node } {
  const value = object && propertyValue(object, key);
  return value && !isNullish(value) ? { keyNode: value } : {};
}

function isSpread(property: TSESTree.ObjectLiteralElement): boolean {
  return property.type === AST_NODE_TYPES.SpreadElement;
}

function hasSpreadArgument(node: TSESTree.CallExpression | TSESTree.NewExpression): boolean {
  return node.arguments.some((argument) => argument.type === AST_NODE_TYPES.SpreadElement);
}

function isNullish(node: TSESTree.Node): boolean {
  const value = node.type === AST_NODE_TYPES.SpreadElement ? node : unwrapExpression(node as TSESTree.Expression);
  return (value.type === AST_NODE_TYPES.Literal && value.value === null && !('regex' in value)) || (value.type === AST_NODE_TYPES.Identifier && value.name === 'undefined');
}

function isStringLike(node: TSESTree.Node | undefined): boolean {
  if (!node || node.type === AST_NODE_TYPES.SpreadElement) return false;
  const value = unwrapExpression(node as TSESTree.Expression);
  return (value.type === AST_NODE_TYPES.Literal && typeof value.value === 'string') || value.type === AST_NODE_TYPES.TemplateLiteral;
}

/** The text of a string literal, a template with no expressions, or a `const` bound to one in this file. */
function staticText(node: TSESTree.Node | undefined, context?: Context): string | undefined {
  if (!node || node.type === AST_NODE_TYPES.SpreadElement) return undefined;
  const value = unwrapExpression(node as TSESTree.Expression);
  if (value.type === AST_NODE_TYPES.Literal) return typeof value.value === 'string' ? value.value : undefined;
  if (value.type === AST_NODE_TYPES.TemplateLiteral) return value.expressions.length === 0 ? value.quasis[0]?.value.cooked ?? undefined : undefined;
  if (value.type === AST_NODE_TYPES.Identifier && context) {
    const definition = ASTUtils.findVariable(context.sourceCode.getScope(value), value.name)?.defs[0];
    if (definition?.type === 'Variable' && definition.parent.kind === 'const' && definition.node.init && definition.node.id === definition.name) {
      return staticText(definition.node.init);
    }
  }
  return undefined;
}

/** `require('node-cron')`, also under a member read: `require('node-cron').schedule`, `require('cron').CronJob`. */
function requiredRootSpecifier(node: TSESTree.Expression): string | undefined {
  let inner = unwrapExpression(node);
  while (inner.type === AST_NODE_TYPES.MemberExpression) inner = unwrapExpression(inner.object);
  return requiredSpecifier(inner);
}
