#!/usr/bin/env node
// Benchmark, not a test: how much typed linting time the pitfalls presets add
// to typescript-eslint alone on the same files, and each rule's share.
//
//   npm run bench                          # 10k generated lines + fixtures/gathering-api
//   npm run bench -- --lines 50000 --runs 5
//   npm run bench -- --lines 10000,50000,200000 --runs 1
//   npm run bench -- --dir path/to/project # an existing project with a tsconfig.json
//
// Needs the built plugin (npm run build). Times are wall-clock medians over
// --runs runs; per-rule times come from ESLint's `stats` option.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import pitfalls from 'eslint-plugin-pitfalls';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');
const { values } = parseArgs({
  options: {
    lines: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '3' },
    dir: { type: 'string', multiple: true },
    preset: { type: 'string', default: 'recommended' },
  },
});
const runs = Number(values.runs);
const preset = pitfalls.configs[values.preset];
if (!preset) throw new Error(`unknown preset ${values.preset}`);

// `--lines 10000,50000,200000` measures each size in turn.
const targets = values.dir?.map((dir) => path.resolve(dir)) ?? [
  ...values.lines.split(',').map((lines) => generateProject(Number(lines))),
  path.join(repoRoot, 'fixtures/gathering-api'),
];

for (const dir of targets) report(dir, await measure(dir));

async function measure(dir) {
  const typed = {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: dir } },
  };
  // The parser with type information and no rules: what any typed lint pays before a rule runs.
  const parserOnly = [{ ...typed, languageOptions: { ...typed.languageOptions, parser: tseslint.parser } }];
  const parserWithPlugin = [...parserOnly, preset];
  const baseline = [...tseslint.configs.recommendedTypeChecked, typed];
  const withPlugin = [...baseline, preset];
  const time = async (config, stats) => {
    const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: config, stats, errorOnUnmatchedPattern: false });
    const start = process.hrtime.bigint();
    const cpuStart = process.cpuUsage();
    const results = await eslint.lintFiles(['**/*.ts', '**/*.tsx']);
    const cpu = process.cpuUsage(cpuStart);
    return { ms: Number(process.hrtime.bigint() - start) / 1e6, cpuMs: (cpu.user + cpu.system) / 1e3, results };
  };
  await time(baseline, false); // warm up module loading and the file system cache
  const samples = { parser: [], parserPlugin: [], base: [], plugin: [] };
  // Interleaved so that load changes on a shared machine hit every configuration alike.
  for (let run = 0; run < runs; run++) {
    samples.parser.push(await time(parserOnly, false));
    samples.parserPlugin.push(await time(parserWithPlugin, false));
    samples.base.push(await time(baseline, false));
    samples.plugin.push(await time(withPlugin, false));
  }
  const { results, ms: statsMs } = await time(withPlugin, true);
  const ruleMs = new Map();
  for (const result of results) {
    for (const pass of result.stats?.times.passes ?? []) {
      for (const [rule, { total }] of Object.entries(pass.rules ?? {})) {
        if (rule.startsWith('pitfalls/')) ruleMs.set(rule, (ruleMs.get(rule) ?? 0) + total);
      }
    }
  }
  const lines = results.reduce((sum, result) => sum + fs.readFileSync(result.filePath, 'utf8').split('\n').length, 0);
  const findings = results.reduce((sum, r) => sum + r.messages.filter((m) => m.ruleId?.startsWith('pitfalls/')).length, 0);
  const medians = Object.fromEntries(
    Object.entries(samples).map(([key, list]) => [key, { ms: median(list.map((s) => s.ms)), cpuMs: median(list.map((s) => s.cpuMs)) }]),
  );
  // Rule shares are taken against the rest of the same run (its wall clock minus
  // the pitfalls rules' own time), so both sides saw the same machine load.
  const pitfallsMs = [...ruleMs.values()].reduce((sum, ms) => sum + ms, 0);
  return { files: results.length, lines, findings, ...medians, ruleMs, shareBase: statsMs - pitfallsMs };
}

