import type { FormatReader } from '../options';
import { typeName } from '../jsonSource';
import { jsonListEntries } from './jsonList';

export const SSV2_PATTERN = '{id}.webm';

/**
 * Something-Something v2 (`something-something-v2-{train,validation}.json`): a JSON list of
 * `{id, label, template, placeholders}`, e.g. template "Putting [something] on [something]",
 * label "putting a cup on a plate", placeholders ["a cup", "a plate"]. Video `<id>.webm`
 * (`clipPattern` to change). Labels: `template` (class: the action class, with its
 * [something] slots as in the file), `label` (text: the filled-in caption), `placeholders`
 * (sequence: the objects in slot order). Split: `split` option, else from the file name.
 * The public test list has ids only; such entries are rejected (no label).
 */
export const readSsv2: FormatReader = (opts, text) => {
  const file = opts.annotations;
  const { out, split, entries } = jsonListEntries(opts, text, {
    types: { template: 'class', label: 'text', placeholders: 'sequence' },
    pattern: SSV2_PATTERN,
    list: 'a JSON list of {id, label, template, placeholders}',
    item: 'an object {id, label, template, placeholders}',
  });
  for (const { line, value: e, video } of entries) {
    if (e.placeholders !== undefined && !Array.isArray(e.placeholders)) {
      out.problems.push({ file, line, field: 'placeholders', message: `expected a list of strings, got ${typeName(e.placeholders)}` });
      continue;
    }
    if (typeof e.template === 'string' && Array.isArray(e.placeholders)) {
      const slots = e.template.match(/\[something\]/gi)?.length ?? 0;
      if (slots !== e.placeholders.length) {
        out.problems.push({ file, line, field: 'placeholders', message: `${e.placeholders.length} placeholder(s) for ${slots} [something] slot(s) in the template` });
        continue;
      }
    }
    out.candidates.push({
      line,
      id: e.id,
      video,
      split,
      labels: { template: e.template, label: e.label, placeholders: e.placeholders },
      sources: { 'labels.template': 'template', 'labels.label': 'label', 'labels.placeholders': 'placeholders' },
    });
  }
  return out;
};
