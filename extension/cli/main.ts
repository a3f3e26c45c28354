// Entry point of the `sciwrite` command.
import { dispatch } from './dispatch.ts';

dispatch(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    process.stderr.write(`sciwrite: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
