// Entry point of the SciWrite language server: `sciwrite-lsp --stdio` for any editor, `--node-ipc` from VS Code.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server.ts';
import { logUnhandledRejections } from './unhandled.ts';

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  process.stdout.write('usage: sciwrite-lsp [--stdio | --node-ipc | --socket=<port> | --pipe=<name>]\n\nThe SciWrite language server. Without a transport option it speaks LSP over stdio.\n');
  process.exit(0);
}
const transports = ['--stdio', '--node-ipc', '--socket', '--pipe', '--clientProcessId'];
if (!args.some((arg) => transports.some((flag) => arg === flag || arg.startsWith(`${flag}=`))) && !process.send) {
  process.argv.push('--stdio');
}

const connection = createConnection(ProposedFeatures.all);
logUnhandledRejections(process, (message) => connection.console.error(message));
startServer(connection);
