import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ExecResult, Host } from '../../../src/core/jobs/host';
import { sbatchArgv } from '../../../src/core/jobs/sbatch';
import { parseJobSpec } from '../../../src/core/jobs/spec';
import { SlurmPoller } from '../../../src/core/jobs/slurm-poller';
import { mapSlurmState, parseSacct, parseSbatchId, parseScontrol, parseSqueue, splitJobId } from '../../../src/core/jobs/slurm-state';

test('slurm states map to ours; odd words stay visible', () => {
  assert.equal(mapSlurmState('PENDING'), 'pending');
  assert.equal(mapSlurmState('COMPLETING'), 'running');
  assert.equal(mapSlurmState('CANCELLED by 0'), 'cancelled');
  assert.equal(mapSlurmState('OUT_OF_MEMORY'), 'failed');
  assert.equal(mapSlurmState('TIMEOUT'), 'failed');
  assert.equal(mapSlurmState('WEIRD'), 'unknown');
});

test('job ids: plain, array task, pending array ranges', () => {
  assert.deepEqual(splitJobId('12'), { jobId: '12' });
  assert.deepEqual(splitJobId('12_3'), { jobId: '12', tasks: [3] });
  assert.deepEqual(splitJobId('12_[0-2,5%2]'), { jobId: '12', tasks: [0, 1, 2, 5] });
  assert.equal(parseSbatchId('42\n'), '42');
  assert.equal(parseSbatchId('42;cluster\n'), '42');
  assert.throws(() => parseSbatchId('sbatch: error: nope'), /could not read a job id/);
});

test('sacct, squeue and scontrol outputs become rows', () => {
  assert.deepEqual(parseSacct('7|COMPLETED|0:0\n8_0|FAILED|3:0\n8_[1-2]|PENDING|0:0\n9|CANCELLED by 0|0:15\n'), [
    { jobId: '7', raw: 'COMPLETED', state: 'completed', exitCode: 0 },
    { jobId: '8', task: 0, raw: 'FAILED', state: 'failed', exitCode: 3 },
    { jobId: '8', task: 1, raw: 'PENDING', state: 'pending', exitCode: 0 },
    { jobId: '8', task: 2, raw: 'PENDING', state: 'pending', exitCode: 0 },
    { jobId: '9', raw: 'CANCELLED', state: 'cancelled', exitCode: 143 },
  ]);
  assert.deepEqual(parseSqueue('5_1|RUNNING\n'), [{ jobId: '5', task: 1, raw: 'RUNNING', state: 'running' }]);
  const sc = 'JobId=11 ArrayJobId=10 ArrayTaskId=1 JobName=x JobState=TIMEOUT Reason=TimeLimit ExitCode=0:1\nJobId=12 JobName=y JobState=COMPLETED ExitCode=2:0';
  assert.deepEqual(parseScontrol(sc), [
    { jobId: '10', task: 1, raw: 'TIMEOUT', state: 'failed', exitCode: 129 },
    { jobId: '12', raw: 'COMPLETED', state: 'completed', exitCode: 2 },
  ]);
});

test('sbatch argv carries every resource as one argv word each, hostile names untouched', () => {
  const spec = parseJobSpec({
    name: "x' $(y)\nz",
    kind: 'generate',
    command: ['python', 'gen.py'],
    resources: { gpus: 2, cpus: 4, mem: '16G', time: '1:00:00', partition: 'gpu', account: 'lab', array: { count: 8, parallel: 3 } },
  });
  assert.deepEqual(sbatchArgv(spec, '/r/job 1'), [
    'sbatch', '--parsable', "--job-name=x' $(y)\nz", '--chdir=/r/job 1',
    '--output=/r/job 1/stdout-%a.log', '--error=/r/job 1/stderr-%a.log',
    '--partition=gpu', '--account=lab', '--gres=gpu:2', '--time=1:00:00', '--cpus-per-task=4', '--mem=16G', '--array=0-7%3',
    '/r/job 1/job.sh',
  ]);
  assert.throws(() => sbatchArgv(spec, '/r/100%'), /contains %/);
});

/** A stand-in controller: counts queries and answers from a table we change. */
class FakeController implements Host {
  readonly label = 'fake';
  calls: string[][] = [];
  state = 'RUNNING';
  async exec(argv: readonly string[]): Promise<ExecResult> {
    this.calls.push([...argv]);
    if (argv[0] === 'sacct') return { code: 1, stdout: '', stderr: 'Slurm accounting storage is disabled' };
    if (argv[0] === 'squeue') return { code: 0, stdout: argv[6]!.split(',').map((id) => `${id}|${this.state}`).join('\n'), stderr: '' };
    return { code: 1, stdout: '', stderr: '' };
  }
  launch = async () => {};
  resolve = async (p: string) => p;
  mkdirp = async () => {};
  writeFile = async () => {};
  upload = async () => {};
  download = async () => false;
  readFrom = async () => null;
  close = async () => {};
}

test('poller: one batched query for all jobs, sacct dropped after it fails, backoff while nothing changes', async () => {
  const host = new FakeController();
  const poller = new SlurmPoller(async () => host, { minMs: 20, maxMs: 80 });
  const [a, b] = await Promise.all([poller.rows('1'), poller.rows('2')]);
  assert.equal(a[0]?.state, 'running');
  assert.equal(b[0]?.state, 'running');
  assert.deepEqual(host.calls.map((c) => c[0]), ['sacct', 'squeue'], 'one round for both jobs');
  assert.equal(host.calls[1]![6], '1,2');
  await poller.rows('1');
  assert.equal(host.calls.length, 2, 'cached within the interval');
  const intervals: number[] = [];
  for (let i = 0; i < 4; i++) {
    await new Promise((r) => setTimeout(r, poller.interval + 5));
    await poller.rows('1');
    intervals.push(poller.interval);
  }
  assert.deepEqual(intervals, [40, 80, 80, 80], 'doubles from 20 while unchanged, up to the 80 cap');
  assert.ok(host.calls.every((c, i) => i === 0 || c[0] !== 'sacct'), 'sacct is not asked again');
  host.state = 'COMPLETED';
  await new Promise((r) => setTimeout(r, poller.interval + 5));
  assert.equal((await poller.rows('1'))[0]?.state, 'completed');
  assert.equal(poller.interval, 20, 'a change resets the interval');
  poller.invalidate('1');
  const before = host.calls.length;
  await poller.rows('1');
  assert.equal(host.calls.length, before + 1, 'invalidate forces a query');
});
