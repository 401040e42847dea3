import { llmClientOf, outboundRequestOf } from '../../src/knowledge/outbound.js';
import { createRule } from '../../src/util/create-rule.js';
import { typedRuleTester, untypedRuleTester } from '../rule-tester.js';

// A test-only rule: reports every outbound request (its library, whether it goes
// through an instance, and the kinds of its option sources) and every LLM client.
const reportOutbound = createRule({
  name: 'report-outbound',
  meta: {
    type: 'problem',
    docs: { description: 'test', recommended: 'strict', domains: ['async'], seed: 'test' },
    messages: { request: '{{library}}{{instance}} [{{options}}]', client: '{{sdk}} {{option}} [{{options}}]' },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    return {
      CallExpression(call) {
        const found = outboundRequestOf(call, context);
        if (!found) return;
        context.report({
          node: call,
          messageId: 'request',
          data: { library: found.library, instance: found.viaInstance ? ' instance' : '', options: found.options.map((o) => o.kind).join(',') },
        });
      },
      NewExpression(node) {
        const found = llmClientOf(node, context);
        if (!found) return;
        context.report({
          node,
          messageId: 'client',
          data: { sdk: found.spec.sdk, option: found.spec.timeoutOption, options: found.options.map((o) => o.kind).join(',') },
        });
      },
    };
  },
});

untypedRuleTester().run('outbound knowledge (untyped)', reportOutbound, {
  valid: [
    {
      name: 'a shadowed fetch, project http helpers and non-request axios members are not requests',
      code: `
import { get } from './http';
import axios from 'axios';

function fetch(id: string) { return cache.get(id); }
fetch('a');
get('/users');
axios.isAxiosError(err);
axios.defaults.headers.common.authorization = token;
`,
    },
    {
      name: 'an instance factory alone makes no request, nor does a local class named like an SDK',
      code: `
import axios from 'axios';
import got from 'got';
class Anthropic {}

const api = axios.create({ timeout: 1_000 });
const client = got.extend({});
new Anthropic();
`,
    },
    {
      name: 'Twilio messages and a LangChain chat model are not LLM SDK constructions here',
      code: `
import twilio from 'twilio';
import { ChatOpenAI } from '@langchain/openai';

const sms = twilio(sid, token);
const model = new ChatOpenAI({ model: 'gpt-4o' });
`,
    },
  ],
  invalid: [
    {
      name: 'global fetch, undici, node-fetch and cross-fetch',
      code: `
import { fetch as uFetch, request } from 'undici';
import nodeFetch from 'node-fetch';
const crossFetch = require('cross-fetch');

fetch('https://a.example', { method: 'POST' });
uFetch('https://b.example');
request('https://c.example', init);
nodeFetch(url, { signal });
crossFetch(endpoint);
`,
      errors: [
        { messageId: 'request', line: 6, column: 1, data: { library: 'fetch', instance: '', options: 'object' } },
        { messageId: 'request', line: 7, column: 1, data: { library: 'fetch', instance: '', options: '' } },
        { messageId: 'request', line: 8, column: 1, data: { library: 'undici', instance: '', options: 'unknown' } },
        { messageId: 'request', line: 9, column: 1, data: { library: 'node-fetch', instance: '', options: 'object' } },
        { messageId: 'request', line: 10, column: 1, data: { library: 'node-fetch', instance: '', options: '' } },
      ],
    },
    {
      name: 'axios calls, an axios.create instance and axios.defaults.timeout',
      code: `
import axios from 'axios';

const api = axios.create({ baseURL: '/v1' });
api.defaults.timeout = 2_000;
axios('https://a.example');
axios.post(url, body, { timeout: 1 });
api.get('/users');
api({ url: '/users' });
`,
      errors: [
        { messageId: 'request', line: 6, column: 1, data: { library: 'axios', instance: '', options: '' } },
        { messageId: 'request', line: 7, column: 1, data: { library: 'axios', instance: '', options: 'object' } },
        { messageId: 'request', line: 8, column: 1, data: { library: 'axios', instance: ' instance', options: 'timeout-set,object' } },
        { messageId: 'request', line: 9, column: 1, data: { library: 'axios', instance: ' instance', options: 'object,timeout-set,object' } },
      ],
    },
    {
      name: 'got, ky, superagent and http(s)',
      code: `
import got from 'got';
import ky from 'ky';
import superagent from 'superagent';
import * as https from 'node:https';

const gh = got.extend({ prefixUrl: 'https://api.github.com' }).extend({ timeout: { request: 1 } });
gh.get('repos');
ky.post('https://k.example', { json: {} });
superagent.get('https://s.example').timeout(1_000);
https.get('https://h.example', (res) => res.resume());
`,
      errors: [
        { messageId: 'request', line: 8, column: 1, data: { library: 'got', instance: ' instance', options: 'object,object' } },
        { messageId: 'request', line: 9, column: 1, data: { library: 'ky', instance: '', options: 'object' } },
        { messageId: 'request', line: 10, column: 1, endColumn: 36, data: { library: 'superagent', instance: '', options: 'timeout-set' } },
        { messageId: 'request', line: 11, column: 1, data: { library: 'http', instance: '', options: '' } },
      ],
    },
    {
      name: 'LLM SDK clients',
      code: `
import OpenAI, { AzureOpenAI } from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import Groq from 'groq-sdk';
import { Mistral } from '@mistralai/mistralai';
import * as cohere from 'cohere-ai';

new OpenAI();
new AzureOpenAI({ timeout: 1 });
new Anthropic(options);
new Groq();
new Mistral({ timeoutMs: 1 });
new cohere.CohereClientV2({ token });
`,
      errors: [
        { messageId: 'client', line: 8, column: 1, data: { sdk: 'OpenAI', option: 'timeout', options: '' } },
        { messageId: 'client', line: 9, column: 1, data: { sdk: 'OpenAI', option: 'timeout', options: 'object' } },
        { messageId: 'client', line: 10, column: 1, data: { sdk: 'Anthropic', option: 'timeout', options: 'unknown' } },
        { messageId: 'client', line: 11, column: 1, data: { sdk: 'Groq', option: 'timeout', options: '' } },
        { messageId: 'client', line: 12, column: 1, data: { sdk: 'Mistral', option: 'timeoutMs', options: 'object' } },
        { messageId: 'client', line: 13, column: 1, data: { sdk: 'Cohere', option: 'timeoutInSeconds', options: 'object' } },
      ],
    },
  ],
});

