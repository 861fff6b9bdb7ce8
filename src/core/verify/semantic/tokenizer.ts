/**
 * Word-level tokenizer for the model folder's `vocab.json` ({token: id}, with "[PAD]" and
 * "[UNK]"): lowercase, split into runs of letters and digits, unknown words → [UNK].
 * This is what the project-built model uses; BERT-style sub-word models ship `vocab.txt`
 * instead, read by ./wordpiece.ts.
 */
import { readFileSync } from 'node:fs';
import { encodeBatch } from './wordpiece';
import { InputError } from '../../util/errors';

export interface Encoded {
  /** Row-major [batch, seq] ids and 1/0 mask, padded to the longest text (at least 1). */
  ids: BigInt64Array;
  mask: BigInt64Array;
  batch: number;
  seq: number;
}

/** Turns texts into the model's input tensors. */
export interface Tokenizer {
  tokenize(text: string): bigint[];
  encode(texts: readonly string[]): Encoded;
}

export class WordTokenizer implements Tokenizer {
  private readonly pad: bigint;
  private readonly unk: bigint;

  constructor(
    private readonly vocab: ReadonlyMap<string, number>,
    /** Longer texts are cut to this many tokens. */
    readonly maxLength = 256,
  ) {
    const pad = vocab.get('[PAD]');
    const unk = vocab.get('[UNK]');
    if (pad === undefined || unk === undefined) throw new Error('vocab needs "[PAD]" and "[UNK]" entries');
    this.pad = BigInt(pad);
    this.unk = BigInt(unk);
  }

  /** Reads `vocab.json`; throws an error naming the file on a bad shape. */
  static fromFile(path: string): WordTokenizer {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (err) {
      throw new InputError({ file: path, message: `cannot read vocab: ${(err as Error).message}` });
    }
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new InputError({ file: path, message: `vocab must be a JSON object {token: id}` });
    const vocab = new Map<string, number>();
    for (const [token, id] of Object.entries(raw)) {
      if (!Number.isInteger(id) || (id as number) < 0) throw new InputError({ file: path, message: `${JSON.stringify(token)}: id must be a non-negative integer` });
      vocab.set(token, id as number);
    }
    try {
      return new WordTokenizer(vocab);
    } catch (err) {
      throw new InputError({ file: path, message: (err as Error).message });
    }
  }

  /** Token ids of one text (no padding). */
  tokenize(text: string): bigint[] {
    const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
    return words.slice(0, this.maxLength).map((w) => {
      const id = this.vocab.get(w);
      return id === undefined ? this.unk : BigInt(id);
    });
  }

  /** A padded batch. An empty text is one [PAD] with mask 0 (the model gives it a zero vector). */
  encode(texts: readonly string[]): Encoded {
    return encodeBatch(texts.map((t) => this.tokenize(t)), this.pad);
  }
}
