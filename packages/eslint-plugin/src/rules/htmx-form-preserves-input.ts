import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import { enclosingRequestHandler, isFunctionLike, type FunctionLike } from '../knowledge/handlers.js';
import {
  attributeTexts,
  componentName,
  componentProps,
  hasDynamicPart,
  hasSpreadAttribute,
  htmxAttribute,
  htmxRequestOf,
  htmxSetting,
  intrinsicTagName,
  isRenderCallback,
  jsxAttribute,
  jsxAttributeName,
  parseTarget,
  propNameOfLocal,
  sameFileComponent,
  swapEffect,
  swapStyle,
  swapTargetOf,
  tsHtmxFormsRenderedBy,
  type ComponentFunction,
  type TsHtmxForm,
} from '../knowledge/htmx.js';
import { declarationOf, getTypeServices, memberName, resolveCallTarget, unwrapExpression } from '../knowledge/origin.js';
import { requestInputOf } from '../knowledge/request-input.js';
import { isValueReference, oneLineSnippet, walkAst } from '../util/ast.js';
import { createRule } from '../util/create-rule.js';

type MessageIds = 'formWipesInput' | 'rerenderedWithoutInput';
type Context = Readonly<TSESLint.RuleContext<MessageIds, []>>;

export default createRule<[], MessageIds>({
  name: 'htmx-form-preserves-input',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require htmx forms that swap themselves to render back what the user submitted',
      recommended: 'strict',
      domains: ['web'],
      seed: '000 P5',
    },
    schema: [],
    messages: {
      formWipesInput:
        'This form shows validation errors, posts with `hx-{{verb}}`, and the response replaces it ({{swap}}), but nothing renders the value of {{fields}}: when the server answers a failed validation with the form and its errors, the swap puts back empty fields and the user retypes everything. Render each field from what was submitted (`defaultValue={values.email}`, `defaultChecked={values.notify}`), or swap only the error messages (`hx-target` on an error element).',
      rerenderedWithoutInput:
        'This {{handler}} answers a failed validation with the htmx form `{{form}}` but gives it nothing of what the user submitted (`{{source}}`): the swap replaces the form, every field shows the stored values again, and what the user typed is lost. On this branch, pass the submitted values to the form (the parsed body, or `Object.fromEntries(formData)`).',
    },
  },
  create(context) {
    return {
      JSXElement(element) {
        const opening = element.openingElement;
        if (intrinsicTagName(opening) !== 'form') return;
        const request = htmxRequestOf(opening, SUBMIT_VERBS);
        if (!request) return;
        const swap = wipingSwapOf(element, context);
        if (!swap || !showsValidationErrors(element)) return;
        const lost = unboundFieldsOf(element, context);
        if (lost.length === 0) return;
        context.report({ node: opening, messageId: 'formWipesInput', data: { verb: request.verb, swap, fields: listFields(lost) } });
      },
      IfStatement(node) {
        if (isValidationFailure(node.test)) checkFailureBranch(node.consequent, context);
        else if (node.alternate && isValidationSuccess(node.test)) checkFailureBranch(node.alternate, context);
      },
      CatchClause(node) {
        if (validatesByThrowing(node.parent)) checkFailureBranch(node.body, context);
      },
    };
  },
});

/** Verbs that submit a form's fields (`hx-get` forms are searches and filters: they change no state). */
const SUBMIT_VERBS = ['post', 'put', 'patch'] as const;

// ---------------------------------------------------------------------------
// A form whose own swap replaces its fields

/**
 * How the response lands on the form, when it replaces the form's fields:
 * `outerHTML` on the form, `innerHTML` (htmx's default, written or not) on
 * the form or on an element around it. Undefined for swaps that leave the
 * fields alone (`none`, `beforeend`, a target elsewhere), for `hx-select`
 * (only a part of the response the component does not show is swapped), for
 * morphs (what they keep depends on the extension) and for values only known
 * at run time.
 */
