import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import { isFunctionLike } from './handlers.js';
import { memberName, unwrapExpression } from './origin.js';

/**
 * Reading htmx in JSX (`.tsx`/`.jsx` components rendered to HTML fragments).
 *
 * - Attributes are read as htmx reads them: `hx-post` and `data-hx-post`, and
 *   htmx 4's explicit inheritance `hx-swap:inherited`.
 * - An attribute's value is known when it is a string, a template (its
 *   substitutions kept as source text, `${id}`), a same-file `const` string,
 *   or a choice between those (`running ? 'every 2s' : undefined`, `a && 'x'`);
 *   `undefined`/`null`/`false` stand for "not rendered".
 * - `hx-swap` (htmx docs): the first word is the style (`innerHTML` when none
 *   is given, or whatever `htmx.config.defaultSwapStyle` says), then modifiers
 *   (`swap:1s`, `settle:`, `scroll:`, `show:`, `transition:`, `focus-scroll:`).
 * - `hx-target` defaults to the element that makes the request; `this` is the
 *   element carrying the attribute; `closest sel` is that element or an ancestor;
 *   `find`/`next`/`previous` and CSS selectors point elsewhere.
 * - `hx-swap`, `hx-target` and `hx-select` are inherited from ancestors in htmx 2
 *   (explicitly, with `:inherited`, in htmx 4): the nearest one in the same JSX
 *   tree applies. `hx-trigger`, the request verbs and `hx-preserve` are not inherited.
 * - `hx-trigger` is a comma-separated list of `event[filter] modifiers` and
 *   polls `every <interval> [filter]`.
 *
 * The same questions are answered on the TypeScript AST (`tsHtmxForms`) for
 * components declared in other files, reached through the type checker.
 */

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** Verbs that make an element issue a request; they are not inherited. */
export const REQUEST_VERBS = ['get', 'post', 'put', 'patch', 'delete'] as const;
export type RequestVerb = (typeof REQUEST_VERBS)[number];

/** htmx attributes children inherit from their ancestors (htmx 2; `:inherited` in htmx 4). */
const INHERITED = new Set(['swap', 'target', 'select']);

// ---------------------------------------------------------------------------
// Attribute names and values

/** `hx-swap`, `hx-swap:inherited`, `className`; undefined for odd names. */
export function jsxAttributeName(attribute: TSESTree.JSXAttribute): string {
  const name = attribute.name;
  return name.type === AST_NODE_TYPES.JSXNamespacedName ? `${name.namespace.name}:${name.name.name}` : name.name;
}

/** The htmx name an attribute spells (`swap` for `hx-swap`, `data-hx-swap`, `hx-swap:inherited`), or undefined. */
export function htmxNameOf(attributeName: string): string | undefined {
  const match = /^(?:data-)?hx-([a-z-]+)(?::inherited)?$/.exec(attributeName);
  return match?.[1];
}

/** The element's own `hx-<name>` attribute (any spelling htmx accepts). */
export function htmxAttribute(opening: TSESTree.JSXOpeningElement, name: string): TSESTree.JSXAttribute | undefined {
  for (const attribute of opening.attributes) {
    if (attribute.type === AST_NODE_TYPES.JSXAttribute && htmxNameOf(jsxAttributeName(attribute)) === name) return attribute;
  }
  return undefined;
}

/** Whether the element carries any htmx attribute: the cheap filter before any analysis. */
export function hasHtmxAttribute(opening: TSESTree.JSXOpeningElement): boolean {
  return opening.attributes.some(
    (attribute) => attribute.type === AST_NODE_TYPES.JSXAttribute && htmxNameOf(jsxAttributeName(attribute)) !== undefined,
  );
}

/** A plain attribute (`name`, `value`, `id`) by its exact JSX name. */
export function jsxAttribute(opening: TSESTree.JSXOpeningElement, name: string): TSESTree.JSXAttribute | undefined {
  for (const attribute of opening.attributes) {
    if (attribute.type === AST_NODE_TYPES.JSXAttribute && jsxAttributeName(attribute) === name) return attribute;
  }
  return undefined;
}

