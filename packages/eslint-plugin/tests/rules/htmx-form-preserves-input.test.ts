import rule from '../../src/rules/htmx-form-preserves-input.js';
import { typedRuleTester, untypedRuleTester } from '../rule-tester.js';

const component = 'src/views/profile-form.tsx';
const routes = 'src/routes/settings.tsx';
const jsx = { parserOptions: { ecmaFeatures: { jsx: true } } };

untypedRuleTester().run('htmx-form-preserves-input (untyped)', rule, {
  valid: [
    {
      name: 'every field renders the submitted value back',
      filename: component,
      code: `
export function ProfileForm({ values, errors }: { values: Record<string, string | undefined>; errors: Record<string, string> }) {
  return (
    <form hx-post="/profile" hx-swap="outerHTML">
      <input name="displayName" defaultValue={values.displayName} />
      {errors.displayName && <p className="error">{errors.displayName}</p>}
      <input name="email" type="email" value={values.email} />
      <textarea name="bio" defaultValue={values.bio} />
      <select name="timezone" defaultValue={values.timezone}>
        <option value="UTC">UTC</option>
        <option value="Europe/Paris">Paris</option>
      </select>
      <input name="newsletter" type="checkbox" defaultChecked={values.newsletter === 'on'} />
      <button type="submit">Save</button>
    </form>
  );
}
`,
    },
    {
      name: 'hx-swap="none": the response is not swapped in, the fields stay as typed',
      filename: component,
      code: `
export const Rename = ({ errors }: { errors: string[] }) => (
  <form hx-put="/project/name" hx-swap="none">
    <input name="name" />
    {errors.length > 0 && <ul className="errors">{errors.map((e) => <li key={e}>{e}</li>)}</ul>}
  </form>
);
`,
    },
    {
      name: 'innerHTML onto another element: only the error box is replaced',
      filename: component,
      code: `
export function SignupForm({ error }: { error?: string }) {
  return (
    <form hx-post="/signup" hx-target="#signup-errors" hx-swap="innerHTML">
      <input name="email" type="email" />
      <div id="signup-errors">{error}</div>
      <button>Sign up</button>
    </form>
  );
}
`,
    },
    {
      name: 'outerHTML with hx-select: the part of the response swapped in is not this JSX',
      filename: component,
      code: `
export function InviteForm({ errors }: { errors: Record<string, string> }) {
  return (
    <form hx-post="/invites" hx-swap="outerHTML" hx-select="#invite-result">
      <input name="email" />
      {errors.email ? <span className="error">{errors.email}</span> : null}
    </form>
  );
}
`,
    },
    {
      name: 'hx-preserve keeps the fields across the swap',
      filename: component,
      code: `
export function AddressForm({ errors }: { errors: Record<string, string> }) {
  return (
    <form hx-post="/address" hx-swap="outerHTML">
      <input id="street" name="street" hx-preserve />
      <input id="city" name="city" hx-preserve="true" />
      {errors.city && <p className="error">{errors.city}</p>}
    </form>
  );
}
`,
    },
    {
      name: 'fields without a name are not submitted, so the server could not render them back',
      filename: component,
      code: `
export function FilterableForm({ error }: { error?: string }) {
  return (
    <form hx-post="/tags" hx-swap="outerHTML">
      <input type="search" placeholder="Filter tags" />
      <input type="hidden" name="csrf" value="token" />
      {error && <p className="error">{error}</p>}
      <button>Save tags</button>
    </form>
  );
}
`,
    },
    {
      name: 'passwords, files, hidden and button inputs are never rendered back',
      filename: component,
      code: `
export function LoginForm({ email, error }: { email: string; error?: string }) {
  return (
    <form hx-post="/login" hx-swap="outerHTML">
      <input name="email" type="email" defaultValue={email} />
      <input name="password" type="password" />
      <input name="avatar" type="file" />
      <input name="next" type="hidden" />
      <input type="submit" name="action" value="Log in" />
      {error ? <p role="alert" className="error">{error}</p> : null}
    </form>
  );
}
`,
    },
    {
      name: 'an hx-get form (search, filters) changes nothing on the server',
      filename: component,
      code: `
export const SearchForm = ({ error }: { error?: string }) => (
  <form hx-get="/search" hx-swap="outerHTML">
    <input name="q" />
    {error && <small className="error">{error}</small>}
  </form>
);
`,
    },
    {
      name: 'a form that shows no validation error is not what the server answers a failed submission with',
      filename: component,
      code: `
export function NewsletterBox() {
  return (
    <form hx-post="/newsletter" hx-swap="outerHTML">
      <input name="email" type="email" required />
      <button>Subscribe</button>
    </form>
  );
}
`,
    },
    {
      name: 'Hono JSX: value, textarea text and a selected option',
      filename: component,
      code: `
/** @jsxImportSource hono/jsx */
import type { FC } from 'hono/jsx';

export const TaskForm: FC<{ task: { title: string; notes: string; priority: string }; errors: Record<string, string> }> = ({ task, errors }) => (
  <form hx-post="/tasks" hx-swap="outerHTML" class="task-form">
    <input name="title" value={task.title} />
    <textarea name="notes">{task.notes}</textarea>
    <select name="priority">
      {['low', 'high'].map((p) => (
        <option value={p} selected={p === task.priority}>{p}</option>
      ))}
    </select>
    {errors.title ? <p class="error">{errors.title}</p> : null}
  </form>
);
`,
    },
    {
      name: 'a same-file field component binds its value from a prop the form passes (the fixture shape)',
      filename: component,
      code: `
function FieldInput({ field, value }: { field: { name: string; type: string }; value: string | undefined }) {
  if (field.type === 'boolean') return <input name={field.name} type="checkbox" defaultChecked={value === 'true'} />;
  return <input id={\`setting-\${field.name}\`} name={field.name} defaultValue={value === undefined ? undefined : String(value)} />;
}

export function PluginSettings({ fields, values, errors }: { fields: { name: string; type: string }[]; values: Record<string, string>; errors: Record<string, string> }) {
  return (
    <form hx-post="/plugins/settings" hx-swap="outerHTML">
      {fields.map((field) => (
        <div key={field.name} className={errors[field.name] ? 'field field-error' : 'field'}>
          <FieldInput field={field} value={values[field.name]} />
        </div>
      ))}
    </form>
  );
}
`,
    },
    {
      name: 'fields rendered by an imported component or through spread props are not judged',
      filename: component,
      code: `
import { TextField } from '@acme/ui';

export function ContactForm({ form, errors }: { form: { register(name: string): object }; errors: Record<string, string> }) {
  return (
    <form hx-post="/contact" hx-swap="outerHTML">
      <TextField name="subject" label="Subject" />
      <input {...form.register('email')} name="email" />
      {errors.subject && <p className="error">{errors.subject}</p>}
    </form>
  );
}
`,
    },
    {
      name: 'a swap style or target only known at run time',
      filename: component,
      code: `
export function InlineForm({ swap, target, error }: { swap: string; target: string; error?: string }) {
  return (
    <>
      <form hx-post="/a" hx-swap={swap}>
        <input name="a" />
        {error}
      </form>
      <form hx-post="/b" hx-target={target}>
        <input name="b" />
        {error}
      </form>
    </>
  );
}
`,
    },
    {
      name: 'morphs and inserting swaps: what they keep depends on the extension, or nothing is replaced',
      filename: component,
      code: `
export function Forms({ error }: { error?: string }) {
  return (
    <>
      <form hx-post="/a" hx-swap="morph:outerHTML" hx-ext="morph">
        <input name="a" />
        {error}
      </form>
      <form hx-post="/b" hx-swap="beforeend">
        <input name="b" />
        {error}
      </form>
      <form hx-post="/c" hx-target="find .result">
        <input name="c" />
        {error}
        <div className="result" />
      </form>
    </>
  );
}
`,
    },
    {
      name: 'read-only and disabled fields, and an error shown only by an event handler',
      filename: component,
      code: `
export function Forms({ account, errors }: { account: { id: string }; errors: Record<string, string> }) {
  return (
    <>
      <form hx-patch={\`/accounts/\${account.id}\`} hx-swap="outerHTML">
        <input name="accountId" readOnly defaultValue={account.id} />
        <input name="plan" disabled={true} />
        <input name="region" readOnly />
        {errors.plan ? <p className="error">{errors.plan}</p> : null}
      </form>
      <form hx-post="/feedback" hx-swap="outerHTML" onSubmit={() => console.error('sent')}>
        <textarea name="feedback" />
      </form>
    </>
  );
}
`,
    },
    {
      name: 'Hono: the failed validation is answered with the submitted values',
      filename: routes,
      code: `
/** @jsxImportSource hono/jsx */
import { Hono } from 'hono';
import { z } from 'zod';

const schema = z.object({ title: z.string().min(1), notes: z.string() });
const app = new Hono();

function TaskForm({ values, errors }: { values: { title?: string; notes?: string }; errors: Record<string, string[] | undefined> }) {
  return (
    <form hx-post="/tasks" hx-swap="outerHTML">
      <input name="title" value={values.title} />
      {errors.title ? <p class="error">{errors.title[0]}</p> : null}
      <textarea name="notes">{values.notes}</textarea>
    </form>
  );
}

app.post('/tasks', async (c) => {
  const body = await c.req.parseBody();
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    return c.html(<TaskForm values={{ title: String(body.title ?? ''), notes: String(body.notes ?? '') }} errors={parsed.error.flatten().fieldErrors} />);
  }
  return c.html(<TaskForm values={parsed.data} errors={{}} />);
});
`,
    },
    {
      name: 'Hono: an error branch outside any request handler, and a success branch re-rendering stored values',
      filename: routes,
      code: `
/** @jsxImportSource hono/jsx */
import { Hono } from 'hono';
import { z } from 'zod';

const schema = z.object({ title: z.string().min(1) });
const app = new Hono();
declare function loadTask(id: string): Promise<{ title: string }>;

function TaskForm({ values, errors }: { values: { title?: string }; errors: Record<string, string[] | undefined> }) {
  return (
    <form hx-post="/tasks" hx-swap="outerHTML">
      <input name="title" value={values.title} />
      {errors.title ? <p class="error">{errors.title[0]}</p> : null}
    </form>
  );
}

export function preview(input: unknown, saved: { title: string }) {
  const parsed = schema.safeParse(input);
  if (!parsed.success) return <TaskForm values={saved} errors={parsed.error.flatten().fieldErrors} />;
  return <TaskForm values={parsed.data} errors={{}} />;
}

app.post('/tasks/:id', async (c) => {
  const body = await c.req.parseBody();
  const parsed = schema.safeParse(body);
  if (parsed.success) {
    return c.html(<TaskForm values={await loadTask(c.req.param('id'))} errors={{}} />);
  }
  return c.html(<TaskForm values={{ title: String(body.title) }} errors={parsed.error.flatten().fieldErrors} />);
});
`,
    },
    {
      name: 'odd JSX: member and namespaced tags, boolean htmx attributes, computed renderers, optional chaining',
      filename: routes,
      code: `
import { Hono } from 'hono';
declare const ui: any;
declare const renderers: Record<string, (values: unknown) => string>;
const app = new Hono();

export const Odd = ({ errors }: { errors?: Record<string, string> }) => (
  <ui.Form hx-post="/odd" hx-swap="outerHTML">
    <svg:g />
    <form hx-post hx-swap>
      <input name="a" defaultValue={errors?.['a'] && ''} />
      {errors?.['a']}
    </form>
  </ui.Form>
);

app.post('/odd', async (c) => {
  const body: any = await c.req.parseBody();
  const parsed = (globalThis as any).schema?.safeParse?.(body);
  if (!parsed?.success) return c.html(renderers[String(c.req.query('kind'))]!(undefined));
  if (parsed.error) return c.html(new (ui.Form)() as string);
  return c.text('ok');
});
`,
    },
    {
      name: 'a .jsx component with every field bound',
      filename: 'src/views/profile.jsx',
      languageOptions: jsx,
      code: `
export function Profile({ values, errors }) {
  return (
    <form hx-post="/profile" hx-swap="outerHTML">
      <input name="nickname" defaultValue={values.nickname} />
      {errors.nickname && <p className="error">{errors.nickname}</p>}
    </form>
  );
}
`,
    },
  ],
  invalid: [
    {
      name: 'outerHTML swap, errors shown, no field renders what was typed',
      filename: component,
      code: `
export function ProfileForm({ errors }: { errors: Record<string, string> }) {
  return (
    <form hx-post="/profile" hx-swap="outerHTML" className="profile-form">
      <label htmlFor="displayName">Display name</label>
      <input id="displayName" name="displayName" />
      {errors.displayName && <p className="error">{errors.displayName}</p>}
      <input name="email" type="email" />
      <input name="newsletter" type="checkbox" value="yes" />
      <input name="website" type="url" value="" />
      <button type="submit">Save</button>
    </form>
  );
}
`,
      errors: [
        {
          messageId: 'formWipesInput',
          data: { verb: 'post', swap: '`outerHTML`', fields: 'its fields `displayName`, `email`, `newsletter` and 1 more' },
          line: 4,
          column: 5,
          endLine: 4,
          endColumn: 75,
        },
      ],
    },
    {
      name: 'no hx-swap: innerHTML, the default, over the form itself',
      filename: component,
      code: `
export const FeedbackForm = ({ error }: { error?: string }) => (
  <form hx-post="/feedback">
    <textarea name="message" rows={6} />
    {error ? <p role="alert">{error}</p> : null}
    <button>Send</button>
  </form>
);
`,
      errors: [
        {
          messageId: 'formWipesInput',
          data: { verb: 'post', swap: "`innerHTML`, htmx's default", fields: 'its field `message`' },
          line: 3,
          column: 3,
        },
      ],
    },
    {
      name: 'hx-swap and hx-target="this" inherited from the card around the form',
      filename: component,
      code: `
export function BillingCard({ fieldErrors }: { fieldErrors: Record<string, string> }) {
  return (
    <section className="card" hx-target="this" hx-swap="outerHTML">
      <h2>Billing</h2>
      <form hx-put="/billing">
        <input name="vatNumber" aria-invalid={Boolean(fieldErrors.vatNumber)} />
        <select name="country">
          <option value="FR">France</option>
          <option value="DE">Germany</option>
        </select>
      </form>
    </section>
  );
}
`,
      errors: [
        {
          messageId: 'formWipesInput',
          data: { verb: 'put', swap: '`outerHTML` on an element around it', fields: 'its fields `vatNumber`, `country`' },
          line: 6,
          column: 7,
        },
      ],
    },
    {
      name: 'a same-file field component binds from a prop the form never passes',
      filename: component,
      code: `
function FieldInput({ field, value }: { field: { name: string }; value?: string }) {
  return <input name={field.name} defaultValue={value} />;
}

export function PluginSettings({ fields, errors }: { fields: { name: string }[]; errors: Record<string, string> }) {
  return (
    <form hx-post="/plugins/settings" hx-swap="outerHTML">
      {fields.map((field) => (
        <div key={field.name}>
          <FieldInput field={field} />
          {errors[field.name] ? <span className="error">{errors[field.name]}</span> : null}
        </div>
      ))}
    </form>
  );
}
`,
      errors: [
        {
          messageId: 'formWipesInput',
          data: { verb: 'post', swap: '`outerHTML`', fields: 'its field `{field.name}`' },
          line: 8,
          column: 5,
        },
      ],
    },
    {
      name: 'a same-file field component that renders no value at all, passed a literal',
      filename: component,
      code: `
const TextInput = (props: { name: string; initial: string }) => <input name={props.name} defaultValue={props.initial} />;
const Toggle = ({ name }: { name: string }) => <input name={name} type="checkbox" />;

export function AlertSettings({ errors }: { errors: string[] }) {
  return (
    <form data-hx-patch="/alerts" data-hx-swap="outerHTML">
      <TextInput name="threshold" initial="" />
      <Toggle name="muted" />
      <FieldErrors errors={errors} />
    </form>
  );
}
`,
      errors: [
        {
          messageId: 'formWipesInput',
          data: { verb: 'patch', swap: '`outerHTML`', fields: 'its fields `{props.name}`, `{name}`' },
          line: 7,
          column: 5,
        },
      ],
    },
    {
      name: 'innerHTML into the enclosing section, through closest',
      filename: component,
      code: `
export function InviteSection({ error }: { error?: string }) {
  return (
    <section className="invites">
      <form hx-post="/invites" hx-target="closest section" hx-swap="innerHTML">
        <input name="email" type="email" />
        {error && <p className="error">{error}</p>}
      </form>
    </section>
  );
}
`,
      errors: [
        {
          messageId: 'formWipesInput',
          data: { verb: 'post', swap: '`innerHTML` on an element around it', fields: 'its field `email`' },
          line: 5,
          column: 7,
        },
      ],
    },
    {
      name: 'a .jsx component',
      filename: 'src/views/comment.jsx',
      languageOptions: jsx,
      code: `
export function CommentForm({ errors }) {
  return (
    <form hx-post="/comments" hx-target="this" hx-swap="outerHTML">
      <textarea name="body"></textarea>
      {errors.body && <p className="error">{errors.body}</p>}
    </form>
  );
}
`,
      errors: [{ messageId: 'formWipesInput', data: { verb: 'post', swap: '`outerHTML`', fields: 'its field `body`' }, line: 4, column: 5 }],
    },
    {
      name: 'Hono: the failed validation is answered with the stored values',
      filename: routes,
      code: `
/** @jsxImportSource hono/jsx */
import { Hono } from 'hono';
import { z } from 'zod';

const schema = z.object({ title: z.string().min(1), notes: z.string() });
const app = new Hono();
declare function loadTask(id: string): Promise<{ title: string; notes: string }>;

function TaskForm({ values, errors }: { values: { title?: string; notes?: string }; errors: Record<string, string[] | undefined> }) {
  return (
    <form hx-post="/tasks" hx-swap="outerHTML">
      <input name="title" value={values.title} />
      {errors.title ? <p class="error">{errors.title[0]}</p> : null}
      <textarea name="notes">{values.notes}</textarea>
    </form>
  );
}

app.post('/tasks/:id', async (c) => {
  const body = await c.req.parseBody();
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const task = await loadTask(c.req.param('id'));
    return c.html(<TaskForm values={task} errors={parsed.error.flatten().fieldErrors} />, 200);
  }
  return c.html(<TaskForm values={parsed.data} errors={{}} />);
});
`,
      errors: [
        {
          messageId: 'rerenderedWithoutInput',
          data: { handler: 'Hono route handler', form: '<TaskForm>', source: 'c.req.parseBody()' },
          line: 25,
          column: 19,
        },
      ],
    },
    {
      name: 'Hono: a validator that throws, answered from the catch with a same-file renderer and stored values',
      filename: routes,
      code: `
/** @jsxImportSource hono/jsx */
import { Hono } from 'hono';
import { z } from 'zod';

const schema = z.object({ digestHour: z.coerce.number().int().min(0).max(23) });
const app = new Hono();
declare const settingsStore: { get(userId: string): Promise<{ digestHour: number }> };

function renderDigestForm(values: { digestHour?: number }, error?: string) {
  return (
    <form hx-post="/settings/digest">
      <input name="digestHour" type="number" value={values.digestHour} />
      {error ? <p class="error">{error}</p> : null}
    </form>
  );
}

app.post('/settings/digest', async (c) => {
  const form = await c.req.formData();
  try {
    const settings = schema.parse(Object.fromEntries(form));
    return c.html(renderDigestForm(settings));
  } catch {
    const saved = await settingsStore.get(c.get('userId'));
    return c.html(renderDigestForm(saved, 'Pick an hour between 0 and 23.'));
  }
});
`,
      errors: [
        {
          messageId: 'rerenderedWithoutInput',
          data: { handler: 'Hono route handler', form: 'renderDigestForm()', source: 'c.req.formData()' },
          line: 26,
          column: 19,
        },
      ],
    },
  ],
});

