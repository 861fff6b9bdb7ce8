// A real project folder for the editor features: vstar.yaml beside the sample dataset's
// annotations and schema.json (as `vstar dataset sample` leaves them) and a local model.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SAMPLE_LABEL_SCHEMA } from '../../../src/core/sample/dataset';

export interface Project {
  dir: string;
  configFile: string;
  cleanup(): void;
}

export function makeProject(yaml: string): Project {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vstar-lsp-'));
  fs.mkdirSync(path.join(dir, 'sample', 'clips'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'sample', 'annotations.jsonl'), '');
  fs.writeFileSync(path.join(dir, 'sample', 'schema.json'), JSON.stringify(SAMPLE_LABEL_SCHEMA, null, 2));
  fs.mkdirSync(path.join(dir, 'models', 'tiny'), { recursive: true });
  const configFile = path.join(dir, 'vstar.yaml');
  fs.writeFileSync(configFile, yaml);
  return { dir, configFile, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** The text a 0-based LSP range covers. */
export function slice(text: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }): string {
  const lines = text.split('\n');
  if (range.start.line === range.end.line) return (lines[range.start.line] ?? '').slice(range.start.character, range.end.character);
  return [(lines[range.start.line] ?? '').slice(range.start.character), ...lines.slice(range.start.line + 1, range.end.line), (lines[range.end.line] ?? '').slice(0, range.end.character)].join('\n');
}

/** Offset and 0-based position of the `n`-th occurrence of `needle` (plus `delta` characters). */
export function positionOf(text: string, needle: string, delta = 0, n = 0): { line: number; character: number } {
  const offset = offsetOf(text, needle, delta, n);
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

export function offsetOf(text: string, needle: string, delta = 0, n = 0): number {
  let at = -1;
  for (let i = 0; i <= n; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" not found ${n + 1} times`);
  }
  return at + delta;
}

/** A broken vstar.yaml with one problem of each kind the server reports. */
export const BROKEN = `version: 1
datasets:
  sample:
    format: jsonl
    annotations: sample/annotations.jsonl
    root: sample
  other:
    format: csv
    annotations: data/missing.csv
tasks:
  motion:
    dataset: sample
    fields: [direction, colour]
    questions:
      - "Which way does the {label.shape} go, {label.colr}?"
      - "Is it {label.direction}?"
  speed:
    dataset: sampel
    field: speed
  timing:
    dataset: sample
    field: visible
    verifier: { type: temporal_range, minIoU: 1.5 }
  count:
    dataset: sample
    field: speed
    verifier: { absTol: -2, minIoU: 0.5 }
backends:
  tiny:
    type: local
    model: models/tiny
targets:
  local:
    type: local
cycles:
  backend: tinyy
  target: gpu
`;
