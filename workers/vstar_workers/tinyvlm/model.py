"""The tiny video-language model: a per-frame CNN whose frame embeddings are concatenated
in time order (so motion is learnable), and a GRU decoder conditioned on that context, a
bag of question words and a bag of hint words (all PAD when there is no hint).

Two graphs are exported: `encoder` (frames -> context, once per clip) and `step` (one
decoding step), so the TypeScript side runs the sampling loop with temperature."""
from __future__ import annotations

import torch
from torch import nn

from .vocab import BOS, MAX_LEN, PAD, WORDS

FRAMES = 4
SIZE = 32


class Encoder(nn.Module):
    def __init__(self, ctx: int = 96, emb: int = 48):
        super().__init__()
        self.conv = nn.Sequential(
            nn.Conv2d(3, 16, 3, stride=2, padding=1), nn.ReLU(),
            nn.Conv2d(16, 32, 3, stride=2, padding=1), nn.ReLU(),
        )
        self.frame = nn.Linear((SIZE // 4) ** 2, emb)
        self.mix = nn.Sequential(nn.Linear(FRAMES * (emb + 32) + 4 * FRAMES - 2, ctx), nn.Tanh())
        g = torch.linspace(-1.0, 1.0, SIZE)
        self.register_buffer("gx", g.reshape(1, 1, SIZE), persistent=False)
        self.register_buffer("gy", g.reshape(1, SIZE, 1), persistent=False)

    def forward(self, frames: torch.Tensor) -> torch.Tensor:
        """frames: [B, FRAMES, SIZE, SIZE, 3] RGB bytes as floats 0..255 -> context [B, ctx]."""
        b = frames.shape[0]
        x = frames.reshape(b * FRAMES, SIZE, SIZE, 3).permute(0, 3, 1, 2)
        # The shape is a few pixels on a plain background: subtracting each frame's mean
        # colour makes it stand out whatever the background.
        x = (x - x.mean(dim=(2, 3), keepdim=True)) / 64.0
        c = self.conv(x)
        # Max over positions says what is there (shape, colour); the channel-mean map says where (motion).
        what = c.amax(dim=(2, 3))
        where = torch.relu(self.frame(c.mean(dim=1).reshape(b * FRAMES, -1)))
        # Where the shape is in each frame (centre of the colour difference) and how it moved
        # between frames: a parameter-free motion cue the decoder can learn direction from.
        sal = x.abs().sum(1)
        sal = sal / (sal.sum(dim=(1, 2), keepdim=True) + 1e-6)
        pos = torch.stack([(sal * self.gx).sum(dim=(1, 2)), (sal * self.gy).sum(dim=(1, 2))], -1).reshape(b, FRAMES, 2)
        motion = torch.cat([pos.reshape(b, -1), 4.0 * (pos[:, 1:] - pos[:, :-1]).reshape(b, -1)], -1)
        return self.mix(torch.cat([torch.cat([what, where], -1).reshape(b, -1), motion], -1))


class Step(nn.Module):
    def __init__(self, vocab: int, ctx: int = 96, emb: int = 48, hidden: int = 96):
        super().__init__()
        self.embed = nn.Embedding(vocab, emb, padding_idx=PAD)
        self.cond = nn.Sequential(nn.Linear(ctx + 2 * emb, hidden), nn.Tanh())
        self.gru = nn.GRUCell(emb + hidden, hidden)
        self.out = nn.Linear(2 * hidden, vocab)

    def bag(self, ids: torch.Tensor) -> torch.Tensor:
        mask = (ids != PAD).float().unsqueeze(-1)
        return (self.embed(ids) * mask).sum(1) / mask.sum(1).clamp(min=1.0)

    def forward(self, ctx, question, hint, prev, h):
        """One step: (context, question ids, hint ids, previous token, state) -> (logits, state)."""
        c = self.cond(torch.cat([ctx, self.bag(question), self.bag(hint)], -1))
        h = self.gru(torch.cat([self.embed(prev), c], -1), h)
        return self.out(torch.cat([h, c], -1)), h


class TinyVLM(nn.Module):
    def __init__(self, vocab: int = len(WORDS), hidden: int = 96):
        super().__init__()
        self.hidden = hidden
        self.encoder = Encoder()
        self.step = Step(vocab, hidden=hidden)

    def forward(self, frames, question, hint, targets):
        """Teacher-forced logits for targets [B, T] (BOS prepended here) -> [B, T, vocab]."""
        ctx = self.encoder(frames)
        b, t = targets.shape
        prev = torch.cat([torch.full((b, 1), BOS, dtype=torch.long), targets[:, :-1]], 1)
        h = torch.zeros(b, self.hidden)
        outs = []
        for i in range(t):
            logits, h = self.step(ctx, question, hint, prev[:, i], h)
            outs.append(logits)
        return torch.stack(outs, 1)

    @torch.no_grad()
    def greedy(self, frames, question, hint, max_len: int = MAX_LEN) -> list[list[int]]:
        ctx = self.encoder(frames)
        b = frames.shape[0]
        prev = torch.full((b,), BOS, dtype=torch.long)
        h = torch.zeros(b, self.hidden)
        out = []
        for _ in range(max_len):
            logits, h = self.step(ctx, question, hint, prev, h)
            prev = logits.argmax(-1)
            out.append(prev)
        return torch.stack(out, 1).tolist()
