import type { LabelType } from '../labels';

/**
 * What a diving dive number (FINA/World Aquatics notation, as FineDiving's `action_type`)
 * says. Groups 1–4 (forward, back, reverse, inward): three digits, the second 1 for a
 * flying dive, the third the half somersaults ("407C": inward, 3.5 somersaults, tuck).
 * Group 5 (twisting): 5, the direction group, half somersaults, half twists ("5253B":
 * back, 2.5 somersaults, 1.5 twists, pike). Group 6 (armstand): 6, the direction group,
 * half somersaults, and for twisting armstand dives half twists ("6243D"). The letter is
 * the position: A straight, B pike, C tuck, D free.
 */
export interface DiveMeaning {
  /** Forward, Back, Reverse or Inward. */
  rotation: string;
  armstand: boolean;
  flying: boolean;
  somersaults: number;
  twists: number;
  /** straight, pike, tuck or free. */
  position: string;
  /** e.g. "Inward 3.5 somersaults, tuck". */
  text: string;
}

const GROUPS: Record<string, string> = { '1': 'Forward', '2': 'Back', '3': 'Reverse', '4': 'Inward' };
const POSITIONS: Record<string, string> = { A: 'straight', B: 'pike', C: 'tuck', D: 'free' };

const plural = (n: number, one: string): string => `${n} ${one}${n === 1 ? '' : 's'}`;

/** The meaning of a dive number, or a message saying why it is not one. */
export function diveMeaning(code: string): DiveMeaning | string {
  const m = /^([1-6])(\d{2,3})([A-D])$/i.exec(code.trim());
  if (!m) return `"${code}" is not a dive number (digits and a position letter A-D, e.g. 407C)`;
  const [, group, digits, letter] = m as unknown as [string, string, string, string];
  const position = POSITIONS[letter.toUpperCase()]!;
  let rotation: string | undefined;
  let flying = false;
  let halfSoms: number;
  let halfTwists = 0;
  const armstand = group === '6';
  if (group === '5' || armstand) {
    rotation = GROUPS[digits[0]!];
    halfSoms = Number(digits[1]);
    if (digits.length === 3) halfTwists = Number(digits[2]);
    else if (!armstand) return `"${code}": a twisting dive (5...) has four digits`;
  } else {
    if (digits.length !== 2) return `"${code}": a dive of group ${group} has three digits`;
    rotation = GROUPS[group];
    flying = digits[0] === '1';
    if (digits[0] !== '0' && digits[0] !== '1') return `"${code}": the second digit is 0 or 1 (flying)`;
    halfSoms = Number(digits[1]);
  }
  if (!rotation) return `"${code}": no direction group ${digits[0]}`;
  const somersaults = halfSoms / 2;
  const twists = halfTwists / 2;
  const parts = [`${armstand ? 'Armstand ' : ''}${flying ? 'Flying ' : ''}${rotation} ${plural(somersaults, 'somersault')}`];
  if (twists > 0) parts.push(plural(twists, 'twist'));
  parts.push(position);
  return { rotation, armstand, flying, somersaults, twists, position, text: parts.join(', ') };
}

/** Label fields a FineDiving record gets from its dive number. */
export const DIVE_TYPES: Record<string, LabelType> = {
  action_type: 'class',
  dive: 'text',
  rotation: 'class',
  somersaults: 'number',
  twists: 'number',
  position: 'class',
  armstand: 'yes_no',
  difficulty: 'number',
  dive_score: 'number',
  execution_score: 'number',
  judge_scores: 'sequence',
  steps: 'sequence',
};

/** action_type (upper case, as dive numbers are written) and what it means. */
export function diveLabels(actionType: unknown): { labels: Record<string, unknown>; problem?: string } {
  if (typeof actionType !== 'string') return { labels: { action_type: actionType } };
  const meaning = diveMeaning(actionType);
  if (typeof meaning === 'string') return { labels: { action_type: actionType }, problem: meaning };
  return {
    labels: {
      action_type: actionType.trim().toUpperCase(),
      dive: meaning.text,
      rotation: meaning.rotation,
      somersaults: meaning.somersaults,
      twists: meaning.twists,
      position: meaning.position,
      armstand: meaning.armstand,
    },
  };
}

/** Consecutive runs of one sub-action in per-frame labels: the steps and their frames. */
export function frameRuns(frames: readonly number[]): { id: number; first: number; end: number }[] {
  const out: { id: number; first: number; end: number }[] = [];
  frames.forEach((f, i) => {
    const last = out[out.length - 1];
    if (last && last.id === f) last.end = i + 1;
    else out.push({ id: f, first: i, end: i + 1 });
  });
  return out;
}

export const secs = (frames: number, fps: number): number => Math.round((frames / fps) * 1000) / 1000;

/**
 * Diving's execution score: with 7 judges the two highest and two lowest are dropped, with
 * 5 the highest and lowest; the middle three are summed (the final score is that times the
 * difficulty). Returns a message when the scores are not 3, 5 or 7 numbers.
 */
export function middleThree(v: unknown): number | string | undefined {
  if (v === undefined) return undefined;
  const s = numberList(v);
  if (!s || ![3, 5, 7].includes(s.length)) return `expected 3, 5 or 7 judge scores, got ${JSON.stringify(v)}`;
  // Judges award 0 to 10 in half points; the release has a "55.5" for 5.5.
  const off = s.find((x) => x < 0 || x > 10 || !Number.isInteger(x * 2));
  if (off !== undefined) return `judge score ${off} is not 0 to 10 in half points, in ${JSON.stringify(v)}`;
  const sorted = [...s].sort((a, b) => a - b);
  const drop = (s.length - 3) / 2;
  return Math.round(sorted.slice(drop, drop + 3).reduce((a, b) => a + b, 0) * 100) / 100;
}

export function numberList(v: unknown): number[] | undefined {
  return Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x)) ? (v as number[]) : undefined;
}
