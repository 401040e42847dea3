import path from 'node:path';
import rule from '../../src/rules/no-unbounded-llm-loop.js';
import { fixtureDir, typedRuleTester, untypedRuleTester } from '../rule-tester.js';

const NO_TOOLS = '';

untypedRuleTester().run('no-unbounded-llm-loop (untyped)', rule, {
  valid: [
    {
      name: 'OpenAI tool-calling loop bounded by a turn counter in the for header',
      code: `
import OpenAI from 'openai';
const openai = new OpenAI();
const MAX_TURNS = 8;
export async function runAgent(messages, tools) {
  for (let turn = 0; turn < MAX_TURNS; turn++) {
    const response = await openai.chat.completions.create({ model: 'gpt-4o', messages, tools: Object.values(tools) });
    const message = response.choices[0].message;
    messages.push(message);
    if (!message.tool_calls?.length) return message.content;
    for (const call of message.tool_calls) {
      const output = await tools[call.function.name](JSON.parse(call.function.arguments));
      messages.push({ role: 'tool', tool_call_id: call.id, content: JSON.stringify(output) });
    }
  }
  throw new Error('agent did not finish in ' + MAX_TURNS + ' turns');
}
`,
    },
    {
      name: 'while (true) with `if (++turns > 10) throw`',
      code: `
import OpenAI from 'openai';
const openai = new OpenAI();
export async function chat(messages) {
  let turns = 0;
  while (true) {
    if (++turns > 10) throw new Error('too many turns');
    const reply = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages });
    if (reply.choices[0].finish_reason === 'stop') return reply.choices[0].message.content;
    messages.push(reply.choices[0].message);
  }
}
`,
    },
    {
      name: 'a deadline in the loop condition (Date.now())',
      code: `
import Anthropic from '@anthropic-ai/sdk';
const anthropic = new Anthropic();
export async function research(question, budgetMs) {
  const deadline = Date.now() + budgetMs;
  const messages = [{ role: 'user', content: question }];
  while (Date.now() < deadline) {
    const response = await anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 1024, messages });
    if (response.stop_reason !== 'tool_use') return response.content;
    messages.push({ role: 'assistant', content: response.content });
  }
  return null;
}
`,
    },
    {
      name: 'a performance.now() budget guarding the break',
      code: `
import OpenAI from 'openai';
const client = new OpenAI();
const BUDGET_MS = 60_000;
export async function refine(draft) {
  const started = performance.now();
  for (;;) {
    const review = await client.responses.create({ model: 'gpt-4.1', input: 'Improve: ' + draft });
    draft = review.output_text;
    if (draft.includes('LGTM') || performance.now() - started > BUDGET_MS) break;
  }
  return draft;
}
`,
    },
    {
      name: 'an abort signal checked in the loop condition',
      code: `
import OpenAI from 'openai';
const openai = new OpenAI();
export async function converse(messages, signal) {
  while (!signal.aborted) {
    const reply = await openai.chat.completions.create({ model: 'gpt-4o', messages });
    if (!reply.choices[0].message.tool_calls) return reply;
    messages.push(reply.choices[0].message);
  }
}
`,
    },
    {
      name: 'signal.throwIfAborted() on every turn',
      code: `
import OpenAI from 'openai';
const openai = new OpenAI();
export async function plan(messages, signal) {
  while (true) {
    signal.throwIfAborted();
    const reply = await openai.chat.completions.create({ model: 'gpt-4o', messages });
    if (reply.choices[0].finish_reason === 'stop') return reply;
    messages.push(reply.choices[0].message);
  }
}
`,
    },
    {
      name: 'an AbortSignal.timeout created before the loop and passed to every call',
      code: `
import OpenAI from 'openai';
const openai = new OpenAI();
export async function solve(messages) {
  const signal = AbortSignal.timeout(120_000);
  while (true) {
    const reply = await openai.chat.completions.create({ model: 'o4-mini', messages }, { signal });
    if (reply.choices[0].finish_reason === 'stop') return reply;
    messages.push(reply.choices[0].message);
  }
}
`,
    },
    {
      name: 'the request signal combined with a timeout through AbortSignal.any',
      code: `
import OpenAI from 'openai';
const openai = new OpenAI();
export async function handle(req, messages) {
  while (true) {
    const signal = AbortSignal.any([req.signal, AbortSignal.timeout(30_000)]);
    const reply = await openai.chat.completions.create({ model: 'o4-mini', messages }, { signal });
    if (reply.choices[0].finish_reason === 'stop') return reply;
    messages.push(reply.choices[0].message);
  }
}
`,
    },
    {
      name: 'for…of over a finite list of documents',
      code: `
import OpenAI from 'openai';
const openai = new OpenAI();
export async function summarizeAll(documents) {
  const summaries = [];
  for (const doc of documents) {
    const reply = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: doc.text }] });
    summaries.push(reply.choices[0].message.content);
  }
  return summaries;
}
`,
    },
    {
      name: 'an index loop over chunks',
      code: `
import OpenAI from 'openai';
const openai = new OpenAI();
export async function translate(chunks) {
  const out = [];
  for (let i = 0; i < chunks.length; i++) {
    const reply = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: chunks[i] }] });
    out.push(reply.choices[0].message.content);
  }
  return out.join('');
}
`,
    },
    {
      name: 'AI SDK generateText with maxSteps: the SDK bounds its own loop',
      code: `
import { generateText } from 'ai';
import { openai } from '@ai-sdk/openai';
export async function answer(prompt, tools) {
  const { text } = await generateText({ model: openai('gpt-4o'), prompt, tools, maxSteps: 5 });
  return text;
}
`,
    },
    {
      name: 'AI SDK generateText with stopWhen: stepCountIs(n)',
      code: `
import { generateText, stepCountIs } from 'ai';
import { anthropic } from '@ai-sdk/anthropic';
export async function answer(prompt, tools) {
  const result = await generateText({ model: anthropic('claude-sonnet-4-5'), prompt, tools, stopWhen: stepCountIs(10) });
  return result.text;
}
`,
    },
    {
      name: 'a retry loop with an attempt counter',
      code: `
import OpenAI from 'openai';
const openai = new OpenAI();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
export async function completeWithRetry(body) {
  let attempt = 0;
  while (true) {
    try {
      return await openai.chat.completions.create(body);
    } catch (err) {
      attempt += 1;
      if (attempt >= 3 || err.status < 500) throw err;
      await sleep(2 ** attempt * 250);
    }
  }
}
`,
    },
    {
      name: 'draining a queue: the queue running dry ends the loop, not the model',
      code: `
import OpenAI from 'openai';
const openai = new OpenAI();
export async function classifyPending(queue) {
  while (true) {
    const ticket = queue.shift();
    if (!ticket) break;
    const reply = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: ticket.body }] });
    if (reply.choices[0].message.refusal) continue;
    ticket.label = reply.choices[0].message.content;
  }
}
`,
    },
    {
      name: 'a worker that runs for the life of the process (no way out)',
      code: `
import OpenAI from 'openai';
const openai = new OpenAI();
export async function worker(consumer) {
  while (true) {
    const job = await consumer.next();
    const reply = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: job.text }] });
    await job.reply(reply.choices[0].message.content);
  }
}
`,
    },
    {
      name: 'a CLI chat: the user types exit',
      code: `
import readline from 'node:readline/promises';
import OpenAI from 'openai';
const openai = new OpenAI();
const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
const history = [];
while (true) {
  const input = await rl.question('> ');
  if (input === 'exit') break;
  history.push({ role: 'user', content: input });
  const reply = await openai.chat.completions.create({ model: 'gpt-4o', messages: history });
  console.log(reply.choices[0].message.content);
}
`,
    },
    {
      name: 'Twilio messages.create is not an Anthropic call',
      code: `
import twilio from 'twilio';
const client = twilio(process.env.TWILIO_SID, process.env.TWILIO_TOKEN);
export async function sendUntilQueued(to, body) {
  while (true) {
    const message = await client.messages.create({ to, from: '+15005550006', body });
    if (message.status === 'queued') return message.sid;
  }
}
`,
    },
    {
      name: 'tool calls alone (no model call in the loop)',
      code: `
export async function replay(recorded, tools) {
  while (true) {
    const call = recorded.shift();
    if (!call) return;
    const result = await tools[call.name](call.args);
    if (result.error) break;
  }
}
`,
    },
    {
      name: 'recursion over a tree: the children decide, not the model',
      code: `
import OpenAI from 'openai';
const openai = new OpenAI();
export async function summarizeTree(node) {
  const reply = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: node.text }] });
  node.summary = reply.choices[0].message.content;
  if (node.children.length === 0) return node.summary;
  for (const child of node.children) await summarizeTree(child);
  return node.summary;
}
`,
    },
    {
      name: 'recursion with a depth parameter compared to a limit',
      code: `
import OpenAI from 'openai';
const openai = new OpenAI();
const MAX_DEPTH = 4;
export async function decompose(task, depth = 0) {
  if (depth >= MAX_DEPTH) throw new Error('task too deep: ' + task);
  const reply = await openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Split: ' + task }] });
  const parts = JSON.parse(reply.choices[0].message.content);
  if (parts.length === 1) return [task];
  const results = [];
  for (const part of parts) results.push(...(await decompose(part, depth + 1)));
  return results;
}
`,
    },
    {
      name: "recursion that carries the caller's abort signal to every call",
      code: `
import OpenAI from 'openai';
const openai = new OpenAI();
export async function step(messages, signal) {
  const reply = await openai.chat.completions.create({ model: 'gpt-4o', messages }, { signal });
  if (reply.choices[0].finish_reason === 'stop') return reply;
  return step([...messages, reply.choices[0].message], signal);
}
`,
    },
    {
      name: 'a bounded ReAct agent class (iterations < this.maxIterations)',
      code: `
import OpenAI from 'openai';
export class ReActAgent {
  constructor(tools, maxIterations = 6) {
    this.client = new OpenAI();
    this.tools = tools;
    this.maxIterations = maxIterations;
  }
  async run(question) {
    const scratchpad = [];
    let iterations = 0;
    while (iterations < this.maxIterations) {
      iterations++;
      const reply = await this.client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: question + scratchpad.join('') }] });
      const text = reply.choices[0].message.content;
      const final = /Final Answer: (.*)/.exec(text);
      if (final) return final[1];
      const action = /Action: (\\w+)\\[(.*)\\]/.exec(text);
      scratchpad.push(text, 'Observation: ' + (await this.tools[action[1]].run(action[2])));
    }
    return null;
  }
}
`,
    },
    {
      name: 'Anthropic tool_use loop bounded in its while condition',
      code: `
import Anthropic from '@anthropic-ai/sdk';
const client = new Anthropic();
const MAX_TURNS = 12;
export async function agent(messages, runTool) {
  let turns = 0;
  let response = await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 2048, messages });
  while (response.stop_reason === 'tool_use' && turns < MAX_TURNS) {
    turns++;
    const results = [];
    for (const block of response.content) {
      if (block.type === 'tool_use') results.push({ type: 'tool_result', tool_use_id: block.id, content: await runTool(block) });
    }
    messages.push({ role: 'assistant', content: response.content }, { role: 'user', content: results });
    response = await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 2048, messages });
  }
  return response;
}
`,
    },
    {
      name: 'do…while whose condition counts rounds',
      code: `
import OpenAI from 'openai';
const openai = new OpenAI();
export async function critique(draft) {
  let round = 0;
  let reply;
  do {
    reply = await openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: draft }] });
    draft = reply.choices[0].message.content;
  } while (!draft.includes('APPROVED') && ++round < 5);
  return draft;
}
`,
    },
    {
      name: 'odd code: computed callees, optional chaining, labels and empty loops do not crash',
      code: `
const key = 'run';
export async function odd(obj, items) {
  outer: for (;;) {
    for (const item of items) {
      if (!item) break outer;
      await obj?.[key]?.(item);
    }
  }
  while (obj.ready) {}
  do ; while (false);
  const f = async function named() { return (await import('./x.js')).default(); };
  return f;
}
`,
    },
  ],
  invalid: [
    {
      name: 'OpenAI tool-calling loop: returns when the model stops asking for tools',
      code: `
import OpenAI from 'openai';
const openai = new OpenAI();
export async function runAgent(messages, tools) {
  while (true) {
    const response = await openai.chat.completions.create({ model: 'gpt-4o', messages, tools: Object.values(tools) });
    const message = response.choices[0].message;
    messages.push(message);
    const toolCalls = message.tool_calls ?? [];
    if (!toolCalls.length) return message.content;
    for (const call of toolCalls) {
      const output = await tools[call.function.name](JSON.parse(call.function.arguments));
      messages.push({ role: 'tool', tool_call_id: call.id, content: JSON.stringify(output) });
    }
  }
}
`,
      errors: [
        {
          messageId: 'unboundedLoop',
          line: 5,
          column: 3,
          endLine: 5,
          endColumn: 8,
          data: {
            loop: 'while (true)',
            model: '`openai.chat.completions.create()`',
            tools: ' and runs the tools it picks (`tools[call.function.name]()`)',
          },
        },
      ],
    },
    {
      name: 'Anthropic loop: continues while stop_reason is tool_use',
      code: `
import Anthropic from '@anthropic-ai/sdk';
const anthropic = new Anthropic();
export async function agent(messages) {
  let response = await anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 2048, messages });
  while (response.stop_reason === 'tool_use') {
    const results = [];
    for (const block of response.content) {
      if (block.type === 'tool_use') results.push({ type: 'tool_result', tool_use_id: block.id, content: await runTool(block) });
    }
    messages.push({ role: 'assistant', content: response.content }, { role: 'user', content: results });
    response = await anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 2048, messages });
  }
  return response;
}
`,
      errors: [
        {
          messageId: 'unboundedLoop',
          line: 6,
          column: 3,
          data: {
            loop: "while (response.stop_reason === 'tool_use')",
            model: '`anthropic.messages.create()`',
            tools: ' and runs the tools it picks (`runTool()`)',
          },
        },
      ],
    },
    {
      name: "for (;;) that breaks on finish_reason === 'stop'",
      code: `
import OpenAI from 'openai';
const client = new OpenAI({ baseURL: 'https://api.groq.com/openai/v1' });
export async function think(messages) {
  let reply;
  for (;;) {
    reply = await client.chat.completions.create({ model: 'llama-3.3-70b', messages });
    if (reply.choices[0].finish_reason === 'stop') break;
    messages.push(reply.choices[0].message, { role: 'user', content: 'continue' });
  }
  return reply;
}
`,
      errors: [{ messageId: 'unboundedLoop', line: 6, column: 3, endColumn: 6, data: { loop: 'for (;;)', model: '`client.chat.completions.create()`', tools: NO_TOOLS } }],
    },
    {
      name: 'do…while (!done) where done is what the model wrote',
      code: `
import OpenAI from 'openai';
const openai = new OpenAI();
export async function writeUntilDone(messages) {
  let done = false;
  do {
    const reply = await openai.responses.create({ model: 'gpt-4.1', input: messages });
    messages.push({ role: 'assistant', content: reply.output_text });
    done = reply.output_text.includes('<DONE>');
  } while (!done);
  return messages;
}
`,
      errors: [{ messageId: 'unboundedLoop', line: 6, column: 3, endColumn: 5, data: { loop: 'do … while', model: '`openai.responses.create()`', tools: NO_TOOLS } }],
    },
    {
      name: 'a retry loop with no attempt counter retries a 429 forever',
      code: `
import OpenAI from 'openai';
const openai = new OpenAI();
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
export async function completeWithRetry(body) {
  while (true) {
    try {
      return await openai.chat.completions.create(body);
    } catch (err) {
      if (err.status !== 429 && err.status < 500) throw err;
      await sleep(1000);
    }
  }
}
`,
      errors: [{ messageId: 'unboundedLoop', line: 6, column: 3, data: { loop: 'while (true)', model: '`openai.chat.completions.create()`', tools: NO_TOOLS } }],
    },
    {
      name: 'a task queue the model keeps feeding (BabyAGI)',
      code: `
import OpenAI from 'openai';
const openai = new OpenAI();
export async function babyAgi(objective) {
  const tasks = ['Make a todo list for: ' + objective];
  while (tasks.length > 0) {
    const task = tasks.shift();
    const reply = await openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: task }] });
    const newTasks = reply.choices[0].message.content.split('\\n').filter(Boolean);
    tasks.push(...newTasks);
  }
}
`,
      errors: [{ messageId: 'unboundedLoop', line: 6, column: 3, data: { loop: 'while (tasks.length > 0)', model: '`openai.chat.completions.create()`', tools: NO_TOOLS } }],
    },
    {
      name: 'a per-call AbortSignal.timeout bounds each call, not the loop',
      code: `
import OpenAI from 'openai';
const openai = new OpenAI();
export async function solve(messages) {
  while (true) {
    const reply = await openai.chat.completions.create({ model: 'o4-mini', messages }, { signal: AbortSignal.timeout(30_000) });
    if (reply.choices[0].finish_reason === 'stop') return reply;
    messages.push(reply.choices[0].message);
  }
}
`,
      errors: [{ messageId: 'unboundedLoop', line: 5, column: 3, data: { loop: 'while (true)', model: '`openai.chat.completions.create()`', tools: NO_TOOLS } }],
    },
    {
      name: 'LangChain: a bound chat model invoked until it stops calling tools',
      code: `
import { ChatOpenAI } from '@langchain/openai';
import { HumanMessage, ToolMessage } from '@langchain/core/messages';
const model = new ChatOpenAI({ model: 'gpt-4o' });
export async function runGraph(question, toolsByName) {
  const messages = [new HumanMessage(question)];
  while (true) {
    const ai = await model.invoke(messages);
    messages.push(ai);
    if (!ai.tool_calls?.length) return ai.content;
    for (const call of ai.tool_calls) {
      const result = await toolsByName[call.name].invoke(call.args);
      messages.push(new ToolMessage({ content: String(result), tool_call_id: call.id }));
    }
  }
}
`,
      errors: [
        {
          messageId: 'unboundedLoop',
          line: 7,
          column: 3,
          data: { loop: 'while (true)', model: '`model.invoke()`', tools: ' and runs the tools it picks (`toolsByName[call.name].invoke()`)' },
        },
      ],
    },
    {
      name: 'recursion: the agent calls itself while the model asks for tools',
      code: `
import OpenAI from 'openai';
const openai = new OpenAI();
export async function runAgent(messages) {
  const response = await openai.chat.completions.create({ model: 'gpt-4o', messages });
  const message = response.choices[0].message;
  if (!message.tool_calls) return message.content;
  const results = await Promise.all(message.tool_calls.map((call) => executeTool(call)));
  return runAgent([...messages, message, ...results]);
}
`,
      errors: [
        {
          messageId: 'unboundedRecursion',
          line: 9,
          column: 10,
          endColumn: 54,
          data: { name: 'runAgent', model: '`openai.chat.completions.create()`', tools: ' and runs the tools it picks (`executeTool()`)' },
        },
      ],
    },
    {
      name: 'recursion in a class: the model splits tasks, each is solved the same way',
      code: `
import Anthropic from '@anthropic-ai/sdk';
const anthropic = new Anthropic();
export class Planner {
  async solve(task) {
    const reply = await anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 1024, messages: [{ role: 'user', content: task }] });
    const plan = JSON.parse(reply.content[0].text);
    for (const sub of plan.subtasks) await this.solve(sub);
  }
}
`,
      errors: [{ messageId: 'unboundedRecursion', line: 8, column: 44, data: { name: 'solve', model: '`anthropic.messages.create()`', tools: NO_TOOLS } }],
    },
    {
      name: 'without types, a function of the same file that calls the model counts',
      code: `
import OpenAI from 'openai';
const openai = new OpenAI();
async function step(messages) {
  const response = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages });
  return response.choices[0].message;
}
export async function loop(messages) {
  while (true) {
    const message = await step(messages);
    messages.push(message);
    if (message.content?.includes('FINAL ANSWER')) return message.content;
  }
}
`,
      errors: [
        {
          messageId: 'unboundedLoop',
          line: 9,
          column: 3,
          data: { loop: 'while (true)', model: '`step()`, which reaches step() → OpenAI chat.completions.create (file.ts:5)', tools: NO_TOOLS },
        },
      ],
    },
    {
      name: 'without types, this.think() of the same class',
      code: `
import OpenAI from 'openai';
class Agent {
  openai = new OpenAI();
  async think(history) {
    return this.openai.chat.completions.create({ model: 'gpt-4o', messages: history });
  }
  async run(history) {
    for (;;) {
      const reply = await this.think(history);
      if (reply.choices[0].finish_reason !== 'tool_calls') return reply;
      history.push(reply.choices[0].message);
    }
  }
}
`,
      errors: [
        {
          messageId: 'unboundedLoop',
          line: 9,
          column: 5,
          data: { loop: 'for (;;)', model: '`this.think()`, which reaches Agent.think() → OpenAI chat.completions.create (file.ts:6)', tools: NO_TOOLS },
        },
      ],
    },
  ],
});

