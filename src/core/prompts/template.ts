/**
 * Prompt templates: text with `{name}` placeholders (dotted names such as
 * `{label.direction}` or `{sample.id}`); `{{` and `}}` stand for literal braces.
 * The scanner reports offsets so the language server can underline a bad placeholder
 * in vstar.yaml, and rendering refuses unknown names instead of printing them raw.
 */

/** One `{name}` in a template. Offsets are UTF-16 indices into the template string. */
export interface TemplatePlaceholder {
  /** The name between the braces, e.g. `label.direction`. */
  name: string;
  /** Offset of the opening `{`. */
  start: number;
  /** Offset just past the closing `}`. */
  end: number;
}

/** A syntax problem in a template (unclosed brace, empty or malformed name). */
export interface TemplateSyntaxIssue {
  message: string;
  start: number;
  end: number;
}

export interface TemplateScan {
  placeholders: TemplatePlaceholder[];
  issues: TemplateSyntaxIssue[];
}

/** What a placeholder name must look like: identifiers joined by dots. */
const NAME = /^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*)*$/;

/** Scans a template once, collecting placeholders and syntax issues. */
export function scanTemplate(template: string): TemplateScan {
  const placeholders: TemplatePlaceholder[] = [];
  const issues: TemplateSyntaxIssue[] = [];
  let i = 0;
  while (i < template.length) {
    const ch = template[i];
    if (ch === '{') {
      if (template[i + 1] === '{') {
        i += 2;
        continue;
      }
      const close = template.indexOf('}', i + 1);
      const nextOpen = template.indexOf('{', i + 1);
      if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
        issues.push({ message: 'unclosed "{" (write "{{" for a literal brace)', start: i, end: i + 1 });
        i += 1;
        continue;
      }
      const name = template.slice(i + 1, close).trim();
      if (name === '') issues.push({ message: 'empty placeholder "{}"', start: i, end: close + 1 });
      else if (!NAME.test(name)) issues.push({ message: `malformed placeholder name "${name}"`, start: i, end: close + 1 });
      else placeholders.push({ name, start: i, end: close + 1 });
      i = close + 1;
    } else if (ch === '}') {
      if (template[i + 1] === '}') {
        i += 2;
        continue;
      }
      issues.push({ message: 'unmatched "}" (write "}}" for a literal brace)', start: i, end: i + 1 });
      i += 1;
    } else {
      i += 1;
    }
  }
  return { placeholders, issues };
}

/** The placeholders of a template with their offsets (malformed ones are left out). */
export function templatePlaceholders(template: string): TemplatePlaceholder[] {
  return scanTemplate(template).placeholders;
}

/** A template that cannot be rendered: a syntax issue or a name with no value. */
export class TemplateError extends Error {
  constructor(
    message: string,
    readonly template: string,
    /** Offset of the offending text in the template. */
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
    this.name = 'TemplateError';
  }
}

/**
 * Fills a template from `vars` (keys are full dotted names, e.g. `label.direction`).
 * Throws {@link TemplateError} naming the first bad placeholder, its offset and the
 * names that are available.
 */
export function renderTemplate(template: string, vars: Readonly<Record<string, string>>): string {
  const { placeholders, issues } = scanTemplate(template);
  const first = issues[0];
  if (first) {
    throw new TemplateError(`template "${template}": ${first.message} at offset ${first.start}`, template, first.start, first.end);
  }
  let out = '';
  let last = 0;
  for (const p of placeholders) {
    const value = Object.prototype.hasOwnProperty.call(vars, p.name) ? vars[p.name] : undefined;
    if (value === undefined) {
      const known = Object.keys(vars).sort().map((k) => `{${k}}`).join(', ');
      throw new TemplateError(
        `template "${template}": unknown placeholder {${p.name}} at offset ${p.start}; known: ${known || '(none)'}`,
        template,
        p.start,
        p.end,
      );
    }
    out += unescapeBraces(template.slice(last, p.start)) + value;
    last = p.end;
  }
  return out + unescapeBraces(template.slice(last));
}

function unescapeBraces(text: string): string {
  return text.replace(/\{\{/g, '{').replace(/\}\}/g, '}');
}
