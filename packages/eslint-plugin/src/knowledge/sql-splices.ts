import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { getTypeServices, memberName, resolveCallTarget, unwrapExpression } from './origin.js';
import { hasSpliceSafeMembers, isParameterisingTag, isSpliceSafeType, sqlEscaperOf } from './sql.js';
import { enclosingFunction } from '../util/ast.js';

/**
 * Which values a SQL string splices into its text, and which of its parts are
 * constant fragments written in code.
 *
 * The seed's lesson (001 P5): a dynamic `UPDATE … SET ${sets.join(', ')}` is
 * safe when every column name comes from a hard-coded allowlist and every
 * value travels as a `$n` placeholder; the injection is a VALUE spliced into
 * the text. So a part of the string counts as constant when it is:
 * - a literal, a `const` (local or module) holding one, an enum member, a
 *   template/`+`/`join` whose own parts are all constant;
 * - of a type that cannot carry SQL syntax (number, bigint, boolean, a
 *   string-literal union such as `keyof typeof ALLOWED` or `'asc' | 'desc'`);
 *   a type assertion (`x as Column`) is not trusted, the value under it is judged;
 * - an element of a collection written in code: iterating (`for…of`,
 *   `.map/.forEach/.filter` callbacks) a literal array/Set/Map, `Object.keys`/
 *   `Object.entries` of a literal object, or such a collection filtered by an
 *   allowlist check;
 * - checked against such an allowlist where it is used: inside
 *   `if (ALLOWED.has(col))`, `ALLOWED.includes(x) ? x : 'id'`, `col in COLUMNS`,
 *   `Object.hasOwn(COLUMNS, col)`, `dir === 'asc' || dir === 'desc'`, or after
 *   an early `if (!ALLOWED.includes(x)) throw/return/continue`;
 * - a lookup in a module-level table (`SORT_COLUMNS[req.query.sort]`), code
 *   configuration (an import, a module-level binding written only at startup,
 *   `process.env.X`, `this.table`);
 * - a placeholder number (`$${i++}`, `$${values.length}`, `$${params.push(v)}`);
 * - the result of a known escaper (pg-format `%I`/`%L`, `escapeIdentifier`,
 *   `knex.ref`, `sql.identifier`, mysql2 `escapeId`/`escape`/`format`), or of
 *   a sanitiser that deletes every non-identifier character
 *   (`name.replace(/[^a-z0-9_]/gi, '')`);
 * - checked by a format guard (`Number.isInteger(x)`, validator's `isUUID(x)`).
 * Anything else spliced into the text (a parameter, request data, a call
 * result, a `let` written from one of those) is a value.
 */

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** How a value entered the SQL text. */
export type SpliceKind = 'interpolated' | 'concatenated' | 'joined' | 'formatted';

export interface Splice {
  readonly kind: SpliceKind;
  /** The spliced expression as written: `userId` in `${userId}`, `ids` in `ids.join(',')`. */
  readonly value: TSESTree.Node;
  /** The template literal, `+`, `+=`, `.concat`, `.join`, `.push` or `format` call that spliced it. */
  readonly site: TSESTree.Node;
}

const finders = new WeakMap<Context, SpliceFinder>();

/** The values a SQL string (the argument of a sink) splices into its text, in text order. */
export function splicedValuesOf(sql: TSESTree.Expression, context: Context): Splice[] {
  let finder = finders.get(context);
  if (!finder) {
    finder = new SpliceFinder(context);
    finders.set(context, finder);
  }
  return finder.find(sql);
}

interface SpliceAt {
  readonly kind: SpliceKind;
  readonly site: TSESTree.Node;
  /** What the message shows: the expression at the splice, even when the value was found through a variable. */
  readonly evidence: TSESTree.Node;
}

/** Which part of a collection's elements a binding takes: `[key, value]` of entries, or the whole element. */
type Part = 'whole' | 'key' | 'value';

const MAX_DEPTH = 40;
/** Work allowed for one sink: past it, the analysis stops and reports nothing more rather than stall the lint. */
const MAX_STEPS = 20_000;
/** Same-file helpers followed inside one another; deeper ones are opaque. */
const MAX_HELPER_NESTING = 4;
const STRING_TAGS = new Set(['String.raw', 'dedent', 'outdent', 'stripIndent', 'stripIndents', 'oneLine', 'oneLineTrim']);
const STRING_METHODS = new Set([
  'toString',
  'trim',
  'trimStart',
  'trimEnd',
  'toLowerCase',
  'toUpperCase',
  'toLocaleLowerCase',
  'toLocaleUpperCase',
  'normalize',
  'padStart',
  'padEnd',
  'slice',
  'substring',
  'substr',
  'at',
  'charAt',
  'repeat',
]);
const NUMBER_METHODS = new Set([
  'toFixed',
  'toPrecision',
  'toISOString',
  'getTime',
  'indexOf',
  'lastIndexOf',
  'findIndex',
  'push',
  'unshift',
  'localeCompare',
  'charCodeAt',
]);
/** Untyped code: a guard named for an allowlist (`isSortColumn`, `isAllowedField`), not `isEmpty` or `isValidEmail`. */
const ALLOWLIST_GUARD_NAME =
  /^(?:is|assert)(?:(?:Allowed|Permitted|Whitelisted|Allowlisted|Sortable|Known)[A-Z]\w*|[A-Z]\w*(?:Column|Field|Direction|Order|Sort|Table|Identifier)s?)$/;
const FORMAT_GUARD_NAME =
  /^is(?:Integer|SafeInteger|Finite|Int|Float|Decimal|Numeric|UUID|Uuid|ULID|Ulid|MongoId|Alpha|Alphanumeric|Hexadecimal)$/;
const NUMBER_FUNCTIONS = new Set(['Number', 'parseInt', 'parseFloat', 'BigInt', 'Boolean', 'isNaN', 'isFinite']);
const NUMBER_NAMESPACES = new Set(['Math', 'Number', 'Date']);
/** Array methods whose callback receives `(element, index)`. */
const ELEMENT_CALLBACKS = new Set(['map', 'flatMap', 'forEach', 'filter', 'some', 'every', 'find', 'findIndex', 'findLast']);
const ORDER_PRESERVING = new Set(['filter', 'slice', 'sort', 'toSorted', 'reverse', 'toReversed', 'flat']);

class SpliceFinder {
  private readonly services;
  private readonly active = new Set<TSESLint.Scope.Variable>();
  /** Parameters of a same-file helper being followed, bound to the arguments of the call that entered it. */
  private readonly bound = new Map<TSESLint.Scope.Variable, TSESTree.Node | null>();
  private readonly entered = new Set<TSESTree.Node>();
  private depth = 0;
  private steps = 0;
  /** Answers that do not depend on helper arguments, shared by every sink of the file. */
  private readonly guardCache = new WeakMap<TSESTree.Node, boolean>();
  private readonly subjectCache = new WeakMap<TSESTree.Node, { true?: TSESTree.Node[]; false?: TSESTree.Node[] }>();
  private readonly collectionCache = new WeakMap<TSESTree.Node, Partial<Record<Part, boolean>>>();
  private readonly templateCache = new WeakMap<TSESTree.Node, Splice[]>();
  /** Type queries are the slowest step (control-flow narrowing); each node is asked once. */
  private readonly typeCache = new WeakMap<TSESTree.Node, { safe?: boolean; safeMembers?: boolean }>();

  constructor(private readonly context: Context) {
    this.services = getTypeServices(context);
  }

  find(sql: TSESTree.Expression): Splice[] {
    this.steps = 0;
    return this.piece(sql, undefined);
  }

