import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import {
  defaultValueText,
  isCleanupBlock,
  isCleanupCall,
  isCleanupName,
  isRetryAttempt,
  isSecondaryFailure,
  onlyLogCall,
  swallowingStatements,
  type Swallow,
  type SwallowExit,
} from '../knowledge/error-handling.js';
import { isLoggerMethodReference } from '../knowledge/loggers.js';
import { calleeName, getTypeServices, memberName, unwrapExpression } from '../knowledge/origin.js';
import { isFileMatchedBy } from '../util/files.js';
import { createRule } from '../util/create-rule.js';

type MessageIds = 'emptyCatch' | 'logOnly' | 'defaultOnly' | 'promiseCatch' | 'rethrowWithCause';

export interface Options {
  allowedWrappers: string[];
  ignoreFiles: string[];
  allowWithComment: boolean;
  reportDefaultWithoutLog: boolean;
}

/** Comments that are not a reason for swallowing: open tasks, tool directives, lint-test annotations (`// expect: pitfalls/...`). */
const NOT_AN_EXPLANATION =
  /^(?:TODO|FIXME|XXX|HACK)\b|^(?:eslint|@ts-|istanbul |c8 |v8 |prettier-ignore|biome-ignore|oxlint|global |expect:|Noncompliant)/i;

type FunctionNode = TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression | TSESTree.FunctionDeclaration;

