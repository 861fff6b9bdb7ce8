import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * OpenAI-compatible chat server (test double for a real LVLM server). It speaks the
 * real protocol (`POST /v1/chat/completions`) on loopback, so tests drive the real
 * @huggingface/inference client over real HTTP; each test scripts its replies,
 * including the failure modes real servers have: 429 with Retry-After, 500, slow
 * replies, dropped connections and malformed JSON.
 */

export interface ChatRequestBody {
  model?: string;
  messages: { role: string; content: string | { type: string; text?: string; image_url?: { url: string }; video_url?: { url: string } }[] }[];
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
  seed?: number;
}

export type ChatReply =
  | { content: string; delayMs?: number }
  | { status: number; retryAfter?: string; body?: string; delayMs?: number }
  | { drop: true; delayMs?: number }
  | { malformed: true };

export interface ReceivedRequest {
  body: ChatRequestBody;
  /** The text part of the last user message. */
  prompt: string;
  authorization: string | undefined;
  at: number;
}

export type ChatScript = (req: ReceivedRequest, n: number) => ChatReply;

export interface ChatServer {
  url: string;
  requests: ReceivedRequest[];
  /** Replace the script for the following requests. */
  script: ChatScript;
  close(): Promise<void>;
}

export function promptOf(body: ChatRequestBody): string {
  const last = body.messages.at(-1);
  if (!last) return '';
  if (typeof last.content === 'string') return last.content;
  return last.content
    .filter((p) => p.type === 'text')
    .map((p) => p.text ?? '')
    .join('\n');
}

function completion(content: string, model: string | undefined): string {
  return JSON.stringify({
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: model ?? 'test',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  });
}

/**
 * vLLM's runtime LoRA API (`POST /v1/load_lora_adapter {lora_name, lora_path}`, served when
 * VLLM_ALLOW_RUNTIME_LORA_UPDATING is set): `loraReply` answers it as vLLM does — 200 with
 * a line of text, or 400 when the name is already loaded — and `loraLoads` records each call.
 */
export interface LoraLoad {
  lora_name: string;
  lora_path: string;
}

export async function startChatServer(
  script: ChatScript = () => ({ content: 'ok' }),
  opts: { record?: boolean; loraReply?: (load: LoraLoad) => { status: number; body: string } } = {},
): Promise<ChatServer & { loraLoads: LoraLoad[] }> {
  const loraLoads: LoraLoad[] = [];
  const sockets = new Set<Socket>();
  const requests: ReceivedRequest[] = [];
  let n = 0;
  const state = { script };
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'POST' && req.url?.endsWith('/load_lora_adapter') && opts.loraReply) {
        const load = JSON.parse(Buffer.concat(chunks).toString('utf8')) as LoraLoad;
        loraLoads.push(load);
        const r = opts.loraReply(load);
        res.writeHead(r.status, { 'content-type': 'text/plain' }).end(r.body);
        return;
      }
      if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
        return;
      }
      let body: ChatRequestBody;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequestBody;
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"bad json"}');
        return;
      }
      const rec: ReceivedRequest = { body, prompt: promptOf(body), authorization: req.headers.authorization, at: Date.now() };
      if (opts.record !== false) requests.push(rec);
      const reply = state.script(rec, n++);
      const send = (): void => {
        if ('drop' in reply) {
          req.socket.destroy();
        } else if ('malformed' in reply) {
          res.writeHead(200, { 'content-type': 'application/json' }).end('{"choices": [ {"message": ');
        } else if ('status' in reply) {
          const headers: Record<string, string> = { 'content-type': 'application/json' };
          if (reply.retryAfter !== undefined) headers['retry-after'] = reply.retryAfter;
          res.writeHead(reply.status, headers).end(reply.body ?? JSON.stringify({ error: { message: `scripted ${reply.status}` } }));
        } else {
          res.writeHead(200, { 'content-type': 'application/json' }).end(completion(reply.content, body.model));
        }
      };
      const delay = 'delayMs' in reply ? reply.delayMs : undefined;
      if (delay) setTimeout(send, delay);
      else send();
    });
  };
  const server: Server = createServer(handle);
  server.keepAliveTimeout = 30_000;
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    loraLoads,
    get script() {
      return state.script;
    },
    set script(s: ChatScript) {
      state.script = s;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