  /** Whether a memoised answer may be reused: not while helper parameters are bound to one call's arguments. */
  private get cacheable(): boolean {
    return this.bound.size === 0;
  }

  /**
   * The values spliced by an expression whose string value becomes part of
   * the SQL text. `at` says how it is spliced; undefined for the sink argument
   * itself, which is only inspected for string building (a plain parameter
   * passed to a sink is not this rule's business).
   */
  piece(node: TSESTree.Node, at: SpliceAt | undefined): Splice[] {
    if (this.depth > MAX_DEPTH || ++this.steps > MAX_STEPS) return [];
    this.depth++;
    try {
      return this.pieceOf(node, at);
    } finally {
      this.depth--;
    }
  }

  private pieceOf(node: TSESTree.Node, at: SpliceAt | undefined): Splice[] {
    switch (node.type) {
      case AST_NODE_TYPES.Literal:
      case AST_NODE_TYPES.UnaryExpression:
      case AST_NODE_TYPES.UpdateExpression:
      case AST_NODE_TYPES.ThisExpression:
      case AST_NODE_TYPES.ObjectExpression:
      case AST_NODE_TYPES.ArrowFunctionExpression:
      case AST_NODE_TYPES.FunctionExpression:
        return [];
      case AST_NODE_TYPES.TemplateLiteral:
        return this.template(node);
      case AST_NODE_TYPES.TaggedTemplateExpression:
        // A parameterising tag (`sql\`…\``) yields a query object, an unknown tag an opaque value.
        return isStringTag(node) && !isParameterisingTag(node, this.context) ? this.template(node.quasi) : [];
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.ChainExpression:
        // `x as Column` asserts, it does not check: judge the value underneath.
        return this.piece(node.expression, at);
      case AST_NODE_TYPES.AwaitExpression:
        return this.hasSafeType(node) ? [] : this.piece(node.argument, at);
      case AST_NODE_TYPES.NewExpression:
        return this.hasSafeType(node) ? [] : this.value(node, at);
      case AST_NODE_TYPES.ConditionalExpression:
        return this.hasSafeType(node) ? [] : [...this.piece(node.consequent, at), ...this.piece(node.alternate, at)];
      case AST_NODE_TYPES.LogicalExpression:
        return this.hasSafeType(node) ? [] : [...this.piece(node.left, at), ...this.piece(node.right, at)];
      case AST_NODE_TYPES.SequenceExpression:
        return this.piece(node.expressions.at(-1)!, at);
      case AST_NODE_TYPES.AssignmentExpression:
        return this.piece(node.right, at);
      case AST_NODE_TYPES.BinaryExpression:
        // Only `+` can build a string; `-`, `*`, comparisons, `in` yield numbers and booleans.
        return node.operator === '+' && !this.hasSafeType(node) ? this.concatenation(node) : [];
      case AST_NODE_TYPES.ArrayExpression:
        return this.elements(node, at);
      case AST_NODE_TYPES.Identifier:
        return this.identifier(node, at);
      case AST_NODE_TYPES.MemberExpression:
        return this.member(node, at);
      case AST_NODE_TYPES.CallExpression:
        return this.call(node, at);
      default:
        return this.value(node, at);
    }
  }

  /** A value reaches the text, unless it is checked against an allowlist where it is used. */
  private value(node: TSESTree.Node, at: SpliceAt | undefined): Splice[] {
    if (!at || this.isGuarded(node)) return [];
    return [{ kind: at.kind, value: at.evidence, site: at.site }];
  }

  private template(node: TSESTree.TemplateLiteral): Splice[] {
    const cached = this.templateCache.get(node);
    if (cached) return cached;
    const splices = node.expressions.flatMap((expression, index) => {
      const before = node.quasis[index]?.value.cooked ?? '';
      if (before.endsWith('$') && this.isPlaceholderNumber(expression)) return [];
      return this.piece(expression, { kind: 'interpolated', site: node, evidence: expression });
    });
    if (this.cacheable && this.steps <= MAX_STEPS) this.templateCache.set(node, splices);
    return splices;
  }

  private concatenation(node: TSESTree.BinaryExpression): Splice[] {
    const operands: TSESTree.Node[] = [];
    const flatten = (part: TSESTree.Node) => {
      if (part.type === AST_NODE_TYPES.BinaryExpression && part.operator === '+') {
        flatten(part.left);
        flatten(part.right);
      } else {
        operands.push(part);
      }
    };
    flatten(node);
    return operands.flatMap((operand, index) => {
      const previous = operands[index - 1];
      if (previous && endsWithDollar(previous) && this.isPlaceholderNumber(operand)) return [];
      return this.piece(operand, { kind: 'concatenated', site: node, evidence: operand });
    });
  }

  // -------------------------------------------------------------------------
  // Names

  private identifier(node: TSESTree.Identifier, at: SpliceAt | undefined): Splice[] {
    if (['undefined', 'NaN', 'Infinity'].includes(node.name)) return [];
    const variable = this.variableOf(node);
    const definition = variable?.defs[0];
    if (!variable || !definition) return this.value(node, at);
    if (this.isGuarded(node)) return [];
    switch (definition.type) {
      case 'ImportBinding':
      case 'TSEnumName':
      case 'ClassName':
      case 'FunctionName':
      case 'TSModuleName':
        return [];
      case 'Parameter':
        if (this.bound.has(variable)) {
          const argument = this.bound.get(variable);
          return argument ? this.piece(argument, at) : [];
        }
        return this.hasSafeType(node) || this.hasSafeAnnotation(definition.name) ? [] : this.parameter(node, definition.node, at);
      case 'Variable':
        return this.hasSafeAnnotation(definition.name) ? [] : this.variable(node, variable, definition.node, at);
      default:
        return this.value(node, at);
    }
  }

  /** An element or index parameter of `COLUMNS.map((c, i) => …)` is constant when the collection is. */
  private parameter(node: TSESTree.Identifier, fn: TSESTree.Node, at: SpliceAt | undefined): Splice[] {
    const collection = callbackCollection(fn);
    const name = this.variableOf(node)?.identifiers[0];
    if (collection && name && 'params' in fn) {
      const index = fn.params.findIndex((param) => contains(param, name));
      if (index === 1 && collection.method !== 'reduce') return [];
      const param = fn.params[index];
      if (index === 0 && param && this.elementsAreConstant(collection.receiver, partOf(param, name))) return [];
    }
    return this.value(node, at);
  }

  private variable(
    node: TSESTree.Identifier,
    variable: TSESLint.Scope.Variable,
    declarator: TSESTree.VariableDeclarator,
    at: SpliceAt | undefined,
  ): Splice[] {
    const loop = declarator.parent.parent;
    if ((loop.type === AST_NODE_TYPES.ForOfStatement || loop.type === AST_NODE_TYPES.ForInStatement) && loop.left === declarator.parent) {
      if (this.hasSafeType(node)) return [];
      const constant =
        loop.type === AST_NODE_TYPES.ForOfStatement
          ? this.elementsAreConstant(loop.right, partOf(declarator.id, variable.identifiers[0] ?? node))
          : this.keysAreConstant(loop.right);
      return constant ? [] : this.value(node, at);
    }
    if (declarator.id.type !== AST_NODE_TYPES.Identifier) {
      if (this.hasSafeType(node) || this.isStartupBinding(variable)) return [];
      const init = declarator.init;
      const call = init && unwrapAwait(init);
      if (call?.type === AST_NODE_TYPES.CallExpression && declarator.id.type === AST_NODE_TYPES.ObjectPattern) {
        return this.destructuredFromCall(node, declarator.id, call, at);
      }
      const constant =
        init !== null &&
        (declarator.id.type === AST_NODE_TYPES.ArrayPattern ? this.elementsAreConstant(init, 'whole') : this.valuesAreConstant(init));
      return constant ? [] : this.value(node, at);
    }
    if (!isUncheckedCast(declarator.init) && this.hasSafeType(node)) return [];
    if (this.isStartupBinding(variable)) return [];
    return this.followWrites(variable, (write, assignment) => {
      if (assignment?.operator === '+=') return this.piece(write, { kind: 'concatenated', site: assignment, evidence: write });
      // `-=`, `*=`, …: arithmetic.
      if (assignment && assignment.operator !== '=' && !['||=', '&&=', '??='].includes(assignment.operator)) return [];
      return this.piece(write, at);
    });
  }

