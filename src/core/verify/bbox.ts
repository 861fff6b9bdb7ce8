/**
 * Box labels: the box the answer commits to — as [x1, y1, x2, y2], "x, y, w, h" when
 * stated as width/height, corner points, or centre plus size; normalized, percent, or
 * pixels converted with the frame size — must overlap the label with IoU ≥ minIoU.
 */
import type { Doc } from './doc';
import * as docModule from './doc';
import { DEFAULT_MIN_IOU, type BBoxLabel, type Check } from './labels';
import * as numbersModule from './numbers';
import type { Num } from './numbers';
import * as fixedModule from './fixed';
import * as sortModule from './sort';

// Bound once: compiled to CommonJS (tsx), each use of an imported name is an export getter call.
const { conclusion, docOf, isQuestion, isSpace, sentenceAt } = docModule;
const { numbersOf } = numbersModule;
const { numStr, toFixed } = fixedModule;
const { sortSmall } = sortModule;

type Box = [number, number, number, number];

interface Found {
  box: Box;
  start: number;
  end: number;
}

const NUM = '(-?\\d+(?:\\.\\d+)?)\\s*(%?)';
/** `/^\s*,?\s*$/` on the text between two numbers, without slicing it out. */
function isSep(lower: string, a: Num, b: Num): boolean {
  let k = a.unitEnd;
  const end = b.start;
  while (k < end && isSpace(lower.charCodeAt(k))) k++;
  if (k < end && lower.charCodeAt(k) === 44) k++;
  while (k < end && isSpace(lower.charCodeAt(k))) k++;
  return k >= end; // a start past the end: an empty slice, which SEP accepts
}
const WH_CONTEXT = /\b(?:w|width)\b[^.]{0,30}\b(?:h|height)\b|\bxywh\b/;
const CENTER_CONTEXT = /\b(?:cent(?:er|re)|cx|cxcywh)\b/;
const KEY_RE = new RegExp(
  `\\b(x1|y1|x2|y2|x_?min|y_?min|x_?max|y_?max|left|top|right|bottom|width|height|w|h|x|y|cx|cy|cent(?:er|re)[ _]?x|cent(?:er|re)[ _]?y)\\s*(?:=|:|of|is)\\s*${NUM}`,
  'g',
);
/** What mayHaveKeys tells; exported for its test. */
export const KEY_GATE = /(?:[=:]|of|is)\s*-?\d/;
const KEY_CANON: Record<string, string> = {
  x1: 'x1', xmin: 'x1', x_min: 'x1', left: 'x1', y1: 'y1', ymin: 'y1', y_min: 'y1', top: 'y1',
  x2: 'x2', xmax: 'x2', x_max: 'x2', right: 'x2', y2: 'y2', ymax: 'y2', y_max: 'y2', bottom: 'y2',
  x: 'x1', y: 'y1', w: 'w', width: 'w', h: 'h', height: 'h', cx: 'cx', cy: 'cy',
};
const POINT_RE = new RegExp(`\\(\\s*${NUM}\\s*,\\s*${NUM}\\s*\\)`, 'g');
const CENTER_BEFORE = /\bcent(?:er|re)(?:ed|d|s)?\b[^.()]{0,20}$/;
const SIZE_AFTER = new RegExp(
  `^[^.]{0,40}?(?:(?:width|w)\\s*(?:of|=|:|is)?\\s*${NUM}[^.]{0,20}?(?:height|h)\\s*(?:of|=|:|is)?\\s*${NUM}|(?:size|dimensions?)\\s*(?:of|is|:)?\\s*${NUM}\\s*(?:x|×|by)\\s*${NUM}|${NUM}\\s*(?:wide|in width)[^.]{0,20}?${NUM}\\s*(?:tall|high|in height))`,
);
const RESOLUTION =
  /(\d{2,5})\s*[x×]\s*(\d{2,5})\s*(?:pixels?|px)?\s*(?:frame|resolution|image|video)|(?:frame|resolution|image|video)[^.\d]{0,24}(\d{2,5})\s*[x×]\s*(\d{2,5})/;

const val = (n: string | undefined, pct: string | undefined): number => Number(n) / (pct ? 100 : 1);

