import path from 'node:path';
import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import {
  declarationOf,
  getTypeServices,
  importBindingOf,
  matchesSetting,
  memberName,
  resolveCallTarget,
  resolveTsCallTarget,
  unwrapExpression,
  type CallTarget,
} from '../knowledge/origin.js';
import { isFunctionLike } from '../knowledge/handlers.js';
import { normaliseModulePath, type ResolvedMatcher } from '../knowledge/settings.js';
import { isSpliceSafeType } from '../knowledge/sql.js';
import { subprocessCallOf, subprocessOption, type SubprocessCall } from '../knowledge/subprocess.js';
import { requestInputOf } from '../knowledge/request-input.js';
import { traceTaint } from '../knowledge/taint.js';
import { oneLineSnippet, propertyKey, walkAst, type EstreeFunction } from '../util/ast.js';
import { createRule } from '../util/create-rule.js';
import { ignoreOptionSchema, isFileMatchedBy, TEST_FILE_GLOBS } from '../util/files.js';

export interface EscaperOption {
  module: string;
  name: string;
}
type Options = [{ escapers?: EscaperOption[]; ignore?: string[] }];
type MessageId = 'shellCommand' | 'shellArguments' | 'inlineCode';
type Context = Readonly<TSESLint.RuleContext<MessageId, Options>>;
type SpawnNode = TSESTree.CallExpression | TSESTree.TaggedTemplateExpression;

const DANGER = 'A value holding `;`, `|`, `&&`, `$(…)` or a quote runs as commands of its own';

/** Files whose input is the developer's own checkout: directory names, package versions, flags they typed. */
const BUILD_TOOLING_GLOBS = ['**/{scripts,tools}/**', '**/build.{js,mjs,cjs,ts,mts}', '**/*.config.{js,mjs,cjs,ts,mts}'];

