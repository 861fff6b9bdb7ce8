// Renders docs/reliability.md from the figures the reliability suite wrote under
// test-results/reliability/ (one JSON per test file; load.json from the 1M bench).
//   node scripts/run-tests.mjs test/reliability      # the suite (writes the figures)
//   node --import tsx bench/reliability-load.bench.ts # the 1M load run (optional)
//   node --import tsx scripts/reliability-report.ts   # this: writes docs/reliability.md
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const repo = resolve(__dirname, '..');
const dir = join(repo, 'test-results', 'reliability');
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const fig: Record<string, Json> = {};
if (existsSync(dir)) for (const f of readdirSync(dir)) if (f.endsWith('.json')) fig[f.slice(0, -5)] = JSON.parse(readFileSync(join(dir, f), 'utf8')) as Json;
const need = ['crash', 'faults-chat', 'faults-jobs', 'bad-inputs', 'security', 'load-100k'];
const missing = need.filter((k) => !fig[k]);
if (missing.length) {
  console.error(`no figures for ${missing.join(', ')} in ${dir}: run \`node scripts/run-tests.mjs test/reliability\` first`);
  process.exit(1);
}
const crash = fig.crash!;
const chat = fig['faults-chat']!;
const jobs = fig['faults-jobs']!;
const bad = fig['bad-inputs']!;
const sec = fig.security!;
const small = fig['load-100k']!;
const big = fig.load;
const panel = fig['panel-load']; // from the e2e tier (test/e2e/review-load.test.ts)

const n = (x: unknown): string => (typeof x === 'number' ? x.toLocaleString('en-US') : String(x));
const row = (cells: unknown[]): string => `| ${cells.map(n).join(' | ')} |`;
const phases = crash.phases as Record<string, Json>;
const lost = Number(crash.lost) + Number(chat.samplesLost);
const seconds = need.reduce((a, k) => a + Number(fig[k]!.seconds ?? 0), 0);

const loadRows = [small, big].filter(Boolean).map((l) =>
  row([
    `${n(l!.samples)} samples`,
    `${(l!.verify.ms / 1000).toFixed(1)} s, ${l!.verify.peakRssMb} MB ${l!.verify.ok ? '✔' : '✘ over'}`,
    `${(l!.export.ms / 1000).toFixed(1)} s${l!.baseline ? ` (${(l!.export.ms / l!.baseline.ms).toFixed(1)}× the baseline)` : ''}, ${l!.export.peakRssMb} MB ${l!.export.ok ? '✔' : '✘ over'}`,
    `${n(l!.review.decisions)} decisions: open ${l!.review.openMs} ms, decide ${l!.review.decideMs} ms`,
  ]),
);

const doc = `# Reliability and security

Figures from the reliability suite (\`test/reliability/\`, part of \`bash scripts/test.sh\` through
\`node scripts/run-tests.mjs test\`), rendered by \`node --import tsx scripts/reliability-report.ts\`
from the JSON each test file writes under \`test-results/reliability/\`. Generated ${new Date(String(crash.at)).toISOString().slice(0, 10)};
the suite's test files ran ${seconds} s together on a shared 2-core machine (timings are noisy).

## Summary

| promise | figure |
|---|---|
${row(['crashes survived (SIGKILL of the CLI, then resume)', `${crash.kills} (of ${Object.keys(phases).length * 10} kill points; a run that ended before its point is not counted), ${crash.landedMidRun} of them leaving partial work on disk`])}
${row(['acknowledged records / decisions checked after a kill', crash.acknowledged])}
${row(['faults injected into generation and absorbed', `${chat.faultsInjected} injected, ${chat.faultsAbsorbed} absorbed by one retry each`])}
${row(['SSH drops / Slurm controller restarts under a running job', `${jobs.sshDropsAbsorbed} of ${jobs.sshDrops} / ${jobs.controllerRestartsAbsorbed} of ${jobs.controllerRestarts} absorbed`])}
${row(['bad inputs tried (corpus + made at test time)', `${bad.badInputs}, plus ${bad.fuzzRuns} fuzzed inputs`])}
${row(['hostile values through sh / job scripts / paths', `${sec.shellProperties} argv, ${sec.jobScriptsRun} scripts, ${sec.pathEscapesTried} path escapes refused`])}
${row(['token found in files a workflow wrote', `${sec.tokenHits} (${sec.filesScanned} files, ${n(sec.bytesScanned)} bytes scanned)`])}
${row(['token found in files a job submit wrote (--secret-env; local, SSH, Slurm)', sec.secretJobs ? `${sec.secretHits} (${Object.values(sec.secretJobs as Record<string, number>).reduce((a, b) => a + b, 0)} jobs that received it, ${sec.secretFilesScanned} files, ${n(sec.secretBytesScanned)} bytes scanned)` : 'not run'])}
${row(['**records lost**', `**${lost}** (duplicated: ${crash.duplicated})`])}

## Crash safety

The real \`vstar\` CLI is killed with SIGKILL at seeded, spread points (seed ${crash.seed}), then the
same command is run again. Checked after every kill: each file is the old or the new one
whole (atomic writes), every line of an append-only log is a whole record, every record or
decision on disk or acknowledged by the CLI is there exactly once after the resume, no temp
file is left, and the result is byte-equal to an uninterrupted run's.

| phase | kills | kills that left partial work | torn tails repaired | acknowledged | lost | duplicated | uninterrupted run |
|---|---|---|---|---|---|---|---|
${Object.entries(phases)
  .map(([k, p]) => row([k, p.kills, p.landedMidRun, p.tornTails, p.acknowledged, p.lost, p.duplicated, `${p.referenceMs} ms`]))
  .join('\n')}

Kill points: generation after a spread number of attempts reached the disk, verify once the
temp output held a spread fraction of the result, review import after a spread number of
acknowledged batches; import and export at spread times of the uninterrupted run.

## Fault injection

Generation against the OpenAI-compatible test server answering ${chat.requests} requests, 30% of them
(seeded) with a fault, never more than ${chat.retryBound} in a row per request (the client's \`--retries\`):

| fault | 429 + Retry-After | 500 | 503 | stall past the timeout | dropped connection | malformed JSON |
|---|---|---|---|---|---|---|
${row(['injected', chat.byKind['429'], chat.byKind['500'], chat.byKind['503'], chat.byKind.stall, chat.byKind.drop, chat.byKind.malformed])}

Every sample completed; the retries equal the faults; the yield (per type and class) and the
metadata export equal a fault-free run's. Jobs: the SSH connection was dropped (its sshd
process killed) ${jobs.sshDrops} times under a running job and the runner reconnected; the Slurm
controller was restarted under a running job (${jobs.statusCallsDuringOutage} status calls while it was down,
none terminal) and the job completed with its output.

## Bad inputs

${bad.badInputs} malformed inputs (\`test/fixtures/bad/\` and made at test time: broken UTF-8, 10 MB
lines, NUL bytes, 50k-deep nesting, missing / zero-length / truncated / audio-only / non-video
clips) and ${bad.fuzzRuns} fast-check inputs to the importers, the config loader and the verifiers:

| kind | tried |
|---|---|
${Object.entries(bad.byKind as Record<string, number>)
  .map(([k, v]) => row([k, v]))
  .join('\n')}

Each gives a problem naming its file (and line), no crash, no hang (the verifier fuzz runs in
a worker thread that is stopped after 60 s), and nothing half-written.

## Load

| run | verify (time, peak RSS) | export --cycle (time, peak RSS) | review log |
|---|---|---|---|
${loadRows.join('\n')}

Bound: ${small.boundMb} MB peak RSS per CLI process (the store benchmark's). The 100k row is a test;
the 1M row comes from \`node --import tsx bench/reliability-load.bench.ts\` when it has been run.
The baseline, measured in the same run, is a fresh process that only reads attempts.jsonl
line by line with JSON.parse. The export streams: one attempt per sample is chosen over the
cycle's compact indexes, the dataset is scanned once for where each record sits, and each
record is read back, checked as its trainer will read it and written through a temp file
(src/core/export/fromCycle.ts). The review keeps a dataset the same way (ids and offsets,
one positioned read per record shown); \`bench/review-samples.bench.ts\` measures it at 1M.
${
  panel
    ? `
