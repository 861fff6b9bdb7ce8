import { mulberry32 } from '../../sample/prng';
import type { TinyVocab } from './vocab';

/**
 * The decoding loop over the tiny model's two ONNX graphs: `encoder` (frames → context,
 * once per answer) and `model` (one step: context, question ids, hint ids, previous
 * token, state → logits, next state). Requests that arrive together are decoded as one
 * batch (one step call for all of them), which is what makes hundreds of answers a
 * second possible on two cores. Temperature 0 is greedy; otherwise softmax sampling
 * with a per-request seeded generator (seed given → the same answer every time).
 */

export interface OrtTensor {
  readonly data: unknown;
  readonly dims: readonly number[];
}
export interface OrtSession {
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
  release?(): Promise<void>;
}
export type TensorCtor = new (type: string, data: Float32Array | BigInt64Array, dims: readonly number[]) => OrtTensor;

export interface AnswerRequest {
  pixels: Float32Array;
  question: string;
  /** The label given as hint (rationalization); '' for none. */
  hint: string;
  temperature: number;
  /** Nucleus sampling: only the most likely tokens whose probabilities sum to topP (default 1). */
  topP?: number;
  maxTokens: number;
  seed?: number;
}

export function sampleToken(logits: Float32Array, offset: number, n: number, temperature: number, u: number, topP = 1): number {
  let best = 0;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = logits[offset + i] as number;
    if (v > max) {
      max = v;
      best = i;
    }
  }
  if (temperature <= 0) return best;
  let sum = 0;
  const p = new Float64Array(n);
  for (let i = 0; i < n; i++) sum += p[i] = Math.exp(((logits[offset + i] as number) - max) / temperature);
  if (topP < 1) {
    // Keep the smallest set of most likely tokens reaching topP; zero the rest.
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (p[b] as number) - (p[a] as number));
    let kept = 0;
    let k = 0;
    while (k < n && kept < topP * sum) kept += p[order[k++] as number] as number;
    for (let j = k; j < n; j++) p[order[j] as number] = 0;
    sum = kept;
  }
  let r = u * sum;
  for (let i = 0; i < n; i++) {
    const pi = p[i] as number;
    r -= pi;
    if (r <= 0 && pi > 0) return i;
  }
  return best;
}

export class TinyVlmRunner {
  private queue: { req: AnswerRequest; resolve: (s: string) => void; reject: (e: unknown) => void }[] = [];
  private scheduled = false;

  constructor(
    private readonly encoder: OrtSession,
    private readonly step: OrtSession,
    private readonly Tensor: TensorCtor,
    readonly vocab: TinyVocab,
    private readonly maxBatch = 64,
  ) {}

  /** Queues one answer; answers queued in the same tick are decoded together. */
  answer(req: AnswerRequest): Promise<string> {
    return new Promise((resolve, reject) => {
      this.queue.push({ req, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        const out = await this.decode(batch.map((b) => b.req));
        batch.forEach((b, i) => b.resolve(out[i] as string));
      } catch (err) {
        for (const b of batch) b.reject(err);
      }
    }
    this.scheduled = false;
  }

  /** Decodes a batch of requests to answer texts. */
  async decode(reqs: readonly AnswerRequest[]): Promise<string[]> {
    const m = this.vocab.meta;
    const B = reqs.length;
    const px = m.frames * m.size * m.size * 3;
    const frames = new Float32Array(B * px);
    reqs.forEach((r, i) => frames.set(r.pixels, i * px));
    const { context } = await this.encoder.run({ frames: new this.Tensor('float32', frames, [B, m.frames, m.size, m.size, 3]) });
    const question = new BigInt64Array(B * m.maxQuestion);
    const hint = new BigInt64Array(B * m.maxHint);
    reqs.forEach((r, i) => {
      this.vocab.fixedInto(r.question, m.maxQuestion, question, i * m.maxQuestion);
      this.vocab.fixedInto(r.hint, m.maxHint, hint, i * m.maxHint);
    });
    const feeds: Record<string, OrtTensor> = {
      context: context as OrtTensor,
      question: new this.Tensor('int64', question, [B, m.maxQuestion]),
      hint: new this.Tensor('int64', hint, [B, m.maxHint]),
      state: new this.Tensor('float32', new Float32Array(B * m.hidden), [B, m.hidden]),
    };
    const prev = new BigInt64Array(B).fill(BigInt(m.bos));
    const rngs = reqs.map((r) => (r.seed === undefined ? Math.random : mulberry32(r.seed).next));
    const tokens: number[][] = reqs.map(() => []);
    const done = reqs.map(() => false);
    const steps = Math.min(m.maxLen, Math.max(...reqs.map((r) => r.maxTokens)));
    const V = m.words.length;
    for (let t = 0; t < steps && done.includes(false); t++) {
      feeds.prev = new this.Tensor('int64', prev, [B]);
      const { logits, next_state } = await this.step.run(feeds);
      const lg = (logits as OrtTensor).data as Float32Array;
      feeds.state = next_state as OrtTensor;
      for (let i = 0; i < B; i++) {
        const r = reqs[i] as AnswerRequest;
        const tok = sampleToken(lg, i * V, V, r.temperature, (rngs[i] as () => number)(), r.topP ?? 1);
        prev[i] = BigInt(tok);
        if (done[i]) continue;
        if (tok === m.eos || tokens[i]!.length >= r.maxTokens) done[i] = true;
        else tokens[i]!.push(tok);
      }
    }
    return tokens.map((ids) => this.vocab.decode(ids));
  }
}
