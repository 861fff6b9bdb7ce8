/**
 * Shapes of the editor features over vstar.yaml, in LSP terms (0-based line and UTF-16
 * character) but without depending on the LSP packages: the core stays importable by the
 * CLI and tests, and the server copies these objects into protocol messages as they are.
 */

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface LspDiagnostic {
  range: Range;
  severity: Severity;
  message: string;
  /** What kind of check found it: yaml, schema, reference, template, verifier, path. */
  code: string;
}

/** LSP's CompletionItemKind values we use (numbers are the protocol's). */
export const CompletionKind = { property: 10, value: 12, enumMember: 20, reference: 18, variable: 6, field: 5 } as const;

export interface LspCompletion {
  label: string;
  kind: number;
  detail?: string;
  /** Markdown. */
  documentation?: string;
  /** Text inserted; the label when absent. */
  insertText?: string;
  /** The range the insert text replaces (the partial word typed so far). */
  range?: Range;
  sortText?: string;
}

export interface LspHover {
  /** Markdown. */
  contents: string;
  range: Range;
}

export interface LspLocation {
  range: Range;
}