function fromKeys(k: Map<string, number>): Box | null {
  const x1 = k.get('x1');
  const y1 = k.get('y1');
  const x2 = k.get('x2');
  const y2 = k.get('y2');
  const w = k.get('w');
  const h = k.get('h');
  if (x1 !== undefined && y1 !== undefined && x2 !== undefined && y2 !== undefined) return [x1, y1, x2, y2];
  if (w === undefined || h === undefined) return null;
  const cx = k.get('cx');
  const cy = k.get('cy');
  if (cx !== undefined && cy !== undefined) return [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2];
  if (x1 !== undefined && y1 !== undefined) return [x1, y1, x1 + w, y1 + h];
  return null;
}

/**
 * KEY_GATE.test(doc.lower), mostly without the scan: with no "=" or ":" in the answer, a
 * match can only be "of" or "is", spaces, an optional "-", then a digit that follows none
 * of [\d.:], so the first digit of a digit run; those (numbersOf has found them) are
 * checked by looking back from each.
 */
export function mayHaveKeys(doc: Doc): boolean {
  const lower = doc.lower;
  if (lower.indexOf('=') >= 0 || lower.indexOf(':') >= 0) return KEY_GATE.test(lower);
  numbersOf(doc, false);
  const starts = doc.digitStarts ?? [];
  for (let i = 0; i < starts.length; i++) {
    let k = (starts[i] as number) - 1;
    if (lower.charCodeAt(k) === 45) k--;
    while (k >= 0 && isSpace(lower.charCodeAt(k))) k--;
    if (k < 1) continue;
    const a = lower.charCodeAt(k - 1);
    const b = lower.charCodeAt(k);
    if ((a === 111 && b === 102) || (a === 105 && b === 115)) return true;
  }
  return false;
}

function boxesOf(doc: Doc): Found[] {
  const lower = doc.lower;
  const out: Found[] = [];
  // Four numbers in a row: [x1, y1, x2, y2], or x, y, w, h / centre form when the context says so.
  const nums = numbersOf(doc, false).filter((n) => n.kind === 'digits');
  for (let i = 0; i + 3 < nums.length; i++) {
    if (!isSep(lower, nums[i] as Num, nums[i + 1] as Num) || !isSep(lower, nums[i + 1] as Num, nums[i + 2] as Num) || !isSep(lower, nums[i + 2] as Num, nums[i + 3] as Num)) continue;
    const q = nums.slice(i, i + 4) as [Num, Num, Num, Num];
    const v = q.map((n) => n.value / (n.unit === '%' ? 100 : 1)) as Box;
    const ctx = lower.slice(Math.max(doc.sentStart[sentenceAt(doc, q[0].start)] ?? 0, q[0].start - 60), q[0].start);
    let box: Box = v;
    const xywh: Box = [v[0], v[1], v[0] + v[2], v[1] + v[3]];
    if (WH_CONTEXT.test(ctx)) box = CENTER_CONTEXT.test(ctx) ? [v[0] - v[2] / 2, v[1] - v[3] / 2, v[0] + v[2] / 2, v[1] + v[3] / 2] : xywh;
    else if (v[2] < v[0] || v[3] < v[1]) box = xywh;
    out.push({ box, start: q[0].start, end: q[3].unitEnd });
    i += 3;
  }
  // Named values: x1=…, left: …, width of …
  const keys = new Map<string, number>();
  let keyStart = -1;
  KEY_RE.lastIndex = 0;
  // Every KEY_RE match holds a KEY_GATE match (its "=", ":", "of" or "is", then the number): the cheaper scan first.
  for (let m = mayHaveKeys(doc) ? KEY_RE.exec(lower) : null; m; m = KEY_RE.exec(lower)) {
    const name = (m[1] ?? '').replace(/^cent(?:er|re)[ _]?/, 'c');
    const canon = KEY_CANON[name] ?? name;
    if (keys.has(canon)) keys.clear();
    if (keys.size === 0) keyStart = m.index;
    keys.set(canon, val(m[2], m[3]));
    const box = fromKeys(keys);
    if (box) {
      out.push({ box, start: keyStart, end: m.index + m[0].length });
      keys.clear();
    }
  }
  // Points: two corners, or a centre followed by a size.
  POINT_RE.lastIndex = 0;
  let prev: { x: number; y: number; start: number; end: number } | null = null;
  for (let m = POINT_RE.exec(lower); m; m = POINT_RE.exec(lower)) {
    const p = { x: val(m[1], m[2]), y: val(m[3], m[4]), start: m.index, end: m.index + m[0].length };
    if (CENTER_BEFORE.test(lower.slice(Math.max(0, p.start - 30), p.start))) {
      const s = SIZE_AFTER.exec(lower.slice(p.end, p.end + 120));
      if (s) {
        const w = val(s[1] ?? s[5] ?? s[9], s[2] ?? s[6] ?? s[10]);
        const h = val(s[3] ?? s[7] ?? s[11], s[4] ?? s[8] ?? s[12]);
        out.push({ box: [p.x - w / 2, p.y - h / 2, p.x + w / 2, p.y + h / 2], start: p.start, end: p.end + s[0].length });
        prev = null;
        continue;
      }
    }
    if (prev && p.start - prev.end < 60 && !/[.;!?]\s/.test(lower.slice(prev.end, p.start))) {
      const box: Box = [Math.min(prev.x, p.x), Math.min(prev.y, p.y), Math.max(prev.x, p.x), Math.max(prev.y, p.y)];
      out.push({ box, start: prev.start, end: p.end });
      prev = null;
    } else prev = p;
  }
  const kept = out.filter((f) => !isQuestion(doc, sentenceAt(doc, f.start)));
  return sortSmall(kept, byFoundStart);
}

