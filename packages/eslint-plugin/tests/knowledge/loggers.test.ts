import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { isLoggerCall, isLoggerMethodReference, isLoggerName } from '../../src/knowledge/loggers.js';
import { createRule } from '../../src/util/create-rule.js';
import { typedRuleTester, untypedRuleTester } from '../rule-tester.js';

describe('isLoggerName', () => {
  it.each(['log', 'logger', 'Logger', 'LOGGER', 'appLogger', 'auditLog', 'request_logger', 'pinoLogger'])('%s is a logger', (name) => {
    expect(isLoggerName(name)).toBe(true);
  });
  it.each(['catalog', 'backlog', 'dialog', 'blog', 'logs', 'loggedIn', 'changelogs', 'login'])('%s is not a logger', (name) => {
    expect(isLoggerName(name)).toBe(false);
  });
});

// A test-only rule that reports every call isLoggerCall accepts and every
// `.catch(x)` argument isLoggerMethodReference accepts.
const reportLoggers = createRule({
  name: 'report-loggers',
  meta: {
    type: 'problem',
    docs: { description: 'test', recommended: 'strict', domains: ['errors'], seed: 'test' },
    messages: { logger: '{{callee}}' },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    const report = (node: TSESTree.Node, callee: TSESTree.Node) =>
      context.report({ node, messageId: 'logger', data: { callee: context.sourceCode.getText(callee) } });
    return {
      CallExpression(call) {
        if (isLoggerCall(call, context)) report(call, call.callee);
        const [argument] = call.arguments;
        if (argument && argument.type !== 'SpreadElement' && isLoggerMethodReference(argument, context)) report(argument, argument);
      },
    };
  },
});

const loggers = (...callees: string[]) => callees.map((callee) => ({ messageId: 'logger' as const, data: { callee } }));

untypedRuleTester().run('isLoggerCall without types', reportLoggers, {
  valid: [
    'catalog.error(err);',
    'log.push(err);',
    'logger.child({ jobId });',
    'logger.flush();',
    'errors.push(err);',
    'dialog.warn("x");',
    'report(err);',
    'obj[method](err);',
    'Sentry.captureException(err);',
    'span.recordException(err);',
    'p.catch(next);',
    'p.catch(reject);',
    'p.catch(logger.child);',
  ],
  invalid: [
    { code: 'console.error(err);', errors: loggers('console.error') },
    { code: 'console.table(rows);', errors: loggers('console.table') },
    { code: 'logger.warn({ err }, "cache miss");', errors: loggers('logger.warn') },
    { code: 'log.error(err);', errors: loggers('log.error') },
    { code: 'class S { run() { this.logger.error("boom", err); } }', errors: loggers('this.logger.error') },
    { code: 'class S { #logger: any; run() { this.#logger.warn("boom"); } }', errors: loggers('this.#logger.warn') },
    { code: 'req.log.error(err);', errors: loggers('req.log.error') },
    { code: 'request.log.warn(err);', errors: loggers('request.log.warn') },
    { code: 'ctx.log.info(err);', errors: loggers('ctx.log.info') },
    { code: 'fastify.log.fatal(err);', errors: loggers('fastify.log.fatal') },
    { code: 'this.auditLog.error(err);', errors: loggers('this.auditLog.error') },
    { code: 'Logger.error("failed", err);', errors: loggers('Logger.error') },
    { code: 'logger?.warn(err);', errors: loggers('logger?.warn') },
    { code: 'logger.child({ jobId }).warn(err);', errors: loggers('logger.child({ jobId }).warn') },
    {
      code: "import pino from 'pino';\nconst audit = pino();\naudit.error(err);",
      errors: loggers('audit.error'),
    },
    {
      code: "import winston from 'winston';\nconst out = winston.createLogger({});\nout.warn('x');",
      errors: loggers('out.warn'),
    },
    {
      code: 'audit.error(err);\nreportFailure(err);',
      settings: { pitfalls: { loggers: ['audit', 'reportFailure'] } },
      errors: loggers('audit.error', 'reportFailure'),
    },
    { code: 'p.catch(console.error);', errors: loggers('console.error') },
    { code: 'p.catch(logger.warn);', errors: loggers('logger.warn') },
  ],
});

typedRuleTester().run('isLoggerCall with types', reportLoggers, {
  valid: [
    'const history = { error(e: unknown) { return e; } };\nhistory.error(new Error("x"));',
    "import pino from 'pino';\nconst out = pino();\nout.child({ a: 1 });",
    "import { Logger } from '@nestjs/common';\nLogger.overrideLogger(false);",
  ],
  invalid: [
    {
      code: "import pino from 'pino';\nconst audit = pino();\nexport function f(err: Error) { audit.error(err); }",
      errors: loggers('audit.error'),
    },
    {
      code: "import pino from 'pino';\nclass Jobs { constructor(private readonly sink = pino()) {}\n  fail(err: Error) { this.sink.warn({ err }, 'job failed'); } }",
      errors: loggers('this.sink.warn'),
    },
    {
      code: "import winston from 'winston';\nconst out = winston.createLogger({});\nexport function f() { out.warn('x'); }",
      errors: loggers('out.warn'),
    },
    {
      code: "import type { FastifyInstance } from 'fastify';\nexport function f(app: FastifyInstance, err: Error) { app.log.error(err); }",
      errors: loggers('app.log.error'),
    },
    {
      code: "import type { FastifyRequest } from 'fastify';\nexport function f(incoming: FastifyRequest, err: Error) { incoming.log.warn(err); }",
      errors: loggers('incoming.log.warn'),
    },
    {
      code: "import { Logger } from '@nestjs/common';\nclass S { private readonly out = new Logger(S.name);\n  run(err: Error) { this.out.error(err.message); } }",
      errors: loggers('this.out.error'),
    },
    {
      code: "import pino from 'pino';\nconst sink = pino();\nexport const p = Promise.resolve().catch(sink.error);",
      errors: loggers('sink.error'),
    },
  ],
});
