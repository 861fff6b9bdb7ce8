import { parse } from 'csv-parse/sync';
import type { InputProblem } from '../../util/errors';
import type { FormatReader, SourceRead } from '../options';
import { fromMapped, missingColumns } from './mapping';

export interface CsvRow {
  /** 1-based line where the row starts. */
  line: number;
  cells: Record<string, string>;
}

export interface CsvRows {
  header: string[];
  rows: CsvRow[];
  problems: InputProblem[];
  read: number;
}

/**
 * Parses a csv file with a header row. A row with the wrong number of cells, or one
 * csv-parse cannot read (a stray quote), is a problem at its line; the other rows are kept.
 */
export function csvRows(text: string, file: string): CsvRows {
  const out: CsvRows = { header: [], rows: [], problems: [], read: 0 };
  const parsed = parse(text, {
    bom: true,
    info: true,
    raw: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (err) => {
      out.read++;
      out.problems.push({ file, line: typeof err?.lines === 'number' ? err.lines : undefined, message: `unreadable row: ${err?.message ?? 'parse error'}` });
      return undefined;
    },
  }) as unknown as { record: string[]; info: { lines: number }; raw: string }[];
  parsed.forEach((p, i) => {
    // info.lines is the line where the record ends; a quoted cell may span several lines.
    const line = p.info.lines - (p.raw.replace(/\r?\n$/, '').match(/\n/g)?.length ?? 0);
    if (i === 0) {
      out.header = p.record.map((h) => h.trim());
      return;
    }
    out.read++;
    if (p.record.length !== out.header.length) {
      out.problems.push({ file, line, message: `row has ${p.record.length} cells, the header has ${out.header.length}` });
      return;
    }
    const cells: Record<string, string> = {};
    out.header.forEach((h, j) => (cells[h] = p.record[j]!));
    out.rows.push({ line, cells });
  });
  if (parsed.length === 0) out.problems.push({ file, line: 1, message: 'no header row (the file is empty)' });
  return out;
}

/**
 * Generic CSV with a header row; columns map onto the record through `columns` (default
 * `id`, `video`, `start`, `end`, `split`, every other column a label). Cells are strings,
 * typed per the label schema: see values.ts for how numbers, yes/no, ranges (`12.0-31.0`),
 * boxes and sequences (`a;b;c`) are written. An empty cell means "no value".
 */
export const readCsv: FormatReader = (opts, text) => {
  const file = opts.annotations;
  const rows = csvRows(text, file);
  const out: SourceRead = { candidates: [], problems: rows.problems, read: rows.read };
  const missing = missingColumns(rows.header, opts.columns);
  if (rows.header.length > 0 && missing.length > 0) {
    out.problems.push({
      file,
      line: 1,
      message: `missing column(s) ${missing.map((m) => `"${m}"`).join(', ')} (header: ${rows.header.join(', ')}); map them with columns`,
    });
    return out;
  }
  for (const r of rows.rows) out.candidates.push(fromMapped(r.line, rows.header, (k) => r.cells[k], opts.columns));
  return out;
};