function wipingSwapOf(form: TSESTree.JSXElement, context: Context): string | undefined {
  if (htmxSetting(form, 'select')) return undefined;
  const target = swapTargetOf(form, context);
  if (target !== 'self' && target !== 'ancestor' && target !== 'enclosing') return undefined;
  const setting = htmxSetting(form, 'swap');
  const texts = setting ? attributeTexts(setting.attribute, context) : [undefined];
  if (!texts) return undefined;
  const effects = texts.map((text) => swapEffect(text));
  if (!effects.every((effect) => effect === 'default' || effect === 'content' || effect === 'element')) return undefined;
  const written = texts.find((text) => text !== undefined && swapStyle(text) !== undefined);
  const style = written === undefined ? "`innerHTML`, htmx's default" : `\`${swapStyle(written)}\``;
  if (target === 'self') return style;
  return written === undefined ? `${style}, on an element around it` : `${style} on an element around it`;
}

/**
 * `{errors.email && <p>…</p>}`, `className={errors[f.name] ? … : …}`,
 * `aria-invalid={…}`, `<FieldError …/>`: the form renders validation errors, so
 * it is what the server answers a failed submission with. A form that shows
 * none (a newsletter box answered with "Thanks!") is not sent back on errors.
 */
function showsValidationErrors(form: TSESTree.JSXElement): boolean {
  let shows = false;
  walkAst(form, (node) => {
    // Event handlers (`onSubmit={() => console.error(…)}`) render nothing; `items.map((item) => …)` does.
    if (shows || (isFunctionLike(node) && !isRenderCallback(node))) return false;
    if (node.type === AST_NODE_TYPES.Identifier) shows = ERROR_WORD.test(node.name);
    else if (node.type === AST_NODE_TYPES.JSXOpeningElement) shows = ERROR_WORD.test(componentName(node) ?? '');
    else if (node.type === AST_NODE_TYPES.JSXAttribute && node.value?.type === AST_NODE_TYPES.JSXExpressionContainer) {
      shows = /^aria-(?:invalid|errormessage)$/.test(jsxAttributeName(node));
    }
    return !shows;
  });
  return shows;
}

const ERROR_WORD = /error|^issues$|^invalid$/i;

// ---------------------------------------------------------------------------
// Fields that render no value

interface Field {
  /** `email`, or the expression naming it: `{field.name}`. */
  readonly name: string;
}

/** `<input type>`s whose value the user does not type, or that must never be echoed back (`password`, `file`). */
const NOT_TYPED = new Set(['hidden', 'submit', 'button', 'reset', 'image', 'file', 'password']);
const CHECKABLE = new Set(['checkbox', 'radio']);
const VALUE_PROPS = ['value', 'defaultValue'];
const CHECKED_PROPS = ['checked', 'defaultChecked'];
const SELECTED_PROPS = ['selected', 'defaultSelected'];

/** The component a field is rendered by, and the element using it in the form: props flow from one to the other. */
interface ChildComponent {
  readonly fn: ComponentFunction;
  readonly usage: TSESTree.JSXOpeningElement;
}

/**
 * The named, user-editable fields of a form that render no value: `<input>`,
 * `<textarea>`, `<select>`, also those rendered by a same-file component the
 * form uses (one level), where a value bound from a prop counts only if the
 * form passes that prop.
 */
function unboundFieldsOf(form: TSESTree.JSXElement, context: Context): Field[] {
  const lost: Field[] = [];
  for (const child of form.children) {
    walkAst(child, (node) => {
      if (node.type !== AST_NODE_TYPES.JSXElement) return true;
      const opening = node.openingElement;
      if (isField(opening)) {
        const field = unboundField(node, undefined, context);
        if (field) lost.push(field);
        return false;
      }
      const name = componentName(opening);
      const fn = name && sameFileComponent(name, opening, context);
      if (fn) lost.push(...unboundFieldsOfComponent({ fn, usage: opening }, context));
      return true;
    });
  }
  return lost;
}

function unboundFieldsOfComponent(child: ChildComponent, context: Context): Field[] {
  const lost: Field[] = [];
  walkAst(child.fn.body, (node) => {
    if (node.type !== AST_NODE_TYPES.JSXElement || !isField(node.openingElement)) return true;
    const field = unboundField(node, child, context);
    if (field) lost.push(field);
    return false;
  });
  return lost;
}

function isField(opening: TSESTree.JSXOpeningElement): boolean {
  const tag = intrinsicTagName(opening);
  return tag === 'input' || tag === 'textarea' || tag === 'select';
}

