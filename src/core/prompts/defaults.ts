import type { LabelType } from '../datasets/labels';

/**
 * Built-in question paraphrases per label type. `generic` fits fields whose name
 * says nothing (action, label, score…); `field` names the field via `{field}`.
 * Several paraphrases per type so the finetuned model does not overfit one wording.
 * A task's own `questions` list in vstar.yaml replaces these entirely.
 */
export interface QuestionSet {
  generic: readonly string[];
  field: readonly string[];
}

export const DEFAULT_QUESTIONS: Readonly<Record<LabelType, QuestionSet>> = {
  class: {
    generic: [
      'What activity is shown in the video?',
      'Which action is being performed in the video?',
      'What is the person doing in this video?',
      'Which activity best describes this clip?',
    ],
    field: [
      'What is the {field} in the video?',
      'Which {field} does the video show?',
      'What {field} can be seen in this clip?',
    ],
  },
  number: {
    generic: [
      'What score would the judges give this performance?',
      'How would the judges score the performance in the video?',
      'What score does the performance in this clip deserve?',
    ],
    field: [
      'What is the {field} in the video?',
      'Estimate the {field} shown in the video.',
      'What {field} would you assign to this clip?',
    ],
  },
  temporal_range: {
    generic: [
      'When does the action happen in the video?',
      'During which time span does the action take place?',
      'At what time does the action start and end in the video?',
    ],
    field: [
      'When does the {field} happen in the video?',
      'Between which times does the {field} take place?',
      'At what time does the {field} start and end?',
    ],
  },
  bbox: {
    generic: [
      'Where is the main object at the end of the video?',
      'Where is the main subject in the last frame of the video?',
      'Give the bounding box of the main object at the end of the clip.',
    ],
    field: [
      'Where is the {field} at the end of the video?',
      'What is the bounding box of the {field} in the last frame?',
      'Where can the {field} be found at the end of the clip?',
    ],
  },
  sequence: {
    generic: [
      'In what order do the events happen in the video?',
      'What steps are performed in the video, in order?',
      'List the actions in the video in the order they happen.',
    ],
    field: [
      'In what order do the {field} happen in the video?',
      'What are the {field} in the video, in order?',
      'List the {field} of the video in the order they happen.',
    ],
  },
  yes_no: {
    // Yes/no questions need the task's own wording ("Does the person turn left?");
    // these fallbacks only name the field.
    generic: ['Does the video show the described event?', 'Is the described event visible in the video?'],
    field: ['Does the video show {field}?', 'Is {field} visible in the video?', 'Does {field} happen in this clip?'],
  },
  text: {
    generic: ['Describe what happens in the video.', 'What happens in this clip?'],
    field: ['Describe the {field} in the video.', 'What is the {field} of this clip?'],
  },
};

/** Field names that carry no meaning of their own: ask with the generic wording. */
const GENERIC_FIELDS: Readonly<Record<LabelType, readonly string[]>> = {
  class: ['action', 'activity', 'class', 'label', 'category', 'verb', 'action_class', 'action_label'],
  number: ['score', 'judge_score', 'judges_score', 'dive_score', 'aqa_score', 'quality', 'value'],
  temporal_range: ['segment', 'span', 'range', 'time', 'timestamps', 'temporal_range', 'window', 'when'],
  bbox: ['bbox', 'box', 'object', 'location', 'position', 'target'],
  sequence: ['steps', 'sequence', 'events', 'actions', 'order'],
  yes_no: ['answer', 'yes_no', 'label'],
  text: ['text', 'caption', 'description'],
};

/** The default templates for a field: generic wording when the field's name is generic. */
export function defaultQuestions(type: LabelType, field: string): readonly string[] {
  const set = DEFAULT_QUESTIONS[type];
  return GENERIC_FIELDS[type].includes(field.toLowerCase()) ? set.generic : set.field;
}

/** A field name as words: `dive_score` → "dive score", `startTime` → "start time". */
export function humanizeField(field: string): string {
  return field
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_\-.]+/g, ' ')
    .trim()
    .toLowerCase();
}