  /** Every value written to a variable (initialiser and assignments), each judged by `judge`. */
  private followWrites(
    variable: TSESLint.Scope.Variable,
    judge: (write: TSESTree.Node, assignment: TSESTree.AssignmentExpression | undefined) => Splice[],
  ): Splice[] {
    if (this.active.has(variable)) return [];
    this.active.add(variable);
    try {
      return variable.references.flatMap((reference) => {
        if (!reference.isWrite() || !reference.writeExpr) return [];
        const parent = reference.identifier.parent;
        const assignment = parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.left === reference.identifier ? parent : undefined;
        return judge(reference.writeExpr, assignment);
      });
    } finally {
      this.active.delete(variable);
    }
  }

  private member(node: TSESTree.MemberExpression, at: SpliceAt | undefined): Splice[] {
    const property = memberName(node);
    if (!node.computed && (property === 'length' || property === 'size')) return [];
    if (this.hasSafeType(node) || this.isGuarded(node) || this.isCodeConstant(node)) return [];
    return this.value(node, at);
  }

  /**
   * Configuration written in code rather than data from a request: a lookup
   * in an import or module-level table (`SORT_COLUMNS[sort]`, `config.schema`,
   * `Status.Active`), a local constant table, `process.env.X`, `this.table`.
   */
  private isCodeConstant(node: TSESTree.MemberExpression): boolean {
    let root: TSESTree.Node = node;
    while (root.type === AST_NODE_TYPES.MemberExpression || root.type === AST_NODE_TYPES.TSNonNullExpression) {
      root = root.type === AST_NODE_TYPES.MemberExpression ? root.object : root.expression;
    }
    if (root.type === AST_NODE_TYPES.ThisExpression) return true;
    if (root.type !== AST_NODE_TYPES.Identifier) return false;
    if (root.name === 'process' && !this.variableOf(root)) {
      return node.object.type === AST_NODE_TYPES.MemberExpression && memberName(node.object) === 'env';
    }
    return this.isConstantBinding(root, (init) => this.valuesAreConstant(init) || this.elementsAreConstant(init, 'whole'));
  }

  // -------------------------------------------------------------------------
  // Calls

  private call(node: TSESTree.CallExpression, at: SpliceAt | undefined): Splice[] {
    const escaper = sqlEscaperOf(node, this.context);
    if (escaper) {
      return escaper.unescapedArguments.flatMap((argument) => this.piece(argument, { kind: 'formatted', site: node, evidence: argument }));
    }
    if (this.hasSafeType(node)) return [];
    const callee = unwrapExpression(node.callee);
    if (callee.type === AST_NODE_TYPES.Identifier) {
      if (NUMBER_FUNCTIONS.has(callee.name)) return [];
      if (callee.name === 'String') return node.arguments[0] ? this.piece(node.arguments[0], at) : [];
      return this.helperCall(node, at);
    }
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return this.helperCall(node, at);
    const method = memberName(callee);
    const receiver = callee.object;
    if (receiver.type === AST_NODE_TYPES.Identifier && NUMBER_NAMESPACES.has(receiver.name) && !this.variableOf(receiver)) return [];
    if (!method) return this.value(node, at);
    if (method === 'join') return this.elements(receiver, { kind: 'joined', site: node, evidence: receiver });
    if (method === 'concat') {
      const parts = node.arguments.flatMap((argument) =>
        this.piece(argument.type === AST_NODE_TYPES.SpreadElement ? argument.argument : argument, {
          kind: 'concatenated',
          site: node,
          evidence: argument,
        }),
      );
      return [...this.piece(receiver, at), ...parts];
    }
    if ((method === 'replace' || method === 'replaceAll') && isIdentifierSanitiser(node)) return [];
    if (method === 'replace' || method === 'replaceAll') {
      const replacement = node.arguments[1];
      const replaced =
        replacement && replacement.type !== AST_NODE_TYPES.SpreadElement
          ? this.piece(replacement, { kind: 'concatenated', site: node, evidence: replacement })
          : [];
      return [...this.piece(receiver, at), ...replaced];
    }
    if (STRING_METHODS.has(method)) return this.piece(receiver, at);
    if (NUMBER_METHODS.has(method)) return [];
    // `${cols.map(…)}` joins with commas.
    if (method === 'map' || method === 'flatMap' || ORDER_PRESERVING.has(method)) {
      return this.elements(node, at && { kind: 'joined', site: node, evidence: node });
    }
    return this.helperCall(node, at);
  }

  /**
   * A call whose result is spliced. A helper declared in this file (a
   * function, a `const` arrow, a method of this class) is followed: what it
   * returns is judged with its parameters bound to this call's arguments, so
   * `${orderBy('name')}` is constant and `${quote(req.query.q)}` is not. A
   * helper declared in another project file is opaque (its body is not
   * visible here). Any other call (a library, `req.get()`, `c.req.param()`)
   * yields a value.
   */
  private helperCall(node: TSESTree.CallExpression, at: SpliceAt | undefined): Splice[] {
    const helper = this.localFunctionOf(node);
    if (helper) return this.helperReturns(helper, node, (returned) => this.piece(returned, at));
    return this.isProjectHelper(node) ? [] : this.value(node, at);
  }

  /** `const { clause, values } = buildWhere(filters)`: the `clause` property of what the helper returns. */
  private destructuredFromCall(
    node: TSESTree.Identifier,
    pattern: TSESTree.ObjectPattern,
    call: TSESTree.CallExpression,
    at: SpliceAt | undefined,
  ): Splice[] {
    const helper = this.localFunctionOf(call);
    if (!helper) return this.isProjectHelper(call) ? [] : this.value(node, at);
    const declared = this.variableOf(node)?.identifiers[0];
    const property = pattern.properties.find(
      (candidate): candidate is TSESTree.Property => candidate.type === AST_NODE_TYPES.Property && declared !== undefined && contains(candidate.value, declared),
    );
    const key = property && propertyKey(property);
    if (key === undefined) return this.value(node, at);
    return this.helperReturns(helper, call, (returned) => {
      const object = unwrapExpression(returned as TSESTree.Expression);
      if (object.type !== AST_NODE_TYPES.ObjectExpression) return this.value(node, at);
      const match = object.properties.find((candidate): candidate is TSESTree.Property => candidate.type === AST_NODE_TYPES.Property && propertyKey(candidate) === key);
      return match ? this.piece(match.value, at) : [];
    });
  }

