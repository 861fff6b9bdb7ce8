import type { FieldSchema, LabelType, LabelValue } from '../datasets/labels';

/**
 * How a label is written as words: in the rationalization hint ("Answer: {hint}."),
 * in `{label.<field>}` placeholders, and by the leak guard, which looks for exactly
 * this wording in a training record's question.
 */

/** A label value that does not fit its field type. */
export class HintError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HintError';
  }
}

/** Numbers as people write them: no float noise (0.30000000000000004 → 0.3). */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) throw new HintError(`not a finite number: ${n}`);
  return String(Number(n.toPrecision(12)));
}

/** Seconds with one decimal, or two when one would lose precision: 12 → "12.0", 12.25 → "12.25". */
export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) throw new HintError(`not a finite time: ${s}`);
  const one = s.toFixed(1);
  return Math.abs(Number(one) - s) < 1e-9 ? one : s.toFixed(2);
}

function formatCoord(v: number, normalized: boolean): string {
  if (!Number.isFinite(v)) throw new HintError(`not a finite coordinate: ${v}`);
  if (normalized) return v.toFixed(2);
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}

function numbers(value: LabelValue, count: number, what: string): number[] {
  if (!Array.isArray(value) || value.length !== count || !value.every((v) => typeof v === 'number')) {
    throw new HintError(`a ${what} label must be ${count} numbers, got ${JSON.stringify(value)}`);
  }
  return value as number[];
}

/**
 * Renders a label value as hint text for its field type:
 * class/text → the value; number → "82.5" (+ " unit"); temporal_range → "from 12.0 s to 31.0 s";
 * bbox → "the box from (0.10, 0.20) to (0.50, 0.60)"; sequence → "1. pick up the cup 2. pour water";
 * yes_no → "Yes" / "No". Throws {@link HintError} when the value does not fit the type.
 */
export function renderHint(field: FieldSchema | LabelType, value: LabelValue): string {
  const schema: FieldSchema | { type: LabelType } = typeof field === 'string' ? { type: field } : field;
  switch (schema.type) {
    case 'class':
    case 'text':
      if (typeof value !== 'string' || value.trim() === '') {
        throw new HintError(`a ${schema.type} label must be a non-empty string, got ${JSON.stringify(value)}`);
      }
      return value.trim();
    case 'number': {
      if (typeof value !== 'number') throw new HintError(`a number label must be a number, got ${JSON.stringify(value)}`);
      const unit = 'unit' in schema && schema.unit ? ` ${schema.unit}` : '';
      return formatNumber(value) + unit;
    }
    case 'temporal_range': {
      const [start, end] = numbers(value, 2, 'temporal_range');
      return `from ${formatSeconds(start!)} s to ${formatSeconds(end!)} s`;
    }
    case 'bbox': {
      const normalized = 'normalized' in schema ? schema.normalized !== false : true;
      const [x1, y1, x2, y2] = numbers(value, 4, 'bbox').map((v) => formatCoord(v, normalized));
      return `the box from (${x1}, ${y1}) to (${x2}, ${y2})`;
    }
    case 'sequence': {
      if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === 'string')) {
        throw new HintError(`a sequence label must be a non-empty list of steps, got ${JSON.stringify(value)}`);
      }
      return (value as string[]).map((step, i) => `${i + 1}. ${step.trim()}`).join(' ');
    }
    case 'yes_no':
      if (typeof value !== 'boolean') throw new HintError(`a yes_no label must be true or false, got ${JSON.stringify(value)}`);
      return value ? 'Yes' : 'No';
  }
}

/** Renders a value whose field type is unknown, guessing the type from its shape. */
export function renderValue(value: LabelValue): string {
  if (typeof value === 'boolean') return renderHint('yes_no', value);
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'string') return value;
  if (value.every((v) => typeof v === 'string')) return (value as string[]).join(', ');
  return (value as number[]).map(formatNumber).join(', ');
}
