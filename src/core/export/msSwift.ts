import { checkMedia, checkTurns, isRecord, ProblemList } from './checks';
import type { ExportProblem, ExportSample } from './types';

/**
 * ms-swift's standard `messages` format, one JSON object per line, with a `videos`
 * list; each `<video>` tag in the messages takes the next path (ms-swift's
 * custom-dataset docs). Usable directly with `--dataset file.jsonl`.
 */
export interface MsSwiftRecord {
  messages: { role: 'user' | 'assistant'; content: string }[];
  videos: string[];
}

export function msSwiftUserTurn(question: string): string {
  return `<video>${question}`;
}

export function msSwiftRecord(s: ExportSample): MsSwiftRecord {
  return {
    messages: [
      { role: 'user', content: msSwiftUserTurn(s.question) },
      { role: 'assistant', content: s.answer },
    ],
    videos: [s.video],
  };
}

/** What ms-swift's preprocessing and templates read: alternating turns (optional system first), matching media tags. */
export function checkMsSwift(data: unknown): ExportProblem[] {
  const out = new ProblemList();
  if (!Array.isArray(data)) return [{ index: -1, message: 'an ms-swift dataset must be a list of JSON lines' }];
  data.forEach((r, i) => {
    if (!isRecord(r)) {
      out.add(i, undefined, 'line must be a JSON object');
      return;
    }
    const texts = checkTurns(out, i, undefined, r.messages, { role: 'role', content: 'content', user: 'user', assistant: 'assistant', system: 'system' }, 'messages');
    checkMedia(out, i, undefined, texts, r.videos, '<video>', 'videos');
    checkMedia(out, i, undefined, texts, r.images, '<image>', 'images');
    checkMedia(out, i, undefined, texts, r.audios, '<audio>', 'audios');
  });
  return out.problems;
}