  private helperReturns(
    helper: FunctionNode,
    call: TSESTree.CallExpression,
    judge: (returned: TSESTree.Node) => Splice[],
  ): Splice[] {
    if (this.entered.has(helper) || this.entered.size >= MAX_HELPER_NESTING) return [];
    this.entered.add(helper);
    const parameters = (this.context.sourceCode.scopeManager?.getDeclaredVariables(helper) ?? []).filter(
      (variable) => variable.defs[0]?.type === 'Parameter' && !this.bound.has(variable),
    );
    for (const variable of parameters) {
      const declared = variable.identifiers[0];
      const index = helper.params.findIndex((param) => declared !== undefined && contains(param, declared));
      const param = helper.params[index];
      const simple = param?.type === AST_NODE_TYPES.Identifier || (param?.type === AST_NODE_TYPES.AssignmentPattern && param.left === declared);
      if (!simple) continue;
      const argument = call.arguments[index];
      const fallback = param.type === AST_NODE_TYPES.AssignmentPattern ? param.right : null;
      this.bound.set(variable, argument && argument.type !== AST_NODE_TYPES.SpreadElement ? argument : fallback);
    }
    try {
      return returnedExpressions(helper).flatMap(judge);
    } finally {
      for (const variable of parameters) this.bound.delete(variable);
      this.entered.delete(helper);
    }
  }

