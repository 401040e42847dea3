import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import { isNode, isUndeclared } from '../util/ast.js';
import { formatChain, summarizeCall, type SummaryKind } from '../util/summaries.js';
import { isFunctionLike } from './handlers.js';
import { llmCallOf, llmTsCallOf } from './llm.js';
import { calleeName, getTypeServices, importBindingOf, isFromPackage, memberName, unwrapExpression } from './origin.js';
import { requestInputOf, type RequestPart } from './request-input.js';

/**
 * Where a value comes from: a small intraprocedural taint tracker shared by
 * the rules that care whether the client (or a model) chose a value.
 *
 * It follows a value back through local variables (every assignment),
 * destructuring (remembering the property path), object properties, string
 * methods, `await`, templates and concatenation, `path.join`/`resolve`, URL
 * decoding, `FormData`/`URLSearchParams` getters, `Object.fromEntries`, and
 * into the return statements of same-file helpers (with their parameters bound
 * to the call's arguments). A call it does not know ends the branch: an
 * unknown function may validate, so the tracker errs towards silence.
 *
 * A branch stops at a call the caller names as a sanitiser; a variable that is
 * ever re-assigned from a sanitiser of itself (`id = path.basename(id)`)
 * counts as sanitised. The caller also gets every expression the trace went
 * through, so it can look for a guard (`if (!ALLOWED.has(id)) return`) on any
 * of them with `guardingReferences`.
 *
 * Imported helpers that call a model are followed with type information
 * through the interprocedural summaries (only when model sources are asked for).
 */

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

export type TaintSourceKind = 'llm' | 'request';

export interface TaintSource {
  readonly kind: TaintSourceKind;
  /** `OpenAI chat.completions.create`, `req.body`. */
  readonly label: string;
  /** For request input: which part of the request. */
  readonly part?: RequestPart;
  /** For request input: a framework validated it against a schema or pipe. */
  readonly validated?: boolean;
  /** Properties read from the source on the way to the value: `['app_id']` for `const { app_id } = req.body`. */
  readonly properties: readonly string[];
  /** The expression in this file where the value enters: the model call, the request read, the helper call. */
  readonly node: TSESTree.Node;
  /** For a model reached through project functions: `generateSql() → OpenAI chat.completions.create (llm.ts:12)`. */
  readonly chain?: string;
  /** False when the value was spliced into other text on the way (a template, `+`, `join`, `path.join`). */
  readonly whole: boolean;
}

export interface TaintTrace {
  readonly sources: readonly TaintSource[];
  /** Identifiers and member reads the trace went through (for guards and naming evidence). */
  readonly visited: readonly TSESTree.Node[];
}

export interface ModelTraceOptions {
  /** For summaries of imported helpers: whether a call in another function's body validates. */
  readonly isTsValidation: (call: ts.CallExpression | ts.NewExpression, checker: ts.TypeChecker) => boolean;
  /** A cache key for `isTsValidation`: it changes with the rule's options. */
  readonly validationId: string;
  /** Bodies followed into imported helpers. */
  readonly maxDepth: number;
}

export interface TaintOptions {
  /** Which sources to report; model calls are followed only when asked for. */
  readonly sources: readonly TaintSourceKind[];
  /** A call that sanitises or validates what it receives: the trace does not go past it. */
  readonly isSanitizer: (call: TSESTree.CallExpression) => boolean;
  /** Following imported helpers that call a model (needs type information). */
  readonly models?: ModelTraceOptions;
}

/** Text methods whose result carries the receiver's text. */
const TEXT_METHODS = new Set([
  'trim',
  'trimStart',
  'trimEnd',
  'replace',
  'replaceAll',
  'slice',
  'substring',
  'substr',
  'toString',
  'valueOf',
  'concat',
  'split',
  'join',
  'at',
  'padEnd',
  'padStart',
  'normalize',
  'toUpperCase',
  'toLowerCase',
]);

const MAX_STEPS = 2_000;
const MAX_HELPER_NESTING = 3;

/** Calls whose result carries their arguments' text: the `path` module, URL decoding. */
const PATH_FUNCTIONS = new Set(['join', 'resolve', 'normalize', 'format', 'toNamespacedPath']);
export const PATH_PACKAGES = ['path', 'path/posix', 'path/win32', 'upath', 'pathe'];
const DECODERS = new Set(['decodeURIComponent', 'decodeURI', 'unescape', 'String']);
/** Getters of `FormData`, `URLSearchParams`, `Headers`, `Map`: the result is part of the receiver. */
const GETTERS = new Set(['get', 'getAll']);
/** `Object.*` / `Array.from` calls whose result carries their first argument. */
const OBJECT_COPIES = new Set(['fromEntries', 'entries', 'values', 'assign', 'from']);

