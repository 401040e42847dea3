import path from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { blockingTsCallAt, type BlockingCall } from '../../src/knowledge/sync-io.js';
import {
  calleeImplementation,
  formatChain,
  functionName,
  implementationOf,
  runsInPlace,
  summarizeCall,
  summarizeFunction,
  type FunctionWithBody,
  type SummaryKind,
} from '../../src/util/summaries.js';
import { fixtureDir } from '../rule-tester.js';

let program: ts.Program;

beforeAll(() => {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(fixtureDir, 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  });
  if (!config) throw new Error('fixture tsconfig not found');
  program = ts.createProgram(config.fileNames, config.options);
  // Binding sets the parent pointers that typescript-eslint programs always have.
  program.getTypeChecker();
});

function sourceFile(name: string): ts.SourceFile {
  const file = program.getSourceFile(path.join(fixtureDir, name));
  if (!file) throw new Error(`${name} is not in the fixture program`);
  return file;
}

function nodesOf(file: ts.SourceFile): ts.Node[] {
  const nodes: ts.Node[] = [];
  const visit = (node: ts.Node) => {
    nodes.push(node);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return nodes;
}

/** The function in a fixture file that chains name `name` (`DatabaseService.execute`, `walkTree`). */
function fn(file: string, name: string): FunctionWithBody {
  const found = nodesOf(sourceFile(file)).find(
    (node): node is FunctionWithBody => ts.isFunctionLike(node) && 'body' in node && node.body !== undefined && functionName(node as FunctionWithBody) === name,
  );
  if (!found) throw new Error(`no function ${name} in ${file}`);
  return found;
}

function blockingKind(id = 'test-sync-io'): SummaryKind<BlockingCall> {
  return {
    id,
    leafOf: (call) => (ts.isCallExpression(call) ? blockingTsCallAt(call, program, []) : undefined),
    follows: (f) => !ts.getModifiers(f)?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword),
  };
}

