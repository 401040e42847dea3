import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { isNode, stringValue } from '../util/ast.js';
import { memberName, requiredSpecifier, unwrapExpression } from './origin.js';
import type { SubprocessCall } from './subprocess.js';

/**
 * How long a child process lives: where the handle a spawn returns goes
 * (kept in a module variable, a field, a collection, a closure, returned by a
 * starter), whether its exit is waited for, whether it is handed to code of
 * another module, and whether a stop call on it (`child.kill()`,
 * `process.kill(-child.pid)`, an abort, a loop over the collection holding
 * it) runs when the process ends: in a SIGTERM/SIGINT/exit handler, a
 * shutdown library callback, or a function named for shutdown (`stop`,
 * `close`, `onModuleDestroy`…), and in the functions of the file those call.
 *
 * Everything is read from this file; a handle that leaves it through a call or
 * an export is assumed to be owned where it goes.
 */

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;
type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

// ---------------------------------------------------------------------------
// Where the child goes: kept beyond the function that starts it, awaited, or handed over

export interface ChildLifetime {
  /** Places that keep the child beyond the function that started it: `sidecar`, `this.proc`, `workers`, `startWorker()`. */
  readonly holders: readonly string[];
  /** Every name the child goes by (variables, fields, collections, copies of its pid): a stop call that mentions one reaches it. */
  readonly names: ReadonlySet<string>;
  /** Its exit is waited for: `await execa()`, `await once(child, 'exit')`, an exit listener that settles a promise or exits. */
  readonly awaited: boolean;
  /** Passed to code of another module, which may own and stop it. */
  readonly handedOver: boolean;
  /** `child.unref()`: the parent may exit without waiting for it. */
  readonly unref: boolean;
  /** The local variable first bound to it. */
  readonly local?: string;
}

interface Fate {
  holders: string[];
  names: Set<string>;
  awaited: boolean;
  handedOver: boolean;
  unref: boolean;
  local?: string;
}

const MAX_DEPTH = 5;

/** Where the child a subprocess call starts goes, and whether anything waits for it. */
export function childLifetimeOf(call: SubprocessCall, context: Context): ChildLifetime {
  const fate: Fate = { holders: [], names: new Set(), awaited: false, handedOver: false, unref: false };
  if (call.callback && settlesWaiter(call.callback, call.node)) fate.awaited = true;
  const tracker = new FateTracker(call, fate, fileIndexOf(context), context);
  tracker.value(call.node, 0);
  return fate;
}

/**
 * Whether a stop call on the child runs when the process ends. A detached
 * child needs a kill of its whole process group (`process.kill(-pid)`,
 * tree-kill, a helper that takes it): `child.kill()` stops only the leader.
 */
export function isStoppedAtShutdown(lifetime: ChildLifetime, options: { readonly wholeGroup: boolean }, context: Context): boolean {
  return shutdownReachOf(context).killsOneOf(lifetime.names, options.wholeGroup);
}

/** Listener registrations that return the emitter, so a chain (`spawn().on(…)`) is still the child. */
const LISTENER_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);
const EXIT_EVENTS = new Set(['exit', 'close']);
/** `list.push(child)`, `map.set(id, child)`, `set.add(child)`: kept in that collection. */
const COLLECTION_ADDERS = new Set(['push', 'unshift', 'set', 'add', 'splice']);

class FateTracker {
  private readonly seen = new Set<TSESTree.Node>();

  constructor(
    private readonly call: SubprocessCall,
    private readonly fate: Fate,
    private readonly file: FileIndex,
    private readonly context: Context,
  ) {}

