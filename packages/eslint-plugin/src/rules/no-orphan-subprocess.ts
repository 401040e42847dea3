import path from 'node:path';
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { childLifetimeOf, functionName, isStoppedAtShutdown, type ChildLifetime } from '../knowledge/child-lifetime.js';
import { subprocessCallOf, subprocessOption, type SubprocessCall } from '../knowledge/subprocess.js';
import { enclosingFunction } from '../util/ast.js';
import { createRule } from '../util/create-rule.js';
import { ignoreOptionSchema, isFileMatchedBy, TEST_FILE_GLOBS } from '../util/files.js';

type Options = [{ ignore?: string[] }];
type MessageIds = 'keptChild' | 'noCleanup' | 'detachedChild';
type Context = Readonly<TSESLint.RuleContext<MessageIds, Options>>;
type SpawnNode = TSESTree.CallExpression | TSESTree.TaggedTemplateExpression;

export default createRule<Options, MessageIds>({
  name: 'no-orphan-subprocess',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow long-lived child processes that nothing kills when the service shuts down',
      recommended: 'recommended',
      domains: ['ops'],
      seed: '000 P2',
    },
    schema: [
      {
        type: 'object',
        properties: {
          ignore: ignoreOptionSchema('tests and test helpers'),
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [
      {
        // Test runners start servers and workers per suite and end the whole run at the end.
        ignore: [...TEST_FILE_GLOBS],
      },
    ],
    messages: {
      keptChild:
        'The child process `{{child}}` started by `{{call}}` is kept running, but nothing stops it when this service stops: no `signal` is passed and no `.kill()` on it is reachable from a SIGTERM/SIGINT/exit handler or a stop/close/shutdown method. On a deploy or restart the child survives its parent, keeping its port, memory and GPU; the next start fails with EADDRINUSE or runs a second copy next to it (the Python sidecar of seed 000 outlived every deploy). Keep the handle and kill it in the shutdown hook, or pass `signal: controller.signal` and abort the controller on shutdown.',
      noCleanup:
        'The child process `{{child}}` started by `{{call}}` runs with `cleanup: false`, so execa no longer kills it when this process exits, and nothing else does: no `cancelSignal` is passed and no `.kill()` on it is reachable from a SIGTERM/exit handler or a stop/close/shutdown method. On a deploy or restart it survives its parent, keeping its port and memory, and the next start fails with EADDRINUSE or runs a second copy. Drop `cleanup: false` (execa kills children on exit by default), pass `cancelSignal`, or kill it in the shutdown hook.',
      detachedChild:
        'The child process `{{child}}` started by `{{call}}` is `detached`: it leads its own process group, the parent\'s death never reaches it, and nothing kills that group (`process.kill(-child.pid, \'SIGTERM\')`) from a SIGTERM/exit handler or a stop/close/shutdown method. Every deploy or restart leaves one more copy running, holding its port, memory and GPU (the Python sidecar of seed 000 piled up this way). Keep the handle and kill the group on shutdown, or do not detach a child the service owns.',
    },
  },
  create(context, [options]) {
    const candidates: SubprocessCall[] = [];
    // Matching the ignore globs costs more than the syntactic look at a call: only a file that starts a child pays for it.
    let ignored: boolean | undefined;
    const isIgnored = () => (ignored ??= isFileMatchedBy(context, options.ignore ?? []));

    function consider(node: SpawnNode): void {
      const call = subprocessCallOf(node, context);
      if (call && !isIgnored() && mayOutliveParent(call, context)) candidates.push(call);
    }

    return {
      CallExpression: consider,
      TaggedTemplateExpression: consider,
      // Where a child goes and what stops it is read once the whole file is seen.
      'Program:exit'() {
        for (const call of candidates) {
          const lifetime = childLifetimeOf(call, context);
          if (lifetime.awaited || lifetime.handedOver) continue;
          const detached = call.detached === true;
          if (!detached && lifetime.holders.length === 0) continue;
          if (detached && isDaemonLauncher(call, lifetime, context)) continue;
          if (isStoppedAtShutdown(lifetime, { wholeGroup: detached }, context)) continue;
          context.report({
            node: call.node,
            messageId: detached ? 'detachedChild' : call.library === 'execa' ? 'noCleanup' : 'keptChild',
            data: { child: childLabel(call, lifetime), call: call.method },
          });
        }
      },
    };
  },
});

// ---------------------------------------------------------------------------
// Which children could outlive the service

/**
 * A child that nothing in its options stops: not a `…Sync` call, not a
 * promisified exec (a command that completes), no `signal`/`cancelSignal`
 * (or options the rule cannot see), no `timeout`, and for execa, a child its
 * default `cleanup` does not kill on exit (`cleanup: false` or `detached`).
 */
function mayOutliveParent(call: SubprocessCall, context: Context): boolean {
  if (call.sync || call.promisified || call.signal !== 'missing') return false;
  const timeout = subprocessOption(call, 'timeout', context);
  if (timeout.kind !== 'missing' && !isZero(timeout.kind === 'set' ? timeout.value : undefined)) return false;
  return call.library !== 'execa' || call.killedOnParentExit === false;
}

function isZero(node: TSESTree.Expression | undefined): boolean {
  return node?.type === AST_NODE_TYPES.Literal && node.value === 0;
}

/**
 * A CLI's `start --daemon`: a detached child the parent `unref()`s, in an
 * executable script (`#!`) or in code named for daemonising (`startDaemon()`,
 * `daemonize.ts`, `spawn(node, [cli, 'daemon'])`). Starting a process that
 * outlives its parent is the point there; a service that does the same at
 * every boot still gets reported.
 */
function isDaemonLauncher(call: SubprocessCall, lifetime: ChildLifetime, context: Context): boolean {
  if (!lifetime.unref) return false;
  if (context.sourceCode.text.startsWith('#!')) return true;
  const fn = enclosingFunction(call.node);
  const names = [fn ? functionName(fn) : undefined, path.basename(context.filename)];
  if (names.some((name) => name !== undefined && DAEMON_WORDS.test(name))) return true;
  const args = call.args?.type === AST_NODE_TYPES.ArrayExpression ? call.args.elements : [];
  return args.some((arg) => arg?.type === AST_NODE_TYPES.Literal && typeof arg.value === 'string' && DAEMON_WORDS.test(arg.value));
}

const DAEMON_WORDS = /daemon|background|detach/i;

/** How the message names the child: where it is kept, its variable, or the call with its command. */
function childLabel(call: SubprocessCall, lifetime: ChildLifetime): string {
  const named = lifetime.holders[0] ?? lifetime.local;
  if (named) return named;
  const command = call.command?.type === AST_NODE_TYPES.Literal ? String(call.command.value) : undefined;
  return command ? `${call.method}('${command.length > 30 ? `${command.slice(0, 27)}...` : command}', …)` : `${call.method}(…)`;
}