/** The field, when the user types into it, it is submitted (it has a `name`) and nothing renders its value back. */
function unboundField(element: TSESTree.JSXElement, child: ChildComponent | undefined, context: Context): Field | undefined {
  const opening = element.openingElement;
  const name = jsxAttribute(opening, 'name');
  // A field without a name is not submitted: the server could not render it back anyway.
  if (!name || hasSpreadAttribute(opening) || isPreserved(opening, context) || isReadOnly(opening)) return undefined;
  const tag = intrinsicTagName(opening);
  let bindings: readonly string[];
  if (tag === 'input') {
    const type = inputType(opening, context);
    if (type !== undefined && NOT_TYPED.has(type)) return undefined;
    bindings = type === undefined ? [...VALUE_PROPS, ...CHECKED_PROPS] : CHECKABLE.has(type) ? CHECKED_PROPS : VALUE_PROPS;
  } else {
    bindings = VALUE_PROPS;
  }
  if (bindings.some((prop) => isBound(jsxAttribute(opening, prop), child, context))) return undefined;
  if (tag === 'textarea' && element.children.some((node) => rendersValue(node, child, context))) return undefined;
  if (tag === 'select' && selectsAnOption(element, child, context)) return undefined;
  return { name: fieldName(name, context) };
}

/** `type="email"` → `email`; undefined when the type is chosen at run time (`type={field.type}`). */
function inputType(opening: TSESTree.JSXOpeningElement, context: Context): string | undefined {
  const attribute = jsxAttribute(opening, 'type');
  if (!attribute) return 'text';
  const texts = attributeTexts(attribute, context);
  return texts?.length === 1 && texts[0] !== undefined ? texts[0].toLowerCase() : undefined;
}

/** `hx-preserve` keeps the element (by id) across swaps. */
function isPreserved(opening: TSESTree.JSXOpeningElement, context: Context): boolean {
  const attribute = htmxAttribute(opening, 'preserve');
  if (!attribute) return false;
  const texts = attributeTexts(attribute, context);
  return !texts || texts.some((text) => text !== undefined && text !== 'false');
}

/** `readOnly`, `disabled` (written as booleans): the user types nothing there. */
function isReadOnly(opening: TSESTree.JSXOpeningElement): boolean {
  return ['readOnly', 'readonly', 'disabled'].some((prop) => {
    const attribute = jsxAttribute(opening, prop);
    if (!attribute) return false;
    if (attribute.value === null) return true;
    return (
      attribute.value.type === AST_NODE_TYPES.JSXExpressionContainer &&
      attribute.value.expression.type === AST_NODE_TYPES.Literal &&
      attribute.value.expression.value === true
    );
  });
}

/**
 * `value={email}`, `defaultValue={values[field.name]}`: a value computed at
 * render time. A literal (`value=""`, `checked={false}`) renders the same
 * thing whatever was submitted. In a child component, a value read from a
 * prop is bound only if the form passes that prop.
 */
function isBound(attribute: TSESTree.JSXAttribute | undefined, child: ChildComponent | undefined, context: Context): boolean {
  if (!attribute?.value || attribute.value.type !== AST_NODE_TYPES.JSXExpressionContainer) return false;
  const expression = attribute.value.expression;
  if (expression.type === AST_NODE_TYPES.JSXEmptyExpression) return false;
  return rendersRuntimeValue(expression, child, context);
}

function rendersRuntimeValue(expression: TSESTree.Expression, child: ChildComponent | undefined, context: Context): boolean {
  const inner = unwrapExpression(expression);
  if (inner.type === AST_NODE_TYPES.Literal) return false;
  if (inner.type === AST_NODE_TYPES.Identifier && inner.name === 'undefined') return false;
  if (inner.type === AST_NODE_TYPES.TemplateLiteral && inner.expressions.length === 0) return false;
  if (!child) return true;
  const props = propsRead(inner, child.fn);
  // Bound from the component's own state or constants: not ours to judge.
  if (props.length === 0) return true;
  return props.some((prop) => passesProp(child.usage, prop, context));
}

