import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { FunctionLike } from '../knowledge/handlers.js';
import {
  HandleGraph,
  importedStartOf,
  isNestShutdownHooksCall,
  isShutdownDelegation,
  keptIn,
  longLivedStartOf,
  reachesSignalHandling,
  runsAtModuleLoad,
  shutdownFlowOf,
  shutdownReachOf,
  signalLibraryOfImport,
  signalLibraryOfRequire,
  signalRegistrationOf,
  sqsPollingLoopOf,
  variablesPassedToPackage,
  type ClosePoint,
  type HandleInfo,
  type LongLivedStart,
  type ShutdownFlow,
  type SignalRegistration,
  type StartKind,
} from '../knowledge/lifecycle.js';
import { getTypeServices } from '../knowledge/origin.js';
import { createRule } from '../util/create-rule.js';
import { ignoreOptionSchema, isFileMatchedBy, TEST_FILE_GLOBS } from '../util/files.js';

type Options = [{ ignore?: string[] }];
type MessageIds = 'missingShutdown' | 'exitBeforeClose' | 'closeWithoutDeadline';
type Context = Readonly<TSESLint.RuleContext<MessageIds, Options>>;

export default createRule<Options, MessageIds>({
  name: 'require-graceful-shutdown',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require entry points that start a server, queue worker or consumer to close it on SIGTERM, under a deadline',
      recommended: 'recommended',
      domains: ['ops'],
      seed: '002 P4; 000 P2',
    },
    schema: [
      {
        type: 'object',
        properties: {
          ignore: ignoreOptionSchema('tests, dev servers and one-off scripts'),
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [
      {
        // Test servers are closed by the runner; scripts run to completion and are stopped by hand.
        ignore: [...TEST_FILE_GLOBS, '**/scripts/**'],
      },
    ],
    messages: {
      missingShutdown:
        '{{start}} keeps this process running, and {{why}}. Kubernetes sends SIGTERM on every deploy, scale-down and node drain, then SIGKILL after the grace period (30 s by default); with no handler Node exits at once: {{damage}}. {{fix}}.',
      exitBeforeClose:
        '`process.exit()` in this {{signal}} handler runs while `{{close}}` is still in progress{{note}}: {{damage}}. Exit only once the close has completed (await its promise, or exit in its callback), and bound the wait with a deadline instead.',
      closeWithoutDeadline:
        '`{{close}}` is awaited in this {{signal}} handler with no deadline: {{hang}}, so the process hangs until Kubernetes SIGKILLs it at the end of the grace period and nothing after this line runs (the other closes, the last flush, the exit code). Arm a deadline before it (`setTimeout(() => process.exit(1), 10_000).unref()`) or race it against a timer.',
    },
  },
  create(context, [options]) {
    const starts: LongLivedStart[] = [];
    const registrations: SignalRegistration[] = [];
    const calls: TSESTree.CallExpression[] = [];
    /** The calls that neither start nor register anything: read (for delegation, hand-overs) only once there is something to report. */
    const otherCalls: TSESTree.CallExpression[] = [];
    const handedToPackages = once(() => new Set(otherCalls.flatMap((call) => variablesPassedToPackage(call, context))));
    // Matching the ignore globs costs more than the look at the file: only a file with something to check pays for it.
    const ignored = once(() => isFileMatchedBy(context, options.ignore ?? []));
    /** `const x = <init>` / `x = <init>`, put in a graph only when the file starts something. */
    const bindings: [TSESTree.Node, TSESTree.Expression][] = [];
    let library: string | undefined;
    const hasLibrary = once(() => library !== undefined || otherCalls.some((call) => signalLibraryOfRequire(call) !== undefined));

    const addStart = (start: LongLivedStart | undefined) => {
      if (start && !starts.some((known) => known.node === start.node)) starts.push(start);
    };

    return {
      ImportDeclaration(node) {
        library ??= signalLibraryOfImport(node);
      },
      VariableDeclarator(node) {
        if (node.init) bindings.push([node.id, node.init]);
      },
      AssignmentExpression(node) {
        if (node.operator === '=') bindings.push([node.left, node.right]);
      },
      NewExpression(node) {
        addStart(longLivedStartOf(node, context) ?? sqsPollingLoopOf(node, context));
      },
      CallExpression(node) {
        calls.push(node);
        const start = longLivedStartOf(node, context);
        if (start) {
          addStart(start);
          return;
        }
        const registration = signalRegistrationOf(node, context);
        if (registration) {
          registrations.push(registration);
          return;
        }
        otherCalls.push(node);
      },
      'Program:exit'() {
        if ((starts.length > 0 || registrations.length > 0) && ignored()) return;
        const graph = new HandleGraph();
        if (starts.length > 0) for (const [id, init] of bindings) graph.add(id, init);
        const families = starts.map((start) => new Set(start.handles.flatMap((handle) => [...graph.familyOf(handle)])));
        const handleKinds = new Map<string, HandleInfo>();
        starts.forEach((start, index) =>
          families[index]?.forEach((name) => handleKinds.set(name, { kind: start.kind, callbackClose: start.callbackClose })),
        );

        if (registrations.length > 0) checkHandlers(context, registrations, handleKinds, hasLibrary());

        // Shutdown handled by a library, NestJS, code this file hands it to, or a handler it cannot see: read only before a report.
        const handledHere = once(
          () =>
            hasLibrary() ||
            otherCalls.some((call) => isNestShutdownHooksCall(call) || isShutdownDelegation(call, context)) ||
            registrations.some((registration) => registration.opaque),
        );
        const loadCalls = () => calls.filter((call) => runsAtModuleLoad(call, context));
        const handledElsewhere = once(() => getTypeServices(context) !== undefined && loadCalls().some((call) => reachesSignalHandling(call, context)));

        const entryStarts = starts.filter((start) => runsAtModuleLoad(start.node, context));
        if (entryStarts.length > 0) {
          if (handledHere()) return;
          const reach = shutdownReachOf(
            registrations.flatMap((registration) => registration.handlers),
            context,
          );
          if (reach.opaque) return;
          for (const start of entryStarts) {
            const family = families[starts.indexOf(start)] ?? new Set<string>();
            const closed = [...family].some((name) => reach.closed.has(name)) || start.flags.some((flag) => reach.assigned.has(flag));
            const handedOver = start.kept !== undefined && handedToPackages().has(start.kept);
            if (closed || handedOver || handledElsewhere()) continue;
            context.report({
              node: start.node,
              messageId: 'missingShutdown',
              data: {
                start: startPhrase(start.label, start.text),
                why: registrations.length === 0 ? 'nothing in this file handles SIGTERM or SIGINT' : whyNotClosed(start),
                damage: START_DAMAGE[start.kind],
                fix: fixFor(start),
              },
            });
          }
        }

        // Starts inside the project's own functions in other files (with types), only when nothing here handles signals.
        if (registrations.length > 0 || !getTypeServices(context)) return;
        const startNodes = new Set(starts.map((start) => start.node));
        for (const call of loadCalls()) {
          if (startNodes.has(call)) continue;
          const reached = importedStartOf(call, context);
          if (!reached) continue;
          if (ignored() || handledHere()) return;
          const kept = keptIn(call);
          if ((kept !== undefined && handedToPackages().has(kept)) || handledElsewhere()) continue;
          context.report({
            node: call,
            messageId: 'missingShutdown',
            data: {
              start: `\`${reached.text}\` starts ${article(reached.label)} ${reached.label} via ${reached.chain}, which`,
              why: 'nothing in this file handles SIGTERM or SIGINT',
              damage: START_DAMAGE[reached.kind],
              fix: `Handle SIGTERM: stop what \`${reached.text}\` started (have it return a handle) and await its close ${DEADLINE}, then exit`,
            },
          });
        }
      },
    };
  },
});

/** Early exits and unbounded waits in every handler this file registers for SIGTERM/SIGINT. */
function checkHandlers(
  context: Context,
  registrations: readonly SignalRegistration[],
  handleKinds: ReadonlyMap<string, HandleInfo>,
  libraryDeadline: boolean,
): void {
  const signalsOf = new Map<FunctionLike, Set<string>>();
  for (const registration of registrations) {
    for (const handler of registration.handlers) {
      const signals = signalsOf.get(handler) ?? new Set<string>();
      for (const signal of registration.signals.length > 0 ? registration.signals : ['signal']) signals.add(signal);
      signalsOf.set(handler, signals);
    }
  }
  const flows: { handler: FunctionLike; signal: string; flow: ShutdownFlow }[] = [];
  for (const [handler, signals] of signalsOf) {
    flows.push({ handler, signal: [...signals].join('/'), flow: shutdownFlowOf(handler, handleKinds, context) });
  }
  const reported = new Set<TSESTree.Node>();
  for (const { signal, flow } of flows) {
    for (const { exit, close } of flow.earlyExits) {
      if (reported.has(exit)) continue;
      reported.add(exit);
      const note = close.awaitsNothing ? ` (it takes a callback and returns no promise, so \`await\` does not wait for it)` : '';
      context.report({ node: exit, messageId: 'exitBeforeClose', data: { signal, close: close.text, note, damage: exitDamage(close) } });
    }
  }
  // A deadline armed by another listener (or a close-with-grace delay) bounds every handler;
  // within a handler, it must be armed before the wait starts.
  if (libraryDeadline) return;
  for (const entry of flows) {
    const { signal, flow } = entry;
    if (flows.some((other) => other !== entry && other.flow.armsDeadline)) continue;
    // A close the handler exits before is cut short, not waited for: the early exit is the finding.
    const cut = new Set(flow.earlyExits.map(({ close }) => close.call));
    const wait = flow.closes.find((close) => close.awaited && !close.bounded && !close.deadlineBefore && !cut.has(close.call));
    if (!wait || reported.has(wait.call)) continue;
    reported.add(wait.call);
    context.report({
      node: wait.call,
      messageId: 'closeWithoutDeadline',
      data: { signal, close: wait.text, hang: wait.kind ? CLOSE_HANG[wait.kind] : 'if it never completes, nothing stops the wait' },
    });
  }
}

const START_DAMAGE: Readonly<Record<StartKind, string>> = {
  server: 'in-flight requests are cut off mid-response and clients see connection resets',
  'queue-worker': 'jobs in progress are abandoned, stay active until they stall, and run again',
  consumer: 'messages being handled, and batches held in memory, are lost or delivered again',
};

const EXIT_DAMAGE: Readonly<Record<StartKind, string>> = {
  server: 'requests still in flight are cut off',
  'queue-worker': 'the jobs it was letting finish are abandoned, to stall and run again',
  consumer: 'the messages it was finishing, and any batch still buffered, are lost or redelivered',
};

const CLOSE_HANG: Readonly<Record<StartKind, string>> = {
  server: 'one keep-alive connection or slow request keeps it open',
  'queue-worker': 'one job that never finishes keeps it waiting',
  consumer: 'a message handler that hangs, or a broker that stops answering, keeps it waiting',
};

function exitDamage(close: ClosePoint): string {
  return close.kind ? EXIT_DAMAGE[close.kind] : 'whatever it was finishing is lost';
}

function startPhrase(label: string, text: string): string {
  const phrase = `${article(label)} ${label} (\`${text}\`)`;
  return phrase.charAt(0).toUpperCase() + phrase.slice(1);
}

/** `an Express server`, `an HTTP server`, `an SQS polling loop`, `a NATS subscription`. */
function article(label: string): string {
  return /^(?:[aeiouAEIOU]|HTTP\b|SQS\b)/.test(label) ? 'an' : 'a';
}

function whyNotClosed(start: LongLivedStart): string {
  const handle = start.closeTarget;
  if (start.flags.length > 0) return 'no SIGTERM/SIGINT handler here stops the loop';
  return handle ? `no SIGTERM/SIGINT handler here closes \`${handle}\`` : 'it is not kept in a variable, so no SIGTERM/SIGINT handler here can close it';
}

const DEADLINE = 'under a deadline (`setTimeout(() => process.exit(1), 10_000).unref()`)';

function fixFor(start: LongLivedStart): string {
  const handle = start.closeTarget;
  if (start.label === 'NestJS application') {
    const app = handle ?? 'app';
    return `Call \`${app}.enableShutdownHooks()\` so NestJS closes the application on SIGTERM, or handle SIGTERM and await \`${app}.close()\` ${DEADLINE}`;
  }
  if (start.flags.length > 0) return `Handle SIGTERM: clear the flag the loop checks, let the batch in hand finish ${DEADLINE}, then exit`;
  const callbackNote = start.callbackClose ? ' (it takes a callback: wrap it in a promise)' : '';
  const close = `${handle ? `\`${handle}.${start.closeMember}()\`` : `its \`${start.closeMember}()\``}${callbackNote}`;
  const keep = handle ? '' : `Keep the ${KEPT_NAME[start.kind]} \`${start.text}\` returns and h`;
  const begin = keep || 'H';
  if (start.kind === 'server') return `${begin}andle SIGTERM: stop accepting connections, await ${close} ${DEADLINE}, then exit`;
  if (start.kind === 'queue-worker') return `${begin}andle SIGTERM: await ${close} so the jobs in progress finish ${DEADLINE}, then exit`;
  return `${begin}andle SIGTERM: stop consuming, await ${close} ${DEADLINE}, then exit`;
}

const KEPT_NAME: Readonly<Record<StartKind, string>> = { server: 'server', 'queue-worker': 'worker', consumer: 'consumer' };

function once<T>(compute: () => T): () => T {
  let done = false;
  let value: T | undefined;
  return () => {
    if (!done) {
      value = compute();
      done = true;
    }
    return value as T;
  };
}