  /** The function a call runs when it is declared in this file: `buildWhere()`, `const orderBy = () => …`, `this.buildWhere()`, an IIFE. */
  private localFunctionOf(call: TSESTree.CallExpression): FunctionNode | undefined {
    const callee = unwrapExpression(call.callee);
    if (isFunction(callee)) return callee;
    if (callee.type === AST_NODE_TYPES.Identifier) {
      const definition = this.variableOf(callee)?.defs[0];
      if (definition?.type === 'FunctionName' && definition.node.type === AST_NODE_TYPES.FunctionDeclaration) return definition.node;
      if (definition?.type === 'Variable' && definition.parent.kind === 'const' && definition.node.init && isFunction(definition.node.init)) {
        return definition.node.init;
      }
      return undefined;
    }
    if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.object.type !== AST_NODE_TYPES.ThisExpression) return undefined;
    const name = memberName(callee);
    let classBody: TSESTree.Node | undefined = call.parent;
    while (classBody && classBody.type !== AST_NODE_TYPES.ClassBody) classBody = classBody.parent;
    if (!name || !classBody) return undefined;
    for (const element of classBody.body) {
      if ((element.type !== AST_NODE_TYPES.MethodDefinition && element.type !== AST_NODE_TYPES.PropertyDefinition) || element.computed) continue;
      if (element.key.type !== AST_NODE_TYPES.Identifier || element.key.name !== name) continue;
      if (element.value && isFunction(element.value) && element.value.body) return element.value;
    }
    return undefined;
  }

  /** A helper of this project declared in another file (or, without types, a method of an injected `this.…` service). */
  private isProjectHelper(call: TSESTree.CallExpression): boolean {
    const callee = unwrapExpression(call.callee);
    if (!this.services && callee.type === AST_NODE_TYPES.MemberExpression) {
      let root: TSESTree.Node = callee;
      while (root.type === AST_NODE_TYPES.MemberExpression) root = root.object;
      if (root.type === AST_NODE_TYPES.ThisExpression) return true;
    }
    const origin = resolveCallTarget(call, this.context)?.origin;
    return origin !== undefined && 'modulePath' in origin;
  }

  // -------------------------------------------------------------------------
  // Arrays joined into the text

  /** The values among the elements of an array whose elements are concatenated into the text. */
  private elements(node: TSESTree.Node, at: SpliceAt | undefined): Splice[] {
    if (this.depth > MAX_DEPTH) return [];
    this.depth++;
    try {
      return this.elementsOf(node, at);
    } finally {
      this.depth--;
    }
  }

  private elementsOf(node: TSESTree.Node, at: SpliceAt | undefined): Splice[] {
    if (this.hasSafeMembersType(node)) return [];
    const site = at?.site ?? node;
    switch (node.type) {
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.ChainExpression:
        return this.elements(node.expression, at);
      case AST_NODE_TYPES.ArrayExpression:
        return node.elements.flatMap((element) => {
          if (!element) return [];
          if (element.type === AST_NODE_TYPES.SpreadElement) return this.elements(element.argument, at);
          return this.piece(element, at && { kind: 'joined', site, evidence: element });
        });
      case AST_NODE_TYPES.ConditionalExpression:
        return [...this.elements(node.consequent, at), ...this.elements(node.alternate, at)];
      case AST_NODE_TYPES.LogicalExpression:
        return [...this.elements(node.left, at), ...this.elements(node.right, at)];
      case AST_NODE_TYPES.Identifier:
        return this.arrayVariable(node, at);
      case AST_NODE_TYPES.CallExpression:
        return this.arrayCall(node, at);
      default:
        return this.elementsAreConstant(node, 'whole') ? [] : this.value(node, at);
    }
  }

  private arrayCall(node: TSESTree.CallExpression, at: SpliceAt | undefined): Splice[] {
    const callee = unwrapExpression(node.callee);
    const method = callee.type === AST_NODE_TYPES.MemberExpression ? memberName(callee) : undefined;
    if (callee.type !== AST_NODE_TYPES.MemberExpression || !method) return this.value(node, at);
    const receiver = callee.object;
    const callback = node.arguments[0];
    if (method === 'map' || method === 'flatMap') {
      if (callback && isFunction(callback)) {
        return returnedExpressions(callback).flatMap((returned) => this.piece(returned, at && { kind: 'joined', site: at.site, evidence: returned }));
      }
      // `.map(Number)` makes numbers; `.map(String)` and friends keep the elements.
      if (callback?.type === AST_NODE_TYPES.Identifier && NUMBER_FUNCTIONS.has(callback.name)) return [];
      return this.elements(receiver, at);
    }
    if (method === 'filter' && callback && this.isAllowlistFilter(callback, 'whole')) return [];
    if (ORDER_PRESERVING.has(method)) return this.elements(receiver, at);
    if (method === 'concat') {
      return [
        ...this.elements(receiver, at),
        ...node.arguments.flatMap((argument) =>
          argument.type === AST_NODE_TYPES.SpreadElement ? this.elements(argument.argument, at) : this.elements(argument, at),
        ),
      ];
    }
    if (receiver.type === AST_NODE_TYPES.Identifier && receiver.name === 'Array' && method === 'from' && node.arguments[0]) {
      return this.elements(node.arguments[0], at);
    }
    return this.elementsAreConstant(node, 'whole') ? [] : this.value(node, at);
  }

  /** A local array: its initialiser, reassignments, and everything pushed into it. */
  private arrayVariable(node: TSESTree.Identifier, at: SpliceAt | undefined): Splice[] {
    const variable = this.variableOf(node);
    const definition = variable?.defs[0];
    if (!variable || !definition) return this.value(node, at);
    if (definition.type === 'ImportBinding' || this.isStartupBinding(variable)) return [];
    if (definition.type !== 'Variable' || definition.node.id.type !== AST_NODE_TYPES.Identifier) {
      return this.elementsAreConstant(node, 'whole') ? [] : this.value(node, at);
    }
    const written = this.followWrites(variable, (write) => this.elements(write, at));
    const pushed = variable.references.flatMap((reference) => this.mutations(reference.identifier as TSESTree.Identifier).flatMap(({ item, call }) =>
      item.type === AST_NODE_TYPES.SpreadElement
        ? this.elements(item.argument, at)
        : this.piece(item, at && { kind: 'joined', site: call, evidence: item }),
    ));
    return [...written, ...pushed];
  }

  // -------------------------------------------------------------------------
  // Constant collections (allowlists)

  /** Whether every element of a collection (or the key/value part of each entry) is a constant written in code. */
  private elementsAreConstant(node: TSESTree.Node, part: Part): boolean {
    if (this.depth > MAX_DEPTH || ++this.steps > MAX_STEPS) return false;
    const cached = this.collectionCache.get(node)?.[part];
    if (cached !== undefined) return cached;
    this.depth++;
    try {
      const answer = this.elementsAreConstantNow(node, part);
      if (this.cacheable) this.collectionCache.set(node, { ...this.collectionCache.get(node), [part]: answer });
      return answer;
    } finally {
      this.depth--;
    }
  }

  private elementsAreConstantNow(node: TSESTree.Node, part: Part): boolean {
    if (part === 'whole' && this.hasSafeMembersType(node)) return true;
    switch (node.type) {
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.ChainExpression:
        // `as const` is fine, and `[...] as Column[]` still lists its literals.
        return this.elementsAreConstant(node.expression, part);
      case AST_NODE_TYPES.ArrayExpression:
        return node.elements.every((element) => {
          if (!element) return true;
          if (element.type === AST_NODE_TYPES.SpreadElement) return this.elementsAreConstant(element.argument, part);
          if (part === 'whole') return this.isConstant(element);
          const entry = unwrapExpression(element);
          const half = entry.type === AST_NODE_TYPES.ArrayExpression ? entry.elements[part === 'key' ? 0 : 1] : undefined;
          return half !== undefined && half !== null && half.type !== AST_NODE_TYPES.SpreadElement && this.isConstant(half);
        });
      case AST_NODE_TYPES.NewExpression: {
        const kind = node.callee.type === AST_NODE_TYPES.Identifier ? node.callee.name : undefined;
        if (kind !== 'Set' && kind !== 'Map') return false;
        const [source] = node.arguments;
        return !source || (source.type !== AST_NODE_TYPES.SpreadElement && this.elementsAreConstant(source, part));
      }
      case AST_NODE_TYPES.Identifier:
        return this.isConstantBinding(node, (init) => this.elementsAreConstant(init, part));
      case AST_NODE_TYPES.MemberExpression:
        return this.isCodeConstant(node);
      case AST_NODE_TYPES.CallExpression:
        return this.callElementsAreConstant(node, part);
      default:
        return false;
    }
  }

  private callElementsAreConstant(node: TSESTree.CallExpression, part: Part): boolean {
    const callee = unwrapExpression(node.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
    const method = memberName(callee);
    const receiver = callee.object;
    const [first] = node.arguments;
    if (receiver.type === AST_NODE_TYPES.Identifier && receiver.name === 'Object' && first && first.type !== AST_NODE_TYPES.SpreadElement) {
      if (method === 'keys') return this.keysAreConstant(first);
      if (method === 'values') return this.valuesAreConstant(first);
      if (method === 'entries') {
        const keys = part === 'value' || this.keysAreConstant(first);
        const values = part === 'key' || this.valuesAreConstant(first);
        return keys && values;
      }
      return false;
    }
    if (receiver.type === AST_NODE_TYPES.Identifier && receiver.name === 'Array' && method === 'from' && first) {
      return first.type !== AST_NODE_TYPES.SpreadElement && this.elementsAreConstant(first, part);
    }
    if (!method) return false;
    if (method === 'filter' && first && this.isAllowlistFilter(first, part)) return true;
    if (ORDER_PRESERVING.has(method)) return this.elementsAreConstant(receiver, part);
    if (method === 'concat') {
      return (
        this.elementsAreConstant(receiver, part) &&
        node.arguments.every((argument) =>
          argument.type === AST_NODE_TYPES.SpreadElement ? this.elementsAreConstant(argument.argument, part) : this.elementsAreConstant(argument, part) || this.isConstant(argument),
        )
      );
    }
    if ((method === 'map' || method === 'flatMap') && part === 'whole' && first && isFunction(first)) {
      return returnedExpressions(first).every((returned) => this.isConstant(returned));
    }
    return false;
  }

  /** `(col) => ALLOWED.has(col)` or `([key]) => key in COLUMNS` as a `.filter` callback. */
  private isAllowlistFilter(callback: TSESTree.Node, part: Part): boolean {
    if (!isFunction(callback)) return false;
    const param = callback.params[0];
    if (!param) return false;
    const subject =
      param.type === AST_NODE_TYPES.Identifier
        ? param
        : param.type === AST_NODE_TYPES.ArrayPattern && part === 'key'
          ? param.elements[0]
          : undefined;
    if (subject?.type !== AST_NODE_TYPES.Identifier) return false;
    return returnedExpressions(callback).every((returned) =>
      this.checkedSubjects(returned, true).some((checked) => checked.type === AST_NODE_TYPES.Identifier && checked.name === subject.name),
    );
  }

  /** Keys of an object written in code (`col in COLUMNS`, `Object.keys(COLUMNS)`). */
  private keysAreConstant(node: TSESTree.Node): boolean {
    const inner = unwrapExpression(node as TSESTree.Expression);
    if (inner.type === AST_NODE_TYPES.ObjectExpression) {
      return inner.properties.every((property) =>
        property.type === AST_NODE_TYPES.SpreadElement
          ? this.keysAreConstant(property.argument)
          : !property.computed || this.isConstant(property.key),
      );
    }
    if (inner.type === AST_NODE_TYPES.Identifier) return this.isConstantBinding(inner, (init) => this.keysAreConstant(init));
    if (inner.type === AST_NODE_TYPES.MemberExpression) return this.isCodeConstant(inner);
    return false;
  }

  /** Values of an object written in code (`Object.values(COLUMNS)`, a local lookup table). */
  private valuesAreConstant(node: TSESTree.Node): boolean {
    const inner = unwrapExpression(node as TSESTree.Expression);
    if (inner.type === AST_NODE_TYPES.ObjectExpression) {
      return inner.properties.every((property) =>
        property.type === AST_NODE_TYPES.SpreadElement
          ? this.valuesAreConstant(property.argument)
          : property.value.type !== AST_NODE_TYPES.AssignmentPattern && this.isConstant(property.value),
      );
    }
    if (inner.type === AST_NODE_TYPES.Identifier) return this.isConstantBinding(inner, (init) => this.valuesAreConstant(init));
    if (inner.type === AST_NODE_TYPES.MemberExpression) return this.isCodeConstant(inner);
    return false;
  }

  /**
   * Whether a name holds a collection written in code: an import, an enum, a
   * module-level binding written only at startup, or a local binding whose
   * every write passes `check` and that nothing adds to (`.push`, `.add`, `.set`).
   */
  private isConstantBinding(node: TSESTree.Identifier, check: (init: TSESTree.Node) => boolean): boolean {
    const variable = this.variableOf(node);
    const definition = variable?.defs[0];
    if (!variable || !definition) return false;
    if (definition.type === 'ImportBinding' || definition.type === 'TSEnumName' || definition.type === 'ClassName') return true;
    if (definition.type !== 'Variable' || definition.node.id.type !== AST_NODE_TYPES.Identifier) return false;
    if (this.isStartupBinding(variable)) return true;
    if (this.active.has(variable)) return true;
    this.active.add(variable);
    try {
      const writes = variable.references.filter((reference) => reference.isWrite() && reference.writeExpr);
      return (
        writes.length > 0 &&
        writes.every((reference) => check(reference.writeExpr!)) &&
        variable.references.every((reference) => this.mutations(reference.identifier as TSESTree.Identifier).every(({ item }) => item.type !== AST_NODE_TYPES.SpreadElement && this.isConstant(item)))
      );
    } finally {
      this.active.delete(variable);
    }
  }

  /** Items added to a collection through a reference: `xs.push(a, b)`, `xs.unshift(a)`, `xs.splice(i, n, a)`, `set.add(a)`, `xs[i] = a`. */
  private mutations(reference: TSESTree.Identifier): { item: TSESTree.CallExpressionArgument; call: TSESTree.Node }[] {
    const parent = reference.parent;
    if (parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== reference) return [];
    const grandparent = parent.parent;
    if (grandparent?.type === AST_NODE_TYPES.AssignmentExpression && grandparent.left === parent && parent.computed) {
      return [{ item: grandparent.right, call: grandparent }];
    }
    if (grandparent?.type !== AST_NODE_TYPES.CallExpression || grandparent.callee !== parent) return [];
    const method = memberName(parent);
    const items =
      method === 'push' || method === 'unshift' || method === 'add'
        ? grandparent.arguments
        : method === 'splice'
          ? grandparent.arguments.slice(2)
          : method === 'set'
            ? grandparent.arguments.slice(0, 1)
            : [];
    return items.map((item) => ({ item, call: grandparent }));
  }

  private isConstant(node: TSESTree.Node): boolean {
    return this.piece(node, { kind: 'interpolated', site: node, evidence: node }).length === 0;
  }

  // -------------------------------------------------------------------------
  // Allowlist checks where a value is used

  /**
   * Whether a value is checked against constants where it is used: inside
   * `if (ALLOWED.has(x)) …`, `check ? x : …`, `check && x`, or after an early
   * `if (!check) throw/return/continue` (or `x = 'default'`) in an enclosing block.
   */
  private isGuarded(node: TSESTree.Node): boolean {
    if (node.type !== AST_NODE_TYPES.Identifier && node.type !== AST_NODE_TYPES.MemberExpression) return false;
    const cached = this.guardCache.get(node);
    if (cached !== undefined) return cached;
    const answer = this.isGuardedNow(node);
    if (this.cacheable) this.guardCache.set(node, answer);
    return answer;
  }

  private isGuardedNow(node: TSESTree.Identifier | TSESTree.MemberExpression): boolean {
    const same = (subject: TSESTree.Node) => this.isSameSubject(subject, node);
    let child: TSESTree.Node = node;
    for (let parent: TSESTree.Node | undefined = node.parent; parent; child = parent, parent = parent.parent) {
      switch (parent.type) {
        case AST_NODE_TYPES.IfStatement:
        case AST_NODE_TYPES.ConditionalExpression:
          if (child === parent.consequent && this.checkedSubjects(parent.test, true).some(same)) return true;
          if (child === parent.alternate && this.checkedSubjects(parent.test, false).some(same)) return true;
          break;
        case AST_NODE_TYPES.LogicalExpression:
          if (child === parent.right && parent.operator === '&&' && this.checkedSubjects(parent.left, true).some(same)) return true;
          if (child === parent.right && parent.operator === '||' && this.checkedSubjects(parent.left, false).some(same)) return true;
          break;
        case AST_NODE_TYPES.BlockStatement:
        case AST_NODE_TYPES.Program:
        case AST_NODE_TYPES.StaticBlock:
        case AST_NODE_TYPES.SwitchCase: {
          const statements: readonly TSESTree.Node[] = parent.type === AST_NODE_TYPES.SwitchCase ? parent.consequent : parent.body;
          const index = statements.indexOf(child);
          if (statements.slice(0, Math.max(index, 0)).some((statement) => this.isEarlyExitGuard(statement, node))) return true;
          break;
        }
        default:
          break;
      }
    }
    return false;
  }

  private isEarlyExitGuard(statement: TSESTree.Node, node: TSESTree.Node): boolean {
    const same = (subject: TSESTree.Node) => this.isSameSubject(subject, node);
    if (statement.type === AST_NODE_TYPES.IfStatement && !statement.alternate) {
      return (
        this.checkedSubjects(statement.test, false).some(same) &&
        (exits(statement.consequent) || this.assignsConstant(statement.consequent, node))
      );
    }
    if (statement.type === AST_NODE_TYPES.ExpressionStatement && statement.expression.type === AST_NODE_TYPES.CallExpression) {
      const call = statement.expression;
      const name = call.callee.type === AST_NODE_TYPES.Identifier ? call.callee.name : call.callee.type === AST_NODE_TYPES.MemberExpression ? memberName(call.callee) : undefined;
      const [first] = call.arguments;
      return (name === 'assert' || name === 'ok' || name === 'invariant') && first !== undefined && this.checkedSubjects(first, true).some(same);
    }
    return false;
  }

  /** `if (!ALLOWED.includes(sort)) sort = 'created_at';` */
  private assignsConstant(statement: TSESTree.Node, node: TSESTree.Node): boolean {
    const statements = statement.type === AST_NODE_TYPES.BlockStatement ? statement.body : [statement];
    return statements.some(
      (candidate) =>
        candidate.type === AST_NODE_TYPES.ExpressionStatement &&
        candidate.expression.type === AST_NODE_TYPES.AssignmentExpression &&
        candidate.expression.operator === '=' &&
        this.isSameSubject(candidate.expression.left, node) &&
        this.isConstant(candidate.expression.right),
    );
  }

  /**
   * The expressions a condition confines to constants when it evaluates to
   * `outcome`: `ALLOWED.has(x)`, `ALLOWED.includes(x)`, `ALLOWED.indexOf(x) !== -1`,
   * `x in COLUMNS`, `Object.hasOwn(COLUMNS, x)`, `x === 'asc'`, combined with `!`, `&&`, `||`.
   */
  private checkedSubjects(test: TSESTree.Node, outcome: boolean): TSESTree.Node[] {
    const key = outcome ? 'true' : 'false';
    const cached = this.subjectCache.get(test)?.[key];
    if (cached) return cached;
    const answer = this.checkedSubjectsNow(test, outcome);
    if (this.cacheable) this.subjectCache.set(test, { ...this.subjectCache.get(test), [key]: answer });
    return answer;
  }

  private checkedSubjectsNow(test: TSESTree.Node, outcome: boolean): TSESTree.Node[] {
    const inner = unwrapExpression(test as TSESTree.Expression);
    switch (inner.type) {
      case AST_NODE_TYPES.UnaryExpression:
        return inner.operator === '!' ? this.checkedSubjects(inner.argument, !outcome) : [];
      case AST_NODE_TYPES.LogicalExpression: {
        const left = this.checkedSubjects(inner.left, outcome);
        const right = this.checkedSubjects(inner.right, outcome);
        // `a && b` true: both hold; `a || b` false: both failed. Otherwise only what both sides confine.
        if ((inner.operator === '&&') === outcome && inner.operator !== '??') return [...left, ...right];
        return left.filter((subject) => right.some((other) => this.isSameSubject(subject, other)));
      }
      case AST_NODE_TYPES.BinaryExpression:
        return this.comparedSubjects(inner, outcome);
      case AST_NODE_TYPES.CallExpression:
        return outcome ? this.membershipSubjects(inner) : [];
      case AST_NODE_TYPES.ChainExpression:
        return this.checkedSubjects(inner.expression, outcome);
      default:
        return [];
    }
  }

  private comparedSubjects(node: TSESTree.BinaryExpression, outcome: boolean): TSESTree.Node[] {
    const { operator, left, right } = node;
    if (left.type === AST_NODE_TYPES.PrivateIdentifier) return [];
    if (operator === 'in') return outcome && this.keysAreConstant(right) ? [left] : [];
    const equality = operator === '===' || operator === '==';
    const inequality = operator === '!==' || operator === '!=';
    if (!equality && !inequality && !['>', '>=', '<'].includes(operator)) return [];
    // `ALLOWED.indexOf(x) !== -1`, `>= 0`, `> -1` hold when found; `=== -1`, `< 0` when not.
    const indexOf = [left, right].find(isIndexOfCall);
    if (indexOf) {
      const other = indexOf === left ? right : left;
      const bound = other.type === AST_NODE_TYPES.UnaryExpression && other.operator === '-' ? -1 : other.type === AST_NODE_TYPES.Literal ? Number(other.value) : undefined;
      const found =
        (inequality && bound === -1) || (operator === '>=' && bound === 0) || (operator === '>' && bound === -1)
          ? true
          : (equality && bound === -1) || (operator === '<' && bound === 0)
            ? false
            : undefined;
      return found === outcome ? this.membershipSubjects(indexOf) : [];
    }
    if ((equality && outcome) || (inequality && !outcome)) {
      // `check === true` / `check === false`
      if (right.type === AST_NODE_TYPES.Literal && typeof right.value === 'boolean') return this.checkedSubjects(left, right.value === outcome === equality);
      if (isConstantLiteral(right) || (right.type === AST_NODE_TYPES.MemberExpression && this.isCodeConstant(right))) return [left];
      if (isConstantLiteral(left)) return [right];
    }
    return [];
  }

  private membershipSubjects(call: TSESTree.CallExpression): TSESTree.Node[] {
    const callee = unwrapExpression(call.callee);
    const [first, second] = call.arguments;
    if (!first || first.type === AST_NODE_TYPES.SpreadElement) return [];
    if (callee.type === AST_NODE_TYPES.MemberExpression) {
      const method = memberName(callee);
      const receiver = callee.object;
      if (method === 'has') return this.elementsAreConstant(receiver, 'whole') || this.mapKeysAreConstant(receiver) ? [first] : [];
      if (method === 'includes' || method === 'indexOf') return this.elementsAreConstant(receiver, 'whole') ? [first] : [];
      if (method === 'hasOwnProperty') return this.keysAreConstant(receiver) ? [first] : [];
      const objectHasOwn = receiver.type === AST_NODE_TYPES.Identifier && receiver.name === 'Object' && method === 'hasOwn';
      const prototypeCall = method === 'call' && receiver.type === AST_NODE_TYPES.MemberExpression && memberName(receiver) === 'hasOwnProperty';
      if ((objectHasOwn || prototypeCall) && second && second.type !== AST_NODE_TYPES.SpreadElement) {
        return this.keysAreConstant(first) ? [second] : [];
      }
    }
    const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? memberName(callee) : undefined;
    // `Number.isInteger(x)`, validator's `isUUID(x)`: whatever passes cannot carry SQL syntax.
    if (name && FORMAT_GUARD_NAME.test(name)) return [first];
    // Without types a type guard such as `isSortColumn(x)` cannot narrow; trust its name. With types, narrowing speaks.
    if (!this.services && name && ALLOWLIST_GUARD_NAME.test(name)) return [first];
    return [];
  }

  private mapKeysAreConstant(node: TSESTree.Node): boolean {
    const inner = unwrapExpression(node as TSESTree.Expression);
    if (inner.type === AST_NODE_TYPES.NewExpression) {
      const [source] = inner.arguments;
      return inner.callee.type === AST_NODE_TYPES.Identifier && inner.callee.name === 'Map' && source !== undefined && source.type !== AST_NODE_TYPES.SpreadElement && this.elementsAreConstant(source, 'key');
    }
    return inner.type === AST_NODE_TYPES.Identifier && this.isConstantBinding(inner, (init) => this.mapKeysAreConstant(init));
  }

  private isSameSubject(subject: TSESTree.Node, node: TSESTree.Node): boolean {
    const code = this.context.sourceCode;
    return code.getText(unwrapExpression(subject as TSESTree.Expression)) === code.getText(unwrapExpression(node as TSESTree.Expression));
  }

  // -------------------------------------------------------------------------
  // Helpers

  private isPlaceholderNumber(node: TSESTree.Node): boolean {
    return this.hasPlaceholderShape(node) || this.hasSafeType(node);
  }

  private hasPlaceholderShape(node: TSESTree.Node): boolean {
    switch (node.type) {
      case AST_NODE_TYPES.Identifier:
      case AST_NODE_TYPES.UpdateExpression:
        return true;
      case AST_NODE_TYPES.Literal:
        return typeof node.value === 'number';
      case AST_NODE_TYPES.MemberExpression:
        return ['length', 'size'].includes(memberName(node) ?? '');
      case AST_NODE_TYPES.BinaryExpression:
        return ['+', '-', '*'].includes(node.operator) && this.hasPlaceholderShape(node.left) && this.hasPlaceholderShape(node.right);
      case AST_NODE_TYPES.CallExpression: {
        const callee = unwrapExpression(node.callee);
        return callee.type === AST_NODE_TYPES.MemberExpression && ['push', 'unshift'].includes(memberName(callee) ?? '');
      }
      default:
        return false;
    }
  }

  /** A module-level binding written only while the module loads: configuration, not request data. */
  private isStartupBinding(variable: TSESLint.Scope.Variable): boolean {
    const scope = variable.scope.type;
    if (scope !== 'module' && scope !== 'global') return false;
    return variable.references.every((reference) => !reference.isWrite() || !insideFunction(reference.identifier));
  }

  private variableOf(node: TSESTree.Identifier): TSESLint.Scope.Variable | undefined {
    return ASTUtils.findVariable(this.context.sourceCode.getScope(node), node) ?? undefined;
  }

  private hasSafeType(node: TSESTree.Node): boolean {
    if (!this.services) return false;
    const cached = this.typeCache.get(node);
    if (cached?.safe !== undefined) return cached.safe;
    const tsNode = this.services.esTreeNodeToTSNodeMap.get(node);
    const checker = this.services.program.getTypeChecker();
    const safe = tsNode !== undefined && isSpliceSafeType(checker.getTypeAtLocation(tsNode), checker);
    this.typeCache.set(node, { ...cached, safe });
    return safe;
  }

  /**
   * Without a type checker, a written annotation still says what a name
   * holds: `limit: number`, `dir: 'asc' | 'desc'`, `col: keyof typeof COLUMNS`,
   * `col: SortColumn` for a union alias declared in this file, an enum.
   */
  private hasSafeAnnotation(name: TSESTree.Node): boolean {
    if (this.services || name.type !== AST_NODE_TYPES.Identifier || !name.typeAnnotation) return false;
    return this.isSafeTypeNode(name.typeAnnotation.typeAnnotation, new Set());
  }

  private isSafeTypeNode(node: TSESTree.TypeNode, seen: Set<TSESTree.Node>): boolean {
    switch (node.type) {
      case AST_NODE_TYPES.TSNumberKeyword:
      case AST_NODE_TYPES.TSBigIntKeyword:
      case AST_NODE_TYPES.TSBooleanKeyword:
      case AST_NODE_TYPES.TSNullKeyword:
      case AST_NODE_TYPES.TSUndefinedKeyword:
        return true;
      case AST_NODE_TYPES.TSLiteralType:
        return node.literal.type !== AST_NODE_TYPES.TemplateLiteral;
      case AST_NODE_TYPES.TSUnionType:
        return node.types.every((member) => this.isSafeTypeNode(member, seen));
      case AST_NODE_TYPES.TSTypeOperator:
        // `keyof typeof COLUMNS`
        return node.operator === 'keyof' && node.typeAnnotation?.type === AST_NODE_TYPES.TSTypeQuery;
      case AST_NODE_TYPES.TSIndexedAccessType:
        // `(typeof SORT_COLUMNS)[number]`
        return node.objectType.type === AST_NODE_TYPES.TSTypeQuery;
      case AST_NODE_TYPES.TSTypeReference: {
        if (node.typeName.type !== AST_NODE_TYPES.Identifier) return false;
        const definition = ASTUtils.findVariable(this.context.sourceCode.getScope(node), node.typeName)?.defs[0];
        if (definition?.type === 'TSEnumName') return true;
        if (definition?.type !== 'Type' || definition.node.type !== AST_NODE_TYPES.TSTypeAliasDeclaration || seen.has(definition.node)) {
          return false;
        }
        seen.add(definition.node);
        return this.isSafeTypeNode(definition.node.typeAnnotation, seen);
      }
      default:
        return false;
    }
  }

  private hasSafeMembersType(node: TSESTree.Node): boolean {
    if (!this.services) return false;
    const cached = this.typeCache.get(node);
    if (cached?.safeMembers !== undefined) return cached.safeMembers;
    const tsNode = this.services.esTreeNodeToTSNodeMap.get(node);
    const checker = this.services.program.getTypeChecker();
    const safeMembers = tsNode !== undefined && hasSpliceSafeMembers(checker.getTypeAtLocation(tsNode), checker);
    this.typeCache.set(node, { ...cached, safeMembers });
    return safeMembers;
  }
}

