import tsParser from '@typescript-eslint/parser';
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { Linter } from 'eslint';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import {
  authBypassFlagsIn,
  environmentTestOf,
  fileRefusesAuthBypassInProduction,
  isAuthBypassFlagName,
  isEnvStyleName,
  isRefusedInProduction,
  nameWords,
  requiresNonProduction,
} from '../../src/knowledge/env-flags.js';

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** Runs `probe` on every `if` test of `code` inside a real lint (no types), and returns what it collected. */
function probeIfTests(code: string, probe: (test: TSESTree.Expression, context: Context) => string | undefined): string[] {
  const found: string[] = [];
  const rule: TSESLint.RuleModule<string> = {
    meta: { type: 'problem', messages: {}, schema: [] },
    defaultOptions: [],
    create: (context) => ({
      IfStatement: (node: TSESTree.IfStatement) => {
        const result = probe(node.test, context);
        if (result) found.push(result);
      },
    }),
  };
  const messages = new Linter({ configType: 'flat' }).verify(
    code,
    [{ files: ['**/*.ts'], plugins: { probe: { rules: { probe: rule } } as never }, languageOptions: { parser: tsParser as never }, rules: { 'probe/probe': 'error' } }],
    { filename: 'file.ts' },
  );
  expect(messages.filter((message) => message.fatal)).toEqual([]);
  return found;
}

/** The expression of the `const <name> = …` declaration in a parsed file. */
function parsed(code: string): { file: ts.SourceFile; expression(name: string): ts.Expression } {
  const file = ts.createSourceFile('file.ts', code, ts.ScriptTarget.Latest, true);
  return {
    file,
    expression(name) {
      let found: ts.Expression | undefined;
      const visit = (node: ts.Node): void => {
        if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === name) found = node.initializer;
        ts.forEachChild(node, visit);
      };
      visit(file);
      if (!found) throw new Error(`no const ${name}`);
      return found;
    },
  };
}

describe('isAuthBypassFlagName', () => {
  it('knows the switches that turn authentication off, in every spelling', () => {
    const names = [
      'DISABLE_AUTH', 'SKIP_AUTH', 'AUTH_DISABLED', 'NO_AUTH', 'BYPASS_AUTH', 'AUTH_BYPASS', 'DISABLE_AUTHENTICATION',
      'SKIP_AUTHORIZATION', 'DEV_NO_AUTH', 'GATHERING_DISABLE_AUTH', 'DANGEROUSLY_DISABLE_AUTH', 'INSECURE', 'ALLOW_INSECURE',
      'ALLOW_UNAUTHENTICATED', 'NOAUTH', 'disableAuth', 'skipAuth', 'authDisabled', 'bypassAuth', 'isAuthDisabled',
      'skipAuthCheck', 'SKIP_AUTH_FOR_DEV', 'auth.disabled',
    ];
    expect(names.filter((name) => !isAuthBypassFlagName(name))).toEqual([]);
  });

  it('matches whole words, and not names that go on to name something else', () => {
    const names = [
      'SKIP_AUTHOR_LINKS', 'DISABLE_AUTHOR_EMAILS', 'AUTHOR', 'SKIP_AUTH_PATHS', 'NO_AUTH_ROUTES', 'ALLOW_INSECURE_TLS',
      'INSECURE_COOKIE_NAME_PREFIX', 'AUTH_BYPASS_TOKEN', 'NODE_TLS_REJECT_UNAUTHORIZED', 'AUTH_ENABLED', 'authToken',
      'authorization', 'hasNoAuthHeader', 'disabledAuthors',
    ];
    expect(names.filter(isAuthBypassFlagName)).toEqual([]);
  });

  it('splits names into words and tells environment-variable spelling apart', () => {
    expect(nameWords('isAuthDisabled')).toEqual(['is', 'auth', 'disabled']);
    expect(nameWords('JWTAuthGuard')).toEqual(['jwt', 'auth', 'guard']);
    expect(nameWords('DEV_NO_AUTH')).toEqual(['dev', 'no', 'auth']);
    expect([isEnvStyleName('DISABLE_AUTH'), isEnvStyleName('INSECURE'), isEnvStyleName('disableAuth')]).toEqual([true, true, false]);
  });
});

