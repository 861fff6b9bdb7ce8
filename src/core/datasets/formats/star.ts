import type { FormatReader } from '../options';
import { typeName } from '../jsonSource';
import { jsonListEntries } from './jsonList';

export const STAR_PATTERN = '{video_id}.mp4';

/**
 * STAR situated reasoning (`STAR_{train,val,test}.json`): a JSON list of questions
 * `{question_id, question, video_id, start, end, answer, choices: [{choice_id, choice}],
 * situations, question_program, ...}` over Charades videos. Each question is a record:
 * id = question_id, video `<video_id>.mp4` (`clipPattern` to change), start/end = the
 * segment in seconds. Labels: `question` (text: the question to ask as written, with a task
 * template `{label.question}`), `answer` (class: one of the choices), `choices` (sequence of
 * the choice texts in choice_id order: the answer's rivals), `options` (text: the choices
 * lettered, "(A) The door. (B) The box. …", for a multiple-choice template
 * `{label.question} Options: {label.options}`), `question_type` (class:
 * Interaction, Sequence, Prediction or Feasibility, the question_id's prefix).
 * situations/programs are not labels and are left out. Split: `split` option, else from
 * the file name.
 */
export const readStar: FormatReader = (opts, text) => {
  const file = opts.annotations;
  const { out, split, entries } = jsonListEntries(opts, text, {
    types: { question: 'text', answer: 'class', choices: 'sequence', options: 'text', question_type: 'class' },
    pattern: STAR_PATTERN,
    list: 'a JSON list of questions',
    item: 'a question object',
  });
  for (const { line, value: q, video } of entries) {
    const choices = readChoices(q.choices);
    if (typeof choices === 'object' && 'field' in choices) {
      out.problems.push({ file, line, field: choices.field, message: choices.message });
      continue;
    }
    if (choices && typeof q.answer === 'string' && !choices.includes(q.answer.trim())) {
      out.problems.push({ file, line, field: 'answer', message: `"${q.answer}" is not one of the choices` });
      continue;
    }
    const id = q.question_id;
    out.candidates.push({
      line,
      id,
      video,
      start: q.start,
      end: q.end,
      split,
      labels: {
        question: q.question,
        answer: q.answer,
        choices,
        options: choices ? choices.map((c, i) => `(${String.fromCharCode(65 + i)}) ${c}`).join(' ') : undefined,
        question_type: typeof id === 'string' && id.includes('_') ? id.slice(0, id.indexOf('_')) : undefined,
      },
      sources: { id: 'question_id', video: 'video_id' },
    });
  }
  return out;
};

function readChoices(raw: unknown): string[] | undefined | { field: string; message: string } {
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw)) return { field: 'choices', message: `expected a list of {choice_id, choice}, got ${typeName(raw)}` };
  const out: { id: number; text: string }[] = [];
  for (const [i, c] of raw.entries()) {
    const choice = c && typeof c === 'object' ? (c as Record<string, unknown>).choice : undefined;
    if (typeof choice !== 'string' || choice.trim() === '') return { field: `choices[${i}].choice`, message: 'expected the choice text' };
    const id = (c as Record<string, unknown>).choice_id;
    out.push({ id: typeof id === 'number' ? id : i, text: choice.trim() });
  }
  return out.sort((a, b) => a.id - b.id).map((c) => c.text);
}