function isStringTag(node: TSESTree.TaggedTemplateExpression): boolean {
  const tag = unwrapExpression(node.tag);
  if (tag.type === AST_NODE_TYPES.Identifier) return STRING_TAGS.has(tag.name);
  return (
    tag.type === AST_NODE_TYPES.MemberExpression &&
    tag.object.type === AST_NODE_TYPES.Identifier &&
    STRING_TAGS.has(`${tag.object.name}.${memberName(tag) ?? ''}`)
  );
}

/**
 * `name.replace(/[^a-z0-9_]/gi, '')`: removing every character outside an
 * identifier's alphabet leaves nothing that can break out of the SQL text.
 */
function isIdentifierSanitiser(call: TSESTree.CallExpression): boolean {
  const [pattern, replacement] = call.arguments;
  if (!pattern || !replacement || replacement.type !== AST_NODE_TYPES.Literal || replacement.value !== '') return false;
  if (pattern.type !== AST_NODE_TYPES.Literal || !('regex' in pattern) || !pattern.regex.flags.includes('g')) return false;
  const negated = /^\[\^((?:a-z|A-Z|0-9|_|\\w|\\d)+)\][+*]?$/.exec(pattern.regex.pattern);
  return negated !== null;
}

function endsWithDollar(node: TSESTree.Node): boolean {
  if (node.type === AST_NODE_TYPES.Literal) return typeof node.value === 'string' && node.value.endsWith('$');
  if (node.type === AST_NODE_TYPES.TemplateLiteral) return (node.quasis.at(-1)?.value.cooked ?? '').endsWith('$');
  return false;
}