export function hasSpreadAttribute(opening: TSESTree.JSXOpeningElement): boolean {
  return opening.attributes.some((attribute) => attribute.type === AST_NODE_TYPES.JSXSpreadAttribute);
}

/** `form`, `input`: a DOM element (not a component such as `<Field>` or `<ui.Input>`). */
export function intrinsicTagName(opening: TSESTree.JSXOpeningElement): string | undefined {
  return opening.name.type === AST_NODE_TYPES.JSXIdentifier && /^[a-z]/.test(opening.name.name) ? opening.name.name : undefined;
}

/** `FieldInput` in `<FieldInput …/>`: a component named by a plain identifier. */
export function componentName(opening: TSESTree.JSXOpeningElement): string | undefined {
  return opening.name.type === AST_NODE_TYPES.JSXIdentifier && /^[A-Z]/.test(opening.name.name) ? opening.name.name : undefined;
}

/**
 * Every text an attribute can render, `undefined` standing for "not rendered"
 * (`{cond ? 'every 2s' : undefined}` → `['every 2s', undefined]`); undefined
 * when some value cannot be read (a call, a prop). A boolean attribute
 * (`<input hx-preserve />`) renders as `''`.
 */
export function attributeTexts(attribute: TSESTree.JSXAttribute, context: Context): readonly (string | undefined)[] | undefined {
  const value = attribute.value;
  if (value === null) return [''];
  if (value.type === AST_NODE_TYPES.Literal) return typeof value.value === 'string' ? [value.value] : undefined;
  if (value.type !== AST_NODE_TYPES.JSXExpressionContainer) return undefined;
  if (value.expression.type === AST_NODE_TYPES.JSXEmptyExpression) return undefined;
  return expressionTexts(value.expression, context, 0);
}

const MAX_VALUE_DEPTH = 4;

function expressionTexts(node: TSESTree.Expression, context: Context, depth: number): (string | undefined)[] | undefined {
  if (depth > MAX_VALUE_DEPTH) return undefined;
  const expression = unwrapExpression(node);
  switch (expression.type) {
    case AST_NODE_TYPES.Literal:
      if (typeof expression.value === 'string') return [expression.value];
      return expression.value === null || expression.value === false ? [undefined] : undefined;
    case AST_NODE_TYPES.TemplateLiteral:
      // Substitutions stay as source text: `#tile-${plugin.id}` can then be matched against `id={`tile-${plugin.id}`}`.
      return [context.sourceCode.getText(expression).slice(1, -1)];
    case AST_NODE_TYPES.Identifier:
      return expression.name === 'undefined' ? [undefined] : constTexts(expression, context, depth);
    case AST_NODE_TYPES.ConditionalExpression: {
      const consequent = expressionTexts(expression.consequent, context, depth + 1);
      const alternate = expressionTexts(expression.alternate, context, depth + 1);
      return consequent && alternate ? [...consequent, ...alternate] : undefined;
    }
    case AST_NODE_TYPES.LogicalExpression: {
      const right = expressionTexts(expression.right, context, depth + 1);
      if (!right) return undefined;
      // `running && 'every 2s'` renders nothing (false) when not running.
      if (expression.operator === '&&') return [undefined, ...right];
      const left = expressionTexts(expression.left, context, depth + 1);
      return left ? [...left.filter((text) => text !== undefined), ...right] : undefined;
    }
    default:
      return undefined;
  }
}

/** `const POLL = 'every 2s'` in this file. */
function constTexts(identifier: TSESTree.Identifier, context: Context, depth: number): (string | undefined)[] | undefined {
  const variable = ASTUtils.findVariable(context.sourceCode.getScope(identifier), identifier.name);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (definition?.type !== 'Variable' || definition.parent.kind !== 'const') return undefined;
  const declarator = definition.node;
  if (declarator.id.type !== AST_NODE_TYPES.Identifier || !declarator.init) return undefined;
  return expressionTexts(declarator.init, context, depth + 1);
}

/** Whether a text holds a part only known at run time (a template substitution). */
export function hasDynamicPart(text: string): boolean {
  return text.includes('${');
}