  /** Follows an expression whose value is the child (or an object or collection holding it). */
  value(node: TSESTree.Node, depth: number): void {
    if (depth > MAX_DEPTH || this.seen.has(node)) return;
    this.seen.add(node);
    const { parent, child } = usedAt(node);
    if (!parent) return;
    switch (parent.type) {
      case AST_NODE_TYPES.AwaitExpression:
        // A ChildProcess is no promise: awaiting it returns it at once. An execa child is one.
        if (this.call.library === 'execa') this.fate.awaited = true;
        else this.value(parent, depth);
        return;
      case AST_NODE_TYPES.MemberExpression:
        if (parent.object === child) this.member(parent, depth);
        return;
      case AST_NODE_TYPES.VariableDeclarator:
        if (parent.init === child && parent.id.type === AST_NODE_TYPES.Identifier) this.target(parent.id, depth);
        return;
      case AST_NODE_TYPES.AssignmentExpression:
        if (parent.right === child) this.target(parent.left, depth);
        return;
      case AST_NODE_TYPES.CallExpression:
        if (parent.callee !== child) this.argument(parent, child, depth);
        return;
      case AST_NODE_TYPES.NewExpression:
        this.fate.handedOver = true;
        return;
      case AST_NODE_TYPES.PropertyDefinition: {
        // `private proc = spawn(…)`, `#proc = spawn(…)`: a field initialiser.
        const key =
          parent.value !== child || parent.computed
            ? undefined
            : parent.key.type === AST_NODE_TYPES.Identifier
              ? parent.key.name
              : parent.key.type === AST_NODE_TYPES.PrivateIdentifier
                ? `#${parent.key.name}`
                : undefined;
        if (!key) return;
        this.fate.names.add(key);
        const owner = parent.parent.parent;
        const className =
          (owner.type === AST_NODE_TYPES.ClassDeclaration || owner.type === AST_NODE_TYPES.ClassExpression) && owner.id ? owner.id.name : undefined;
        this.fate.holders.push(parent.static && className ? `${className}.${key}` : `this.${key}`);
        this.field(key, parent.parent, undefined, depth);
        return;
      }
      case AST_NODE_TYPES.Property:
        if (parent.value === child && parent.parent.type === AST_NODE_TYPES.ObjectExpression) this.value(parent.parent, depth);
        return;
      case AST_NODE_TYPES.ArrayExpression:
      case AST_NODE_TYPES.ConditionalExpression:
      case AST_NODE_TYPES.LogicalExpression:
        if (parent.type !== AST_NODE_TYPES.ConditionalExpression || parent.test !== child) this.value(parent, depth);
        return;
      case AST_NODE_TYPES.ReturnStatement:
        this.returned(enclosingFunctionOf(parent), depth);
        return;
      case AST_NODE_TYPES.ArrowFunctionExpression:
        if (parent.body === child) this.returned(parent, depth);
        return;
      default:
        return;
    }
  }

  /** `child.on('exit', …)`, `child.unref()`, `child.then(…)`, `const pid = child.pid`. */
  private member(member: TSESTree.MemberExpression, depth: number): void {
    const name = memberName(member);
    const call = member.parent.type === AST_NODE_TYPES.CallExpression && member.parent.callee === member ? member.parent : undefined;
    if (call && name && LISTENER_METHODS.has(name)) {
      const [event, handler] = call.arguments;
      if (event && handler && EXIT_EVENTS.has(stringValue(event) ?? '') && settlesWaiter(handler, call)) this.fate.awaited = true;
      this.value(call, depth);
      return;
    }
    if (call && (name === 'then' || name === 'catch' || name === 'finally') && this.call.library === 'execa') {
      this.fate.awaited = true;
      return;
    }
    if (call && name === 'unref') this.fate.unref = true;
    // `this.pid = child.pid`: a later `process.kill(this.pid)` stops it too.
    if (name === 'pid') {
      const holder = member.parent;
      if (holder.type === AST_NODE_TYPES.VariableDeclarator && holder.id.type === AST_NODE_TYPES.Identifier) this.fate.names.add(holder.id.name);
      if (holder.type === AST_NODE_TYPES.AssignmentExpression && holder.right === member) addNames(holder.left, this.fate.names);
    }
  }

  /** Where an assignment or declaration puts the child. */
  private target(target: TSESTree.Node, depth: number): void {
    const inner = target.type === AST_NODE_TYPES.Identifier || target.type === AST_NODE_TYPES.MemberExpression ? target : undefined;
    if (!inner) return;
    if (inner.type === AST_NODE_TYPES.MemberExpression) {
      addNames(inner, this.fate.names);
      this.fate.holders.push(truncate(this.context.sourceCode.getText(inner)));
      const field = fieldName(inner);
      if (inner.object.type === AST_NODE_TYPES.ThisExpression && field) this.field(field, enclosingClass(inner), inner, depth);
      return;
    }
    this.fate.names.add(inner.name);
    const variable = ASTUtils.findVariable(this.context.sourceCode.getScope(inner), inner.name);
    if (!variable) {
      this.fate.holders.push(inner.name);
      return;
    }
    if (outlivesAssignment(variable, inner)) this.fate.holders.push(inner.name);
    else this.fate.local ??= inner.name;
    for (const reference of variable.references) {
      if (reference.isRead() && reference.identifier !== inner) this.value(reference.identifier, depth + 1);
    }
  }

