import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { enclosingRequestHandler, isFunctionLike, type FunctionLike } from '../knowledge/handlers.js';
import { importBindingOf, isFromPackage, memberName, resolveCallTarget, unwrapExpression } from '../knowledge/origin.js';
import { requestInputOf } from '../knowledge/request-input.js';
import { isLazyModuleInitialisation, isStartupFunction } from '../knowledge/run-once.js';
import { isNode } from '../util/ast.js';
import { ignoreOptionSchema, isFileMatchedBy, TEST_FILE_GLOBS } from '../util/files.js';
import { createRule } from '../util/create-rule.js';

type Options = [{ ignore?: string[] }];
type MessageIds = 'staticFileReadPerRequest' | 'cacheBustedImport';
type Context = Readonly<TSESLint.RuleContext<MessageIds, Options>>;

export default createRule<Options, MessageIds>({
  name: 'no-static-file-read-in-handler',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow reading and parsing a fixed config file inside a request handler',
      recommended: 'recommended',
      domains: ['async', 'web'],
      seed: '000 P6',
    },
    schema: [
      {
        type: 'object',
        properties: {
          ignore: ignoreOptionSchema('tests and CLI scripts'),
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [
      {
        // Tests and scripts run once: re-reading a fixture there costs nobody a request.
        ignore: [
          ...TEST_FILE_GLOBS,
          '**/scripts/**',
          '**/bin/**',
          '**/migrations/**',
          '**/seeds/**',
        ],
      },
    ],
    messages: {
      cacheBustedImport:
        '`import()` of `{{path}}` with a cache-busting query inside this {{handler}}: every request loads and parses the file again, and each unique specifier stays in the module cache for the life of the process, so memory grows with the request count. Import it once at startup, or read it with `fs` and cache the parsed value.',
      staticFileReadPerRequest:
        '`{{path}}` is read{{parsed}} inside this {{handler}}, but its path does not depend on the request: every request re-reads{{reparses}} the same file (disk I/O and CPU per request), and a half-written file during a deploy breaks requests. Load it once at startup (module level or before `listen`), or cache it and reload it with a file watcher if it must change at runtime.',
    },
  },
  create(context, [options]) {
    if (isFileMatchedBy(context, options.ignore ?? [])) return {};
    return {
      CallExpression(node) {
        const read = fileReadOf(node, context);
        if (!read) return;
        const handler = enclosingRequestHandler(node, context);
        if (!handler || runsOutsideRequests(node, handler.fn, context)) return;
        if (!isStaticPath(read.path, context, 0)) return;
        if (isCachedOrDevOnly(node, handler.fn, context) || isWrittenBack(read.path, context)) return;
        const use = read.parsedByRead ? 'parsed' : valueUseOf(node, context, 0);
        if (use === 'sent' || (use !== 'parsed' && !pathTails(read.path, context, 0).some(isConfigFileName))) return;
        context.report({
          node,
          messageId: 'staticFileReadPerRequest',
          data: {
            path: shortText(context.sourceCode.getText(read.path)),
            handler: handler.kind,
            parsed: use === 'parsed' ? ' and parsed' : '',
            reparses: use === 'parsed' ? ' and re-parses' : '',
          },
        });
      },
      // A plain `import('./x.json')` is read once: the module cache keeps it. Only a
      // specifier made unique per call (`?v=${Date.now()}`) loads the file per request.
      ImportExpression(node) {
        // typescript-estree leaves `import.defer()` (no argument) without a source, whatever its type says.
        const source = node.source as TSESTree.Expression | null;
        const file = source && cacheBustedConfigImport(source);
        if (!file) return;
        const handler = enclosingRequestHandler(node, context);
        if (!handler || runsOutsideRequests(node, handler.fn, context)) return;
        context.report({ node, messageId: 'cacheBustedImport', data: { path: shortText(file), handler: handler.kind } });
      },
    };
  },
});

/** Calls whose value differs on every call: a specifier built with one is new to the module cache each time. */
const UNIQUE_PER_CALL = /^(?:Date\.now|performance\.now|Math\.random|crypto\.randomUUID|randomUUID|process\.hrtime(?:\.bigint)?)$/;

/**
 * The config file a dynamic import loads under a fresh specifier each time:
 * `` import(`./settings.json?t=${Date.now()}`) `` or `import('./a.yaml?v=' + Math.random())`.
 */
function cacheBustedConfigImport(source: TSESTree.Expression): string | undefined {
  const parts: TSESTree.Node[] =
    source.type === AST_NODE_TYPES.TemplateLiteral
      ? [...source.quasis, ...source.expressions].sort((a, b) => a.range[0] - b.range[0])
      : source.type === AST_NODE_TYPES.BinaryExpression && source.operator === '+'
        ? [source.left, source.right]
        : [];
  let text = '';
  let busted = false;
  for (const part of parts) {
    if (part.type === AST_NODE_TYPES.TemplateElement) text += part.value.cooked ?? '';
    else if (part.type === AST_NODE_TYPES.Literal && typeof part.value === 'string') text += part.value;
    else if (part.type === AST_NODE_TYPES.CallExpression && text.includes('?') && isUniquePerCall(part)) busted = true;
    else text += '\u0000';
  }
  const file = text.split('?')[0] ?? '';
  return busted && !file.includes('\u0000') && isConfigFileName(file) ? file : undefined;
}

function isUniquePerCall(call: TSESTree.CallExpression): boolean {
  const callee = call.callee;
  const name =
    callee.type === AST_NODE_TYPES.Identifier
      ? callee.name
      : callee.type === AST_NODE_TYPES.MemberExpression && callee.object.type === AST_NODE_TYPES.Identifier && !callee.computed && callee.property.type === AST_NODE_TYPES.Identifier
        ? `${callee.object.name}.${callee.property.name}`
        : '';
  return UNIQUE_PER_CALL.test(name);
}

// ---------------------------------------------------------------------------
// The read: `readFile`/`readFileSync` from `fs`, `fs/promises`, `fs-extra`

interface FileRead {
  readonly path: TSESTree.Expression;
  /** fs-extra's `readJson`: the read parses the file itself. */
  readonly parsedByRead: boolean;
}

const FS_PACKAGES = ['fs', 'fs-extra', 'graceful-fs'];
const READS = new Set(['readFile', 'readFileSync']);
const JSON_READS = new Set(['readJson', 'readJSON', 'readJsonSync', 'readJSONSync']);

/**
 * A whole-file read. Streams (`createReadStream`) are how files are served,
 * not how config is loaded, so they are not reads here.
 */
function fileReadOf(call: TSESTree.CallExpression, context: Context): FileRead | undefined {
  const [first] = call.arguments;
  if (!first || first.type === AST_NODE_TYPES.SpreadElement) return undefined;
  const target = resolveCallTarget(call, context);
  if (!target) return undefined;
  const fromFs =
    isFromPackage(target.origin, ['fs/promises']) ||
    isFromPackage(target.origin, FS_PACKAGES) ||
    (target.via === 'none' && isUntypedFsPromisesMember(call, context));
  if (!fromFs) return undefined;
  if (READS.has(target.member)) return { path: first, parsedByRead: false };
  if (JSON_READS.has(target.member) && isFromPackage(target.origin, ['fs-extra'])) return { path: first, parsedByRead: true };
  return undefined;
}

/** `fs.promises.readFile(…)` and `require('fs').promises.readFile(…)` without types. */
function isUntypedFsPromisesMember(call: TSESTree.CallExpression, context: Context): boolean {
  const callee = unwrapExpression(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const receiver = unwrapExpression(callee.object);
  if (receiver.type !== AST_NODE_TYPES.MemberExpression || memberName(receiver) !== 'promises') return false;
  const root = unwrapExpression(receiver.object);
  if (root.type === AST_NODE_TYPES.Identifier) return isFromPackage(importBindingOf(root, context)?.origin, FS_PACKAGES);
  return root.type === AST_NODE_TYPES.CallExpression && requiredPackage(root) === 'fs';
}

function requiredPackage(call: TSESTree.CallExpression): string | undefined {
  const [argument] = call.arguments;
  if (call.callee.type !== AST_NODE_TYPES.Identifier || call.callee.name !== 'require') return undefined;
  return argument?.type === AST_NODE_TYPES.Literal && typeof argument.value === 'string'
    ? argument.value.replace(/^node:/, '')
    : undefined;
}

// ---------------------------------------------------------------------------
// Where it runs: per request, not in startup code, a cache fill or a dev-only reload

/** A function between the read and the handler that is startup code (a plugin body, `onModuleInit`). */
function runsOutsideRequests(read: TSESTree.Node, handler: FunctionLike, context: Context): boolean {
  for (let current = read.parent; current && current !== handler; current = current.parent) {
    if (isFunctionLike(current) && isStartupFunction(current, context)) return true;
  }
  return false;
}

/**
 * The read fills a cache kept across requests (`config ??= …`,
 * `if (!cache) cache = …`, `this.templates ??= …`, `if (!cache.has(k)) cache.set(k, …)`),
 * or only runs in development (the seed's own advice: reload in dev mode only).
 */
function isCachedOrDevOnly(read: TSESTree.CallExpression, handler: FunctionLike, context: Context): boolean {
  if (isLazyModuleInitialisation(read, context) || isPersistentFirstUseAssignment(read, context)) return true;
  let child: TSESTree.Node = read;
  for (let current: TSESTree.Node | undefined = read.parent; current && current !== handler; child = current, current = current.parent) {
    const guarded =
      current.type === AST_NODE_TYPES.IfStatement && current.consequent === child
        ? current.test
        : current.type === AST_NODE_TYPES.ConditionalExpression && current.consequent === child
          ? current.test
          : current.type === AST_NODE_TYPES.LogicalExpression && current.operator === '&&' && current.right === child
            ? current.left
            : undefined;
    if (!guarded) continue;
    const testText = context.sourceCode.getText(guarded);
    if (DEV_ONLY.test(testText)) return true;
    if (current.type === AST_NODE_TYPES.IfStatement && fillsStoreTestedBy(current.consequent, testText, context)) return true;
  }
  return false;
}

const DEV_ONLY = /['"`]development['"`]|!==?\s*['"`]production['"`]|\bis_?dev(?:elopment)?\b|\bdev_?mode\b|\bhot_?reload\b/i;

/** `this.config ??= …` or `cache.templates ||= …`: a lazily filled field of a singleton or a module object. */
function isPersistentFirstUseAssignment(read: TSESTree.Node, context: Context): boolean {
  let node: TSESTree.Node = read;
  while (node.parent && (carriesValue(node.parent, node) || isArgumentOf(node.parent, node))) node = node.parent;
  const assignment = node.parent;
  return (
    assignment?.type === AST_NODE_TYPES.AssignmentExpression &&
    assignment.right === node &&
    (assignment.operator === '??=' || assignment.operator === '||=') &&
    isPersistentStore(assignment.left, context)
  );
}

/** `JSON.parse(<read>)`, `new Map(<read>)`: the value lands in what the call returns. */
function isArgumentOf(parent: TSESTree.Node, child: TSESTree.Node): boolean {
  return (
    (parent.type === AST_NODE_TYPES.CallExpression || parent.type === AST_NODE_TYPES.NewExpression) &&
    parent.arguments.includes(child as TSESTree.CallExpressionArgument)
  );
}

/** Inside `if (…store…) { store = …; }` or `{ store.set(k, …) }`, where the store outlives the request. */
function fillsStoreTestedBy(block: TSESTree.Node, testText: string, context: Context): boolean {
  let found = false;
  const visit = (node: TSESTree.Node): void => {
    if (found || isFunctionLike(node)) return;
    const store =
      node.type === AST_NODE_TYPES.AssignmentExpression
        ? node.left
        : node.type === AST_NODE_TYPES.CallExpression &&
            node.callee.type === AST_NODE_TYPES.MemberExpression &&
            memberName(node.callee) === 'set'
          ? node.callee.object
          : undefined;
    if (store && isPersistentStore(store, context) && testText.includes(storeName(store, context))) {
      found = true;
      return;
    }
    for (const key of context.sourceCode.visitorKeys[node.type] ?? []) {
      const value = (node as unknown as Record<string, unknown>)[key];
      for (const item of Array.isArray(value) ? value : [value]) {
        if (isNode(item)) visit(item);
      }
    }
  };
  visit(block);
  return found;
}

/** A module-level variable, a member of one, or a member of `this` (controllers and services are singletons). */
function isPersistentStore(node: TSESTree.Node, context: Context): boolean {
  let root: TSESTree.Node = node;
  while (root.type === AST_NODE_TYPES.MemberExpression) root = root.object;
  if (root.type === AST_NODE_TYPES.ThisExpression) return node !== root;
  if (root.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = ASTUtils.findVariable(context.sourceCode.getScope(root), root.name);
  return variable !== null && isModuleScope(variable.scope);
}

function storeName(store: TSESTree.Node, context: Context): string {
  return context.sourceCode.getText(store).replace(/^this\./, '');
}

const WRITES = new Set([
  'writeFile',
  'writeFileSync',
  'appendFile',
  'appendFileSync',
  'outputFile',
  'outputFileSync',
  'writeJson',
  'writeJSON',
  'writeJsonSync',
  'outputJson',
  'outputJsonSync',
]);

/**
 * The same file is written somewhere in this module (`db.json` as a small
 * datastore, a settings file the admin page saves): it is data that changes,
 * so reading it fresh is the point, not a pitfall.
 */
function isWrittenBack(readPath: TSESTree.Expression, context: Context): boolean {
  const pathText = context.sourceCode.getText(readPath);
  const tails = new Set(pathTails(readPath, context, 0).filter((tail) => tail.length > 0));
  let written = false;
  const visit = (node: TSESTree.Node): void => {
    if (written) return;
    if (node.type === AST_NODE_TYPES.CallExpression) {
      const [first] = node.arguments;
      const target = first && first.type !== AST_NODE_TYPES.SpreadElement ? resolveCallTarget(node, context) : undefined;
      if (
        first &&
        target &&
        WRITES.has(target.member) &&
        (isFromPackage(target.origin, FS_PACKAGES) || isFromPackage(target.origin, ['fs/promises']) || target.via === 'none') &&
        (context.sourceCode.getText(first) === pathText || pathTails(first, context, 0).some((tail) => tails.has(tail)))
      ) {
        written = true;
        return;
      }
    }
    for (const key of context.sourceCode.visitorKeys[node.type] ?? []) {
      const value = (node as unknown as Record<string, unknown>)[key];
      for (const item of Array.isArray(value) ? value : [value]) {
        if (isNode(item)) visit(item);
      }
    }
  };
  visit(context.sourceCode.ast);
  return written;
}

// ---------------------------------------------------------------------------
// The path: built only from literals, module constants, env and path helpers

const MAX_DEPTH = 6;
const PATH_HELPERS = new Set(['join', 'resolve', 'normalize', 'dirname', 'basename', 'format', 'relative']);
const STATIC_GLOBAL_CALLS = /^(?:process\.cwd|os\.homedir|os\.tmpdir|fileURLToPath|url\.fileURLToPath|require\.resolve|String)$/;
const STATIC_META = new Set(['dirname', 'filename', 'url']);

/** Whether an expression names the same file on every request (it cannot come from the request). */
function isStaticPath(node: TSESTree.Node, context: Context, depth: number): boolean {
  if (depth > MAX_DEPTH || node.type === AST_NODE_TYPES.SpreadElement || requestInputOf(node, context)) return false;
  const expression = node.type === AST_NODE_TYPES.PrivateIdentifier ? undefined : unwrapExpression(node as TSESTree.Expression);
  if (!expression) return false;
  const next = (child: TSESTree.Node): boolean => isStaticPath(child, context, depth + 1);
  switch (expression.type) {
    case AST_NODE_TYPES.Literal:
      return typeof expression.value === 'string';
    case AST_NODE_TYPES.TemplateLiteral:
      return expression.expressions.every(next);
    case AST_NODE_TYPES.BinaryExpression:
      return expression.operator === '+' && next(expression.left) && next(expression.right);
    case AST_NODE_TYPES.LogicalExpression:
      return next(expression.left) && next(expression.right);
    case AST_NODE_TYPES.ConditionalExpression:
      // A request may pick the file (`lang === 'fr' ? FR : EN`), yet each one is still fixed.
      return next(expression.consequent) && next(expression.alternate);
    case AST_NODE_TYPES.Identifier:
      return isStaticVariable(expression, context, depth);
    case AST_NODE_TYPES.MemberExpression:
      return isStaticMember(expression, context, depth);
    case AST_NODE_TYPES.CallExpression:
    case AST_NODE_TYPES.NewExpression:
      return isStaticPathCall(expression, context) && expression.arguments.every(next);
    default:
      return false;
  }
}

/** `__dirname`, an import, a module-level constant, or a local constant initialised from a static path. */
function isStaticVariable(identifier: TSESTree.Identifier, context: Context, depth: number): boolean {
  const variable = ASTUtils.findVariable(context.sourceCode.getScope(identifier), identifier.name);
  const definition = variable?.defs[0];
  if (!variable || !definition) return identifier.name === '__dirname' || identifier.name === '__filename';
  if (variable.defs.length !== 1) return false;
  if (definition.type === 'ImportBinding') return true;
  if (definition.type !== 'Variable') return false;
  const reassigned = variable.references.some((reference) => reference.isWrite() && !reference.init);
  if (reassigned) return false;
  if (isModuleScope(variable.scope)) return true;
  const init = definition.node.init;
  return init !== null && isStaticPath(init, context, depth + 1);
}

/** `process.env.CONFIG_PATH`, `import.meta.dirname`, `CONFIG.paths.plugins`. */
function isStaticMember(member: TSESTree.MemberExpression, context: Context, depth: number): boolean {
  const object = unwrapExpression(member.object);
  if (object.type === AST_NODE_TYPES.MetaProperty) return STATIC_META.has(memberName(member) ?? '');
  if (member.computed && !isStaticPath(member.property, context, depth + 1)) return false;
  if (
    object.type === AST_NODE_TYPES.MemberExpression &&
    memberName(object) === 'env' &&
    object.object.type === AST_NODE_TYPES.Identifier &&
    object.object.name === 'process'
  ) {
    return true;
  }
  if (object.type === AST_NODE_TYPES.MemberExpression) return isStaticMember(object, context, depth + 1);
  return object.type === AST_NODE_TYPES.Identifier && isModuleConstant(object, context);
}

function isModuleConstant(identifier: TSESTree.Identifier, context: Context): boolean {
  const variable = ASTUtils.findVariable(context.sourceCode.getScope(identifier), identifier.name);
  const definition = variable?.defs[0];
  if (!variable || !definition) return false;
  if (definition.type === 'ImportBinding') return true;
  return definition.type === 'Variable' && definition.parent.kind === 'const' && isModuleScope(variable.scope);
}

/** `path.join(…)`, `resolve(…)` from `path`, `process.cwd()`, `fileURLToPath(…)`, `new URL(…, import.meta.url)`. */
function isStaticPathCall(call: TSESTree.CallExpression | TSESTree.NewExpression, context: Context): boolean {
  const callee = unwrapExpression(call.callee);
  if (call.type === AST_NODE_TYPES.NewExpression) return callee.type === AST_NODE_TYPES.Identifier && callee.name === 'URL';
  const text = context.sourceCode.getText(callee);
  if (STATIC_GLOBAL_CALLS.test(text)) return true;
  const target = resolveCallTarget(call, context);
  if (!target || !PATH_HELPERS.has(target.member)) return false;
  if (isFromPackage(target.origin, ['path', 'path/posix', 'path/win32'])) return true;
  return target.via === 'none' && /^path\.\w+$/.test(text);
}

/** The literal ends a path may have: `config.yaml` in `path.join(__dirname, 'config.yaml')`. */
function pathTails(node: TSESTree.Node, context: Context, depth: number): string[] {
  if (depth > MAX_DEPTH || node.type === AST_NODE_TYPES.SpreadElement || node.type === AST_NODE_TYPES.PrivateIdentifier) return [];
  const expression = unwrapExpression(node as TSESTree.Expression);
  const next = (child: TSESTree.Node): string[] => pathTails(child, context, depth + 1);
  switch (expression.type) {
    case AST_NODE_TYPES.Literal:
      return typeof expression.value === 'string' ? [expression.value] : [];
    case AST_NODE_TYPES.TemplateLiteral:
      return [expression.quasis.at(-1)?.value.cooked ?? ''];
    case AST_NODE_TYPES.BinaryExpression:
      return next(expression.right);
    case AST_NODE_TYPES.LogicalExpression:
      return [...next(expression.left), ...next(expression.right)];
    case AST_NODE_TYPES.ConditionalExpression:
      return [...next(expression.consequent), ...next(expression.alternate)];
    case AST_NODE_TYPES.CallExpression:
    case AST_NODE_TYPES.NewExpression: {
      const first = expression.arguments[0];
      // `new URL('./config.json', import.meta.url)`: the file is the first argument.
      const last = expression.type === AST_NODE_TYPES.NewExpression ? first : expression.arguments.at(-1);
      return last ? next(last) : [];
    }
    case AST_NODE_TYPES.Identifier: {
      const definition = ASTUtils.findVariable(context.sourceCode.getScope(expression), expression.name)?.defs[0];
      return definition?.type === 'Variable' && definition.node.init && definition.node.id.type === AST_NODE_TYPES.Identifier
        ? next(definition.node.init)
        : [];
    }
    default:
      return [];
  }
}

const CONFIG_FILE = /\.(?:json5?|ya?ml|toml|ini|env|properties|conf|cfg)$|(?:^|[/\\])\.env(?:\.[\w-]+)?$|\.config\.\w+$/i;

function isConfigFileName(name: string): boolean {
  return CONFIG_FILE.test(name);
}

// ---------------------------------------------------------------------------
// What the handler does with the contents: parse them, or send them to the client

type ValueUse = 'parsed' | 'sent' | 'other';

const PARSER_PACKAGES: Readonly<Record<string, ReadonlySet<string>>> = {
  'js-yaml': new Set(['load', 'loadAll', 'safeLoad', 'safeLoadAll']),
  yaml: new Set(['parse', 'parseDocument', 'parseAllDocuments', 'load']),
  toml: new Set(['parse']),
  '@iarna/toml': new Set(['parse']),
  'smol-toml': new Set(['parse']),
  ini: new Set(['parse', 'decode']),
  dotenv: new Set(['parse']),
  json5: new Set(['parse']),
  handlebars: new Set(['compile', 'precompile']),
  ejs: new Set(['compile', 'render']),
  mustache: new Set(['render', 'parse']),
  pug: new Set(['compile', 'render']),
};

/** Response writers: the contents go to the client as they are, which is serving a file, not loading config. */
const RESPONSE_WRITERS = new Set(['send', 'end', 'write', 'body', 'text', 'html', 'attachment', 'download']);

/**
 * Follows the contents of the read through `await`, `.toString()`, local
 * variables, `.then(cb)` and a `fs.readFile` callback, to the first place
 * that uses them.
 */
function valueUseOf(node: TSESTree.Node, context: Context, depth: number): ValueUse {
  if (depth > MAX_DEPTH) return 'other';
  if (node.type === AST_NODE_TYPES.CallExpression && depth === 0) {
    const callback = node.arguments.at(-1);
    if (callback && isFunctionLike(callback)) return callbackParameterUse(callback, 1, context, depth);
  }
  let current: TSESTree.Node = node;
  while (current.parent && carriesValue(current.parent, current)) {
    const parent = current.parent;
    if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === current) {
      const call = parent.parent;
      if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== parent) return 'other';
      if (memberName(parent) === 'then') return thenUse(call, context, depth);
      current = call;
      continue;
    }
    current = parent;
  }
  const parent = current.parent;
  if (!parent) return 'other';
  if (parent.type === AST_NODE_TYPES.CallExpression && parent.arguments.includes(current as TSESTree.CallExpressionArgument)) {
    if (isParserCall(parent, context)) return 'parsed';
    if (isResponseWrite(parent)) return 'sent';
    return 'other';
  }
  if (parent.type === AST_NODE_TYPES.NewExpression && parent.callee.type === AST_NODE_TYPES.Identifier) {
    return /^(?:Response|NextResponse)$/.test(parent.callee.name) ? 'sent' : 'other';
  }
  if (parent.type === AST_NODE_TYPES.ReturnStatement || parent.type === AST_NODE_TYPES.ArrowFunctionExpression) return 'sent';
  if (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.right === current) {
    return /\.body$/.test(context.sourceCode.getText(parent.left)) ? 'sent' : 'other';
  }
  if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.init === current && parent.id.type === AST_NODE_TYPES.Identifier) {
    return variableUse(parent.id, context, depth);
  }
  return 'other';
}

