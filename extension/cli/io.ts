// The streams a command writes to; tests pass in-memory ones.
export interface Writable {
  write(chunk: string): unknown;
}

export interface CommandIo {
  stdout: Writable;
  stderr: Writable;
}

/** A `sciwrite` subcommand: takes the arguments after its name, returns the exit status. */
export type CommandRun = (argv: string[], io: CommandIo) => Promise<number>;

export interface CommandModule {
  run: CommandRun;
}

/** Collects what a command writes, for tests and for callers that want the text. */
export class BufferIo implements CommandIo {
  out = '';
  err = '';
  readonly stdout: Writable = { write: (chunk: string) => (this.out += chunk) };
  readonly stderr: Writable = { write: (chunk: string) => (this.err += chunk) };
}

/** A stream's 'error' events, as Node's process.stdout emits them. */
export interface ErrorEmitter {
  on(event: 'error', listener: (error: NodeJS.ErrnoException) => void): unknown;
}

/**
 * Ends the command quietly (status 0) once the reader of `stream` has gone (EPIPE: `sciwrite ... | head`),
 * as `cat` or `grep` stop; any other error of the stream stays an error.
 */
export function stopOnClosedPipe(stream: ErrorEmitter, exit: (status: number) => void = (status) => process.exit(status)): void {
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error;
    exit(0);
  });
}