/** The props of `fn` an expression reads: `value` in `String(value)`, `x` in `props.x`. */
function propsRead(expression: TSESTree.Node, fn: ComponentFunction): string[] {
  const { names, object } = componentProps(fn);
  const props: string[] = [];
  walkAst(expression, (node) => {
    if (node.type === AST_NODE_TYPES.MemberExpression && object) {
      const receiver = unwrapExpression(node.object);
      const name = memberName(node);
      if (receiver.type === AST_NODE_TYPES.Identifier && receiver.name === object && name) {
        props.push(name);
        return false;
      }
    }
    if (node.type === AST_NODE_TYPES.Identifier && names.has(node.name) && isValueReference(node)) {
      props.push(propNameOfLocal(fn, node.name) ?? node.name);
    }
    return true;
  });
  return props;
}

/** `<FieldInput value={values[field.name]} />` passes `value`; `{...props}` may. */
function passesProp(usage: TSESTree.JSXOpeningElement, prop: string, context: Context): boolean {
  if (hasSpreadAttribute(usage)) return true;
  const attribute = jsxAttribute(usage, prop);
  if (!attribute?.value) return false;
  if (attribute.value.type !== AST_NODE_TYPES.JSXExpressionContainer) return false;
  const expression = attribute.value.expression;
  return expression.type !== AST_NODE_TYPES.JSXEmptyExpression && rendersRuntimeValue(expression, undefined, context);
}

/** `<textarea>{bio}</textarea>`: the text between the tags is its value in server-rendered HTML. */
function rendersValue(node: TSESTree.JSXChild, child: ChildComponent | undefined, context: Context): boolean {
  if (node.type !== AST_NODE_TYPES.JSXExpressionContainer || node.expression.type === AST_NODE_TYPES.JSXEmptyExpression) return false;
  return rendersRuntimeValue(node.expression, child, context);
}

/** `<option selected={o === value}>`: the select renders its choice through its options. */
function selectsAnOption(select: TSESTree.JSXElement, child: ChildComponent | undefined, context: Context): boolean {
  let selects = false;
  walkAst(select, (node) => {
    if (selects) return false;
    if (node.type === AST_NODE_TYPES.JSXOpeningElement && intrinsicTagName(node) === 'option') {
      selects = SELECTED_PROPS.some((prop) => isBound(jsxAttribute(node, prop), child, context));
    }
    return true;
  });
  return selects;
}

function fieldName(attribute: TSESTree.JSXAttribute, context: Context): string {
  const texts = attributeTexts(attribute, context);
  if (texts?.length === 1 && texts[0] !== undefined && !hasDynamicPart(texts[0])) return `\`${texts[0]}\``;
  return attribute.value ? `\`${oneLineSnippet(context.sourceCode.getText(attribute.value))}\`` : '`name`';
}

function listFields(fields: readonly Field[]): string {
  const names = [...new Set(fields.map((field) => field.name))];
  const shown = names.slice(0, 3).join(', ');
  const more = names.length > 3 ? ` and ${names.length - 3} more` : '';
  return names.length === 1 ? `its field ${shown}` : `its fields ${shown}${more}`;
}

// ---------------------------------------------------------------------------
// The handler side: a failed validation answered with the form, without the input

/**
 * `if (!parsed.success)`, `if (result.error)`, `if (!errors.isEmpty())`,
 * `if (Object.keys(errors).length > 0)`: the branch that runs when the
 * submitted data did not validate.
 */
function isValidationFailure(test: TSESTree.Expression): boolean {
  const node = unwrapExpression(test);
  if (node.type === AST_NODE_TYPES.LogicalExpression) return isValidationFailure(node.left) || isValidationFailure(node.right);
  if (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === '!') return isValidationSuccess(node.argument);
  if (node.type === AST_NODE_TYPES.BinaryExpression) {
    const { left, right, operator } = node;
    if ((operator === '===' || operator === '==') && isFalse(right)) return isValidationSuccess(left);
    if (operator === '!==' || operator === '!=' || operator === '>') return isErrorValue(left) || isErrorCount(left);
    return false;
  }
  return isErrorValue(node);
}

