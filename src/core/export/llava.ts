import { checkMedia, checkTurns, checkUniqueIds, isRecord, nonEmptyString, ProblemList } from './checks';
import type { ExportProblem, ExportSample } from './types';

/**
 * LLaVA / Video-LLaVA conversations: one JSON array, one video per record, the
 * `<video>` token at the head of the first human turn.
 */
export interface LlavaRecord {
  id: string;
  video: string;
  conversations: { from: 'human' | 'gpt'; value: string }[];
}

export function llavaUserTurn(question: string): string {
  return `<video>\n${question}`;
}

export function llavaRecord(s: ExportSample): LlavaRecord {
  return {
    id: s.id,
    video: s.video,
    conversations: [
      { from: 'human', value: llavaUserTurn(s.question) },
      { from: 'gpt', value: s.answer },
    ],
  };
}

/** What the LLaVA loaders read: unique ids, one `video` path, alternating human/gpt turns, one `<video>`. */
export function checkLlava(data: unknown): ExportProblem[] {
  const out = new ProblemList();
  if (!Array.isArray(data)) return [{ index: -1, message: 'a LLaVA dataset must be a JSON array of records' }];
  const ids: (string | undefined)[] = [];
  data.forEach((r, i) => {
    if (!isRecord(r)) {
      out.add(i, undefined, 'record must be an object');
      ids.push(undefined);
      return;
    }
    const id = nonEmptyString(r.id) ? r.id : undefined;
    ids.push(id);
    if (id === undefined) out.add(i, undefined, '"id" must be a non-empty string');
    const texts = checkTurns(out, i, id, r.conversations, { role: 'from', content: 'value', user: 'human', assistant: 'gpt' }, 'conversations');
    // LLaVA keeps a single `video` string per record, not a list.
    if (!nonEmptyString(r.video)) out.add(i, id, '"video" must be a non-empty path');
    else checkMedia(out, i, id, texts, [r.video], '<video>', 'video');
    checkMedia(out, i, id, texts, r.image === undefined ? undefined : [r.image], '<image>', 'image');
  });
  checkUniqueIds(out, ids);
  return out.problems;
}