/** Intersection over union of two [x1, y1, x2, y2] boxes. */
export function boxIoU(a: readonly number[], b: readonly number[]): number {
  const ax1 = a[0] ?? 0;
  const ay1 = a[1] ?? 0;
  const ax2 = a[2] ?? 0;
  const ay2 = a[3] ?? 0;
  const bx1 = b[0] ?? 0;
  const by1 = b[1] ?? 0;
  const bx2 = b[2] ?? 0;
  const by2 = b[3] ?? 0;
  const iw = Math.max(0, Math.min(ax2, bx2) - Math.max(ax1, bx1));
  const ih = Math.max(0, Math.min(ay2, by2) - Math.max(ay1, by1));
  const inter = iw * ih;
  const union = (ax2 - ax1) * (ay2 - ay1) + (bx2 - bx1) * (by2 - by1) - inter;
  return union > 0 ? inter / union : 0;
}

function noBox(pick: Found | null, threshold: number, reason: string): Check {
  return { type: 'bbox', pass: false, extracted: null, span: pick ? [pick.start, pick.end] : null, score: 0, threshold, reason };
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

export function verifyBBox(answer: string, label: BBoxLabel): Check {
  const doc = docOf(answer);
  const threshold = label.minIoU ?? DEFAULT_MIN_IOU;
  const found = boxesOf(doc);
  // The conclusion only decides between boxes: not looked for when there is no choice.
  const region = found.length > 1 ? conclusion(doc) : null;
  // The last box starting in the conclusion, else the last box.
  let pick = found[found.length - 1];
  if (region) {
    for (let i = found.length - 1; i >= 0; i--) {
      const f = found[i] as Found;
      if (f.start >= region.start && f.start < region.end) {
        pick = f;
        break;
      }
    }
  }
  if (!pick) return noBox(null, threshold, 'no box found');
  let box = pick.box;
  if (box[0] > 1.0001 || box[1] > 1.0001 || box[2] > 1.0001 || box[3] > 1.0001) {
    let fw = label.frameWidth;
    let fh = label.frameHeight;
    const r = RESOLUTION.exec(doc.lower);
    if ((!fw || !fh) && r) {
      fw = Number(r[1] ?? r[3]);
      fh = Number(r[2] ?? r[4]);
    }
    if (!fw || !fh) return noBox(pick, threshold, 'pixel coordinates, but the frame size is unknown');
    box = [box[0] / fw, box[1] / fh, box[2] / fw, box[3] / fh];
  }
  const got: Box = [round(box[0]), round(box[1]), round(box[2]), round(box[3])];
  const iou = boxIoU(got, label.value);
  const pass = iou >= threshold;
  return {
    type: 'bbox',
    pass,
    extracted: got,
    span: [pick.start, pick.end],
    score: round(iou),
    threshold,
    reason: `answers [${numStr(got[0])}, ${numStr(got[1])}, ${numStr(got[2])}, ${numStr(got[3])}]: IoU ${toFixed(iou, 2)} ${pass ? '≥' : '<'} ${numStr(threshold)}`,
  };
}

function byFoundStart(a: Found, b: Found): number {
  return a.start - b.start;
}
