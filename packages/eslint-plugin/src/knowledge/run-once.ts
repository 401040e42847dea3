import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import { isFunctionLike, type FunctionLike } from './handlers.js';
import { calleeName, isFromPackage, resolveCallTarget, unwrapExpression } from './origin.js';
import { isNode, someNodeOutsideNestedFunctions } from '../util/ast.js';
import { runsInPlaceEstree } from '../util/summaries.js';

/**
 * Code that runs once per process, where blocking delays startup but stalls
 * no request: startup functions (`main()`, `bootstrap()`, NestJS init hooks,
 * Fastify plugins) and module-level values loaded on first use.
 */

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** The function a node is in, or undefined at module level and in class field initialisers. */
export function enclosingFunction(node: TSESTree.Node): FunctionLike | undefined {
  for (let current = node.parent; current; current = current.parent) {
    switch (current.type) {
      case AST_NODE_TYPES.ArrowFunctionExpression:
      case AST_NODE_TYPES.FunctionDeclaration:
      case AST_NODE_TYPES.FunctionExpression:
        return current;
      // Field initialisers and static blocks run when the class is built or instantiated, not as part of the function around it.
      case AST_NODE_TYPES.PropertyDefinition:
      case AST_NODE_TYPES.StaticBlock:
        return undefined;
    }
  }
  return undefined;
}

/**
 * Startup code runs once before the service takes requests, so blocking there
 * delays boot, not users:
 * - a function whose own body starts the server: `.listen(…)`, `NestFactory.create(…)`;
 * - a module-level function that is not exported and is only ever called from
 *   module top-level code or from other startup functions (`main()`,
 *   `void bootstrap()`, `main().catch(…)`, `await main()`);
 * - NestJS `onModuleInit` / `onApplicationBootstrap` hooks;
 * - Fastify plugin bodies: functions passed to `fastify.register()` or
 *   `fastify-plugin`'s `fp()`, or typed `FastifyPluginAsync`/`FastifyPluginCallback`.
 */
export function isStartupFunction(fn: FunctionLike, context: Context, visiting = new Set<FunctionLike>()): boolean {
  return (
    startsServer(fn, context) ||
    isLifecycleHook(fn) ||
    isFastifyPlugin(fn, context) ||
    isCalledOnlyAtStartup(fn, context, visiting)
  );
}

const NEST_FACTORY_METHODS = new Set(['create', 'createMicroservice', 'createApplicationContext']);

/** Whether the function's own body (not its callbacks) calls `.listen(…)` or `NestFactory.create…(…)`. */
function startsServer(fn: FunctionLike, context: Context): boolean {
  return (
    !isFunctionLike(fn.body) &&
    someNodeOutsideNestedFunctions(
      fn.body,
      context.sourceCode.visitorKeys,
      (node) => node.type === AST_NODE_TYPES.CallExpression && isServerStart(node),
    )
  );
}

function isServerStart(call: TSESTree.CallExpression): boolean {
  const callee = unwrapExpression(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const member = calleeName(callee);
  if (member === 'listen') return true;
  return (
    member !== undefined &&
    NEST_FACTORY_METHODS.has(member) &&
    callee.object.type === AST_NODE_TYPES.Identifier &&
    callee.object.name === 'NestFactory'
  );
}

const STARTUP_HOOKS = new Set(['onModuleInit', 'onApplicationBootstrap']);

function isLifecycleHook(fn: FunctionLike): boolean {
  const holder = fn.parent;
  return (
    (holder.type === AST_NODE_TYPES.MethodDefinition || holder.type === AST_NODE_TYPES.PropertyDefinition) &&
    holder.value === fn &&
    !holder.computed &&
    holder.key.type === AST_NODE_TYPES.Identifier &&
    STARTUP_HOOKS.has(holder.key.name)
  );
}

const FASTIFY_PLUGIN_TYPES = new Set(['FastifyPluginAsync', 'FastifyPluginCallback']);

function isFastifyPlugin(fn: FunctionLike, context: Context): boolean {
  const holder = fn.parent;
  if (holder.type === AST_NODE_TYPES.CallExpression && (holder.arguments as readonly TSESTree.Node[]).includes(fn)) {
    const target = resolveCallTarget(holder, context);
    return (
      (target?.member === 'register' && isFromPackage(target.origin, ['fastify'])) ||
      isFromPackage(target?.origin, ['fastify-plugin'])
    );
  }
  if (holder.type === AST_NODE_TYPES.VariableDeclarator && holder.init === fn) {
    const annotation = holder.id.typeAnnotation?.typeAnnotation;
    return (
      annotation?.type === AST_NODE_TYPES.TSTypeReference &&
      annotation.typeName.type === AST_NODE_TYPES.Identifier &&
      FASTIFY_PLUGIN_TYPES.has(annotation.typeName.name)
    );
  }
  return false;
}

function isCalledOnlyAtStartup(fn: FunctionLike, context: Context, visiting: Set<FunctionLike>): boolean {
  if (visiting.has(fn)) return false;
  visiting.add(fn);
  const variable = moduleFunctionVariable(fn, context);
  if (!variable) return false;
  const uses = variable.references.filter((reference) => !reference.init && reference.isValueReference);
  return (
    uses.length > 0 &&
    uses.every((reference) => {
      const call = reference.identifier.parent;
      if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== reference.identifier) return false;
      const caller = runningFunction(call, context);
      return caller === undefined || isStartupFunction(caller, context, visiting);
    })
  );
}