typedRuleTester().run('outbound knowledge (typed)', reportOutbound, {
  valid: [
    {
      name: 'a project class named OpenAI is not the SDK, with types',
      code: `
class OpenAI { constructor(readonly key: string) {} }
export const local = new OpenAI('k');
`,
    },
  ],
  invalid: [
    {
      name: 'axios instances created in another module are followed to their creation',
      code: `
import search, { billingApi, crmApi } from './outbound-http-clients.js';

billingApi.get('/invoices');
crmApi.post('/contacts', {});
search.get('/q');
`,
      errors: [
        { messageId: 'request', line: 4, column: 1, data: { library: 'axios', instance: ' instance', options: 'ts-object' } },
        { messageId: 'request', line: 5, column: 1, data: { library: 'axios', instance: ' instance', options: 'ts-object' } },
        { messageId: 'request', line: 6, column: 1, data: { library: 'axios', instance: ' instance', options: 'ts-object' } },
      ],
    },
    {
      name: 'SDK classes resolved through their declarations',
      code: `
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';

export const a = new OpenAI({ timeout: 1 });
export const b = new Anthropic();
`,
      errors: [
        { messageId: 'client', line: 5, column: 18, data: { sdk: 'OpenAI', option: 'timeout', options: 'object' } },
        { messageId: 'client', line: 6, column: 18, data: { sdk: 'Anthropic', option: 'timeout', options: '' } },
      ],
    },
  ],
});
