import type { Rng } from './prng';
import { COLORS, SHAPES, type Color, type PixelBox, type Shape } from './raster';

/**
 * Plans one sample clip: a shape moving along one axis at a constant speed, which may
 * enter, leave, cross the frame, or bounce once off a wall. Plans are tried until the
 * simulated motion really is of the chosen kind, so every label is true of the pixels.
 */

export const DIRECTIONS = ['left', 'right', 'up', 'down'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const KINDS = ['stay', 'enter', 'leave', 'cross', 'bounce'] as const;
export type MotionKind = (typeof KINDS)[number];

export interface ClipGeometry {
  width: number;
  height: number;
  fps: number;
  frames: number;
}

export interface ClipPlan {
  shape: Shape;
  color: Color;
  direction: Direction;
  kind: MotionKind;
  /** Speed in pixels per second (an integer, so the label is exact). */
  speed: number;
  /** Half-size of the shape in pixels. */
  r: number;
  background: [number, number, number];
  /** Centre of the shape at each frame, in pixels. */
  centres: [number, number][];
}

const OPPOSITE: Record<Direction, Direction> = { left: 'right', right: 'left', up: 'down', down: 'up' };
/** The frame edge a shape moving this way runs into. */
const FRONT: Record<Direction, string> = { left: 'left', right: 'right', up: 'top', down: 'bottom' };

function axisLength(g: ClipGeometry, d: Direction): number {
  return d === 'left' || d === 'right' ? g.width : g.height;
}

/** Position along the axis at time t for motion in the positive sense (right/down). */
function forward(kind: MotionKind, p0: number, v: number, t: number, wall: number): number {
  const q = p0 + v * t;
  return kind === 'bounce' && q > wall ? 2 * wall - q : q;
}

function trial(rng: Rng, g: ClipGeometry, kind: MotionKind, direction: Direction, r: number): { centres: [number, number][]; speed: number } {
  const L = axisLength(g, direction);
  const across = direction === 'left' || direction === 'right' ? g.height : g.width;
  const T = g.frames / g.fps;
  const u = L / T;
  // Bounce a few pixels short of the edge, so the shape stays whole in every frame.
  const wall = L - r - 3;
  let v: number;
  let p0: number;
  switch (kind) {
    case 'stay':
      v = Math.round(rng.range(0.25 * u, 0.6 * u));
      p0 = rng.range(r + 3, Math.max(r + 3, L - r - v * T - 3));
      break;
    case 'enter':
      v = Math.round(rng.range(0.4 * u, 1.2 * u));
      p0 = -r - v * rng.range(0.15 * T, 0.45 * T);
      break;
    case 'leave':
      v = Math.round(rng.range(0.4 * u, 1.4 * u));
      p0 = L + r - v * rng.range(0.45 * T, 0.85 * T);
      break;
    case 'cross':
      v = Math.round(rng.range((L + 2 * r) / (0.75 * T), 1.8 * u));
      p0 = -r - v * rng.range(0.02 * T, 0.2 * T);
      break;
    case 'bounce':
      v = Math.round(rng.range(0.4 * u, 1.0 * u));
      p0 = wall - v * rng.range(0.5 * T, 0.75 * T);
      break;
  }
  const c = rng.range(r + 3, across - r - 3);
  const centres: [number, number][] = [];
  for (let i = 0; i < g.frames; i++) {
    const f = forward(kind, p0, v, i / g.fps, wall);
    const p = direction === 'left' || direction === 'up' ? L - f : f;
    centres.push(direction === 'left' || direction === 'right' ? [p, c] : [c, p]);
  }
  return { centres, speed: v };
}

/**
 * Whether a rendered box holds the whole shape: it stays `margin` pixels clear of every
 * frame edge (a shape cut by an edge always touches it).
 */
export function isWhole(b: PixelBox | null, width: number, height: number, margin = 1): b is PixelBox {
  return b !== null && b[0] >= margin && b[1] >= margin && b[2] <= width - 1 - margin && b[3] <= height - 1 - margin;
}

/**
 * Whether a frame counts as showing the shape: at least a quarter of its size is in view
 * in both directions. A one-pixel sliver at an edge is not "in frame" to a viewer (and
 * does not survive H.264 with yuv420p chroma).
 */
export function isSeen(b: PixelBox | null, r: number): b is PixelBox {
  return b !== null && b[2] - b[0] + 1 >= r / 2 && b[3] - b[1] + 1 >= r / 2;
}

/** Whether the pixel boxes rendered from a plan show the motion its kind promises. */
export function matchesKind(kind: MotionKind, boxes: (PixelBox | null)[], g: ClipGeometry): boolean {
  const first = boxes[0] ?? null;
  const last = boxes[boxes.length - 1] ?? null;
  const full = (b: PixelBox | null): b is PixelBox => isWhole(b, g.width, g.height);
  // Enough whole frames that direction and speed can be seen, not just guessed.
  const wholeLongEnough = boxes.filter(full).length >= Math.max(4, 0.25 * boxes.length);
  switch (kind) {
    case 'stay':
    case 'bounce':
      // Two pixels clear of the edges, so even after encoding it never seems to touch one.
      return boxes.every((b) => isWhole(b, g.width, g.height, 2));
    case 'enter':
      return first === null && full(last) && wholeLongEnough;
    case 'leave':
      return full(first) && last === null && wholeLongEnough;
    case 'cross':
      return first === null && last === null && wholeLongEnough;
  }
}

export interface PlanOptions {
  kind?: MotionKind;
  /** Renders a plan's frames and returns the pixel boxes (the caller's rasterizer). */
  boxesOf: (plan: ClipPlan) => (PixelBox | null)[];
}

/** Draws a plan from the RNG, retrying until the rendering matches its kind. */
export function planClip(rng: Rng, g: ClipGeometry, opts: PlanOptions): { plan: ClipPlan; boxes: (PixelBox | null)[] } {
  const kind = opts.kind ?? rng.pick(KINDS);
  const shape = rng.pick(SHAPES);
  const color = rng.pick(COLORS);
  const direction = rng.pick(DIRECTIONS);
  const grey = rng.int(90, 150);
  const r = Math.max(3, Math.round(Math.min(g.width, g.height) * rng.range(0.08, 0.13)));
  for (let attempt = 0; attempt < 200; attempt++) {
    const { centres, speed } = trial(rng, g, kind, direction, r);
    const plan: ClipPlan = { shape, color, direction, kind, speed, r, background: [grey, grey, grey], centres };
    const boxes = opts.boxesOf(plan);
    if (matchesKind(kind, boxes, g)) return { plan, boxes };
  }
  throw new Error(`could not plan a "${kind}" clip for ${g.width}x${g.height} at ${g.fps} fps over ${g.frames} frames; try longer clips`);
}

/** The ordered events a viewer sees, e.g. ["appears", "moves left", "bounces off the left wall", ...]. */
export function eventsOf(plan: ClipPlan): string[] {
  const d = plan.direction;
  const back = FRONT[OPPOSITE[d]];
  const front = FRONT[d];
  const start = plan.kind === 'enter' || plan.kind === 'cross' ? `enters from the ${back}` : 'appears';
  const middle = plan.kind === 'bounce' ? [`moves ${d}`, `bounces off the ${front} wall`, `moves ${OPPOSITE[d]}`] : [`moves ${d}`];
  const end = plan.kind === 'leave' || plan.kind === 'cross' ? `exits at the ${front}` : 'stays in view';
  return [start, ...middle, end];
}