// ---------------------------------------------------------------------------
// hx-swap

/**
 * What a swap does to its target:
 * - `default`: no style given: `htmx.config.defaultSwapStyle` (innerHTML unless the page configures outerHTML);
 * - `content`: `innerHTML`, `textContent`: the target stays, its children are replaced;
 * - `element`: `outerHTML`: the target itself is replaced;
 * - `insert`: `beforebegin`/`afterbegin`/`beforeend`/`afterend` (and htmx 4's `before`/`prepend`/`append`/`after`):
 *   the response is added, nothing is replaced;
 * - `none`, `delete`;
 * - `morph`: idiomorph/morphdom/htmx 4 morphs reconcile the DOM; what survives depends on the extension's options;
 * - `unknown`: a style only known at run time, or one an extension defines.
 */
export type SwapEffect = 'default' | 'content' | 'element' | 'insert' | 'none' | 'delete' | 'morph' | 'unknown';

const SWAP_STYLES: Readonly<Record<string, SwapEffect>> = {
  innerHTML: 'content',
  textContent: 'content',
  outerHTML: 'element',
  beforebegin: 'insert',
  afterbegin: 'insert',
  beforeend: 'insert',
  afterend: 'insert',
  before: 'insert',
  after: 'insert',
  prepend: 'insert',
  append: 'insert',
  none: 'none',
  delete: 'delete',
  morph: 'morph',
  'morph:outerHTML': 'morph',
  'morph:innerHTML': 'morph',
  innerMorph: 'morph',
  outerMorph: 'morph',
  morphdom: 'morph',
  idiomorph: 'morph',
};

/** Swap modifiers: a value that starts with one names no style, so the default style applies. */
const SWAP_MODIFIER = /^(?:swap|settle|scroll|show|transition|focus-scroll|ignoreTitle|target|strip):/;

/** The style word of an `hx-swap` value: `outerHTML` in `outerHTML settle:200ms`; undefined when it names none. */
export function swapStyle(text: string): string | undefined {
  const first = text.trim().split(/\s+/)[0] ?? '';
  if (first === '' || SWAP_MODIFIER.test(first)) return undefined;
  return first;
}

export function swapEffect(text: string | undefined): SwapEffect {
  if (text === undefined) return 'default';
  const style = swapStyle(text);
  if (style === undefined) return hasDynamicPart(text) ? 'unknown' : 'default';
  return SWAP_STYLES[style] ?? 'unknown';
}

// ---------------------------------------------------------------------------
// hx-target

/**
 * An `hx-target` value: `this`; `closest sel` (the carrier or an ancestor);
 * `#id`; anything else points elsewhere (`find`, `next`, `previous`, a CSS
 * selector, `body`); `unknown` when a run-time part hides which.
 */
export type HtmxTarget =
  | { readonly kind: 'this' }
  | { readonly kind: 'closest'; readonly selector: string }
  | { readonly kind: 'id'; readonly id: string }
  | { readonly kind: 'elsewhere' }
  | { readonly kind: 'unknown' };

export function parseTarget(text: string): HtmxTarget {
  const value = text.trim();
  if (value === 'this') return { kind: 'this' };
  const closest = /^closest\s+(.+)$/.exec(value);
  if (closest) return { kind: 'closest', selector: closest[1]!.trim() };
  if (/^(?:find|findAll|next|previous)\b/.test(value)) return { kind: 'elsewhere' };
  const id = /^#((?:[^\s.#[>:,$]|\$\{[^}]*\})+)$/.exec(value);
  if (id) return { kind: 'id', id: id[1]! };
  if (/^\$\{[^}]*\}$/.test(value) || value === '') return { kind: 'unknown' };
  return { kind: 'elsewhere' };
}

// ---------------------------------------------------------------------------
// hx-trigger

export interface HtmxTrigger {
  /** `click`, `load`, or `every` for polling. */
  readonly event: string;
  /** For `every`: `2s`, `500ms`, `1m`, or a bare number of milliseconds. */
  readonly interval?: string;
  /** The `[expression]` filter, when there is one. */
  readonly filter?: string;
  /** The trigger's own text, for messages. */
  readonly text: string;
}

