import fs from 'node:fs';
import path from 'node:path';
import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import { declarationOf, getTypeServices, importBindingOf, memberName, unwrapExpression } from './origin.js';
import { isNode, isValueReference } from '../util/ast.js';

/**
 * Environment flags that switch off authentication (`DISABLE_AUTH`, `SKIP_AUTH`,
 * `config.authDisabled`) and the production guards that make them safe: a
 * `NODE_ENV` test in the same condition or in the flag's definition, or a
 * startup check that refuses to boot with the flag set in production.
 *
 * Reading a flag is judged on the ESTree of the linted file. Guards are judged
 * on the TypeScript AST, because a flag's definition and its startup check often
 * live in another file (the config module) that only the type checker reaches;
 * without type information the linted file is parsed once by TypeScript and
 * only it is searched.
 */

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

// ---------------------------------------------------------------------------
// Names

/** `DISABLE_AUTH` → disable, auth; `isAuthDisabled` → is, auth, disabled; `auth.disabled` → auth, disabled. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
}

/** `DISABLE_AUTH`, `INSECURE`: the SCREAMING_CASE spelling environment variables have. */
export function isEnvStyleName(name: string): boolean {
  return /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/.test(name) && /[A-Z]/.test(name);
}

const NEGATIONS = new Set(['disable', 'disabled', 'skip', 'skipped', 'no', 'bypass', 'without', 'ignore']);
const AUTH_WORDS = new Set(['auth', 'authn', 'authz', 'authentication', 'authorization', 'authorisation']);
const OFF_STATES = new Set(['disabled', 'disable', 'bypass', 'bypassed', 'off', 'skip', 'skipped']);
/** Words a flag name may end with after the bypass phrase: `SKIP_AUTH_CHECK`, `DISABLE_AUTH_IN_DEV`, `noAuthMode`. */
const TRAILING = new Set([
  'check', 'checks', 'mode', 'flag', 'enabled', 'on', 'dev', 'development', 'local', 'locally', 'debug', 'test',
  'tests', 'testing', 'e2e', 'for', 'in', 'only', 'access', 'env', 'all', 'globally', 'middleware', 'guard', 'required',
]);

/**
 * Whether a name reads as a switch that turns authentication off: `DISABLE_AUTH`,
 * `SKIP_AUTH`, `AUTH_DISABLED`, `NO_AUTH`, `BYPASS_AUTH`, `AUTH_BYPASS`,
 * `DISABLE_AUTHENTICATION`, `DEV_NO_AUTH`, `skipAuthCheck`, `INSECURE`,
 * `ALLOW_INSECURE`, `ALLOW_UNAUTHENTICATED`. Words match whole: `SKIP_AUTHOR_LINKS`
 * is about authors, and names that go on after the phrase (`SKIP_AUTH_PATHS`,
 * `ALLOW_INSECURE_TLS`, `AUTH_BYPASS_TOKEN`) name a list, a TLS setting or a
 * secret, not the switch.
 */
export function isAuthBypassFlagName(name: string): boolean {
  const words = nameWords(name);
  for (let index = 0; index < words.length; index++) {
    const end = bypassPhraseEnd(words, index);
    if (end !== undefined && words.slice(end).every((word) => TRAILING.has(word))) return true;
  }
  return false;
}

function bypassPhraseEnd(words: readonly string[], index: number): number | undefined {
  const word = words[index] ?? '';
  const next = words[index + 1];
  if (/^(?:no|skip|disable|bypass)auth$|^auth(?:disabled|bypass|off)$/.test(word) || word === 'insecure') return index + 1;
  if (next === undefined) return undefined;
  if ((NEGATIONS.has(word) && AUTH_WORDS.has(next)) || (AUTH_WORDS.has(word) && OFF_STATES.has(next))) return index + 2;
  if (word === 'allow' && next === 'unauthenticated') return index + 2;
  return undefined;
}

// ---------------------------------------------------------------------------
// Reading a flag (ESTree, the linted file)

export interface AuthBypassFlag {
  /** The expression that reads the flag: `process.env.DISABLE_AUTH`, `config.disableAuth`, `DISABLE_AUTH`, `isAuthDisabled()`. */
  readonly node: TSESTree.Expression;
  /** The flag as the code names it: the variable, property, env var or config key. */
  readonly name: string;
  /** Where the flag gets its value, when that was found. */
  readonly definition?: FlagDefinition;
}

/** The expressions a flag takes its value from, in the file that holds them. */
interface FlagDefinition {
  readonly file: ts.SourceFile;
  readonly values: readonly ts.Expression[];
  /** A parameter: its value comes from the caller, not from the environment. */
  readonly parameter?: boolean;
  /** A function (`isAuthDisabled()`): its returns, with the `if`s before them, decide the value. */
  readonly function?: ts.FunctionLikeDeclaration;
}

/**
 * The reads of authentication-bypass flags in `root` (not looking into
 * nested functions) whose value comes from the environment or configuration:
 * - `process.env.DISABLE_AUTH`, `process.env['SKIP_AUTH']`, `import.meta.env.VITE_NO_AUTH`;
 * - a SCREAMING_CASE name, however it is reached: `DISABLE_AUTH` (destructured
 *   from `process.env` or imported), `env.DISABLE_AUTH` (zod/envalid), `config.SKIP_AUTH`,
 *   `configService.get('DISABLE_AUTH')`, `getEnv('AUTH_DISABLED')`;
 * - a camelCase name whose definition reads the environment (`const authDisabled =
 *   process.env.X === 'true'`, `disableAuth: process.env.X` in the config object; with
 *   types, followed into the config module), or, when no definition is found, that
 *   hangs off a config object (`config.disableAuth`, `this.config.auth.disabled`,
 *   `settings.skipAuth`) or is imported from a config module.
 * A per-call or per-route option (`options.skipAuth`, `route.config.noAuth`) and a
 * function parameter are not environment flags.
 */
export function authBypassFlagsIn(root: TSESTree.Node, context: Context): AuthBypassFlag[] {
  return flagCandidates(root, context).flatMap((candidate) => asEnvironmentFlag(candidate, context) ?? []);
}

