import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import {
  declarationOf,
  getTypeServices,
  isFromPackage,
  memberName,
  originOfDeclaration,
  resolveCallTarget,
  unwrapCallee,
  unwrapExpression,
} from './origin.js';
import { getPitfallsSettings } from './settings.js';

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** Methods that write a log record, across console, pino, winston, bunyan, Nest's Logger and friends. */
const LOG_METHODS = new Set([
  'log',
  'info',
  'warn',
  'warning',
  'error',
  'debug',
  'trace',
  'fatal',
  'verbose',
  'silly',
  'notice',
  'crit',
  'critical',
  'alert',
  'emerg',
  'emergency',
  'http',
]);

/** `console` also has these; they print the error just the same. */
const CONSOLE_ONLY_METHODS = new Set(['dir', 'table', 'group', 'groupCollapsed']);

/** Packages whose log methods, found through their declarations, are loggers whatever the receiver is called. */
const LOGGER_PACKAGES = ['pino', 'winston', 'bunyan', 'log4js', 'loglevel', 'consola', 'signale', 'tslog', 'roarr', 'console'];

/** `@nestjs/common` exports more than a logger; only these owners are one. */
const NEST_LOGGER_OWNERS = new Set(['Logger', 'LoggerService', 'ConsoleLogger']);

/**
 * Whether a call writes a log record and does nothing else: `logger.warn(...)`,
 * `this.logger.error(...)`, `req.log.error(...)`, `console.error(...)`,
 * `logger.child({ jobId }).warn(...)`, or a name from `settings.pitfalls.loggers`.
 *
 * With type information (or an import the file makes) a pino/winston/bunyan logger is
 * recognised by where its method is declared, whatever the variable is called;
 * otherwise the receiver's name decides (`console`, `log`, `logger`, `*Logger`, `*Log`).
 */
export function isLoggerCall(call: TSESTree.CallExpression, context: Context): boolean {
  const callee = unwrapCallee(call.callee);
  const extraNames = getPitfallsSettings(context).loggers;
  // A bare function named in settings (`logError(err)`) is a logger too.
  if (callee.type === AST_NODE_TYPES.Identifier) return extraNames.has(callee.name);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const method = memberName(callee);
  if (!method) return false;
  const target = resolveCallTarget(call, context);
  if (target?.origin && LOG_METHODS.has(target.member) && isLoggerOrigin(target.origin, target.owner)) return true;
  return isNamedLoggerMethod(callee, method, context);
}

/**
 * Whether an expression is a log method used as a value, as in `.catch(console.error)`
 * or `.catch(logger.warn)`.
 */
export function isLoggerMethodReference(node: TSESTree.Expression, context: Context): boolean {
  const expression = unwrapCallee(node);
  if (expression.type === AST_NODE_TYPES.Identifier) return getPitfallsSettings(context).loggers.has(expression.name);
  if (expression.type !== AST_NODE_TYPES.MemberExpression) return false;
  const method = memberName(expression);
  if (!method) return false;
  if (LOG_METHODS.has(method) && !expression.computed) {
    const services = getTypeServices(context);
    if (services) {
      const declaration = declarationOf(services.program.getTypeChecker(), services.esTreeNodeToTSNodeMap.get(expression.property));
      if (declaration && isLoggerOrigin(originOfDeclaration(declaration), undefined)) return true;
    }
  }
  return isNamedLoggerMethod(expression, method, context);
}

function isLoggerOrigin(origin: Parameters<typeof isFromPackage>[0], owner: string | undefined): boolean {
  if (isFromPackage(origin, LOGGER_PACKAGES)) return true;
  return isFromPackage(origin, ['@nestjs/common']) && owner !== undefined && NEST_LOGGER_OWNERS.has(owner);
}

function isNamedLoggerMethod(callee: TSESTree.MemberExpression, method: string, context: Context): boolean {
  const receiver = unwrapExpression(callee.object);
  const receiverName = terminalName(receiver);
  if (receiverName === 'console') return LOG_METHODS.has(method) || CONSOLE_ONLY_METHODS.has(method);
  if (!LOG_METHODS.has(method)) return false;
  if (receiverName !== undefined) {
    return isLoggerName(receiverName) || getPitfallsSettings(context).loggers.has(receiverName);
  }
  // `logger.child({ jobId }).warn(...)`: a child logger is still a logger.
  if (receiver.type === AST_NODE_TYPES.CallExpression) {
    const inner = unwrapCallee(receiver.callee);
    if (inner.type === AST_NODE_TYPES.MemberExpression && memberName(inner) === 'child') {
      const parentName = terminalName(unwrapExpression(inner.object));
      return parentName !== undefined && (isLoggerName(parentName) || getPitfallsSettings(context).loggers.has(parentName));
    }
  }
  return false;
}

/**
 * `log`, `logger`, `Logger` (Nest's static logger), and camelCase or snake_case
 * names ending in one: `appLogger`, `auditLog`, `request_logger`. A lowercase run
 * (`catalog`, `backlog`, `dialog`) is not a logger.
 */
export function isLoggerName(name: string): boolean {
  return /^(?:log|logger)$/i.test(name) || /(?:Log|Logger|_log|_logger)$/.test(name);
}

/** `logger` in `logger`, `this.logger`, `this.#logger`, `req.log`, `deps['logger']`. */
function terminalName(node: TSESTree.Node): string | undefined {
  if (node.type === AST_NODE_TYPES.Identifier) return node.name;
  if (node.type === AST_NODE_TYPES.MemberExpression) {
    if (node.property.type === AST_NODE_TYPES.PrivateIdentifier) return node.property.name;
    return memberName(node);
  }
  return undefined;
}

