import { explainIssue } from '../config/messages';
import { formatPath } from '../config/references';
import { VstarConfig } from '../config/schema';
import type { ConfigDoc, PathKey } from './yamlDoc';
import { rangeForPath } from './yamlDoc';

/** A problem found in the document, by source offsets; turned into LSP ranges at the end. */
export interface Finding {
  start: number;
  end: number;
  message: string;
  severity: 'error' | 'warning' | 'information';
  code: string;
}

export function at(
  cd: ConfigDoc,
  path: readonly PathKey[],
  message: string,
  code: string,
  severity: Finding['severity'] = 'error',
  prefer: 'value' | 'key' = 'value',
): Finding {
  const [start, end] = rangeForPath(cd, path, prefer);
  const field = formatPath(path);
  return { start, end, message: field ? `${field}: ${message}` : message, severity, code };
}

/**
 * The zod schema's verdict, in the core's user-facing wording (config/messages.ts), each
 * issue underlined where it is: the bad value, the unknown key, or the key of the entry
 * that misses a field. Returns the parsed config when it passes.
 */
export function schemaFindings(cd: ConfigDoc): { findings: Finding[]; config?: VstarConfig } {
  const value = cd.value;
  if (value === null || value === undefined) {
    const end = cd.lines.lineEnd(0);
    return { findings: [{ start: 0, end, message: 'the file is empty; it needs at least `version: 1` (run `vstar init` for a starter)', severity: 'error', code: 'schema' }] };
  }
  const result = VstarConfig.safeParse(value);
  if (result.success) return { findings: [], config: result.data };
  // The message starts with the full field path: a missing field is underlined at its
  // parent's key, and the Problems panel shows no squiggle at all. An unknown key is
  // underlined at the key, not at its value.
  const findings = result.error.issues.flatMap((issue) =>
    explainIssue(issue, value).map((i) => at(cd, i.path, i.message, 'schema', 'error', issue.code === 'unrecognized_keys' ? 'key' : 'value')),
  );
  return { findings };
}
