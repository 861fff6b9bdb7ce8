// The packaged extension under test. Tests use the real artifact from `npm run package`;
// when it is missing or older than anything it is built from, it is rebuilt here first, so
// a test can never pass on a stale package. A lock folder keeps two test files that run at
// the same time from packaging over each other.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';

export const ROOT = path.resolve(__dirname, '../..');
export const VSIX = path.join(ROOT, 'dist', 'video-star-studio.vsix');
// What the package is built from (src/cli is not in it: dist/cli.js is left out of the vsix).
const INPUTS = ['package.json', '.vscodeignore', 'README.md', 'LICENSE', 'media', 'workers', 'webview-ui/src', 'syntaxes', 'schemas',
  'src/extension', 'src/core', 'src/server', 'scripts/build.mjs'];
const LOCK = path.join(ROOT, 'dist', '.vsix-build.lock');
const STALE_LOCK_MS = 5 * 60_000;

function newestInput(): number {
  let newest = 0;
  const visit = (p: string): void => {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) for (const name of fs.readdirSync(p)) visit(path.join(p, name));
    else newest = Math.max(newest, st.mtimeMs);
  };
  for (const rel of INPUTS) visit(path.join(ROOT, rel));
  return newest;
}

/** Entry names of a zip, by Debian's unzip or, where it is missing, Python's zipfile. */
export function listZip(file: string): string[] {
  const unzip = spawnSync('unzip', ['-Z1', file], { encoding: 'utf8' });
  if (!unzip.error && unzip.status === 0) return unzip.stdout.split('\n').filter(Boolean);
  const py = spawnSync('python3', ['-c', ZIP_PY, 'list', file], { encoding: 'utf8' });
  if (py.status !== 0) throw new Error(`cannot list ${file}: ${unzip.stderr || unzip.error} / ${py.stderr}`);
  return py.stdout.split('\n').filter(Boolean);
}

/** One entry's text. */
export function readZipEntry(file: string, entry: string): string {
  const unzip = spawnSync('unzip', ['-p', file, entry], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (!unzip.error && unzip.status === 0) return unzip.stdout;
  const py = spawnSync('python3', ['-c', ZIP_PY, 'read', file, entry], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (py.status !== 0) throw new Error(`cannot read ${entry} from ${file}: ${py.stderr}`);
  return py.stdout;
}

const ZIP_PY = `import sys, zipfile
z = zipfile.ZipFile(sys.argv[2])
if sys.argv[1] == 'list': print('\\n'.join(z.namelist()))
else: sys.stdout.write(z.read(sys.argv[3]).decode())`;

/**
 * A development build (unminified, pointing at a sourcemap) can land in dist/ between the
 * package script's production build and vsce when another \`npm run build\` runs at the same
 * time; such a package is treated as stale.
 */
export function isProductionBundle(js: string): boolean {
  return !/\/\/# sourceMappingURL=/.test(js);
}

function isFresh(): boolean {
  if (!fs.existsSync(VSIX) || fs.statSync(VSIX).mtimeMs < newestInput()) return false;
  try {
    return isProductionBundle(readZipEntry(VSIX, 'extension/dist/extension.js'));
  } catch {
    return false;
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Path of an up-to-date .vsix, running `npm run package` when needed. */
export function ensureVsix(): string {
  if (isFresh()) return VSIX;
  fs.mkdirSync(path.dirname(LOCK), { recursive: true });
  const deadline = Date.now() + STALE_LOCK_MS;
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
      break;
    } catch {
      // Someone else is packaging; their result may be all we need.
      if (Date.now() > deadline) fs.rmSync(LOCK, { recursive: true, force: true });
      sleepSync(500);
      if (isFresh()) return VSIX;
    }
  }
  try {
    if (isFresh()) return VSIX;
    for (let attempt = 1; ; attempt++) {
      const r = spawnSync('npm', ['run', '--silent', 'package'], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
      if (r.status !== 0 || !fs.existsSync(VSIX)) {
        throw new Error(`\`npm run package\` failed (exit ${r.status}${r.error ? `, ${r.error.message}` : ''}):\n${r.stdout}${r.stderr}`);
      }
      if (isFresh() || attempt === 3) return VSIX; // the package test reports a bundle that stays wrong
    }
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}