typedRuleTester().run('no-unbounded-llm-loop (typed)', rule, {
  valid: [
    {
      name: 'a loop over pages of a project helper that never calls a model',
      code: `
import { nextPage } from './llm-loop-agent.js';
export async function crawl(): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | undefined;
  while (true) {
    const page = await nextPage(cursor);
    seen.push(...page.items);
    if (!page.next) return seen;
    cursor = page.next;
  }
}
`,
    },
    {
      name: 'the imported model helper inside a loop with a turn limit',
      code: `
import { callModel, type ChatTurn } from './llm-loop-agent.js';
const MAX_TURNS = 6;
export async function debate(messages: ChatTurn[]): Promise<string | undefined> {
  for (let turn = 0; turn < MAX_TURNS; turn++) {
    const reply = await callModel(messages);
    if (reply.includes('AGREED')) return reply;
    messages.push({ role: 'assistant', content: reply }, { role: 'user', content: 'Counter-argument?' });
  }
  return undefined;
}
`,
    },
    {
      name: 'maxDepth 0: project functions are not followed',
      code: `
import { callModel, type ChatTurn } from './llm-loop-agent.js';
export async function loop(messages: ChatTurn[]): Promise<string> {
  while (true) {
    const reply = await callModel(messages);
    if (reply.includes('FINAL ANSWER:')) return reply;
    messages.push({ role: 'assistant', content: reply });
  }
}
`,
      options: [{ maxDepth: 0 }],
    },
    {
      name: 'AI SDK generateText with stopWhen: the SDK runs the tool loop and bounds it',
      code: `
import { generateText, stepCountIs, type LanguageModel, type ToolSet } from 'ai';
export async function answer(model: LanguageModel, prompt: string, tools: ToolSet): Promise<string> {
  const result = await generateText({ model, prompt, tools, stopWhen: stepCountIs(8) });
  return result.text;
}
`,
    },
    {
      name: 'a project outbox whose messages.create is not Anthropic',
      code: `
class Outbox {
  readonly messages = {
    create: async (body: { to: string; text: string }) => ({ id: body.to, status: 'queued' as 'queued' | 'sent' }),
  };
}
const outbox = new Outbox();
export async function sendUntilAccepted(to: string, text: string): Promise<string> {
  while (true) {
    const message = await outbox.messages.create({ to, text });
    if (message.status === 'sent') return message.id;
  }
}
`,
    },
    {
      name: 'OpenAI runTools: the SDK bounds the tool loop (maxChatCompletions)',
      code: `
import OpenAI from 'openai';
const openai = new OpenAI();
export async function ask(question: string): Promise<string | null> {
  const runner = openai.chat.completions.runTools({
    model: 'gpt-4o',
    messages: [{ role: 'user', content: question }],
    tools: [],
  });
  return runner.finalContent();
}
`,
    },
  ],
  invalid: [
    {
      name: 'an imported helper that calls OpenAI, looped until the model writes FINAL ANSWER',
      code: `
import { callModel, type ChatTurn } from './llm-loop-agent.js';
export async function loop(messages: ChatTurn[]): Promise<string> {
  while (true) {
    const reply = await callModel(messages);
    if (reply.includes('FINAL ANSWER:')) return reply;
    messages.push({ role: 'assistant', content: reply });
  }
}
`,
      errors: [
        {
          messageId: 'unboundedLoop',
          line: 4,
          column: 3,
          endColumn: 8,
          data: {
            loop: 'while (true)',
            model: '`callModel()`, which reaches callModel() → OpenAI chat.completions.create (llm-loop-agent.ts:12)',
            tools: NO_TOOLS,
          },
        },
      ],
    },
    {
      name: 'an imported helper that posts to an OpenAI-compatible /chat/completions endpoint',
      code: `
import { callGateway, type ChatTurn } from './llm-loop-agent.js';
export async function converge(baseUrl: string, messages: ChatTurn[]): Promise<string> {
  let answer = '';
  do {
    answer = await callGateway(baseUrl, messages);
    messages.push({ role: 'assistant', content: answer }, { role: 'user', content: 'Are you sure?' });
  } while (!answer.startsWith('YES'));
  return answer;
}
`,
      errors: [
        {
          messageId: 'unboundedLoop',
          line: 5,
          column: 3,
          data: {
            loop: 'do … while',
            model: '`callGateway()`, which reaches callGateway() → fetch …/chat/completions (llm-loop-agent.ts:18)',
            tools: NO_TOOLS,
          },
        },
      ],
    },
    {
      name: 'an agent class: await this.step(messages) reaches the model',
      code: `
import OpenAI from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
type Tool = { execute(args: unknown): Promise<unknown> };
export class ResearchAgent {
  constructor(private readonly client: OpenAI, private readonly tools: Map<string, Tool>) {}
  private async step(messages: ChatCompletionMessageParam[]) {
    const completion = await this.client.chat.completions.create({ model: 'gpt-4o', messages });
    return completion.choices[0]!.message;
  }
  async run(messages: ChatCompletionMessageParam[]): Promise<string | null> {
    while (true) {
      const message = await this.step(messages);
      messages.push(message);
      if (!message.tool_calls?.length) return message.content;
      for (const call of message.tool_calls) {
        if (call.type !== 'function') continue;
        const tool = this.tools.get(call.function.name);
        const output = await tool?.execute(JSON.parse(call.function.arguments));
        messages.push({ role: 'tool', tool_call_id: call.id, content: JSON.stringify(output) });
      }
    }
  }
}
`,
      errors: [
        {
          messageId: 'unboundedLoop',
          line: 12,
          column: 5,
          data: {
            loop: 'while (true)',
            model: '`this.step()`, which reaches ResearchAgent.step() → OpenAI chat.completions.create (file.ts:8)',
            tools: ' and runs the tools it picks (`tool?.execute()`)',
          },
        },
      ],
    },
    {
      name: 'with types, an Anthropic client held in a class field is recognised',
      code: `
import Anthropic from '@anthropic-ai/sdk';
export class SupportAgent {
  private readonly client = new Anthropic();
  async answer(messages: Anthropic.MessageParam[]): Promise<Anthropic.Message> {
    let response = await this.client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 1024, messages });
    while (response.stop_reason === 'tool_use') {
      messages.push({ role: 'assistant', content: response.content });
      messages.push({ role: 'user', content: await this.runTools(response.content) });
      response = await this.client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 1024, messages });
    }
    return response;
  }
  private async runTools(content: Anthropic.ContentBlock[]): Promise<Anthropic.ToolResultBlockParam[]> {
    return content.flatMap((block) => (block.type === 'tool_use' ? [{ type: 'tool_result' as const, tool_use_id: block.id, content: 'ok' }] : []));
  }
}
`,
      errors: [
        {
          messageId: 'unboundedLoop',
          line: 7,
          column: 5,
          data: {
            loop: "while (response.stop_reason === 'tool_use')",
            model: '`this.client.messages.create()`',
            tools: ' and runs the tools it picks (`this.runTools()`)',
          },
        },
      ],
    },
    {
      name: 'recursion through the imported helper',
      code: `
import { callModel, type ChatTurn } from './llm-loop-agent.js';
export const reflect = async (messages: ChatTurn[]): Promise<string> => {
  const reply = await callModel(messages);
  if (reply.startsWith('FINAL:')) return reply.slice(6);
  return reflect([...messages, { role: 'assistant', content: reply }, { role: 'user', content: 'Reflect and try again.' }]);
};
`,
      errors: [
        {
          messageId: 'unboundedRecursion',
          line: 6,
          column: 10,
          data: {
            name: 'reflect',
            model: '`callModel()`, which reaches callModel() → OpenAI chat.completions.create (llm-loop-agent.ts:12)',
            tools: NO_TOOLS,
          },
        },
      ],
    },
    {
      name: 'an in-house model client named in settings.pitfalls.llmCalls',
      code: `
import { complete } from './llm-client.js';
export async function expand(outline: string): Promise<string> {
  let text = outline;
  while (!text.includes('THE END')) {
    text += await complete('Continue this story:\\n' + text);
  }
  return text;
}
`,
      // The typed tester lints with cwd `/`: name the module by its absolute path.
      settings: { pitfalls: { llmCalls: [{ module: path.join(fixtureDir, 'llm-client'), name: 'complete' }] } },
      errors: [{ messageId: 'unboundedLoop', line: 5, column: 3, data: { loop: "while (!text.includes('THE END'))", model: '`complete()`', tools: NO_TOOLS } }],
    },
  ],
});