describe('summarizeFunction', () => {
  it('summarises a method that runs a better-sqlite3 statement', () => {
    const summary = summarizeFunction(program, fn('sync-io-db-service.ts', 'DatabaseService.execute'), blockingKind(), {
      maxDepth: 1,
    });
    expect(summary?.leaf.label).toBe('better-sqlite3 Statement.all');
    expect(summary?.chain).toEqual([
      expect.objectContaining({ name: 'DatabaseService.execute', kind: 'function', file: 'sync-io-db-service.ts', line: 16 }),
      expect.objectContaining({ name: 'better-sqlite3 Statement.all', kind: 'leaf', file: 'sync-io-db-service.ts', line: 17 }),
    ]);
    expect(summary && formatChain(summary.chain)).toBe(
      'DatabaseService.execute() → better-sqlite3 Statement.all (sync-io-db-service.ts:17)',
    );
  });

  it('follows calls into other project functions, breadth first', () => {
    const summary = summarizeFunction(program, fn('sync-io-repository.ts', 'UserService.profile'), blockingKind(), {
      maxDepth: 3,
    });
    expect(summary?.chain.map((s) => s.name)).toEqual([
      'UserService.profile',
      'UserRepository.findById',
      'DatabaseService.executeOne',
      'better-sqlite3 Statement.get',
    ]);
  });

  it('respects the depth bound', () => {
    const card = fn('sync-io-repository.ts', 'loadProfileCard');
    expect(summarizeFunction(program, card, blockingKind(), { maxDepth: 3 })).toBeUndefined();
    expect(summarizeFunction(program, card, blockingKind(), { maxDepth: 4 })?.chain).toHaveLength(5);
    expect(summarizeFunction(program, card, blockingKind(), { maxDepth: 0 })).toBeUndefined();
  });

  it('ends on cycles, with and without a match', () => {
    expect(summarizeFunction(program, fn('sync-io-repository.ts', 'walkTree'), blockingKind(), { maxDepth: 10 })).toBeUndefined();
    expect(summarizeFunction(program, fn('sync-io-repository.ts', 'visitChildren'), blockingKind(), { maxDepth: 10 })).toBeUndefined();
    const page = summarizeFunction(program, fn('sync-io-repository.ts', 'syncPage'), blockingKind(), { maxDepth: 10 });
    expect(page?.chain.map((s) => s.name)).toEqual([
      'syncPage',
      'syncPrevious',
      'DatabaseService.run',
      'better-sqlite3 Statement.run',
    ]);
  });

  it('includes array callbacks but not timer callbacks', () => {
    const kind = blockingKind();
    expect(summarizeFunction(program, fn('sync-io-repository.ts', 'findMany'), kind, { maxDepth: 2 })?.leaf.label).toBe(
      'better-sqlite3 Statement.get',
    );
    expect(summarizeFunction(program, fn('sync-io-repository.ts', 'refreshLater'), kind, { maxDepth: 3 })).toBeUndefined();
    expect(summarizeFunction(program, fn('sync-io-db-service.ts', 'DatabaseService.executeSoon'), kind, { maxDepth: 3 })).toBeUndefined();
  });

  it('has no summary for functions the kind does not follow', () => {
    const executeLater = fn('sync-io-db-service.ts', 'DatabaseService.executeLater');
    expect(summarizeFunction(program, executeLater, blockingKind(), { maxDepth: 3 })).toBeUndefined();
    const everything: SummaryKind<BlockingCall> = { ...blockingKind('test-sync-io-all'), follows: undefined };
    expect(summarizeFunction(program, executeLater, everything, { maxDepth: 3 })?.leaf.label).toBe('better-sqlite3 Statement.all');
  });

  it('summarises class property arrows and node:sqlite wrappers', () => {
    expect(summarizeFunction(program, fn('sync-io-db-service.ts', 'DatabaseService.run'), blockingKind(), { maxDepth: 1 })?.leaf.label).toBe(
      'better-sqlite3 Statement.run',
    );
    expect(summarizeFunction(program, fn('sync-io-sqlite-store.ts', 'SettingsStore.migrate'), blockingKind(), { maxDepth: 1 })?.leaf.label).toBe(
      'node:sqlite DatabaseSync.exec',
    );
  });

  it('is generic in the predicate', () => {
    const templateReads: SummaryKind = {
      id: 'test-template-replace',
      leafOf: (call) =>
        ts.isCallExpression(call) && ts.isPropertyAccessExpression(call.expression) && call.expression.name.text === 'replace'
          ? { label: 'String.replace' }
          : undefined,
    };
    const summary = summarizeFunction(program, fn('sync-io-helpers.ts', 'renderTemplate'), templateReads, { maxDepth: 1 });
    expect(summary?.leaf.label).toBe('String.replace');
    expect(summary?.chain.at(-1)?.line).toBe(7);
  });
});

