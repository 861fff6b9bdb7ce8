import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * The tiny model's word vocabulary (vocab.json, written by
 * `python -m vstar_workers.tinyvlm.train`) and its tokenizer, which must match
 * workers/vstar_workers/tinyvlm/vocab.py word for word: lower-cased [a-z]+ words and
 * full stops, unknown words as <unk>, fixed-width id rows padded with <pad>.
 */

export const TinyVocabFile = z.object({
  format: z.literal('vstar-tinyvlm/1'),
  words: z.array(z.string()).min(5),
  pad: z.number().int(),
  unk: z.number().int(),
  bos: z.number().int(),
  eos: z.number().int(),
  frames: z.number().int().positive(),
  size: z.number().int().positive(),
  hidden: z.number().int().positive(),
  context: z.number().int().positive(),
  maxQuestion: z.number().int().positive(),
  maxHint: z.number().int().positive(),
  maxLen: z.number().int().positive(),
});
export type TinyVocabMeta = z.infer<typeof TinyVocabFile>;

const WORD = /[a-z]+|\./g;

export class TinyVocab {
  private readonly index = new Map<string, number>();
  /** Ids that are words (not <pad>/<unk>/<bos>/<eos>). */
  readonly firstWord: number;

  constructor(readonly meta: TinyVocabMeta) {
    meta.words.forEach((w, i) => this.index.set(w, i));
    this.firstWord = Math.max(meta.pad, meta.unk, meta.bos, meta.eos) + 1;
  }

  static load(file: string): TinyVocab {
    const parsed = TinyVocabFile.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success) throw new Error(`${file}: not a tiny model vocabulary: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    return new TinyVocab(parsed.data);
  }

  words(text: string): string[] {
    return text.toLowerCase().match(WORD) ?? [];
  }

  encode(text: string): number[] {
    return this.words(text).map((w) => this.index.get(w) ?? this.meta.unk);
  }

  /** The first `n` ids of `text`, padded with <pad>, written into `into` at `offset`. */
  fixedInto(text: string, n: number, into: BigInt64Array, offset: number): void {
    const ids = this.encode(text);
    for (let i = 0; i < n; i++) into[offset + i] = BigInt(ids[i] ?? this.meta.pad);
  }

  /** Words joined by spaces, stopping at <eos>; special ids are dropped. */
  decode(ids: readonly number[]): string {
    const out: string[] = [];
    for (const id of ids) {
      if (id === this.meta.eos) break;
      if (id >= this.firstWord) out.push(this.meta.words[id] ?? '');
    }
    return out.join(' ');
  }
}
