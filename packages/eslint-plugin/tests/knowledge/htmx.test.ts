import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import {
  attributeTexts,
  hasHtmxAttribute,
  htmxAttribute,
  htmxNameOf,
  htmxSetting,
  isUnfilteredPoll,
  parseTarget,
  parseTriggers,
  swapEffect,
  swapStyle,
  swapTargetOf,
  tsHtmxFormsRenderedBy,
} from '../../src/knowledge/htmx.js';
import { getTypeServices, resolveCallTarget } from '../../src/knowledge/origin.js';
import { createRule } from '../../src/util/create-rule.js';
import { typedRuleTester, untypedRuleTester } from '../rule-tester.js';

describe('htmxNameOf', () => {
  it.each([
    ['hx-post', 'post'],
    ['data-hx-post', 'post'],
    ['hx-swap:inherited', 'swap'],
    ['data-hx-target:inherited', 'target'],
    ['hx-swap-oob', 'swap-oob'],
  ])('%s → %s', (name, expected) => {
    expect(htmxNameOf(name)).toBe(expected);
  });
  it.each(['className', 'data-id', 'hxPost', 'x-hx-post', 'aria-hx'])('%s is no htmx attribute', (name) => {
    expect(htmxNameOf(name)).toBeUndefined();
  });
});

describe('parseTriggers', () => {
  it('reads a poll and its interval', () => {
    expect(parseTriggers('every 5s')).toEqual([{ event: 'every', interval: '5s', text: 'every 5s' }]);
  });
  it('reads a poll filter with or without a space before it', () => {
    expect(parseTriggers('every 2s [!done]')[0]).toMatchObject({ event: 'every', interval: '2s', filter: '!done' });
    expect(parseTriggers("every 1s[document.visibilityState === 'visible']")[0]).toMatchObject({
      interval: '1s',
      filter: "document.visibilityState === 'visible'",
    });
  });
  it('splits comma-separated triggers, not commas inside a filter', () => {
    expect(parseTriggers('load, every 10s').map((trigger) => trigger.event)).toEqual(['load', 'every']);
    expect(parseTriggers('keyup[check(a, b)] changed delay:500ms, every 30s').map((trigger) => trigger.event)).toEqual(['keyup', 'every']);
  });
  it('reads event filters and keeps modifiers out of the event name', () => {
    expect(parseTriggers('click[ctrlKey] once')[0]).toMatchObject({ event: 'click', filter: 'ctrlKey' });
    expect(parseTriggers('load delay:1s')[0]).toMatchObject({ event: 'load' });
  });
  it('tells unfiltered polls', () => {
    expect(parseTriggers('every 500ms').every(isUnfilteredPoll)).toBe(true);
    expect(parseTriggers('every 2s [ready]').some(isUnfilteredPoll)).toBe(false);
    expect(parseTriggers('every 2s []').some(isUnfilteredPoll)).toBe(true);
    expect(parseTriggers('revealed, load').some(isUnfilteredPoll)).toBe(false);
    expect(parseTriggers('')).toEqual([]);
  });
});

describe('swapEffect', () => {
  it.each([
    [undefined, 'default'],
    ['', 'default'],
    ['innerHTML', 'content'],
    ['textContent', 'content'],
    ['outerHTML', 'element'],
    ['outerHTML settle:200ms', 'element'],
    ['swap:1s', 'default'],
    ['transition:true', 'default'],
    ['beforeend', 'insert'],
    ['append', 'insert'],
    ['afterend scroll:bottom', 'insert'],
    ['none', 'none'],
    ['delete', 'delete'],
    ['morph:outerHTML', 'morph'],
    ['outerMorph', 'morph'],
    ['innerMorph', 'morph'],
    ['${style}', 'unknown'],
    ['multi:#a,#b', 'unknown'],
    ['outerhtml', 'unknown'],
  ] as const)('%s → %s', (text, effect) => {
    expect(swapEffect(text)).toBe(effect);
  });
  it('names the written style', () => {
    expect(swapStyle('outerHTML transition:true')).toBe('outerHTML');
    expect(swapStyle('settle:1s')).toBeUndefined();
  });
});

describe('parseTarget', () => {
  it.each([
    ['this', { kind: 'this' }],
    ['closest form', { kind: 'closest', selector: 'form' }],
    ['closest .card', { kind: 'closest', selector: '.card' }],
    ['#settings', { kind: 'id', id: 'settings' }],
    ['#tile-${plugin.id}', { kind: 'id', id: 'tile-${plugin.id}' }],
    ['find .fields', { kind: 'elsewhere' }],
    ['next .error', { kind: 'elsewhere' }],
    ['previous p', { kind: 'elsewhere' }],
    ['.results', { kind: 'elsewhere' }],
    ['#modal .body', { kind: 'elsewhere' }],
    ['body', { kind: 'elsewhere' }],
    ['${target}', { kind: 'unknown' }],
  ] as const)('%s', (text, expected) => {
    expect(parseTarget(text)).toEqual(expected);
  });
});