/** `parsed.success`, `result.valid`, `errors.isEmpty()`, `!result.error`. */
function isValidationSuccess(test: TSESTree.Expression): boolean {
  const node = unwrapExpression(test);
  if (node.type === AST_NODE_TYPES.UnaryExpression && node.operator === '!') return isErrorValue(node.argument);
  if (node.type === AST_NODE_TYPES.MemberExpression) return SUCCESS_MEMBERS.has(memberName(node) ?? '');
  if (node.type === AST_NODE_TYPES.CallExpression) {
    const callee = unwrapExpression(node.callee);
    return callee.type === AST_NODE_TYPES.MemberExpression && memberName(callee) === 'isEmpty';
  }
  return false;
}

const SUCCESS_MEMBERS = new Set(['success', 'valid', 'isValid']);
/** Members that carry a validation's verdict or its errors, not the submitted values. */
const VERDICT_MEMBERS = new Set(['error', 'errors', 'issues', 'success', 'valid', 'isValid', 'fieldErrors']);
const ERROR_NAME = /^(?:errors?|fieldErrors|validationErrors|formErrors|issues|hasErrors)$/;

function isErrorValue(expression: TSESTree.Expression): boolean {
  const node = unwrapExpression(expression);
  if (node.type === AST_NODE_TYPES.Identifier) return ERROR_NAME.test(node.name);
  if (node.type === AST_NODE_TYPES.MemberExpression) return /^(?:error|errors|issues)$/.test(memberName(node) ?? '');
  return false;
}

/** `errors.length`, `Object.keys(errors).length`, `errors.size`. */
function isErrorCount(expression: TSESTree.Expression): boolean {
  const node = unwrapExpression(expression);
  if (node.type !== AST_NODE_TYPES.MemberExpression || !['length', 'size'].includes(memberName(node) ?? '')) return false;
  const object = unwrapExpression(node.object);
  if (isErrorValue(object)) return true;
  return object.type === AST_NODE_TYPES.CallExpression && object.arguments.some((arg) => arg.type !== AST_NODE_TYPES.SpreadElement && isErrorValue(arg));
}

function isFalse(node: TSESTree.Expression): boolean {
  return node.type === AST_NODE_TYPES.Literal && node.value === false;
}

/** `try { schema.parse(body) } catch { … }`: validators that throw (zod `parse`, joi `validateAsync`, class-validator). */
function validatesByThrowing(statement: TSESTree.TryStatement): boolean {
  let validates = false;
  walkAst(statement.block, (node) => {
    if (validates || isFunctionLike(node)) return false;
    if (node.type === AST_NODE_TYPES.CallExpression) {
      const callee = unwrapExpression(node.callee);
      if (callee.type === AST_NODE_TYPES.MemberExpression) {
        const receiver = unwrapExpression(callee.object);
        const isJson = receiver.type === AST_NODE_TYPES.Identifier && receiver.name === 'JSON';
        validates = !isJson && /^(?:parse|parseAsync|validate|validateAsync|validateSync|validateOrReject)$/.test(memberName(callee) ?? '');
      } else if (callee.type === AST_NODE_TYPES.Identifier) {
        validates = /^(?:validate|validateOrReject|validateSync)$/.test(callee.name);
      }
    }
    return true;
  });
  return validates;
}

function checkFailureBranch(branch: TSESTree.Node, context: Context): void {
  const handler = enclosingRequestHandler(branch, context);
  if (!handler) return;
  const submitted = submittedDataOf(handler.fn, context);
  // No body read in sight (a middleware parsed it, a DTO arrives typed): nothing to compare with.
  if (!submitted) return;
  for (const render of formRendersIn(branch, context)) {
    if (render.props.some((prop) => carriesSubmitted(prop, submitted, context))) continue;
    context.report({
      node: render.node,
      messageId: 'rerenderedWithoutInput',
      data: { handler: handler.kind, form: render.label, source: submitted.label },
    });
  }
}

interface FormRender {
  /** The call (`renderSettingsForm({…})`) or element (`<SettingsForm …>`) that renders an htmx form. */
  readonly node: TSESTree.Node;
  readonly label: string;
  /** What it is given: each argument, object-literal property or JSX attribute (error props left out). */
  readonly props: readonly TSESTree.Node[];
}

