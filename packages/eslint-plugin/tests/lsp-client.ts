import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  CodeActionRequest,
  ConfigurationRequest,
  createProtocolConnection,
  DiagnosticRefreshRequest,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentDiagnosticReportKind,
  DocumentDiagnosticRequest,
  ExecuteCommandRequest,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  NotificationType,
  RegistrationRequest,
  RequestType,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  WorkDoneProgressCreateRequest,
  type CodeAction,
  type Command,
  type ConfigurationItem,
  type Diagnostic,
  type ProtocolConnection,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { repoRoot } from './paths.js';

// A minimal LSP client for the ESLint language server that the VS Code ESLint
// extension runs (vscode-eslint-language-server from vscode-langservers-extracted).
// It plays the part of the extension: it answers the server's configuration
// requests with the settings object the extension builds, approves library
// execution, and pulls diagnostics the way VS Code does (the server answers
// `textDocument/diagnostic`; it never pushes `publishDiagnostics`).

export const serverBin = path.join(repoRoot, 'node_modules/.bin/vscode-eslint-language-server');

/**
 * The settings object a client sends for one document. Field names and meanings are
 * vscode-eslint's `ConfigurationSettings` (server/src/shared/settings.ts).
 */
export interface ExtensionSettings {
  validate: 'on' | 'off' | 'probe';
  packageManager?: 'npm' | 'yarn' | 'pnpm';
  useESLintClass: boolean;
  useFlatConfig?: boolean;
  experimental: { useFlatConfig: boolean };
  codeActionOnSave: { enable?: boolean; mode: 'all' | 'problems' };
  format: boolean;
  quiet: boolean;
  onIgnoredFiles: 'off' | 'warn';
  options?: Record<string, unknown>;
  rulesCustomizations: { rule: string; severity: string }[];
  run: 'onType' | 'onSave';
  problems: { shortenToSingleLine: boolean };
  nodePath: string | null;
  workingDirectory?: { mode: 'location' | 'auto' } | { directory: string; '!cwd'?: boolean };
  workspaceFolder?: { name: string; uri: string };
  codeAction: {
    disableRuleComment: { enable: boolean; location: 'separateLine' | 'sameLine'; commentStyle?: 'line' | 'block' };
    showDocumentation: { enable: boolean };
  };
}

/**
 * What the VS Code extension sends for a TypeScript file when the user changed no
 * setting (client/src/client.ts, readConfiguration): `probe` because TypeScript is in
 * `eslint.probe`, not in `eslint.validate`; no `useFlatConfig`, so ESLint decides; no
 * `workingDirectory`, so the server derives it from the file's location.
 */
export function vscodeDefaultSettings(workspaceFolder: string): ExtensionSettings {
  return {
    validate: 'probe',
    packageManager: 'npm',
    useESLintClass: false,
    experimental: { useFlatConfig: false },
    codeActionOnSave: { mode: 'all' },
    format: false,
    quiet: false,
    onIgnoredFiles: 'off',
    options: {},
    rulesCustomizations: [],
    run: 'onType',
    problems: { shortenToSingleLine: false },
    nodePath: null,
    workspaceFolder: { name: path.basename(workspaceFolder), uri: pathToFileURL(workspaceFolder).href },
    codeAction: {
      disableRuleComment: { enable: true, location: 'separateLine', commentStyle: 'line' },
      showDocumentation: { enable: true },
    },
  };
}

/**
 * What nvim-lspconfig's `eslint` config sends (lsp/eslint.lua): `validate: 'on'`, an
 * empty `nodePath` (resolve ESLint from the root), and the root directory, the one
 * holding the ESLint config, as the workspace folder, given as a path rather than a URI.
 */