  /** A class field holds the child: follow its other uses in the class. */
  private field(name: string, classBody: TSESTree.Node | undefined, except: TSESTree.Node | undefined, depth: number): void {
    for (const use of this.file.thisMembersNamed(name, classBody, except)) this.value(use, depth + 1);
  }

  /** The child passed to a call: into a collection, to `once(child, 'exit')`, or to code that may own it. */
  private argument(call: TSESTree.CallExpression, argument: TSESTree.Node, depth: number): void {
    const callee = unwrapExpression(call.callee);
    const name = callee.type === AST_NODE_TYPES.MemberExpression ? memberName(callee) : callee.type === AST_NODE_TYPES.Identifier ? callee.name : undefined;
    if (callee.type === AST_NODE_TYPES.MemberExpression && name && COLLECTION_ADDERS.has(name)) {
      // `registry.add(child)` on an object imported from another module hands the child over.
      if (isImported(callee.object, this.context)) this.fate.handedOver = true;
      else this.target(unwrapExpression(callee.object), depth);
      return;
    }
    if (name === 'once' || name === 'pEvent' || name === 'pEventMultiple') {
      const event = call.arguments[1];
      if (event && EXIT_EVENTS.has(stringValue(event) ?? '')) this.fate.awaited = true;
      return;
    }
    if (isInspection(callee, name)) return;
    // `this.watch(child)`, `attachLogs(child)`: a function of this file, followed through its parameter.
    const local = this.file.functionCalledBy(call, this.context);
    const index = call.arguments.indexOf(argument as TSESTree.CallExpressionArgument);
    if (local && index >= 0) this.parameter(local, index, depth);
    else this.fate.handedOver = true;
  }

  private parameter(fn: FunctionNode, index: number, depth: number): void {
    let param: TSESTree.Node | undefined = fn.params[index];
    if (param?.type === AST_NODE_TYPES.AssignmentPattern) param = param.left;
    if (param?.type !== AST_NODE_TYPES.Identifier) {
      this.fate.handedOver = true;
      return;
    }
    const name = param.name;
    const variable = this.context.sourceCode.getDeclaredVariables(fn).find((candidate) => candidate.name === name);
    if (!variable) return;
    this.fate.names.add(name);
    for (const reference of variable.references) if (reference.isRead()) this.value(reference.identifier, depth + 1);
  }

  /**
   * A function returns the child: follow the calls of it in this file, which
   * may keep it, wait for it or kill it. A starter (`startPythonWorker()`)
   * returns a long-lived child, whoever calls it; a helper (`run(cmd, args)`)
   * called from elsewhere returns a command its callers wait for.
   */
  private returned(fn: FunctionNode | undefined, depth: number): void {
    if (!fn) return;
    for (const call of this.file.callsOf(fn, this.context)) this.value(call, depth + 1);
    const name = functionName(fn);
    if (name && STARTER_NAME.test(name)) this.fate.holders.push(`${name}()`);
  }
}

/** Functions that start something long-lived: `startSidecar`, `launchBrowser`, `bootWorkers`, `createPythonWorker`. */
const STARTER_NAME = /^(?:start|launch|boot)|^(?:run|create|spawn|fork|open)\w*(?:server|worker|sidecar|daemon|agent|engine|backend|watcher|tunnel)$/i;

/** Logging and printing a child hands it to nobody: `logger.info(child)`, `console.log(child)`, `String(child)`. */
function isInspection(callee: TSESTree.Expression, name: string | undefined): boolean {
  if (name === undefined) return false;
  if (callee.type === AST_NODE_TYPES.Identifier) return /^(?:String|Boolean|inspect|format|assert|debug)$/.test(name);
  return /^(?:log|info|warn|error|debug|trace|fatal|verbose|stringify|inspect|assert|ok)$/.test(name);
}

/** The node an expression is used by, skipping `x as T`, `x!`, `x satisfies T` and `a?.b` chains. */
function usedAt(node: TSESTree.Node): { parent: TSESTree.Node | undefined; child: TSESTree.Node } {
  let child = node;
  let parent = node.parent;
  while (
    parent &&
    (parent.type === AST_NODE_TYPES.TSAsExpression ||
      parent.type === AST_NODE_TYPES.TSNonNullExpression ||
      parent.type === AST_NODE_TYPES.TSSatisfiesExpression ||
      parent.type === AST_NODE_TYPES.ChainExpression)
  ) {
    child = parent;
    parent = parent.parent;
  }
  return { parent, child };
}

/**
 * Whether a variable outlives the function that assigns it: declared at
 * module level, or in an outer function whose closures keep it.
 */
