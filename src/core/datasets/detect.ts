import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { DatasetFormat } from './options';
import { importDataset } from './importer';
import { looksLikePickle } from './pickle';
import { binaryKind } from './sniff';
import { KINETICS_PATTERN } from './formats/kinetics';
import { FINEDIVING_FILES } from './formats/fineDivingPickle';
import { ACTIVITYNET_EXTENSIONS } from './formats/activitynet';

/**
 * "What is this dataset?": looks at an annotation file, or a folder holding one, and
 * proposes the format, the clip folder and pattern, and tasks to start from. The format
 * comes from the file's content (a pickle, a csv header, the shape of the JSON), not its
 * name alone; the clip folder is the nearby folder where most of the first clips exist.
 */
export interface TaskProposal {
  name: string;
  field: string;
  questions?: string[];
}

export interface Detection {
  format: DatasetFormat;
  annotations: string;
  /** The folder the clips were found in (or the annotation file's folder when none were). */
  root: string;
  clipPattern?: string;
  fps?: number;
  /** How many of the first clips (up to 20) exist under `root`. */
  clipsFound: number;
  clipsTried: number;
  tasks: TaskProposal[];
  /** Why this format: the evidence, in a sentence. */
  why: string;
}

const TRY = 20;

/** Known annotation file names in a folder, best first. */
const KNOWN = [
  /^FineDiving_fine-grained_annotation\.pkl$/,
  /^Charades_v1_(train|test)\.csv$/,
  /^STAR_(train|val|test)\.json$/,
  /^something-something-v2-(train|validation)\.json$/,
  /^(train|val_1|val_2)\.json$/,
  /^(train|validate|val|test)\.csv$/,
  /\.(jsonl|csv|json|pkl)$/,
];

/** Detects the dataset at `target` (a file or a folder); undefined when nothing there looks like annotations. */
export async function detectDataset(target: string): Promise<Detection | undefined> {
  const abs = path.resolve(target);
  const st = await fs.stat(abs);
  const files = st.isDirectory() ? await annotationFiles(abs) : [abs];
  for (const file of files) {
    const d = await detectFile(file);
    if (d) return d;
  }
  return undefined;
}

async function annotationFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  const look = async (d: string, depth: number): Promise<void> => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.isFile() && KNOWN.some((k) => k.test(e.name))) found.push(path.join(d, e.name));
      else if (e.isDirectory() && depth < 1 && !e.name.startsWith('.')) await look(path.join(d, e.name), depth + 1);
    }
  };
  await look(dir, 0);
  const rank = (f: string): number => KNOWN.findIndex((k) => k.test(path.basename(f)));
  return found.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

async function detectFile(file: string): Promise<Detection | undefined> {
  const head = await readHead(file, 64 * 1024);
  const guess = guessFormat(file, head);
  if (!guess) return undefined;
  return { ...(await findRoot(file, guess.format, guess.fps)), why: guess.why };
}

