import type { Command } from 'commander';
import { statSync } from 'node:fs';
import { openAtomicFile, type AtomicFile } from '../../core/util/atomic';
import { InputError } from '../../core/util/errors';
import { decodeLine, readRawLines } from '../../core/verify/jsonl';
import { loadSemanticMatcher, verifyLineSemantic } from '../../core/verify/semantic/verify';
import { outputFor } from '../output';
import { makeProgress } from '../progress';

function stdoutSink(): AtomicFile {
  return {
    write: (text) =>
      new Promise((resolve, reject) => {
        process.stdout.write(text, (err) => (err ? reject(err) : resolve()));
      }),
    commit: async () => {},
    abort: async () => {},
  };
}

/** vstar verify */
export function registerVerifyCommands(program: Command): void {
  program
    .command('verify')
    .description('Check model answers against their labels: JSONL of {id, question, answer, labels} in, one verdict per line out')
    .requiredOption('-i, --input <file>', 'JSONL input, one {id, question, answer, labels} per line')
    .option('-o, --output <file>', 'write verdicts to this file (atomically) instead of stdout')
    .option('--semantic-model <dir>', 'score text labels with this sentence-embedding model folder (model.onnx + vocab.json); off by default')
    .action(async (opts: { input: string; output?: string; semanticModel?: string }, cmd: Command) => {
      const out = outputFor(cmd);
      let size = 0;
      try {
        size = statSync(opts.input).size;
      } catch (err) {
        throw new InputError({ file: opts.input, message: `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` });
      }
      // Loaded before the output is opened, so a bad model folder leaves nothing behind.
      const matcher = opts.semanticModel ? await loadSemanticMatcher(opts.semanticModel) : undefined;
      const sink = opts.output ? await openAtomicFile(opts.output) : stdoutSink();
      // Progress only for big files written to a file (stdout carries the verdicts).
      const progress = makeProgress('verify (bytes)', { json: out.json || !opts.output || size < 4 << 20 });
      const counts = { records: 0, passed: 0, failed: 0, errors: 0 };
      let read = 0;
      let buffer = '';
      try {
        for await (const { line, bytes } of readRawLines(opts.input, (n) => (read += n))) {
          const text = decodeLine(bytes);
          if (text !== null && text.trim() === '') continue;
          const { out: verdict, problem } =
            text === null
              ? (() => {
                  const p = { file: opts.input, line, field: '(line)', message: 'not valid UTF-8' };
                  return { out: { id: null, error: `${p.file}:${p.line}: ${p.field}: ${p.message}` }, problem: p };
                })()
              : await verifyLineSemantic(text, opts.input, line, matcher);
          counts.records++;
          if (problem) {
            counts.errors++;
            out.problem(problem);
          } else if ('pass' in verdict && verdict.pass) counts.passed++;
          else counts.failed++;
          buffer += JSON.stringify(verdict) + '\n';
          if (buffer.length >= 1 << 16) {
            await sink.write(buffer);
            buffer = '';
            progress.update(read, size);
          }
        }
        if (buffer) await sink.write(buffer);
        await sink.commit();
      } catch (err) {
        await sink.abort();
        throw err;
      }
      progress.update(read, size);
      progress.done(`${counts.records} records`);
      if (counts.errors) process.exitCode = 1;
      const summary = `verified ${counts.records} records: ${counts.passed} passed, ${counts.failed} failed, ${counts.errors} bad lines`;
      if (opts.output) {
        out.info(`${summary} → ${opts.output}`);
        out.result({ input: opts.input, output: opts.output, ...counts });
      } else {
        process.stderr.write(summary + '\n');
      }
    });
}