// A test-only rule that reports, for every element with an htmx attribute, what
// the module reads: every text of `hx-trigger`, the swap that applies (and
// whose it is), and where the response lands.
const reportHtmx = createRule({
  name: 'report-htmx',
  meta: {
    type: 'problem',
    docs: { description: 'test', recommended: 'strict', domains: ['web'], seed: 'test' },
    messages: { htmx: '{{tag}} trigger={{trigger}} swap={{swap}} target={{target}}' },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    return {
      JSXElement(element) {
        const opening = element.openingElement;
        if (!hasHtmxAttribute(opening)) return;
        const trigger = htmxAttribute(opening, 'trigger');
        const triggerTexts = trigger ? attributeTexts(trigger, context) : [];
        const swap = htmxSetting(element, 'swap');
        const swapTexts = swap ? attributeTexts(swap.attribute, context) : undefined;
        const swapOwner = swap && swap.owner !== element ? ' (inherited)' : '';
        context.report({
          node: opening,
          messageId: 'htmx',
          data: {
            tag: opening.name.type === AST_NODE_TYPES.JSXIdentifier ? opening.name.name : '?',
            trigger: triggerTexts ? triggerTexts.map((text) => text ?? '∅').join('|') || '-' : '?',
            swap: swap ? `${swapTexts ? swapTexts.map((text) => text ?? '∅').join('|') : '?'}${swapOwner}` : '-',
            target: swapTargetOf(element, context),
          },
        });
      },
    };
  },
});

const read = (tag: string, trigger: string, swap: string, target: string) => ({
  messageId: 'htmx' as const,
  data: { tag, trigger, swap, target },
});

untypedRuleTester().run('htmx attribute reading (untyped)', reportHtmx, {
  valid: [
    { code: 'const page = <div className="tile" data-id="x">hi</div>;', filename: 'page.tsx' },
    { code: 'const field = <input name="q" hxPost="/x" />;', filename: 'page.tsx' },
  ],
  invalid: [
    {
      name: 'string, expression and template values',
      code: `
const a = <div hx-get="/a" hx-trigger="every 2s" />;
const b = <div hx-get="/b" hx-trigger={'load'} />;
const c = <div hx-get={\`/tiles/\${id}\`} hx-trigger={\`every \${seconds}s\`} />;
`,
      filename: 'page.tsx',
      errors: [
        { ...read('div', 'every 2s', '-', 'self'), line: 2, column: 11 },
        { ...read('div', 'load', '-', 'self'), line: 3, column: 11 },
        { ...read('div', 'every ${seconds}s', '-', 'self'), line: 4, column: 11 },
      ],
    },
    {
      name: 'conditional values: undefined, null and false stand for "not rendered"',
      code: `
const a = <div hx-get="/a" hx-trigger={running ? 'every 2s' : undefined} />;
const b = <div hx-get="/b" hx-trigger={running && 'every 2s'} />;
const c = <div hx-get="/c" hx-trigger={fast ? 'every 1s' : null} />;
const d = <div hx-get="/d" hx-trigger={custom ?? 'every 9s'} />;
`,
      filename: 'page.tsx',
      errors: [
        { ...read('div', 'every 2s|∅', '-', 'self'), line: 2 },
        { ...read('div', '∅|every 2s', '-', 'self'), line: 3 },
        { ...read('div', 'every 1s|∅', '-', 'self'), line: 4 },
        { ...read('div', '?', '-', 'self'), line: 5 },
      ],
    },
    {
      name: 'a same-file const is read; a prop is not',
      code: `
const POLL = 'every 10s';
let mutable = 'every 1s';
export function Status({ trigger }: { trigger: string }) {
  return (
    <section>
      <div hx-get="/a" hx-trigger={POLL} />
      <div hx-get="/b" hx-trigger={trigger} />
      <div hx-get="/c" hx-trigger={mutable} />
    </section>
  );
}
`,
      filename: 'page.tsx',
      errors: [
        { ...read('div', 'every 10s', '-', 'self'), line: 7 },
        { ...read('div', '?', '-', 'self'), line: 8 },
        { ...read('div', '?', '-', 'self'), line: 9 },
      ],
    },
    {
      name: 'hx-swap and hx-target are inherited from DOM ancestors, through conditionals and map callbacks, not from components',
      code: `
export function List({ items, open }: { items: string[]; open: boolean }) {
  return (
    <div hx-target="this" hx-swap="outerHTML">
      {open ? <button hx-post="/close">Close</button> : null}
      <ul>
        {items.map((item) => (
          <li key={item} hx-delete={\`/items/\${item}\`}>{item}</li>
        ))}
      </ul>
      <Card hx-swap="none">
        <a hx-get="/more">More</a>
      </Card>
    </div>
  );
}
`,
      filename: 'page.tsx',
      errors: [
        { ...read('div', '-', 'outerHTML', 'self'), line: 4 },
        { ...read('button', '-', 'outerHTML (inherited)', 'ancestor'), line: 5 },
        { ...read('li', '-', 'outerHTML (inherited)', 'ancestor'), line: 8 },
        { ...read('Card', '-', 'none', 'ancestor'), line: 11 },
        { ...read('a', '-', 'outerHTML (inherited)', 'ancestor'), line: 12 },
      ],
    },
    {
      name: 'data-hx-* and htmx 4 :inherited spellings',
      code: `
const a = (
  <main data-hx-swap:inherited="innerHTML">
    <form data-hx-post="/save" data-hx-target="closest main" />
  </main>
);
`,
      filename: 'page.tsx',
      errors: [
        { ...read('main', '-', 'innerHTML', 'self'), line: 3 },
        { ...read('form', '-', 'innerHTML (inherited)', 'enclosing'), line: 4 },
      ],
    },
    {
      name: 'targets: own and ancestor ids, closest matching the element itself, elsewhere and unknown',
      code: `
export function Tile({ id, target }: { id: string; target: string }) {
  return (
    <article id={\`tile-\${id}\`} className="tile card">
      <form id="f" hx-post="/a" hx-target="#f" />
      <button hx-post="/b" hx-target={\`#tile-\${id}\`} />
      <button hx-post="/c" hx-target="closest .tile" />
      <section className="card" hx-get="/d" hx-target="closest section.card" />
      <button hx-post="/e" hx-target="#modal" />
      <button hx-post="/f" hx-target={target} />
      <button hx-post="/g" hx-target="find .body" />
    </article>
  );
}
`,
      filename: 'page.tsx',
      errors: [
        { ...read('form', '-', '-', 'self'), line: 5 },
        { ...read('button', '-', '-', 'ancestor'), line: 6 },
        { ...read('button', '-', '-', 'enclosing'), line: 7 },
        { ...read('section', '-', '-', 'self'), line: 8 },
        { ...read('button', '-', '-', 'elsewhere'), line: 9 },
        { ...read('button', '-', '-', 'unknown'), line: 10 },
        { ...read('button', '-', '-', 'elsewhere'), line: 11 },
      ],
    },
    {
      name: 'a boolean attribute renders as an empty string; JSX in a .jsx file',
      code: `
export const Field = ({ value }) => <input id="q" name="q" hx-preserve hx-get="/suggest" hx-trigger="keyup changed delay:300ms" value={value} />;
`,
      filename: 'field.jsx',
      languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } },
      errors: [{ ...read('input', 'keyup changed delay:300ms', '-', 'self'), line: 2 }],
    },
  ],
});

