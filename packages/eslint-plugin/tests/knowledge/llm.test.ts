import type { TSESTree } from '@typescript-eslint/utils';
import { llmCallOf } from '../../src/knowledge/llm.js';
import { requestInputOf } from '../../src/knowledge/request-input.js';
import { createRule } from '../../src/util/create-rule.js';
import { typedRuleTester, untypedRuleTester } from '../rule-tester.js';

// Test-only rules: one reports every call llmCallOf accepts (with its SDK and
// path), the other every expression requestInputOf accepts (with its label).
const reportModelCalls = createRule({
  name: 'report-model-calls',
  meta: {
    type: 'problem',
    docs: { description: 'test', recommended: 'strict', domains: ['llm'], seed: 'test' },
    messages: { model: '{{library}} {{path}}' },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    return {
      CallExpression(call) {
        const found = llmCallOf(call, context);
        if (found) context.report({ node: call, messageId: 'model', data: { library: found.library, path: found.path } });
      },
    };
  },
});

const reportRequestInput = createRule({
  name: 'report-request-input',
  meta: {
    type: 'problem',
    docs: { description: 'test', recommended: 'strict', domains: ['security'], seed: 'test' },
    messages: { input: '{{label}}' },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    const check = (node: TSESTree.Node) => {
      const input = requestInputOf(node, context);
      if (input) context.report({ node, messageId: 'input', data: { label: input.label } });
    };
    return { MemberExpression: check, CallExpression: check, 'ReturnStatement > Identifier': check };
  },
});

const model = (library: string, path: string) => ({ messageId: 'model' as const, data: { library, path } });
const input = (label: string) => ({ messageId: 'input' as const, data: { label } });

untypedRuleTester().run('llmCallOf without types', reportModelCalls, {
  valid: [
    { name: "Twilio's messages.create", code: `import twilio from 'twilio'; const client = twilio(); client.messages.create({ to, body });` },
    { name: 'messages.create on an unknown receiver', code: `slack.messages.create({ channel, text });` },
    { name: 'a project generateText', code: `function generateText(n) { return 'x'.repeat(n); } generateText(3);` },
    { name: 'generateText imported from the project', code: `import { generateText } from './lorem'; generateText(3);` },
    { name: 'invoke on a non-LangChain receiver', code: `lambda.invoke({ FunctionName: 'x' });` },
    { name: 'chat on an unknown receiver', code: `socket.chat('hello');` },
  ],
  invalid: [
    { code: `openai.chat.completions.create({ model, messages });`, errors: [model('OpenAI', 'chat.completions.create')] },
    { code: `this.client.responses.create({ model, input });`, errors: [model('OpenAI', 'responses.create')] },
    { code: `groq.chat.completions.create({ model, messages });`, errors: [model('OpenAI', 'chat.completions.create')] },
    {
      code: `import Anthropic from '@anthropic-ai/sdk'; const anthropic = new Anthropic(); anthropic.messages.create({ model, messages, max_tokens: 10 });`,
      errors: [model('Anthropic', 'messages.create')],
    },
    { code: `import { generateText, streamObject } from 'ai'; generateText({ model, prompt }); streamObject({ model, schema });`, errors: [model('AI SDK', 'generateText'), model('AI SDK', 'streamObject')] },
    { code: `import { ChatOpenAI } from '@langchain/openai'; const llm = new ChatOpenAI(); llm.invoke('hi');`, errors: [model('LangChain', 'invoke')] },
  ],
});

typedRuleTester().run('llmCallOf with types', reportModelCalls, {
  valid: [
    { name: 'a project object with a create method', code: `const store = { messages: { create: (x: string) => x } }; store.messages.create('x');` },
  ],
  invalid: [
    {
      code: `import Anthropic from '@anthropic-ai/sdk'; export async function ask(claude: Anthropic) { return claude.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 10, messages: [] }); }`,
      errors: [model('Anthropic', 'messages.create')],
    },
  ],
});

untypedRuleTester().run('requestInputOf without types', reportRequestInput, {
  valid: [
    { name: 'a body that is not a request', code: `function render(doc) { return doc.body; }` },
    { name: 'query of a query builder', code: `function list(builder) { return builder.query; }` },
    { name: 'json() of a fetch response', code: `async function load(url) { const response = await fetch(url); return response.json(); }` },
    { name: 'an undecorated parameter', code: `class C { run(dto) { return dto; } }` },
  ],
  invalid: [
    { code: `app.post('/x', (req, res) => req.body);`, errors: [input('req.body')] },
    { code: `export async function POST(request) { return request.json(); }`, errors: [input('request.json()')] },
    { code: `import Router from '@koa/router'; const router = new Router(); router.get('/x', (ctx) => ctx.request.body);`, errors: [input('ctx.request.body')] },
    { code: `import { Hono } from 'hono'; const app = new Hono(); app.post('/x', (c) => c.req.json());`, errors: [input('c.req.json()')] },
    {
      code: `import { Body, Controller, Post } from '@nestjs/common'; @Controller() class C { @Post() run(@Body() dto) { return dto; } }`,
      errors: [input('@Body() dto')],
    },
  ],
});