/** The variable of a function declared at module level and not exported: `async function main()` or `const main = async () =>`. */
function moduleFunctionVariable(fn: FunctionLike, context: Context): TSESLint.Scope.Variable | undefined {
  const declaration =
    fn.type === AST_NODE_TYPES.FunctionDeclaration
      ? fn
      : fn.parent.type === AST_NODE_TYPES.VariableDeclarator &&
          fn.parent.init === fn &&
          fn.parent.id.type === AST_NODE_TYPES.Identifier &&
          fn.parent.parent.kind === 'const'
        ? fn.parent
        : undefined;
  const statement = declaration?.type === AST_NODE_TYPES.VariableDeclarator ? declaration.parent : declaration;
  if (!declaration || statement?.parent?.type !== AST_NODE_TYPES.Program) return undefined;
  return context.sourceCode.getDeclaredVariables(declaration)[0];
}

/** The function whose execution a node is part of, looking through callbacks that run in place. */
export function runningFunction(node: TSESTree.Node, context: Context): FunctionLike | undefined {
  let fn = enclosingFunction(node);
  while (fn && !fn.async && runsInPlaceEstree(fn, context)) fn = enclosingFunction(fn);
  return fn;
}


/**
 * A module-level value loaded on first use blocks once, not per request:
 * `cached ??= readFileSync(…)`, `cached ||= …`, `return cached ?? (cached = …)`,
 * or any blocking call inside `if (!cached) { …; cached = …; }`, the block
 * that fills a module-level variable its condition tests. The blocking call
 * may be wrapped (`JSON.parse(readFileSync(…))`, `readFileSync(…).toString()`).
 */
export function isLazyModuleInitialisation(call: TSESTree.Node, context: Context): boolean {
  return isFirstUseAssignment(call, context) || isInFirstUseBlock(call, context);
}

function isFirstUseAssignment(call: TSESTree.Node, context: Context): boolean {
  let node: TSESTree.Node = call;
  while (node.parent && carriesValueOf(node.parent, node)) node = node.parent;
  const assignment = node.parent;
  if (assignment?.type !== AST_NODE_TYPES.AssignmentExpression || assignment.right !== node) return false;
  const target = assignment.left;
  if (target.type !== AST_NODE_TYPES.Identifier || !isModuleVariable(target, context)) return false;
  if (assignment.operator === '??=' || assignment.operator === '||=') return true;
  const outer = assignment.parent;
  return (
    assignment.operator === '=' &&
    outer?.type === AST_NODE_TYPES.LogicalExpression &&
    outer.right === assignment &&
    outer.operator !== '&&' &&
    outer.left.type === AST_NODE_TYPES.Identifier &&
    outer.left.name === target.name
  );
}

function isInFirstUseBlock(call: TSESTree.Node, context: Context): boolean {
  let child: TSESTree.Node = call;
  for (let current = call.parent; current && !isFunctionLike(current); child = current, current = current.parent) {
    if (current.type !== AST_NODE_TYPES.IfStatement || current.consequent !== child) continue;
    const testText = context.sourceCode.getText(current.test);
    if (moduleVariablesAssignedIn(current.consequent, context).some((name) => mentions(testText, name))) return true;
  }
  return false;
}

function moduleVariablesAssignedIn(block: TSESTree.Node, context: Context): string[] {
  const names: string[] = [];
  const keys = context.sourceCode.visitorKeys;
  const visit = (node: TSESTree.Node): void => {
    if (isFunctionLike(node)) return;
    if (
      node.type === AST_NODE_TYPES.AssignmentExpression &&
      node.left.type === AST_NODE_TYPES.Identifier &&
      isModuleVariable(node.left, context)
    ) {
      names.push(node.left.name);
    }
    for (const key of keys[node.type] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[key];
      for (const item of Array.isArray(child) ? child : [child]) {
        if (isNode(item)) visit(item);
      }
    }
  };
  visit(block);
  return names;
}

function mentions(text: string, name: string): boolean {
  return new RegExp(`(^|[^\\w$])${name.replaceAll('$', '\\$')}($|[^\\w$])`).test(text);
}