function outlivesAssignment(variable: TSESLint.Scope.Variable, at: TSESTree.Node): boolean {
  const declared = variable.scope.variableScope;
  if (declared.type === 'module' || declared.type === 'global') return true;
  return declared.block !== enclosingFunctionOf(at);
}

/**
 * Whether an `exit`/`close` handler (or exec's callback) ends a wait: it is,
 * or calls, the `resolve`/`reject` of a `new Promise` around it, or exits the
 * process (a CLI wrapper that lives as long as its child).
 */
function settlesWaiter(handler: TSESTree.Node, at: TSESTree.Node): boolean {
  const settlers = promiseSettlersAround(at);
  const isSettler = (node: TSESTree.Node): boolean =>
    node.type === AST_NODE_TYPES.Identifier && (settlers.has(node.name) || SETTLER_NAME.test(node.name));
  if (isSettler(handler)) return true;
  if (handler.type !== AST_NODE_TYPES.ArrowFunctionExpression && handler.type !== AST_NODE_TYPES.FunctionExpression) return false;
  return someDescendant(handler.body, (node) => {
    if (node.type !== AST_NODE_TYPES.CallExpression) return false;
    const callee = unwrapExpression(node.callee);
    if (isSettler(callee)) return true;
    return (
      callee.type === AST_NODE_TYPES.MemberExpression &&
      callee.object.type === AST_NODE_TYPES.Identifier &&
      callee.object.name === 'process' &&
      memberName(callee) === 'exit'
    );
  });
}

/** A promise's settle functions kept under their usual names (`let resolveExit`; `done` of a callback API). */
const SETTLER_NAME = /^(?:resolve|reject)(?:Exit|Close|Done|Promise|Wait|Fn)?$|^(?:res|rej|done)$/;

/** The parameters of the `new Promise((resolve, reject) => …)` executors around a node. */
function promiseSettlersAround(node: TSESTree.Node): Set<string> {
  const names = new Set<string>();
  for (let current = node.parent; current; current = current.parent) {
    const parent = current.parent;
    if (
      isFunction(current) &&
      parent?.type === AST_NODE_TYPES.NewExpression &&
      parent.arguments[0] === current &&
      parent.callee.type === AST_NODE_TYPES.Identifier &&
      parent.callee.name === 'Promise'
    ) {
      for (const param of current.params) if (param.type === AST_NODE_TYPES.Identifier) names.add(param.name);
    }
  }
  return names;
}

// ---------------------------------------------------------------------------
// What runs when the service stops

/** Events on `process` that announce the end of the process. */
const PROCESS_END_EVENTS = new Set(['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR2', 'exit', 'beforeExit']);
/** Events other emitters send at shutdown: a relayed signal (`lifecycle.on('shutdown', …)`), Electron's `will-quit`. */
const RELAYED_END_EVENTS = new Set(['SIGTERM', 'SIGINT', 'shutdown', 'will-quit', 'before-quit', 'quit']);

/**
 * Functions whose name says they run at shutdown: `stop`, `close`, `shutdown`,
 * `dispose`, `destroy`, `teardown`, `cleanup`, `kill*`, `terminate`, `onModuleDestroy`,
 * `beforeApplicationShutdown`, Terminus `onSignal`, `handleSigterm`, a VS Code
 * extension's `deactivate`…
 */
const SHUTDOWN_NAME =
  /^(?:on|before|after|handle|graceful|do|async)*_?(?:stop|shut_?down|close|dispose|destroy|tear_?down|clean_?up|kill|terminate|exit|quit|halt|disconnect|deactivate)|shut_?down|tear_?down|sig_?(?:term|int)|on_?(?:module_?)?destroy|on_?signal|(?:dispose|destroy)$/i;

/** Libraries that run a callback when the process ends: signal-exit, exit-hook, close-with-grace, lightship… */
const SHUTDOWN_REGISTRARS =
  /^(?:onExit|exitHook|asyncExitHook|gracefulExit|closeWithGrace|registerShutdownHandler|addShutdownHandler|addShutdownHook|onShutdown|beforeShutdown|onSignal|onTerminate|addCleanupHook|registerCleanup|onCleanup|createTerminus)$/;

/** Calls that stop a child, an abort controller, or a wrapper around them. */
const STOPPING_METHODS = new Set(['kill', 'abort', 'stop', 'close', 'destroy', 'dispose', 'terminate', 'disconnect', 'end', 'shutdown']);
/** tree-kill, fkill and helpers named like them kill the whole process tree. */
const TREE_KILLERS = /^(?:tree_?kill|kill_?tree|fkill|kill_?process_?tree|terminate_?tree|kill_?group)$/i;
/** A project helper that takes the child: `killChild(this.proc)`, `await stopProcess(child)`. */
const STOPPING_HELPER = /kill|stop|terminate|shut_?down|close|dispose|destroy|abort|clean_?up/i;