interface Candidate {
  readonly node: TSESTree.Expression;
  readonly name: string;
  /** The identifier whose declaration defines the flag. */
  readonly nameNode?: TSESTree.Identifier;
  readonly kind: 'env' | 'identifier' | 'property' | 'key' | 'function';
  /** For properties and method calls: the object the name hangs off. */
  readonly object?: TSESTree.Expression;
}

function flagCandidates(root: TSESTree.Node, context: Context): Candidate[] {
  const found: Candidate[] = [];
  const visit = (node: TSESTree.Node): void => {
    if (node !== root && isFunctionNode(node)) return;
    const candidate = isMetadataKey(node) ? undefined : candidateAt(node);
    if (candidate) {
      found.push(candidate);
      return;
    }
    for (const key of context.sourceCode.visitorKeys[node.type] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[key];
      for (const item of Array.isArray(child) ? child : [child]) if (isNode(item)) visit(item);
    }
  };
  visit(root);
  return found;
}

function candidateAt(node: TSESTree.Node): Candidate | undefined {
  if (node.type === AST_NODE_TYPES.MemberExpression) {
    const name = memberName(node);
    if (!name) return undefined;
    const object = unwrapExpression(node.object);
    const parentName = object.type === AST_NODE_TYPES.MemberExpression ? memberName(object) : undefined;
    // `config.auth.disabled`: the switch is spelled across the last two names.
    const spelled = isAuthBypassFlagName(name) ? name : parentName && isAuthBypassFlagName(`${parentName}_${name}`) ? `${parentName}.${name}` : undefined;
    if (!spelled) return undefined;
    const nameNode = node.property.type === AST_NODE_TYPES.Identifier && !node.computed ? node.property : undefined;
    return {
      node,
      name: spelled,
      kind: isEnvironmentObject(object) ? 'env' : 'property',
      object,
      ...(nameNode ? { nameNode } : {}),
    };
  }
  if (node.type === AST_NODE_TYPES.Identifier && isAuthBypassFlagName(node.name) && isValueReference(node)) {
    return { node, name: node.name, nameNode: node, kind: 'identifier' };
  }
  if (node.type === AST_NODE_TYPES.CallExpression) {
    const [first] = node.arguments;
    const callee = unwrapExpression(node.callee);
    const object = callee.type === AST_NODE_TYPES.MemberExpression ? unwrapExpression(callee.object) : undefined;
    if (first?.type === AST_NODE_TYPES.Literal && typeof first.value === 'string' && isAuthBypassFlagName(first.value)) {
      return { node, name: first.value, kind: 'key', ...(object ? { object } : {}) };
    }
    const nameNode =
      callee.type === AST_NODE_TYPES.Identifier
        ? callee
        : callee.type === AST_NODE_TYPES.MemberExpression && !callee.computed && callee.property.type === AST_NODE_TYPES.Identifier
          ? callee.property
          : undefined;
    if (nameNode && isAuthBypassFlagName(nameNode.name)) {
      return { node, name: nameNode.name, nameNode, kind: 'function', ...(object ? { object } : {}) };
    }
  }
  return undefined;
}

/**
 * `this.reflector.getAllAndOverride(IS_SKIP_AUTH, [...])`, `Reflect.getMetadata(SKIP_AUTH, handler)`:
 * the key a route decorator (`@Public()`, `@SkipAuth()`) stores its marker under. The
 * marker is per route, not an environment flag.
 */
function isMetadataKey(node: TSESTree.Node): boolean {
  const parent = node.parent;
  if (parent?.type !== AST_NODE_TYPES.CallExpression || parent.callee === node) return false;
  const callee = unwrapExpression(parent.callee);
  const name = callee.type === AST_NODE_TYPES.MemberExpression ? memberName(callee) : callee.type === AST_NODE_TYPES.Identifier ? callee.name : undefined;
  const receiver = callee.type === AST_NODE_TYPES.MemberExpression ? unwrapExpression(callee.object) : undefined;
  const receiverName =
    receiver?.type === AST_NODE_TYPES.Identifier ? receiver.name : receiver?.type === AST_NODE_TYPES.MemberExpression ? memberName(receiver) : undefined;
  return /metadata|^getAllAnd/i.test(name ?? '') || /^(?:_?reflector|Reflect)$/i.test(receiverName ?? '');
}

/** `process.env`, `import.meta.env`, `Bun.env`, and any `env`/`ENV` object (`env.DISABLE_AUTH`, `config.env.X`). */
function isEnvironmentObject(node: TSESTree.Expression): boolean {
  if (node.type === AST_NODE_TYPES.Identifier) return /^(?:env|ENV)$/.test(node.name);
  if (node.type === AST_NODE_TYPES.MemberExpression) return memberName(node) === 'env';
  return false;
}

function asEnvironmentFlag(candidate: Candidate, context: Context): AuthBypassFlag | undefined {
  const definition = definitionOf(candidate, context);
  const flag = { node: candidate.node, name: candidate.name, ...(definition ? { definition } : {}) };
  if (candidate.kind === 'env') return flag;
  if (definition?.parameter) return undefined;
  if (definition && definition.values.length > 0) {
    if (definition.values.some((value) => readsEnvironment(value, definition.file, 0))) return flag;
    // `const DISABLE_AUTH = false`: a constant, not a switch anyone can flip.
    if (definition.values.every(isConstant)) return undefined;
  }
  if (candidate.kind === 'key') {
    return isEnvStyleName(candidate.name) || (candidate.object && isConfigObject(candidate.object)) ? flag : undefined;
  }
  if (isEnvStyleName(candidate.name)) return flag;
  if (candidate.object) return isConfigObject(candidate.object) ? flag : undefined;
  const binding = candidate.nameNode ? importBindingOf(candidate.nameNode, context) : undefined;
  return binding && 'modulePath' in binding.origin && isConfigModulePath(binding.origin.modulePath) ? flag : undefined;
}

/** `config`, `appConfig`, `this.config`, `settings.auth`, `configService`, `env`; not a request, route or options object. */
function isConfigObject(node: TSESTree.Expression): boolean {
  const names: string[] = [];
  let current: TSESTree.Expression = unwrapExpression(node);
  for (;;) {
    if (current.type === AST_NODE_TYPES.MemberExpression) {
      const name = memberName(current);
      if (name) names.push(name);
      current = unwrapExpression(current.object);
    } else if (current.type === AST_NODE_TYPES.CallExpression) {
      current = unwrapExpression(current.callee);
    } else {
      if (current.type === AST_NODE_TYPES.Identifier) names.push(current.name);
      break;
    }
  }
  const words = names.flatMap(nameWords);
  if (words.some((word) => REQUEST_SCOPED_WORDS.has(word))) return false;
  return words.some((word) => CONFIG_WORDS.has(word));
}