export default createRule<[Partial<Options>], MessageIds>({
  name: 'no-swallowed-error',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow catches that hide a failure by doing nothing, only logging, or returning a default value',
      recommended: 'recommended',
      domains: ['errors'],
      seed: '001 P4',
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        properties: {
          allowedWrappers: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            uniqueItems: true,
            description:
              'Decorators and wrapper functions whose functions may catch broadly (`@SafeHandler()`, `safeHandler(async () => {...})`): catches inside them are not reported.',
          },
          ignoreFiles: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            uniqueItems: true,
            description: 'Globs (minimatch, relative to the ESLint working directory) of files where broad catches are allowed.',
          },
          allowWithComment: {
            type: 'boolean',
            description:
              'Treat a catch (or `.catch()` handler) that holds a comment saying why (`catch { /* optional: ... */ }`) as a documented decision and do not report it. TODO/FIXME notes and lint directives do not count.',
          },
          reportDefaultWithoutLog: {
            type: 'boolean',
            description:
              'Also report a catch that only returns a default value, `continue`s or `break`s without logging (`catch { return null }`), which is often a deliberate try-parse.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [
      {
        allowedWrappers: ['safeHandler', 'SafeHandler'],
        ignoreFiles: [],
        allowWithComment: true,
        reportDefaultWithoutLog: false,
      },
    ],
    messages: {
      emptyCatch:
        'This empty catch hides the failure: the caller cannot tell the operation failed and nothing records it. Handle the error, rethrow it with `cause`, or say in a comment why ignoring it is safe.',
      logOnly:
        'This catch only logs with `{{logger}}` and {{outcome}}: the caller cannot tell the operation failed. Rethrow with `cause`, return an error result, or answer with an error status.',
      defaultOnly:
        'This catch {{outcome}} without recording the error: the caller cannot tell a failure from an empty result. Rethrow with `cause` or return an error result.',
      promiseCatch:
        'This `.catch()` {{outcome}}: whoever awaits the promise cannot tell the operation failed. Rethrow with `cause`, or let the rejection reach a handler that can answer it.',
      rethrowWithCause: "Rethrow as `new Error('{{description}}', { cause: {{cause}} })` so the caller sees the failure.",
    },
  },
  create(context, [userOptions]) {
    // meta.defaultOptions is merged under what the user set, so every option is present.
    const options = userOptions as Options;
    if (isFileMatchedBy(context, options.ignoreFiles)) return {};
    const wrappers = new Set(options.allowedWrappers);
    const { sourceCode } = context;

    function checkCatchClause(clause: TSESTree.CatchClause): void {
      const tryStatement = clause.parent;
      // Failing to delete a temp file or release a client loses nothing the caller needs.
      if (isCleanupBlock(tryStatement.block) || isSecondaryFailure(tryStatement)) return;
      const swallow = swallowingStatements(clause.body.body, context);
      if (!swallow || isRetryAttempt(tryStatement, swallow, context)) return;
      const messageId = catchVerdict(swallow);
      if (!messageId || isExcused(clause, clause.body)) return;
      const [firstLog] = swallow.logCalls;
      context.report({
        node: clause,
        loc: { start: clause.loc.start, end: sourceCode.getTokenBefore(clause.body)?.loc.end ?? clause.loc.end },
        messageId,
        data: {
          ...(firstLog ? { logger: sourceCode.getText(firstLog.callee) } : {}),
          outcome: describeExit(lastExit(swallow, clause.body)),
        },
        suggest: catchClauseSuggestion(clause, swallow),
      });
    }

    function catchVerdict(swallow: Swallow): MessageIds | undefined {
      if (swallow.logCalls.length > 0) return 'logOnly';
      if (swallow.exits.length > 0) return options.reportDefaultWithoutLog ? 'defaultOnly' : undefined;
      return 'emptyCatch';
    }

    /**
     * Swallows someone has owned up to: explained in a comment inside the handler,
     * inside a cleanup function (`close()`, `releaseLock()`), or inside a handler
     * marked as allowed to catch broadly.
     */
    function isExcused(node: TSESTree.Node, handler: TSESTree.Node): boolean {
      if (options.allowWithComment && hasExplanatoryComment(handler)) return true;
      const name = enclosingFunctionName(node);
      if (name !== undefined && isCleanupName(name)) return true;
      return isInsideAllowedWrapper(node, wrappers, context);
    }

    function hasExplanatoryComment(handler: TSESTree.Node): boolean {
      return sourceCode.getCommentsInside(handler).some((comment) => {
        const text = comment.value.replace(/^[\s*]+/, '');
        return text !== '' && !NOT_AN_EXPLANATION.test(text);
      });
    }

    function catchClauseSuggestion(
      clause: TSESTree.CatchClause,
      swallow: Swallow,
    ): TSESLint.SuggestionReportDescriptor<MessageIds>[] {
      // `catch ({ message })` leaves no name for the error itself to pass as `cause`.
      if (clause.param && clause.param.type !== AST_NODE_TYPES.Identifier) return [];
      const cause = clause.param?.name ?? freshErrorName(clause.body);
      const description = describeFailure(clause, swallow.logCalls, undefined);
      return [
        {
          messageId: 'rethrowWithCause',
          data: { description, cause },
          fix: (fixer) => {
            const fixes = [rethrowFix(fixer, clause.body, throwStatement(description, cause))];
            const catchKeyword = sourceCode.getFirstToken(clause);
            if (!clause.param && catchKeyword) fixes.push(fixer.insertTextAfter(catchKeyword, ` (${cause})`));
            return fixes;
          },
        },
      ];
    }

    function checkPromiseCatch(call: TSESTree.CallExpression): void {
      const callee = unwrapExpression(call.callee);
      if (callee.type !== AST_NODE_TYPES.MemberExpression || memberName(callee) !== 'catch') return;
      const handler = call.arguments[0];
      if (!handler || handler.type === AST_NODE_TYPES.SpreadElement) return;
      const swallow = promiseHandlerSwallow(handler);
      if (!swallow || !isThenable(callee.object)) return;
      const discarded = isResultDiscarded(call);
      // A fire-and-forget promise has no caller to tell: logging is all a handler can do there.
      if (discarded && swallow.logged.length > 0) return;
      // `pending.catch(() => {})` on its own line only marks a promise that is awaited elsewhere as handled.
      if (discarded && isExistingPromise(callee.object)) return;
      if (isSecondaryFailure(call)) return;
      if (isCleanupCall(callee.object) || isSuccessProbe(callee.object)) return;
      if (isExcused(call, handler)) return;
      const propertyStart = callee.computed ? sourceCode.getTokenBefore(callee.property) : callee.property;
      context.report({
        node: call,
        loc: { start: (propertyStart ?? callee.property).loc.start, end: call.loc.end },
        messageId: 'promiseCatch',
        data: {
          outcome:
            swallow.logged.length > 0
              ? `only logs with \`${swallow.logged[0]}\` and resolves with \`${swallow.value}\``
              : `ignores the error and resolves with \`${swallow.value}\``,
        },
        // Rethrowing from a promise nobody awaits only trades a silent failure for an unhandled rejection.
        suggest: discarded ? [] : promiseCatchSuggestion(call, callee.object, handler, swallow),
      });
    }

    interface HandlerSwallow {
      /** Source text of the loggers it calls. */
      readonly logged: readonly string[];
      readonly logCalls: readonly TSESTree.CallExpression[];
      /** What the promise resolves with instead of rejecting. */
      readonly value: string;
    }

    /** What a `.catch()` handler does, when all it does is swallow. */
    function promiseHandlerSwallow(handler: TSESTree.Expression): HandlerSwallow | undefined {
      if (handler.type !== AST_NODE_TYPES.ArrowFunctionExpression && handler.type !== AST_NODE_TYPES.FunctionExpression) {
        return isLoggerMethodReference(handler, context)
          ? { logged: [sourceCode.getText(handler)], logCalls: [], value: 'undefined' }
          : undefined;
      }
      if (handler.body.type !== AST_NODE_TYPES.BlockStatement) return swallowingExpression(handler.body);
      const swallow = swallowingStatements(handler.body.body, context);
      if (!swallow) return undefined;
      const exit = lastExit(swallow, handler.body);
      const value = exit?.kind === 'return' && exit.value !== undefined ? exit.value : 'undefined';
      return {
        logged: swallow.logCalls.map((logCall) => sourceCode.getText(logCall.callee)),
        logCalls: swallow.logCalls,
        value,
      };
    }

    /** `() => null`, `(err) => logger.warn(err)`, `(err) => (log.error(err), [])`. */
    function swallowingExpression(body: TSESTree.Expression): HandlerSwallow | undefined {
      const parts = unwrapExpression(body).type === AST_NODE_TYPES.SequenceExpression
        ? (unwrapExpression(body) as TSESTree.SequenceExpression).expressions
        : [body];
      const logCalls: TSESTree.CallExpression[] = [];
      let value = 'undefined';
      for (const [index, part] of parts.entries()) {
        const logCall = onlyLogCall(part, context);
        if (logCall) {
          logCalls.push(logCall);
          continue;
        }
        const defaultValue = index === parts.length - 1 ? defaultValueText(part, context) : undefined;
        if (defaultValue === undefined) return undefined;
        value = defaultValue;
      }
      return {
        logged: logCalls.map((logCall) => sourceCode.getText(logCall.callee)),
        logCalls,
        value,
      };
    }

    function promiseCatchSuggestion(
      call: TSESTree.CallExpression,
      receiver: TSESTree.Expression,
      handler: TSESTree.Expression,
      swallow: HandlerSwallow,
    ): TSESLint.SuggestionReportDescriptor<MessageIds>[] {
      const description = describeFailure(call, swallow.logCalls, receiver);
      const isFunction =
        handler.type === AST_NODE_TYPES.ArrowFunctionExpression || handler.type === AST_NODE_TYPES.FunctionExpression;
      const firstParam = isFunction ? handler.params[0] : undefined;
      const cause = firstParam?.type === AST_NODE_TYPES.Identifier ? firstParam.name : 'error';
      const rethrow = throwStatement(description, cause);
      const suggestion = (fix: TSESLint.ReportFixFunction): TSESLint.SuggestionReportDescriptor<MessageIds>[] => [
        { messageId: 'rethrowWithCause', data: { description, cause }, fix },
      ];
      if (!isFunction) {
        // `.catch(console.error)`: keep the log, then rethrow.
        const logged = sourceCode.getText(handler);
        return suggestion((fixer) => fixer.replaceText(handler, `(${cause}) => { ${logged}(${cause}); ${rethrow} }`));
      }
      // Nothing but a default value: the handler has nothing worth keeping.
      if (swallow.logCalls.length === 0) {
        const asyncPrefix = handler.async ? 'async ' : '';
        return suggestion((fixer) => fixer.replaceText(handler, `${asyncPrefix}(${cause}) => { ${rethrow} }`));
      }
      if (firstParam && firstParam.type !== AST_NODE_TYPES.Identifier) return [];
      return suggestion((fixer) => {
        const fixes: TSESLint.RuleFix[] = [];
        if (!firstParam) {
          const openParen = sourceCode.getFirstToken(handler, (token) => token.value === '(');
          if (openParen) fixes.push(fixer.insertTextAfter(openParen, cause));
        }
        if (handler.body.type === AST_NODE_TYPES.BlockStatement) {
          fixes.push(rethrowFix(fixer, handler.body, rethrow));
          return fixes;
        }
        // From after `=>` to the end, so that `(log.error(err), [])` loses its parentheses too.
        const arrow = sourceCode.getTokenBefore(handler.body, { filter: (token) => token.value === '=>' });
        const bodyStart = arrow ? sourceCode.getTokenAfter(arrow) : undefined;
        if (!bodyStart) return fixes;
        fixes.push(
          fixer.replaceTextRange([bodyStart.range[0], handler.range[1]], `{ ${sourceCode.getText(handler.body)}; ${rethrow} }`),
        );
        return fixes;
      });
    }

    /** Type-aware: a `.catch` on something that is not a promise (a query builder is thenable) is someone else's API. */
    function isThenable(receiver: TSESTree.Expression): boolean {
      const services = getTypeServices(context);
      if (!services) return true;
      const checker = services.program.getTypeChecker();
      const type = checker.getNonNullableType(services.getTypeAtLocation(receiver));
      if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return true;
      return checker.getPropertyOfType(checker.getApparentType(type), 'then') !== undefined;
    }

    /**
     * The text the suggested `throw` carries: the message the log already wrote,
     * else what failed (`fetchUser failed`), else a placeholder to edit.
     */
    function describeFailure(
      node: TSESTree.Node,
      logCalls: readonly TSESTree.CallExpression[],
      receiver: TSESTree.Expression | undefined,
    ): string {
      for (const logCall of logCalls) {
        for (const argument of logCall.arguments) {
          const text = staticString(argument);
          if (text) return escapeSingleQuoted(text);
        }
      }
      const receiverCall = receiver && unwrapExpression(receiver);
      const failed =
        (receiverCall?.type === AST_NODE_TYPES.CallExpression ? calleeName(receiverCall.callee) : undefined) ??
        enclosingFunctionName(node);
      return failed ? escapeSingleQuoted(`${failed} failed`) : 'Operation failed';
    }

    /** `error`, unless the catch body already uses that name for something else. */
    function freshErrorName(body: TSESTree.BlockStatement): string {
      return /\berror\b/.test(sourceCode.getText(body)) ? 'caughtError' : 'error';
    }

    /**
     * Puts the rethrow where the swallow was: in place of a trailing
     * `return null`/`continue`/`break`, or after the last statement.
     */
    function rethrowFix(fixer: TSESLint.RuleFixer, block: TSESTree.BlockStatement, rethrow: string): TSESLint.RuleFix {
      const last = block.body.at(-1);
      if (
        last &&
        (last.type === AST_NODE_TYPES.ReturnStatement ||
          last.type === AST_NODE_TYPES.ContinueStatement ||
          last.type === AST_NODE_TYPES.BreakStatement)
      ) {
        return fixer.replaceText(last, rethrow);
      }
      const openBrace = sourceCode.getFirstToken(block);
      const comments = sourceCode.getCommentsInside(block);
      const candidates: { range: TSESTree.Range }[] = [...(openBrace ? [openBrace] : []), ...comments, ...(last ? [last] : [])];
      const anchorEnd = Math.max(...candidates.map((candidate) => candidate.range[1]));
      if (last && block.loc.start.line === block.loc.end.line) {
        // `catch (e) { log.warn(e) }` stays on one line; without a newline, ASI will not end the statement.
        const separator = sourceCode.getLastToken(last)?.value !== ';' && last.type === AST_NODE_TYPES.ExpressionStatement ? ';' : '';
        return fixer.replaceTextRange([anchorEnd, block.range[1] - 1], `${separator} ${rethrow} `);
      }
      const outer = lineIndent(block.range[1] - 1);
      const first = block.body[0];
      const inner =
        first && sourceCode.getTokenBefore(first)?.loc.end.line !== first.loc.start.line
          ? lineIndent(first.range[0])
          : `${outer}  `;
      return fixer.replaceTextRange([anchorEnd, block.range[1] - 1], `\n${inner}${rethrow}\n${outer}`);
    }

    function lineIndent(offset: number): string {
      const line = sourceCode.lines[sourceCode.getLocFromIndex(offset).line - 1] ?? '';
      return /^\s*/.exec(line)?.[0] ?? '';
    }

    return {
      CatchClause: checkCatchClause,
      CallExpression: checkPromiseCatch,
    };
  },
});