export default createRule<Options, MessageId>({
  name: 'no-shell-interpolation',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow splicing values into command lines a shell parses or into code an interpreter runs',
      recommended: 'recommended',
      domains: ['security'],
      seed: '000 "Python code injection via settings"',
    },
    schema: [
      {
        type: 'object',
        properties: {
          escapers: {
            type: 'array',
            description:
              'In-house functions that quote a value for a POSIX shell, besides shell-quote `quote`, shescape, shell-escape, any-shell-escape, shell-escape-tag and shlex: their results count as constant.',
            items: {
              type: 'object',
              properties: {
                module: {
                  type: 'string',
                  minLength: 1,
                  description: 'The package (`@acme/shell`) or a path relative to the ESLint working directory (`./src/shell`).',
                },
                name: {
                  type: 'string',
                  pattern: '^[\\w$]+(\\.[\\w$]+)?$',
                  description: 'The exported function, or `Class.method` / `object.method` for a member of an export.',
                },
              },
              required: ['module', 'name'],
              additionalProperties: false,
            },
          },
          ignore: ignoreOptionSchema('tests, developer scripts (`scripts/`, `tools/`) and build files (`build.js`, `*.config.ts`)'),
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [
      {
        escapers: [],
        // A command line built in a test or a developer script runs on the developer's machine with the developer's own input.
        ignore: [...TEST_FILE_GLOBS, ...BUILD_TOOLING_GLOBS],
      },
    ],
    messages: {
      shellCommand: `{{call}} runs its command line through a shell, with non-constant text spliced in: {{parts}}. ${DANGER} (seed 000: a plugin setting \`"; os.system('rm -rf /')"\` ran on the host). Run the program with \`execFile\`/\`spawn\` and pass each value as its own entry of the argument array, without a shell.`,
      shellArguments: `{{call}} runs with \`shell: {{shell}}\`, so the program and its arguments are joined into one command line for a shell, with non-constant text in it: {{parts}}. ${DANGER}. Drop the \`shell\` option so each value stays one argument the program receives as is.`,
      inlineCode:
        "{{call}} runs `{{program}} {{flag}}` with non-constant text spliced into the code it executes: {{parts}}. The value is parsed as {{language}} code, not data (seed 000: a plugin setting `\"; os.system('rm -rf /')\"` ran on the host). Keep the code constant and pass the value as an argument after it (`sh -c 'grep -- \"$1\" log' sh value`, `sys.argv`, `process.argv`), or run a script file with the value as an argument.",
    },
  },
  create(context, [options]) {
    const escapers = (options.escapers ?? []).map((escaper) => resolveEscaper(escaper, context.cwd));
    const judge = new ConstantJudge(context, escapers);
    let ignored: boolean | undefined;
    const isIgnored = () => (ignored ??= isFileMatchedBy(context, options.ignore ?? []));

    const check = (node: SpawnNode): void => {
      const call = subprocessCallOf(node, context);
      if (call) {
        const finding = isIgnored() ? undefined : findingOf(call, judge, context);
        if (finding) reportFinding(finding, judge, context, 0);
        return;
      }
      if (node.type !== AST_NODE_TYPES.CallExpression || !buildsText(node)) return;
      const runner = importedRunnerOf(node, context);
      const command = runner && node.arguments[runner.index];
      if (!runner || !command || isIgnored()) return;
      const operands = judge.nonConstant([command]);
      if (operands.length === 0) return;
      const label = `\`${oneLineSnippet(context.sourceCode.getText(node.callee))}\` (which passes it to \`${runner.sink}\`)`;
      const finding: Finding = { messageId: 'shellCommand', node, call: label, sink: `\`${runner.sink}\``, operands, whole: operands };
      reportFinding(finding, judge, context, 0);
    };
    return { CallExpression: check, TaggedTemplateExpression: check };
  },
});

// ---------------------------------------------------------------------------
// What a shell or an interpreter parses

interface Finding {
  readonly messageId: MessageId;
  /** Where the report goes: the subprocess call, or the call of a same-file wrapper that passes the text on. */
  readonly node: SpawnNode;
  /** How the message names the reported call: `` `execAsync` (promisified `exec`) ``. */
  readonly call: string;
  /** The subprocess call the text reaches, named the same way. */
  readonly sink: string;
  /** The operands the shell or interpreter parses that are not constant, in argument order. */
  readonly operands: readonly TSESTree.Node[];
  /**
   * Arguments that are, each of them, all the text parsed: the command line of
   * `exec`, the program and the argument array with `shell` on, the one code
   * argument after `-c`. A helper passing its parameters on as these is a runner.
   */
  readonly whole: readonly TSESTree.Node[];
  readonly shell?: string;
  readonly program?: string;
  readonly flag?: string;
  readonly language?: string;
}

/**
 * The text of a call a shell or an interpreter parses, when part of it is not
 * constant: the command line of `exec`/`execSync`; with `shell` on, the
 * program and every argument (they are joined into one command line); or the
 * code after `sh -c`, `python -c`, `node -e`, `cmd /c`, `powershell -Command`.
 * An execa template escapes each interpolation into one argument, so only its
 * `shell` option or an inline-code flag makes one dangerous.
 */
function findingOf(call: SubprocessCall, judge: ConstantJudge, context: Context): Finding | undefined {
  const label = callLabel(call, context);
  const base = { node: call.node, call: label, sink: label };
  const shell = shellText(call, context);
  const execaCommandLine = call.method === 'execaCommand' || call.method === 'execaCommandSync';
  if (call.method === 'exec' || call.method === 'execSync' || (execaCommandLine && shell !== undefined)) {
    const operands = call.command ? judge.nonConstant([call.command]) : [];
    return operands.length > 0 ? { ...base, messageId: 'shellCommand', operands, whole: operands } : undefined;
  }
  const argv = argvOf(call, judge);
  if (shell !== undefined) {
    const operands = judge.nonConstant(argv.flatMap((arg) => arg.parts));
    const whole = call.template ? [] : [call.command, call.args].filter((node) => node !== undefined);
    return operands.length > 0 ? { ...base, messageId: 'shellArguments', operands, whole, shell } : undefined;
  }
  const inline = inlineCodeOf(argv);
  if (!inline) return undefined;
  const operands = judge.nonConstant(inline.code.flatMap((arg) => arg.parts));
  if (operands.length === 0) return undefined;
  const [onlyCode] = inline.code.length === 1 ? inline.code : [];
  const whole = onlyCode?.parts.length === 1 && onlyCode.text === undefined && !call.template ? onlyCode.parts : [];
  const { program, flag, interpreter } = inline;
  return { ...base, messageId: 'inlineCode', operands, whole, program, flag, language: interpreter.language };
}

/**
 * The `shell` option as written when a shell may parse the call: `true`, a
 * shell path, or an expression (`shell: settings.useShell`,
 * `shell: process.platform === 'win32'`). Undefined when it is off or missing,
 * and when the options cannot be seen (a variable from elsewhere).
 */
function shellText(call: SubprocessCall, context: Context): string | undefined {
  if (call.method === 'fork' || call.method === 'execaNode') return undefined;
  if (call.shell === false) return undefined;
  const option = subprocessOption(call, 'shell', context);
  if (option.kind !== 'set') return undefined;
  return oneLineSnippet(context.sourceCode.getText(option.value));
}

/** One argument of the program: its text when constant, and the expressions it is made of. */
interface Arg {
  readonly text?: string;
  readonly parts: readonly TSESTree.Node[];
}

/**
 * The program and its arguments as the child receives them: `spawn(file, [a, b])`,
 * the words of an execa template (`` $`sh -c ${script}` ``), or a command line
 * (`execaCommand('…')`) as one opaque argument.
 */
function argvOf(call: SubprocessCall, judge: ConstantJudge): Arg[] {
  if (call.template && call.command?.type === AST_NODE_TYPES.TemplateLiteral) return templateWords(call.command);
  const argv: Arg[] = [];
  if (call.command) argv.push(argOf(call.command, judge));
  if (!call.args) return argv;
  const elements = judge.arrayElementsOf(call.args);
  if (!elements) return [...argv, { parts: [call.args] }];
  return [...argv, ...elements.map((element) => argOf(element, judge))];
}

function argOf(node: TSESTree.Node, judge: ConstantJudge): Arg {
  const text = judge.stringOf(node);
  return text === undefined ? { parts: [node] } : { text, parts: [node] };
}

/** execa splits a template on spaces outside its interpolations; an interpolation inside a word stays in that word. */
function templateWords(template: TSESTree.TemplateLiteral): Arg[] {
  const words: Arg[] = [];
  let text: string | undefined = '';
  let parts: TSESTree.Node[] = [];
  let open = false;
  const flush = () => {
    if (open) words.push(text === undefined ? { parts } : { text, parts });
    text = '';
    parts = [];
    open = false;
  };
  for (const [index, quasi] of template.quasis.entries()) {
    const pieces = (quasi.value.cooked ?? quasi.value.raw).split(/(\s+)/);
    for (const piece of pieces) {
      if (piece === '') continue;
      if (/^\s+$/.test(piece)) flush();
      else {
        text = text === undefined ? undefined : text + piece;
        open = true;
      }
    }
    const expression = template.expressions[index];
    if (expression) {
      parts.push(expression);
      text = undefined;
      open = true;
    }
  }
  flush();
  return words;
}

// ---------------------------------------------------------------------------
// Shell runners of other modules (with type information)

/** A call that builds text in its arguments: a template with interpolations, or a concatenation. */
function buildsText(call: TSESTree.CallExpression): boolean {
  return call.arguments.some(
    (argument) =>
      (argument.type === AST_NODE_TYPES.TemplateLiteral && argument.expressions.length > 0) ||
      (argument.type === AST_NODE_TYPES.BinaryExpression && argument.operator === '+'),
  );
}

interface Runner {
  /** The parameter that becomes the command line. */
  readonly index: number;
  /** `exec` / `execSync`. */
  readonly sink: string;
}

const runners = new WeakMap<ts.Node, Runner | null>();

/**
 * With types: a function of another project module that hands one of its
 * parameters whole to `child_process` `exec`/`execSync` (`export const sh =
 * (cmd: string) => execSync(cmd)`). Its callers decide what the shell runs,
 * so a call building the command line from non-constant text is reported.
 */
function importedRunnerOf(call: TSESTree.CallExpression, context: Context): Runner | undefined {
  const services = getTypeServices(context);
  if (!services) return undefined;
  const target = resolveCallTarget(call, context);
  const declaration = target?.declaration;
  if (!declaration || !target.origin || !('modulePath' in target.origin)) return undefined;
  if (path.resolve(declaration.getSourceFile().fileName) === path.resolve(context.filename)) return undefined;
  let runner = runners.get(declaration);
  if (runner === undefined) {
    runner = tsRunnerOf(declaration, services.program.getTypeChecker()) ?? null;
    runners.set(declaration, runner);
  }
  return runner ?? undefined;
}

function tsRunnerOf(declaration: ts.Declaration, checker: ts.TypeChecker): Runner | undefined {
  const init = ts.isVariableDeclaration(declaration) ? declaration.initializer : undefined;
  const fn =
    init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))
      ? init
      : ts.isFunctionDeclaration(declaration) || ts.isMethodDeclaration(declaration)
        ? declaration
        : undefined;
  if (!fn?.body) return undefined;
  let found: Runner | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(node)) {
      const target = resolveTsCallTarget(node, checker);
      const sink = target?.member;
      const [first] = node.arguments;
      const fromChildProcess = target?.origin !== undefined && 'packageName' in target.origin && target.origin.packageName === 'child_process';
      if ((sink === 'exec' || sink === 'execSync') && fromChildProcess && first && ts.isIdentifier(first)) {
        const parameter = declarationOf(checker, first);
        const index = parameter && ts.isParameter(parameter) && parameter.parent === fn ? fn.parameters.indexOf(parameter) : -1;
        if (index !== -1) found = { index, sink };
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(fn.body);
  return found;
}

// ---------------------------------------------------------------------------
// Interpreters that run code given on their command line

interface Interpreter {
  readonly language: string;
  /** The flag whose next argument is code (`-c`, `-lc`, `-e`, `--eval`). */
  readonly codeFlag: RegExp;
  /** `cmd /c` and `powershell -Command` run every argument after the flag, joined. */
  readonly restIsCode?: boolean;
  /** Options taking the next argument as their value, skipped on the way to the flag. */
  readonly valueOptions?: ReadonlySet<string>;
  /** Options after which no code flag can follow (`python -m module`, `powershell -File script.ps1`). */
  readonly stopOptions?: RegExp;
  /** Windows tools read options anywhere and spell them with `/`. */
  readonly windows?: boolean;
}

const SHELL: Interpreter = {
  language: 'shell',
  codeFlag: /^-[a-zA-Z]*c[a-zA-Z]*$/,
  valueOptions: new Set(['-o', '+o', '-O', '+O', '--rcfile', '--init-file']),
};
const PYTHON: Interpreter = { language: 'Python', codeFlag: /^-[a-zA-Z]*c$/, valueOptions: new Set(['-W', '-X']), stopOptions: /^-m$/ };
const NODE: Interpreter = {
  language: 'JavaScript',
  codeFlag: /^(?:-e|--eval|-p|--print|-pe|-ep)$/,
  valueOptions: new Set(['-r', '--require', '--import', '--loader', '--experimental-loader', '-C', '--conditions', '--title']),
};

const INTERPRETERS: readonly (readonly [RegExp, Interpreter])[] = [
  [/^(?:sh|bash|zsh|dash|ash|ksh|mksh|fish)$/, SHELL],
  [/^(?:python(?:\d+(?:\.\d+)*)?|py|pypy3?)$/, PYTHON],
  [/^(?:node|nodejs|bun)$/, NODE],
  [/^cmd$/, { language: 'cmd.exe', codeFlag: /^\/[ck]$/i, restIsCode: true, windows: true }],
  [
    /^(?:powershell|pwsh)$/,
    {
      language: 'PowerShell',
      codeFlag: /^[-/](?:c|co|com|comm|comma|comman|command|e|ec|enc|encodedcommand)$/i,
      restIsCode: true,
      stopOptions: /^[-/](?:f|file)$/i,
      windows: true,
    },
  ],
  [/^perl$/, { language: 'Perl', codeFlag: /^-[a-zA-Z]*[eE]$/ }],
  [/^ruby$/, { language: 'Ruby', codeFlag: /^-e$/ }],
  [/^php$/, { language: 'PHP', codeFlag: /^-r$/ }],
];

interface InlineCode {
  readonly interpreter: Interpreter;
  readonly program: string;
  readonly flag: string;
  readonly code: readonly Arg[];
}

/** `sh -c <code>`, `python3 -c <code>`, `node -e <code>`, `cmd /c <code…>`, also behind `/usr/bin/env`. */
function inlineCodeOf(argv: readonly Arg[]): InlineCode | undefined {
  let [program, ...args] = argv;
  if (program?.text !== undefined && programName(program.text) === 'env') [program, ...args] = args;
  const name = program?.text === undefined ? undefined : programName(program.text);
  const interpreter = name === undefined ? undefined : INTERPRETERS.find(([pattern]) => pattern.test(name))?.[1];
  if (!interpreter || name === undefined) return undefined;
  for (let index = 0; index < args.length; index++) {
    const text = args[index]?.text;
    if (text === undefined) {
      if (interpreter.windows) continue;
      return undefined;
    }
    if (interpreter.codeFlag.test(text)) {
      const code = interpreter.restIsCode ? args.slice(index + 1) : args.slice(index + 1, index + 2);
      return { interpreter, program: name, flag: text, code };
    }
    if (interpreter.stopOptions?.test(text)) return undefined;
    if (interpreter.valueOptions?.has(text)) index++;
    // The first operand is a script file: flags after it are the script's own.
    else if (!interpreter.windows && !/^[-+]/.test(text)) return undefined;
  }
  return undefined;
}

/** `python3` for `/usr/bin/python3`, `cmd` for `C:\Windows\System32\cmd.exe`. */
function programName(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.toLowerCase().replace(/\.exe$/, '');
}

// ---------------------------------------------------------------------------
// Reporting, and same-file helpers that pass the text on

const MAX_WRAPPER_DEPTH = 3;
/** Non-constant parts a message names. */
const MAX_PARTS = 3;

/**
 * Where the non-constant text comes from decides where it is reported. When
 * every non-constant part is a parameter of a helper of this file (`const run
 * = (cmd: string) => execSync(cmd)`, `function gitTag(version) { execSync(\`git
 * tag ${version}\`) }`), the helper's calls in this file are checked instead,
 * and a call passing non-constant text is reported there. A helper that other
 * modules can call (exported, a public method, passed as a value) is
 * reported at the subprocess call when it builds the command line itself,
 * and left to its callers when it only passes a whole command line on: a
 * shell runner (`run(cmd)`) is safe or not by what it is given.
 */
function reportFinding(finding: Finding, judge: ConstantJudge, context: Context, depth: number): void {
  const parts = finding.operands.flatMap((operand) => judge.evidenceOf(operand));
  if (parts.length === 0) return;
  const helper = depth < MAX_WRAPPER_DEPTH ? helperTakingAll(parts, context) : undefined;
  if (helper) {
    const passesWhole = parts.every((part) => finding.whole.includes(part));
    if (helper.escapes && !passesWhole) {
      reportAt(finding, parts, context);
      return;
    }
    for (const caller of helper.calls) {
      const passed = helper.indexes.map((index) => argumentAt(caller, helper.fn, index)).filter((argument) => argument !== undefined);
      const operands = judge.nonConstant(passed);
      if (operands.length === 0) continue;
      const name = oneLineSnippet(context.sourceCode.getText(caller.callee));
      const call = `\`${name}\` (which passes it to ${finding.sink})`;
      reportFinding({ ...finding, node: caller, call, operands, whole: passesWhole ? operands : [] }, judge, context, depth + 1);
    }
    return;
  }
  reportAt(finding, parts, context);
}

function reportAt(finding: Finding, parts: readonly TSESTree.Node[], context: Context): void {
  const labels = [...new Set(parts.map((part) => partLabel(part, finding.node, context)))];
  const shown = labels.slice(0, MAX_PARTS);
  if (labels.length > MAX_PARTS) shown.push(`${labels.length - MAX_PARTS} more`);
  context.report({
    node: finding.node,
    messageId: finding.messageId,
    data: {
      call: finding.call,
      parts: shown.join(', '),
      shell: finding.shell ?? '',
      program: finding.program ?? '',
      flag: finding.flag ?? '',
      language: finding.language ?? '',
    },
  });
}

interface Helper {
  readonly fn: EstreeFunction;
  /** Positions of the parameters the text comes from. */
  readonly indexes: readonly number[];
  /** Its calls in this file. */
  readonly calls: readonly TSESTree.CallExpression[];
  /** Whether code elsewhere can call it: exported, a non-private method, or used as a value. */
  readonly escapes: boolean;
}

/** The named function of this file whose parameters every part is (none reassigned). */
function helperTakingAll(parts: readonly TSESTree.Node[], context: Context): Helper | undefined {
  let fn: EstreeFunction | undefined;
  const indexes: number[] = [];
  for (const part of parts) {
    if (part.type !== AST_NODE_TYPES.Identifier) return undefined;
    const variable = ASTUtils.findVariable(context.sourceCode.getScope(part), part);
    const definition = variable?.defs[0];
    if (!variable || definition?.type !== 'Parameter' || variable.references.some((reference) => reference.isWrite())) return undefined;
    // `@Body('command') command: string` is the request, not a caller's argument.
    if (requestInputOf(part, context)) return undefined;
    const owner = definition.node;
    if (!isFunctionLike(owner)) return undefined;
    if (fn && fn !== owner) return undefined;
    fn = owner;
    const index = owner.params.findIndex((param) => parameterName(param) === part.name);
    if (index === -1) return undefined;
    if (!indexes.includes(index)) indexes.push(index);
  }
  if (!fn) return undefined;
  const uses = usesOf(fn, context);
  return uses ? { fn, indexes, ...uses } : undefined;
}


function parameterName(param: TSESTree.Parameter): string | undefined {
  if (param.type === AST_NODE_TYPES.Identifier) return param.name;
  if (param.type === AST_NODE_TYPES.AssignmentPattern && param.left.type === AST_NODE_TYPES.Identifier) return param.left.name;
  return undefined;
}

/** What a caller passes for a parameter: its argument, else the parameter's default. */
function argumentAt(call: TSESTree.CallExpression, fn: EstreeFunction, index: number): TSESTree.Node | undefined {
  const argument = call.arguments[index];
  if (argument) return argument;
  const param = fn.params[index];
  return param?.type === AST_NODE_TYPES.AssignmentPattern ? param.right : undefined;
}

/**
 * The calls of a function declared in this file (`function run(cmd)`, `const
 * run = (cmd) => …`, a method called as `this.run(…)`), and whether it escapes.
 * Undefined for a function that has no name here (a callback).
 */
function usesOf(fn: EstreeFunction, context: Context): { calls: TSESTree.CallExpression[]; escapes: boolean } | undefined {
  const parent = fn.parent;
  if (parent.type === AST_NODE_TYPES.MethodDefinition && parent.value === fn) {
    const name = parent.key.type === AST_NODE_TYPES.Identifier || parent.key.type === AST_NODE_TYPES.PrivateIdentifier ? parent.key.name : undefined;
    if (!name || parent.computed) return undefined;
    const escapes = parent.key.type !== AST_NODE_TYPES.PrivateIdentifier && parent.accessibility !== 'private';
    return { calls: thisCallsOf(parent.parent, name, parent.key.type === AST_NODE_TYPES.PrivateIdentifier), escapes };
  }
  let declared: TSESTree.Node | undefined;
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration && fn.id) declared = fn;
  else if (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier && parent.init === fn) declared = parent;
  if (!declared) return undefined;
  const exportedBy = fn.type === AST_NODE_TYPES.FunctionDeclaration ? fn.parent : parent.parent?.parent;
  const exported = exportedBy?.type === AST_NODE_TYPES.ExportNamedDeclaration || exportedBy?.type === AST_NODE_TYPES.ExportDefaultDeclaration;
  const variable = context.sourceCode
    .getDeclaredVariables(declared)
    .find((candidate: TSESLint.Scope.Variable) => candidate.defs.some((definition) => definition.type === 'FunctionName' || definition.type === 'Variable'));
  const calls: TSESTree.CallExpression[] = [];
  let escapes = exported;
  for (const reference of variable?.references ?? []) {
    if (reference.init) continue;
    const use = reference.identifier.parent;
    if (use.type === AST_NODE_TYPES.CallExpression && use.callee === reference.identifier && !hasSpread(use)) calls.push(use);
    else escapes = true;
  }
  return { calls, escapes };
}