const CONFIG_WORDS = new Set(['config', 'conf', 'cfg', 'configuration', 'settings', 'env', 'environment']);
/** Objects that carry per-request or per-call switches: a route marked public is not an environment flag. */
const REQUEST_SCOPED_WORDS = new Set([
  'req', 'request', 'ctx', 'context', 'route', 'routes', 'routeoptions', 'meta', 'metadata', 'options', 'opts', 'props',
  'params', 'args', 'query', 'body', 'headers', 'handler', 'endpoint',
]);

function isConfigText(text: string): boolean {
  const words = nameWords(text);
  return !words.some((word) => REQUEST_SCOPED_WORDS.has(word)) && words.some((word) => CONFIG_WORDS.has(word));
}

function isConfigModulePath(modulePath: string): boolean {
  return nameWords(path.basename(modulePath)).some((word) => CONFIG_WORDS.has(word)) || /[\\/](?:config|env|settings)[\\/]/i.test(modulePath);
}

function isConstant(expression: ts.Expression): boolean {
  const inner = skipOuterExpressions(expression);
  return (
    inner.kind === ts.SyntaxKind.TrueKeyword ||
    inner.kind === ts.SyntaxKind.FalseKeyword ||
    ts.isStringLiteralLike(inner) ||
    ts.isNumericLiteral(inner)
  );
}

// ---------------------------------------------------------------------------
// Definitions

function definitionOf(candidate: Candidate, context: Context): FlagDefinition | undefined {
  const view = tsViewOf(context);
  const services = getTypeServices(context);
  if (services && candidate.nameNode) {
    const tsName = services.esTreeNodeToTSNodeMap.get(candidate.nameNode);
    const declaration = declarationOf(services.program.getTypeChecker(), tsName);
    if (declaration) return definitionOfDeclaration(declaration);
  }
  if (candidate.kind === 'identifier' && candidate.nameNode) {
    const variable = ASTUtils.findVariable(context.sourceCode.getScope(candidate.nameNode), candidate.nameNode.name);
    const definition = variable?.defs[0];
    if (definition?.type === 'Parameter') return { file: view.file, values: [], parameter: true };
    if (definition?.type === 'ImportBinding') {
      const imported = importedModuleOf(definition.node, context);
      return imported && { file: imported.file, values: valuesNamed(imported.file, imported.name ?? candidate.name, 'variable') };
    }
    if (definition?.type !== 'Variable' && definition?.type !== 'FunctionName') return undefined;
    return { file: view.file, values: valuesNamed(view.file, candidate.name, 'variable') };
  }
  if (candidate.kind === 'function' && candidate.nameNode && !candidate.object) {
    const [fn] = functionsNamed(view.file, candidate.name);
    return { file: view.file, values: valuesNamed(view.file, candidate.name, 'variable'), ...(fn ? { function: fn } : {}) };
  }
  if ((candidate.kind === 'property' || candidate.kind === 'function') && candidate.nameNode) {
    const name = candidate.nameNode.name;
    const local = valuesNamed(view.file, name, 'property');
    if (local.length > 0 || services) return { file: view.file, values: local };
    // Without types, the config module the object comes from is read from disk.
    const module = candidate.object && configModuleOf(candidate.object, context);
    return module ? { file: module, values: valuesNamed(module, name, 'property') } : { file: view.file, values: [] };
  }
  return undefined;
}

/**
 * Without types, the project module a config object comes from: the relative
 * import that binds it (`import { config } from './config'`), the imported
 * function that builds it (`const config = loadConfig()`), or the imported type a
 * parameter is annotated with (`config: Pick<AppConfig, 'disableAuth'>`).
 */
function configModuleOf(object: TSESTree.Expression, context: Context): ts.SourceFile | undefined {
  let root: TSESTree.Node = unwrapExpression(object);
  while (root.type === AST_NODE_TYPES.MemberExpression || root.type === AST_NODE_TYPES.CallExpression) {
    root = unwrapExpression(root.type === AST_NODE_TYPES.MemberExpression ? root.object : root.callee);
  }
  if (root.type !== AST_NODE_TYPES.Identifier) return undefined;
  const definition = ASTUtils.findVariable(context.sourceCode.getScope(root), root.name)?.defs[0];
  if (!definition) return undefined;
  if (definition.type === 'ImportBinding') return importedModuleOf(definition.node, context)?.file;
  if (definition.type === 'Variable' && definition.node.init) {
    const init = unwrapExpression(definition.node.init);
    const callee = init.type === AST_NODE_TYPES.CallExpression ? unwrapExpression(init.callee) : undefined;
    return callee?.type === AST_NODE_TYPES.Identifier ? importedModuleOfName(callee, context) : undefined;
  }
  if (definition.type === 'Parameter' && definition.name.type === AST_NODE_TYPES.Identifier && definition.name.typeAnnotation) {
    for (const name of typeNamesIn(definition.name.typeAnnotation)) {
      const module = importedModuleOfName(name, context);
      if (module) return module;
    }
  }
  return undefined;
}

/** `AppConfig` and `Pick` in `Pick<AppConfig, 'disableAuth'>`. */
function typeNamesIn(node: TSESTree.Node): TSESTree.Identifier[] {
  const names: TSESTree.Identifier[] = [];
  const visit = (current: TSESTree.Node): void => {
    if (current.type === AST_NODE_TYPES.TSTypeReference && current.typeName.type === AST_NODE_TYPES.Identifier) names.push(current.typeName);
    for (const value of Object.values(current)) {
      if (value === current.parent) continue;
      for (const item of Array.isArray(value) ? value : [value]) if (isNode(item)) visit(item);
    }
  };
  visit(node);
  return names;
}

function importedModuleOfName(identifier: TSESTree.Identifier, context: Context): ts.SourceFile | undefined {
  const definition = ASTUtils.findVariable(context.sourceCode.getScope(identifier), identifier.name)?.defs[0];
  return definition?.type === 'ImportBinding' ? importedModuleOf(definition.node, context)?.file : undefined;
}

