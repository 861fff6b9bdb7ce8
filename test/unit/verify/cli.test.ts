import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.join(__dirname, '..', '..', '..');

/** Runs `vstar …` from the TypeScript sources in a child process, as a user would run the CLI. */
function vstar(args: string[]) {
  const code = "require('./src/cli/main').run(process.argv.slice(1)).then((c) => { process.exitCode = c; })";
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', code, ...args], { encoding: 'utf8', cwd: root });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const good = [
  { id: 'a1', question: 'What activity?', answer: 'He rides a skateboard. Therefore, he is skateboarding.', labels: [{ type: 'class', value: 'skateboarding' }], extra: 1 },
  { id: 'a2', answer: 'Yes. It jumps from 0:12 to 0:31.', labels: [{ type: 'yes_no', value: true }, { type: 'temporal_range', value: [12, 31] }] },
  { id: 7, answer: 'The score is 60.', labels: [{ type: 'number', value: 82.5 }] },
];

function withDir(fn: (dir: string) => void): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vstar-'));
  try {
    fn(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('vstar verify writes one verdict per input line, in order, to stdout', () => {
  withDir((dir) => {
    const input = path.join(dir, 'answers.jsonl');
    fs.writeFileSync(input, good.map((g) => JSON.stringify(g)).join('\n') + '\n');
    const r = vstar(['verify', '--input', input]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines.map((l) => [l.id, l.pass]), [['a1', true], ['a2', true], [7, false]]);
    assert.equal(lines[1].checks.length, 2);
    for (const c of lines[1].checks) assert.deepEqual(Object.keys(c).sort(), ['extracted', 'pass', 'reason', 'score', 'span', 'threshold', 'type']);
  });
});

test('bad lines become located error lines and exit 1; good lines are still verified', () => {
  withDir((dir) => {
    const input = path.join(dir, 'answers.jsonl');
    const bad = Buffer.concat([
      Buffer.from(JSON.stringify(good[0]) + '\n'),
      Buffer.from('{not json\n'),
      Buffer.from(JSON.stringify({ id: 'b3', answer: 'x', labels: [{ type: 'bbox', value: [0.5, 0.2, 0.1, 0.6] }] }) + '\n'),
      Buffer.from(JSON.stringify({ id: 'b4', answer: 'x', labels: [{ type: 'class', value: 'x', minIOU: 1 }] }) + '\n'),
      Buffer.from('{"id":"b5","answer":"caf'), Buffer.from([0xff, 0xfe]), Buffer.from('","labels":[{"type":"yes_no","value":true}]}\n'),
      Buffer.from('\n'),
      Buffer.from(JSON.stringify(good[2])),
    ]);
    fs.writeFileSync(input, bad);
    const output = path.join(dir, 'out', 'verdicts.jsonl');
    const r = vstar(['verify', '--input', input, '--output', output]);
    assert.equal(r.code, 1);
    const lines = fs.readFileSync(output, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(lines.length, 6, 'blank lines are skipped, every other line answered');
    assert.equal(lines[0].pass, true);
    assert.deepEqual(lines[1], { id: null, error: lines[1].error });
    assert.match(lines[1].error, new RegExp(`^${input.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2: \\(line\\): invalid JSON`));
    assert.equal(lines[2].id, 'b3');
    assert.match(lines[2].error, /:3: labels\[0\]\.value: /);
    assert.match(lines[3].error, /:4: labels\[0\]: .*minIOU/);
    assert.match(lines[4].error, /:5: \(line\): not valid UTF-8/);
    assert.equal(lines[5].id, 7, 'a last line without a newline is read');
    assert.match(r.stderr, /:2: \(line\): invalid JSON/);
    assert.match(r.stdout, /6 records: 1 passed, 1 failed, 4 bad lines/);
    assert.deepEqual(fs.readdirSync(path.dirname(output)), ['verdicts.jsonl'], 'no temp file left behind');
  });
});

test('a missing input file is an error naming the file; nothing is written', () => {
  withDir((dir) => {
    const output = path.join(dir, 'out.jsonl');
    const r = vstar(['verify', '--input', path.join(dir, 'nope.jsonl'), '--output', output]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /nope\.jsonl: cannot read/);
    assert.equal(fs.existsSync(output), false);
  });
});

test('--input is required (usage error)', () => {
  const r = vstar(['verify']);
  assert.equal(r.code, 2);
});