const fileIndexes = new WeakMap<TSESLint.SourceCode, FileIndex>();

function fileIndexOf(context: Context): FileIndex {
  let index = fileIndexes.get(context.sourceCode);
  if (!index) {
    index = new FileIndex(context.sourceCode);
    fileIndexes.set(context.sourceCode, index);
  }
  return index;
}

const reaches = new WeakMap<TSESLint.SourceCode, ShutdownReach>();

function shutdownReachOf(context: Context): ShutdownReach {
  let reach = reaches.get(context.sourceCode);
  if (!reach) {
    reach = new ShutdownReach(fileIndexOf(context), context);
    reaches.set(context.sourceCode, reach);
  }
  return reach;
}

/** Calls, functions and `this.x` members of the file, gathered in one walk the first time a child needs them. */
class FileIndex {
  readonly calls: TSESTree.CallExpression[] = [];
  readonly functions: FunctionNode[] = [];
  readonly thisMembers: TSESTree.MemberExpression[] = [];

  constructor(sourceCode: TSESLint.SourceCode) {
    const stack: TSESTree.Node[] = [sourceCode.ast];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.type === AST_NODE_TYPES.CallExpression) this.calls.push(node);
      else if (isFunction(node)) this.functions.push(node);
      else if (node.type === AST_NODE_TYPES.MemberExpression && node.object.type === AST_NODE_TYPES.ThisExpression) this.thisMembers.push(node);
      for (const key of sourceCode.visitorKeys[node.type] ?? []) {
        const child = (node as unknown as Record<string, unknown>)[key];
        for (const item of Array.isArray(child) ? child : [child]) if (isNode(item)) stack.push(item);
      }
    }
  }

  /** `this.<name>` in a class body, other than `except`. */
  thisMembersNamed(name: string, classBody: TSESTree.Node | undefined, except?: TSESTree.Node): TSESTree.MemberExpression[] {
    return this.thisMembers.filter((use) => use !== except && fieldName(use) === name && enclosingClass(use) === classBody);
  }

  /** The function of this file a call runs: `attach(child)` for a function, `this.watch(child)` for a method of the same class. */
  functionCalledBy(call: TSESTree.CallExpression, context: Context): FunctionNode | undefined {
    const callee = unwrapExpression(call.callee);
    if (callee.type === AST_NODE_TYPES.Identifier) return functionNamedBy(callee, context);
    if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.object.type !== AST_NODE_TYPES.ThisExpression) return undefined;
    const name = memberName(callee);
    const owner = enclosingClass(call);
    return this.functions.find(
      (fn) =>
        (fn.parent.type === AST_NODE_TYPES.MethodDefinition || fn.parent.type === AST_NODE_TYPES.PropertyDefinition) &&
        functionName(fn) === name &&
        enclosingClass(fn.parent) === owner,
    );
  }

  /** The calls of a function in this file: `start()` for a function, `this.start()` in its class for a method. */
  callsOf(fn: FunctionNode, context: Context): TSESTree.CallExpression[] {
    const parent = fn.parent;
    if (parent.type === AST_NODE_TYPES.MethodDefinition || parent.type === AST_NODE_TYPES.PropertyDefinition) {
      const name = parent.key.type === AST_NODE_TYPES.Identifier && !parent.computed ? parent.key.name : undefined;
      if (name === undefined) return [];
      const owner = enclosingClass(parent);
      return this.calls.filter((call) => {
        const callee = unwrapExpression(call.callee);
        return (
          callee.type === AST_NODE_TYPES.MemberExpression &&
          callee.object.type === AST_NODE_TYPES.ThisExpression &&
          memberName(callee) === name &&
          enclosingClass(call) === owner
        );
      });
    }
    const declaring = fn.type === AST_NODE_TYPES.FunctionDeclaration ? fn : parent.type === AST_NODE_TYPES.VariableDeclarator ? parent : undefined;
    if (!declaring) return [];
    const calls: TSESTree.CallExpression[] = [];
    for (const variable of context.sourceCode.getDeclaredVariables(declaring)) {
      if (variable.defs[0]?.type !== 'FunctionName' && variable.defs[0]?.type !== 'Variable') continue;
      for (const reference of variable.references) {
        const { parent: user, child } = usedAt(reference.identifier);
        if (user?.type === AST_NODE_TYPES.CallExpression && user.callee === child) calls.push(user);
      }
    }
    return calls;
  }
}