/** The project file a relative import reads, and the name it imports (undefined for default and namespace imports). */
function importedModuleOf(specifier: TSESTree.Node, context: Context): { file: ts.SourceFile; name?: string } | undefined {
  const declaration = specifier.parent;
  if (declaration?.type !== AST_NODE_TYPES.ImportDeclaration || !declaration.source.value.startsWith('.')) return undefined;
  const file = readModule(path.resolve(path.dirname(context.filename), declaration.source.value));
  if (!file) return undefined;
  const name =
    specifier.type === AST_NODE_TYPES.ImportSpecifier && specifier.imported.type === AST_NODE_TYPES.Identifier ? specifier.imported.name : undefined;
  return { file, ...(name ? { name } : {}) };
}

const modules = new Map<string, { mtime: number; file: ts.SourceFile }>();

/** A TypeScript/JavaScript module on disk, tried as written and with the extensions NodeNext and bundlers map to. */
function readModule(base: string): ts.SourceFile | undefined {
  const stem = base.replace(/\.(?:[cm]?js|jsx)$/, '');
  const candidates = [base, `${stem}.ts`, `${stem}.tsx`, `${stem}.mts`, `${stem}.cts`, `${stem}.js`, path.join(base, 'index.ts'), path.join(base, 'index.js')];
  for (const candidate of candidates) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(candidate);
    } catch {
      continue;
    }
    if (!stat.isFile()) continue;
    const cached = modules.get(candidate);
    if (cached && cached.mtime === stat.mtimeMs) return cached.file;
    const file = ts.createSourceFile(candidate, fs.readFileSync(candidate, 'utf8'), ts.ScriptTarget.Latest, true, scriptKindOf(candidate));
    modules.set(candidate, { mtime: stat.mtimeMs, file });
    return file;
  }
  return undefined;
}

function definitionOfDeclaration(declaration: ts.Declaration): FlagDefinition | undefined {
  const file = declaration.getSourceFile();
  if (file.isDeclarationFile || /[\\/]node_modules[\\/]/.test(file.fileName)) return undefined;
  if (ts.isParameter(declaration)) return { file, values: [], parameter: true };
  if (ts.isBindingElement(declaration)) {
    // `const { DISABLE_AUTH } = process.env`, or a destructured parameter.
    let holder: ts.Node = declaration.parent;
    while (ts.isObjectBindingPattern(holder) || ts.isArrayBindingPattern(holder) || ts.isBindingElement(holder)) holder = holder.parent;
    if (ts.isParameter(holder)) return { file, values: [], parameter: true };
    return { file, values: ts.isVariableDeclaration(holder) && holder.initializer ? [holder.initializer] : [] };
  }
  if ((ts.isVariableDeclaration(declaration) || ts.isPropertyAssignment(declaration) || ts.isPropertyDeclaration(declaration)) && declaration.initializer) {
    const value = declaration.initializer;
    return ts.isArrowFunction(value) || ts.isFunctionExpression(value)
      ? { file, values: returnedValues(value), function: value }
      : { file, values: [value] };
  }
  if (ts.isShorthandPropertyAssignment(declaration)) return { file, values: valuesNamed(file, declaration.name.text, 'variable') };
  if (ts.isFunctionDeclaration(declaration) || ts.isMethodDeclaration(declaration) || ts.isGetAccessorDeclaration(declaration)) {
    return { file, values: returnedValues(declaration), function: declaration };
  }
  if ((ts.isPropertySignature(declaration) || ts.isPropertyDeclaration(declaration)) && ts.isIdentifier(declaration.name)) {
    // An interface member (`AppConfig.disableAuth`): the object literals that set it live beside it.
    return { file, values: valuesNamed(file, declaration.name.text, 'property') };
  }
  return undefined;
}

const namedValues = new WeakMap<ts.SourceFile, Map<string, ts.Expression[]>>();

/**
 * What a name is set to in a file: the initializers of `const name = …` (and of
 * the object it is destructured from), the return values of `function name()`;
 * for properties, the values of `name: …` in object literals and of class fields.
 */