interface Frame {
  /** Parameters of the helper being traced, bound to the caller's arguments. */
  readonly bindings: ReadonlyMap<TSESLint.Scope.Variable, TSESTree.Node | undefined>;
  readonly nesting: number;
  /** Properties read off the value being traced, outermost last: `req.body.app_id` → ['app_id']. */
  readonly properties: readonly string[];
}

/** Traces `expression` back to the request reads and model calls its value comes from. */
export function traceTaint(expression: TSESTree.Node, context: Context, options: TaintOptions): TaintTrace {
  const sources: TaintSource[] = [];
  const visited: TSESTree.Node[] = [];
  // Keyed on the node and the property path followed: `{ name, orgId } = req.body` reaches the body once per field.
  const seen = new Map<TSESTree.Node, Set<string>>();
  const wantsRequest = options.sources.includes('request');
  const wantsModel = options.sources.includes('llm');
  let steps = 0;

  const addRequest = (node: TSESTree.Node, whole: boolean, frame: Frame): boolean => {
    if (!wantsRequest) return false;
    const input = requestInputOf(node, context);
    if (!input) return false;
    sources.push({
      kind: 'request',
      label: input.label,
      part: input.part,
      ...(input.validated && { validated: true }),
      properties: frame.properties,
      node,
      whole,
    });
    return true;
  };
  const reading = (frame: Frame, property: string | undefined): Frame =>
    property === undefined ? frame : { ...frame, properties: [property, ...frame.properties] };

  const visit = (node: TSESTree.Node, whole: boolean, frame: Frame): void => {
    if (++steps > MAX_STEPS) return;
    const path = frame.properties.join('.');
    const paths = seen.get(node) ?? new Set<string>();
    if (paths.has(path)) return;
    seen.set(node, paths.add(path));
    switch (node.type) {
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
      case AST_NODE_TYPES.ChainExpression:
        return visit(node.expression, whole, frame);
      case AST_NODE_TYPES.AwaitExpression:
        return visit(node.argument, whole, frame);
      case AST_NODE_TYPES.TemplateLiteral:
        for (const expression of node.expressions) visit(expression, node.quasis.every((q) => q.value.raw === '') && whole, frame);
        return;
      case AST_NODE_TYPES.BinaryExpression:
        if (node.operator !== '+') return;
        visit(node.left, false, frame);
        return visit(node.right, false, frame);
      case AST_NODE_TYPES.LogicalExpression:
        visit(node.left, whole, frame);
        return visit(node.right, whole, frame);
      case AST_NODE_TYPES.ConditionalExpression:
        // The test only picks a branch: a value choosing between constants is not the value.
        visit(node.consequent, whole, frame);
        return visit(node.alternate, whole, frame);
      case AST_NODE_TYPES.ArrayExpression:
        for (const element of node.elements) if (element && element.type !== AST_NODE_TYPES.SpreadElement) visit(element, false, frame);
        return;
      case AST_NODE_TYPES.ObjectExpression:
        return visitObject(node, whole, frame);
      case AST_NODE_TYPES.MemberExpression: {
        visited.push(node);
        if (addRequest(node, whole, frame)) return;
        // A lookup with a chosen key in a table of constants yields a constant: only the object carries the value.
        return visit(node.object, whole, reading(frame, memberName(node)));
      }
      case AST_NODE_TYPES.Identifier:
        visited.push(node);
        return visitVariable(node, whole, frame);
      case AST_NODE_TYPES.CallExpression:
        return visitCall(node, whole, frame);
      case AST_NODE_TYPES.NewExpression:
        // new URL(input), new URLSearchParams(input), String objects: they carry their first argument.
        if (node.callee.type === AST_NODE_TYPES.Identifier && ['URL', 'URLSearchParams', 'String'].includes(node.callee.name)) {
          const [first] = node.arguments;
          if (first && first.type !== AST_NODE_TYPES.SpreadElement) visit(first, false, frame);
        }
        return;
      default:
        return;
    }
  };

  /** `{ appId: x, ...rest }`: when a property path is being followed, only the matching property carries it. */
  const visitObject = (node: TSESTree.ObjectExpression, whole: boolean, frame: Frame): void => {
    const [wanted, ...rest] = frame.properties;
    for (const property of node.properties) {
      if (property.type === AST_NODE_TYPES.SpreadElement) {
        visit(property.argument, whole, frame);
        continue;
      }
      const key = !property.computed && property.key.type === AST_NODE_TYPES.Identifier ? property.key.name : property.key.type === AST_NODE_TYPES.Literal ? String(property.key.value) : undefined;
      if (wanted !== undefined && key !== undefined && key !== wanted) continue;
      visit(property.value, whole, key !== undefined && key === wanted ? { ...frame, properties: rest } : frame);
    }
  };

  const visitVariable = (identifier: TSESTree.Identifier, whole: boolean, frame: Frame): void => {
    if (addRequest(identifier, whole, frame)) return;
    const variable = ASTUtils.findVariable(context.sourceCode.getScope(identifier), identifier);
    if (!variable) return;
    if (frame.bindings.has(variable)) {
      const argument = frame.bindings.get(variable);
      if (argument) visit(argument, whole, { bindings: new Map(), nesting: frame.nesting, properties: frame.properties });
      return;
    }
    if (isResanitized(variable)) return;
    for (const definition of variable.defs) {
      if (definition.type !== 'Variable') continue;
      const declarator = definition.node;
      // `const { app_id: appId } = req.body` reads `app_id` from the body.
      const path = patternPath(definition.name, declarator.id);
      if (!path) continue;
      const inner = { ...frame, properties: [...path, ...frame.properties] };
      if (declarator.init) visit(declarator.init, whole, inner);
      else if (declarator.parent.parent?.type === AST_NODE_TYPES.ForOfStatement) visit(declarator.parent.parent.right, whole, inner);
    }
    for (const reference of variable.references) {
      if (!reference.isWrite() || reference.init) continue;
      const assignment = reference.identifier.parent;
      if (assignment?.type !== AST_NODE_TYPES.AssignmentExpression || assignment.left !== reference.identifier) continue;
      visit(assignment.right, whole && assignment.operator === '=', frame);
    }
  };

  /** `id = path.basename(id)` anywhere: the variable is sanitised in place (flow-insensitive, errs towards silence). */
  const isResanitized = (variable: TSESLint.Scope.Variable): boolean =>
    variable.references.some((reference) => {
      const assignment = reference.identifier.parent;
      if (!reference.isWrite() || assignment?.type !== AST_NODE_TYPES.AssignmentExpression) return false;
      const right = unwrapExpression(assignment.right);
      return right.type === AST_NODE_TYPES.CallExpression && options.isSanitizer(right);
    });

  const visitCall = (call: TSESTree.CallExpression, whole: boolean, frame: Frame): void => {
    if (options.isSanitizer(call)) return;
    if (wantsModel) {
      const llm = llmCallOf(call, context);
      if (llm) {
        sources.push({ kind: 'llm', label: `${llm.library} ${llm.path}`, properties: frame.properties, node: call, whole });
        return;
      }
    }
    if (addRequest(call, whole, frame)) return;
    const callee = unwrapExpression(call.callee);
    const visitArguments = (argumentWhole: boolean, first = false) => {
      for (const argument of first ? call.arguments.slice(0, 1) : call.arguments) {
        if (argument.type !== AST_NODE_TYPES.SpreadElement) visit(argument, argumentWhole, frame);
        else visit(argument.argument, false, frame);
      }
    };
    if (callee.type === AST_NODE_TYPES.MemberExpression) {
      const method = memberName(callee);
      const owner = unwrapExpression(callee.object);
      if (owner.type === AST_NODE_TYPES.Identifier) {
        if (method === 'parse' && owner.name === 'JSON') return visitArguments(whole, true);
        if (method && OBJECT_COPIES.has(method) && (owner.name === 'Object' || owner.name === 'Array')) return visitArguments(whole);
        // Before the text methods: `path.join` is not `Array#join`.
        if (method && PATH_FUNCTIONS.has(method) && isPathModule(owner, context)) return visitArguments(false);
      }
      if (method && TEXT_METHODS.has(method)) {
        visit(callee.object, whole && method !== 'join' && method !== 'concat', frame);
        if (method === 'concat') visitArguments(false);
        return;
      }
      if (method && GETTERS.has(method)) {
        const key = stringArgument(call);
        return visit(callee.object, whole, reading(frame, key));
      }
    }
    if (callee.type === AST_NODE_TYPES.Identifier) {
      if (DECODERS.has(callee.name) && isUndeclared(callee, context)) return visitArguments(whole, true);
      if (PATH_FUNCTIONS.has(callee.name) && isPathModuleBinding(callee, context)) return visitArguments(false);
    }
    const helper = sameFileHelper(callee, context);
    if (helper) {
      if (frame.nesting >= MAX_HELPER_NESTING) return;
      const bindings = new Map<TSESLint.Scope.Variable, TSESTree.Node | undefined>();
      for (const [index, param] of helper.params.entries()) {
        if (param.type !== AST_NODE_TYPES.Identifier) continue;
        const variable = context.sourceCode.getDeclaredVariables(helper).find((candidate) => candidate.name === param.name);
        const argument = call.arguments[index];
        if (variable) bindings.set(variable, argument && argument.type !== AST_NODE_TYPES.SpreadElement ? argument : undefined);
      }
      for (const returned of returnedExpressions(helper)) visit(returned, whole, { bindings, nesting: frame.nesting + 1, properties: frame.properties });
      return;
    }
    if (wantsModel && options.models) {
      const summarized = importedHelperOrigin(call, context, options.models);
      if (summarized) sources.push({ ...summarized, properties: frame.properties, whole });
    }
  };

  visit(expression, true, { bindings: new Map(), nesting: 0, properties: [] });
  return { sources, visited };
}