describe('summary cache', () => {
  it('returns the same summary without walking again', () => {
    const kind = blockingKind('test-cache-hit');
    const leafOf = vi.spyOn(kind, 'leafOf');
    const execute = fn('sync-io-repository.ts', 'UserRepository.findAll');
    const first = summarizeFunction(program, execute, kind, { maxDepth: 3 });
    const walked = leafOf.mock.calls.length;
    expect(walked).toBeGreaterThan(0);
    const second = summarizeFunction(program, execute, kind, { maxDepth: 3 });
    expect(second).toBe(first);
    expect(leafOf.mock.calls.length).toBe(walked);
  });

  it('remembers negative answers too', () => {
    const kind = blockingKind('test-cache-negative');
    const leafOf = vi.spyOn(kind, 'leafOf');
    const walk = fn('sync-io-repository.ts', 'walkTree');
    expect(summarizeFunction(program, walk, kind, { maxDepth: 3 })).toBeUndefined();
    const walked = leafOf.mock.calls.length;
    expect(summarizeFunction(program, walk, kind, { maxDepth: 3 })).toBeUndefined();
    expect(leafOf.mock.calls.length).toBe(walked);
  });

  it('reuses function bodies across depths but keeps their answers apart', () => {
    const kind = blockingKind('test-cache-depth');
    const leafOf = vi.spyOn(kind, 'leafOf');
    const findById = fn('sync-io-repository.ts', 'UserRepository.findById');
    expect(summarizeFunction(program, findById, kind, { maxDepth: 1 })).toBeUndefined();
    const walked = leafOf.mock.calls.length;
    expect(summarizeFunction(program, findById, kind, { maxDepth: 2 })?.leaf.label).toBe('better-sqlite3 Statement.get');
    // findById's own body is not walked again; only DatabaseService.executeOne is new.
    const executeOneCalls = leafOf.mock.calls.length - walked;
    expect(executeOneCalls).toBeGreaterThan(0);
    expect(summarizeFunction(program, findById, kind, { maxDepth: 1 })).toBeUndefined();
  });

  it('keeps kinds with different ids apart', () => {
    const never: SummaryKind = { id: 'test-never', leafOf: () => undefined };
    const execute = fn('sync-io-db-service.ts', 'DatabaseService.execute');
    expect(summarizeFunction(program, execute, blockingKind('test-ids'), { maxDepth: 1 })).toBeDefined();
    expect(summarizeFunction(program, execute, never, { maxDepth: 1 })).toBeUndefined();
  });

  it('starts afresh for another program', () => {
    const kind = blockingKind('test-cache-program');
    const leafOf = vi.spyOn(kind, 'leafOf');
    const other = ts.createProgram(program.getRootFileNames(), program.getCompilerOptions());
    other.getTypeChecker();
    const execute = fn('sync-io-db-service.ts', 'DatabaseService.execute');
    summarizeFunction(program, execute, kind, { maxDepth: 1 });
    const walked = leafOf.mock.calls.length;
    const inOther = other.getSourceFile(execute.getSourceFile().fileName);
    const otherExecute = inOther && nodesOf(inOther).find(
      (node): node is FunctionWithBody => ts.isMethodDeclaration(node) && functionName(node as FunctionWithBody) === 'DatabaseService.execute',
    );
    expect(otherExecute).toBeDefined();
    expect(otherExecute && summarizeFunction(other, otherExecute, kind, { maxDepth: 1 })?.leaf.label).toBe('better-sqlite3 Statement.all');
    expect(leafOf.mock.calls.length).toBeGreaterThan(walked);
  });
});

describe('implementationOf and calleeImplementation', () => {
  it('has nothing for abstract and interface methods', () => {
    const checker = program.getTypeChecker();
    const nodes = nodesOf(sourceFile('sync-io-helpers.ts'));
    const abstractExport = nodes.find((n): n is ts.MethodDeclaration => ts.isMethodDeclaration(n) && n.name.getText() === 'export');
    const interfaceRead = nodes.find((n): n is ts.MethodSignature => ts.isMethodSignature(n) && n.name.getText() === 'read');
    expect(abstractExport && implementationOf(abstractExport, checker)).toBeUndefined();
    expect(interfaceRead && implementationOf(interfaceRead, checker)).toBeUndefined();
  });

  it('finds the implementation of an overloaded function', () => {
    const checker = program.getTypeChecker();
    const overload = nodesOf(sourceFile('sync-io-helpers.ts')).find(
      (n): n is ts.FunctionDeclaration => ts.isFunctionDeclaration(n) && n.name?.text === 'format' && n.body === undefined,
    );
    const implementation = overload && implementationOf(overload, checker);
    expect(implementation?.body).toBeDefined();
    expect(implementation && summarizeFunction(program, implementation, blockingKind(), { maxDepth: 1 })?.leaf.label).toBe('fs.readFileSync');
  });

  it('does not walk into node_modules declarations', () => {
    const calls = nodesOf(sourceFile('sync-io-db-service.ts')).filter(ts.isCallExpression);
    const prepare = calls.find((c) => ts.isPropertyAccessExpression(c.expression) && c.expression.name.text === 'prepare');
    expect(prepare && calleeImplementation(program, prepare)).toBeUndefined();
    expect(prepare && summarizeCall(program, prepare, blockingKind(), { maxDepth: 3 })).toBeUndefined();
  });
});

describe('runsInPlace', () => {
  it('tells array callbacks from timer callbacks', () => {
    const checker = program.getTypeChecker();
    const arrows = nodesOf(sourceFile('sync-io-repository.ts')).filter(ts.isArrowFunction);
    const inPlace = arrows.map((arrow) => [arrow.getText().slice(0, 16), runsInPlace(arrow, checker)]);
    expect(inPlace).toEqual([
      ['(sum, child) => ', true],
      ['(id) => database', true],
      ['() => database.e', false],
    ]);
  });
});
