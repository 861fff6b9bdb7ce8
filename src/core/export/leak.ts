import { parseRationalizationPrompt, RATIONALE_REQUEST } from '../prompts/prompts';
import type { ExportSample } from './types';

/**
 * The leak guard. A rationalized attempt was generated with the label in its prompt
 * ("Answer: dancing."); its training record must hold only the bare question, or the
 * model learns to read the answer off the question. Every export runs this on each
 * record's user turn and refuses the whole export on the first leak.
 */

/** A training record whose user turn contains the hint. Names the sample and what leaked. */
export class LeakError extends Error {
  constructor(
    readonly attemptId: string,
    readonly sampleId: string,
    /** What leaked, e.g. `the hint "dancing"`. */
    readonly leaked: string,
  ) {
    super(`hint leak in sample ${sampleId} (attempt ${attemptId}): the user turn contains ${leaked}; a training record must hold the bare question`);
    this.name = 'LeakError';
  }
}

/** Lower case, one space for any whitespace run: compare words, not layout. */
function normalize(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Does `needle` occur in `haystack` as whole words (not inside a longer word or number)? */
function containsWords(haystack: string, needle: string): boolean {
  const n = normalize(needle);
  if (n === '') return false;
  const re = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(n)}(?![\\p{L}\\p{N}])`, 'u');
  return re.test(normalize(haystack));
}

/** Bare "Yes"/"No" hints are ordinary words in yes/no questions; only their "Answer: Yes" wording counts. */
const YES_NO = new Set(['yes', 'no']);

/**
 * Finds what leaked into a user turn, or undefined when it is clean. `hint` defaults
 * to the one recovered from the sample's `hintPrompt`.
 */
export function findLeak(sample: ExportSample, userTurn: string = sample.question, hint?: string): string | undefined {
  const h = (hint ?? (sample.hintPrompt ? parseRationalizationPrompt(sample.hintPrompt)?.hint : undefined))?.trim();
  if (h) {
    // The hint in the prompt's own wording, with or without the full stop.
    if (normalize(userTurn).includes(normalize(`Answer: ${h}`))) return `the hint in its prompt wording "Answer: ${h}"`;
    if (!YES_NO.has(normalize(h)) && containsWords(userTurn, h)) return `the hint text "${h}"`;
  }
  // Without a known hint, the prompt's shape still gives a copied prompt away.
  const answerLine = /(^|\n)\s*Answer:[^\n]*/i.exec(userTurn);
  if (answerLine) return `an "Answer:" line ("${answerLine[0].trim()}")`;
  if (normalize(userTurn).includes(normalize(RATIONALE_REQUEST))) return 'the prompt text, not the bare question';
  return undefined;
}

/** Throws {@link LeakError} when the user turn of this sample's record leaks its hint. */
export function assertNoLeak(sample: ExportSample, userTurn: string = sample.question, hint?: string): void {
  const leaked = findLeak(sample, userTurn, hint);
  if (leaked) throw new LeakError(sample.id, sample.sampleId, leaked);
}