/** The renders of a self-swapping htmx form in a branch (not in functions declared there). */
function formRendersIn(branch: TSESTree.Node, context: Context): FormRender[] {
  const renders: FormRender[] = [];
  walkAst(branch, (node) => {
    if (isFunctionLike(node)) return false;
    if (node.type === AST_NODE_TYPES.CallExpression && rendersWipingForm(node, context)) {
      renders.push({ node, label: `${oneLineSnippet(context.sourceCode.getText(node.callee))}()`, props: callProps(node) });
    } else if (node.type === AST_NODE_TYPES.JSXElement && rendersWipingForm(node.openingElement, context)) {
      const name = componentName(node.openingElement) ?? '';
      renders.push({ node: node.openingElement, label: `<${name}>`, props: jsxProps(node.openingElement) });
    }
    return true;
  });
  return renders;
}

/** Props that carry the validation's errors: what they hold says nothing about the fields. */
const ERROR_PROP = /^(?:errors?|fieldErrors|validationErrors|formErrors|issues)$/i;

function callProps(call: TSESTree.CallExpression): TSESTree.Node[] {
  return call.arguments.flatMap((argument): TSESTree.Node[] => {
    const inner = argument.type === AST_NODE_TYPES.SpreadElement ? argument : unwrapExpression(argument);
    if (inner.type !== AST_NODE_TYPES.ObjectExpression) return [inner];
    return inner.properties.flatMap((property): TSESTree.Node[] => {
      if (property.type === AST_NODE_TYPES.SpreadElement) return [property.argument];
      const key = !property.computed && property.key.type === AST_NODE_TYPES.Identifier ? property.key.name : undefined;
      return key && ERROR_PROP.test(key) ? [] : [property.value];
    });
  });
}

function jsxProps(opening: TSESTree.JSXOpeningElement): TSESTree.Node[] {
  return opening.attributes.flatMap((attribute): TSESTree.Node[] => {
    if (attribute.type === AST_NODE_TYPES.JSXSpreadAttribute) return [attribute.argument];
    const name = attribute.name.type === AST_NODE_TYPES.JSXIdentifier ? attribute.name.name : '';
    return ERROR_PROP.test(name) || !attribute.value ? [] : [attribute.value];
  });
}

/**
 * Whether a call or component renders an htmx form that swaps itself: with
 * types, the declaration it resolves to in a project file (followed into the
 * same-file component it renders); without, a function or component declared
 * in this file.
 */
function rendersWipingForm(node: TSESTree.CallExpression | TSESTree.JSXOpeningElement, context: Context): boolean {
  const name =
    node.type === AST_NODE_TYPES.JSXOpeningElement
      ? componentName(node)
      : unwrapExpression(node.callee).type === AST_NODE_TYPES.Identifier
        ? (unwrapExpression(node.callee) as TSESTree.Identifier).name
        : undefined;
  const services = getTypeServices(context);
  if (services) {
    const checker = services.program.getTypeChecker();
    const declaration =
      node.type === AST_NODE_TYPES.CallExpression
        ? resolveCallTarget(node, context)?.declaration
        : name
          ? declarationOf(checker, services.esTreeNodeToTSNodeMap.get(node.name))
          : undefined;
    if (declaration && isProjectDeclaration(declaration)) {
      return tsHtmxFormsRenderedBy(declaration, checker).some((form) => tsFormWipes(form));
    }
  }
  if (!name) return false;
  const fn = sameFileComponent(name, node, context);
  return fn !== undefined && rendersWipingJsxForm(fn, context, 0);
}

function isProjectDeclaration(declaration: ts.Node): boolean {
  const file = declaration.getSourceFile();
  return !file.isDeclarationFile && !file.fileName.includes('/node_modules/');
}

function tsFormWipes(form: TsHtmxForm): boolean {
  if (form.hasSelect || form.swap === null || form.target === null) return false;
  const effect = swapEffect(form.swap);
  if (effect !== 'default' && effect !== 'content' && effect !== 'element') return false;
  if (form.target === undefined) return true;
  const target = parseTarget(form.target);
  return target.kind === 'this' || target.kind === 'closest';
}