function valuesNamed(file: ts.SourceFile, name: string, kind: 'variable' | 'property'): ts.Expression[] {
  let cache = namedValues.get(file);
  if (!cache) namedValues.set(file, (cache = new Map()));
  const key = `${kind}:${name}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const values: ts.Expression[] = [];
  cache.set(key, values);
  const visit = (node: ts.Node, initializer: ts.Expression | undefined): void => {
    if (kind === 'variable') {
      if (ts.isVariableDeclaration(node) && node.initializer) {
        if (ts.isIdentifier(node.name) && node.name.text === name) {
          const value = node.initializer;
          values.push(...(ts.isArrowFunction(value) || ts.isFunctionExpression(value) ? returnedValues(value) : [value]));
        } else if (!ts.isIdentifier(node.name)) {
          visit(node.name, node.initializer);
        }
        visit(node.initializer, undefined);
        return;
      }
      if (ts.isBindingElement(node) && ts.isIdentifier(node.name) && node.name.text === name && initializer) values.push(initializer);
      if (ts.isFunctionDeclaration(node) && node.name?.text === name) values.push(...returnedValues(node));
    } else if (
      (ts.isPropertyAssignment(node) || ts.isPropertyDeclaration(node)) &&
      node.initializer &&
      (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name)) &&
      node.name.text === name
    ) {
      values.push(node.initializer);
    } else if (ts.isShorthandPropertyAssignment(node) && node.name.text === name) {
      values.push(...valuesNamed(file, name, 'variable'));
    }
    ts.forEachChild(node, (child) => visit(child, initializer));
  };
  visit(file, undefined);
  return values;
}

/** `function name() {…}` and `const name = () => …` in a file. */
function functionsNamed(file: ts.SourceFile, name: string): ts.FunctionLikeDeclaration[] {
  const functions: ts.FunctionLikeDeclaration[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionDeclaration(node) && node.name?.text === name && node.body) functions.push(node);
    if (
      ts.isVariableDeclaration(node) &&
      ts.isIdentifier(node.name) &&
      node.name.text === name &&
      node.initializer &&
      (ts.isArrowFunction(node.initializer) || ts.isFunctionExpression(node.initializer))
    ) {
      functions.push(node.initializer);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return functions;
}

function returnedValues(fn: ts.FunctionLikeDeclaration): ts.Expression[] {
  if (!fn.body) return [];
  if (!ts.isBlock(fn.body)) return [fn.body];
  const values: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node)) return;
    if (ts.isReturnStatement(node) && node.expression) values.push(node.expression);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn.body, visit);
  return values;
}

/**
 * Whether an expression takes its value from the environment: it reads
 * `process.env`, `import.meta.env`, `Bun.env`, `Deno.env` or an `env` object,
 * passes an environment variable name to a getter (`getEnv('X')`,
 * `configService.get('X')`), or uses a variable of the same file that does.
 */
function readsEnvironment(expression: ts.Expression, file: ts.SourceFile, depth: number): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isPropertyAccessExpression(node) && node.name.text === 'env' && isEnvironmentRoot(node.expression)) {
      found = true;
      return;
    }
    if ((ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node)) && isEnvObjectName(node.expression)) {
      found = true;
      return;
    }
    // `disableAuth: config.auth.disabled`: copied from another config object.
    if (ts.isPropertyAccessExpression(node) && isFlagReference(node) && isConfigText(node.expression.getText(file))) {
      found = true;
      return;
    }
    if (ts.isCallExpression(node)) {
      const [first] = node.arguments;
      if (first && ts.isStringLiteralLike(first) && isEnvStyleName(first.text)) {
        found = true;
        return;
      }
    }
    if (ts.isIdentifier(node) && depth < 3 && isValueIdentifier(node)) {
      if (valuesNamed(file, node.text, 'variable').some((value) => value !== expression && readsEnvironment(value, file, depth + 1))) {
        found = true;
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(expression);
  return found;
}

function isEnvironmentRoot(node: ts.Expression): boolean {
  return (
    (ts.isIdentifier(node) && (node.text === 'process' || node.text === 'Bun' || node.text === 'Deno')) ||
    (ts.isMetaProperty(node) && node.keywordToken === ts.SyntaxKind.ImportKeyword)
  );
}

function isEnvObjectName(node: ts.Expression): boolean {
  return (ts.isIdentifier(node) && /^(?:env|ENV)$/.test(node.text)) || (ts.isPropertyAccessExpression(node) && node.name.text === 'env');
}

function isValueIdentifier(node: ts.Identifier): boolean {
  const parent = node.parent as ts.Node | undefined;
  if (!parent) return true;
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) return false;
  if ((ts.isPropertyAssignment(parent) || ts.isVariableDeclaration(parent) || ts.isBindingElement(parent)) && parent.name === node) return false;
  return true;
}

// ---------------------------------------------------------------------------
// Production guards (TypeScript AST)

export type EnvironmentTest = 'production' | 'non-production';

const PRODUCTION_VALUES = new Set(['production', 'prod', 'live']);
const NON_PRODUCTION_VALUES = new Set(['development', 'dev', 'test', 'testing', 'local', 'e2e', 'ci']);
const PRODUCTION_NAMES = new Set(['prod', 'production']);
const NON_PRODUCTION_NAMES = new Set(['dev', 'development', 'test', 'testing', 'local']);

/**
 * Whether an expression tests the deployment environment, and which answer it
 * is true for:
 * - `process.env.NODE_ENV === 'production'`, `config.env !== 'development'`,
 *   `app.get('env') === 'production'` (a comparison of something named like an
 *   environment, stage or mode with a production or development value);
 * - `['development', 'test'].includes(process.env.NODE_ENV)`;
 * - `isProd`, `IS_PRODUCTION`, `config.isProduction`, `import.meta.env.PROD`,
 *   `isDev`, `__DEV__`, `isTestEnv()`, and a variable of the same file holding such a test;
 * - `!` of those, and `&&`/`||` of tests with the same answer (`isDev || isTest`).
 */
export function environmentTestOf(expression: ts.Expression, file: ts.SourceFile, depth = 0): EnvironmentTest | undefined {
  const node = skipOuterExpressions(expression);
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken) {
    return invert(environmentTestOf(node.operand, file, depth));
  }
  if (ts.isBinaryExpression(node)) return binaryEnvironmentTest(node, file, depth);
  if (ts.isCallExpression(node)) {
    const callee = skipOuterExpressions(node.expression);
    const [argument] = node.arguments;
    if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'includes' && argument && mentionsEnvironment(argument, file)) {
      const list = skipOuterExpressions(callee.expression);
      if (!ts.isArrayLiteralExpression(list) || list.elements.length === 0) return undefined;
      const values = list.elements.map((element) => (ts.isStringLiteralLike(element) ? valueTest(element.text) : undefined));
      const [first] = values;
      return values.every((value) => value === first) ? first : undefined;
    }
    return node.arguments.length === 0 ? environmentTestOfName(callee) : undefined;
  }
  const byName = environmentTestOfName(node);
  if (byName || !ts.isIdentifier(node) || depth >= 3) return byName;
  const tests = valuesNamed(file, node.text, 'variable').map((value) => environmentTestOf(value, file, depth + 1));
  const [first] = tests;
  return first && tests.every((test) => test === first) ? first : undefined;
}

function binaryEnvironmentTest(node: ts.BinaryExpression, file: ts.SourceFile, depth: number): EnvironmentTest | undefined {
  const operator = node.operatorToken.kind;
  if (operator === ts.SyntaxKind.AmpersandAmpersandToken || operator === ts.SyntaxKind.BarBarToken) {
    const left = environmentTestOf(node.left, file, depth);
    return left !== undefined && left === environmentTestOf(node.right, file, depth) ? left : undefined;
  }
  const equality = equalityOf(operator);
  if (equality === undefined) return undefined;
  const left = skipOuterExpressions(node.left);
  const right = skipOuterExpressions(node.right);
  for (const [value, other] of [[left, right], [right, left]] as const) {
    if (ts.isStringLiteralLike(value) && mentionsEnvironment(other, file)) {
      const test = valueTest(value.text);
      return equality ? test : invert(test);
    }
    if (value.kind === ts.SyntaxKind.TrueKeyword || value.kind === ts.SyntaxKind.FalseKeyword) {
      const test = environmentTestOf(other, file, depth);
      return equality === (value.kind === ts.SyntaxKind.TrueKeyword) ? test : invert(test);
    }
  }
  return undefined;
}

/** `===`/`==` → true, `!==`/`!=` → false, anything else → undefined. */
function equalityOf(operator: ts.SyntaxKind): boolean | undefined {
  if (operator === ts.SyntaxKind.EqualsEqualsEqualsToken || operator === ts.SyntaxKind.EqualsEqualsToken) return true;
  if (operator === ts.SyntaxKind.ExclamationEqualsEqualsToken || operator === ts.SyntaxKind.ExclamationEqualsToken) return false;
  return undefined;
}

function valueTest(value: string): EnvironmentTest | undefined {
  const normalised = value.toLowerCase();
  if (PRODUCTION_VALUES.has(normalised)) return 'production';
  return NON_PRODUCTION_VALUES.has(normalised) ? 'non-production' : undefined;
}

/** `isProd`, `IS_PRODUCTION`, `config.isProduction`, `import.meta.env.PROD`, `isDev`, `__DEV__`, `isTestEnv`, `inDevelopmentMode`. */
function environmentTestOfName(node: ts.Expression): EnvironmentTest | undefined {
  const name = ts.isIdentifier(node) ? node.text : ts.isPropertyAccessExpression(node) ? node.name.text : undefined;
  if (!name) return undefined;
  let words = nameWords(name);
  while (words.length > 1 && ['is', 'in', 'running', 'run', 'on'].includes(words[0] ?? '')) words = words.slice(1);
  while (words.length > 1 && ['mode', 'env', 'environment', 'build', 'stage'].includes(words[words.length - 1] ?? '')) {
    words = words.slice(0, -1);
  }
  if (words.length !== 1) return undefined;
  const [word = ''] = words;
  if (PRODUCTION_NAMES.has(word)) return 'production';
  return NON_PRODUCTION_NAMES.has(word) ? 'non-production' : undefined;
}

function mentionsEnvironment(node: ts.Node, file: ts.SourceFile): boolean {
  return /env|stage|mode|tier/i.test(node.getText(file));
}

function invert(test: EnvironmentTest | undefined): EnvironmentTest | undefined {
  if (test === undefined) return undefined;
  return test === 'production' ? 'non-production' : 'production';
}

/**
 * The value of an expression in production, as far as the environment decides
 * it: `true`/`false`, or undefined when something else decides. Environment
 * tests answer as production would (`isProd` → true, `NODE_ENV !== 'production'`
 * → false); `!`, `&&`, `||` and `?:` combine the answers; variables and
 * zero-argument functions of the same file are followed. With `flagSet`, reads
 * of an auth-bypass flag count as set (`DISABLE_AUTH === 'true'` → true).
 */
function valueInProduction(expression: ts.Expression, file: ts.SourceFile, flagSet: boolean, depth = 0): boolean | undefined {
  const node = skipOuterExpressions(expression);
  const test = environmentTestOf(node, file, depth);
  if (test) return test === 'production';
  if (node.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (isFalsyLiteral(node)) return false;
  if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken) {
    const value = valueInProduction(node.operand, file, flagSet, depth);
    return value === undefined ? undefined : !value;
  }
  if (ts.isConditionalExpression(node)) {
    const condition = valueInProduction(node.condition, file, flagSet, depth);
    if (condition !== undefined) return valueInProduction(condition ? node.whenTrue : node.whenFalse, file, flagSet, depth);
    const whenTrue = valueInProduction(node.whenTrue, file, flagSet, depth);
    return whenTrue === valueInProduction(node.whenFalse, file, flagSet, depth) ? whenTrue : undefined;
  }
  if (ts.isBinaryExpression(node)) {
    const operator = node.operatorToken.kind;
    if (operator === ts.SyntaxKind.AmpersandAmpersandToken || operator === ts.SyntaxKind.BarBarToken) {
      const and = operator === ts.SyntaxKind.AmpersandAmpersandToken;
      const left = valueInProduction(node.left, file, flagSet, depth);
      const right = valueInProduction(node.right, file, flagSet, depth);
      // `false && x` and `true || x` are decided by one side.
      if (left === !and || right === !and) return !and;
      return left === and && right === and ? and : undefined;
    }
    if (flagSet) return flagComparison(node, file);
    return undefined;
  }
  if (flagSet && isFlagReference(node)) return true;
  if (ts.isCallExpression(node) && node.arguments.length === 0 && ts.isIdentifier(node.expression) && depth < 3) {
    const functions = functionsNamed(file, node.expression.text);
    if (functions.length > 0) {
      const answers = functions.map((fn) => returnInProduction(fn, file, flagSet, depth + 1));
      return answers.every((answer) => answer === answers[0]) ? answers[0] : undefined;
    }
  }
  const name = ts.isIdentifier(node)
    ? node.text
    : ts.isCallExpression(node) && node.arguments.length === 0 && ts.isIdentifier(node.expression)
      ? node.expression.text
      : undefined;
  if (!name || depth >= 3) return undefined;
  const values = valuesNamed(file, name, 'variable').filter((value) => value !== expression);
  const answers = values.map((value) => valueInProduction(value, file, flagSet, depth + 1));
  const [first] = answers;
  return first !== undefined && answers.every((answer) => answer === first) ? first : undefined;
}

/**
 * What a function returns in production when every path agrees: `if (isProd) return false;
 * return process.env.SKIP_AUTH === '1'` returns false there. An `if` the environment
 * decides takes one branch; any other statement that may return gives up.
 */
function returnInProduction(fn: ts.FunctionLikeDeclaration, file: ts.SourceFile, flagSet: boolean, depth: number): boolean | undefined {
  if (!fn.body) return undefined;
  if (!ts.isBlock(fn.body)) return valueInProduction(fn.body, file, flagSet, depth);
  const answers = new Set<boolean | undefined>();
  /** Runs statements in order; true when every path through them returned. */
  const run = (statements: readonly ts.Statement[]): boolean => {
    for (const statement of statements) {
      if (ts.isReturnStatement(statement)) {
        answers.add(statement.expression ? valueInProduction(statement.expression, file, flagSet, depth) : false);
        return true;
      }
      if (ts.isBlock(statement)) {
        if (run(statement.statements)) return true;
      } else if (ts.isIfStatement(statement)) {
        const condition = valueInProduction(statement.expression, file, flagSet, depth);
        const thenReturns = condition !== false && run([statement.thenStatement]);
        const elseReturns = condition !== true && statement.elseStatement !== undefined && run([statement.elseStatement]);
        if ((condition === true && thenReturns) || (condition === false && elseReturns) || (thenReturns && elseReturns)) return true;
      } else if (containsOwnReturn(statement)) {
        answers.add(undefined);
        return true;
      }
    }
    return false;
  };
  // Falling off the end returns undefined.
  if (!run(fn.body.statements)) answers.add(false);
  return answers.size === 1 ? [...answers][0] : undefined;
}

function containsOwnReturn(root: ts.Node): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found || ts.isFunctionLike(node)) return;
    if (ts.isReturnStatement(node)) found = true;
    else ts.forEachChild(node, visit);
  };
  visit(root);
  return found;
}

const TRUE_STRINGS = new Set(['true', '1', 'yes', 'on', 'y']);
const FALSE_STRINGS = new Set(['false', '0', 'no', 'off', 'n', '']);

/** `DISABLE_AUTH === 'true'` → true and `SKIP_AUTH !== '1'` → false with the flag set. */
function flagComparison(node: ts.BinaryExpression, file: ts.SourceFile): boolean | undefined {
  const equality = equalityOf(node.operatorToken.kind);
  if (equality === undefined) return undefined;
  const left = skipOuterExpressions(node.left);
  const right = skipOuterExpressions(node.right);
  for (const [value, other] of [[left, right], [right, left]] as const) {
    if (!mentionsBypassFlag(other, file)) continue;
    const text = ts.isStringLiteralLike(value) ? value.text.toLowerCase() : value.getText(file);
    const truthy = TRUE_STRINGS.has(text) ? true : FALSE_STRINGS.has(text) || text === 'undefined' || text === 'null' ? false : undefined;
    if (truthy === undefined) return undefined;
    return equality === truthy;
  }
  return undefined;
}

/** `DISABLE_AUTH`, `env.SKIP_AUTH`, `config.auth.disabled`, `process.env['NO_AUTH']`, `get('AUTH_DISABLED')`, `isAuthDisabled()`, `parseBool(…)` of one. */
function isFlagReference(node: ts.Expression): boolean {
  if (ts.isIdentifier(node)) return isAuthBypassFlagName(node.text);
  if (ts.isPropertyAccessExpression(node)) {
    const parent = ts.isPropertyAccessExpression(node.expression) ? `${node.expression.name.text}_` : '';
    return isAuthBypassFlagName(node.name.text) || (parent !== '' && isAuthBypassFlagName(`${parent}${node.name.text}`));
  }
  if (ts.isElementAccessExpression(node)) {
    return ts.isStringLiteralLike(node.argumentExpression) && isAuthBypassFlagName(node.argumentExpression.text);
  }
  if (ts.isCallExpression(node)) {
    const [first] = node.arguments;
    if (first && ts.isStringLiteralLike(first)) return isAuthBypassFlagName(first.text);
    if (first) return isFlagReference(skipOuterExpressions(first));
    const callee = skipOuterExpressions(node.expression);
    return isFlagReference(callee) || (ts.isPropertyAccessExpression(callee) && isFlagReference(skipOuterExpressions(callee.expression)));
  }
  return false;
}

/**
 * Whether `expression` being truthy (or falsy, with `truthy: false`) implies the
 * service is not running in production: `flag && NODE_ENV !== 'production'`,
 * `isDev && flag`, `!isProd && flag`, `isProd ? false : flag`, `!flag || isProd`
 * (falsy only outside production), and variables or zero-argument functions of
 * the same file whose value does that (`const disableAuth = !isProd && …`).
 */
export function requiresNonProduction(expression: ts.Expression, truthy: boolean, file: ts.SourceFile): boolean {
  return valueInProduction(expression, file, false) === !truthy;
}

function isFalsyLiteral(node: ts.Expression): boolean {
  return (
    node.kind === ts.SyntaxKind.FalseKeyword ||
    node.kind === ts.SyntaxKind.NullKeyword ||
    (ts.isIdentifier(node) && node.text === 'undefined') ||
    (ts.isStringLiteralLike(node) && node.text === '') ||
    (ts.isNumericLiteral(node) && node.text === '0')
  );
}

const refusingFiles = new WeakMap<ts.SourceFile, boolean>();

/**
 * Whether a file holds a startup check that refuses an auth-bypass flag in
 * production: a `throw` or `process.exit(…)` that runs whenever a bypass flag is
 * set in production, however the `if`s around it are written
 * (`if (disableAuth && NODE_ENV === 'production') throw …`,
 * `if (isProd) { if (env.SKIP_AUTH) process.exit(1) }`,
 * `if (!isDev) { … } else …`); an `assert`/`invariant` that mentions a bypass flag
 * and an environment test; or a zod `refine`/`superRefine` callback that does.
 * A warning is not a refusal: the service still starts with authentication off.
 */
export function fileRefusesAuthBypassInProduction(file: ts.SourceFile): boolean {
  let refuses = refusingFiles.get(file);
  if (refuses === undefined) {
    refuses = /auth|insecure/i.test(file.text) && findsRefusal(file);
    refusingFiles.set(file, refuses);
  }
  return refuses;
}

interface PathCondition {
  readonly expression: ts.Expression;
  /** Whether the branch runs when the condition is truthy (the `then`) or falsy (the `else`). */
  readonly truthy: boolean;
}

function findsRefusal(file: ts.SourceFile): boolean {
  let found = false;
  const visit = (node: ts.Node, conditions: readonly PathCondition[]): void => {
    if (found) return;
    if (ts.isFunctionLike(node)) {
      ts.forEachChild(node, (child) => visit(child, []));
      return;
    }
    if (ts.isIfStatement(node)) {
      visit(node.expression, conditions);
      visit(node.thenStatement, [...conditions, { expression: node.expression, truthy: true }]);
      if (node.elseStatement) visit(node.elseStatement, [...conditions, { expression: node.expression, truthy: false }]);
      return;
    }
    if ((ts.isThrowStatement(node) || isExitCall(node)) && refusesInProduction(conditions, file)) {
      found = true;
      return;
    }
    if (ts.isCallExpression(node) && isCheckingCall(node) && mentionsBypassFlag(node, file) && mentionsEnvironmentTest(node, file)) {
      found = true;
      return;
    }
    ts.forEachChild(node, (child) => visit(child, conditions));
  };
  visit(file, []);
  return found;
}

/** The `if`s around a refusal mention a bypass flag and an environment test, and none of them keeps it from running in production with the flag set. */
function refusesInProduction(conditions: readonly PathCondition[], file: ts.SourceFile): boolean {
  return (
    conditions.some((condition) => mentionsBypassFlag(condition.expression, file)) &&
    conditions.some((condition) => mentionsEnvironmentTest(condition.expression, file)) &&
    conditions.every((condition) => valueInProduction(condition.expression, file, true) !== !condition.truthy)
  );
}

function isExitCall(node: ts.Node): boolean {
  if (!ts.isCallExpression(node)) return false;
  const name = calledName(node);
  return name === 'exit' || name === 'abort';
}

/** `assert(…)`, `invariant(…)`, `z.object(…).refine(…)`, `.superRefine(…)`: a check that fails startup. */
function isCheckingCall(node: ts.CallExpression): boolean {
  const name = calledName(node);
  return name !== undefined && ['assert', 'invariant', 'ok', 'refine', 'superRefine'].includes(name);
}

function calledName(node: ts.CallExpression): string | undefined {
  const callee = skipOuterExpressions(node.expression);
  return ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
}

/** Whether an expression reads a bypass flag, itself or through a variable of the file (`const d = process.env.DISABLE_AUTH`). */
function mentionsBypassFlag(root: ts.Node, file: ts.SourceFile, depth = 0): boolean {
  return someTsNode(
    root,
    (node) =>
      ts.isExpression(node) &&
      (isFlagReference(node) ||
        (ts.isIdentifier(node) && depth < 2 && isValueIdentifier(node) && valuesNamed(file, node.text, 'variable').some((value) => mentionsBypassFlag(value, file, depth + 1)))),
  );
}

function mentionsEnvironmentTest(root: ts.Node, file: ts.SourceFile): boolean {
  return someTsNode(root, (node) => ts.isExpression(node) && environmentTestOf(node, file) !== undefined);
}

function someTsNode(root: ts.Node, predicate: (node: ts.Node) => boolean): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (predicate(node)) {
      found = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(root);
  return found;
}

function skipOuterExpressions(expression: ts.Expression): ts.Expression {
  let node = expression;
  while (
    ts.isParenthesizedExpression(node) ||
    ts.isAsExpression(node) ||
    ts.isNonNullExpression(node) ||
    ts.isSatisfiesExpression(node) ||
    ts.isTypeAssertionExpression(node) ||
    ts.isAwaitExpression(node)
  ) {
    node = node.expression;
  }
  return node;
}

// ---------------------------------------------------------------------------
// The verdict

/**
 * Whether an auth-bypass flag is refused in production, so that the bypass
 * can only happen in development and tests:
 * - the condition that takes the bypass requires a non-production environment
 *   (`if (flag && process.env.NODE_ENV !== 'production')`, `if (!flag || isProd) app.use(auth)`);
 * - the flag's definition does (`const disableAuth = !isProd && process.env.X === 'true'`),
 *   in this file or, with types, in the config module it is declared in;
 * - this file, or the config module the flag is declared in, refuses to start
 *   with the flag set in production (see {@link fileRefusesAuthBypassInProduction}).
 *
 * `condition` is the expression whose truthiness (`bypassWhenTruthy`) or
 * falsiness takes the bypass.
 */
export function isRefusedInProduction(
  flag: AuthBypassFlag,
  condition: TSESTree.Expression,
  bypassWhenTruthy: boolean,
  context: Context,
): boolean {
  const view = tsViewOf(context);
  const tsCondition = view.toTs(condition);
  if (tsCondition && ts.isExpression(tsCondition) && requiresNonProduction(tsCondition, bypassWhenTruthy, view.file)) return true;
  const definition = flag.definition;
  if (definition?.function) {
    if (returnInProduction(definition.function, definition.file, false, 0) === false) return true;
  } else if (definition && definition.values.length > 0 && definition.values.every((value) => requiresNonProduction(value, true, definition.file))) {
    return true;
  }
  if (fileRefusesAuthBypassInProduction(view.file)) return true;
  return definition !== undefined && definition.file !== view.file && fileRefusesAuthBypassInProduction(definition.file);
}

interface TsView {
  readonly file: ts.SourceFile;
  toTs(node: TSESTree.Node): ts.Node | undefined;
}

const views = new WeakMap<TSESTree.Program, TsView>();

/** The linted file as a TypeScript AST: the program's own with types, a one-off parse without. */
function tsViewOf(context: Context): TsView {
  const program = context.sourceCode.ast;
  let view = views.get(program);
  if (view) return view;
  const services = getTypeServices(context);
  if (services) {
    const file = services.esTreeNodeToTSNodeMap.get(program) as ts.SourceFile;
    view = { file, toTs: (node) => services.esTreeNodeToTSNodeMap.get(node) };
  } else {
    const file = ts.createSourceFile(context.filename, context.sourceCode.text, ts.ScriptTarget.Latest, true, scriptKindOf(context.filename));
    view = { file, toTs: (node) => nodeAtRange(file, node.range[0], node.range[1]) };
  }
  views.set(program, view);
  return view;
}

function scriptKindOf(filename: string): ts.ScriptKind {
  if (/\.tsx$/.test(filename)) return ts.ScriptKind.TSX;
  if (/\.jsx$/.test(filename)) return ts.ScriptKind.JSX;
  if (/\.[cm]?js$/.test(filename)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/** The innermost expression (or else the outermost node) spanning exactly `start`–`end`. */
function nodeAtRange(file: ts.SourceFile, start: number, end: number): ts.Node | undefined {
  let match: ts.Node | undefined;
  const visit = (node: ts.Node): void => {
    const nodeStart = node.getStart(file);
    if (nodeStart > start || node.end < end) return;
    if (nodeStart === start && node.end === end && (!match || ts.isExpression(node))) match = node;
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(file, visit);
  return match;
}

function isFunctionNode(node: TSESTree.Node): boolean {
  return (
    node.type === AST_NODE_TYPES.ArrowFunctionExpression ||
    node.type === AST_NODE_TYPES.FunctionExpression ||
    node.type === AST_NODE_TYPES.FunctionDeclaration
  );
}