/** The statement whose exit describes the catch: the last one at its top level, else the first anywhere. */
function lastExit(swallow: Swallow, block: TSESTree.BlockStatement): SwallowExit | undefined {
  const topLevel = swallow.exits.filter((exit) => exit.statement.parent === block);
  return topLevel.at(-1) ?? swallow.exits[0];
}

function describeExit(exit: SwallowExit | undefined): string {
  if (!exit) return 'carries on as if it succeeded';
  if (exit.kind === 'continue') return 'skips to the next iteration';
  if (exit.kind === 'break') return 'leaves the loop';
  return exit.value === undefined ? 'returns nothing' : `returns \`${exit.value}\``;
}

function throwStatement(description: string, cause: string): string {
  return `throw new Error('${description}', { cause: ${cause} });`;
}

/**
 * Whether a promise's result is thrown away (`void send().catch(...)`,
 * `send().catch(...);`), so nothing waits on it.
 */
function isResultDiscarded(call: TSESTree.CallExpression): boolean {
  let node: TSESTree.Node = call;
  if (node.parent?.type === AST_NODE_TYPES.ChainExpression) node = node.parent;
  if (node.parent?.type === AST_NODE_TYPES.UnaryExpression && node.parent.operator === 'void') node = node.parent;
  return node.parent?.type === AST_NODE_TYPES.ExpressionStatement;
}