function rendersWipingJsxForm(fn: ComponentFunction, context: Context, depth: number): boolean {
  let found = false;
  walkAst(fn.body, (node) => {
    if (found) return false;
    if (node.type !== AST_NODE_TYPES.JSXElement) return true;
    const opening = node.openingElement;
    if (intrinsicTagName(opening) === 'form') {
      found = htmxRequestOf(opening, SUBMIT_VERBS) !== undefined && wipingSwapOf(node, context) !== undefined;
      return !found;
    }
    const name = componentName(opening);
    const child = name && depth < 1 ? sameFileComponent(name, opening, context) : undefined;
    if (child && child !== fn) found = rendersWipingJsxForm(child, context, depth + 1);
    return true;
  });
  return found;
}

// ---------------------------------------------------------------------------
// What the user submitted, inside the handler

interface Submitted {
  /** `request.formData()`, `req.body`. */
  readonly label: string;
  /** Local names holding (part of) the submitted data. */
  readonly names: ReadonlySet<string>;
}

const submittedCache = new WeakMap<FunctionLike, Submitted | null>();

/**
 * The handler's reads of the request body and every local variable a value
 * derived from them flows into (`form`, `input`, `parsed`, `enabled`),
 * deliberately generous: a name counted as submitted silences the report.
 * Reading a validation's verdict (`parsed.error`, `parsed.success`) does not
 * carry the values on.
 */
function submittedDataOf(fn: FunctionLike, context: Context): Submitted | undefined {
  const cached = submittedCache.get(fn);
  if (cached !== undefined) return cached ?? undefined;
  let label: string | undefined;
  const flows: { targets: TSESTree.Node; value: TSESTree.Node }[] = [];
  walkAst(fn, (node) => {
    if (!label) {
      const input = requestInputOf(node, context);
      if (input?.part === 'body') label = input.label;
    }
    if (node.type === AST_NODE_TYPES.VariableDeclarator && node.init) flows.push({ targets: node.id, value: node.init });
    if (node.type === AST_NODE_TYPES.AssignmentExpression) flows.push({ targets: node.left, value: node.right });
    if (node.type === AST_NODE_TYPES.ForOfStatement) flows.push({ targets: node.left, value: node.right });
    return true;
  });
  const names = new Set<string>();
  const result = label ? { label, names } : undefined;
  if (result) {
    for (let changed = true, rounds = 0; changed && rounds < 8; rounds++) {
      changed = false;
      for (const flow of flows) {
        if (!carriesSubmitted(flow.value, result, context)) continue;
        for (const name of assignedNames(flow.targets)) {
          if (!names.has(name)) {
            names.add(name);
            changed = true;
          }
        }
      }
    }
  }
  submittedCache.set(fn, result ?? null);
  return result;
}

/** `x`, `{ a, b }`, `[a]`, `input[key]` → the local names a write lands in (defaults and computed keys left out). */
function assignedNames(target: TSESTree.Node): string[] {
  const node = target.type === AST_NODE_TYPES.VariableDeclaration ? target.declarations[0]?.id : target;
  switch (node?.type) {
    case AST_NODE_TYPES.Identifier:
      return [node.name];
    case AST_NODE_TYPES.MemberExpression: {
      let object: TSESTree.Node = node.object;
      while (object.type === AST_NODE_TYPES.MemberExpression) object = object.object;
      return object.type === AST_NODE_TYPES.Identifier ? [object.name] : [];
    }
    case AST_NODE_TYPES.ObjectPattern:
      return node.properties.flatMap((property) => assignedNames(property.type === AST_NODE_TYPES.Property ? property.value : property.argument));
    case AST_NODE_TYPES.ArrayPattern:
      return node.elements.flatMap((element) => (element ? assignedNames(element) : []));
    case AST_NODE_TYPES.AssignmentPattern:
      return assignedNames(node.left);
    case AST_NODE_TYPES.RestElement:
      return assignedNames(node.argument);
    default:
      return [];
  }
}

function carriesSubmitted(expression: TSESTree.Node, submitted: Submitted, context: Context): boolean {
  let carries = false;
  walkAst(expression, (node) => {
    if (carries) return false;
    if (node.type === AST_NODE_TYPES.MemberExpression && VERDICT_MEMBERS.has(memberName(node) ?? '')) return false;
    if (node.type === AST_NODE_TYPES.Identifier && submitted.names.has(node.name) && isValueReference(node)) {
      carries = true;
      return false;
    }
    if (requestInputOf(node, context)?.part === 'body') carries = true;
    return !carries;
  });
  return carries;
}