interface StopSite {
  /** What the call stops or receives: `child` in `child.kill()`, the pid in `process.kill(-pid)`. */
  readonly subject: TSESTree.Node;
  /** Whether it kills the whole process group or tree, which a detached child needs. */
  readonly wholeGroup: boolean;
}

/** The stop calls of the file that run when the process ends. */
class ShutdownReach {
  private readonly shutdownFunctions = new Set<TSESTree.Node>();
  private readonly sites: StopSite[] = [];

  constructor(
    private readonly file: FileIndex,
    private readonly context: Context,
  ) {
    for (const fn of file.functions) {
      if (SHUTDOWN_NAME.test(functionName(fn) ?? '')) this.shutdownFunctions.add(fn);
    }
    for (const call of file.calls) {
      for (const handler of shutdownHandlersRegisteredBy(call, context)) this.addHandler(handler);
    }
    this.propagate();
    for (const call of file.calls) {
      const site = stopSiteOf(call, context);
      if (site && this.runsAtShutdown(call)) this.sites.push(site);
    }
  }

  /** Whether a stop call at shutdown reaches one of the child's names (a detached child needs a group kill). */
  killsOneOf(names: ReadonlySet<string>, wholeGroup: boolean): boolean {
    if (names.size === 0) return false;
    return this.sites.some((site) => (!wholeGroup || site.wholeGroup) && stopReaches(site, names, this.context));
  }

  private addHandler(handler: TSESTree.Node): void {
    const inner = unwrapExpression(handler as TSESTree.Expression);
    if (isFunction(inner)) this.shutdownFunctions.add(inner);
    else if (inner.type === AST_NODE_TYPES.Identifier) this.functionsNamedBy(inner).forEach((fn) => this.shutdownFunctions.add(fn));
    else if (inner.type === AST_NODE_TYPES.MemberExpression) this.methodsNamed(memberName(inner)).forEach((fn) => this.shutdownFunctions.add(fn));
  }

  /** Functions called (or passed on) from shutdown code run at shutdown too. */
  private propagate(): void {
    let changed = true;
    for (let round = 0; changed && round < 10; round++) {
      changed = false;
      for (const call of this.file.calls) {
        if (!this.runsAtShutdown(call)) continue;
        const callee = unwrapExpression(call.callee);
        const reached =
          callee.type === AST_NODE_TYPES.Identifier
            ? this.functionsNamedBy(callee)
            : callee.type === AST_NODE_TYPES.MemberExpression
              ? this.methodsNamed(memberName(callee))
              : [];
        const passed = call.arguments.flatMap((argument) => (argument.type === AST_NODE_TYPES.Identifier ? this.functionsNamedBy(argument) : []));
        for (const fn of [...reached, ...passed]) {
          if (!this.shutdownFunctions.has(fn)) {
            this.shutdownFunctions.add(fn);
            changed = true;
          }
        }
      }
    }
  }

  private runsAtShutdown(node: TSESTree.Node): boolean {
    for (let current = node.parent; current; current = current.parent) {
      if (this.shutdownFunctions.has(current)) return true;
    }
    return false;
  }

  private functionsNamedBy(identifier: TSESTree.Identifier): FunctionNode[] {
    const fn = functionNamedBy(identifier, this.context);
    return fn ? [fn] : [];
  }

  /** Methods, object-literal functions and function-valued fields of this file with a given name. */
  private methodsNamed(name: string | undefined): FunctionNode[] {
    return name === undefined ? [] : this.file.functions.filter((fn) => functionName(fn) === name);
  }
}

/** The function a name refers to in this file: `function stop() {}`, `const stop = () => {}`. */
function functionNamedBy(identifier: TSESTree.Identifier, context: Context): FunctionNode | undefined {
  const variable = ASTUtils.findVariable(context.sourceCode.getScope(identifier), identifier.name);
  const definition = variable?.defs[0];
  if (definition?.type === 'FunctionName') return definition.node as FunctionNode;
  if (definition?.type === 'Variable' && definition.node.init) {
    const init = unwrapExpression(definition.node.init);
    return isFunction(init) ? init : undefined;
  }
  return undefined;
}

