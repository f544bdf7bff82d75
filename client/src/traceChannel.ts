// The channel the language client writes `citelens.trace.server` messages to. The client only
// traces when its trace channel's log level is Trace, so on the Citelens log channel (Info by
// default) the setting alone showed nothing. This channel reports Trace, so the setting alone
// decides, and writes its lines into the Citelens channel, where the setting says they go.
import * as vscode from 'vscode';

export function traceChannel(output: vscode.LogOutputChannel): vscode.LogOutputChannel & vscode.Disposable {
  const levelChanged = new vscode.EventEmitter<vscode.LogLevel>();
  const line = (level: string) => (message: string, ...args: unknown[]) => output.appendLine(`[${level}] ${message}${args.length ? ` ${args.map(String).join(' ')}` : ''}`);
  return {
    name: output.name,
    logLevel: vscode.LogLevel.Trace,
    onDidChangeLogLevel: levelChanged.event,
    trace: line('trace'),
    debug: line('debug'),
    info: line('info'),
    warn: line('warn'),
    error: (error: string | Error, ...args: unknown[]) => line('error')(error instanceof Error ? error.message : error, ...args),
    append: (value: string) => output.append(value),
    appendLine: (value: string) => output.appendLine(value),
    replace: (value: string) => output.replace(value),
    clear: () => output.clear(),
    show: (a?: vscode.ViewColumn | boolean, b?: boolean) => (typeof a === 'boolean' ? output.show(a) : output.show(a, b)),
    hide: () => output.hide(),
    dispose: () => levelChanged.dispose(),
  };
}