function report(dir, m) {
  const percent = (value, of) => `${value >= of ? '+' : ''}${(((value - of) / of) * 100).toFixed(1)}%`;
  const row = (label, value, of) =>
    `${label.padEnd(57)}${value.ms.toFixed(0).padStart(7)} ms${of ? ` (${percent(value.ms, of.ms)})` : ''}   cpu ${value.cpuMs.toFixed(0).padStart(7)} ms${of ? ` (${percent(value.cpuMs, of.cpuMs)})` : ''}`;
  console.log(`\n${path.relative(process.cwd(), dir) || dir}: ${m.files} files, ${m.lines} lines, ${m.findings} pitfalls findings`);
  console.log(`  medians of ${runs} runs (wall clock, and CPU time of this process: steadier on a shared machine)`);
  console.log(row('  typescript-eslint parser + type information, no rules:', m.parser));
  console.log(row(`    + pitfalls/${values.preset}:`, m.parserPlugin, m.parser));
  console.log(row('  typescript-eslint recommendedTypeChecked:', m.base));
  console.log(row(`    + pitfalls/${values.preset}:`, m.plugin, m.base));
  // A rule's own time includes type-checker work (symbol and type resolution)
  // that typescript-eslint's typed rules would otherwise do and that the
  // checker caches; the wall-clock difference above is what a user waits.
  console.log('  per rule (ESLint stats, one run; share of that run without the pitfalls rules; includes type queries shared with typed rules):');
  for (const [rule, ms] of [...m.ruleMs].sort((a, b) => b[1] - a[1])) {
    console.log(`    ${rule.padEnd(40)} ${ms.toFixed(1).padStart(8)} ms  ${((ms / m.shareBase) * 100).toFixed(1)}%`);
  }
  const added = (m.plugin.cpuMs - m.base.cpuMs) / m.base.cpuMs;
  const [worst = '(none)', worstMs = 0] = [...m.ruleMs].sort((a, b) => b[1] - a[1])[0] ?? [];
  console.log(
    `  budget (issue 8): preset adds ${(added * 100).toFixed(1)}% CPU to recommendedTypeChecked (limit 25%): ${added <= 0.25 ? 'within' : 'OVER'}; ` +
      `largest rule ${worst} ${((worstMs / m.shareBase) * 100).toFixed(1)}% (limit 5%): ${worstMs / m.shareBase <= 0.05 ? 'within' : 'OVER'}`,
  );
}

function median(list) {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** A service-shaped project of about `lines` lines: routes, a DB service, SQL, a model call, catches. */
function generateProject(lines) {
  const dir = path.join(here, '.generated', `lines-${lines}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', strict: true, skipLibCheck: true, types: ['node'] }, include: ['src'] }),
  );
  fs.writeFileSync(
    path.join(dir, 'src/db.ts'),
    `import { DatabaseSync } from 'node:sqlite';
import { Pool } from 'pg';
export const pool = new Pool();
const sqlite = new DatabaseSync(':memory:');
export class Store {
  all(table: string) { return sqlite.prepare('SELECT * FROM ' + JSON.stringify(table)).all(); }
}
export const store = new Store();
export function assertReadOnlySelect(sql: string): string {
  if (!/^\\s*select\\b/i.test(sql) || sql.includes(';')) throw new Error('only one SELECT');
  return sql;
}
`,
  );
  const module = (i) => `import { readFile } from 'node:fs/promises';
import express from 'express';
import OpenAI from 'openai';
import { assertReadOnlySelect, pool, store } from './db.js';

const openai = new OpenAI({ timeout: 20_000 });
export const router${i} = express.Router();

export interface Row${i} { id: string; name: string; count: number }

export async function list${i}(owner: string): Promise<Row${i}[]> {
  const { rows } = await pool.query<Row${i}>('SELECT id, name, count FROM items WHERE owner = $1', [owner]);
  return rows.filter((row) => row.count > ${i % 7}).map((row) => ({ ...row, name: row.name.trim() }));
}

export async function rename${i}(id: string, name: string) {
  const allowed = ['name', 'count'] as const;
  const sets = allowed.map((column, index) => \`\${column} = $\${index + 2}\`);
  try {
    await pool.query(\`UPDATE items SET \${sets.join(', ')} WHERE id = $1\`, [id, name, ${i}]);
  } catch (error) {
    throw new Error('rename failed', { cause: error });
  }
}

export async function legacy${i}() {
  return store.all('items_${i}');
}

// One interprocedural N+1 per module (a finding), next to its batched twin.
router${i}.get('/owners/items', async (req, res) => {
  const owners = String(req.query.owners ?? '').split(',');
  res.json((await Promise.all(owners.map((owner) => list${i}(owner)))).flat());
});

router${i}.get('/owners/items/batched', async (req, res) => {
  const owners = String(req.query.owners ?? '').split(',');
  const { rows } = await pool.query<Row${i}>('SELECT id, name, count FROM items WHERE owner = ANY($1) LIMIT 500', [owners]);
  res.json(rows);
});

export async function ask${i}(question: string) {
  const completion = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: question }] });
  const sql = assertReadOnlySelect(completion.choices[0]?.message.content ?? '');
  return pool.query(sql);
}

export async function template${i}(path: string) {
  const text = await readFile(path, 'utf8');
  return text.split('\\n').map((line, index) => \`\${index}: \${line}\`).join('\\n');
}
`;
  const perModule = module(0).split('\n').length;
  const count = Math.max(1, Math.round(lines / perModule));
  for (let i = 0; i < count; i++) fs.writeFileSync(path.join(dir, `src/module${i}.ts`), module(i));
  return dir;
}