describe('environmentTestOf', () => {
  const cases: Array<[string, string | undefined]> = [
    ["process.env.NODE_ENV === 'production'", 'production'],
    ["process.env.NODE_ENV !== 'production'", 'non-production'],
    ["config.env === 'development'", 'non-production'],
    ["app.get('env') !== 'development'", 'production'],
    ["['development', 'test'].includes(process.env.NODE_ENV)", 'non-production'],
    ['isProd', 'production'],
    ['!isProduction', 'non-production'],
    ['import.meta.env.DEV', 'non-production'],
    ['config.isProduction === false', 'non-production'],
    ["process.env.NODE_ENV === 'development' || process.env.NODE_ENV === 'test'", 'non-production'],
    ["user.role === 'test'", undefined],
    ["process.env.NODE_ENV === 'staging'", undefined],
    ['isAdmin', undefined],
  ];
  it.each(cases)('%s → %s', (text, expected) => {
    const { file, expression } = parsed(`const probe = ${text};`);
    expect(environmentTestOf(expression('probe'), file)).toBe(expected);
  });

  it('follows a variable of the same file that holds the test', () => {
    const { file, expression } = parsed(`const inProd = process.env.NODE_ENV === 'production'; const probe = !inProd;`);
    expect(environmentTestOf(expression('probe'), file)).toBe('non-production');
  });
});

describe('requiresNonProduction', () => {
  const truthy: Array<[string, boolean]> = [
    ["process.env.DISABLE_AUTH === 'true' && process.env.NODE_ENV !== 'production'", true],
    ["!isProd && process.env.DISABLE_AUTH === 'true'", true],
    ["isProd ? false : process.env.SKIP_AUTH === '1'", true],
    ["process.env.NODE_ENV === 'development' || process.env.BYPASS_AUTH === 'yes'", false],
    ["process.env.DISABLE_AUTH === 'true' || process.env.NODE_ENV !== 'production'", false],
    ["process.env.DISABLE_AUTH === 'true'", false],
  ];
  it.each(truthy)('truthy %s → %s', (text, expected) => {
    const { file, expression } = parsed(`const probe = ${text};`);
    expect(requiresNonProduction(expression('probe'), true, file)).toBe(expected);
  });

  it('knows `!flag || isProd` is falsy only outside production', () => {
    const { file, expression } = parsed(`const probe = !process.env.DISABLE_AUTH || isProd;`);
    expect([requiresNonProduction(expression('probe'), false, file), requiresNonProduction(expression('probe'), true, file)]).toEqual([true, false]);
  });

  it('follows zero-argument helpers that return false in production first', () => {
    const { file, expression } = parsed(`
      function shouldSkipAuth() {
        if (process.env.NODE_ENV === 'production') return false;
        return process.env.SKIP_AUTH === '1';
      }
      function loose() { return process.env.SKIP_AUTH === '1'; }
      const guarded = shouldSkipAuth();
      const unguarded = loose();
    `);
    expect([requiresNonProduction(expression('guarded'), true, file), requiresNonProduction(expression('unguarded'), true, file)]).toEqual([true, false]);
  });
});

