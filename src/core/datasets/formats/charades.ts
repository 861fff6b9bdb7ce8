import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { FormatReader, SourceRead } from '../options';
import { fillPattern } from '../clipPath';
import { splitFromFileName, toNumber } from '../values';
import { csvRows } from './csv';

export const CHARADES_PATTERN = '{id}.mp4';
export const CHARADES_CLASSES = 'Charades_v1_classes.txt';

/**
 * Charades (`Charades_v1_train.csv` / `Charades_v1_test.csv`: id, subject, scene, quality,
 * relevance, verified, script, objects, descriptions, actions, length), with the action
 * names from `Charades_v1_classes.txt` next to it (`c092 Closing a door` per line).
 * `actions` is `cNNN start end;…` in seconds; it may be empty (a video where no listed
 * action happens is legal). Video `<id>.mp4` (`clipPattern` to change, e.g. Charades_v1_480).
 *
 * Two kinds of record share the clip:
 *  - the video, id `<id>`: actions (sequence: the action names in order of their start),
 *    scene (class), script (text) — a video with no actions has no actions label;
 *  - each action, id `<id>-<cNNN>-<start>`: action (class: its name) and when
 *    (temporal_range: its seconds in the video), for "When does the person {label.action}?".
 * Split: `split` option, else from the file name.
 */
export const readCharades: FormatReader = (opts, text) => {
  const file = opts.annotations;
  const rows = csvRows(text, file);
  const out: SourceRead = { candidates: [], problems: rows.problems, read: rows.read, types: { actions: 'sequence', scene: 'class', script: 'text', action: 'class', when: 'temporal_range' }, notes: [] };
  if (rows.header.length > 0 && !rows.header.includes('id')) {
    out.problems.push({ file, line: 1, message: 'missing column id; a Charades csv has id,subject,scene,quality,relevance,verified,script,objects,descriptions,actions,length' });
    return out;
  }
  const classes = readClasses(path.join(path.dirname(file), CHARADES_CLASSES), out);
  const split = opts.split ?? splitFromFileName(file);
  const seen = new Map<string, number>();
  for (const { line, cells } of rows.rows) {
    // A repeated video is refused whole here: its actions would otherwise import under new ids.
    const first = cells.id ? seen.get(cells.id.trim()) : undefined;
    if (first !== undefined) {
      out.problems.push({ file, line, field: 'id', message: `duplicate id "${cells.id}" (first on line ${first})` });
      continue;
    }
    if (cells.id) seen.set(cells.id.trim(), line);
    const video = fillPattern(opts.clipPattern ?? CHARADES_PATTERN, cells);
    if (!video.ok) {
      out.problems.push({ file, line, field: video.field, message: video.message });
      continue;
    }
    const actions = parseActions(cells.actions ?? '');
    if (typeof actions === 'string') {
      out.problems.push({ file, line, field: 'actions', message: actions });
      continue;
    }
    const unknown = classes ? actions.filter((a) => !classes.has(a.code)).map((a) => a.code) : [];
    if (unknown.length > 0) {
      out.problems.push({ file, line, field: 'actions', message: `${[...new Set(unknown)].join(', ')} not in ${CHARADES_CLASSES}` });
      continue;
    }
    const name = (code: string): string => classes?.get(code) ?? code;
    const ordered = [...actions].sort((a, b) => a.start - b.start || a.end - b.end);
    // The video's own record first; an empty script or scene is simply absent.
    out.candidates.push({
      line,
      id: cells.id,
      video: video.value,
      split,
      // No actions: no actions label (an empty sequence is nothing to ask or verify); scene and script stay.
      labels: { actions: ordered.length > 0 ? ordered.map((a) => name(a.code)) : undefined, scene: cells.scene, script: cells.script },
    });
    for (const a of ordered) {
      out.read++;
      out.candidates.push({
        line,
        id: `${cells.id}-${a.code}-${a.start}`,
        video: video.value,
        split,
        labels: { action: name(a.code), when: [a.start, a.end] },
        sources: { 'labels.when': 'actions' },
      });
    }
  }
  return out;
};

interface Action {
  code: string;
  start: number;
  end: number;
}

/** `c092 11.90 21.20;c147 0.00 12.60` → actions, or a message naming the bad part. */
function parseActions(raw: string): Action[] | string {
  const out: Action[] = [];
  for (const part of raw.split(';')) {
    if (part.trim() === '') continue;
    const bits = part.trim().split(/\s+/);
    const [code, s, e] = bits;
    const start = toNumber(s);
    const end = toNumber(e);
    if (bits.length !== 3 || !/^c\d{3}$/.test(code ?? '') || start === undefined || end === undefined) {
      return `"${part.trim()}" is not "cNNN start end" (seconds)`;
    }
    if (start < 0 || end <= start) return `"${part.trim()}": the end must be after the start`;
    out.push({ code: code!, start, end });
  }
  return out;
}

/** `cNNN name` per line → code → name; undefined (and a note) when the file is absent. */
function readClasses(file: string, out: SourceRead): Map<string, string> | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') out.notes!.push(`no ${CHARADES_CLASSES} next to the annotations: actions are named by their codes`);
    else out.problems.push({ file, message: `unreadable: ${(err as Error).message}` });
    return undefined;
  }
  const classes = new Map<string, string>();
  text.split(/\r?\n/).forEach((l, i) => {
    if (l.trim() === '') return;
    const m = /^(c\d{3})\s+(.+)$/.exec(l.trim());
    if (m) classes.set(m[1]!, m[2]!.trim());
    else out.problems.push({ file, line: i + 1, message: `expected "cNNN action name", got "${l.trim()}"` });
  });
  return classes;
}
