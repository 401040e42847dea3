import tsParser from '@typescript-eslint/parser';
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import { isFunctionLike, type FunctionLike } from '../../src/knowledge/handlers.js';
import { isLazyModuleInitialisation, isStartupFunction } from '../../src/knowledge/run-once.js';

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** Runs `probe` over every node of `code` inside a real lint, and returns what it collected. */
function collect(code: string, probe: (node: TSESTree.Node, context: Context) => string | undefined): string[] {
  const found: string[] = [];
  const rule: TSESLint.RuleModule<string> = {
    meta: { type: 'problem', messages: {}, schema: [] },
    defaultOptions: [],
    create: (context) => ({
      '*': (node: TSESTree.Node) => {
        const result = probe(node, context);
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

function nameOf(fn: FunctionLike): string {
  if (fn.id) return fn.id.name;
  const holder = fn.parent;
  if (holder.type === AST_NODE_TYPES.VariableDeclarator && holder.id.type === AST_NODE_TYPES.Identifier) return holder.id.name;
  if (holder.type === AST_NODE_TYPES.MethodDefinition && holder.key.type === AST_NODE_TYPES.Identifier) return holder.key.name;
  return `<line ${fn.loc.start.line}>`;
}

const startupFunctions = (code: string) =>
  collect(code, (node, context) => (isFunctionLike(node) && isStartupFunction(node, context) ? nameOf(node) : undefined));

describe('isStartupFunction', () => {
  it('knows main() called from module top level and the helpers only it calls', () => {
    expect(
      startupFunctions(`
        async function loadConfig() { return {}; }
        const loadCerts = async () => ({});
        async function main() { await loadConfig(); await loadCerts(); }
        main().catch(() => process.exit(1));
      `),
    ).toEqual(['loadConfig', 'loadCerts', 'main']);
  });

  it('knows functions that start the server themselves', () => {
    // The timer callback (line 5) starts the server, not `handler` around it.
    expect(
      startupFunctions(`
        import { NestFactory } from '@nestjs/core';
        export async function start(app: { listen(port: number): void }) { app.listen(3000); }
        export async function bootstrap() { await NestFactory.create({}); }
        export async function handler(app: { listen(port: number): void }) { setTimeout(() => app.listen(1)); }
      `),
    ).toEqual(['start', 'bootstrap', '<line 5>']);
  });

  it('does not count exported functions, functions called per request, or functions passed as values', () => {
    expect(
      startupFunctions(`
        export async function main() {}
        async function reload() {}
        async function tick() {}
        async function twice() {}
        app.post('/reload', async () => { await reload(); });
        setInterval(tick, 1000);
        await twice();
        app.get('/twice', async () => twice());
      `),
    ).toEqual([]);
  });

  it('knows NestJS init hooks and Fastify plugins', () => {
    expect(
      startupFunctions(`
        import fp from 'fastify-plugin';
        import Fastify, { type FastifyPluginAsync } from 'fastify';
        class Keys { async onModuleInit() {} async onApplicationBootstrap() {} async onModuleDestroy() {} }
        export default fp(async (fastify) => {});
        const app = Fastify();
        app.register(async (instance) => {});
        export const routes: FastifyPluginAsync = async (fastify) => {};
      `),
    ).toEqual(['onModuleInit', 'onApplicationBootstrap', '<line 5>', '<line 7>', 'routes']);
  });
});

const lazyCalls = (code: string) =>
  collect(code, (node, context) =>
    node.type === AST_NODE_TYPES.CallExpression &&
    node.callee.type === AST_NODE_TYPES.Identifier &&
    node.callee.name === 'load' &&
    isLazyModuleInitialisation(node, context)
      ? `line ${node.loc.start.line}`
      : undefined,
  );

describe('isLazyModuleInitialisation', () => {
  it('knows first-use loads of module-level variables', () => {
    expect(
      lazyCalls(`
        declare function load(): string;
        let a: string | undefined, b: string | undefined, c: object | undefined, d: string | undefined, e: string | undefined;
        export function get() {
          a ??= load();
          b ||= JSON.parse(load()).toString();
          c = c ?? (c = { value: load() });
          if (!d) d = load();
          if (e === undefined) {
            load();
            e = 'ready';
          }
        }
      `),
    ).toEqual(['line 5', 'line 6', 'line 7', 'line 8', 'line 10']);
  });

  it('does not count locals, unguarded assignments or unrelated conditions', () => {
    expect(
      lazyCalls(`
        declare function load(): string;
        let shared: string | undefined;
        declare const verbose: boolean;
        export function get() {
          let local: string | undefined;
          local ??= load();
          shared = load();
          if (verbose) shared = load();
          if (!shared) { setTimeout(() => { shared = load(); }); }
        }
      `),
    ).toEqual([]);
  });
});
