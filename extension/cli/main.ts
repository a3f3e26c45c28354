// Entry point of the `sciwrite` command.
import { dispatch } from './dispatch.ts';
import { stopOnClosedPipe } from './io.ts';

// `sciwrite analyze f.tex --json | head -1`: a reader that stops early ends the command quietly, as it does `cat`.
stopOnClosedPipe(process.stdout);
stopOnClosedPipe(process.stderr);

dispatch(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    process.stderr.write(`sciwrite: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
