import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import type { FunctionLike } from '../knowledge/handlers.js';
import {
  dependencyCallOf,
  dependencyTsCallOf,
  functionInThisFile,
  livenessRoutesOf,
  type DependencyCall,
  type LivenessRoute,
} from '../knowledge/health.js';
import { calleeName, declarationOf, getTypeServices, unwrapExpression } from '../knowledge/origin.js';
import { getPitfallsSettings } from '../knowledge/settings.js';
import { isNode } from '../util/ast.js';
import { createRule } from '../util/create-rule.js';
import {
  formatChain,
  implementationOf,
  isProjectFunction,
  summarizeCall,
  summarizeFunction,
  type Summary,
  type SummaryKind,
} from '../util/summaries.js';

type Options = [
  {
    livenessPaths?: string[];
    maxDepth?: number;
  },
];
type MessageIds = 'dependency' | 'dependencyThroughCall' | 'dependencyInHandler';
type Context = Readonly<TSESLint.RuleContext<MessageIds, Options>>;

const DAMAGE =
  'When {{dependency}} has a blip, every pod fails liveness at the same moment and Kubernetes restarts them all: the blip becomes an outage, and the restarted pods reconnect together and hammer {{dependency}} again. Let liveness check only this process (answer from memory: the event loop responding is the check) and move this check to a readiness route (`/readyz`), which takes the pod out of the Service instead of restarting it.';