/** Arguments spread from an array: which parameter gets what is not known. */
function hasSpread(call: TSESTree.CallExpression): boolean {
  return call.arguments.some((argument) => argument.type === AST_NODE_TYPES.SpreadElement);
}

/** `this.name(…)` calls in a class body (methods and field initialisers). */
function thisCallsOf(body: TSESTree.ClassBody, name: string, isPrivateName: boolean): TSESTree.CallExpression[] {
  const calls: TSESTree.CallExpression[] = [];
  walkAst(body, (node) => {
    if (node.type !== AST_NODE_TYPES.CallExpression || node.callee.type !== AST_NODE_TYPES.MemberExpression) return true;
    const { object, property } = node.callee;
    const named =
      (isPrivateName ? property.type === AST_NODE_TYPES.PrivateIdentifier : property.type === AST_NODE_TYPES.Identifier && !node.callee.computed) &&
      (property as TSESTree.Identifier | TSESTree.PrivateIdentifier).name === name;
    if (object.type === AST_NODE_TYPES.ThisExpression && named && !hasSpread(node)) calls.push(node);
    return true;
  });
  return calls;
}

/** `` `execAsync` (promisified `exec`) ``, `` `cp.execSync` ``, `` `run` (`execa`) ``. */
function callLabel(call: SubprocessCall, context: Context): string {
  const callee = call.node.type === AST_NODE_TYPES.CallExpression ? call.node.callee : call.node.tag;
  const text = oneLineSnippet(context.sourceCode.getText(callee));
  const written = text.split('.').pop() ?? text;
  if (call.promisified) return `\`${text}\` (promisified \`${call.method}\`)`;
  return written === call.method || text.length > 40 ? `\`${text}\`` : `\`${text}\` (\`${call.method}\`)`;
}