function isUncheckedCast(node: TSESTree.Node | null): boolean {
  if (!node) return false;
  if (node.type === AST_NODE_TYPES.TSTypeAssertion) return true;
  if (node.type !== AST_NODE_TYPES.TSAsExpression) return false;
  const annotation = node.typeAnnotation;
  const isConst =
    annotation.type === AST_NODE_TYPES.TSTypeReference &&
    annotation.typeName.type === AST_NODE_TYPES.Identifier &&
    annotation.typeName.name === 'const';
  return !isConst;
}

function isConstantLiteral(node: TSESTree.Node): boolean {
  return (
    (node.type === AST_NODE_TYPES.Literal && node.value !== null && typeof node.value !== 'object') ||
    (node.type === AST_NODE_TYPES.TemplateLiteral && node.expressions.length === 0)
  );
}

function isIndexOfCall(node: TSESTree.Node): node is TSESTree.CallExpression {
  return (
    node.type === AST_NODE_TYPES.CallExpression &&
    node.callee.type === AST_NODE_TYPES.MemberExpression &&
    memberName(node.callee) === 'indexOf'
  );
}

type FunctionNode = TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression | TSESTree.FunctionDeclaration;

function isFunction(node: TSESTree.Node): node is TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression {
  return node.type === AST_NODE_TYPES.ArrowFunctionExpression || node.type === AST_NODE_TYPES.FunctionExpression;
}