export default createRule<Options, MessageIds>({
  name: 'no-dependency-in-liveness',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow database, cache, broker and HTTP calls in Kubernetes liveness probe handlers',
      recommended: 'recommended',
      domains: ['ops'],
      seed: '002 P7',
    },
    schema: [
      {
        type: 'object',
        properties: {
          livenessPaths: {
            type: 'array',
            items: { type: 'string' },
            uniqueItems: true,
            description:
              'Route paths your manifests point `livenessProbe` at (e.g. `/healthz`, `/health`), treated as liveness routes even where the code gives no other sign of it.',
          },
          maxDepth: {
            type: 'integer',
            minimum: 0,
            maximum: 10,
            description:
              'How many functions deep a call in a liveness handler is followed to find a dependency check (functions of other modules need type information); 0 looks only at the handler itself.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [
      {
        livenessPaths: [],
        // handler → health service → repository: the usual layering of a service.
        maxDepth: 3,
      },
    ],
    messages: {
      dependency: '`{{call}}` checks {{dependency}} inside {{route}}. ' + DAMAGE,
      dependencyThroughCall: '`{{call}}` checks {{dependency}} inside {{route}}: it reaches `{{reached}}` through {{chain}}. ' + DAMAGE,
      dependencyInHandler:
        '`{{handler}}` handles {{route}} and checks {{dependency}}: it reaches `{{reached}}` through {{chain}}. ' + DAMAGE,
    },
  },
  create(context, [options]) {
    const routes = livenessRoutesOf(context, { livenessPaths: options.livenessPaths ?? [] });
    if (routes.handlers.size === 0 && routes.external.size === 0) return {};
    const maxDepth = options.maxDepth ?? 3;
    const services = getTypeServices(context);
    const dbQueries = getPitfallsSettings(context).dbQueries;
    const summaryKind: SummaryKind<DependencyCall> = {
      id: `no-dependency-in-liveness:${dbQueries.map((matcher) => matcher.source).join(',')}`,
      leafOf: (call, checker) => dependencyTsCallOf(call, checker, dbQueries),
    };
    const localReach = new Map<FunctionLike, Reach | null>();

    /** What calling a project function (not a package) checks, through the type checker. */
    function summaryOfCall(call: TSESTree.CallExpression, depth: number): Summary<DependencyCall> | undefined {
      if (!services || depth < 1) return undefined;
      const tsCall = services.esTreeNodeToTSNodeMap.get(call);
      if (!ts.isCallExpression(tsCall)) return undefined;
      return summarizeCall(services.program, tsCall, summaryKind, { maxDepth: depth });
    }

    /**
     * The first dependency a function of this file checks, directly or through
     * the functions it calls, as a chain of names for the message.
     */
    function reachOf(fn: FunctionLike, depth: number, visiting: Set<FunctionLike>): Reach | undefined {
      const cached = localReach.get(fn);
      if (cached !== undefined) return cached ?? undefined;
      if (depth < 1 || visiting.has(fn)) return undefined;
      visiting.add(fn);
      let found: Reach | undefined;
      forEachCallIn(fn, context, (call) => {
        if (found) return;
        const direct = dependencyCallOf(call, context);
        if (direct) {
          found = { dependency: direct, reached: direct.label, chain: [`${functionLabel(fn)}()`, direct.label] };
          return;
        }
        if (call.type !== AST_NODE_TYPES.CallExpression) return;
        const local = localCallee(call, context);
        if (local) {
          const inner = reachOf(local, depth - 1, visiting);
          if (inner) found = { ...inner, chain: [`${functionLabel(fn)}()`, ...inner.chain] };
          return;
        }
        const summary = summaryOfCall(call, depth - 1);
        if (summary) found = { dependency: summary.leaf, reached: summary.leaf.label, chain: [`${functionLabel(fn)}()`, formatChain(summary.chain)] };
      });
      visiting.delete(fn);
      // Only complete answers are cached: one cut short by the depth may differ from a shallower start.
      if (found || depth >= maxDepth) localReach.set(fn, found ?? null);
      return found;
    }

    function checkHandler(fn: FunctionLike, route: LivenessRoute): void {
      const where = describeRoute(route);
      const seen = new Set<string>();
      forEachCallIn(fn, context, (call) => {
        const direct = dependencyCallOf(call, context);
        if (direct) {
          if (seen.has(direct.key)) return;
          seen.add(direct.key);
          context.report({
            node: call,
            messageId: 'dependency',
            data: { call: direct.label, dependency: direct.dependency, route: where },
          });
          return;
        }
        if (call.type !== AST_NODE_TYPES.CallExpression || maxDepth < 1) return;
        const local = localCallee(call, context);
        const reach = local ? reachOf(local, maxDepth, new Set([fn])) : reachOfSummary(summaryOfCall(call, maxDepth));
        if (!reach) return;
        const label = callLabel(call, context);
        if (seen.has(`call:${label}`)) return;
        seen.add(`call:${label}`);
        context.report({
          node: call,
          messageId: 'dependencyThroughCall',
          data: {
            call: label,
            dependency: reach.dependency.dependency,
            route: where,
            reached: reach.reached,
            chain: reach.chain.join(' → '),
          },
        });
      });
    }

    /** A liveness handler declared in another module: its summary, reported on the argument that names it. */
    function checkExternalHandler(argument: TSESTree.Expression, route: LivenessRoute): void {
      if (!services || maxDepth < 1) return;
      const name = argument.type === AST_NODE_TYPES.MemberExpression ? argument.property : argument;
      const declaration = declarationOf(services.program.getTypeChecker(), services.esTreeNodeToTSNodeMap.get(name));
      const fn = declaration && implementationOf(declaration, services.program.getTypeChecker());
      if (!fn || !isProjectFunction(services.program, fn)) return;
      const summary = summarizeFunction(services.program, fn, summaryKind, { maxDepth });
      if (!summary) return;
      context.report({
        node: argument,
        messageId: 'dependencyInHandler',
        data: {
          handler: context.sourceCode.getText(argument),
          route: describeRoute(route),
          dependency: summary.leaf.dependency,
          reached: summary.leaf.label,
          chain: formatChain(summary.chain),
        },
      });
    }

    return {
      'Program:exit'() {
        for (const [fn, route] of routes.handlers) checkHandler(fn, route);
        for (const [argument, route] of routes.external) checkExternalHandler(argument, route);
      },
    };
  },
});

interface Reach {
  readonly dependency: DependencyCall;
  /** The dependency call at the end: `pool.query()`. */
  readonly reached: string;
  /** `checkDatabase() → pool.query()`. */
  readonly chain: readonly string[];
}

function reachOfSummary(summary: Summary<DependencyCall> | undefined): Reach | undefined {
  return summary && { dependency: summary.leaf, reached: summary.leaf.label, chain: [formatChain(summary.chain)] };
}

/** How messages name the route and, for a generic path, why it is taken for the liveness probe. */
function describeRoute(route: LivenessRoute): string {
  const path = `\`${route.path}\``;
  switch (route.evidence.kind) {
    case 'path':
      return `the liveness route ${path}`;
    case 'listed':
      return `the liveness route ${path} (listed in \`livenessPaths\`)`;
    case 'readiness-route':
      return `${path}, the liveness probe here (the readiness probe is \`${route.evidence.readinessPath}\`)`;
    case 'comment':
      return `${path}, the liveness probe according to its comment`;
    case 'name':
      return `${path}, the liveness probe by its handler's name \`${route.evidence.name}\``;
  }
}

/** Calls that schedule a callback for later: what runs there does not decide this response. */
const DEFERRING_CALLS = new Set([
  'setTimeout',
  'setInterval',
  'setImmediate',
  'nextTick',
  'queueMicrotask',
  'on',
  'once',
  'addListener',
  'addEventListener',
  'prependListener',
]);

/**
 * Visits the calls that run while a handler answers: its body and the
 * callbacks inside it (a Terminus `check([() => …])` list, `Promise.all`,
 * `.then`), but not callbacks deferred to a timer or an event, not classes
 * declared inside, and not `void`-ed calls, which fire and forget.
 */
function forEachCallIn(
  fn: FunctionLike,
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
  visit: (call: TSESTree.CallExpression | TSESTree.TaggedTemplateExpression) => void,
): void {
  const keys = context.sourceCode.visitorKeys;
  const stack: TSESTree.Node[] = [fn.body];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === 'void') continue;
    if (node.type === AST_NODE_TYPES.ClassDeclaration || node.type === AST_NODE_TYPES.ClassExpression) continue;
    if ((node.type === AST_NODE_TYPES.ArrowFunctionExpression || node.type === AST_NODE_TYPES.FunctionExpression) && isDeferred(node)) continue;
    if (node.type === AST_NODE_TYPES.FunctionDeclaration) continue;
    if (node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.TaggedTemplateExpression) visit(node);
    const children: TSESTree.Node[] = [];
    for (const key of keys[node.type] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[key];
      for (const item of Array.isArray(child) ? child : [child]) if (isNode(item)) children.push(item);
    }
    // Source order, so the first dependency of a client is the one reported.
    for (let index = children.length - 1; index >= 0; index--) stack.push(children[index]!);
  }
}