export function nvimLspconfigSettings(rootDir: string): ExtensionSettings {
  return {
    validate: 'on',
    useESLintClass: false,
    experimental: { useFlatConfig: false },
    codeActionOnSave: { enable: false, mode: 'all' },
    format: true,
    quiet: false,
    onIgnoredFiles: 'off',
    rulesCustomizations: [],
    run: 'onType',
    problems: { shortenToSingleLine: false },
    nodePath: '',
    workingDirectory: { mode: 'location' },
    workspaceFolder: { name: path.basename(rootDir), uri: rootDir },
    codeAction: {
      disableRuleComment: { enable: true, location: 'separateLine' },
      showDocumentation: { enable: true },
    },
  };
}

/** The server's own requests and notifications (vscode-eslint server/src/shared/customMessages.ts). */
const ConfirmExecutionRequest = new RequestType<unknown, number, void>('eslint/confirmESLintExecution');
const NoConfigRequest = new RequestType<{ message: string; document: { uri: string } }, object, void>('eslint/noConfig');
const NoLibraryRequest = new RequestType<{ source: { uri: string } }, object, void>('eslint/noLibrary');
const ProbeFailedRequest = new RequestType<{ textDocument: { uri: string } }, object, void>('eslint/probeFailed');
const OpenDocRequest = new RequestType<{ url: string }, object, void>('eslint/openDoc');
const StatusNotification = new NotificationType<{ uri: string; state: number; validationTime?: number }>('eslint/status');
const ExitCalledNotification = new NotificationType<unknown>('eslint/exitCalled');

/** `ConfirmExecutionResult.approved` in vscode-eslint's customMessages. */
const EXECUTION_APPROVED = 4;
const STATUS_OK = 1;

export interface ServerComplaint {
  readonly method: string;
  readonly uri?: string;
  readonly detail?: string;
}

