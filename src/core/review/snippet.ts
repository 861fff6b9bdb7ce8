// The decisive span of an answer, cut to fit one list row: the words around the span the
// verifier decided on, with where the span sits inside the cut. Pure.

/** A cut of an answer with the decisive span's place in it (`mark` is [start, end) into `text`). */
export interface Snippet {
  text: string;
  mark?: [number, number];
}

/** Characters kept before and after the span (before more: the words leading to it read best). */
const BEFORE = 28;
const AFTER = 40;
/** Without a span: the answer's last characters (its conclusion). */
const TAIL = 80;

const squash = (s: string): string => s.replace(/\s+/g, ' ');

/**
 * The answer around `span` ([start, end) character offsets), cut at word boundaries,
 * with `…` where text was left out and whitespace runs (newlines) as one space. Without a
 * usable span: the answer's last sentence or so, unmarked.
 */
export function snippetOf(output: string, span: readonly [number, number] | undefined): Snippet {
  const n = output.length;
  if (!span || !(span[0] >= 0 && span[1] > span[0] && span[1] <= n)) {
    if (n <= TAIL) return { text: squash(output.trim()) };
    let from = n - TAIL;
    const sp = output.indexOf(' ', from);
    if (sp !== -1 && sp < n - 1) from = sp + 1;
    return { text: '…' + squash(output.slice(from).trim()) };
  }
  let [s, e] = span;
  let from = Math.max(0, s - BEFORE);
  let to = Math.min(n, e + AFTER);
  // Whole words at the cut ends.
  if (from > 0) {
    const sp = output.indexOf(' ', from);
    if (sp !== -1 && sp < s) from = sp + 1;
  }
  if (to < n) {
    const sp = output.lastIndexOf(' ', to);
    if (sp > e) to = sp;
  }
  const head = (from > 0 ? '…' : '') + squash(output.slice(from, s)).trimStart();
  const mid = squash(output.slice(s, e));
  const tail = squash(output.slice(e, to)).trimEnd() + (to < n ? '…' : '');
  s = head.length;
  e = s + mid.length;
  return { text: head + mid + tail, mark: [s, e] };
}

/** A label value as a short text for a row: strings as they are, numbers as written, lists and boxes as JSON. */
export function shortLabel(v: unknown, max = 40): string {
  const t = v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  return t.length > max ? t.slice(0, max - 1) + '…' : t;
}

/** A question cut to `max` characters at a word boundary. */
export function shortQuestion(q: string, max = 60): string {
  const t = squash(q.trim());
  if (t.length <= max) return t;
  const sp = t.lastIndexOf(' ', max - 1);
  return t.slice(0, sp > max / 2 ? sp : max - 1) + '…';
}
