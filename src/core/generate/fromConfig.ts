import type { Backend } from '../config/compute';
import { UsageError } from '../util/errors';
import type { GenerationBackend, SamplingParams } from './backend';
import { InferenceBackend } from './inference';
import { LocalOnnxBackend } from './local';

/**
 * A configured backend as a GenerationBackend. Tokens come from the environment variable
 * the backend names (`tokenEnv`), or from `secrets` (the extension passes SecretStorage's
 * value): never from vstar.yaml itself.
 */

export interface BackendSetup {
  backend: GenerationBackend;
  sampling: SamplingParams;
  samplesPerPrompt: number;
  /** Requests per second allowed to this backend, from its `rateLimit`. */
  rateLimit?: number;
}

export function backendFromConfig(name: string, b: Backend, opts: { env?: NodeJS.ProcessEnv; token?: string; resolvePath?: (p: string) => string } = {}): BackendSetup {
  const env = opts.env ?? process.env;
  const s = b.sampling;
  const sampling: SamplingParams = s ? { temperature: s.temperature, topP: s.topP, maxTokens: s.maxTokens, ...(s.seed === undefined ? {} : { seed: s.seed }) } : {};
  const samplesPerPrompt = s?.samplesPerPrompt ?? 1;
  const token = (): string | undefined => {
    if (opts.token) return opts.token;
    if (b.type === 'local' || !b.tokenEnv) return undefined;
    const v = env[b.tokenEnv];
    if (!v) throw new UsageError(`backend "${name}": environment variable ${b.tokenEnv} (its tokenEnv) is not set`);
    return v;
  };
  switch (b.type) {
    case 'openai': {
      const t = token();
      return {
        backend: new InferenceBackend({ kind: 'openai-compatible', model: b.model, endpointUrl: b.url, video: b.video, frames: b.frames ?? 8, ...(t ? { token: t } : {}) }),
        sampling,
        samplesPerPrompt,
        ...(b.rateLimit ? { rateLimit: b.rateLimit } : {}),
      };
    }
    case 'huggingface': {
      const t = token();
      return {
        backend: new InferenceBackend({
          kind: 'hf-inference',
          model: b.model,
          ...(b.endpoint ? { endpointUrl: b.endpoint } : b.provider ? { provider: b.provider } : {}),
          ...(t ? { token: t } : {}),
        }),
        sampling,
        samplesPerPrompt,
        ...(b.rateLimit ? { rateLimit: b.rateLimit } : {}),
      };
    }
    case 'local':
      return { backend: new LocalOnnxBackend({ model: opts.resolvePath ? opts.resolvePath(b.model) : b.model }), sampling, samplesPerPrompt };
  }
}
