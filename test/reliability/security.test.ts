import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { shJoin, shQuote } from '../../src/core/jobs/quote';
import { renderJobScript } from '../../src/core/jobs/script';
import { sbatchArgv } from '../../src/core/jobs/sbatch';
import { isTerminal, parseJobSpec } from '../../src/core/jobs/spec';
import { createRunner, type Target } from '../../src/core/jobs';
import { requireServices } from '../integration/jobs/services';
import { waitStatus } from '../integration/jobs/helpers';
import { makeSampleDataset } from '../../src/core/sample/dataset';
import { startChatServer, type ChatServer } from '../support/chatServer';
import { buildCli, ok, recordFigures, runCli, syntheticCycle, walk, type Run } from './support';
import { shapesProjectYaml } from '../support/shapesProject';

// Hostile values in every field that reaches a shell, a job script, sbatch or a file path
// run nothing unintended and escape no folder; an API token given through `tokenEnv` is
// found in no file a whole workflow writes, even when the server echoes it back.
// (The untrusted-workspace and webview-CSP checks live in the e2e tier.)

const TOKEN = 'hf_TOKENvstar9f3c1e7d5b'; // distinctive, so a scan cannot match by chance
let work: string;
let cli: string;
let server: ChatServer;
const figures = {
  shellProperties: 0,
  jobScriptsRun: 0,
  pathEscapesTried: 0,
  filesScanned: 0,
  bytesScanned: 0,
  tokenHits: 0,
  secretJobs: {} as Record<string, number>,
  secretFilesScanned: 0,
  secretBytesScanned: 0,
  secretHits: 0,
};
/** A job that prints the digest of $VSTAR_SECRET_TOKEN (never the value): proof it got it, logs kept clean. */
const DIGEST_JOB = [process.execPath, '-e', 'console.log("sha256 " + require("crypto").createHash("sha256").update(process.env.VSTAR_SECRET_TOKEN ?? "unset").digest("hex"))'];
const tokenDigest = (t: string): string => `sha256 ${createHash('sha256').update(t).digest('hex')}`;

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'vstar-'));
  cli = buildCli(work);
  // A server that echoes the Authorization header back in some error bodies (a real failure mode of proxies).
  server = await startChatServer((req, n) => {
    if (n % 7 === 3) return { status: 500, body: JSON.stringify({ error: { message: `upstream refused ${req.authorization ?? ''}` } }) };
    const hint = /\nAnswer: (.+)\.\n/.exec(req.prompt)?.[1];
    return { content: `Step by step, the shape is a ${hint ?? 'circle'}.` };
  });
});
after(async () => {
  await server.close();
  recordFigures('security', figures);
  rmSync(work, { recursive: true, force: true });
});

const noNul = fc.string({ unit: 'binary', maxLength: 40 }).map((s) => s.replace(/\0/g, ''));
const hostile = fc.oneof(noNul, fc.constantFrom("it's", '$(touch PWNED)', '`touch PWNED`', 'a; touch PWNED', '\n', "'\\''", '$HOME', '-n', '', '%j %A', '#x', '*'));

test('shell: any argv (binary, quotes, $(), newlines) reaches the program exactly through sh', () => {
  const dir = join(work, 'sh');
  mkdirSync(dir);
  fc.assert(
    fc.property(fc.array(hostile, { minLength: 1, maxLength: 5 }), (args) => {
      figures.shellProperties++;
      const line = shJoin([process.execPath, '-e', 'process.stdout.write(JSON.stringify(process.argv.slice(1)))', '--', ...args]);
      const r = spawnSync('sh', ['-c', line], { cwd: dir, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout), args);
    }),
    { numRuns: 60, seed: 1 },
  );
  assert.throws(() => shQuote('a\0b'), /NUL/);
  assert.deepEqual(readdirSync(dir), [], 'nothing was created by an injected command');
});

test('job scripts and sbatch argv: hostile names, env values, outputs and commands run only the given argv', () => {
  const dir = join(work, 'jobs');
  fc.assert(
    fc.property(hostile, fc.array(hostile, { maxLength: 3 }), hostile, (name, args, envValue) => {
      figures.jobScriptsRun++;
      const jobDir = join(dir, String(figures.jobScriptsRun), "job $(touch PWNED) 'x'");
      mkdirSync(jobDir, { recursive: true });
      const spec = parseJobSpec({
        name: name || 'x',
        kind: 'custom',
        command: [process.execPath, '-e', 'require("fs").writeFileSync("seen.json", JSON.stringify({ argv: process.argv.slice(1), env: process.env.HOSTILE }))', '--', ...args],
        env: { HOSTILE: envValue },
        resources: { partition: 'debug', time: '5' },
      });
      writeFileSync(join(jobDir, 'job.sh'), renderJobScript(spec, jobDir, 'plain'));
      const r = spawnSync('sh', [join(jobDir, 'job.sh')], { encoding: 'utf8' });
      assert.equal(r.status, 0, readFileSync(join(jobDir, 'stderr.log'), 'utf8'));
      assert.deepEqual(JSON.parse(readFileSync(join(jobDir, 'seen.json'), 'utf8')), { argv: args, env: envValue });
      assert.deepEqual(readdirSync(jobDir).sort(), ['exit_code', 'job.sh', 'pid', 'seen.json', 'stderr.log', 'stdout.log']);
      // sbatch gets an argv (never a shell line); the job name is one word of it.
      const argv = sbatchArgv(spec, jobDir);
      assert.equal(argv.filter((a) => a.startsWith('--job-name=')).length, 1);
    }),
    { numRuns: 30, seed: 2 },
  );
  assert.equal(walk(dir).some((f) => f.endsWith('PWNED')), false);
});

