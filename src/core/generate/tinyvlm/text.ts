/**
 * The tiny model writes lower-case words and ' . ' between sentences; people read
 * "I see a red circle. So the shape is a circle." The tokenizer reads both the same, so
 * accepted answers train the model back unchanged.
 */
export function prettyAnswer(words: string): string {
  const sentences = words
    .split(/\s*\.\s*/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return sentences.map((s) => `${s.charAt(0).toUpperCase()}${s.slice(1)}.`).join(' ');
}
