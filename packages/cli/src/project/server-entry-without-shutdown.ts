import path from 'node:path';
import { SIGNAL_LIBRARIES } from 'eslint-plugin-pitfalls/knowledge/lifecycle';
import { ts } from 'ts-morph';
import type { Finding } from '../finding.js';
import { isPackageOrSubpath, moduleUsesOf } from './support/imports.js';
import { projectFinding } from './support/findings.js';
import { assertKnownOptions } from './support/options.js';
import { calleeName, isFunctionLike, isScriptFile, isTestFile, locationOf, programFiles, rootIdentifier, snippet, stringValue, terminalName, toPosix, unwrap, walk, type ProgramFile } from './support/source.js';
import { packageClosure, packageOf, workspacePackages, type WorkspacePackage } from './support/workspace.js';
import type { ProjectCheck, ProjectCheckContext } from './types.js';

/** Something that keeps the process running until it is told to stop. */
interface Start {
  readonly file: ProgramFile;
  readonly node: ts.CallExpression | ts.NewExpression;
  /** `Fastify server`, `BullMQ worker`, `kafkajs consumer`. */
  readonly label: string;
}

/** Packages whose `listen` starts a server, and what the server is called in messages. */
const SERVER_PACKAGES: readonly { readonly label: string; readonly packages: readonly string[] }[] = [
  { label: 'NestJS application', packages: ['@nestjs/core', '@nestjs/common', '@nestjs/platform-express', '@nestjs/platform-fastify', '@nestjs/microservices'] },
  { label: 'Fastify server', packages: ['fastify'] },
  { label: 'Express server', packages: ['express'] },
  { label: 'Koa server', packages: ['koa'] },
  { label: 'restify server', packages: ['restify'] },
  { label: 'Polka server', packages: ['polka'] },
  { label: 'hapi server', packages: ['@hapi/hapi'] },
  { label: 'HTTP server', packages: ['http', 'https', 'http2', 'net', 'tls'] },
];

/** A receiver named like a server or app (as `require-graceful-shutdown` reads it), or a factory whose result is one. */
const SERVER_RECEIVER =
  /^(?:app|application|server|srv|api|fastify|koa|express|web|http|https|instance|createServer|createSecureServer|polka|restify)$|(?:Server|App|Api|Application)$/;

/** Queue workers: constructed (`new Worker()`) or started by a method of the package's queue. */
const WORKER_STARTS: readonly { readonly label: string; readonly packages: readonly string[]; readonly construct?: string; readonly member?: string }[] = [
  { label: 'BullMQ worker', packages: ['bullmq', '@taskforcesh/bullmq-pro'], construct: 'Worker' },
  { label: 'Bull queue processor', packages: ['bull'], member: 'process' },
  { label: 'Bee-Queue processor', packages: ['bee-queue'], member: 'process' },
  { label: 'pg-boss worker', packages: ['pg-boss'], member: 'work' },
  { label: 'Agenda processor', packages: ['agenda', '@hokify/agenda'], member: 'start' },
];

/**
 * Message consumers: only where the start runs when the module loads (its
 * top level or a function the file calls there), since the same calls appear
 * in helpers that fetch one batch for someone else.
 */
const CONSUMER_STARTS: readonly { readonly label: string; readonly packages: readonly string[]; readonly members: readonly string[] }[] = [
  { label: 'kafkajs consumer', packages: ['kafkajs'], members: ['run'] },
  { label: 'amqplib consumer', packages: ['amqplib', 'amqp-connection-manager'], members: ['consume'] },
  { label: 'NATS consumer', packages: ['nats', '@nats-io/transport-node', '@nats-io/nats-core', '@nats-io/jetstream'], members: ['subscribe', 'consume'] },
  { label: 'SQS consumer', packages: ['sqs-consumer'], members: ['start'] },
];

/** Libraries that install the signal handling, or that exist only to be called from it. */
const SHUTDOWN_LIBRARIES: readonly string[] = [...SIGNAL_LIBRARIES, 'http-terminator', 'stoppable', 'graceful-shutdown', '@nestjs-shutdown/core'];
const SIGNAL_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);
const SHUTDOWN_SIGNALS = new Set(['SIGTERM', 'SIGINT']);
/** A function imported from a package and named for shutdown: `registerGracefulShutdown(server)`, `onExit(close)`. */
const SHUTDOWN_NAME = /shut_?down|graceful|terminat|exit_?hook|on_?exit|on_?death|lightship/i;