test('file paths: hostile names, ids and cycle numbers are refused and nothing is written outside the project', async () => {
  const root = join(work, 'paths');
  const proj = join(root, 'proj');
  const wd = join(proj, 'vstar');
  await syntheticCycle(wd, 5);
  const ann = join(proj, 'ann.jsonl');
  writeFileSync(ann, '{"id":"a","video":"a.mp4","labels":{"x":"y"}}\n');
  const before = new Set(walk(root));
  const tries: Array<[string[], RegExp]> = [
    [['dataset', 'import', '--name', '../../escaped', '--format', 'jsonl', '--annotations', ann, '--workdir', wd, '--no-check-videos'], /dataset name/],
    [['dataset', 'import', '--name', '..', '--format', 'jsonl', '--annotations', ann, '--workdir', wd, '--no-check-videos'], /dataset name/],
    [['dataset', 'stats', '../../../etc', '--workdir', wd], /dataset name/],
    [['export', '--cycle', '1', '--format', 'metadata', '--name', '../../escaped', '--workdir', wd, '--out', join(wd, 'out')], /export name/],
    [['export', '--cycle', '1/../../2', '--format', 'metadata', '--workdir', wd], /--cycle/],
    [['cycle', 'status', '../1', '--workdir', wd], /cycle/],
    [['review', 'accept', '../../../escaped', '--cycle', '1', '--workdir', wd], /no attempt/],
    [['review', 'accept', 'c1/answer/0/r0', '--cycle', '../1', '--workdir', wd], /--cycle/],
    [['job', 'status', '../../../etc/passwd', '--workdir', wd], /job id|invalid/i],
    [['job', 'logs', '..', '--workdir', wd], /job id|invalid/i],
  ];
  for (const [args, why] of tries) {
    figures.pathEscapesTried++;
    const r = await runCli(cli, proj, args);
    assert.notEqual(r.code, 0, `${args.join(' ')} succeeded`);
    assert.match(r.stderr + r.stdout, why, args.join(' '));
  }
  const created = walk(root).filter((f) => !before.has(f));
  assert.deepEqual(created, [], 'refused commands wrote nothing');
  assert.equal(existsSync(join(root, 'escaped')), false);
  assert.equal(readFileSync(join(wd, 'cycles', '1', 'reviews.jsonl'), 'utf8'), '');
});

test('a whole workflow with a token in the environment: the token is in no file it writes, and not in its output', async () => {
  const proj = join(work, 'token');
  const clips = join(proj, 'sample');
  await makeSampleDataset({ out: clips, count: 8, seed: 4, width: 64, height: 48 });
  writeFileSync(
    join(proj, 'vstar.yaml'),
    shapesProjectYaml({ root: 'sample', url: server.url, backend: ['tokenEnv: VSTAR_SECRET_TOKEN'] }),
  );
  const env = { VSTAR_SECRET_TOKEN: TOKEN };
  const runs: Run[] = [];
  const step = async (args: string[], mustPass = true): Promise<Run> => {
    const r = await runCli(cli, proj, args, env);
    if (mustPass) ok(r, args.join(' '));
    runs.push(r);
    return r;
  };
  await step(['dataset', 'import', 'sample']);
  await step(['cycle', 'new', '--model', 'tiny-vlm']);
  // Some requests fail with the token echoed in the error: retried, and reported without it.
  await step(['generate', '--cycle', '1', '--retries', '0', '--frame-size', '64'], false);
  await step(['--json', 'generate', '--cycle', '1', '--frame-size', '64'], false);
  await step(['generate', '--cycle', '1', '--frame-size', '64']);
  assert.ok(server.requests.some((q) => q.authorization === `Bearer ${TOKEN}`), 'the token reached the server');
  await step(['cycle', 'status', '1']);
  await step(['review', 'accept', 'c1/answer/0/clip-0001', '--cycle', '1'], false);
  for (const format of ['llava', 'llama-factory', 'ms-swift', 'metadata']) await step(['export', '--cycle', '1', '--format', format]);
  writeFileSync(join(proj, 'v.jsonl'), '{"id":"x","question":"q","answer":"a circle","labels":[{"type":"class","value":"circle"}]}\n');
  await step(['verify', '--input', 'v.jsonl', '--output', 'verdicts.jsonl']);
  await step(['job', 'submit', '--name', 'echo env', '--', process.execPath, '-e', 'console.log(Object.keys(process.env).length)']);
  // A token for a job goes by name; as --env NAME=VALUE it is refused (it would be written into job.sh).
  const refused = await step(['job', 'submit', '--env', `VSTAR_SECRET_TOKEN=${TOKEN}`, '--', 'true'], false);
  assert.equal(refused.code, 2, refused.stderr);
  assert.match(refused.stderr, /--secret-env VSTAR_SECRET_TOKEN/);
  const secretJob = await step(['--json', 'job', 'submit', '--name', 'secret', '--secret-env', 'VSTAR_SECRET_TOKEN', '--', ...DIGEST_JOB]);
  const secretId = (JSON.parse(secretJob.stdout) as { id: string }).id;
  for (let i = 0; i < 100 && !existsSync(join(proj, 'vstar', 'jobs', secretId, 'exit_code')); i++) await new Promise((r) => setTimeout(r, 100));
  assert.equal(readFileSync(join(proj, 'vstar', 'jobs', secretId, 'stdout.log'), 'utf8'), `${tokenDigest(TOKEN)}\n`, 'the job got the token');
  figures.secretJobs.local = 1;
  await step(['job', 'list']);

  const files = walk(proj);
  assert.ok(files.some((f) => f.includes('exports')) && files.some((f) => f.includes('jobs/')), files.join('\n'));
  const hits: string[] = [];
  const needle = Buffer.from(TOKEN);
  for (const f of files) {
    const b = readFileSync(join(proj, f));
    figures.filesScanned++;
    figures.bytesScanned += b.length;
    if (b.includes(needle)) hits.push(f);
  }
  for (const [i, r] of runs.entries()) if ((r.stdout + r.stderr).includes(TOKEN)) hits.push(`output of command ${i}`);
  figures.tokenHits = hits.length;
  assert.deepEqual(hits, [], 'the token leaked');
});