// A test-only rule that reports calls whose declaration, reached through the
// type checker, renders htmx forms: how many, and each one's swap and target.
const reportTsForms = createRule({
  name: 'report-ts-forms',
  meta: {
    type: 'problem',
    docs: { description: 'test', recommended: 'strict', domains: ['web'], seed: 'test' },
    messages: { forms: '{{forms}}' },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    const services = getTypeServices(context);
    return {
      CallExpression(call) {
        const declaration = resolveCallTarget(call, context)?.declaration;
        if (!services || !declaration) return;
        const forms = tsHtmxFormsRenderedBy(declaration, services.program.getTypeChecker());
        if (forms.length === 0) return;
        const text = forms.map((form) => `swap=${String(form.swap)} target=${String(form.target)} select=${form.hasSelect}`).join('; ');
        context.report({ node: call, messageId: 'forms', data: { forms: text } });
      },
    };
  },
});

typedRuleTester().run('htmx forms in other files (typed)', reportTsForms, {
  valid: [
    {
      name: 'functions that render no htmx form',
      code: `
import { loadDigestSettings } from './htmx-settings-form.js';
export const settings = loadDigestSettings('u1');
`,
    },
  ],
  invalid: [
    {
      name: 'a renderer is followed into the same-file component it renders; forms elsewhere report their own swap and target',
      code: `
import { renderCommentBox, renderSearchBox, renderSettingsForm } from './htmx-settings-form.js';
export const html = [
  renderSettingsForm({ values: {}, errors: {} }),
  renderCommentBox(),
  renderSearchBox('q'),
];
`,
      errors: [
        { messageId: 'forms', data: { forms: 'swap=outerHTML target=undefined select=false' }, line: 4, column: 3 },
        { messageId: 'forms', data: { forms: 'swap=beforeend target=#thread select=false' }, line: 5, column: 3 },
      ],
    },
  ],
});