function carriesValueOf(parent: TSESTree.Node, child: TSESTree.Node): boolean {
  switch (parent.type) {
    case AST_NODE_TYPES.CallExpression:
    case AST_NODE_TYPES.NewExpression:
    case AST_NODE_TYPES.MemberExpression:
    case AST_NODE_TYPES.ChainExpression:
    case AST_NODE_TYPES.AwaitExpression:
    case AST_NODE_TYPES.TSAsExpression:
    case AST_NODE_TYPES.TSNonNullExpression:
    case AST_NODE_TYPES.TSSatisfiesExpression:
    case AST_NODE_TYPES.ArrayExpression:
    case AST_NODE_TYPES.ObjectExpression:
      return true;
    case AST_NODE_TYPES.Property:
      return parent.value === child;
    default:
      return false;
  }
}

function isModuleVariable(identifier: TSESTree.Identifier, context: Context): boolean {
  for (let scope: TSESLint.Scope.Scope | null = context.sourceCode.getScope(identifier); scope; scope = scope.upper) {
    const variable = scope.set.get(identifier.name);
    if (variable) return variable.scope.block.type === AST_NODE_TYPES.Program && variable.defs.length > 0;
  }
  return false;
}

/** {@link isLazyModuleInitialisation} for a call in the TypeScript AST of another function's body. */
export function isLazyModuleInitialisationTs(call: ts.Node, checker: ts.TypeChecker): boolean {
  return isFirstUseAssignmentTs(call, checker) || isInFirstUseBlockTs(call, checker);
}

function isFirstUseAssignmentTs(call: ts.Node, checker: ts.TypeChecker): boolean {
  let node: ts.Node = call;
  while (carriesValueOfTs(node.parent, node)) node = node.parent;
  const assignment = node.parent;
  if (!assignment || !ts.isBinaryExpression(assignment) || assignment.right !== node) return false;
  const target = assignment.left;
  if (!ts.isIdentifier(target) || !isModuleVariableTs(target, checker)) return false;
  const operator = assignment.operatorToken.kind;
  if (operator === ts.SyntaxKind.QuestionQuestionEqualsToken || operator === ts.SyntaxKind.BarBarEqualsToken) return true;
  let outer = assignment.parent;
  while (outer && ts.isParenthesizedExpression(outer)) outer = outer.parent;
  return (
    operator === ts.SyntaxKind.EqualsToken &&
    outer !== undefined &&
    ts.isBinaryExpression(outer) &&
    (outer.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || outer.operatorToken.kind === ts.SyntaxKind.BarBarToken) &&
    ts.isIdentifier(outer.left) &&
    outer.left.text === target.text
  );
}

function isInFirstUseBlockTs(call: ts.Node, checker: ts.TypeChecker): boolean {
  let child: ts.Node = call;
  for (let current = call.parent; current && !ts.isFunctionLike(current); child = current, current = current.parent) {
    if (!ts.isIfStatement(current) || current.thenStatement !== child) continue;
    const testText = current.expression.getText();
    if (moduleVariablesAssignedInTs(current.thenStatement, checker).some((name) => mentions(testText, name))) return true;
  }
  return false;
}

function moduleVariablesAssignedInTs(block: ts.Node, checker: ts.TypeChecker): string[] {
  const names: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node)) return;
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isIdentifier(node.left) &&
      isModuleVariableTs(node.left, checker)
    ) {
      names.push(node.left.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(block);
  return names;
}

function carriesValueOfTs(parent: ts.Node | undefined, child: ts.Node): boolean {
  if (!parent) return false;
  return (
    ts.isCallExpression(parent) ||
    ts.isNewExpression(parent) ||
    ts.isPropertyAccessExpression(parent) ||
    ts.isElementAccessExpression(parent) ||
    ts.isParenthesizedExpression(parent) ||
    ts.isAwaitExpression(parent) ||
    ts.isAsExpression(parent) ||
    ts.isNonNullExpression(parent) ||
    ts.isSatisfiesExpression(parent) ||
    ts.isArrayLiteralExpression(parent) ||
    ts.isObjectLiteralExpression(parent) ||
    (ts.isPropertyAssignment(parent) && parent.initializer === child)
  );
}

function isModuleVariableTs(identifier: ts.Identifier, checker: ts.TypeChecker): boolean {
  let declaration: ts.Declaration | undefined;
  try {
    declaration = checker.getSymbolAtLocation(identifier)?.valueDeclaration;
  } catch {
    return false;
  }
  return (
    declaration !== undefined &&
    ts.isVariableDeclaration(declaration) &&
    ts.isVariableDeclarationList(declaration.parent) &&
    ts.isVariableStatement(declaration.parent.parent) &&
    ts.isSourceFile(declaration.parent.parent.parent)
  );
}