test('a token passed by name to SSH and Slurm jobs reaches them and is in no file a submit writes (job.sh, record, sbatch argv, logs, the services\' logs)', async () => {
  const svc = requireServices({ slurm: true });
  const root = join(work, 'secret-jobs');
  const workdir = join(root, 'vstar');
  const remote = join(root, 'remote'); // loopback: the "remote" folders are on this machine
  const ssh = { host: 'vstar-test', sshConfigFile: svc.sshConfig, knownHostsFile: svc.knownHosts };
  const polling = { minMs: 200, maxMs: 1000 };
  const targets: Record<string, Target> = {
    ssh: { kind: 'ssh', ssh: { ...ssh, remoteDir: join(remote, 'ssh') } },
    'slurm-ssh': { kind: 'slurm', ssh: { ...ssh, remoteDir: join(remote, 'slurm-ssh') }, polling },
    'slurm-local': { kind: 'slurm', remoteDir: join(remote, 'slurm-local'), polling },
  };
  const token = `${TOKEN}-jobs-$(touch PWNED) 'q'`;
  const conf = process.env.SLURM_CONF;
  process.env.SLURM_CONF = svc.slurmConf; // the local sbatch finds the test controller
  const logs = join(svc.dir, 'log');
  const logSizes = new Map(walk(logs).map((f) => [f, readFileSync(join(logs, f)).length]));
  try {
    for (const [name, target] of Object.entries(targets)) {
      const runner = createRunner(target, workdir);
      try {
        const h = await runner.submit({ name: `secret ${name}`, kind: 'custom', command: DIGEST_JOB, secretEnv: ['VSTAR_SECRET_TOKEN'] }, { secrets: { VSTAR_SECRET_TOKEN: token } });
        const s = await waitStatus(runner, h.id, (x) => isTerminal(x.state), 60_000);
        assert.equal(s.state, 'completed', `${name}: ${JSON.stringify(s)}`);
        const out: string[] = [];
        for await (const l of runner.logs(h.id, { stream: 'stdout' })) out.push(l);
        assert.deepEqual(out, [tokenDigest(token)], `${name}: the job got the token`);
        figures.secretJobs[name] = 1;
      } finally {
        await runner.close();
      }
    }
  } finally {
    if (conf === undefined) delete process.env.SLURM_CONF;
    else process.env.SLURM_CONF = conf;
  }
  // Not scanned: slurmctld's StateSaveLocation, where Slurm keeps every batch job's
  // environment (SlurmUser-only, 0600) until it purges the job (see src/core/jobs/secrets.ts).
  const files = [...walk(root).map((f) => join(root, f)), ...walk(logs).map((f) => join(logs, f))];
  assert.ok(files.some((f) => f.endsWith('sbatch-argv.json')) && files.filter((f) => f.endsWith('job.sh')).length === 3, files.join('\n'));
  const needle = Buffer.from(TOKEN);
  const hits: string[] = [];
  for (const f of files) {
    // the services' logs are shared: only what they gained during this test is ours to scan
    const b = readFileSync(f).subarray(logSizes.get(f.startsWith(logs) ? f.slice(logs.length + 1) : '') ?? 0);
    figures.secretFilesScanned++;
    figures.secretBytesScanned += b.length;
    if (b.includes(needle)) hits.push(f);
  }
  figures.secretHits = hits.length;
  assert.deepEqual(hits, [], 'the token was written down');
  assert.equal(walk(root).some((f) => f.endsWith('PWNED')), false);
});