/** `` `${flags}` ``, with where it is when not on the reported line and the request input it plainly reads. */
function partLabel(part: TSESTree.Node, reported: TSESTree.Node, context: Context): string {
  const text = oneLineSnippet(context.sourceCode.getText(part));
  const label = part.parent?.type === AST_NODE_TYPES.TemplateLiteral ? `\`\${${text}}\`` : `\`${text}\``;
  const notes: string[] = [];
  if (part.loc.start.line !== reported.loc.start.line) notes.push(`line ${part.loc.start.line}`);
  const input = requestReadOf(part, context);
  if (input) {
    const line = input.node.loc.start.line;
    notes.push(`request input \`${input.label}\`${line === part.loc.start.line ? '' : ` from line ${line}`}`);
  }
  return notes.length > 0 ? `${label} (${notes.join(', ')})` : label;
}

/**
 * The request read a value comes from, by the shared taint tracker: evidence
 * for the message only, since the rule reports non-constant commands anyway.
 */
function requestReadOf(node: TSESTree.Node, context: Context): { label: string; node: TSESTree.Node } | undefined {
  const [source] = traceTaint(node, context, { sources: ['request'], isSanitizer: () => false }).sources;
  return source && { label: source.label, node: source.node };
}

// ---------------------------------------------------------------------------
// Constant text