function unwrapAwait(node: TSESTree.Expression): TSESTree.Expression {
  const inner = unwrapExpression(node);
  return inner.type === AST_NODE_TYPES.AwaitExpression ? unwrapExpression(inner.argument) : inner;
}

function propertyKey(property: TSESTree.Property): string | undefined {
  if (!property.computed && property.key.type === AST_NODE_TYPES.Identifier) return property.key.name;
  return property.key.type === AST_NODE_TYPES.Literal ? String(property.key.value) : undefined;
}

/** The collection whose elements a callback receives: `COLUMNS` in `COLUMNS.map((c, i) => …)`. */
function callbackCollection(fn: TSESTree.Node): { receiver: TSESTree.Expression; method: string } | undefined {
  const call = fn.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.arguments[0] !== fn) return undefined;
  const callee = unwrapExpression(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const method = memberName(callee);
  return method && ELEMENT_CALLBACKS.has(method) ? { receiver: callee.object, method } : undefined;
}

/** The expressions a function returns (an arrow's expression body, or its `return` statements outside nested functions). */
function returnedExpressions(fn: FunctionNode): TSESTree.Node[] {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return [fn.body];
  const found: TSESTree.Node[] = [];
  const visit = (node: TSESTree.Node) => {
    if (node.type === AST_NODE_TYPES.ReturnStatement) {
      if (node.argument) found.push(node.argument);
      return;
    }
    if (node !== fn.body && (isFunction(node) || node.type === AST_NODE_TYPES.FunctionDeclaration)) return;
    for (const child of childNodes(node)) visit(child);
  };
  visit(fn.body);
  return found;
}

function childNodes(node: TSESTree.Node): TSESTree.Node[] {
  const children: TSESTree.Node[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === 'parent') continue;
    const candidates: unknown[] = Array.isArray(value) ? value : [value];
    for (const candidate of candidates) {
      if (typeof candidate === 'object' && candidate !== null && typeof (candidate as { type?: unknown }).type === 'string') {
        children.push(candidate as TSESTree.Node);
      }
    }
  }
  return children;
}

/** Whether a statement always leaves the block: `throw`, `return`, `continue`, `break`, or a block ending in one. */
function exits(statement: TSESTree.Node): boolean {
  switch (statement.type) {
    case AST_NODE_TYPES.ThrowStatement:
    case AST_NODE_TYPES.ReturnStatement:
    case AST_NODE_TYPES.ContinueStatement:
    case AST_NODE_TYPES.BreakStatement:
      return true;
    case AST_NODE_TYPES.BlockStatement: {
      const last = statement.body.at(-1);
      return last !== undefined && exits(last);
    }
    default:
      return false;
  }
}

function contains(outer: TSESTree.Node, inner: TSESTree.Node): boolean {
  return outer.range[0] <= inner.range[0] && inner.range[1] <= outer.range[1];
}

/** `[key, value]` destructuring of an entry takes one part of it; anything else takes the whole element. */
function partOf(pattern: TSESTree.Node, name: TSESTree.Node): Part {
  if (pattern.type === AST_NODE_TYPES.AssignmentPattern) return partOf(pattern.left, name);
  if (pattern.type !== AST_NODE_TYPES.ArrayPattern) return 'whole';
  const [key, value] = pattern.elements;
  if (key && contains(key, name)) return 'key';
  if (value && contains(value, name)) return 'value';
  return 'whole';
}

function insideFunction(node: TSESTree.Node): boolean {
  return enclosingFunction(node) !== undefined;
}
