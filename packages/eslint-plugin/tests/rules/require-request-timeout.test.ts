import rule from '../../src/rules/require-request-timeout.js';
import path from 'node:path';
import { fixtureDir, typedRuleTester, untypedRuleTester } from '../rule-tester.js';

const FETCH_WAIT =
  "Node's `fetch` waits up to 5 minutes for the response headers and as long again between body chunks (undici's defaults), other runtimes as long as the connection stays open";
const FETCH_FIX = "`signal: AbortSignal.timeout(ms)` (with a caller's signal: `AbortSignal.any([signal, AbortSignal.timeout(ms)])`)";
const AXIOS_WAIT = "axios's default `timeout` is 0, no limit";
const OPENAI_WAIT = 'up to 10 minutes per attempt (the SDK default), and a timed-out request is retried twice';

untypedRuleTester().run('require-request-timeout (untyped)', rule, {
  valid: [
    {
      name: 'a browser tracker script: it reads window and navigator, the page bounds its requests',
      code: `
export function send(endpoint, payload) {
  if (navigator.doNotTrack === '1') return;
  return fetch(endpoint, { keepalive: true, method: 'POST', body: JSON.stringify({ payload, url: window.location.href }) });
}
`,
    },
    {
      name: 'a zustand store module checking for updates from the page',
      code: `
import { create } from 'zustand';
const store = create(() => ({ latest: null }));
export async function checkVersion(url) {
  const data = await fetch(url, { headers: { Accept: 'application/json' } }).then((res) => (res.ok ? res.json() : null));
  store.setState({ latest: data?.latest ?? null });
}
`,
    },
    {
      name: 'fetch with AbortSignal.timeout',
      code: `
export async function lookupCountry(baseUrl: string, ip: string) {
  const response = await fetch(\`\${baseUrl}/v1/country/\${ip}\`, {
    headers: { accept: 'application/json' },
    signal: AbortSignal.timeout(2_000),
  });
  return response.ok ? response.json() : null;
}
`,
    },
    {
      name: 'fetch wrapper that passes the caller signal through',
      code: `
export async function getJson(url: string, signal: AbortSignal) {
  const response = await fetch(url, { signal });
  return response.json();
}
export async function postJson(url: string, body: unknown, options: { signal?: AbortSignal } = {}) {
  return fetch(url, { method: 'POST', body: JSON.stringify(body), signal: options.signal });
}
`,
    },
    {
      name: 'AbortSignal.any with a timeout among the signals',
      code: `
export async function proxy(req, upstreamUrl: string) {
  const signal = AbortSignal.any([req.signal, AbortSignal.timeout(10_000)]);
  return fetch(upstreamUrl, { method: 'GET', signal });
}
`,
    },
    {
      name: 'AbortController aborted by a timer',
      code: `
export async function deliverWebhook(url: string, payload: unknown) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 5_000);
  try {
    return await fetch(url, { method: 'POST', body: JSON.stringify(payload), signal: controller.signal });
  } finally {
    clearTimeout(timer);
  }
}
`,
    },
    {
      name: 'AbortController aborted by a bound timer callback',
      code: `
export async function ping(url: string) {
  const controller = new AbortController();
  setTimeout(controller.abort.bind(controller), 1_000).unref();
  await fetch(url, { signal: controller.signal });
}
`,
    },
    {
      name: 'options from a variable or a spread from elsewhere are not judged',
      code: `
import { defaultInit } from './http-defaults';

export async function sendEvent(url: string, init: RequestInit, event: unknown) {
  await fetch(url, init);
  await fetch(url, { ...defaultInit, method: 'POST', body: JSON.stringify(event) });
}
`,
    },
    {
      name: 'fetch(request): a Request object carries its own signal',
      code: `
export async function forward(request: Request) {
  return fetch(request);
}
`,
    },
    {
      name: 'a project function named fetch is not the global fetch',
      code: `
import { fetch } from './api-client';

export async function loadInvoices(customerId: string) {
  return fetch(\`/customers/\${customerId}/invoices\`);
}
`,
    },
    {
      name: 'axios instance created with a timeout in the same module',
      code: `
import axios from 'axios';

const payments = axios.create({ baseURL: process.env.PAYMENTS_URL, timeout: 8_000 });

export async function capture(paymentId: string) {
  const { data } = await payments.post(\`/payments/\${paymentId}/capture\`, {});
  return data;
}
`,
    },
    {
      name: 'axios default instance with defaults.timeout set in the module',
      code: `
import axios from 'axios';

axios.defaults.timeout = 10_000;

export async function fetchRates() {
  const { data } = await axios.get('https://api.exchangerate.host/latest');
  return data;
}
`,
    },
    {
      name: 'axios calls with a timeout or a timed signal in the config',
      code: `
const axios = require('axios');

async function sync(user) {
  await axios.post('https://crm.example.com/contacts', user, { timeout: 5_000 });
  await axios({ method: 'delete', url: \`https://crm.example.com/contacts/\${user.id}\`, signal: AbortSignal.timeout(5_000) });
  return axios.request({ url: 'https://crm.example.com/health', timeout: 1_000 });
}
`,
    },
    {
      name: 'axios instance injected into a NestJS service: where it was created is not visible',
      code: `
import { Injectable } from '@nestjs/common';
import type { AxiosInstance } from 'axios';

@Injectable()
export class GeocodingService {
  constructor(private readonly http: AxiosInstance) {}

  async geocode(address: string) {
    const { data } = await this.http.get('/geocode', { params: { address } });
    return data;
  }
}
`,
    },
    {
      name: 'class property axios instance with a timeout',
      code: `
import axios from 'axios';

export class SlackNotifier {
  private readonly http = axios.create({ baseURL: 'https://slack.com/api', timeout: 3_000 });

  async post(channel: string, text: string) {
    await this.http.post('/chat.postMessage', { channel, text });
  }
}
`,
    },
    {
      name: 'got with a timeout, and a got.extend instance with one',
      code: `
import got from 'got';

const github = got.extend({ prefixUrl: 'https://api.github.com', timeout: { request: 10_000 } });

export async function repo(name: string) {
  const meta = await github.get(\`repos/\${name}\`).json();
  const readme = await got(\`https://raw.githubusercontent.com/\${name}/main/README.md\`, { timeout: { request: 5_000 } }).text();
  return { meta, readme };
}
`,
    },
    {
      name: 'ky is bounded by its 10-second default',
      code: `
import ky from 'ky';

const api = ky.create({ prefixUrl: 'https://api.example.com' });

export const getUser = (id: string) => api.get(\`users/\${id}\`).json();
export const health = () => ky('https://status.example.com/health').text();
`,
    },
    {
      name: 'superagent with a timeout in the chain',
      code: `
import superagent from 'superagent';

export async function shorten(url: string) {
  const res = await superagent.post('https://api-ssl.bitly.com/v4/shorten').send({ long_url: url }).timeout({ response: 2_000, deadline: 5_000 });
  return res.body.link;
}
`,
    },
    {
      name: 'https.request with a timeout option, and https.get with req.setTimeout',
      code: `
import https from 'node:https';

export function postMetric(body: string) {
  const req = https.request('https://metrics.internal/ingest', { method: 'POST', timeout: 2_000 }, (res) => res.resume());
  req.on('timeout', () => req.destroy());
  req.end(body);
}

export function probe(url: string) {
  const req = https.get(url, (res) => res.resume());
  req.setTimeout(1_000, () => req.destroy(new Error('probe timed out')));
}
`,
    },
    {
      name: 'undici request with headersTimeout',
      code: `
import { request } from 'undici';

export async function pull(url: string) {
  const { body } = await request(url, { headersTimeout: 5_000, bodyTimeout: 30_000 });
  return body.json();
}
`,
    },
    {
      name: 'OpenAI and Anthropic clients constructed with a timeout',
      code: `
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';

export const openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY, timeout: 30_000, maxRetries: 1 });
export const anthropic = new Anthropic({ timeout: 60 * 1000 });
`,
    },
    {
      name: 'LLM client options from elsewhere, or a custom fetch that may carry the deadline',
      code: `
import OpenAI from 'openai';
import { clientOptions } from './config';
import { fetchWithDeadline } from './http';

export const openai = new OpenAI(clientOptions);
export const groqCompatible = new OpenAI({ ...clientOptions, baseURL: 'https://api.groq.com/openai/v1' });
export const proxied = new OpenAI({ apiKey: process.env.OPENAI_API_KEY, fetch: fetchWithDeadline });
`,
    },
    {
      name: 'LLM client bounded per request instead of at construction',
      code: `
import OpenAI from 'openai';

const client = new OpenAI();

export async function summarize(text: string) {
  const completion = await client.chat.completions.create(
    { model: 'gpt-4o-mini', messages: [{ role: 'user', content: text }] },
    { timeout: 20_000 },
  );
  return completion.choices[0]?.message.content;
}
`,
    },
    {
      name: 'Mistral with timeoutMs and Cohere with timeoutInSeconds',
      code: `
import { Mistral } from '@mistralai/mistralai';
import { CohereClientV2 } from 'cohere-ai';

export const mistral = new Mistral({ apiKey: process.env.MISTRAL_API_KEY, timeoutMs: 30_000 });
export const cohere = new CohereClientV2({ token: process.env.CO_API_KEY, timeoutInSeconds: 30 });
`,
    },
    {
      name: "a 'use client' module fetches from the browser",
      code: `
'use client';

export async function loadProfile(userId: string) {
  const response = await fetch(\`https://api.example.com/users/\${userId}\`);
  return response.json();
}
`,
    },
    {
      name: 'a same-origin path only resolves in a browser',
      code: `
export async function saveDraft(draft: { id: string }) {
  await fetch('/api/drafts', { method: 'POST', body: JSON.stringify(draft) });
  await fetch(\`/api/drafts/\${draft.id}/publish\`, { method: 'POST' });
}
`,
    },
    {
      name: 'test files are ignored by default',
      filename: 'src/webhooks/delivery.test.ts',
      code: `
it('delivers', async () => {
  const response = await fetch('http://localhost:4010/hooks');
  expect(response.status).toBe(200);
});
`,
    },
    {
      name: 'a Twilio-style client is not an LLM client and a local OpenAI class is not the SDK',
      code: `
import twilio from 'twilio';
class OpenAI { constructor(readonly key: string) {} }

export const sms = twilio(process.env.TWILIO_SID, process.env.TWILIO_TOKEN);
export const fake = new OpenAI('test');
`,
    },
    {
      name: "a single-page app's API client: its package renders with react-dom and runs no server",
      filename: path.join(fixtureDir, 'runtime-spa/src/api/client.ts'),
      code: `
import axios from 'axios';

export const api = {
  get(url: string) {
    return axios.get(url).then((response) => response.data);
  },
};
`,
    },
    {
      name: 'odd code does not crash',
      code: `
const method = 'get';
declare const client: any;
client[method]?.('https://example.com');
(globalThis as any)[method]();
fetch?.call(null);
new (class {})();
`,
    },
  ],
  invalid: [
    {
      name: 'a package that renders React but also runs an Express server is server code',
      filename: path.join(fixtureDir, 'runtime-ssr/src/api/client.ts'),
      code: `
import axios from 'axios';

export async function fetchPartner(url: string) {
  const response = await axios.get(url);
  return response.data;
}
`,
      errors: [{ messageId: 'missingTimeout', line: 5, column: 26, data: { call: 'axios.get', wait: AXIOS_WAIT, fix: '`timeout` (milliseconds)' } }],
    },
    {
      name: 'an isomorphic module that only tests typeof window still runs on the server',
      code: `
const BASE = typeof window === 'undefined' ? process.env.API_URL : '';
export async function loadPlans() {
  const response = await fetch(BASE + '/v1/plans');
  return response.json();
}
`,
      errors: [{ messageId: 'missingTimeout', line: 4, column: 26, data: { call: 'fetch', wait: FETCH_WAIT, fix: FETCH_FIX } }],
    },
    {
      name: 'fetch to a sidecar with no signal',
      code: `
export async function runWorkflow(baseUrl: string, workflow: string, settings: unknown) {
  const response = await fetch(\`\${baseUrl}/workflow/\${workflow}\`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ settings }),
  });
  return response.json();
}
`,
      errors: [
        {
          messageId: 'missingTimeout',
          line: 3,
          column: 26,
          endLine: 7,
          endColumn: 5,
          data: { call: 'fetch', wait: FETCH_WAIT, fix: FETCH_FIX },
        },
      ],
    },
    {
      name: 'fetch with a URL and no options, and globalThis.fetch',
      code: `
export async function getStatus(statusUrl: string) {
  const a = await fetch(statusUrl);
  const b = await globalThis.fetch('https://status.example.com/api/v2/status.json');
  return [a, b];
}
`,
      errors: [
        { messageId: 'missingTimeout', line: 3, column: 19, endColumn: 35 },
        { messageId: 'missingTimeout', line: 4, column: 19, data: { call: 'globalThis.fetch', wait: FETCH_WAIT, fix: FETCH_FIX } },
      ],
    },
    {
      name: 'AbortController that only the client disconnect aborts',
      code: `
export async function streamReport(req, res, reportUrl: string) {
  const controller = new AbortController();
  req.on('close', () => controller.abort());
  const upstream = await fetch(reportUrl, { signal: controller.signal });
  res.send(await upstream.text());
}
`,
      errors: [{ messageId: 'signalWithoutTimeout', line: 5, column: 26, data: { call: 'fetch', wait: FETCH_WAIT } }],
    },
    {
      name: 'node-fetch and undici fetch without a signal',
      code: `
import nodeFetch from 'node-fetch';
import { fetch as undiciFetch } from 'undici';

export async function mirror(url: string) {
  const original = await nodeFetch(url, { headers: { accept: 'text/html' } });
  return undiciFetch('https://archive.example.com/save', { method: 'POST', body: await original.text() });
}
`,
      errors: [
        {
          messageId: 'missingTimeout',
          line: 6,
          column: 26,
          data: { call: 'nodeFetch', wait: 'node-fetch waits as long as the connection stays open', fix: '`signal: AbortSignal.timeout(ms)`' },
        },
        { messageId: 'missingTimeout', line: 7, column: 10, data: { call: 'undiciFetch', wait: FETCH_WAIT, fix: FETCH_FIX } },
      ],
    },
    {
      name: 'axios default instance calls without a timeout',
      code: `
import axios from 'axios';

export async function notify(url: string, payload: object) {
  await axios.post(url, payload, { headers: { 'content-type': 'application/json' } });
  return axios.get('https://hooks.example.com/ack');
}
`,
      errors: [
        { messageId: 'missingTimeout', line: 5, column: 9, data: { call: 'axios.post', wait: AXIOS_WAIT, fix: '`timeout` (milliseconds)' } },
        { messageId: 'missingTimeout', line: 6, column: 10, data: { call: 'axios.get', wait: AXIOS_WAIT, fix: '`timeout` (milliseconds)' } },
      ],
    },
    {
      name: 'axios instance created without a timeout in the same module',
      code: `
import axios from 'axios';

const crm = axios.create({ baseURL: 'https://crm.example.com', headers: { authorization: \`Bearer \${process.env.CRM_TOKEN}\` } });

export async function upsertContact(contact: { email: string }) {
  return crm.put(\`/contacts/\${contact.email}\`, contact);
}
`,
      errors: [
        {
          messageId: 'missingTimeout',
          line: 7,
          column: 10,
          data: { call: 'crm.put', wait: AXIOS_WAIT, fix: '`timeout` (milliseconds) (in the call or where the instance is created)' },
        },
      ],
    },
    {
      name: 'axios timeout: 0 turns the limit off',
      code: `
import axios from 'axios';

const exporter = axios.create({ baseURL: 'https://export.internal', timeout: 0 });

export const runExport = (id: string) => exporter.post(\`/exports/\${id}\`);
`,
      errors: [{ messageId: 'timeoutDisabled', line: 6, column: 42, data: { call: 'exporter.post', option: 'timeout', value: '0', library: 'axios' } }],
    },
    {
      name: 'class property axios instance without a timeout',
      code: `
import axios from 'axios';

export class WeatherClient {
  private readonly http = axios.create({ baseURL: 'https://api.open-meteo.com/v1' });

  forecast(lat: number, lon: number) {
    return this.http.get('/forecast', { params: { latitude: lat, longitude: lon } });
  }
}
`,
      errors: [{ messageId: 'missingTimeout', line: 8, column: 12 }],
    },
    {
      name: 'got and a got.extend instance without a timeout',
      code: `
import got from 'got';

const registry = got.extend({ prefixUrl: 'https://registry.npmjs.org' });

export async function latest(name: string) {
  const manifest = await registry.get(name).json();
  const tarball = await got(\`https://registry.npmjs.org/\${name}/-/\${name}-\${manifest.version}.tgz\`).buffer();
  return { manifest, tarball };
}
`,
      errors: [
        { messageId: 'missingTimeout', line: 7, column: 26, data: { call: 'registry.get', wait: 'got sets no timeout by default', fix: '`timeout: { request: ms }` (in the call or where the instance is created)' } },
        { messageId: 'missingTimeout', line: 8, column: 25, data: { call: 'got', wait: 'got sets no timeout by default', fix: '`timeout: { request: ms }`' } },
      ],
    },
    {
      name: 'ky with timeout: false',
      code: `
import ky from 'ky';

export const downloadExport = (url: string) => ky.get(url, { timeout: false }).blob();
`,
      errors: [{ messageId: 'timeoutDisabled', line: 4, column: 48, data: { call: 'ky.get', option: 'timeout', value: 'false', library: 'ky' } }],
    },
    {
      name: 'superagent without a timeout',
      code: `
import request from 'superagent';

export async function verifyCaptcha(token: string) {
  const res = await request.post('https://hcaptcha.com/siteverify').type('form').send({ response: token });
  return res.body.success;
}
`,
      errors: [{ messageId: 'missingTimeout', line: 5, column: 21, data: { call: 'request.post', wait: 'superagent sets no timeout by default', fix: '`.timeout({ response, deadline })` on the request' } }],
    },
    {
      name: 'https.get and http.request without a timeout',
      code: `
const https = require('https');
import { request } from 'node:http';

export function downloadAvatar(url, onDone) {
  https.get(url, (res) => res.pipe(onDone));
  const req = request({ host: 'renderer.internal', port: 8080, path: '/render', method: 'POST' }, (res) => res.resume());
  req.end('{}');
}
`,
      errors: [
        { messageId: 'missingTimeout', line: 6, column: 3 },
        { messageId: 'missingTimeout', line: 7, column: 15 },
      ],
    },
    {
      name: 'OpenAI client constructed without a timeout',
      code: `
import OpenAI from 'openai';

export function createLlmClient(config: { apiKey: string; baseUrl?: string }) {
  return new OpenAI({ apiKey: config.apiKey, baseURL: config.baseUrl });
}
`,
      errors: [
        {
          messageId: 'llmClientWithoutTimeout',
          line: 5,
          column: 10,
          endColumn: 72,
          data: { client: 'OpenAI', sdk: 'OpenAI', option: 'timeout', wait: OPENAI_WAIT },
        },
      ],
    },
    {
      name: 'Anthropic, Groq, Mistral and Cohere clients without a timeout',
      code: `
const Anthropic = require('@anthropic-ai/sdk');
import Groq from 'groq-sdk';
import { Mistral } from '@mistralai/mistralai';
import { CohereClient } from 'cohere-ai';

export class ModelGateway {
  private readonly anthropic = new Anthropic();
  private readonly groq = new Groq({ apiKey: process.env.GROQ_API_KEY });
  private readonly mistral = new Mistral({ apiKey: process.env.MISTRAL_API_KEY });
  private readonly cohere = new CohereClient({ token: process.env.CO_API_KEY });
}
`,
      errors: [
        { messageId: 'llmClientWithoutTimeout', line: 8, column: 32, data: { client: 'Anthropic', sdk: 'Anthropic', option: 'timeout', wait: OPENAI_WAIT } },
        {
          messageId: 'llmClientWithoutTimeout',
          line: 9,
          column: 27,
          data: { client: 'Groq', sdk: 'Groq', option: 'timeout', wait: 'up to 1 minute per attempt (the SDK default), and a timed-out request is retried twice' },
        },
        {
          messageId: 'llmClientWithoutTimeout',
          line: 10,
          column: 30,
          data: { client: 'Mistral', sdk: 'Mistral', option: 'timeoutMs', wait: 'with no limit at all (the SDK sets no timeout unless `timeoutMs` is given)' },
        },
        {
          messageId: 'llmClientWithoutTimeout',
          line: 11,
          column: 29,
          data: { client: 'CohereClient', sdk: 'Cohere', option: 'timeoutInSeconds', wait: 'up to 5 minutes (the SDK default of 300 seconds)' },
        },
      ],
    },
  ],
});