const MAX_DEPTH = 12;
const MAX_STEPS = 5_000;

/** String methods whose result is made of the receiver and the arguments. */
const STRING_METHODS = new Set([
  'toString',
  'valueOf',
  'trim',
  'trimStart',
  'trimEnd',
  'toLowerCase',
  'toUpperCase',
  'normalize',
  'padStart',
  'padEnd',
  'slice',
  'substring',
  'at',
  'charAt',
  'repeat',
  'replace',
  'replaceAll',
  'concat',
  'join',
]);
/** Methods that return a number, a boolean or a date stamp, whatever they are called on. */
const SAFE_TEXT_METHODS = new Set([
  'toFixed',
  'toPrecision',
  'toISOString',
  'getTime',
  'indexOf',
  'lastIndexOf',
  'findIndex',
  'includes',
  'has',
  'charCodeAt',
  'localeCompare',
]);
const NUMBER_FUNCTIONS = new Set(['Number', 'parseInt', 'parseFloat', 'Boolean', 'isNaN', 'isFinite']);
const NUMBER_NAMESPACES = new Set(['Math', 'Number', 'Date']);
/** Array methods that add elements the array did not start with. */
const ARRAY_WRITES = new Set(['push', 'unshift', 'splice', 'fill']);
const PATH_FUNCTIONS = new Set(['join', 'resolve', 'normalize', 'dirname', 'basename', 'extname', 'relative', 'format', 'toNamespacedPath']);
/** Values the running program, not its input, decides. */
const PROCESS_CONSTANTS = new Set(['execPath', 'platform', 'arch', 'pid', 'ppid', 'version', 'versions', 'release']);
const OS_FUNCTIONS = new Set(['tmpdir', 'homedir', 'platform', 'arch', 'type', 'release', 'hostname', 'cpus', 'EOL']);
const TEMPLATE_TAGS = new Set(['String.raw', 'dedent', 'outdent', 'stripIndent', 'stripIndents', 'oneLine', 'oneLineTrim']);

/** Shell escapers by package: the named exports that quote, or `default` for a package that is one function. */
const ESCAPERS: Readonly<Record<string, ReadonlySet<string>>> = {
  'shell-quote': new Set(['quote']),
  shescape: new Set(['quote', 'quoteAll', 'escape', 'escapeAll']),
  shlex: new Set(['quote', 'join']),
  'shell-escape': new Set(['default']),
  'any-shell-escape': new Set(['default']),
  'shell-escape-tag': new Set(['default']),
};

/**
 * Whether a value is fixed by the code rather than by input, and so cannot
 * carry shell syntax an attacker chose:
 * - literals; templates, `+`, `join` and string methods of constants;
 *   numbers and booleans (arithmetic, comparisons, `Number(x)`, `.length`);
 * - a `const` (in any scope, or a `let` every write of which is constant)
 *   holding a constant, a property of a `const` object literal, an enum member,
 *   an element of a constant array (`for (const dir of DIRS)`, `DIRS.forEach`);
 * - configuration: an imported binding and its properties, `process.env.X`,
 *   `__dirname`, `import.meta.dirname`, `process.execPath`, `os.tmpdir()`, and
 *   `path.join`/`resolve` of constants;
 * - the result of a shell escaper (shell-quote `quote`, shescape, the
 *   `escapers` option);
 * - with types, a value whose type is a number, a boolean or a union of
 *   string literals (not through an `as` assertion).
 * Everything else (a parameter, a call result, request data, a lookup with a
 * computed key `SUBCOMMANDS[x]`) is not constant.
 */
class ConstantJudge {
  /** Nodes being judged: a value defined through itself (`cmd = cmd + ' -v'`) is judged by its other parts. */
  private readonly inProgress = new Set<TSESTree.Node>();
  private steps = 0;

  constructor(
    private readonly context: Context,
    private readonly escapers: readonly ResolvedMatcher[],
  ) {}

  /** The nodes among `operands` that are not constant. */
  nonConstant(operands: readonly TSESTree.Node[]): TSESTree.Node[] {
    this.steps = 0;
    return operands.filter((operand) => !this.isConstant(operand, 0));
  }

  /**
   * What the message shows of a non-constant operand: the parts that are
   * not constant, looking into templates, concatenations and arrays written
   * in place or held by a local `const` (`${flags}`, not the whole command).
   */
  evidenceOf(node: TSESTree.Node, depth = 0): TSESTree.Node[] {
    const inner = node.type === AST_NODE_TYPES.SpreadElement ? node.argument : unwrapExpression(node as TSESTree.Expression);
    const shown = node.type === AST_NODE_TYPES.SpreadElement ? node.argument : node;
    const parts = depth > MAX_DEPTH ? undefined : this.composedOf(inner);
    if (!parts) return [shown];
    this.steps = 0;
    const found = parts.filter((part) => !this.isConstant(part, 0)).flatMap((part) => this.evidenceOf(part, depth + 1));
    return found.length > 0 ? found : [shown];
  }

  private composedOf(node: TSESTree.Node): readonly TSESTree.Node[] | undefined {
    switch (node.type) {
      case AST_NODE_TYPES.TemplateLiteral:
        return node.expressions;
      case AST_NODE_TYPES.BinaryExpression:
        return node.operator === '+' ? [node.left, node.right] : undefined;
      case AST_NODE_TYPES.ConditionalExpression:
        return [node.consequent, node.alternate];
      case AST_NODE_TYPES.LogicalExpression:
        return [node.left, node.right];
      case AST_NODE_TYPES.ArrayExpression:
        return node.elements.filter((element): element is TSESTree.Expression | TSESTree.SpreadElement => element !== null);
      case AST_NODE_TYPES.Identifier: {
        const init = this.singleConstInit(node);
        return init && (init.type === AST_NODE_TYPES.TemplateLiteral || init.type === AST_NODE_TYPES.BinaryExpression) ? [init] : undefined;
      }
      default:
        return undefined;
    }
  }

  /** The initializer of a `const` written once, for evidence. */
  private singleConstInit(identifier: TSESTree.Identifier): TSESTree.Expression | undefined {
    const definition = ASTUtils.findVariable(this.context.sourceCode.getScope(identifier), identifier)?.defs[0];
    if (definition?.type !== 'Variable' || definition.parent.kind !== 'const' || definition.node.id.type !== AST_NODE_TYPES.Identifier) return undefined;
    return definition.node.init ? unwrapExpression(definition.node.init) : undefined;
  }

