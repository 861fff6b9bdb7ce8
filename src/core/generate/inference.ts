import { InferenceClient } from '@huggingface/inference';
import { BackendError, parseRetryAfter, redact, type CompletionRequest, type GenerationBackend, type VideoMode } from './backend';

/**
 * The `openai` and `huggingface` backends, both through `@huggingface/inference`'s
 * InferenceClient: an OpenAI-compatible server (vLLM, TGI, SGLang, Ollama, llama.cpp)
 * or an Inference Endpoint by `endpointUrl`, Hugging Face Inference Providers by
 * `provider` + model id. The client's own retry (it loops forever on 503) is turned
 * off: retry.ts owns retries, and a custom fetch reads status and Retry-After.
 */

export interface InferenceBackendOptions {
  /** `openai-compatible` or `hf-inference` (recorded on attempts). */
  kind: string;
  model: string;
  /** Base URL of an OpenAI-compatible server or Inference Endpoint (…/v1 or root). */
  endpointUrl?: string;
  /** Inference provider (e.g. `together`); used when there is no endpointUrl. */
  provider?: string;
  token?: string;
  video?: VideoMode;
  frames?: number;
  /** For tests and proxies. */
  fetch?: typeof fetch;
}

type Content = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } } | { type: 'video_url'; video_url: { url: string } };

const RETRYABLE_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'UND_ERR_CONNECT_TIMEOUT', 'EAI_AGAIN']);

function causeCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export class InferenceBackend implements GenerationBackend {
  readonly kind: string;
  readonly model: string;
  readonly video: VideoMode;
  readonly frames: number;
  private readonly client: InferenceClient;

  constructor(private readonly o: InferenceBackendOptions) {
    this.kind = o.kind;
    this.model = o.model;
    this.video = o.video ?? 'frames';
    this.frames = o.frames ?? 8;
    this.client = new InferenceClient(o.token ?? '');
  }

  async complete(req: CompletionRequest): Promise<string> {
    const seen: { status?: number; retryAfter?: string | null } = {};
    const baseFetch = this.o.fetch ?? fetch;
    const capturing: typeof fetch = async (input, init) => {
      const res = await baseFetch(input, init);
      seen.status = res.status;
      seen.retryAfter = res.headers.get('retry-after');
      return res;
    };
    const content: Content[] = [...req.media, { type: 'text', text: req.prompt }];
    const s = req.sampling;
    const args = {
      model: this.o.model,
      ...(this.o.endpointUrl ? { endpointUrl: this.o.endpointUrl } : this.o.provider ? { provider: this.o.provider as 'auto' } : {}),
      messages: [{ role: 'user', content }],
      ...(s.temperature === undefined ? {} : { temperature: s.temperature }),
      ...(s.topP === undefined ? {} : { top_p: s.topP }),
      ...(s.maxTokens === undefined ? {} : { max_tokens: s.maxTokens }),
      ...(s.seed === undefined ? {} : { seed: s.seed }),
    };
    let out: Awaited<ReturnType<InferenceClient['chatCompletion']>>;
    try {
      // The content parts are OpenAI's; the client's types only know text and image_url.
      out = await this.client.chatCompletion(args as Parameters<InferenceClient['chatCompletion']>[0], {
        signal: req.signal,
        retry_on_error: false,
        fetch: capturing,
      });
    } catch (err) {
      throw this.wrap(err, seen);
    }
    const text = out?.choices?.[0]?.message?.content;
    if (typeof text !== 'string') throw new BackendError('the server answered without choices[0].message.content', { retryable: true, status: seen.status });
    return text;
  }

  private wrap(err: unknown, seen: { status?: number; retryAfter?: string | null }): Error {
    if (err instanceof Error && err.name === 'AbortError') return err;
    const msg = redact(err instanceof Error ? err.message : String(err), this.o.token);
    const httpStatus = (err as { httpResponse?: { status?: number } }).httpResponse?.status ?? (seen.status && seen.status >= 400 ? seen.status : undefined);
    const where = this.o.endpointUrl ?? `${this.o.provider ?? 'auto'}:${this.o.model}`;
    if (httpStatus !== undefined) {
      const retryable = httpStatus === 408 || httpStatus === 429 || httpStatus >= 500;
      return new BackendError(`${where}: HTTP ${httpStatus}: ${msg}`, { status: httpStatus, retryAfterMs: parseRetryAfter(seen.retryAfter), retryable, cause: err });
    }
    if (err instanceof SyntaxError) return new BackendError(`${where}: malformed JSON in the reply: ${msg}`, { status: seen.status, retryable: true, cause: err });
    const code = causeCode(err);
    if ((code && RETRYABLE_CODES.has(code)) || (err instanceof TypeError && /fetch failed|terminated|other side closed/i.test(msg))) {
      return new BackendError(`${where}: connection failed (${code ?? msg})`, { retryable: true, cause: err });
    }
    return new BackendError(`${where}: ${msg}`, { retryable: false, cause: err });
  }
}