/**
 * The property path from a declarator's pattern down to one bound name:
 * `{ a: { b: x } }` → ['a', 'b'] for `x`; `[x]` and rest elements give [] (the
 * whole value still flows); undefined when the name is under a computed key.
 */
function patternPath(name: TSESTree.Node, root: TSESTree.Node): string[] | undefined {
  const path: string[] = [];
  for (let node: TSESTree.Node | undefined = name; node && node !== root; node = node.parent) {
    const parent: TSESTree.Node | undefined = node.parent;
    if (parent?.type === AST_NODE_TYPES.Property && parent.value === node) {
      if (parent.computed) return undefined;
      if (parent.key.type === AST_NODE_TYPES.Identifier) path.unshift(parent.key.name);
      else if (parent.key.type === AST_NODE_TYPES.Literal) path.unshift(String(parent.key.value));
    }
  }
  return path;
}

function stringArgument(call: TSESTree.CallExpression): string | undefined {
  const [first] = call.arguments;
  return first?.type === AST_NODE_TYPES.Literal && typeof first.value === 'string' ? first.value : undefined;
}

/** `path`, `path.posix`, `posix` bound to the path module (import, require), or the conventional name when the file shows nothing. */
export function isPathModule(node: TSESTree.Expression, context: Context): boolean {
  const inner = unwrapExpression(node);
  if (inner.type === AST_NODE_TYPES.MemberExpression) {
    const name = memberName(inner);
    return (name === 'posix' || name === 'win32') && isPathModule(inner.object, context);
  }
  if (inner.type !== AST_NODE_TYPES.Identifier) return false;
  const binding = importBindingOf(inner, context);
  if (binding) return isFromPackage(binding.origin, PATH_PACKAGES);
  return inner.name === 'path' && isUndeclared(inner, context);
}