export class EslintLanguageServer {
  /** `window/logMessage` lines and stderr output, for readable failures. */
  readonly log: string[] = [];
  /** The server's requests that mean "I could not lint": no library, no config, failed probe. */
  readonly complaints: ServerComplaint[] = [];
  /** Milliseconds the server reported spending in ESLint per document, from `eslint/status`. */
  readonly validationTimes = new Map<string, number>();
  /** Waiters for the next `eslint/openDoc`, the server asking the editor to open a rule's page. */
  private readonly openDocWaiters: ((url: string) => void)[] = [];

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly connection: ProtocolConnection,
    private readonly settingsFor: (uri: string) => ExtensionSettings,
  ) {}

  /** Spawns the server on stdio and completes the initialize handshake for one workspace folder. */
  static async start(workspaceFolder: string, settingsFor: (uri: string) => ExtensionSettings): Promise<EslintLanguageServer> {
    // The server must run on the Node that runs the tests, not whichever `node` is first on PATH.
    const child = spawn(process.execPath, [serverBin, '--stdio'], { cwd: workspaceFolder, stdio: 'pipe' });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const server = new EslintLanguageServer(child, connection, settingsFor);
    server.listen();
    connection.listen();
    try {
      await server.initialize(workspaceFolder);
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    }
    return server;
  }

  private async initialize(workspaceFolder: string): Promise<void> {
    const { connection } = this;
    const folderUri = pathToFileURL(workspaceFolder).href;
    await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: folderUri,
      workspaceFolders: [{ name: path.basename(workspaceFolder), uri: folderUri }],
      capabilities: {
        workspace: { configuration: true, workspaceFolders: true, diagnostics: { refreshSupport: true } },
        textDocument: {
          diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false },
          publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll] } } },
        },
        window: { workDoneProgress: true },
      },
    });
    await connection.sendNotification(InitializedNotification.type, {});
  }

  private listen(): void {
    const { connection, child } = this;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => this.log.push(`stderr: ${chunk.trimEnd()}`));
    connection.onNotification(LogMessageNotification.type, (params) => {
      this.log.push(params.message);
    });
    connection.onNotification(StatusNotification, ({ uri, state, validationTime }) => {
      if (state === STATUS_OK && validationTime !== undefined) this.validationTimes.set(uri, validationTime);
    });
    connection.onNotification(ExitCalledNotification, (params) => {
      this.log.push(`exit called: ${JSON.stringify(params)}`);
    });
    connection.onRequest(ConfigurationRequest.type, ({ items }) => items.map((item) => this.configurationFor(item)));
    connection.onRequest(ConfirmExecutionRequest, () => EXECUTION_APPROVED);
    connection.onRequest(NoConfigRequest, ({ message, document }) => this.complain('eslint/noConfig', document.uri, message));
    connection.onRequest(NoLibraryRequest, ({ source }) => this.complain('eslint/noLibrary', source.uri));
    connection.onRequest(ProbeFailedRequest, ({ textDocument }) => this.complain('eslint/probeFailed', textDocument.uri));
    connection.onRequest(OpenDocRequest, ({ url }) => {
      for (const resolve of this.openDocWaiters.splice(0)) resolve(url);
      return {};
    });
    connection.onRequest(RegistrationRequest.type, () => undefined);
    connection.onRequest(WorkDoneProgressCreateRequest.type, () => undefined);
    connection.onRequest(DiagnosticRefreshRequest.type, () => undefined);
  }

  /** The extension answers `null` for a sectioned or unscoped item and full settings for a document. */
  private configurationFor(item: ConfigurationItem): ExtensionSettings | null {
    if (item.section || !item.scopeUri) return null;
    return this.settingsFor(item.scopeUri);
  }

  private complain(method: string, uri: string, detail?: string): object {
    this.complaints.push({ method, uri, ...(detail === undefined ? {} : { detail }) });
    return {};
  }

  /** Opens a file from disk as VS Code does when the user opens it in an editor. */
  async open(file: string): Promise<string> {
    const uri = pathToFileURL(file).href;
    const languageId = file.endsWith('.tsx') ? 'typescriptreact' : 'typescript';
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId, version: 1, text: await readFile(file, 'utf8') },
    });
    return uri;
  }

  /** Sends an unsaved edit, as an editor does on each keystroke (incremental sync). */
  async change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: changes,
    });
  }

  /** The diagnostics VS Code would show for an open document. */
  async diagnostics(uri: string): Promise<Diagnostic[]> {
    const report = await this.connection.sendRequest(DocumentDiagnosticRequest.type, { textDocument: { uri } });
    if (report.kind !== DocumentDiagnosticReportKind.Full) throw new Error(`expected a full diagnostic report for ${uri}, got ${report.kind}`);
    return report.items;
  }

  /** The quick fixes the editor lists for one diagnostic (the light bulb). */
  async quickFixes(uri: string, diagnostic: Diagnostic): Promise<(Command | CodeAction)[]> {
    const actions = await this.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], only: [CodeActionKind.QuickFix] },
    });
    return actions ?? [];
  }

  /** Runs a code action's command and resolves with the page the server asks the editor to open. */
  async openedDocFor(command: Command, timeoutMs = 10_000): Promise<string> {
    let timer: NodeJS.Timeout | undefined;
    const opened = new Promise<string>((resolve, reject) => {
      this.openDocWaiters.push(resolve);
      timer = setTimeout(() => reject(new Error(`the server asked to open no page within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await this.connection.sendRequest(ExecuteCommandRequest.type, { command: command.command, arguments: command.arguments ?? [] });
      return await opened;
    } finally {
      clearTimeout(timer);
    }
  }

  /** shutdown + exit as an editor does on close; kills the process if it does not exit in time. */
  async stop(timeoutMs = 5_000): Promise<void> {
    const exited = new Promise<void>((resolve) => {
      if (this.child.exitCode !== null) resolve();
      else this.child.once('exit', () => resolve());
    });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    try {
      await Promise.race([this.connection.sendRequest(ShutdownRequest.type), exited]);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      // A server that already died has nothing to shut down; the exit wait below still applies.
    }
    await exited;
    clearTimeout(timer);
    this.connection.dispose();
  }
}
