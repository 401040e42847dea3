import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import { getTypeServices, memberName, unwrapExpression } from '../knowledge/origin.js';
import {
  importsSchedulerPackage,
  scheduleRegistrationOf,
  type ScheduleRegistration,
  type SchedulerLibrary,
} from '../knowledge/schedulers.js';
import { createRule } from '../util/create-rule.js';
import { ignoreOptionSchema, isFileMatchedBy, TEST_FILE_GLOBS } from '../util/files.js';
import { oneLineSnippet } from '../util/ast.js';

type Options = [{ ignore?: string[] }];
type MessageIds = 'missingTimezone' | 'localDateParts' | 'localSetHours' | 'localDateString';
type Context = Readonly<TSESLint.RuleContext<MessageIds, Options>>;

export default createRule<Options, MessageIds>({
  name: 'require-explicit-timezone',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require schedules and the run times computed for them to name their time zone',
      recommended: 'recommended',
      domains: ['async', 'jobs'],
      seed: '001 P6',
    },
    schema: [
      {
        type: 'object',
        properties: {
          ignore: ignoreOptionSchema('tests'),
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [
      {
        // Tests pin dates in the machine's zone on purpose (fake timers, fixtures).
        ignore: [...TEST_FILE_GLOBS],
      },
    ],
    messages: {
      missingTimezone:
        "`{{call}}` registers a {{library}} schedule without `{{option}}`: it runs on the server's clock (UTC in a container, local time on a laptop), so a job meant for 9:00 in the users' zone fires hours early or late, and moves by an hour at every daylight-saving change. Set {{where}} to an IANA zone: the user's zone, or 'UTC' written on purpose.",
      localDateParts:
        "`new Date(year, month, …)` builds the time in the server's local zone in a module that schedules jobs: the same run time is a different instant in a UTC container than on a laptop, and an hour off across daylight-saving changes. Use `new Date(Date.UTC(…))`, or build it in the user's zone with a time-zone library (Luxon `DateTime.fromObject(…, { zone })`, date-fns-tz `fromZonedTime`).",
      localSetHours:
        "`{{call}}` sets a wall-clock hour in the server's local zone in a module that schedules jobs: the run time depends on where the process runs (UTC in a container, local time on a laptop) and shifts across daylight-saving changes. Use `setUTCHours`, or compute the time in the user's zone with a time-zone library.",
      localDateString:
        "`{{text}}` has no `Z` or UTC offset, so it is read in the server's local zone in a module that schedules jobs: the run time depends on where the process runs and shifts across daylight-saving changes. Append `Z` (or the offset), or build the time in the user's zone with a time-zone library.",
    },
  },
  create(context, [options]) {
    if (isFileMatchedBy(context, options.ignore ?? [])) return {};
    // Components and chart code format dates for the viewer, whose local zone is the right one.
    const checksDates = !/\.[jt]sx$/.test(context.filename);
    const localDates: TSESLint.ReportDescriptor<MessageIds>[] = [];
    let schedules = false;

    function checkRegistration(node: TSESTree.CallExpression | TSESTree.NewExpression): void {
      const registration = scheduleRegistrationOf(node, context);
      if (!registration) return;
      schedules = true;
      if (registration.timezone !== 'missing' || !registration.zoneDependent) return;
      context.report({
        node,
        messageId: 'missingTimezone',
        data: {
          call: registrationLabel(registration, context),
          library: LIBRARY_NAMES[registration.library],
          option: registration.timezoneOption,
          where: WHERE_THE_ZONE_GOES[registration.library],
        },
      });
    }

    return {
      NewExpression(node) {
        checkRegistration(node);
        if (!checksDates || !isGlobalDate(node.callee, context) || isFormattedForDisplay(node)) return;
        if (isLocalDateFromParts(node)) localDates.push({ node, messageId: 'localDateParts' });
        const text = localDateTimeString(node.arguments, context);
        if (text) localDates.push({ node, messageId: 'localDateString', data: { text } });
      },
      CallExpression(node) {
        checkRegistration(node);
        if (!checksDates) return;
        if (isWallClockSetHours(node, context)) {
          localDates.push({ node, messageId: 'localSetHours', data: { call: oneLineSnippet(context.sourceCode.getText(node.callee)) } });
        } else if (isDateParse(node, context)) {
          const text = localDateTimeString(node.arguments, context);
          if (text) localDates.push({ node, messageId: 'localDateString', data: { text } });
        }
      },
      'Program:exit'(program: TSESTree.Program) {
        if (!schedules && !importsSchedulerPackage(program)) return;
        for (const descriptor of localDates) context.report(descriptor);
      },
    };
  },
});

// ---------------------------------------------------------------------------
// Schedule registrations

const LIBRARY_NAMES: Readonly<Record<SchedulerLibrary, string>> = {
  'node-cron': 'node-cron',
  cron: '`cron`',
  bullmq: 'BullMQ',
  bull: 'Bull',
  'node-schedule': 'node-schedule',
  agenda: 'Agenda',
  'pg-boss': 'pg-boss',
  '@nestjs/schedule': '@nestjs/schedule',
};

const WHERE_THE_ZONE_GOES: Readonly<Record<SchedulerLibrary, string>> = {
  'node-cron': '`timezone` in the options (third argument)',
  cron: '`timeZone` (the fifth constructor argument, or `timeZone` in `CronJob.from({ … })`)',
  bullmq: '`repeat.tz`',
  bull: '`repeat.tz`',
  'node-schedule': '`tz` (pass `{ rule, tz }` as the spec, or set `rule.tz` on the RecurrenceRule)',
  agenda: '`timezone` in the options (fourth argument)',
  'pg-boss': '`tz` in the options (fourth argument)',
  '@nestjs/schedule': '`timeZone` in the decorator options',
};

function registrationLabel(registration: ScheduleRegistration, context: Context): string {
  const callee = oneLineSnippet(context.sourceCode.getText(registration.node.callee));
  if (registration.kind === 'cron-decorator') return `@${callee}`;
  return registration.node.type === AST_NODE_TYPES.NewExpression ? `new ${callee}` : callee;
}

// ---------------------------------------------------------------------------
// Local-time dates: new Date(y, m, d, h), date.setHours(9), new Date('2026-01-01 09:00')

/** `new Date(2026, 0, 15, 9)`: two or more parts are read as local wall-clock time. */
function isLocalDateFromParts(node: TSESTree.NewExpression): boolean {
  return node.arguments.length >= 2 && !node.arguments.some((argument) => argument.type === AST_NODE_TYPES.SpreadElement);
}

/** A date-time with a time of day and no `Z` or offset (`2026-01-01 09:00`, `${day}T09:00:00`); date-only strings are UTC. */
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/;
const LOCAL_TIME_TAIL = /[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/;

function localDateTimeString(args: readonly TSESTree.CallExpressionArgument[], context: Context): string | undefined {
  if (args.length !== 1) return undefined;
  const value = unwrapExpression(args[0] as TSESTree.Expression);
  if (value.type === AST_NODE_TYPES.Literal) {
    return typeof value.value === 'string' && LOCAL_DATE_TIME.test(value.value.trim()) ? `'${value.value}'` : undefined;
  }
  if (value.type === AST_NODE_TYPES.TemplateLiteral) {
    const tail = value.quasis[value.quasis.length - 1]?.value.cooked ?? '';
    const matches = value.expressions.length === 0 ? LOCAL_DATE_TIME.test(tail.trim()) : LOCAL_TIME_TAIL.test(tail);
    return matches ? oneLineSnippet(context.sourceCode.getText(value)) : undefined;
  }
  return undefined;
}

/** `date.setHours(9, 0, 0, 0)`: a wall-clock hour; `date.setHours(date.getHours() + 1)` only moves the date. */
function isWallClockSetHours(node: TSESTree.CallExpression, context: Context): boolean {
  const callee = unwrapExpression(node.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || memberName(callee) !== 'setHours' || callee.computed) return false;
  const [hour] = node.arguments;
  if (!hour || hour.type === AST_NODE_TYPES.SpreadElement || /\bget(?:UTC)?Hours\b/.test(context.sourceCode.getText(hour))) return false;
  return isDateValue(unwrapExpression(callee.object), context);
}

const DATE_LIKE_NAME = /date|time|day|when|deadline|run|start|end|next|^d$|^dt$/i;

/** With types, a `Date` (or `any`); without, a `new Date(…)` or a binding named like a date. */
function isDateValue(receiver: TSESTree.Expression, context: Context): boolean {
  const services = getTypeServices(context);
  if (services) {
    const type = services.getTypeAtLocation(receiver);
    if (type.flags & ts.TypeFlags.Any) return true;
    return type.getSymbol()?.getName() === 'Date';
  }
  if (receiver.type === AST_NODE_TYPES.NewExpression) return isGlobalDate(receiver.callee, context);
  if (receiver.type === AST_NODE_TYPES.Identifier) {
    const definition = ASTUtils.findVariable(context.sourceCode.getScope(receiver), receiver.name)?.defs[0];
    const init = definition?.type === 'Variable' ? definition.node.init : undefined;
    if (init) {
      const value = unwrapExpression(init);
      return value.type === AST_NODE_TYPES.NewExpression ? isGlobalDate(value.callee, context) : DATE_LIKE_NAME.test(receiver.name);
    }
    return DATE_LIKE_NAME.test(receiver.name);
  }
  if (receiver.type === AST_NODE_TYPES.MemberExpression) return DATE_LIKE_NAME.test(memberName(receiver) ?? '');
  return false;
}

function isDateParse(node: TSESTree.CallExpression, context: Context): boolean {
  const callee = unwrapExpression(node.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression && memberName(callee) === 'parse' && isGlobalDate(callee.object, context);
}

/** The built-in `Date`, not a local class or import of that name. */
function isGlobalDate(callee: TSESTree.Node, context: Context): boolean {
  if (callee.type !== AST_NODE_TYPES.Identifier || callee.name !== 'Date') return false;
  const variable = ASTUtils.findVariable(context.sourceCode.getScope(callee), 'Date');
  return !variable || variable.defs.length === 0;
}

const DISPLAY_METHODS = new Set(['toLocaleString', 'toLocaleDateString', 'toLocaleTimeString', 'toDateString', 'toTimeString', 'toString']);

/** `new Date(y, m, 1).toLocaleDateString()`, `format(new Date(y, m, 1), 'MMM')`: a label, not a run time. */
function isFormattedForDisplay(node: TSESTree.NewExpression): boolean {
  const parent = node.parent;
  if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === node) return DISPLAY_METHODS.has(memberName(parent) ?? '');
  if (parent.type === AST_NODE_TYPES.CallExpression && parent.arguments.includes(node)) {
    const callee = unwrapExpression(parent.callee);
    const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? memberName(callee) : undefined;
    return name !== undefined && /^format/i.test(name);
  }
  return false;
}