/** The strongest use among a variable's reads: parsed anywhere wins, then sent. */
function variableUse(id: TSESTree.Identifier, context: Context, depth: number): ValueUse {
  const variable = context.sourceCode.getDeclaredVariables(id.parent as TSESTree.VariableDeclarator)[0];
  if (!variable) return 'other';
  const uses = variable.references
    .filter((reference) => reference.isRead())
    .map((reference) => valueUseOf(reference.identifier, context, depth + 1));
  return strongest(uses);
}

function strongest(uses: readonly ValueUse[]): ValueUse {
  if (uses.includes('parsed')) return 'parsed';
  return uses.includes('sent') ? 'sent' : 'other';
}

/** `readFile(p, 'utf8').then(JSON.parse)` or `.then((text) => yaml.load(text))`. */
function thenUse(call: TSESTree.CallExpression, context: Context, depth: number): ValueUse {
  const [callback] = call.arguments;
  if (!callback || callback.type === AST_NODE_TYPES.SpreadElement) return 'other';
  if (isFunctionLike(callback)) return callbackParameterUse(callback, 0, context, depth);
  return isParserReference(callback, context) ? 'parsed' : 'other';
}

/** `fs.readFile(p, 'utf8', (error, text) => …)`: where the callback uses the contents. */
function callbackParameterUse(callback: FunctionLike, index: number, context: Context, depth: number): ValueUse {
  const parameter = callback.params[index];
  if (parameter?.type !== AST_NODE_TYPES.Identifier) return 'other';
  const variable = context.sourceCode.getDeclaredVariables(callback).find((candidate) => candidate.name === parameter.name);
  if (!variable) return 'other';
  return strongest(variable.references.map((reference) => valueUseOf(reference.identifier, context, depth + 1)));
}

