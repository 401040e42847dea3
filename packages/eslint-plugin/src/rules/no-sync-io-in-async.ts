import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import { requestHandlerKind, type FunctionLike } from '../knowledge/handlers.js';
import { calleeName, getTypeServices, resolveCallTarget, unwrapExpression } from '../knowledge/origin.js';
import {
  enclosingFunction,
  isLazyModuleInitialisation,
  isLazyModuleInitialisationTs,
  isStartupFunction,
} from '../knowledge/run-once.js';
import { getPitfallsSettings, type ResolvedMatcher } from '../knowledge/settings.js';
import { blockingCallAt, blockingTsCallAt, type BlockingCall } from '../knowledge/sync-io.js';
import { ignoreOptionSchema, isFileMatchedBy, TEST_FILE_GLOBS } from '../util/files.js';
import { createRule } from '../util/create-rule.js';
import { formatChain, runsInPlaceEstree, summarizeDeclaration, type SummaryKind } from '../util/summaries.js';

type Options = [
  {
    ignore?: string[];
    maxDepth?: number;
  },
];
type MessageIds = 'syncIo' | 'syncIoThroughCall';
type Context = Readonly<TSESLint.RuleContext<MessageIds, Options>>;

export default createRule<Options, MessageIds>({
  name: 'no-sync-io-in-async',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow blocking (synchronous) I/O inside async functions and request handlers',
      recommended: 'recommended',
      domains: ['async'],
      seed: '001 P2',
    },
    schema: [
      {
        type: 'object',
        properties: {
          ignore: ignoreOptionSchema('CLI scripts and tests'),
          maxDepth: {
            type: 'integer',
            minimum: 0,
            maximum: 10,
            description:
              'How many project functions deep a call is followed to find blocking I/O (type information needed); 0 turns the interprocedural check off.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [
      {
        // Tests, CLI scripts, migrations and seed scripts run alone: blocking
        // there stalls no one else's request.
        ignore: [
          ...TEST_FILE_GLOBS,
          '**/scripts/**',
          '**/bin/**',
          '**/migrations/**',
          '**/seeds/**',
        ],
        // handler → service → repository → database wrapper: the usual layering of a service.
        maxDepth: 3,
      },
    ],
    messages: {
      syncIo:
        '`{{call}}` blocks the event loop inside {{where}}: no other request is served until it returns. {{alternative}}',
      syncIoThroughCall:
        '`{{call}}` blocks the event loop inside {{where}}: it reaches `{{blocking}}` through {{chain}}. {{alternative}}',
    },
  },
  create(context, [options]) {
    if (isFileMatchedBy(context, options.ignore ?? [])) return {};
    const settings = getPitfallsSettings(context);
    const services = getTypeServices(context);
    const maxDepth = options.maxDepth ?? 3;
    const kind = services && syncIoSummaryKind(settings.syncIo, services.program);
    const places = new Map<FunctionLike, Place>();

    /** Where a call runs if blocking there stalls requests: an async function or a request handler, described for messages. */
    function blockingPlaceOf(node: TSESTree.Node): string | undefined {
      for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
        let place = places.get(fn);
        if (place === undefined) {
          place = placeOfFunction(fn);
          places.set(fn, place);
        }
        if (place !== CONTINUE_OUTWARDS) return place ?? undefined;
      }
      return undefined;
    }

    /** A description for messages, null when blocking there is fine, or CONTINUE_OUTWARDS for a callback that runs in place. */
    function placeOfFunction(fn: FunctionLike): Place {
      const handler = requestHandlerKind(fn, context);
      if (handler) {
        const name = functionLabel(fn);
        return `the ${handler}${name ? ` \`${name}\`` : ''}`;
      }
      if (fn.async) return isStartupFunction(fn, context) ? null : describeAsyncFunction(fn, context);
      // Array callbacks, `new Promise` executors and IIFEs run inside the function around them.
      return runsInPlaceEstree(fn, context) ? CONTINUE_OUTWARDS : null;
    }

    function checkDirect(node: TSESTree.CallExpression): boolean {
      const blocking = blockingCallAt(node, context);
      if (!blocking) return false;
      const where = blockingPlaceOf(node);
      if (where && !isLazyModuleInitialisation(node, context)) {
        context.report({ node, messageId: 'syncIo', data: { call: blocking.label, where, alternative: blocking.alternative } });
      }
      return true;
    }

    function checkThroughCall(node: TSESTree.CallExpression | TSESTree.NewExpression): void {
      if (!services || maxDepth < 1) return;
      if (callsBuiltin(node, context)) return;
      const where = blockingPlaceOf(node);
      if (!where) return;
      const declaration = resolveCallTarget(node, context)?.declaration;
      const summary = declaration && kind && summarizeDeclaration(services.program, declaration, kind, { maxDepth });
      if (!summary) return;
      context.report({
        node,
        messageId: 'syncIoThroughCall',
        data: {
          call: callText(node, context),
          where,
          blocking: summary.leaf.label,
          chain: formatChain(summary.chain),
          alternative: summary.leaf.alternative,
        },
      });
    }

    return {
      CallExpression(node) {
        if (!checkDirect(node)) checkThroughCall(node);
      },
      NewExpression: checkThroughCall,
    };
  },
});

/** Globals whose methods are never project code: `JSON.stringify(x)`, `Promise.all(list)`, `String(id)`. */
const BUILTIN_GLOBALS = new Set([
  'JSON', 'Object', 'Array', 'Promise', 'Math', 'Number', 'String', 'Boolean', 'Date', 'Reflect', 'Symbol', 'BigInt',
  'Map', 'Set', 'WeakMap', 'WeakSet', 'RegExp', 'Error', 'TypeError', 'RangeError', 'URL', 'URLSearchParams',
  'Buffer', 'console', 'parseInt', 'parseFloat', 'encodeURIComponent', 'decodeURIComponent', 'structuredClone',
  'setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'queueMicrotask',
]);

/**
 * Whether the call is on a built-in global the file does not shadow: it has
 * no project body to follow, so it is not resolved at all.
 */
function callsBuiltin(node: TSESTree.CallExpression | TSESTree.NewExpression, context: Context): boolean {
  let root = unwrapExpression(node.callee as TSESTree.Expression);
  while (root.type === AST_NODE_TYPES.MemberExpression) root = unwrapExpression(root.object);
  if (root.type !== AST_NODE_TYPES.Identifier || !BUILTIN_GLOBALS.has(root.name)) return false;
  const variable = ASTUtils.findVariable(context.sourceCode.getScope(node), root.name);
  return !variable || variable.defs.length === 0;
}

const CONTINUE_OUTWARDS = Symbol('continue outwards');
type Place = string | null | typeof CONTINUE_OUTWARDS;

/**
 * The summary the interprocedural check asks for: a call that blocks, reached
 * through synchronous project functions only. An async callee is not followed:
 * its own blocking calls are reported inside it, where the fix belongs.
 */
function syncIoSummaryKind(syncIo: readonly ResolvedMatcher[], program: ts.Program): SummaryKind<BlockingCall> {
  return {
    id: `no-sync-io-in-async:${syncIo.map((matcher) => `${matcher.packageName ?? matcher.modulePath}#${matcher.owner ?? ''}.${matcher.member}`).join(',')}`,
    leafOf: (call, checker) =>
      ts.isCallExpression(call) && !isLazyModuleInitialisationTs(call, checker) ? blockingTsCallAt(call, program, syncIo) : undefined,
    follows: (fn) => !ts.getModifiers(fn)?.some((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword),
  };
}


function describeAsyncFunction(fn: FunctionLike, context: Context): string {
  const name = functionLabel(fn);
  if (name) return `async ${isMethod(fn) ? 'method' : 'function'} \`${name}\``;
  const holder = fn.parent;
  if (holder.type === AST_NODE_TYPES.CallExpression && isArgument(holder, fn)) {
    return `the async callback passed to \`${shortText(holder.callee, context)}()\``;
  }
  return 'an async function';
}

function isArgument(call: TSESTree.CallExpression, fn: FunctionLike): boolean {
  return (call.arguments as readonly TSESTree.Node[]).includes(fn);
}

function isMethod(fn: FunctionLike): boolean {
  return fn.parent.type === AST_NODE_TYPES.MethodDefinition || fn.parent.type === AST_NODE_TYPES.PropertyDefinition;
}

/** `getUser`, `UsersController.findAll`: the name a reader finds the function by. */
function functionLabel(fn: FunctionLike): string | undefined {
  if (fn.id) return fn.id.name;
  const holder = fn.parent;
  switch (holder.type) {
    case AST_NODE_TYPES.VariableDeclarator:
      return holder.id.type === AST_NODE_TYPES.Identifier ? holder.id.name : undefined;
    case AST_NODE_TYPES.MethodDefinition:
    case AST_NODE_TYPES.PropertyDefinition: {
      const member = keyName(holder.key, holder.computed);
      const owner = holder.parent.parent;
      const className =
        owner.type === AST_NODE_TYPES.ClassDeclaration || owner.type === AST_NODE_TYPES.ClassExpression ? owner.id?.name : undefined;
      return member && className ? `${className}.${member}` : member;
    }
    case AST_NODE_TYPES.Property:
      return keyName(holder.key, holder.computed);
    default:
      return undefined;
  }
}

function keyName(key: TSESTree.Node, computed: boolean): string | undefined {
  if (!computed && key.type === AST_NODE_TYPES.Identifier) return key.name;
  if (key.type === AST_NODE_TYPES.Literal && typeof key.value === 'string') return key.value;
  return undefined;
}

/** `this.db.execute()` as written, shortened when the callee is long. */
function callText(node: TSESTree.CallExpression | TSESTree.NewExpression, context: Context): string {
  const text = `${shortText(node.callee, context)}()`;
  return node.type === AST_NODE_TYPES.NewExpression ? `new ${text}` : text;
}

function shortText(callee: TSESTree.Node, context: Context): string {
  const text = context.sourceCode.getText(callee);
  if (text.length <= 40 && !text.includes('\n')) return text;
  return (callee.type !== AST_NODE_TYPES.Super && calleeName(unwrapExpression(callee as TSESTree.Expression))) || 'call';
}
