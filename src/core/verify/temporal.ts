/**
 * Temporal-range labels: the range the answer commits to, read from "0:12 to 0:31",
 * "12-31 s", "from 00:00:12 to 00:00:31", "starts at 12 s and lasts 19 seconds",
 * "frames 360 to 930 at 30 fps", must overlap the label with temporal IoU ≥ minIoU.
 */
import type { Doc } from './doc';
import * as docModule from './doc';
import { DEFAULT_MIN_IOU, type Check, type TemporalRangeLabel } from './labels';
import * as numbersModule from './numbers';
import type { Num } from './numbers';
import * as fixedModule from './fixed';

// Bound once: compiled to CommonJS (tsx), each use of an imported name is an export getter call.
const { conclusion, docOf, isNegated, isQuestion, sentenceAt } = docModule;
const { numbersOf } = numbersModule;
const { numStr, toFixed } = fixedModule;

interface Time {
  /** In the time's own unit: seconds, or frames. */
  value: number;
  start: number;
  end: number;
  /** 's' (explicit seconds), 'frame', or null (no unit: seconds, or the partner's unit). */
  unit: 's' | 'frame' | null;
}

interface Range {
  s: number;
  e: number;
  start: number;
  end: number;
  /** Stated as the clip's own length, not the action's. */
  wholeClip: boolean;
}

const SCALE: Record<string, number> = { s: 1, ms: 0.001, min: 60, h: 3600 };
const RANGE_SEP = /^\s*(?:-|–|—|to|until|till|through|thru|and|~)\s*(?:frames?\s*|the\s+)?$/;
const END_SEP =
  /^\s*,?\s*(?:and\s+)?(?:it\s+|then\s+|the action\s+)?(?:ends?|ending|ended|finish(?:es|ed|ing)?|stops?|stopp(?:ed|ing)|conclud(?:es|ed|ing)|until|till|lands?|landing|landed|leaves?|leaving|exits?|exiting|disappears?|completes?)\b[^.;?!]{0,24}$/;
const DUR_SEP =
  /^\s*,?\s*(?:and\s+)?(?:it\s+)?(?:lasts?|lasting|lasted|for|continu(?:es|ing) for|runs? for|spanning|spans|with a duration of|(?:for\s+)?a duration of)\b[^.;?!]{0,16}$/;
const WHOLE_CLIP = /\b(?:video|clip|footage)\b[^.]{0,40}\b(?:long|length|spans?|duration|total|runs?|lasts?)\b|\b(?:entire|whole|full)\s+(?:video|clip)/;

function timesOf(doc: Doc): { times: Time[]; fps: number | null } {
  const times: Time[] = [];
  let fps: number | null = null;
  const nums = numbersOf(doc);
  for (let i = 0; i < nums.length; i++) {
    const n = nums[i] as Num;
    if (n.unit === 'fps') {
      fps = n.value;
      continue;
    }
    if (isQuestion(doc, sentenceAt(doc, n.start))) continue;
    if (n.kind === 'clock') {
      times.push({ value: n.value, start: n.start, end: n.end, unit: 's' });
    } else if (n.preFrame || n.unit === 'frame') {
      times.push({ value: n.value, start: n.start, end: n.unitEnd, unit: 'frame' });
    } else if (n.unit !== null && SCALE[n.unit] !== undefined) {
      let value = n.value * (SCALE[n.unit] ?? 1);
      let end = n.unitEnd;
      // "1 min 5 s", "1 minute and 5 seconds"
      const next = nums[i + 1];
      if (n.unit === 'min' && next && next.unit === 's' && /^\s*(?:and\s*)?$/.test(doc.lower.slice(n.unitEnd, next.start))) {
        value += next.value;
        end = next.unitEnd;
        i++;
      }
      times.push({ value, start: n.start, end, unit: 's' });
    } else if (n.unit === null || n.unit.startsWith('w:')) {
      if (n.unit === null) times.push({ value: n.value, start: n.start, end: n.end, unit: null });
    }
  }
  return { times, fps };
}

function toSeconds(t: Time, partner: Time, fps: number | null): number | null {
  const unit = t.unit ?? partner.unit ?? 's';
  if (unit === 's') return t.value;
  return fps ? t.value / fps : null;
}

function rangesOf(doc: Doc, label: TemporalRangeLabel): Range[] {
  const { times, fps: said } = timesOf(doc);
  const fps = said ?? label.fps ?? null;
  const out: Range[] = [];
  const lower = doc.lower;
  for (let i = 0; i + 1 < times.length; i++) {
    const a = times[i] as Time;
    const b = times[i + 1] as Time;
    if (b.start - a.end > 48) continue;
    const between = lower.slice(a.end, b.start);
    let s: number | null;
    let e: number | null;
    if (RANGE_SEP.test(between) || END_SEP.test(between)) {
      s = toSeconds(a, b, fps);
      e = toSeconds(b, a, fps);
    } else if (DUR_SEP.test(between)) {
      s = toSeconds(a, b, fps);
      const d = toSeconds(b, a, fps);
      e = s !== null && d !== null ? s + d : null;
    } else continue;
    if (s === null || e === null || e < s) continue;
    // "not from 0:02 to 0:08"
    if (isNegated(doc, a.start, b.end)) continue;
    const context = lower.slice(Math.max(doc.sentStart[sentenceAt(doc, a.start)] ?? 0, a.start - 60), a.start);
    out.push({ s, e, start: a.start, end: b.end, wholeClip: WHOLE_CLIP.test(context) });
    i++;
  }
  return out;
}

/** Temporal IoU of two [start, end] ranges. */
export function temporalIoU(a: readonly [number, number], b: readonly [number, number]): number {
  const inter = Math.max(0, Math.min(a[1], b[1]) - Math.max(a[0], b[0]));
  const union = a[1] - a[0] + (b[1] - b[0]) - inter;
  if (union <= 0) return a[0] === b[0] && a[1] === b[1] ? 1 : 0;
  return inter / union;
}

function round(x: number): number {
  return Math.round(x * 1e3) / 1e3;
}

export function verifyTemporalRange(answer: string, label: TemporalRangeLabel): Check {
  const doc = docOf(answer);
  const threshold = label.minIoU ?? DEFAULT_MIN_IOU;
  const ranges = rangesOf(doc, label).filter((r) => !r.wholeClip);
  // The conclusion only decides between ranges: not looked for when there is no choice.
  const region = ranges.length > 1 ? conclusion(doc) : null;
  const inRegion = region ? ranges.filter((r) => r.start >= region.start && r.start < region.end) : [];
  const pick = inRegion[inRegion.length - 1] ?? ranges[ranges.length - 1];
  if (!pick) {
    return { type: 'temporal_range', pass: false, extracted: null, span: null, score: 0, threshold, reason: 'no time range found' };
  }
  const got: [number, number] = [round(pick.s), round(pick.e)];
  const iou = temporalIoU(got, label.value);
  const pass = iou >= threshold;
  return {
    type: 'temporal_range',
    pass,
    extracted: got,
    span: [pick.start, pick.end],
    score: round(iou),
    threshold,
    reason: `answers ${numStr(got[0])}–${numStr(got[1])} s, label ${numStr(label.value[0])}–${numStr(label.value[1])} s: IoU ${toFixed(iou, 2)} ${pass ? '≥' : '<'} ${numStr(threshold)}`,
  };
}
