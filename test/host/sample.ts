// The sample project's facts that both sides know: test/host/workspaces.ts writes them to
// disk, the suites (in the extension host) expect them back through the `vscode` API.
// test/e2e/problems.test.ts shows the same broken vstar.yaml in the Problems panel.

/** vstar.yaml's compute target (a job record names it) and the finished job on it. */
export const TARGET = 'laptop';
export const JOB_NAME = 'generate cycle 1';

/** A second vstar.yaml, beside the project, that the language server must find broken. */
export const BROKEN_YAML = 'broken/vstar.yaml';
export const BROKEN_YAML_TEXT = `version: 1
datasets:
  shapes:
    format: jsnol
    annotations: shapes.jsonl
    labels:
      action: { type: class, values: [circle, square] }
      color: { type: class, values: [red, blue] }
tasks:
  act:
    dataset: shapes
    field: action
    questions: ["What does the {label.colr} shape do?"]
`;
/** The language server's words for the two mistakes above (the list of formats grows). */
export const FORMAT_MESSAGE = /datasets\.shapes\.format: expected one of jsonl, csv, [^\n]*got "jsnol"/;
export const PLACEHOLDER_MESSAGE = /unknown placeholder \{label\.colr\} \(did you mean \{label\.color\}\?\)/;

/** Cycle 1's attempt log (threeShapesCycle: c1 and c3 pass, c2 fails). */
export const ATTEMPTS = 'vstar/cycles/1/attempts.jsonl';
export const ATTEMPT_IDS = ['c1/answer/0/c1', 'c1/answer/0/c2', 'c1/answer/0/c3'];