async function readHead(file: string, bytes: number): Promise<Buffer> {
  const fh = await fs.open(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

function guessFormat(file: string, head: Buffer): { format: DatasetFormat; why: string; fps?: number } | undefined {
  const name = path.basename(file);
  if (looksLikePickle(head)) {
    // FineDiving's pickles name their fields; other pickles are not a format we read.
    return head.includes('frames_labels') || head.includes('action_type') || name === FINEDIVING_FILES.annotations
      ? { format: 'finediving', why: 'a Python pickle with FineDiving\'s fields (action_type, dive_score, frames_labels); fps 25 assumed, check your frames\' rate', fps: 25 }
      : undefined;
  }
  if (binaryKind(head)) return undefined;
  const text = head.toString('utf8');
  const first = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  if (name.endsWith('.csv') || /^[\w ]+(,[\w ]+)+$/.test(first)) {
    const cols = first.split(',').map((c) => c.trim());
    if (['label', 'youtube_id', 'time_start', 'time_end'].every((c) => cols.includes(c))) return { format: 'kinetics', why: 'a csv with Kinetics\' columns label,youtube_id,time_start,time_end' };
    if (cols.includes('id') && cols.includes('actions')) return { format: 'charades', why: "a csv with Charades' id and actions columns" };
    return { format: 'csv', why: `a csv with columns ${cols.slice(0, 6).join(', ')}` };
  }
  const t = text.trimStart();
  if (t.startsWith('[')) {
    if (/"template"\s*:/.test(t) && /"placeholders"\s*:/.test(t)) return { format: 'ssv2', why: 'a JSON list of {id, label, template, placeholders} (Something-Something-v2)' };
    if (/"question_id"\s*:/.test(t) && /"choices"\s*:/.test(t)) return { format: 'star', why: 'a JSON list of questions with question_id and choices (STAR)' };
    return undefined;
  }
  if (t.startsWith('{')) {
    if (/"timestamps"\s*:/.test(t) && /"sentences"\s*:/.test(t)) return { format: 'activitynet-captions', why: 'a JSON object of {duration, timestamps, sentences} per video (ActivityNet Captions)' };
    if (/"action_type"|"#sub_action_types"/.test(t)) return { format: 'finediving', why: 'FineDiving annotations rendered as JSON; fps 25 assumed, check your frames\' rate', fps: 25 };
    if (t.includes('\n{') || /}\s*\n\s*{/.test(t)) return { format: 'jsonl', why: 'one JSON object per line' };
  }
  return undefined;
}

/** Folders near the annotations, nearest first: its own, its siblings, its parent and the parent's other folders. */
async function nearbyFolders(file: string): Promise<string[]> {
  const here = path.dirname(file);
  const up = path.dirname(here);
  const subs = async (d: string): Promise<string[]> => {
    try {
      return (await fs.readdir(d, { withFileTypes: true })).filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => path.join(d, e.name));
    } catch {
      return [];
    }
  };
  return [...new Set([here, ...(await subs(here)), up, ...(await subs(up))])];
}

/** Kinetics downloaders sort clips differently; each layout in the order tried. */
const KINETICS_LAYOUTS = [KINETICS_PATTERN, `{label}/${KINETICS_PATTERN}`, `{split}/{label}/${KINETICS_PATTERN}`, '{youtube_id}.mp4'];

async function findRoot(file: string, format: DatasetFormat, fps?: number): Promise<Omit<Detection, 'why'>> {
  const patterns = format === 'kinetics' ? KINETICS_LAYOUTS : [undefined];
  let best: Omit<Detection, 'why'> | undefined;
  for (const clipPattern of patterns) {
    const r = await importDataset({ name: 'detect', format, annotations: file, root: path.dirname(file), checkVideos: false, ...(clipPattern && { clipPattern }), ...(fps && { fps }) });
    const videos = [...new Set(r.records.map((x) => x.video))].slice(0, TRY);
    for (const root of await nearbyFolders(file)) {
      let found = 0;
      for (const v of videos) if (await clipThere(root, v, format)) found++;
      if (!best || found > best.clipsFound) {
        best = { format, annotations: file, root, ...(clipPattern && clipPattern !== KINETICS_PATTERN && { clipPattern }), ...(fps && { fps }), clipsFound: found, clipsTried: videos.length, tasks: proposeTasks(format, Object.keys(r.schema)) };
      }
      if (best.clipsFound === videos.length && videos.length > 0) return best;
    }
  }
  return best!;
}

/** ActivityNet's extension was chosen for the annotation file's folder: any of its containers counts. */
async function clipThere(root: string, video: string, format: DatasetFormat): Promise<boolean> {
  if (format !== 'activitynet-captions') return exists(path.join(root, video));
  const base = video.replace(/\.[^./]+$/, '');
  for (const ext of ACTIVITYNET_EXTENSIONS) if (await exists(path.join(root, `${base}.${ext}`))) return true;
  return false;
}

async function exists(p: string): Promise<boolean> {
  try {
    await fs.access(p);
    return true;
  } catch {
    return false;
  }
}

/** Tasks worth starting from, per format; for generic formats one task per label field. */
export function proposeTasks(format: DatasetFormat, fields: string[]): TaskProposal[] {
  switch (format) {
    case 'kinetics':
      return [{ name: 'action', field: 'action' }];
    case 'finediving':
      return [
        { name: 'dive', field: 'action_type', questions: ['Which dive does the diver perform? Give its dive number (e.g. 407C).'] },
        { name: 'score', field: 'dive_score' },
        { name: 'steps', field: 'steps', questions: ['List the steps of this dive in order (take-off, somersaults, twists, entry).'] },
      ];
    case 'star':
      return [{ name: 'qa', field: 'answer', questions: ['{label.question}'] }];
    case 'ssv2':
      return [{ name: 'action', field: 'template', questions: ['What is the person doing? Name the action and the objects.'] }];
    case 'charades':
      return [
        { name: 'when', field: 'when', questions: ['When does this happen in the video: {label.action}?'] },
        { name: 'actions', field: 'actions', questions: ['List the actions the person performs, in order.'] },
      ];
    case 'activitynet-captions':
      return [
        { name: 'grounding', field: 'when', questions: ['When does this happen in the video: "{label.caption}"'] },
        { name: 'captions', field: 'captions', questions: ['Describe what happens in the video, event by event, in order.'] },
      ];
    default:
      return fields.map((f) => ({ name: f, field: f }));
  }
}

/** The proposal as `vstar.yaml` lines (a datasets entry and its tasks), paths relative to `base`. */
export function detectionYaml(d: Detection, name: string, base: string): string {
  const rel = (p: string): string => path.relative(base, p).split(path.sep).join('/') || '.';
  const q = (s: string): string => JSON.stringify(s);
  const lines = ['datasets:', `  ${name}:`, `    format: ${d.format}`, `    annotations: ${q(rel(d.annotations))}`, `    root: ${q(rel(d.root))}`];
  if (d.clipPattern) lines.push(`    clipPattern: ${q(d.clipPattern)}`);
  if (d.fps) lines.push(`    fps: ${d.fps}`);
  lines.push('tasks:');
  for (const t of d.tasks) {
    lines.push(`  ${name}-${t.name}:`, `    dataset: ${name}`, `    field: ${t.field}`);
    if (t.questions) lines.push('    questions:', ...t.questions.map((x) => `      - ${q(x)}`));
  }
  return lines.join('\n') + '\n';
}