/** `pending` or `this.ready`: a promise made elsewhere, as opposed to `send()` creating one here. */
function isExistingPromise(receiver: TSESTree.Expression): boolean {
  const inner = unwrapExpression(receiver);
  return inner.type === AST_NODE_TYPES.Identifier || inner.type === AST_NODE_TYPES.MemberExpression;
}

/** `fs.access(p).then(() => true).catch(() => false)`: the promise is turned into a yes/no answer on purpose. */
function isSuccessProbe(receiver: TSESTree.Expression): boolean {
  const inner = unwrapExpression(receiver);
  if (inner.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = unwrapExpression(inner.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || memberName(callee) !== 'then') return false;
  const onFulfilled = inner.arguments[0];
  return (
    onFulfilled?.type === AST_NODE_TYPES.ArrowFunctionExpression &&
    onFulfilled.body.type === AST_NODE_TYPES.Literal
  );
}

/**
 * Whether the node sits in a function marked as one that may catch broadly:
 * decorated (`@SafeHandler()` on it or its class) or wrapped
 * (`safeHandler(async (event) => {...})`, `bus.on('x', safeHandler(onEvent))`).
 */
function isInsideAllowedWrapper(
  node: TSESTree.Node,
  wrappers: ReadonlySet<string>,
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
): boolean {
  if (wrappers.size === 0) return false;
  for (let current = node.parent; current; current = current.parent) {
    if (
      current.type === AST_NODE_TYPES.ArrowFunctionExpression ||
      current.type === AST_NODE_TYPES.FunctionExpression ||
      current.type === AST_NODE_TYPES.FunctionDeclaration
    ) {
      if (isMarkedFunction(current, wrappers, context)) return true;
    }
  }
  return false;
}

function isMarkedFunction(
  fn: FunctionNode,
  wrappers: ReadonlySet<string>,
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
): boolean {
  const parent = fn.parent;
  // The wrapper's own implementation is where the broad catch is meant to live.
  const ownName = functionName(fn);
  if (ownName !== undefined && wrappers.has(ownName)) return true;
  if (isWrapperCallArgument(fn, wrappers)) return true;
  if (parent.type === AST_NODE_TYPES.MethodDefinition || parent.type === AST_NODE_TYPES.PropertyDefinition) {
    const classNode = parent.parent.parent;
    return hasMarkingDecorator(parent.decorators, wrappers) || hasMarkingDecorator(classNode.decorators ?? [], wrappers);
  }
  const declared =
    fn.type === AST_NODE_TYPES.FunctionDeclaration
      ? context.sourceCode.getDeclaredVariables(fn)
      : parent.type === AST_NODE_TYPES.VariableDeclarator && parent.init === fn
        ? context.sourceCode.getDeclaredVariables(parent)
        : [];
  // `async function onUserCreated() {...}` later registered as `safeHandler(onUserCreated)`.
  return declared.some((variable) => variable.references.some((reference) => isWrapperCallArgument(reference.identifier, wrappers)));
}

function isWrapperCallArgument(node: TSESTree.Node, wrappers: ReadonlySet<string>): boolean {
  const parent = node.parent;
  if (parent?.type !== AST_NODE_TYPES.CallExpression || !parent.arguments.includes(node as TSESTree.Expression)) return false;
  const name = calleeName(parent.callee);
  return name !== undefined && wrappers.has(name);
}

function hasMarkingDecorator(decorators: readonly TSESTree.Decorator[], wrappers: ReadonlySet<string>): boolean {
  return decorators.some((decorator) => {
    const expression = unwrapExpression(decorator.expression);
    const name =
      expression.type === AST_NODE_TYPES.CallExpression ? calleeName(expression.callee) : calleeName(expression);
    return name !== undefined && wrappers.has(name);
  });
}

function enclosingFunctionName(node: TSESTree.Node): string | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (
      current.type === AST_NODE_TYPES.FunctionDeclaration ||
      current.type === AST_NODE_TYPES.FunctionExpression ||
      current.type === AST_NODE_TYPES.ArrowFunctionExpression
    ) {
      // An anonymous callback (`app.get('/', async () => {...})`): an outer name would mislead.
      return functionName(current);
    }
  }
  return undefined;
}

/** `f` in `function f() {}`, `const f = () => {}`, `f() {}` in a class or object literal. */
function functionName(fn: FunctionNode): string | undefined {
  if (fn.id) return fn.id.name;
  const parent = fn.parent;
  if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) return parent.id.name;
  if (
    (parent.type === AST_NODE_TYPES.MethodDefinition ||
      parent.type === AST_NODE_TYPES.PropertyDefinition ||
      parent.type === AST_NODE_TYPES.Property) &&
    !parent.computed &&
    parent.key.type === AST_NODE_TYPES.Identifier
  ) {
    return parent.key.name;
  }
  return undefined;
}

function staticString(node: TSESTree.Node): string | undefined {
  if (node.type === AST_NODE_TYPES.Literal && typeof node.value === 'string' && node.value.trim() !== '') return node.value;
  if (node.type === AST_NODE_TYPES.TemplateLiteral && node.expressions.length === 0) {
    const cooked = node.quasis[0]?.value.cooked;
    return cooked && cooked.trim() !== '' ? cooked : undefined;
  }
  return undefined;
}

function escapeSingleQuoted(text: string): string {
  return text.replaceAll('\\', '\\\\').replaceAll("'", "\\'").replaceAll('\n', '\\n');
}