/** Splits an `hx-trigger` value into its triggers: `every 2s [ready], click` → two. */
export function parseTriggers(text: string): HtmxTrigger[] {
  const triggers: HtmxTrigger[] = [];
  for (const spec of splitOutsideBrackets(text)) {
    const trimmed = spec.trim();
    if (trimmed === '') continue;
    const poll = /^every\s+([^\s[]+)\s*(?:\[([\s\S]*)\])?/.exec(trimmed);
    if (poll) {
      triggers.push({ event: 'every', interval: poll[1]!, ...(poll[2] !== undefined && { filter: poll[2] }), text: trimmed });
      continue;
    }
    const event = /^([^\s[]+)(?:\[([\s\S]*?)\])?/.exec(trimmed);
    if (event) triggers.push({ event: event[1]!, ...(event[2] !== undefined && { filter: event[2] }), text: trimmed });
  }
  return triggers;
}

function splitOutsideBrackets(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === '[') depth++;
    else if (char === ']') depth = Math.max(0, depth - 1);
    else if (char === ',' && depth === 0) {
      parts.push(text.slice(start, index));
      start = index + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** A poll with no filter: it fires every interval for as long as the element is in the page. */
export function isUnfilteredPoll(trigger: HtmxTrigger): boolean {
  return trigger.event === 'every' && (trigger.filter === undefined || trigger.filter.trim() === '');
}

// ---------------------------------------------------------------------------
// The JSX tree around an element

/**
 * The JSX elements around `element` that are its DOM ancestors, nearest first:
 * the walk goes through `{…}` children, conditionals and render callbacks
 * (`items.map((item) => <li/>)`), and stops at the function that renders the
 * tree (a component), whose caller's tree this file may not show.
 */
export function jsxAncestors(element: TSESTree.JSXElement): TSESTree.JSXElement[] {
  const ancestors: TSESTree.JSXElement[] = [];
  for (let current: TSESTree.Node | undefined = element.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.JSXElement) ancestors.push(current);
    else if (isFunctionLike(current) && !isRenderCallback(current)) break;
  }
  return ancestors;
}

/**
 * `(item) => <li/>` passed to `items.map`/`flatMap` or `Array.from(xs, fn)`:
 * its JSX renders into the tree around the call. Other callbacks (event
 * handlers, route handlers passed to `app.get`) are boundaries.
 */
export function isRenderCallback(fn: TSESTree.Node): boolean {
  const call = fn.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || !call.arguments.includes(fn as TSESTree.CallExpressionArgument)) return false;
  const callee = unwrapExpression(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const name = memberName(callee);
  if (name === 'map' || name === 'flatMap') return call.arguments[0] === fn;
  const receiver = unwrapExpression(callee.object);
  return name === 'from' && receiver.type === AST_NODE_TYPES.Identifier && receiver.name === 'Array' && call.arguments[1] === fn;
}

export interface HtmxSetting {
  readonly attribute: TSESTree.JSXAttribute;
  /** The element carrying the attribute: the element itself or the ancestor it is inherited from. */
  readonly owner: TSESTree.JSXElement;
}

/**
 * The `hx-<name>` that applies to `element`: its own, or (for inherited
 * attributes) the nearest DOM ancestor's in this JSX tree.
 */
export function htmxSetting(element: TSESTree.JSXElement, name: string): HtmxSetting | undefined {
  const own = htmxAttribute(element.openingElement, name);
  if (own) return { attribute: own, owner: element };
  if (!INHERITED.has(name)) return undefined;
  for (const ancestor of jsxAncestors(element)) {
    // A component's props are not DOM attributes: `<Card hx-swap=…>` may put them anywhere.
    if (!intrinsicTagName(ancestor.openingElement)) continue;
    const inherited = htmxAttribute(ancestor.openingElement, name);
    if (inherited) return { attribute: inherited, owner: ancestor };
  }
  return undefined;
}

/** The element's request: `hx-post={url}` → `{ verb: 'post' }`. */
export function htmxRequestOf(
  opening: TSESTree.JSXOpeningElement,
  verbs: readonly RequestVerb[] = REQUEST_VERBS,
): { readonly verb: RequestVerb; readonly attribute: TSESTree.JSXAttribute } | undefined {
  for (const verb of verbs) {
    const attribute = htmxAttribute(opening, verb);
    if (attribute) return { verb, attribute };
  }
  return undefined;
}

/**
 * Where the response to `element`'s request is swapped, seen from the element:
 * `self` (no `hx-target`, `this` on the element, `#its-id`), `ancestor`
 * (`this` inherited from an ancestor, an ancestor's `#id`), `enclosing`
 * (`closest sel`: the element or an ancestor), `elsewhere`, or `unknown`.
 */
export type SwapTarget = 'self' | 'ancestor' | 'enclosing' | 'elsewhere' | 'unknown';

export function swapTargetOf(element: TSESTree.JSXElement, context: Context): SwapTarget {
  const setting = htmxSetting(element, 'target');
  if (!setting) return 'self';
  const texts = attributeTexts(setting.attribute, context);
  if (!texts || texts.length !== 1 || texts[0] === undefined) return 'unknown';
  const target = parseTarget(texts[0]);
  switch (target.kind) {
    case 'this':
      return setting.owner === element ? 'self' : 'ancestor';
    case 'closest':
      return matchesSimpleSelector(element.openingElement, target.selector, context) ? 'self' : 'enclosing';
    case 'id': {
      if (idOf(element.openingElement, context) === target.id) return 'self';
      const ancestors = jsxAncestors(element);
      return ancestors.some((ancestor) => idOf(ancestor.openingElement, context) === target.id) ? 'ancestor' : 'elsewhere';
    }
    default:
      return target.kind;
  }
}

function idOf(opening: TSESTree.JSXOpeningElement, context: Context): string | undefined {
  const attribute = jsxAttribute(opening, 'id');
  const texts = attribute && attributeTexts(attribute, context);
  return texts?.length === 1 ? texts[0] : undefined;
}

/** `form`, `.card`, `#settings`, `div.card`: whether the element itself matches (anything fancier: no). */
function matchesSimpleSelector(opening: TSESTree.JSXOpeningElement, selector: string, context: Context): boolean {
  const match = /^([a-z][\w-]*)?((?:[.#][\w-]+)*)$/i.exec(selector);
  if (!match) return false;
  const [, tag, rest = ''] = match;
  if (tag && intrinsicTagName(opening) !== tag.toLowerCase()) return false;
  const classAttribute = jsxAttribute(opening, 'className') ?? jsxAttribute(opening, 'class');
  const classTexts = classAttribute && attributeTexts(classAttribute, context);
  const classes = new Set(classTexts?.length === 1 ? (classTexts[0] ?? '').split(/\s+/) : []);
  for (const part of rest.match(/[.#][\w-]+/g) ?? []) {
    if (part.startsWith('.') && !classes.has(part.slice(1))) return false;
    if (part.startsWith('#') && idOf(opening, context) !== part.slice(1)) return false;
  }
  return Boolean(tag) || rest !== '';
}

// ---------------------------------------------------------------------------
// Same-file components

export type ComponentFunction = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

/**
 * The function a same-file component name refers to: `function FieldInput()`,
 * `const FieldInput = (…) => …`, also wrapped once (`memo((…) => …)`).
 */
export function sameFileComponent(name: string, at: TSESTree.Node, context: Context): ComponentFunction | undefined {
  const variable = ASTUtils.findVariable(context.sourceCode.getScope(at), name);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!definition) return undefined;
  if (definition.type === 'FunctionName' && definition.node.type === AST_NODE_TYPES.FunctionDeclaration) return definition.node;
  if (definition.type !== 'Variable' || !definition.node.init) return undefined;
  let init = unwrapExpression(definition.node.init);
  if (init.type === AST_NODE_TYPES.CallExpression) {
    const wrapped = init.arguments.find((argument) => isFunctionLike(argument));
    if (!wrapped) return undefined;
    init = wrapped as TSESTree.Expression;
  }
  return init.type === AST_NODE_TYPES.ArrowFunctionExpression || init.type === AST_NODE_TYPES.FunctionExpression ? init : undefined;
}

/** The props a component reads: `{ value, field }` destructured, or `props` itself. */
export function componentProps(fn: ComponentFunction): { readonly names: ReadonlySet<string>; readonly object?: string } {
  const [first] = fn.params;
  if (!first) return { names: new Set() };
  const pattern = first.type === AST_NODE_TYPES.AssignmentPattern ? first.left : first;
  if (pattern.type === AST_NODE_TYPES.Identifier) return { names: new Set(), object: pattern.name };
  if (pattern.type !== AST_NODE_TYPES.ObjectPattern) return { names: new Set() };
  const names = new Set<string>();
  for (const property of pattern.properties) {
    if (property.type !== AST_NODE_TYPES.Property || property.computed || property.key.type !== AST_NODE_TYPES.Identifier) continue;
    const local = property.value.type === AST_NODE_TYPES.AssignmentPattern ? property.value.left : property.value;
    if (local.type === AST_NODE_TYPES.Identifier) names.add(local.name);
  }
  return { names };
}

/** The prop a destructured local stands for: `value` in `({ value: current })` → `current` maps to `value`. */
export function propNameOfLocal(fn: ComponentFunction, local: string): string | undefined {
  const [first] = fn.params;
  const pattern = first?.type === AST_NODE_TYPES.AssignmentPattern ? first.left : first;
  if (pattern?.type !== AST_NODE_TYPES.ObjectPattern) return undefined;
  for (const property of pattern.properties) {
    if (property.type !== AST_NODE_TYPES.Property || property.computed || property.key.type !== AST_NODE_TYPES.Identifier) continue;
    const value = property.value.type === AST_NODE_TYPES.AssignmentPattern ? property.value.left : property.value;
    if (value.type === AST_NODE_TYPES.Identifier && value.name === local) return property.key.name;
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// The same questions on the TypeScript AST (components in other files)

/** A `<form>` with `hx-post`/`hx-put`/`hx-patch` in a TypeScript JSX tree. */
export interface TsHtmxForm {
  readonly node: ts.JsxOpeningElement | ts.JsxSelfClosingElement;
  /** The swap style text, own or inherited from an ancestor in the same tree; undefined when none is written. */
  readonly swap: string | undefined | null;
  /** The target text; undefined when none is written, null when it is only known at run time. */
  readonly target: string | undefined | null;
  readonly hasSelect: boolean;
}

function tsAttributeName(attribute: ts.JsxAttribute): string {
  const name = attribute.name;
  return ts.isJsxNamespacedName(name) ? `${name.namespace.text}:${name.name.text}` : name.text;
}

function tsHtmxAttribute(node: ts.JsxOpeningElement | ts.JsxSelfClosingElement, name: string): ts.JsxAttribute | undefined {
  for (const property of node.attributes.properties) {
    if (ts.isJsxAttribute(property) && htmxNameOf(tsAttributeName(property)) === name) return property;
  }
  return undefined;
}

/** A TypeScript attribute's text: undefined when absent, null when only known at run time. */
function tsAttributeText(attribute: ts.JsxAttribute | undefined): string | undefined | null {
  if (!attribute) return undefined;
  const initializer = attribute.initializer;
  if (!initializer) return '';
  if (ts.isStringLiteral(initializer)) return initializer.text;
  if (ts.isJsxExpression(initializer) && initializer.expression) {
    const expression = initializer.expression;
    if (ts.isStringLiteral(expression) || ts.isNoSubstitutionTemplateLiteral(expression)) return expression.text;
    if (ts.isTemplateExpression(expression)) return expression.getText().slice(1, -1);
  }
  return null;
}

function tsTagName(node: ts.JsxOpeningElement | ts.JsxSelfClosingElement): string | undefined {
  return ts.isIdentifier(node.tagName) ? node.tagName.text : undefined;
}

/** The nearest value of an inherited htmx attribute, looking at the element and then its JSX ancestors. */
function tsInheritedText(node: ts.JsxOpeningElement | ts.JsxSelfClosingElement, name: string): string | undefined | null {
  const own = tsHtmxAttribute(node, name);
  if (own) return tsAttributeText(own);
  let current: ts.Node = ts.isJsxOpeningElement(node) ? node.parent : node;
  for (let parent = current.parent; parent; current = parent, parent = parent.parent) {
    if (ts.isFunctionLike(parent) && !isTsRenderCallback(parent)) break;
    if (!ts.isJsxElement(parent) || parent.openingElement === current) continue;
    const tag = tsTagName(parent.openingElement);
    if (!tag || !/^[a-z]/.test(tag)) continue;
    const inherited = tsHtmxAttribute(parent.openingElement, name);
    if (inherited) return tsAttributeText(inherited);
  }
  return undefined;
}

function isTsRenderCallback(fn: ts.Node): boolean {
  const call = fn.parent;
  if (!call || !ts.isCallExpression(call) || !ts.isPropertyAccessExpression(call.expression)) return false;
  const name = call.expression.name.text;
  return (name === 'map' || name === 'flatMap') && call.arguments[0] === fn;
}

const tsFormCache = new WeakMap<ts.Node, readonly TsHtmxForm[]>();

/**
 * The htmx forms (`<form hx-post|hx-put|hx-patch>`) a function renders, in its
 * own JSX or in the same-file components it renders (one level down):
 * `renderSettingsForm(props)` → `<SettingsForm {...props}/>` → `<form hx-post>`.
 */
export function tsHtmxFormsRenderedBy(declaration: ts.Node, checker: ts.TypeChecker): readonly TsHtmxForm[] {
  return formsIn(declaration, checker, 0);
}

function formsIn(declaration: ts.Node, checker: ts.TypeChecker, depth: number): readonly TsHtmxForm[] {
  const cached = tsFormCache.get(declaration);
  if (cached) return cached;
  const body = tsFunctionBody(declaration);
  const forms: TsHtmxForm[] = [];
  tsFormCache.set(declaration, forms);
  if (!body) return forms;
  const visit = (node: ts.Node): void => {
    if (ts.isJsxOpeningElement(node) || ts.isJsxSelfClosingElement(node)) {
      const tag = tsTagName(node);
      if (tag === 'form' && ['post', 'put', 'patch'].some((verb) => tsHtmxAttribute(node, verb))) {
        forms.push({
          node,
          swap: tsInheritedText(node, 'swap'),
          target: tsInheritedText(node, 'target'),
          hasSelect: tsInheritedText(node, 'select') !== undefined,
        });
      } else if (tag && /^[A-Z]/.test(tag) && depth < 1) {
        const component = tsSameFileDeclaration(node.tagName, checker, declaration.getSourceFile());
        if (component && component !== declaration) forms.push(...formsIn(component, checker, depth + 1));
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(body);
  return forms;
}

function tsFunctionBody(declaration: ts.Node): ts.Node | undefined {
  if (ts.isFunctionDeclaration(declaration) || ts.isMethodDeclaration(declaration)) return declaration.body;
  if (ts.isFunctionExpression(declaration) || ts.isArrowFunction(declaration)) return declaration.body;
  if (ts.isVariableDeclaration(declaration) && declaration.initializer) {
    let init: ts.Expression = declaration.initializer;
    while (ts.isParenthesizedExpression(init) || ts.isAsExpression(init) || ts.isSatisfiesExpression(init)) init = init.expression;
    if (ts.isCallExpression(init)) {
      const wrapped = init.arguments.find((argument) => ts.isArrowFunction(argument) || ts.isFunctionExpression(argument));
      return wrapped && tsFunctionBody(wrapped);
    }
    return ts.isArrowFunction(init) || ts.isFunctionExpression(init) ? init.body : undefined;
  }
  return undefined;
}

function tsSameFileDeclaration(name: ts.Node, checker: ts.TypeChecker, file: ts.SourceFile): ts.Node | undefined {
  const symbol = checker.getSymbolAtLocation(name);
  const declaration = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
  return declaration && declaration.getSourceFile() === file ? declaration : undefined;
}
