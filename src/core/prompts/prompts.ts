/**
 * The two prompts of Video-STaR. The answer prompt asks for a rationale; the
 * rationalization prompt gives the label as a hint. Only the bare question may ever
 * reach a training record (see export/leak.ts).
 */

/** The tail both prompts share, asking for a step-by-step rationale. */
export const RATIONALE_REQUEST = 'Can you explain step-by-step how one can arrive at this conclusion?';

/** `Question: {q}\nCan you explain step-by-step how one can arrive at this conclusion?` */
export function answerPrompt(question: string): string {
  return `Question: ${question}\n${RATIONALE_REQUEST}`;
}

/**
 * `Question: {q}\nAnswer: {hint}.\nCan you explain step-by-step how one can arrive at this conclusion?`
 * (no second full stop when the hint already ends with one).
 */
export function rationalizationPrompt(question: string, hint: string): string {
  const h = hint.trim();
  if (h === '') throw new Error('rationalization needs a non-empty hint');
  if (/[\r\n]/.test(h)) throw new Error('a hint must be a single line');
  return `Question: ${question}\nAnswer: ${h}${h.endsWith('.') ? '' : '.'}\n${RATIONALE_REQUEST}`;
}

/**
 * Recovers the question and hint from a rationalization prompt built by
 * {@link rationalizationPrompt}; undefined when the text has no `Answer:` line.
 * The hint comes back without the full stop the prompt added.
 */
export function parseRationalizationPrompt(prompt: string): { question: string; hint: string } | undefined {
  const lines = prompt.replace(/\r\n/g, '\n').split('\n');
  // The last `Answer:` line is the hint: a question may itself mention "Answer:".
  let at = -1;
  for (let i = lines.length - 1; i >= 0; i--) {
    if (/^\s*Answer:/.test(lines[i] ?? '')) {
      at = i;
      break;
    }
  }
  if (at < 0) return undefined;
  const hint = (lines[at] ?? '').replace(/^\s*Answer:\s*/, '').replace(/\.$/, '').trim();
  if (hint === '') return undefined;
  const question = lines
    .slice(0, at)
    .join('\n')
    .replace(/^\s*Question:\s*/, '')
    .trim();
  return { question, hint };
}
