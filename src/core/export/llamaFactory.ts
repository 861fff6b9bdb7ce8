import { checkMedia, checkTurns, isRecord, ProblemList } from './checks';
import type { ExportProblem, ExportSample } from './types';

/**
 * LLaMA-Factory's ShareGPT format in its OpenAI-style flavour (`messages` with
 * role/content, as its `mllm_demo` dataset) plus a `videos` column, and the
 * `dataset_info.json` entry that registers it. Per LLaMA-Factory's data/README.md:
 * user turns sit at odd positions, assistant turns at even ones, and the number of
 * `<video>` tokens must equal the number of paths in `videos`.
 */
export interface LlamaFactoryRecord {
  messages: { role: 'user' | 'assistant'; content: string }[];
  videos: string[];
}

export function llamaFactoryUserTurn(question: string): string {
  return `<video>${question}`;
}

export function llamaFactoryRecord(s: ExportSample): LlamaFactoryRecord {
  return {
    messages: [
      { role: 'user', content: llamaFactoryUserTurn(s.question) },
      { role: 'assistant', content: s.answer },
    ],
    videos: [s.video],
  };
}

/** The `dataset_info.json` entry for a data file written by this exporter. */
export function llamaFactoryDatasetInfo(fileName: string): Record<string, unknown> {
  return {
    file_name: fileName,
    formatting: 'sharegpt',
    columns: { messages: 'messages', videos: 'videos' },
    tags: { role_tag: 'role', content_tag: 'content', user_tag: 'user', assistant_tag: 'assistant' },
  };
}

/** What LLaMA-Factory's sharegpt converter and multimodal plugin check. */
export function checkLlamaFactory(data: unknown): ExportProblem[] {
  const out = new ProblemList();
  if (!Array.isArray(data)) return [{ index: -1, message: 'a LLaMA-Factory dataset must be a JSON array of records' }];
  data.forEach((r, i) => {
    if (!isRecord(r)) {
      out.add(i, undefined, 'record must be an object');
      return;
    }
    // No system_tag in our dataset_info entry, so a "system" turn would be an invalid role.
    const texts = checkTurns(out, i, undefined, r.messages, { role: 'role', content: 'content', user: 'user', assistant: 'assistant' }, 'messages');
    if (Array.isArray(r.messages) && r.messages.length % 2 !== 0) {
      out.add(i, undefined, `"messages" has ${r.messages.length} turns; LLaMA-Factory drops a conversation with an odd count`);
    }
    checkMedia(out, i, undefined, texts, r.videos, '<video>', 'videos');
    checkMedia(out, i, undefined, texts, r.images, '<image>', 'images');
    checkMedia(out, i, undefined, texts, r.audios, '<audio>', 'audios');
  });
  return out.problems;
}
