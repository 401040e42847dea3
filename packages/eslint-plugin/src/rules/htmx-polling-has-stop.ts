import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { isFunctionLike, type FunctionLike } from '../knowledge/handlers.js';
import {
  attributeTexts,
  htmxAttribute,
  htmxRequestOf,
  htmxSetting,
  intrinsicTagName,
  isRenderCallback,
  isUnfilteredPoll,
  jsxAncestors,
  parseTriggers,
  swapEffect,
  swapTargetOf,
  type HtmxTrigger,
} from '../knowledge/htmx.js';
import { unwrapExpression } from '../knowledge/origin.js';
import { walkAst } from '../util/ast.js';
import { createRule } from '../util/create-rule.js';

type MessageIds = 'pollsForever';
type Context = Readonly<TSESLint.RuleContext<MessageIds, []>>;

export default createRule<[], MessageIds>({
  name: 'htmx-polling-has-stop',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require htmx polling to have a way to stop',
      recommended: 'strict',
      domains: ['web'],
      seed: '000 checklist "HTMX polling cleanup"',
    },
    schema: [],
    messages: {
      pollsForever:
        '`hx-trigger="{{trigger}}"` polls with `hx-{{verb}}` for as long as the page is open: the trigger has no filter and this element is rendered with it whatever the state, so the poll never stops, not even once the work it watches is done. Render the element without `hx-trigger` once done (`{running ? <div hx-trigger="every 2s" …/> : <Result/>}`, swapped with `hx-swap="outerHTML"`), or filter the trigger (`every 2s [!isDone()]`).',
    },
  },
  create(context) {
    return {
      JSXElement(element) {
        const opening = element.openingElement;
        const triggerAttribute = htmxAttribute(opening, 'trigger');
        if (!triggerAttribute) return;
        const request = htmxRequestOf(opening);
        if (!request) return;
        const poll = unconditionalPollOf(triggerAttribute, context);
        if (!poll) return;
        if (rendersWithoutPoll(element, request.attribute, context)) return;
        if (isReplacedByAncestorRequest(element, context)) return;
        context.report({ node: opening, messageId: 'pollsForever', data: { trigger: poll.text, verb: request.verb } });
      },
    };
  },
});

/**
 * The unfiltered `every …` trigger the attribute renders on every path:
 * `"every 5s"`, `"load, every 5s"`, `{fast ? 'every 1s' : 'every 10s'}`.
 * Undefined when some path renders no poll or a filtered one
 * (`every 2s [!done]`), or when the value is only known at run time.
 */
function unconditionalPollOf(attribute: TSESTree.JSXAttribute, context: Context): HtmxTrigger | undefined {
  const texts = attributeTexts(attribute, context);
  if (!texts || texts.length === 0) return undefined;
  let first: HtmxTrigger | undefined;
  for (const text of texts) {
    const poll = text === undefined ? undefined : parseTriggers(text).find(isUnfilteredPoll);
    if (!poll) return undefined;
    first ??= poll;
  }
  return first;
}

// ---------------------------------------------------------------------------
// A render path without the poll

/**
 * Whether the server can render this element without its poll, which is how
 * htmx polling stops (the swap replaces the poller with an element that has
 * no trigger): the request attribute is conditional (a conditional trigger
 * is no unconditional poll to begin with), the element sits in a conditional
 * (`cond ? <poller/> : <done/>`, `cond &&`, an `if` or `switch` branch), its
 * component has another render path (`if (done) return <Done/>`), or every
 * same-file use of its component is conditional.
 */
function rendersWithoutPoll(element: TSESTree.JSXElement, request: TSESTree.JSXAttribute, context: Context): boolean {
  if (attributeTexts(request, context)?.includes(undefined)) return true;
  return isConditionallyRendered(element, context, 0);
}

const MAX_COMPONENT_DEPTH = 3;

function isConditionallyRendered(node: TSESTree.Node, context: Context, depth: number): boolean {
  let current: TSESTree.Node = node;
  for (let parent = current.parent; parent; current = parent, parent = parent.parent) {
    switch (parent.type) {
      case AST_NODE_TYPES.ConditionalExpression:
        if (parent.test !== current) return true;
        break;
      case AST_NODE_TYPES.LogicalExpression:
        if (parent.right === current) return true;
        break;
      case AST_NODE_TYPES.IfStatement:
        if (parent.test !== current) return true;
        break;
      case AST_NODE_TYPES.SwitchCase:
        if (parent.test !== current) return true;
        break;
      default:
        if (!isFunctionLike(parent) || isRenderCallback(parent)) break;
        return hasRenderPathWithoutPoll(parent, node) || (depth < MAX_COMPONENT_DEPTH && isUsedOnlyConditionally(parent, context, depth));
    }
  }
  return false;
}