/** `join` imported from the path module: `import { join } from 'node:path'`. */
function isPathModuleBinding(identifier: TSESTree.Identifier, context: Context): boolean {
  const binding = importBindingOf(identifier, context);
  return binding !== undefined && isFromPackage(binding.origin, PATH_PACKAGES) && PATH_FUNCTIONS.has(binding.imported);
}


/**
 * References of the variables a trace went through that sit inside a
 * condition or an assertion call before \`before\`, in the same function: where a
 * rule looks for its guards (`ALLOWED.has(id)`, `/^[a-z-]+$/.test(id)`,
 * `full.startsWith(root)`).
 */
export function guardingReferences(trace: TaintTrace, before: TSESTree.Node, context: Context): TSESTree.Identifier[] {
  const found: TSESTree.Identifier[] = [];
  const variables = new Set<TSESLint.Scope.Variable>();
  for (const node of trace.visited) {
    if (node.type !== AST_NODE_TYPES.Identifier) continue;
    const variable = ASTUtils.findVariable(context.sourceCode.getScope(node), node);
    if (variable) variables.add(variable);
  }
  for (const variable of variables) {
    for (const reference of variable.references) {
      const identifier = reference.identifier;
      if (identifier.type !== AST_NODE_TYPES.Identifier || !reference.isRead()) continue;
      if (identifier.range[0] >= before.range[0]) continue;
      if (isInCondition(identifier)) found.push(identifier);
    }
  }
  return found;
}

