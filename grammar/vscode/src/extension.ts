// The VS Code side of netlint: starts `netlint lsp` over stdio and hands it
// the `.net` files. When netlint cannot be found or started it says so once,
// with a button to the `netlint.path` setting, and stays stopped: no
// restart loop, no second notification from the language client.

import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from 'vscode-languageclient/node';
import { nodeEnvironment, resolveServer } from './serverPath';

/**
 * A client whose own failure notifications go to the output channel only:
 * this extension shows the one message about a failure itself. Stopping a
 * client whose server never started is not an error either (the library
 * stops it after a failed initialize and nobody awaits that).
 */
class QuietClient extends LanguageClient {
  override error(message: string, data?: unknown, _showNotification?: boolean | 'force'): void {
    super.error(message, data, false);
  }

  override async stop(timeout?: number): Promise<void> {
    try {
      await super.stop(timeout);
    } catch (error) {
      super.error('stopping the language server', error, false);
    }
  }
}

let client: QuietClient | undefined;
let output: vscode.OutputChannel | undefined;
/** One message per start: a failed start also closes the connection. */
let reported = false;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('netlint');
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand('netlint.restart', restart),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration('netlint.path')) {
        await restart();
      }
    }),
  );
  await start();
}

export async function deactivate(): Promise<void> {
  await stop();
}

async function restart(): Promise<void> {
  await stop();
  await start();
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  await running?.stop();
}

async function start(): Promise<void> {
  reported = false;
  const setting = vscode.workspace.getConfiguration('netlint').get<string>('path');
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const found = resolveServer(setting, nodeEnvironment(folder));
  if (!found.ok) {
    report(found.message);
    return;
  }
  const command = found.command;
  let started = false;
  // No `transport`: stdio is the default, and naming it would make the
  // client append `--stdio`, which `netlint lsp` does not take.
  const serverOptions: ServerOptions = { command, args: ['lsp'] };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'netlint' },
      { scheme: 'untitled', language: 'netlint' },
    ],
    outputChannel: output,
    errorHandler: {
      error: () => ({ action: ErrorAction.Shutdown, handled: true }),
      closed: () => {
        report(
          started
            ? `netlint lsp (${command}) stopped unexpectedly. See Output › netlint for what it printed.`
            : couldNotStart(command),
        );
        return { action: CloseAction.DoNotRestart, handled: true };
      },
    },
    initializationFailedHandler: () => false,
  };
  const c = new QuietClient('netlint', 'netlint', serverOptions, clientOptions);
  client = c;
  try {
    await c.start();
    started = true;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    report(`${couldNotStart(command)} (${reason})`);
    if (client === c) {
      client = undefined;
    }
  }
}

function couldNotStart(command: string): string {
  return `netlint could not start its language server (\`${command} lsp\`). Is it a netlint with the \`lsp\` command? See Output › netlint for what it printed.`;
}

/** The one message about netlint not running, with its two ways out. */
function report(message: string): void {
  if (reported) {
    return;
  }
  reported = true;
  output?.appendLine(message);
  const settings = 'Open Settings';
  const retry = 'Retry';
  void vscode.window.showErrorMessage(message, settings, retry).then(async (choice) => {
    if (choice === settings) {
      await vscode.commands.executeCommand('workbench.action.openSettings', 'netlint.path');
    } else if (choice === retry) {
      await restart();
    }
  });
}
