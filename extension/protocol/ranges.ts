// LSP positions as the wire carries them: zero-based line, UTF-16 character.
// Plain shapes so that neither side needs the protocol library to read them.
export interface WirePosition {
  line: number;
  character: number;
}

export interface WireRange {
  start: WirePosition;
  end: WirePosition;
}

/** A place in a file, by URI, for messages that point into other documents. */
export interface WireLocation {
  uri: string;
  range: WireRange;
}