/** In the test of an `if`/`?:`/loop, the left of `&&`/`||`, or an argument of an assertion-like call. */
export function isInCondition(node: TSESTree.Node): boolean {
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    switch (parent.type) {
      case AST_NODE_TYPES.IfStatement:
      case AST_NODE_TYPES.ConditionalExpression:
      case AST_NODE_TYPES.WhileStatement:
        return parent.test === child;
      case AST_NODE_TYPES.LogicalExpression:
        if (parent.left === child) return true;
        break;
      case AST_NODE_TYPES.CallExpression: {
        const name = calleeName(parent.callee);
        if (name && /^(?:assert|invariant|ok|ensure|expect)/i.test(name) && parent.arguments.includes(child as TSESTree.CallExpressionArgument)) return true;
        break;
      }
      case AST_NODE_TYPES.ExpressionStatement:
      case AST_NODE_TYPES.VariableDeclaration:
      case AST_NODE_TYPES.ReturnStatement:
      case AST_NODE_TYPES.BlockStatement:
        return false;
      default:
        if (isFunctionLike(parent)) return false;
    }
  }
  return false;
}

/** A function defined in this file that the callee names: a declaration, a `const` arrow, or a method of the same class via `this`. */
function sameFileHelper(callee: TSESTree.Expression, context: Context): FunctionWithBodyEstree | undefined {
  if (callee.type === AST_NODE_TYPES.Identifier) {
    const variable = ASTUtils.findVariable(context.sourceCode.getScope(callee), callee);
    const definition = variable?.defs[0];
    if (definition?.type === 'FunctionName' && isFunctionLike(definition.node) && definition.node.body) {
      return definition.node as FunctionWithBodyEstree;
    }
    if (definition?.type === 'Variable' && definition.node.init) {
      const init = unwrapExpression(definition.node.init);
      if (isFunctionLike(init)) return init as FunctionWithBodyEstree;
    }
    return undefined;
  }
  if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.object.type !== AST_NODE_TYPES.ThisExpression) return undefined;
  const name = memberName(callee);
  for (let node: TSESTree.Node | undefined = callee.parent; node; node = node.parent) {
    if (node.type !== AST_NODE_TYPES.ClassBody) continue;
    for (const member of node.body) {
      if (member.type !== AST_NODE_TYPES.MethodDefinition || member.kind !== 'method' || member.computed) continue;
      if (member.key.type === AST_NODE_TYPES.Identifier && member.key.name === name && member.value.body) {
        return member.value as FunctionWithBodyEstree;
      }
    }
    return undefined;
  }
  return undefined;
}

type FunctionWithBodyEstree = (TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression) & {
  body: TSESTree.BlockStatement | TSESTree.Expression;
};

/** The expressions a function returns, not looking into functions nested in it. */
function returnedExpressions(fn: FunctionWithBodyEstree): TSESTree.Expression[] {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return [fn.body];
  const found: TSESTree.Expression[] = [];
  const walk = (node: TSESTree.Node): void => {
    if (node.type === AST_NODE_TYPES.ReturnStatement) {
      if (node.argument) found.push(node.argument);
      return;
    }
    if (isFunctionLike(node) || node.type === AST_NODE_TYPES.ClassDeclaration || node.type === AST_NODE_TYPES.ClassExpression) return;
    for (const value of Object.values(node)) {
      if (value === node.parent) continue;
      for (const child of Array.isArray(value) ? value : [value]) {
        if (isNode(child)) walk(child);
      }
    }
  };
  for (const statement of fn.body.body) walk(statement);
  return found;
}

const llmKind: SummaryKind = {
  id: 'llm-call',
  leafOf: (call, checker) => {
    if (ts.isTaggedTemplateExpression(call)) return undefined;
    const found = llmTsCallOf(call, checker);
    return found && { label: `${found.library} ${found.path}` };
  },
};

const validationKinds = new Map<string, SummaryKind>();

/** A project function in another file (or beyond the same-file tracer) that calls a model and does not validate. */
function importedHelperOrigin(
  call: TSESTree.CallExpression,
  context: Context,
  options: ModelTraceOptions,
): Omit<TaintSource, 'whole' | 'properties'> | undefined {
  const services = getTypeServices(context);
  if (!services) return undefined;
  const tsCall = services.esTreeNodeToTSNodeMap.get(call);
  if (!ts.isCallExpression(tsCall)) return undefined;
  const summary = summarizeCall(services.program, tsCall, llmKind, { maxDepth: options.maxDepth });
  if (!summary) return undefined;
  let validation = validationKinds.get(options.validationId);
  if (!validation) {
    validation = {
      id: `sql-validation:${options.validationId}`,
      leafOf: (candidate, checker) =>
        !ts.isTaggedTemplateExpression(candidate) && options.isTsValidation(candidate, checker) ? { label: 'validation' } : undefined,
    };
    validationKinds.set(options.validationId, validation);
  }
  if (summarizeCall(services.program, tsCall, validation, { maxDepth: options.maxDepth })) return undefined;
  return { kind: 'llm', label: summary.leaf.label, node: call, chain: formatChain(summary.chain) };
}
