/** A checkpoint file that cannot be read: malformed, truncated, or refused for safety. */
export class CheckpointError extends Error {
  constructor(message: string, readonly file?: string) {
    super(file ? `${file}: ${message}` : message);
    this.name = 'CheckpointError';
  }
}