/** `if (process.env.NODE_ENV !== 'production') app.listen(3000)`: a listen for local development only (as in `require-graceful-shutdown`). */
const DEVELOPMENT_GUARD =
  /\b(?:NODE_ENV|APP_ENV|ENV)\b\s*!==?\s*['"`]prod|['"`]prod\w*['"`]\s*!==?\s*[\w.]*\b(?:NODE_ENV|APP_ENV|ENV)\b|\b(?:NODE_ENV|APP_ENV|ENV)\b\s*===?\s*['"`](?:dev|development|local|test)['"`]|['"`](?:dev|development|local|test)['"`]\s*===?\s*[\w.]*\b(?:NODE_ENV|APP_ENV|ENV)\b|!\s*[\w.]*\b(?:VERCEL|NETLIFY|AWS_LAMBDA_FUNCTION_NAME|LAMBDA_TASK_ROOT)\b|\bIS_OFFLINE\b|\bisDev(?:elopment)?\b/;

const check: ProjectCheck = {
  id: 'server-entry-without-shutdown',
  description: 'Require SIGTERM handling somewhere in a program that starts a server, a queue worker or a consumer',
  severity: 'error',
  seed: '002 P4',
  run(context) {
    assertKnownOptions(context.options, []);
    const files = programFiles(context).filter((file) => !isTestFile(file.relative) && !isScriptFile(file.relative));
    const starts = files.flatMap(startsIn);
    if (starts.length === 0) return [];
    const handling = files.filter(handlesShutdown);
    const packages = workspacePackages(context.files);
    return starts.filter((start) => !handledFor(start, handling, packages)).map((start) => report(start, packages, context));
  },
};

export default check;

/**
 * Whether shutdown is handled in the program the start runs in: the start's
 * package and the repository packages it depends on (in a monorepo, one app's
 * SIGTERM handler does not stop another app). Without package.json files the
 * program is the whole repository.
 */
function handledFor(start: Start, handling: readonly ProgramFile[], packages: readonly WorkspacePackage[]): boolean {
  const home = packageOf(packages, start.file.path);
  if (!home) return handling.length > 0;
  const closure = packageClosure(packages, home);
  return handling.some((file) => {
    const owner = packageOf(packages, file.path);
    return owner === undefined || closure.has(owner);
  });
}

// ---------------------------------------------------------------------------
// What starts

function startsIn(file: ProgramFile): Start[] {
  const imports = importedPackages(file);
  const serverLabel = SERVER_PACKAGES.find((entry) => entry.packages.some((name) => imports.has(name)))?.label;
  const workers = WORKER_STARTS.filter((entry) => entry.packages.some((name) => imports.has(name)));
  const consumers = CONSUMER_STARTS.filter((entry) => entry.packages.some((name) => imports.has(name)));
  const honoServe = imports.has('@hono/node-server');
  // Most files import nothing that starts anything and never call `listen`: no walk for them.
  if (!serverLabel && workers.length === 0 && consumers.length === 0 && !honoServe && !file.text.includes('listen(')) return [];
  const bindings = importBindings(file);
  const servers = serverLabel ? serverVariables(file, bindings) : new Set<string>();
  let loadRunning: ReadonlySet<ts.Node> | undefined;
  const starts: Start[] = [];
  walk(file.node, (node) => {
    if (ts.isNewExpression(node)) {
      const name = calleeName(node);
      const worker = workers.find((entry) => entry.construct === name && entry.packages.includes(bindings.get(name ?? '') ?? ''));
      if (worker && !isDevelopmentOnly(node)) starts.push({ file, node, label: worker.label });
      return;
    }
    if (!ts.isCallExpression(node)) return;
    const callee = unwrap(node.expression);
    const name = calleeName(node);
    if (ts.isIdentifier(callee)) {
      if (honoServe && name === 'serve' && bindings.get('serve') === '@hono/node-server' && !isDevelopmentOnly(node)) starts.push({ file, node, label: 'Hono server' });
      return;
    }
    if (!ts.isPropertyAccessExpression(callee) || !name) return;
    if (name === 'listen' && isServerListen(node, callee, serverLabel !== undefined, servers)) {
      if (!isDevelopmentOnly(node)) starts.push({ file, node, label: serverLabel ?? 'server' });
      return;
    }
    const worker = workers.find((entry) => entry.member === name);
    // `queue.process(handler)` and `boss.work(name, handler)` take the handler; Agenda's `start()` takes nothing.
    if (worker && (name === 'start' || node.arguments.length > 0) && !isDevelopmentOnly(node)) {
      starts.push({ file, node, label: worker.label });
      return;
    }
    const consumer = consumers.find((entry) => entry.members.includes(name));
    if (consumer && isConsumerStart(node, consumer.label)) {
      loadRunning ??= loadRunningFunctions(file.node);
      if (runsAtLoad(node, loadRunning) && !isDevelopmentOnly(node)) starts.push({ file, node, label: consumer.label });
    }
  });
  return starts;
}

/**
 * `app.listen(PORT)`, `server.listen({ port })`, `http.createServer(h).listen(3000)`:
 * a receiver named like a server, in a file that imports a server package or
 * with a port-like first argument. `history.listen(cb)` and `emitter.listen()` are not servers.
 */
function isServerListen(call: ts.CallExpression, callee: ts.PropertyAccessExpression, importsServer: boolean, servers: ReadonlySet<string>): boolean {
  const receiver = terminalName(callee.expression);
  if (!receiver) return false;
  if (servers.has(receiver)) return true;
  return SERVER_RECEIVER.test(receiver) && (importsServer || isPortLike(call.arguments[0]));
}

/**
 * Variables of the file made by a server package's factory, whatever their
 * name: `const health = Fastify()`, `const probes = express()`, `const s = http.createServer(h)`.
 */
function serverVariables(file: ProgramFile, bindings: ReadonlyMap<string, string>): ReadonlySet<string> {
  const names = new Set<string>();
  const serverPackages = new Set(SERVER_PACKAGES.flatMap((entry) => entry.packages));
  walk(file.node, (node) => {
    if (!ts.isVariableDeclaration(node) || !ts.isIdentifier(node.name) || !node.initializer) return;
    let init = unwrap(node.initializer);
    if (ts.isAwaitExpression(init)) init = unwrap(init.expression);
    if (!ts.isCallExpression(init) && !ts.isNewExpression(init)) return;
    const root = rootIdentifier(init.expression);
    const specifier = root && bindings.get(root.text);
    if (specifier && serverPackages.has(specifier.replace(/^node:/, ''))) names.add(node.name.text);
  });
  return names;
}

function isPortLike(node: ts.Expression | undefined): boolean {
  if (!node) return false;
  const inner = unwrap(node);
  if (ts.isNumericLiteral(inner)) return true;
  if (ts.isStringLiteral(inner)) return /^\d{2,5}$/.test(inner.text);
  if (ts.isIdentifier(inner)) return /port/i.test(inner.text);
  if (ts.isPropertyAccessExpression(inner)) return /port/i.test(inner.name.text) || /\bprocess\.env\b/.test(inner.getText());
  if (ts.isBinaryExpression(inner)) return isPortLike(inner.left) || isPortLike(inner.right);
  if (ts.isConditionalExpression(inner)) return isPortLike(inner.whenTrue) || isPortLike(inner.whenFalse);
  if (ts.isCallExpression(inner)) return inner.arguments.some((argument) => isPortLike(argument));
  if (ts.isObjectLiteralExpression(inner)) {
    return inner.properties.some((property) => property.name !== undefined && ts.isIdentifier(property.name) && ['port', 'host', 'path'].includes(property.name.text));
  }
  return false;
}

/** kafkajs `run` needs `eachMessage`/`eachBatch`; the other consumers' calls are starts as they are. */
function isConsumerStart(call: ts.CallExpression, label: string): boolean {
  if (label !== 'kafkajs consumer') return true;
  const [options] = call.arguments;
  return (
    options !== undefined &&
    ts.isObjectLiteralExpression(unwrap(options)) &&
    (unwrap(options) as ts.ObjectLiteralExpression).properties.some((property) => property.name !== undefined && ts.isIdentifier(property.name) && /^each(?:Message|Batch)$/.test(property.name.text))
  );
}

function isDevelopmentOnly(node: ts.Node): boolean {
  for (let current: ts.Node = node; current.parent; current = current.parent) {
    const parent = current.parent;
    const guard =
      ts.isIfStatement(parent) && parent.thenStatement === current
        ? parent.expression
        : ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && parent.right === current
          ? parent.left
          : undefined;
    if (guard && DEVELOPMENT_GUARD.test(guard.getText())) return true;
  }
  return false;
}

/**
 * The functions of a file that run when it loads: called at the top level
 * (`main()`, `void main()`, `main().catch(…)`), callbacks handed to a call
 * there (`connect().then(() => …)`), IIFEs, and what those call in turn.
 */
function loadRunningFunctions(file: ts.SourceFile): ReadonlySet<ts.Node> {
  const declared = new Map<string, ts.Node>();
  for (const statement of file.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name) declared.set(statement.name.text, statement);
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const init = declaration.initializer && unwrap(declaration.initializer);
        if (ts.isIdentifier(declaration.name) && init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) declared.set(declaration.name.text, init);
      }
    }
  }
  const running = new Set<ts.Node>();
  const queue: ts.Node[] = [];
  const visitRunning = (root: ts.Node): void => {
    walk(root, (node) => {
      if (node !== root && isFunctionLike(node)) {
        // A callback handed to a call runs (soon) when the call runs; any other nested function is only declared.
        if ((isHandedToCall(node) || isInvokedImmediately(node)) && !running.has(node)) {
          running.add(node);
          queue.push(node);
        }
        return false;
      }
      if (ts.isCallExpression(node)) {
        const name = ts.isIdentifier(unwrap(node.expression)) ? (unwrap(node.expression) as ts.Identifier).text : undefined;
        const fn = name ? declared.get(name) : undefined;
        if (fn && !running.has(fn)) {
          running.add(fn);
          queue.push(fn);
        }
      }
      return true;
    });
  };
  for (const statement of file.statements) {
    if (ts.isFunctionDeclaration(statement)) continue;
    visitRunning(statement);
  }
  while (queue.length > 0) {
    const fn = queue.pop()!;
    const body = isFunctionLike(fn) ? fn.body : undefined;
    if (body) visitRunning(body);
  }
  return running;
}

function isHandedToCall(fn: ts.Node): boolean {
  const parent = fn.parent;
  return ts.isCallExpression(parent) && parent.arguments.some((argument) => argument === fn);
}

/** `(async () => { … })()`: a function called where it is written. */
function isInvokedImmediately(fn: ts.Node): boolean {
  let current = fn;
  while (ts.isParenthesizedExpression(current.parent)) current = current.parent;
  return ts.isCallExpression(current.parent) && current.parent.expression === current;
}

/** Whether a node runs at load: at the top level, or inside functions that all run at load. */
function runsAtLoad(node: ts.Node, running: ReadonlySet<ts.Node>): boolean {
  for (let current = node.parent; current && !ts.isSourceFile(current); current = current.parent) {
    if (isFunctionLike(current)) return running.has(current);
    if (ts.isClassDeclaration(current) || ts.isClassExpression(current)) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------
// What handles shutdown

function handlesShutdown(file: ProgramFile): boolean {
  const text = file.text;
  const mentionsSignal = text.includes('SIGTERM') || text.includes('SIGINT');
  if (text.includes('enableShutdownHooks') && callsMember(file.node, 'enableShutdownHooks')) return true;
  const uses = moduleUsesOf(file.node).filter((use) => !use.typeOnly);
  if (uses.some((use) => SHUTDOWN_LIBRARIES.some((name) => isPackageOrSubpath(use.specifier, name)))) return true;
  if (importsShutdownFunction(file)) return true;
  if (!mentionsSignal) return false;
  let found = false;
  walk(file.node, (node) => {
    if (found) return false;
    if (!ts.isCallExpression(node) || !SIGNAL_METHODS.has(calleeName(node) ?? '')) return true;
    const callee = unwrap(node.expression);
    if (!ts.isPropertyAccessExpression(callee) || terminalName(callee.expression) !== 'process') return true;
    const [signal] = node.arguments;
    const name = stringValue(signal && unwrap(signal));
    // A computed signal (`for (const s of ['SIGTERM', 'SIGINT']) process.on(s, …)`) in a file that names one.
    if (signal && (name === undefined || SHUTDOWN_SIGNALS.has(name))) found = true;
    return !found;
  });
  return found;
}

function callsMember(file: ts.SourceFile, member: string): boolean {
  let found = false;
  walk(file, (node) => {
    if (found) return false;
    if (ts.isCallExpression(node) && calleeName(node) === member) found = true;
    return !found;
  });
  return found;
}

/**
 * `import { registerGracefulShutdown } from '@acme/service-kit'` and a call of
 * it: shutdown handled by a package this program does not show. Importing a
 * name is not enough: NestJS's `OnApplicationShutdown` is an interface whose
 * hook runs only after `enableShutdownHooks()`.
 */
function importsShutdownFunction(file: ProgramFile): boolean {
  const imported = new Set<string>();
  for (const statement of file.node.statements) {
    if (!ts.isImportDeclaration(statement) || statement.importClause?.isTypeOnly) continue;
    const specifier = stringValue(statement.moduleSpecifier);
    if (!specifier || specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) continue;
    const bindings = statement.importClause?.namedBindings;
    if (!bindings || !ts.isNamedImports(bindings)) continue;
    for (const element of bindings.elements) {
      if (!element.isTypeOnly && SHUTDOWN_NAME.test((element.propertyName ?? element.name).text)) imported.add(element.name.text);
    }
  }
  if (imported.size === 0) return false;
  let called = false;
  walk(file.node, (node) => {
    if (called) return false;
    if (ts.isCallExpression(node) && ts.isIdentifier(unwrap(node.expression)) && imported.has((unwrap(node.expression) as ts.Identifier).text)) called = true;
    return !called;
  });
  return called;
}

// ---------------------------------------------------------------------------
// Imports of the entry file

/** The packages a file imports for their values, without `node:`. */
function importedPackages(file: ProgramFile): ReadonlySet<string> {
  const names = new Set<string>();
  for (const use of moduleUsesOf(file.node)) {
    if (use.typeOnly || use.specifier.startsWith('.')) continue;
    const bare = use.specifier.replace(/^node:/, '');
    const parts = bare.split('/');
    names.add(bare.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0] ?? bare);
  }
  return names;
}

/** Local name → package, for named and default imports and `const { Worker } = require('bullmq')`. */
function importBindings(file: ProgramFile): ReadonlyMap<string, string> {
  const bindings = new Map<string, string>();
  for (const statement of file.node.statements) {
    if (ts.isImportDeclaration(statement)) {
      const specifier = stringValue(statement.moduleSpecifier);
      const clause = statement.importClause;
      if (!specifier || !clause || clause.isTypeOnly) continue;
      if (clause.name) bindings.set(clause.name.text, specifier);
      if (clause.namedBindings && ts.isNamespaceImport(clause.namedBindings)) bindings.set(clause.namedBindings.name.text, specifier);
      if (clause.namedBindings && ts.isNamedImports(clause.namedBindings)) {
        for (const element of clause.namedBindings.elements) if (!element.isTypeOnly && (element.propertyName ?? element.name).text) bindings.set(element.name.text, specifier);
      }
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const init = declaration.initializer && unwrap(declaration.initializer);
        if (!init || !ts.isCallExpression(init) || !ts.isIdentifier(init.expression) || init.expression.text !== 'require') continue;
        const specifier = stringValue(init.arguments[0]);
        if (!specifier) continue;
        if (ts.isObjectBindingPattern(declaration.name)) {
          for (const element of declaration.name.elements) if (ts.isIdentifier(element.name)) bindings.set(element.name.text, specifier);
        } else if (ts.isIdentifier(declaration.name)) bindings.set(declaration.name.text, specifier);
      }
    }
  }
  return bindings;
}

function report(start: Start, packages: readonly WorkspacePackage[], context: ProjectCheckContext): Finding {
  const home = packageOf(packages, start.file.path);
  const scope =
    home && packages.length > 1
      ? ` in \`${home.name ?? (toPosix(path.relative(context.root, home.dir)) || '.')}\` or the packages of this repository it depends on`
      : ' in this program';
  const message =
    `\`${snippet(start.node)}\` starts ${withArticle(start.label)}, and nothing${scope} handles SIGTERM: no \`process.on('SIGTERM', …)\`, no NestJS \`enableShutdownHooks()\`, ` +
    'no shutdown library (@godaddy/terminus, close-with-grace, http-terminator…). ' +
    'Kubernetes sends SIGTERM on every deploy, scale-down and node drain, and Node then dies at once: in-flight requests are cut, a job is abandoned halfway, ' +
    'and messages already acknowledged but still in a buffer are lost for good. ' +
    'On SIGTERM, stop taking new work, close the server or worker and flush what is buffered, then exit, all within `terminationGracePeriodSeconds`.';
  return projectFinding(check, { file: start.file.path, ...locationOf(start.node) }, message);
}

/** `an HTTP server`, `a BullMQ worker`, `an SQS consumer`: the article as the label is read aloud. */
function withArticle(label: string): string {
  return `${/^(?:[aeiouAEIOU]|HTTP|SQS)/.test(label) ? 'an' : 'a'} ${label}`;
}