/** `JSON.parse(…)`, `yaml.load(…)`, `YAML.parse(…)`, `parse(…)` from `yaml`/`toml`, `Handlebars.compile(…)`. */
function isParserCall(call: TSESTree.CallExpression, context: Context): boolean {
  if (isParserReference(call.callee, context)) return true;
  const target = resolveCallTarget(call, context);
  if (!target?.origin || !('packageName' in target.origin)) return false;
  return PARSER_PACKAGES[target.origin.packageName]?.has(target.member) === true;
}

/** `JSON.parse` / `yaml.load` as a value: in a call position or passed to `.then`. */
function isParserReference(node: TSESTree.Node, context: Context): boolean {
  const callee = unwrapExpression(node as TSESTree.Expression);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.object.type !== AST_NODE_TYPES.Identifier) return false;
  const member = memberName(callee) ?? '';
  if (callee.object.name === 'JSON') return member === 'parse' && !ASTUtils.findVariable(context.sourceCode.getScope(callee), 'JSON')?.defs.length;
  const origin = importBindingOf(callee.object, context)?.origin;
  return origin !== undefined && 'packageName' in origin && PARSER_PACKAGES[origin.packageName]?.has(member) === true;
}

function isResponseWrite(call: TSESTree.CallExpression): boolean {
  const callee = unwrapExpression(call.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression && RESPONSE_WRITERS.has(memberName(callee) ?? '');
}

/** Parents through which the contents flow unchanged (or only decoded): `await`, `as`, `.toString()`, `String(…)`. */
function carriesValue(parent: TSESTree.Node, child: TSESTree.Node): boolean {
  switch (parent.type) {
    case AST_NODE_TYPES.AwaitExpression:
    case AST_NODE_TYPES.TSAsExpression:
    case AST_NODE_TYPES.TSNonNullExpression:
    case AST_NODE_TYPES.TSSatisfiesExpression:
    case AST_NODE_TYPES.ChainExpression:
      return true;
    case AST_NODE_TYPES.MemberExpression:
      return parent.object === child;
    default:
      return false;
  }
}

// ---------------------------------------------------------------------------

function isModuleScope(scope: TSESLint.Scope.Scope): boolean {
  return scope.type === 'module' || scope.type === 'global' || scope.block.type === AST_NODE_TYPES.Program;
}

function shortText(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 60 ? `${flat.slice(0, 57)}...` : flat;
}