describe('fileRefusesAuthBypassInProduction', () => {
  const refuses = (code: string) => fileRefusesAuthBypassInProduction(ts.createSourceFile('file.ts', code, ts.ScriptTarget.Latest, true));

  it('recognises throws and exits that run when the flag is set in production', () => {
    expect(refuses(`if (config.disableAuth && process.env.NODE_ENV === 'production') throw new Error('no');`)).toBe(true);
    expect(refuses(`if (process.env.NODE_ENV === 'production') { if (process.env.SKIP_AUTH) process.exit(1); }`)).toBe(true);
    expect(refuses(`export function load() { const d = process.env.DISABLE_AUTH === 'true'; if (d && !isDev) { throw new Error('x'); } return d; }`)).toBe(true);
    expect(refuses(`if (isDev) { start(); } else if (process.env.NO_AUTH) { throw new Error('NO_AUTH outside development'); }`)).toBe(true);
    expect(refuses(`assert(!(process.env.DISABLE_AUTH && process.env.NODE_ENV === 'production'));`)).toBe(true);
    expect(refuses(`z.object({}).refine((env) => !(env.BYPASS_AUTH === 'true' && env.NODE_ENV === 'production'));`)).toBe(true);
  });

  it('does not count warnings, refusals outside production, or throws unrelated to the flag', () => {
    expect(refuses(`if (process.env.DISABLE_AUTH && process.env.NODE_ENV === 'production') console.warn('auth is off');`)).toBe(false);
    expect(refuses(`if (process.env.DISABLE_AUTH && process.env.NODE_ENV === 'development') throw new Error('x');`)).toBe(false);
    expect(refuses(`if (process.env.NODE_ENV === 'production' && !process.env.JWT_SECRET) throw new Error('x'); const a = process.env.DISABLE_AUTH;`)).toBe(false);
    expect(refuses(`if (process.env.DISABLE_AUTH) throw new Error('refused everywhere, no environment test');`)).toBe(false);
  });
});

describe('authBypassFlagsIn and isRefusedInProduction', () => {
  const flags = (code: string) =>
    probeIfTests(code, (test, context) => {
      const flags = authBypassFlagsIn(test, context);
      return flags.map((flag) => `${flag.name}${isRefusedInProduction(flag, test, true, context) ? ' (refused)' : ''}`).join(', ') || undefined;
    });

  it('reads environment and config flags, and follows same-file definitions', () => {
    expect(
      flags(`
        import { authDisabled } from './config';
        import { skipAuth } from './helpers';
        const { DISABLE_AUTH } = process.env;
        const bypassAuth = process.env.BYPASS_AUTH === 'true';
        const devNoAuth = !isProd && process.env.NO_AUTH === 'true';
        if (process.env['SKIP_AUTH']) {}
        if (DISABLE_AUTH) {}
        if (bypassAuth) {}
        if (devNoAuth) {}
        if (authDisabled) {}
        if (skipAuth) {}
        if (config.auth.disabled) {}
        if (configService.get('AUTH_DISABLED') === 'true') {}
        if (env.INSECURE) {}
        if (process.env.SKIP_AUTH || authDisabled) {}
      `),
    ).toEqual(['SKIP_AUTH', 'DISABLE_AUTH', 'bypassAuth', 'devNoAuth (refused)', 'authDisabled', 'auth.disabled', 'AUTH_DISABLED', 'INSECURE', 'SKIP_AUTH, authDisabled']);
  });

  it('does not read options, route settings, parameters or constants as environment flags', () => {
    expect(
      flags(`
        const DISABLE_AUTH = false;
        export function f(options, request, disableAuth) {
          if (options.skipAuth) {}
          if (request.routeOptions.config.skipAuth) {}
          if (disableAuth) {}
          if (DISABLE_AUTH) {}
        }
      `),
    ).toEqual([]);
  });

  it('sees a startup guard anywhere in the file', () => {
    expect(
      flags(`
        const config = { disableAuth: process.env.DISABLE_AUTH === 'true' };
        if (config.disableAuth) {}
        if (config.disableAuth && process.env.NODE_ENV === 'production') throw new Error('refused');
      `).map((flag) => flag.replace(/ \(refused\)$/, '!')),
    ).toEqual(['disableAuth!', 'disableAuth!']);
  });

  it('keeps the node that reads the flag', () => {
    const nodes = probeIfTests(`if (!process.env.DISABLE_AUTH) {}`, (test, context) => {
      const [flag] = authBypassFlagsIn(test, context);
      return flag && flag.node.type === AST_NODE_TYPES.MemberExpression ? context.sourceCode.getText(flag.node) : undefined;
    });
    expect(nodes).toEqual(['process.env.DISABLE_AUTH']);
  });
});
