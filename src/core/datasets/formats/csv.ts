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
 * A header that names a column twice is one problem at line 1 and no row is kept: which
 * of the two cells a name means cannot be told, and taking either would be a guess.
 */
export function csvRows(text: string, file: string): CsvRows {
  const out: CsvRows = { header: [], rows: [], problems: [], read: 0 };
  // on_record rather than `info: true`: the info objects double the parse time of a big csv.
  // The context's `lines` is where the record ends; a quoted cell spanning lines keeps its
  // line breaks, so counting them gives the line where the record starts.
  const starts: number[] = [];
  let duplicated = false;
  const parsed = parse(text, {
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_record: (record: string[], ctx) => {
      let breaks = 0;
      for (const cell of record) if (cell.includes('\n')) breaks += cell.split('\n').length - 1;
      starts.push(ctx.lines - breaks);
      return record;
    },
    on_skip: (err) => {
      out.read++;
      out.problems.push({ file, line: typeof err?.lines === 'number' ? err.lines : undefined, message: `unreadable row: ${err?.message ?? 'parse error'}` });
      return undefined;
    },
  });
  parsed.forEach((record, i) => {
    const line = starts[i]!;
    if (i === 0) {
      out.header = record.map((h) => h.trim());
      const twice = duplicateHeaderProblem(out.header, file, line);
      if (twice) {
        duplicated = true;
        // The rows' own problems (cell counts, stray quotes) say nothing more: one problem.
        out.problems = [twice];
      }
      return;
    }
    out.read++;
    if (duplicated) return;
    if (record.length !== out.header.length) {
      out.problems.push({ file, line, message: `row has ${record.length} cells, the header has ${out.header.length}` });
      return;
    }
    const cells: Record<string, string> = {};
    out.header.forEach((h, j) => (cells[h] = record[j]!));
    out.rows.push({ line, cells });
  });
  if (parsed.length === 0) out.problems.push({ file, line: 1, message: 'no header row (the file is empty)' });
  return out;
}

/** The problem of a header naming a column more than once (all such names, with their positions), if any. */
function duplicateHeaderProblem(header: readonly string[], file: string, line: number): InputProblem | undefined {
  const at = new Map<string, number[]>();
  header.forEach((h, j) => at.set(h, [...(at.get(h) ?? []), j + 1]));
  const twice = [...at].filter(([, cols]) => cols.length > 1);
  if (twice.length === 0) return undefined;
  const names = twice.map(([h, cols]) => `"${h}" (columns ${cols.join(', ')})`).join(', ');
  return {
    file,
    line,
    message: `the header names ${twice.length === 1 ? 'a column' : 'columns'} more than once: ${names}; rename or remove one so each column has its own name (no row is imported)`,
  };
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