typedRuleTester().run('require-request-timeout (typed)', rule, {
  valid: [
    {
      name: 'axios instance imported from another module, created there with a timeout',
      code: `
import { billingApi } from './outbound-http-clients.js';

export async function invoice(id: string) {
  const { data } = await billingApi.get(\`/invoices/\${id}\`);
  return data;
}
`,
    },
    {
      name: 'default-exported axios instance created with a timeout in another module',
      code: `
import search from './outbound-http-clients.js';

export const query = (q: string) => search.get('/search', { params: { q } });
`,
    },
    {
      name: 'fetch with a typed signal parameter, and AbortSignal.any with a timeout',
      code: `
export async function getJson(url: string, signal: AbortSignal): Promise<unknown> {
  const response = await fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout(5_000)]) });
  return response.json();
}
export async function passThrough(url: URL, init: RequestInit) {
  return fetch(url, { ...init, method: 'GET' });
}
`,
    },
    {
      name: 'fetch(request) with a typed Request',
      code: `
export async function forward(request: Request): Promise<Response> {
  return fetch(request);
}
`,
    },
    {
      name: 'OpenAI, AzureOpenAI and Anthropic clients constructed with a timeout',
      code: `
import OpenAI, { AzureOpenAI } from 'openai';
import Anthropic from '@anthropic-ai/sdk';

export const openai = new OpenAI({ apiKey: process.env.OPENAI_API_KEY, timeout: 20_000 });
export const azure = new AzureOpenAI({ endpoint: process.env.AZURE_OPENAI_ENDPOINT, apiVersion: '2024-10-21', timeout: 20_000 });
export const anthropic = new Anthropic({ timeout: 45_000, maxRetries: 1 });
`,
    },
    {
      name: 'a React component fetching in an effect runs in the browser',
      filename: 'react.tsx',
      code: `
import { useEffect, useState } from 'react';

export function Weather({ city }: { city: string }) {
  const [forecast, setForecast] = useState<string>();
  useEffect(() => {
    fetch(\`https://api.example.com/weather/\${city}\`).then((r) => r.text()).then(setForecast);
  }, [city]);
  return <p>{forecast}</p>;
}
`,
    },
  ],
  invalid: [
    {
      name: 'axios instance imported from another module, created there without a timeout',
      code: `
import { crmApi } from './outbound-http-clients.js';

export async function contact(email: string) {
  const { data } = await crmApi.get(\`/contacts/\${email}\`);
  return data;
}
`,
      errors: [
        {
          messageId: 'missingTimeout',
          line: 5,
          column: 26,
          data: { call: 'crmApi.get', wait: AXIOS_WAIT, fix: '`timeout` (milliseconds) (in the call or where the instance is created)' },
        },
      ],
    },
    {
      name: 'fetch with a string URL, and a spread whose type carries no signal',
      code: `
const jsonHeaders = { headers: { 'content-type': 'application/json' } };

export async function report(endpoint: string, body: object) {
  await fetch(endpoint);
  await fetch(endpoint, { ...jsonHeaders, method: 'POST', body: JSON.stringify(body) });
}
`,
      errors: [
        { messageId: 'missingTimeout', line: 5, column: 9, data: { call: 'fetch', wait: FETCH_WAIT, fix: FETCH_FIX } },
        { messageId: 'missingTimeout', line: 6, column: 9, data: { call: 'fetch', wait: FETCH_WAIT, fix: FETCH_FIX } },
      ],
    },
    {
      name: 'OpenAI, AzureOpenAI and Anthropic clients without a timeout',
      code: `
import OpenAI, { AzureOpenAI } from 'openai';
import Anthropic from '@anthropic-ai/sdk';

export const openai = new OpenAI();
export const azure = new AzureOpenAI({ endpoint: process.env.AZURE_OPENAI_ENDPOINT, apiVersion: '2024-10-21' });
export const anthropic = new Anthropic({ apiKey: process.env.ANTHROPIC_API_KEY });
`,
      errors: [
        { messageId: 'llmClientWithoutTimeout', line: 5, column: 23, endColumn: 35, data: { client: 'OpenAI', sdk: 'OpenAI', option: 'timeout', wait: OPENAI_WAIT } },
        { messageId: 'llmClientWithoutTimeout', line: 6, column: 22, data: { client: 'AzureOpenAI', sdk: 'OpenAI', option: 'timeout', wait: OPENAI_WAIT } },
        { messageId: 'llmClientWithoutTimeout', line: 7, column: 26, data: { client: 'Anthropic', sdk: 'Anthropic', option: 'timeout', wait: OPENAI_WAIT } },
      ],
    },
  ],
});