function isDeferred(fn: TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression): boolean {
  const parent = fn.parent;
  if (parent.type !== AST_NODE_TYPES.CallExpression || !parent.arguments.includes(fn)) return false;
  const name = calleeName(parent.callee);
  return name !== undefined && DEFERRING_CALLS.has(name);
}

/** The function of this file a call runs: `checkDatabase()`, `this.pingDependencies()`. */
function localCallee(
  call: TSESTree.CallExpression,
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
): FunctionLike | undefined {
  const callee = unwrapExpression(call.callee);
  if (callee.type !== AST_NODE_TYPES.Identifier && callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  return functionInThisFile(callee, context);
}

function functionLabel(fn: FunctionLike): string {
  if (fn.id) return fn.id.name;
  const holder = fn.parent;
  if (holder.type === AST_NODE_TYPES.VariableDeclarator && holder.id.type === AST_NODE_TYPES.Identifier) return holder.id.name;
  if (
    (holder.type === AST_NODE_TYPES.MethodDefinition || holder.type === AST_NODE_TYPES.PropertyDefinition || holder.type === AST_NODE_TYPES.Property) &&
    !holder.computed &&
    holder.key.type === AST_NODE_TYPES.Identifier
  ) {
    return holder.key.name;
  }
  return '<anonymous>';
}

function callLabel(call: TSESTree.CallExpression, context: Context): string {
  const text = context.sourceCode.getText(call.callee);
  return text.length <= 40 && !text.includes('\n') ? `${text}()` : `${calleeName(call.callee) ?? 'call'}()`;
}
