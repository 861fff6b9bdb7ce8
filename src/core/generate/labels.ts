import type { FieldSchema, LabelValue } from '../datasets/labels';
import type { VerifierConfig } from '../config/schema';
import type { VerifyLabel } from '../verify/labels';

/**
 * A task's label field (its dataset FieldSchema + the record's value + the task's
 * verifier settings) as the label the verifier checks. Pure; throws a clear Error when
 * the value does not fit the field.
 */
export function toVerifyLabel(field: string, fieldSchema: FieldSchema, value: LabelValue, verifier: VerifierConfig = {}): VerifyLabel {
  const schema = verifiedAs(field, fieldSchema, verifier);
  const bad = (what: string): never => {
    throw new Error(`label "${field}": expected ${what}, got ${JSON.stringify(value)}`);
  };
  const nums = (n: number): number[] => (Array.isArray(value) && value.length === n && value.every((v) => typeof v === 'number') ? (value as number[]) : bad(`${n} numbers`));
  switch (schema.type) {
    case 'class': {
      if (typeof value !== 'string') return bad('a class name');
      const synonyms = verifier.synonyms?.[value];
      const rivals = rivalsOf(schema.values, value, synonyms);
      return { type: 'class', value, field, ...(synonyms && synonyms.length > 0 ? { synonyms } : {}), ...(rivals ? { rivals } : {}) };
    }
    case 'text':
      if (typeof value !== 'string') return bad('text');
      return { type: 'text', value, field, ...(verifier.semantic?.minSimilarity === undefined ? {} : { minSimilarity: verifier.semantic.minSimilarity }) };
    case 'number':
      if (typeof value !== 'number') return bad('a number');
      return {
        type: 'number',
        value,
        field,
        ...(verifier.relTol === undefined ? {} : { relTol: verifier.relTol }),
        ...(verifier.absTol === undefined ? {} : { absTol: verifier.absTol }),
        ...(schema.unit ? { unit: schema.unit } : {}),
      };
    case 'temporal_range': {
      const [s, e] = nums(2) as [number, number];
      return { type: 'temporal_range', value: [s, e], field, ...(verifier.minIoU === undefined ? {} : { minIoU: verifier.minIoU }) };
    }
    case 'bbox': {
      let [x1, y1, x2, y2] = nums(4) as [number, number, number, number];
      if (schema.normalized === false) {
        const w = schema.frameWidth;
        const h = schema.frameHeight;
        if (!w || !h) throw new Error(`label "${field}": pixel boxes need frameWidth and frameHeight in the field schema`);
        [x1, y1, x2, y2] = [x1 / w, y1 / h, x2 / w, y2 / h];
      }
      const clamp = (v: number): number => Math.min(1, Math.max(0, v));
      return {
        type: 'bbox',
        value: [clamp(x1), clamp(y1), clamp(x2), clamp(y2)],
        field,
        ...(verifier.minIoU === undefined ? {} : { minIoU: verifier.minIoU }),
        ...(schema.frameWidth ? { frameWidth: schema.frameWidth } : {}),
        ...(schema.frameHeight ? { frameHeight: schema.frameHeight } : {}),
      };
    }
    case 'sequence':
      if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === 'string')) return bad('a list of steps');
      return { type: 'sequence', value: value as string[], field };
    case 'yes_no':
      if (typeof value !== 'boolean') return bad('yes or no');
      return { type: 'yes_no', value, field };
  }
}

/** Vocabularies larger than this are not passed as rivals (a label per record would carry them all). */
const MAX_RIVALS = 2000;
// One rivals array per (vocabulary, class): the plan's labels share it, and the verifier
// recognizes a repeated array without comparing it.
const rivalLists = new WeakMap<readonly string[], Map<string, string[] | null>>();

/**
 * The field's other classes for a class label: the schema's `values` less the label and its
 * synonyms (compared trimmed, ignoring case); undefined when the field lists none, more than
 * MAX_RIVALS, or only the label.
 */
function rivalsOf(values: readonly string[], value: string, synonyms: readonly string[] | undefined): string[] | undefined {
  if (values.length === 0 || values.length > MAX_RIVALS) return undefined;
  let byClass = rivalLists.get(values);
  if (!byClass) {
    byClass = new Map();
    rivalLists.set(values, byClass);
  }
  const key = synonyms && synonyms.length ? `${value}\u0000${synonyms.join('\u0000')}` : value;
  let rivals = byClass.get(key);
  if (rivals === undefined) {
    const norm = (t: string): string => t.trim().toLowerCase();
    const own = new Set([value, ...(synonyms ?? [])].map(norm));
    const list = values.filter((v) => v.trim() !== '' && !own.has(norm(v)));
    rivals = list.length > 0 ? list : null;
    byClass.set(key, rivals);
  }
  return rivals ?? undefined;
}

/**
 * The schema the verifier judges by: the field's own, or `verifier.type` where it names a
 * compatible one — a free-text field judged as a class (answers that repeat, such as STAR's)
 * or a class judged by meaning (`text`, with the semantic matcher). Other mismatches would
 * misread the value, so they are errors that name the field.
 */
function verifiedAs(field: string, schema: FieldSchema, verifier: VerifierConfig): FieldSchema {
  const want = verifier.type;
  if (want === undefined || want === schema.type) return schema;
  const words = new Set(['class', 'text']);
  if (words.has(want) && words.has(schema.type)) return want === 'class' ? { type: 'class', values: [] } : { type: 'text' };
  throw new Error(`label "${field}": verifier type ${want} cannot judge a ${schema.type} field (only class and text can stand in for each other)`);
}
