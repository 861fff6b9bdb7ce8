import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import type { FormatReader, SourceRead } from '../options';
import { fillPattern } from '../clipPath';
import { jsonElements, typeName } from '../jsonSource';
import { splitFromFileName, toNumber } from '../values';

/** The containers ActivityNet's YouTube downloads come in, in the order a clip is looked for. */
export const ACTIVITYNET_EXTENSIONS = ['mp4', 'mkv', 'webm'] as const;

/**
 * ActivityNet Captions (`train.json`, `val_1.json`, `val_2.json`): an object keyed by
 * video id (`v_QOlSCBRmfWY`) whose value is {duration, timestamps: [[start, end], …],
 * sentences: […]} (one sentence per timestamp). The video is `v_<id>.<ext>` in the root,
 * whichever of mp4, mkv, webm is there (mp4 when none is yet); `clipPattern` (with `{id}`,
 * the key without `v_`, and `{key}`) to change.
 *
 * Records: the video, id `v_<id>`: captions (sequence: the sentences in order of their
 * start); and each sentence, id `v_<id>-s<n>` (1-based, in file order): caption (text) and
 * when (temporal_range: its seconds, for "When does this happen: {label.caption}?").
 * A timestamp past the duration is cut to it (the public files have such rounding); one
 * that ends before it starts is a problem. Split: `split` option, else from the file name
 * (val_1/val_2 → val).
 */
export const readActivityNet: FormatReader = (opts, text) => {
  const file = opts.annotations;
  const json = jsonElements(text, file);
  const out: SourceRead = { candidates: [], problems: json.problems, read: json.read, types: { captions: 'sequence', caption: 'text', when: 'temporal_range' }, notes: [] };
  if (json.kind === 'array') {
    out.problems.push({ file, line: 1, message: 'expected a JSON object keyed by video id ({"v_…": {duration, timestamps, sentences}})' });
    return out;
  }
  const split = opts.split ?? splitFromFileName(file);
  const present = listing(opts.root);
  let cut = 0;
  for (const { line, key = '', value } of json.elements) {
    const problem = (field: string | undefined, message: string): void => {
      out.problems.push({ file, line, field: field === undefined ? key : `${key}.${field}`, message });
    };
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      problem(undefined, `expected {duration, timestamps, sentences}, got ${typeName(value)}`);
      continue;
    }
    const e = value as Record<string, unknown>;
    const duration = toNumber(e.duration);
    if (duration === undefined || duration <= 0) {
      problem('duration', `expected seconds (a number > 0), got ${JSON.stringify(e.duration)}`);
      continue;
    }
    if (!Array.isArray(e.timestamps) || !Array.isArray(e.sentences)) {
      problem(Array.isArray(e.timestamps) ? 'sentences' : 'timestamps', 'expected a list');
      continue;
    }
    if (e.timestamps.length !== e.sentences.length) {
      problem('sentences', `${e.sentences.length} sentence(s) for ${e.timestamps.length} timestamp(s)`);
      continue;
    }
    const parts: { n: number; caption: string; when: [number, number] }[] = [];
    let bad = false;
    e.timestamps.forEach((ts, i) => {
      const s = Array.isArray(ts) && ts.length === 2 ? toNumber(ts[0]) : undefined;
      const t = Array.isArray(ts) && ts.length === 2 ? toNumber(ts[1]) : undefined;
      const sentence = e.sentences && typeof (e.sentences as unknown[])[i] === 'string' ? ((e.sentences as string[])[i] ?? '').trim() : '';
      if (s === undefined || t === undefined || s < 0) {
        problem(`timestamps[${i}]`, `expected [start, end] in seconds, got ${JSON.stringify(ts)}`);
        bad = true;
      } else if (t <= s) {
        problem(`timestamps[${i}]`, `end ${t} must be after start ${s}`);
        bad = true;
      } else if (sentence === '') {
        problem(`sentences[${i}]`, 'expected the sentence');
        bad = true;
      } else {
        if (t > duration) cut++;
        const end = Math.min(t, duration);
        parts.push({ n: i + 1, caption: sentence, when: [Math.min(s, end), end] });
      }
    });
    if (bad) continue;
    const id = key.startsWith('v_') ? key.slice(2) : key;
    const video = fillPattern(opts.clipPattern ?? `v_{id}.${pickExtension(`v_${id}`, present)}`, { id, key });
    if (!video.ok) {
      problem(video.field, video.message);
      continue;
    }
    const vid = `v_${id}`;
    const ordered = [...parts].sort((a, b) => a.when[0] - b.when[0] || a.n - b.n);
    out.candidates.push({ line, id: vid, video: video.value, split, labels: { captions: ordered.map((p) => p.caption) } });
    for (const p of parts) {
      out.read++;
      out.candidates.push({ line, id: `${vid}-s${p.n}`, video: video.value, split, labels: { caption: p.caption, when: p.when }, sources: { 'labels.when': `timestamps[${p.n - 1}]` } });
    }
  }
  if (cut > 0) out.notes!.push(`${cut} timestamp(s) ended past their video's duration and were cut to it`);
  return out;
};

/** File names in the root (once), to choose each video's extension; empty when unreadable. */
function listing(root: string): Set<string> {
  try {
    return new Set(readdirSync(root));
  } catch {
    return new Set();
  }
}

function pickExtension(base: string, present: Set<string>): string {
  return ACTIVITYNET_EXTENSIONS.find((ext) => present.has(`${base}.${ext}`)) ?? 'mp4';
}