/** The functions a call registers to run when the process ends. */
function shutdownHandlersRegisteredBy(call: TSESTree.CallExpression, context: Context): TSESTree.Node[] {
  const callee = unwrapExpression(call.callee);
  const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? memberName(callee) : undefined;
  if (!name) return [];
  const [first, second] = call.arguments;
  if (LISTENER_METHODS.has(name) && callee.type === AST_NODE_TYPES.MemberExpression && first && second) {
    const event = stringValue(first);
    const onProcess = isGlobalProcess(callee.object, context);
    // `for (const signal of SIGNALS) process.on(signal, shutdown)`: the event is not written out.
    if (onProcess && (event === undefined || PROCESS_END_EVENTS.has(event))) return [second];
    return event !== undefined && RELAYED_END_EVENTS.has(event) ? [second] : [];
  }
  if (name === 'addHook' && first && second && /^(?:onClose|preClose)$/.test(stringValue(first) ?? '')) return [second];
  if (SHUTDOWN_REGISTRARS.test(name)) return call.arguments.filter((argument) => argument.type !== AST_NODE_TYPES.SpreadElement);
  return [];
}

function stopSiteOf(call: TSESTree.CallExpression, context: Context): StopSite | undefined {
  const callee = unwrapExpression(call.callee);
  if (callee.type === AST_NODE_TYPES.MemberExpression) {
    const name = memberName(callee);
    if (name === 'kill' && isGlobalProcess(callee.object, context)) {
      const [pid] = call.arguments;
      if (!pid) return undefined;
      return { subject: pid, wholeGroup: pid.type === AST_NODE_TYPES.UnaryExpression && pid.operator === '-' };
    }
    if (name && STOPPING_METHODS.has(name)) return { subject: callee.object, wholeGroup: false };
  }
  const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? memberName(callee) : undefined;
  if (!name || call.arguments.length === 0) return undefined;
  // A tree killer, or a project helper that takes the child and may kill its group.
  if (TREE_KILLERS.test(name) || STOPPING_HELPER.test(name)) return { subject: call, wholeGroup: true };
  return undefined;
}

/**
 * Whether a stop call is about the child: its subject mentions one of the
 * child's names, or it runs in a loop over a collection that does
 * (`for (const worker of this.workers) worker.kill()`, `procs.forEach((p) => p.kill())`),
 * or on a variable read from one (`const proc = this.procs.get(id)`).
 */
function stopReaches(site: StopSite, names: ReadonlySet<string>, context: Context): boolean {
  if (mentionsName(site.subject, names)) return true;
  for (const identifier of identifiersIn(site.subject)) {
    const variable = ASTUtils.findVariable(context.sourceCode.getScope(identifier), identifier.name);
    const definition = variable?.defs[0];
    if (definition?.type === 'Variable' && definition.node.init && mentionsName(definition.node.init, names)) return true;
    if (definition?.type === 'Variable' && isLoopBinding(definition.node) && mentionsName(definition.node.parent.parent.right, names)) return true;
    if (definition?.type === 'Parameter' && isFunction(definition.node)) {
      const iterated = iteratedBy(definition.node);
      if (iterated && mentionsName(iterated, names)) return true;
    }
  }
  return false;
}

function isLoopBinding(
  declarator: TSESTree.VariableDeclarator,
): declarator is TSESTree.VariableDeclarator & { parent: TSESTree.VariableDeclaration & { parent: TSESTree.ForOfStatement | TSESTree.ForInStatement } } {
  const statement = declarator.parent.parent;
  return statement?.type === AST_NODE_TYPES.ForOfStatement || statement?.type === AST_NODE_TYPES.ForInStatement;
}

/** The collection a callback iterates: `this.workers` in `this.workers.forEach((w) => …)`. */
function iteratedBy(fn: TSESTree.Node): TSESTree.Node | undefined {
  const call = fn.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || !call.arguments.includes(fn as TSESTree.CallExpressionArgument)) return undefined;
  const callee = unwrapExpression(call.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression ? callee.object : undefined;
}

// ---------------------------------------------------------------------------
// Small AST helpers

function isFunction(node: TSESTree.Node): node is FunctionNode {
  return (
    node.type === AST_NODE_TYPES.ArrowFunctionExpression ||
    node.type === AST_NODE_TYPES.FunctionExpression ||
    node.type === AST_NODE_TYPES.FunctionDeclaration
  );
}

function enclosingFunctionOf(node: TSESTree.Node): FunctionNode | undefined {
  for (let current = node.parent; current; current = current.parent) if (isFunction(current)) return current;
  return undefined;
}

function enclosingClass(node: TSESTree.Node): TSESTree.Node | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.ClassBody) return current;
  }
  return undefined;
}

