import tsParser from '@typescript-eslint/parser';
import { ESLint, Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { NOT_SINGLE_RUN, fixtureDir } from './rule-tester.js';

// Odd but legal code must never make a rule throw, with or without types.
const samples: Record<string, string> = {
  'optional calls and computed members': `
    const db: any = undefined;
    async function f(k: string) { try { await db?.query?.(\`select \${k}\`); await db[k]?.(); } catch {} }
    (void 0)?.['query']?.('x');`,
  'catch bindings of every shape': `
    try { a(); } catch ({ message }) { console.log(message); }
    try { a(); } catch ([first]) { return; }
    try { a(); } catch { }
    Promise.resolve().catch();
    Promise.resolve().catch(undefined);
    Promise.resolve().catch(...handlers);
    declare function a(): void; declare const handlers: [];`,
  'generators, labels and async iteration': `
    async function* g(rows: AsyncIterable<string>) {
      outer: for await (const row of rows) { for (;;) { if (row) continue outer; break; } yield row; }
    }`,
  'classes with private fields, static blocks, accessors, overloads and abstract members': `
    abstract class Base { abstract run(sql: string): Promise<void>; }
    class Repo extends Base {
      #pool = new Map<string, string>();
      static { Repo.prototype.toString(); }
      accessor name = 'x';
      run(sql: string): Promise<void>;
      run(sql: string, values?: unknown[]): Promise<void>;
      async run(sql: string) { this.#pool.get(sql); }
      get size() { return this.#pool.size; }
    }
    export default Repo;`,
  'decorators and namespaces': `
    declare function Controller(p?: string): ClassDecorator;
    declare function Get(p?: string): MethodDecorator;
    @Controller('users') class C { @Get() async list() { return []; } }
    namespace N { export const x = 1; export namespace M { export function f() { return x; } } }
    declare module 'virtual' { export function query(sql: string): void; }
    enum E { A = 'a', B = A }`,
  'tagged templates and odd strings': `
    declare const sql: any; declare const db: any;
    db.query(sql\`select 1\`); db.query(String.raw\`select \${1}\`); db.query(\`\`); db.query(\`\${'select'} \${'*'}\`);
    db.query('a' + 'b' + 1 + \`c\`);
    let s = ''; s += \`where x = \${s}\`; db.query(s);`,
  'using declarations and top-level await': `
    declare const res: Disposable; declare const fs: any;
    { using r = res; }
    await Promise.all([1, 2].map(async (n) => fs.readFileSync(String(n))));
    export {};`,
  'jsx': `
    declare const React: any; declare const fs: any;
    export async function Page() { const t = fs.readFileSync('t'); return <div onClick={() => { try { t; } catch {} }}>{t}</div>; }`,
  'import-equals aliases and requires (a type alias used as a parameter type of a maybe-handler)': `
    import pg = require('pg');
    declare namespace Prisma { type FindManyArgs = { where?: object } }
    import FindManyArgs = Prisma.FindManyArgs;
    declare const db: any;
    export async function list(criteria: FindManyArgs, search: string) {
      return db.client.report.findMany({ ...criteria, where: { name: search } }, [pg]);
    }`,
  'model calls and request input in odd shapes': `
    declare const openai: any; declare const pool: any; declare const app: any;
    app.post('/q', async (req: any, res: any) => {
      const { [req.query.k]: picked, ...rest } = req.body;
      let sql; for await (const c of openai.chat.completions.create({ stream: true })) sql += c;
      await pool.query(sql ?? picked ?? rest);
      await pool.query((await openai.responses.create({}))?.output_text!);
      res.json(await pool['query'](...[sql]));
    });`,
  'import.defer() without an argument (the parser gives it a null source)': `
    export async function load() { await import.defer(); }`,
  'deep nesting and recursion': `
    async function r(n: number): Promise<number> { return n ? r(n - 1) : 0; }
    const f = async () => async () => async () => { try { await r(3); } catch (e) { throw e; } };
    function a() { return b(); } function b(): number { return a(); }
    export { f };`,
};

const configs = (typed: boolean): Linter.Config[] => [
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { pitfalls: plugin as never },
    languageOptions: {
      parser: tsParser as never,
      ...(typed ? { parserOptions: { project: './tsconfig.json', tsconfigRootDir: fixtureDir, ...NOT_SINGLE_RUN } } : {}),
    },
    rules: Object.fromEntries(Object.keys(plugin.rules).map((id) => [`pitfalls/${id}`, 'error'])),
  },
];

describe.each([
  ['without type information', false],
  ['with type information', true],
])('every rule survives odd code %s', (_, typed) => {
  it.each(Object.entries(samples))('%s', async (name, code) => {
    const eslint = new ESLint({ cwd: fixtureDir, overrideConfigFile: true, overrideConfig: configs(typed) });
    const filename = name === 'jsx' ? 'react.tsx' : 'file.ts';
    const [result] = await eslint.lintText(code, { filePath: `${fixtureDir}/${filename}` });
    // A rule that throws makes lintText reject; a parse error shows up as a fatal message.
    expect(result?.messages.filter((message) => message.fatal)).toEqual([]);
  });
});
