import { semanticFindings } from './checks';
import { memoEnv, type ProjectEnv } from './project';
import { schemaFindings, type Finding } from './schemaCheck';
import type { LspDiagnostic } from './types';
import { parseConfigDoc, type ConfigDoc } from './yamlDoc';

/**
 * All diagnostics of a vstar.yaml: YAML syntax first (alone: a broken document would
 * only produce confusing schema noise), else the schema's issues plus the semantic checks,
 * each with the exact range of the offending key, value or placeholder.
 */
export function configDiagnostics(cd: ConfigDoc, env: ProjectEnv): LspDiagnostic[] {
  let findings: Finding[];
  if (cd.syntaxErrors.length > 0) {
    findings = cd.syntaxErrors.map((e) => ({ start: e.start, end: e.end, message: `YAML syntax: ${e.message}`, severity: 'error', code: 'yaml' }));
  } else {
    findings = [...schemaFindings(cd).findings, ...semanticFindings(cd, memoEnv(env))];
  }
  const seen = new Set<string>();
  const out: LspDiagnostic[] = [];
  for (const f of findings.sort((a, b) => a.start - b.start || a.end - b.end)) {
    const key = `${f.start}:${f.end}:${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ range: cd.lines.range(f.start, f.end), severity: f.severity, message: f.message, code: f.code });
  }
  return out;
}

/** Parses and checks a text in one go (the server keeps the parse for other requests). */
export function diagnoseConfigText(text: string, env: ProjectEnv): LspDiagnostic[] {
  return configDiagnostics(parseConfigDoc(text), env);
}