/** The name a function goes by: its own, its variable's, its method's, property's or field's. */
export function functionName(fn: FunctionNode): string | undefined {
  if (fn.type !== AST_NODE_TYPES.ArrowFunctionExpression && fn.id) return fn.id.name;
  const parent = fn.parent;
  if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) return parent.id.name;
  if (
    parent.type === AST_NODE_TYPES.MethodDefinition ||
    parent.type === AST_NODE_TYPES.PropertyDefinition ||
    parent.type === AST_NODE_TYPES.Property
  ) {
    if (!parent.computed && parent.key.type === AST_NODE_TYPES.Identifier) return parent.key.name;
    if (parent.key.type === AST_NODE_TYPES.Literal) return String(parent.key.value);
    // `[Symbol.dispose]()` / `[Symbol.asyncDispose]()`
    if (parent.key.type === AST_NODE_TYPES.MemberExpression) return memberName(parent.key);
  }
  if (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.left.type === AST_NODE_TYPES.MemberExpression) return memberName(parent.left);
  return undefined;
}

/** Whether an expression's root is a name imported from another module (`import { registry }`, `require`). */
function isImported(node: TSESTree.Node, context: Context): boolean {
  let root: TSESTree.Node = node;
  while (root.type === AST_NODE_TYPES.MemberExpression) root = root.object;
  if (root.type !== AST_NODE_TYPES.Identifier) return false;
  const definition = ASTUtils.findVariable(context.sourceCode.getScope(root), root.name)?.defs[0];
  if (definition?.type === 'ImportBinding') return true;
  return definition?.type === 'Variable' && definition.node.init != null && requiredSpecifier(definition.node.init) !== undefined;
}

/** The global `process` (also `globalThis.process`), not a child kept in a variable named `process`. */
function isGlobalProcess(node: TSESTree.Node, context: Context): boolean {
  const inner = unwrapExpression(node as TSESTree.Expression);
  if (inner.type === AST_NODE_TYPES.Identifier) {
    if (inner.name !== 'process') return false;
    const variable = ASTUtils.findVariable(context.sourceCode.getScope(inner), inner.name);
    return !variable || variable.defs.length === 0;
  }
  return (
    inner.type === AST_NODE_TYPES.MemberExpression &&
    memberName(inner) === 'process' &&
    inner.object.type === AST_NODE_TYPES.Identifier &&
    (inner.object.name === 'globalThis' || inner.object.name === 'global')
  );
}

/** `proc` in `this.proc`, `#proc` in `this.#proc`. */
function fieldName(member: TSESTree.MemberExpression): string | undefined {
  return member.property.type === AST_NODE_TYPES.PrivateIdentifier ? `#${member.property.name}` : memberName(member);
}

/** Adds the names in `this.proc`, `state.sidecar.child`, `sidecar`: each may name the child in a kill. */
function addNames(node: TSESTree.Node, names: Set<string>): void {
  const inner = unwrapExpression(node as TSESTree.Expression);
  if (inner.type === AST_NODE_TYPES.Identifier) names.add(inner.name);
  else if (inner.type === AST_NODE_TYPES.MemberExpression) {
    const name = fieldName(inner);
    if (name) names.add(name);
    else addNames(inner.object, names);
  }
}

function mentionsName(node: TSESTree.Node, names: ReadonlySet<string>): boolean {
  return someDescendant(
    node,
    (inner) =>
      (inner.type === AST_NODE_TYPES.Identifier && names.has(inner.name)) ||
      (inner.type === AST_NODE_TYPES.PrivateIdentifier && names.has(`#${inner.name}`)),
  );
}

function identifiersIn(node: TSESTree.Node): TSESTree.Identifier[] {
  const found: TSESTree.Identifier[] = [];
  someDescendant(node, (inner) => {
    if (inner.type === AST_NODE_TYPES.Identifier && !(inner.parent.type === AST_NODE_TYPES.MemberExpression && inner.parent.property === inner && !inner.parent.computed)) {
      found.push(inner);
    }
    return false;
  });
  return found;
}

/** Whether `predicate` holds for the node or a descendant, nested functions included. */
function someDescendant(root: TSESTree.Node, predicate: (node: TSESTree.Node) => boolean): boolean {
  const stack: TSESTree.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (predicate(node)) return true;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'parent') continue;
      for (const item of Array.isArray(value) ? value : [value]) if (isNode(item)) stack.push(item);
    }
  }
  return false;
}

function truncate(text: string): string {
  const single = text.replace(/\s+/g, ' ');
  return single.length > 40 ? `${single.slice(0, 37)}...` : single;
}
