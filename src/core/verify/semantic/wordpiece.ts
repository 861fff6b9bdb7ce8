/**
 * WordPiece tokenization as BERT-family sentence encoders (MiniLM, MPNet exports of
 * sentence-transformers) expect it, from the `vocab.txt` they ship (one token per line,
 * the line number is the id): lowercase, accents stripped, punctuation split off, then
 * greedy longest-match sub-words with a "##" continuation prefix, wrapped in [CLS] … [SEP].
 * Cased vocabularies and tokenizer.json-only models are not handled.
 */
import { readFileSync } from 'node:fs';
import type { Encoded, Tokenizer } from './tokenizer';
import { InputError } from '../../util/errors';

const MAX_WORD = 100;

export class WordPieceTokenizer implements Tokenizer {
  private readonly unk: bigint;
  private readonly pad: bigint;
  private readonly cls: bigint | undefined;
  private readonly sep: bigint | undefined;

  constructor(
    private readonly vocab: ReadonlyMap<string, number>,
    /** Longer texts are cut to this many tokens ([CLS] and [SEP] included). */
    readonly maxLength = 256,
  ) {
    const unk = vocab.get('[UNK]');
    if (unk === undefined) throw new Error('vocab needs an "[UNK]" token');
    this.unk = BigInt(unk);
    this.pad = BigInt(vocab.get('[PAD]') ?? 0);
    const cls = vocab.get('[CLS]');
    const sep = vocab.get('[SEP]');
    this.cls = cls === undefined ? undefined : BigInt(cls);
    this.sep = sep === undefined ? undefined : BigInt(sep);
  }

  /** Reads `vocab.txt` (one token per line; its 0-based line is its id). */
  static fromFile(path: string): WordPieceTokenizer {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      throw new InputError({ file: path, message: `cannot read vocab: ${(err as Error).message}` });
    }
    const vocab = new Map<string, number>();
    text.split(/\r?\n/).forEach((tok, i) => {
      if (tok !== '' && !vocab.has(tok)) vocab.set(tok, i);
    });
    try {
      return new WordPieceTokenizer(vocab);
    } catch (err) {
      throw new InputError({ file: path, message: (err as Error).message });
    }
  }

  /** Words as BERT's basic tokenizer splits them: punctuation is a word of its own. */
  static words(text: string): string[] {
    const plain = text.toLowerCase().normalize('NFD').replace(/\p{Mn}/gu, '');
    return plain.match(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}\p{Cc}]/gu) ?? [];
  }

  private pieces(word: string): bigint[] {
    if (word.length > MAX_WORD) return [this.unk];
    const out: bigint[] = [];
    let start = 0;
    while (start < word.length) {
      let end = word.length;
      let id: number | undefined;
      for (; end > start; end--) {
        id = this.vocab.get((start > 0 ? '##' : '') + word.slice(start, end));
        if (id !== undefined) break;
      }
      if (id === undefined) return [this.unk];
      out.push(BigInt(id));
      start = end;
    }
    return out;
  }

  tokenize(text: string): bigint[] {
    const body: bigint[] = [];
    const room = this.maxLength - (this.cls === undefined ? 0 : 1) - (this.sep === undefined ? 0 : 1);
    for (const w of WordPieceTokenizer.words(text)) {
      body.push(...this.pieces(w));
      if (body.length >= room) break;
    }
    body.length = Math.min(body.length, room);
    return [...(this.cls === undefined ? [] : [this.cls]), ...body, ...(this.sep === undefined ? [] : [this.sep])];
  }

  encode(texts: readonly string[]): Encoded {
    return encodeBatch(texts.map((t) => this.tokenize(t)), this.pad);
  }
}

/** Pads token lists into a row-major batch with its attention mask. */
export function encodeBatch(toks: readonly bigint[][], pad: bigint): Encoded {
  const seq = Math.max(1, ...toks.map((t) => t.length));
  const ids = new BigInt64Array(toks.length * seq).fill(pad);
  const mask = new BigInt64Array(toks.length * seq);
  toks.forEach((t, b) => {
    t.forEach((id, i) => {
      ids[b * seq + i] = id;
      mask[b * seq + i] = 1n;
    });
  });
  return { ids, mask, batch: toks.length, seq };
}