typedRuleTester().run('htmx-form-preserves-input (typed)', rule, {
  valid: [
    {
      name: 'Express: the failed validation re-renders the imported form with what was posted',
      code: `
import express from 'express';
import { z } from 'zod';
import { renderSettingsForm } from './htmx-settings-form.js';

const schema = z.object({ digestHour: z.coerce.number().int().min(0).max(23), topics: z.string() });
const app = express();
app.use(express.urlencoded({ extended: false }));

app.post('/settings/digest', (req, res) => {
  const parsed = schema.safeParse(req.body);
  if (!parsed.success) {
    res.status(200).send(renderSettingsForm({ values: req.body, errors: parsed.error.flatten().fieldErrors }));
    return;
  }
  res.send(renderSettingsForm({ values: { digestHour: String(parsed.data.digestHour), topics: parsed.data.topics }, errors: {}, saved: true }));
});
`,
    },
    {
      name: 'Express: the GET renders stored values, and a failed comment re-renders a form that is not replaced',
      code: `
import express from 'express';
import { renderCommentBox, renderSettingsForm, loadDigestSettings } from './htmx-settings-form.js';

const app = express();
app.use(express.urlencoded({ extended: false }));

app.get('/settings/digest', async (req, res) => {
  res.send(renderSettingsForm({ values: await loadDigestSettings(String(req.query.user)), errors: {} }));
});

app.post('/comments', (req, res) => {
  const body = typeof req.body.body === 'string' ? req.body.body.trim() : '';
  if (body.length === 0) {
    res.send(renderCommentBox('Write something first.'));
    return;
  }
  res.status(201).send('');
});
`,
    },
    {
      name: 'Express: the handler reads no body (the values arrive through a validated DTO elsewhere)',
      code: `
import express from 'express';
import { renderSettingsForm, loadDigestSettings } from './htmx-settings-form.js';

const app = express();
declare function validateDigest(userId: string): { errors: Record<string, string> };

app.post('/settings/digest/check', async (req, res) => {
  const result = validateDigest(String(res.locals.userId));
  if (Object.keys(result.errors).length > 0) {
    res.send(renderSettingsForm({ values: await loadDigestSettings(String(res.locals.userId)), errors: result.errors }));
  }
});
`,
    },
  ],
  invalid: [
    {
      name: 'Express: the failed validation re-renders the imported form from the database (the seed shape)',
      code: `
import express from 'express';
import { z } from 'zod';
import { loadDigestSettings, renderSettingsForm } from './htmx-settings-form.js';

const schema = z.object({ digestHour: z.coerce.number().int().min(0).max(23), topics: z.string() });
const app = express();
app.use(express.urlencoded({ extended: false }));

app.post('/settings/digest', async (req, res) => {
  const userId = String(res.locals.userId);
  const parsed = schema.safeParse(req.body);
  if (!parsed.success) {
    const stored = await loadDigestSettings(userId);
    res.send(renderSettingsForm({ values: stored, errors: parsed.error.flatten().fieldErrors }));
    return;
  }
  res.send(renderSettingsForm({ values: { digestHour: String(parsed.data.digestHour), topics: parsed.data.topics }, errors: {}, saved: true }));
});
`,
      errors: [
        {
          messageId: 'rerenderedWithoutInput',
          data: { handler: 'Express route handler', form: 'renderSettingsForm()', source: 'req.body' },
          line: 15,
          column: 14,
        },
      ],
    },
    {
      name: 'Express + JSX: the imported component rendered from stored values in the else branch',
      filename: 'react.tsx',
      code: `
import express from 'express';
import { z } from 'zod';
import { SettingsForm, loadDigestSettings } from './htmx-settings-form.js';

declare function renderToHtml(node: unknown): string;
const schema = z.object({ topics: z.string().min(1) });
const app = express();

app.post('/settings/topics', async (req, res) => {
  const result = schema.safeParse(req.body);
  if (result.success) {
    res.send('Saved');
  } else {
    res.send(renderToHtml(<SettingsForm values={await loadDigestSettings('me')} errors={{ topics: 'Pick at least one topic.' }} />));
  }
});
`,
      errors: [
        {
          messageId: 'rerenderedWithoutInput',
          data: { handler: 'Express route handler', form: '<SettingsForm>', source: 'req.body' },
          line: 15,
          column: 27,
        },
      ],
    },
  ],
});