/** `if (!inFlight) return <Done/>;` next to `return <div hx-trigger="every 2s">`: another return that renders no poll. */
function hasRenderPathWithoutPoll(fn: FunctionLike, node: TSESTree.Node): boolean {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return false;
  let found = false;
  walkAst(fn.body, (child) => {
    if (found || (child !== fn.body && isFunctionLike(child))) return false;
    if (child.type !== AST_NODE_TYPES.ReturnStatement) return true;
    if (child.range[0] <= node.range[0] && node.range[1] <= child.range[1]) return false;
    found = rendersSomethingElse(child.argument);
    return false;
  });
  return found;
}

/** `return null`, `return;`, or markup with no poll in it (`<Result/>`, `c.html(<Done/>)`); not `return notFound()`. */
function rendersSomethingElse(argument: TSESTree.Expression | null): boolean {
  if (!argument) return true;
  const value = unwrapExpression(argument);
  if (value.type === AST_NODE_TYPES.Literal && value.value === null) return true;
  if (value.type === AST_NODE_TYPES.Identifier && value.name === 'undefined') return true;
  let markup = false;
  let polls = false;
  walkAst(value, (child) => {
    if (child.type === AST_NODE_TYPES.JSXElement || child.type === AST_NODE_TYPES.JSXFragment) markup = true;
    if (child.type === AST_NODE_TYPES.JSXOpeningElement) {
      const trigger = htmxAttribute(child, 'trigger');
      if (trigger?.value && /\bevery\b/.test(triggerSource(trigger))) polls = true;
    }
    return !polls;
  });
  return markup && !polls;
}

function triggerSource(attribute: TSESTree.JSXAttribute): string {
  const value = attribute.value;
  if (value?.type === AST_NODE_TYPES.Literal) return String(value.value);
  if (value?.type === AST_NODE_TYPES.JSXExpressionContainer && value.expression.type !== AST_NODE_TYPES.JSXEmptyExpression) {
    // Conservative: a trigger computed at run time may poll.
    return 'every';
  }
  return '';
}

/** `function StatusPoller()` rendered in this file only as `{running && <StatusPoller/>}`. */
function isUsedOnlyConditionally(fn: FunctionLike, context: Context, depth: number): boolean {
  const name = componentNameOf(fn);
  if (!name) return false;
  const uses = componentUses(context).get(name) ?? [];
  return uses.length > 0 && uses.every((use) => isConditionallyRendered(use, context, depth + 1));
}

function componentNameOf(fn: FunctionLike): string | undefined {
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration) return fn.id?.name;
  let holder: TSESTree.Node = fn.parent;
  // `const Poller = memo(() => …)`
  if (holder.type === AST_NODE_TYPES.CallExpression) holder = holder.parent;
  return holder.type === AST_NODE_TYPES.VariableDeclarator && holder.id.type === AST_NODE_TYPES.Identifier ? holder.id.name : undefined;
}

const usesCache = new WeakMap<TSESTree.Program, Map<string, TSESTree.JSXElement[]>>();

/** Every `<Name …>` element in this file, by component name (one walk per file). */
function componentUses(context: Context): Map<string, TSESTree.JSXElement[]> {
  const program = context.sourceCode.ast;
  const cached = usesCache.get(program);
  if (cached) return cached;
  const uses = new Map<string, TSESTree.JSXElement[]>();
  walkAst(program, (node) => {
    if (node.type === AST_NODE_TYPES.JSXElement && node.openingElement.name.type === AST_NODE_TYPES.JSXIdentifier) {
      const name = node.openingElement.name.name;
      if (/^[A-Z]/.test(name)) {
        const list = uses.get(name) ?? [];
        list.push(node);
        uses.set(name, list);
      }
    }
    return true;
  });
  usesCache.set(program, uses);
  return uses;
}

// ---------------------------------------------------------------------------
// An ancestor that re-renders the poller

/**
 * `<div hx-get="/job" hx-trigger="done" hx-swap="outerHTML"><div hx-get="/job/progress" hx-trigger="every 600ms">`
 * (htmx's progress-bar example): an enclosing element makes its own request and
 * its response replaces the poller, so the server can end the poll from there.
 */
function isReplacedByAncestorRequest(element: TSESTree.JSXElement, context: Context): boolean {
  return jsxAncestors(element).some((ancestor) => {
    if (!intrinsicTagName(ancestor.openingElement) || !htmxRequestOf(ancestor.openingElement)) return false;
    const target = swapTargetOf(ancestor, context);
    if (target !== 'self' && target !== 'ancestor' && target !== 'enclosing') return false;
    const setting = htmxSetting(ancestor, 'swap');
    const texts = setting ? attributeTexts(setting.attribute, context) : [undefined];
    // A swap style only known at run time may replace it too.
    if (!texts) return true;
    return texts.some((text) => !['insert', 'none'].includes(swapEffect(text)));
  });
}
