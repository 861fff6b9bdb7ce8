/**
 * Draws one frame of a sample clip into an RGB24 buffer: a plain background and one
 * filled shape with hard edges. Returns the pixel box the shape actually covers, so the
 * labels are read off the rendering itself rather than off the plan.
 */

export const SHAPES = ['circle', 'square', 'triangle'] as const;
export type Shape = (typeof SHAPES)[number];

export const COLORS = ['red', 'green', 'blue', 'yellow'] as const;
export type Color = (typeof COLORS)[number];

/** Saturated, well-separated colours that survive yuv420p chroma subsampling. */
export const RGB: Record<Color, [number, number, number]> = {
  red: [220, 30, 30],
  green: [30, 190, 60],
  blue: [30, 70, 230],
  yellow: [240, 210, 20],
};

/** Inclusive pixel box [x1, y1, x2, y2]. */
export type PixelBox = [number, number, number, number];

function inside(shape: Shape, px: number, py: number, cx: number, cy: number, r: number): boolean {
  const dx = px - cx;
  const dy = py - cy;
  switch (shape) {
    case 'circle':
      return dx * dx + dy * dy <= r * r;
    case 'square':
      return Math.abs(dx) <= r && Math.abs(dy) <= r;
    case 'triangle': {
      // Apex up: the half-width grows from 0 at the top to r at the base.
      const fromTop = dy + r;
      return fromTop >= 0 && fromTop <= 2 * r && Math.abs(dx) <= fromTop / 2;
    }
  }
}

export interface FrameSpec {
  width: number;
  height: number;
  background: [number, number, number];
  shape: Shape;
  color: Color;
  /** Centre in pixels (may be outside the frame) and half-size. */
  cx: number;
  cy: number;
  r: number;
}

export function renderFrame(f: FrameSpec, buf: Buffer = Buffer.alloc(f.width * f.height * 3)): { buf: Buffer; box: PixelBox | null } {
  const [br, bg, bb] = f.background;
  for (let i = 0; i < buf.length; i += 3) {
    buf[i] = br;
    buf[i + 1] = bg;
    buf[i + 2] = bb;
  }
  const [sr, sg, sb] = RGB[f.color];
  const x0 = Math.max(0, Math.floor(f.cx - f.r - 1));
  const x1 = Math.min(f.width - 1, Math.ceil(f.cx + f.r + 1));
  const y0 = Math.max(0, Math.floor(f.cy - f.r - 1));
  const y1 = Math.min(f.height - 1, Math.ceil(f.cy + f.r + 1));
  let box: PixelBox | null = null;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      // Sample at the pixel centre so a shape moving by a fraction of a pixel still moves.
      if (!inside(f.shape, x + 0.5, y + 0.5, f.cx, f.cy, f.r)) continue;
      const i = (y * f.width + x) * 3;
      buf[i] = sr;
      buf[i + 1] = sg;
      buf[i + 2] = sb;
      if (!box) box = [x, y, x, y];
      else {
        if (x < box[0]) box[0] = x;
        if (y < box[1]) box[1] = y;
        if (x > box[2]) box[2] = x;
        if (y > box[3]) box[3] = y;
      }
    }
  }
  return { buf, box };
}
