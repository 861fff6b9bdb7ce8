import type { ExportProblem } from './types';

/** Small checks shared by the per-trainer validators. */

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function nonEmptyString(v: unknown): v is string {
  return typeof v === 'string' && v.trim() !== '';
}

/** How often a media token such as `<video>` occurs in a text. */
export function countToken(text: string, token: string): number {
  let n = 0;
  for (let i = text.indexOf(token); i >= 0; i = text.indexOf(token, i + token.length)) n++;
  return n;
}

/** Collects problems for one record, tagged with its index and id. */
export class ProblemList {
  readonly problems: ExportProblem[] = [];
  add(index: number, id: string | undefined, message: string): void {
    this.problems.push(id === undefined ? { index, message } : { index, id, message });
  }
}

/**
 * Checks that a list of media paths matches the tokens in the conversation: the
 * trainers pair the n-th token with the n-th path and fail (or silently misalign)
 * when the counts differ — the most common hand-made dataset error.
 */
export function checkMedia(
  out: ProblemList,
  index: number,
  id: string | undefined,
  texts: readonly string[],
  paths: unknown,
  token: string,
  column: string,
): void {
  const tokens = texts.reduce((n, t) => n + countToken(t, token), 0);
  if (paths === undefined) {
    if (tokens > 0) out.add(index, id, `${tokens} ${token} token(s) but no "${column}" column`);
    return;
  }
  if (!Array.isArray(paths)) {
    out.add(index, id, `"${column}" must be a list of paths`);
    return;
  }
  paths.forEach((p, i) => {
    if (!nonEmptyString(p)) out.add(index, id, `"${column}[${i}]" must be a non-empty path`);
  });
  if (tokens !== paths.length) {
    out.add(index, id, `${tokens} ${token} token(s) in the messages but ${paths.length} path(s) in "${column}"; they must be equal`);
  }
}

/**
 * Checks a chat: each turn an object with the role and content keys, non-empty
 * content, roles alternating user/assistant from the first turn, ending with the
 * assistant (the turn that is learned).
 */
export function checkTurns(
  out: ProblemList,
  index: number,
  id: string | undefined,
  turns: unknown,
  keys: { role: string; content: string; user: string; assistant: string; system?: string },
  column: string,
): string[] {
  if (!Array.isArray(turns) || turns.length === 0) {
    out.add(index, id, `"${column}" must be a non-empty list of turns`);
    return [];
  }
  const texts: string[] = [];
  let expectUser = true;
  turns.forEach((t, i) => {
    const where = `${column}[${i}]`;
    if (!isRecord(t)) {
      out.add(index, id, `${where} must be an object`);
      return;
    }
    const role = t[keys.role];
    const content = t[keys.content];
    if (typeof content === 'string') texts.push(content);
    if (!nonEmptyString(content)) out.add(index, id, `${where}.${keys.content} must be non-empty text`);
    if (i === 0 && keys.system !== undefined && role === keys.system) return;
    const want = expectUser ? keys.user : keys.assistant;
    if (role !== want) out.add(index, id, `${where}.${keys.role} is ${JSON.stringify(role)} but turns must alternate; expected "${want}"`);
    expectUser = !expectUser;
  });
  const last = turns[turns.length - 1];
  if (isRecord(last) && last[keys.role] !== keys.assistant) {
    out.add(index, id, `the last turn must be "${keys.assistant}" (the answer that is trained on)`);
  }
  return texts;
}

/** Flags ids used by more than one record. */
export function checkUniqueIds(out: ProblemList, ids: readonly (string | undefined)[]): void {
  const seen = new Map<string, number>();
  ids.forEach((id, i) => {
    if (id === undefined) return;
    const first = seen.get(id);
    if (first !== undefined) out.add(i, id, `duplicate id (first at record ${first})`);
    else seen.set(id, i);
  });
}
