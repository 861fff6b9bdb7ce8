// The folders the extension-host suite opens, made fresh in a temp dir for each run (both
// runners call this): `project`, a small trusted project (the 3-record shapes dataset and
// cycle 1 of test/support/shapesProject.ts, a local compute target with one finished job,
// and a broken vstar.yaml beside it for the language server), and `untrusted`, the same
// project opened without trust. The third window, `empty`, has no folder.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { JobStore } from '../../src/core/jobs/store';
import { threeShapesCycle } from '../support/shapesProject';
import { BROKEN_YAML, BROKEN_YAML_TEXT, JOB_NAME, TARGET } from './sample';

export interface HostWorkspaces {
  project: string;
  untrusted: string;
}

async function sampleProject(dir: string): Promise<void> {
  await threeShapesCycle(dir);
  // The clip the records name (a real H.264 file) and the import report naming its folder,
  // so the dataset reads without problems; a vstar.yaml that parses, with a local target.
  const clips = path.join(dir, 'clips');
  fs.mkdirSync(clips);
  const ff = spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=10', '-t', '1',
    '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', path.join(clips, 'c1.mp4')], { encoding: 'utf8' });
  if (ff.status !== 0) throw new Error(`ffmpeg failed: ${ff.error?.message ?? ff.stderr}`);
  fs.writeFileSync(path.join(dir, 'vstar', 'datasets', 'shapes', 'report.json'), JSON.stringify({ name: 'shapes', root: clips, allowRoots: [] }));
  fs.writeFileSync(path.join(dir, 'vstar.yaml'),
    `version: 1\ndatasets:\n  shapes:\n    format: jsonl\n    annotations: shapes.jsonl\n    root: clips\ntargets:\n  ${TARGET}:\n    type: local\n`);
  // A job that ran and finished on that target, as `vstar job submit` leaves its record.
  const jobs = new JobStore(path.join(dir, 'vstar'));
  const id = '20250101-000000-generate-cycle-1-abc123';
  const at = Date.parse('2025-01-01T00:01:00.000Z');
  await jobs.save({
    id, target: { kind: 'local' }, createdAt: '2025-01-01T00:00:00.000Z', dir: jobs.localJobDir(id),
    spec: { name: JOB_NAME, kind: 'generate', command: ['vstar', 'generate', '--cycle', '1'], env: {}, secretEnv: [], inputs: [], outputs: [], resources: {} },
    last: { id, state: 'completed', exitCode: 0, at },
  });
}

export async function makeHostWorkspaces(tmp: string): Promise<HostWorkspaces> {
  const project = path.join(tmp, 'project');
  await sampleProject(project);
  const broken = path.join(project, BROKEN_YAML);
  fs.mkdirSync(path.dirname(broken), { recursive: true });
  fs.writeFileSync(broken, BROKEN_YAML_TEXT);
  fs.writeFileSync(path.join(path.dirname(broken), 'shapes.jsonl'), '');
  const untrusted = path.join(tmp, 'untrusted');
  await sampleProject(untrusted);
  return { project, untrusted };
}