  /** The text of a constant string (`'python3'`, `` `-${flag}` `` of a const, a `const` holding one); `process.execPath` is `node`. */
  stringOf(node: TSESTree.Node, depth = 0): string | undefined {
    if (depth > MAX_DEPTH || node.type === AST_NODE_TYPES.SpreadElement) return undefined;
    const inner = unwrapExpression(node as TSESTree.Expression);
    switch (inner.type) {
      case AST_NODE_TYPES.Literal:
        return typeof inner.value === 'string' || typeof inner.value === 'number' ? String(inner.value) : undefined;
      case AST_NODE_TYPES.TemplateLiteral: {
        let text = inner.quasis[0]?.value.cooked ?? '';
        for (const [index, expression] of inner.expressions.entries()) {
          const value = this.stringOf(expression, depth + 1);
          if (value === undefined) return undefined;
          text += value + (inner.quasis[index + 1]?.value.cooked ?? '');
        }
        return text;
      }
      case AST_NODE_TYPES.BinaryExpression: {
        if (inner.operator !== '+') return undefined;
        const left = this.stringOf(inner.left, depth + 1);
        const right = left === undefined ? undefined : this.stringOf(inner.right, depth + 1);
        return left === undefined || right === undefined ? undefined : left + right;
      }
      case AST_NODE_TYPES.Identifier: {
        const init = this.writtenOnceInit(inner);
        return init ? this.stringOf(init, depth + 1) : undefined;
      }
      case AST_NODE_TYPES.MemberExpression:
        return isProcessMember(inner, 'execPath') || isProcessArgvZero(inner) ? 'node' : undefined;
      default:
        return undefined;
    }
  }