The review **panel** itself (e2e, \`test/e2e/review-load.test.ts\`: the packaged extension in
code-server and headless Chromium, ${n(panel.attempts)} attempts and ${n(panel.decisionsInLog)} decisions in the log):

| step | time |
|---|---|
${row(['command → first page of rows / counts shown', `${panel.open.rowsMs} ms / ${panel.open.countsMs} ms`])}
${row(['command → first attempt shown (rationale and clip)', `${panel.open.firstAttemptMs} ms`])}
${row([`keyboard decision → row shows it (median / max of ${panel.decisions.count})`, `${panel.decisions.rowMedianMs} / ${panel.decisions.rowMaxMs} ms`])}
${row(['keyboard decision → counts updated (median / max)', `${panel.decisions.countsMedianMs} / ${panel.decisions.countsMaxMs} ms`])}
${row(['scroll to the end of the list', `${panel.endOfListMs} ms`])}
${row(['"failed" filter over all attempts', `${panel.failedFilterMs} ms`])}

Each decision is the last line of \`reviews.jsonl\` by the time its row shows it; only the rows
in view are drawn; no CSP violation was reported.
`
    : ''
}
## Found by the suite, and fixed

- \`vstar export --cycle\` of 1,000,000 samples peaked at 2,680 MB: it kept every chosen attempt and built each trainer file as one string. It now streams (above).
- A CSV whose header names a column twice silently took the last one: now one problem at the header line, and the file is refused (kinetics too).
- A JSONL line with \`"labels": "<text>"\` was read as a flat label named \`labels\`: now a problem at its line, field \`labels\`; the good records are kept.
- \`vstar job submit --env NAME=VALUE\` wrote VALUE into \`job.sh\` and the job record: secrets now go by name (\`--secret-env NAME\`, the value passed to the job's environment only), and \`--env\` refuses names that look like secrets. Slurm itself keeps a batch job's environment in slurmctld's state folder (mode 0600, until the job is purged), as it does for any variable sbatch passes on.
- The review log was re-read whole after every decision (~300 ms at 100k): it is now read incrementally.
- A stored clip path with a line break (\`"a\\n/../../../etc/passwd"\`) slipped past the plain-path shortcut of the clip-path check (its regex \`.\` stops at line breaks) and resolved outside the dataset root: the shortcut is now a character loop, checked against the general resolution by a property test.
- A label field named \`constructor\` or \`toString\` found \`Object.prototype\`'s member as its schema and made the dataset scan throw, losing every record: now a problem at its line only.
- Earlier: SSH reconnect, a verifier hang on a wordless label, export order now follows the dataset, killed writers' temp files are swept, UTF-8 import rejects, an empty annotation file is reported.

The untrusted-workspace and webview-CSP checks are in the e2e tier (\`test/e2e/trust.test.ts\`, \`review.test.ts\`, \`review-load.test.ts\`).
`;
writeFileSync(join(repo, 'docs', 'reliability.md'), doc);
console.log(`wrote docs/reliability.md (records lost: ${lost})`);
