// Adds a `datasets.<name>` entry to the text of a vstar.yaml. The `yaml` package's
// Document API finds where the `datasets` mapping ends (node ranges) and writes the entry
// (yaml.stringify, so names and paths are quoted as YAML needs); the new lines are then
// inserted there, leaving every other byte of the file — comments, alignment, flow
// mappings — exactly as the user wrote it (a Document re-serialisation would re-indent
// comments and re-flow long mappings). The result is parsed back and checked; when the
// layout is unusual (a non-empty flow mapping) the Document API writes the whole file.
// Pure text in, text out, for Node tests.
import { isMap, isScalar, parseDocument, stringify, type Node, type Pair } from 'yaml';

export interface DatasetEntryInput {
  format: string;
  /** Relative to vstar.yaml (POSIX separators). */
  annotations: string;
  root?: string;
  split?: string;
}

function entryObject(entry: DatasetEntryInput): Record<string, string> {
  const value: Record<string, string> = { format: entry.format, annotations: entry.annotations };
  if (entry.root !== undefined) value.root = entry.root;
  if (entry.split !== undefined) value.split = entry.split;
  return value;
}

function block(name: string, value: Record<string, string>, indent: string): string {
  return stringify({ [name]: value }, { indent: 2 }).split('\n').filter((l) => l !== '').map((l) => indent + l).join('\n') + '\n';
}

/** Offset just past the line that holds offset `at - 1` (the end of a node's last line). */
function endOfLine(text: string, at: number): number {
  let i = at;
  while (i > 0 && /\s/.test(text[i - 1]!)) i--;
  const nl = text.indexOf('\n', i);
  return nl === -1 ? text.length : nl + 1;
}

function insertText(text: string, name: string, value: Record<string, string>): string | undefined {
  const doc = parseDocument(text);
  const contents = doc.contents;
  if (contents === null) return `${text}${text && !text.endsWith('\n') ? '\n' : ''}datasets:\n${block(name, value, '  ')}`;
  if (!isMap(contents)) throw new Error('vstar.yaml is not a mapping of keys');
  const pair = contents.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === 'datasets') as Pair<Node, Node | null> | undefined;
  if (!pair) {
    // no `datasets:` yet: a new top-level section at the end
    const sep = text === '' || text.endsWith('\n') ? '' : '\n';
    return `${text}${sep}\ndatasets:\n${block(name, value, '  ')}`;
  }
  const v = pair.value;
  const keyEnd = pair.key.range?.[1];
  if (v === null || (isScalar(v) && v.value === null) || (isMap(v) && v.flow && v.items.length === 0)) {
    // `datasets:` with no value, or `datasets: {}`: the value becomes a block under the key
    if (keyEnd === undefined) return undefined;
    const colon = text.indexOf(':', keyEnd);
    if (colon === -1) return undefined;
    const from = colon + 1;
    const to = isMap(v) && v.range ? v.range[1] : from;
    const rest = text.slice(to);
    return `${text.slice(0, from)}\n${block(name, value, '  ').replace(/\n$/, '')}${rest.startsWith('\n') || rest === '' ? '' : '\n'}${rest}`;
  }
  if (!isMap(v) || v.flow) return undefined;
  if (v.has(name)) throw new Error(`vstar.yaml already has a dataset named "${name}"`);
  const first = v.items[0]?.key as Node | undefined;
  const last = v.items.at(-1);
  const lastEnd = (last?.value as Node | null | undefined)?.range?.[1] ?? (last?.key as Node | undefined)?.range?.[1];
  if (!first?.range || lastEnd === undefined) return undefined;
  const lineStart = text.lastIndexOf('\n', first.range[0] - 1) + 1;
  const indent = text.slice(lineStart, first.range[0]);
  if (!/^[ ]*$/.test(indent)) return undefined;
  const at = endOfLine(text, lastEnd);
  const before = text.slice(0, at);
  return `${before}${before.endsWith('\n') ? '' : '\n'}${block(name, value, indent)}${text.slice(at)}`;
}

export function addDatasetEntry(text: string, name: string, entry: DatasetEntryInput): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new Error(`vstar.yaml does not parse (${doc.errors[0]!.message.split('\n')[0]}); fix it first`);
  const existing = doc.getIn(['datasets', name]);
  if (existing !== undefined) throw new Error(`vstar.yaml already has a dataset named "${name}"`);
  const value = entryObject(entry);
  const inserted = insertText(text, name, value);
  if (inserted !== undefined) {
    const back = parseDocument(inserted);
    const got = back.errors.length === 0 ? (back.toJS() as { datasets?: Record<string, unknown> } | null)?.datasets?.[name] : undefined;
    if (JSON.stringify(got) === JSON.stringify(value)) return inserted;
  }
  // Unusual layout: let the Document API place it (comments are kept, formatting may move).
  doc.setIn(['datasets', name], doc.createNode(value));
  return doc.toString({ flowCollectionPadding: false });
}