  /** The elements of an argument list written in the call or held by a `const` nobody adds to; undefined otherwise. */
  arrayElementsOf(node: TSESTree.Node, depth = 0): readonly (TSESTree.Expression | TSESTree.SpreadElement)[] | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const inner = unwrapExpression(node as TSESTree.Expression);
    const array = inner.type === AST_NODE_TYPES.Identifier ? this.constArrayOf(inner) : inner;
    if (array?.type !== AST_NODE_TYPES.ArrayExpression) return undefined;
    const elements: (TSESTree.Expression | TSESTree.SpreadElement)[] = [];
    for (const element of array.elements) {
      if (!element) continue;
      if (element.type === AST_NODE_TYPES.SpreadElement) {
        const spread = this.arrayElementsOf(element.argument, depth + 1);
        if (!spread) elements.push(element);
        else elements.push(...spread);
      } else elements.push(element);
    }
    return elements;
  }

  private constArrayOf(identifier: TSESTree.Identifier): TSESTree.ArrayExpression | undefined {
    const init = this.writtenOnceInit(identifier);
    return init?.type === AST_NODE_TYPES.ArrayExpression && !this.isAddedTo(identifier) ? init : undefined;
  }

  isConstant(node: TSESTree.Node, depth: number): boolean {
    if (this.inProgress.has(node)) return true;
    if (depth > MAX_DEPTH || ++this.steps > MAX_STEPS) return false;
    this.inProgress.add(node);
    try {
      return this.judge(node, depth);
    } finally {
      this.inProgress.delete(node);
    }
  }

  private judge(node: TSESTree.Node, depth: number): boolean {
    const next = depth + 1;
    if (node.type === AST_NODE_TYPES.SpreadElement) return this.isConstantArray(node.argument, next);
    if (this.hasConstantType(node)) return true;
    switch (node.type) {
      case AST_NODE_TYPES.Literal:
        return true;
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.ChainExpression:
        return this.isConstant(node.expression, next);
      case AST_NODE_TYPES.AwaitExpression:
        return this.isConstant(node.argument, next);
      case AST_NODE_TYPES.TemplateLiteral:
        return node.expressions.every((expression) => this.isConstant(expression, next));
      case AST_NODE_TYPES.TaggedTemplateExpression:
        return this.isEscaperTag(node.tag) || (TEMPLATE_TAGS.has(this.context.sourceCode.getText(node.tag)) && this.isConstant(node.quasi, next));
      case AST_NODE_TYPES.BinaryExpression:
        // Only `+` can yield text; every other operator yields a number or a boolean.
        return node.operator !== '+' || (this.isConstant(node.left, next) && this.isConstant(node.right, next));
      case AST_NODE_TYPES.UnaryExpression:
      case AST_NODE_TYPES.UpdateExpression:
        return true;
      case AST_NODE_TYPES.LogicalExpression:
        return this.isConstant(node.left, next) && this.isConstant(node.right, next);
      case AST_NODE_TYPES.ConditionalExpression:
        return this.isConstant(node.consequent, next) && this.isConstant(node.alternate, next);
      case AST_NODE_TYPES.SequenceExpression:
        return node.expressions.length > 0 && this.isConstant(node.expressions[node.expressions.length - 1] as TSESTree.Expression, next);
      case AST_NODE_TYPES.ArrayExpression:
        return node.elements.every((element) => element === null || this.isConstant(element, next));
      case AST_NODE_TYPES.Identifier:
        return this.isConstantIdentifier(node, next);
      case AST_NODE_TYPES.MemberExpression:
        return this.isConstantMember(node, next);
      case AST_NODE_TYPES.MetaProperty:
        return true;
      case AST_NODE_TYPES.CallExpression:
        return this.isConstantCall(node, next);
      default:
        return false;
    }
  }

  private isConstantArray(node: TSESTree.Expression, depth: number): boolean {
    const elements = this.arrayElementsOf(node);
    return elements ? elements.every((element) => this.isConstant(element, depth)) : this.isConstant(node, depth);
  }

  private isConstantIdentifier(identifier: TSESTree.Identifier, depth: number): boolean {
    const variable = ASTUtils.findVariable(this.context.sourceCode.getScope(identifier), identifier);
    if (!variable || variable.defs.length === 0) {
      return ['undefined', 'NaN', 'Infinity', '__dirname', '__filename'].includes(identifier.name);
    }
    const definition = variable.defs[0];
    if (!definition) return false;
    switch (definition.type) {
      case 'ImportBinding':
        return true;
      case 'TSEnumName':
        return true;
      case 'Parameter':
        return this.isConstantElementParameter(identifier, definition.node, depth);
      case 'Variable':
        break;
      default:
        return false;
    }
    const declarator = definition.node;
    if (declarator.init && isModuleObject(declarator.init)) return true;
    const loop = declarator.parent.parent;
    if (!declarator.init && loop?.type === AST_NODE_TYPES.ForOfStatement && loop.left === declarator.parent) {
      return declarator.id.type === AST_NODE_TYPES.Identifier && this.isConstantArray(loop.right, depth);
    }
    if (declarator.id.type !== AST_NODE_TYPES.Identifier) {
      // `const { bin } = CONFIG`: as constant as the object it comes from.
      return declarator.init !== null && declarator.parent.kind === 'const' && this.isConstant(declarator.init, depth);
    }
    if (!declarator.init && !variable.references.some((reference) => reference.isWrite())) return true;
    return variable.references.every((reference) => {
      if (!reference.isWrite()) return true;
      if (reference.init) return declarator.init !== null && this.isConstant(declarator.init, depth);
      const assignment = reference.identifier.parent;
      if (assignment.type === AST_NODE_TYPES.UpdateExpression) return true;
      if (assignment.type !== AST_NODE_TYPES.AssignmentExpression || assignment.left !== reference.identifier) return false;
      return ['=', '+=', '||=', '??=', '&&='].includes(assignment.operator) && this.isConstant(assignment.right, depth);
    }) && !this.isAddedTo(identifier);
  }

  /** `DIRS.forEach((dir) => …)`, `DIRS.map(async (dir) => …)`: the element parameter of a callback over a constant array. */
  private isConstantElementParameter(identifier: TSESTree.Identifier, fn: TSESTree.Node, depth: number): boolean {
    if (fn.type !== AST_NODE_TYPES.ArrowFunctionExpression && fn.type !== AST_NODE_TYPES.FunctionExpression) return false;
    const [first] = fn.params;
    if (first?.type !== AST_NODE_TYPES.Identifier || first.name !== identifier.name) return false;
    const call = fn.parent;
    if (call.type !== AST_NODE_TYPES.CallExpression || call.arguments[0] !== fn) return false;
    const callee = unwrapExpression(call.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
    const method = memberName(callee);
    if (!method || !['forEach', 'map', 'flatMap', 'filter', 'some', 'every', 'find'].includes(method)) return false;
    return this.isConstantArray(callee.object, depth);
  }

  /** Whether code adds to or overwrites parts of the array or object a name holds (`args.push(x)`, `opts.bin = x`). */
  private isAddedTo(identifier: TSESTree.Identifier): boolean {
    const variable = ASTUtils.findVariable(this.context.sourceCode.getScope(identifier), identifier);
    return (variable?.references ?? []).some((reference) => {
      const member = reference.identifier.parent;
      if (member.type !== AST_NODE_TYPES.MemberExpression || member.object !== reference.identifier) return false;
      const use = member.parent;
      if (use.type === AST_NODE_TYPES.AssignmentExpression && use.left === member) return !this.isConstant(use.right, 0);
      if (use.type !== AST_NODE_TYPES.CallExpression || use.callee !== member) return false;
      const method = memberName(member);
      return method !== undefined && ARRAY_WRITES.has(method) && !use.arguments.every((argument) => this.isConstant(argument, 0));
    });
  }

  private isConstantMember(member: TSESTree.MemberExpression, depth: number): boolean {
    const name = memberName(member);
    if (!member.computed && name === 'length') return true;
    if (member.computed && !this.isConstant(member.property, depth)) return false;
    const value = this.memberValueOf(member);
    if (value === CONFIGURATION) return true;
    return value !== undefined && this.isConstant(value, depth);
  }

  /**
   * What a read of a member chain yields: configuration (a chain from an
   * import, an enum, `process.env`, `import.meta`, `process.execPath`), the
   * value written in a `const` object or array literal nothing writes to, or
   * undefined when the code computes it.
   */
  private memberValueOf(member: TSESTree.MemberExpression): TSESTree.Node | typeof CONFIGURATION | undefined {
    const name = memberName(member);
    const object = unwrapExpression(member.object);
    if (member.computed && !this.isConstant(member.property, 0)) return undefined;
    if (isProcess(object)) return name !== undefined && PROCESS_CONSTANTS.has(name) ? CONFIGURATION : undefined;
    if (isProcessEnv(object) || object.type === AST_NODE_TYPES.MetaProperty) return CONFIGURATION;
    if (name === 'EOL' && this.isModuleOf(object, 'os')) return CONFIGURATION;
    let container: TSESTree.Node | typeof CONFIGURATION | undefined;
    if (object.type === AST_NODE_TYPES.Identifier) {
      const variable = ASTUtils.findVariable(this.context.sourceCode.getScope(object), object);
      const definition = variable?.defs[0];
      if (definition?.type === 'ImportBinding' || definition?.type === 'TSEnumName') return CONFIGURATION;
      if (definition?.type === 'Variable' && definition.node.init && isModuleObject(definition.node.init)) return CONFIGURATION;
      container = this.isAddedTo(object) ? undefined : this.writtenOnceInit(object);
    } else if (object.type === AST_NODE_TYPES.MemberExpression) {
      container = this.memberValueOf(object);
    }
    if (container === CONFIGURATION || container === undefined) return container;
    return elementOf(unwrapExpression(container as TSESTree.Expression), member, name);
  }

  /** The initializer of a variable nothing reassigns (`const`, or a `let` written only at its declaration). */
  private writtenOnceInit(identifier: TSESTree.Identifier): TSESTree.Expression | undefined {
    const variable = ASTUtils.findVariable(this.context.sourceCode.getScope(identifier), identifier);
    const definition = variable?.defs[0];
    if (!variable || definition?.type !== 'Variable' || definition.node.id.type !== AST_NODE_TYPES.Identifier || !definition.node.init) return undefined;
    if (variable.references.some((reference) => reference.isWrite() && !reference.init)) return undefined;
    return unwrapExpression(definition.node.init);
  }

  private isConstantCall(call: TSESTree.CallExpression, depth: number): boolean {
    if (this.isEscaperCall(call)) return true;
    const args = () => call.arguments.every((argument) => this.isConstant(argument, depth));
    const callee = unwrapExpression(call.callee);
    const calleeName = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? memberName(callee) : undefined;
    // A random id, or a temporary directory named from a constant prefix: no shell syntax in either.
    if (calleeName === 'randomUUID') return true;
    if (calleeName === 'mkdtempSync' || calleeName === 'mkdtemp') return args();
    if (callee.type === AST_NODE_TYPES.Identifier) {
      if (NUMBER_FUNCTIONS.has(callee.name)) return true;
      if (callee.name === 'String' || callee.name === 'fileURLToPath') return args();
      const binding = importBindingOf(callee, this.context);
      if (binding && isPackageOf(binding.origin, 'path') && PATH_FUNCTIONS.has(binding.imported)) return args();
      if (binding && isPackageOf(binding.origin, 'url') && binding.imported === 'fileURLToPath') return args();
      if (binding && isPackageOf(binding.origin, 'os') && OS_FUNCTIONS.has(binding.imported)) return true;
      return false;
    }
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
    const method = memberName(callee);
    if (!method) return false;
    const object = unwrapExpression(callee.object);
    if (object.type === AST_NODE_TYPES.Identifier && NUMBER_NAMESPACES.has(object.name) && !ASTUtils.findVariable(this.context.sourceCode.getScope(object), object)) return true;
    if (object.type === AST_NODE_TYPES.Identifier && object.name === 'JSON' && method === 'stringify') return args();
    if (object.type === AST_NODE_TYPES.Identifier && object.name === 'require' && method === 'resolve') return args();
    if (isProcess(object) && method === 'cwd') return true;
    if (this.isModuleOf(object, 'path') && PATH_FUNCTIONS.has(method)) return args();
    if (this.isModuleOf(object, 'os') && OS_FUNCTIONS.has(method)) return true;
    if (SAFE_TEXT_METHODS.has(method)) return true;
    if (STRING_METHODS.has(method)) return this.isConstantArray(object, depth) && args();
    return false;
  }

  /** `path` / `path.posix` from `node:path`, also an unresolved global `path` in a script. */
  private isModuleOf(object: TSESTree.Expression, packageName: string): boolean {
    const base = object.type === AST_NODE_TYPES.MemberExpression && (memberName(object) === 'posix' || memberName(object) === 'win32') ? unwrapExpression(object.object) : object;
    if (base.type !== AST_NODE_TYPES.Identifier) {
      const required = base.type === AST_NODE_TYPES.CallExpression ? requiredName(base) : undefined;
      return required !== undefined && required.replace(/^node:/, '') === packageName;
    }
    const binding = importBindingOf(base, this.context);
    if (binding) return isPackageOf(binding.origin, packageName) && (binding.imported === '*' || binding.imported === 'default' || binding.imported === 'posix');
    return base.name === packageName && !ASTUtils.findVariable(this.context.sourceCode.getScope(base), base);
  }

  /** Not trusted through `as`: an assertion states a type, it does not check one. */
  private hasConstantType(node: TSESTree.Node): boolean {
    if (node.type === AST_NODE_TYPES.TSAsExpression || node.type === AST_NODE_TYPES.TSTypeAssertion || node.type === AST_NODE_TYPES.Literal) return false;
    if (node.type === AST_NODE_TYPES.TemplateLiteral || node.type === AST_NODE_TYPES.ArrayExpression) return false;
    const services = getTypeServices(this.context);
    if (!services) return false;
    const type = services.getTypeAtLocation(node);
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return false;
    return isSpliceSafeType(type, services.program.getTypeChecker());
  }

  // -------------------------------------------------------------------------
  // Shell escapers

  isEscaperCall(call: TSESTree.CallExpression): boolean {
    const callee = unwrapExpression(call.callee);
    if (callee.type !== AST_NODE_TYPES.Identifier && callee.type !== AST_NODE_TYPES.MemberExpression) return false;
    const target = resolveCallTarget(call, this.context);
    return target !== undefined && this.isEscaperTarget(target, callee.type === AST_NODE_TYPES.Identifier);
  }

  private isEscaperTag(tag: TSESTree.Expression): boolean {
    const inner = unwrapExpression(tag);
    if (inner.type !== AST_NODE_TYPES.Identifier) return false;
    const binding = importBindingOf(inner, this.context);
    return binding !== undefined && 'packageName' in binding.origin && ESCAPERS[binding.origin.packageName]?.has('default') === true;
  }

  isEscaperTarget(target: CallTarget, bareName: boolean): boolean {
    if (this.escapers.some((escaper) => matchesSetting(target, escaper))) return true;
    if (!target.origin || !('packageName' in target.origin)) return false;
    const known = ESCAPERS[target.origin.packageName];
    if (!known) return false;
    // A package that is one function is called by whatever name it was imported under.
    return known.has(target.member) || (known.has('default') && bareName);
  }
}

const CONFIGURATION = Symbol('configuration');

/** The value of `KEY` in an object literal `{ KEY: … }`, or of index `n` in an array literal. */
function elementOf(container: TSESTree.Expression, member: TSESTree.MemberExpression, name: string | undefined): TSESTree.Node | undefined {
  if (container.type === AST_NODE_TYPES.ObjectExpression && name !== undefined) {
    let found: TSESTree.Node | undefined;
    for (const property of container.properties) {
      if (property.type === AST_NODE_TYPES.SpreadElement) return undefined;
      if (propertyKey(property) === name) found = property.value;
    }
    return found;
  }
  if (container.type === AST_NODE_TYPES.ArrayExpression && member.computed && member.property.type === AST_NODE_TYPES.Literal) {
    const index = member.property.value;
    const element = typeof index === 'number' ? container.elements[index] : undefined;
    return element && element.type !== AST_NODE_TYPES.SpreadElement ? element : undefined;
  }
  return undefined;
}

function resolveEscaper(escaper: EscaperOption, cwd: string): ResolvedMatcher {
  const [owner, member] = escaper.name.includes('.') ? (escaper.name.split('.') as [string, string]) : [undefined, escaper.name];
  const isPath = escaper.module.startsWith('.') || path.isAbsolute(escaper.module);
  return {
    ...(isPath ? { modulePath: normaliseModulePath(path.resolve(cwd, escaper.module)) } : { packageName: escaper.module }),
    ...(owner ? { owner } : {}),
    member,
    argument: 0,
    source: `${escaper.module}#${escaper.name}`,
  };
}

// ---------------------------------------------------------------------------
// Small syntactic predicates

function isProcess(node: TSESTree.Expression): boolean {
  if (node.type === AST_NODE_TYPES.Identifier) return node.name === 'process';
  return node.type === AST_NODE_TYPES.MemberExpression && memberName(node) === 'process' && node.object.type === AST_NODE_TYPES.Identifier && node.object.name === 'globalThis';
}

function isProcessEnv(node: TSESTree.Expression): boolean {
  return node.type === AST_NODE_TYPES.MemberExpression && memberName(node) === 'env' && isProcess(unwrapExpression(node.object));
}

function isProcessMember(node: TSESTree.MemberExpression, name: string): boolean {
  return memberName(node) === name && isProcess(unwrapExpression(node.object));
}

/** `process.argv[0]`: the node binary. */
function isProcessArgvZero(node: TSESTree.MemberExpression): boolean {
  const object = unwrapExpression(node.object);
  return node.computed && node.property.type === AST_NODE_TYPES.Literal && node.property.value === 0 && object.type === AST_NODE_TYPES.MemberExpression && isProcessMember(object, 'argv');
}

/** `require('x')`, `await import('x')`: a module object, which is configuration like an import. */
function isModuleObject(init: TSESTree.Expression): boolean {
  let inner = unwrapExpression(init);
  if (inner.type === AST_NODE_TYPES.AwaitExpression) inner = unwrapExpression(inner.argument);
  if (inner.type === AST_NODE_TYPES.ImportExpression) return true;
  return inner.type === AST_NODE_TYPES.CallExpression && requiredName(inner) !== undefined;
}

function requiredName(call: TSESTree.CallExpression): string | undefined {
  const [argument] = call.arguments;
  if (call.callee.type !== AST_NODE_TYPES.Identifier || call.callee.name !== 'require') return undefined;
  return argument?.type === AST_NODE_TYPES.Literal && typeof argument.value === 'string' ? argument.value : undefined;
}

function isPackageOf(origin: { packageName: string } | { modulePath: string }, packageName: string): boolean {
  return 'packageName' in origin && origin.packageName.replace(/^node:/, '') === packageName;
}
