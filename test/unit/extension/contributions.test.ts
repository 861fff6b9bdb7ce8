// Contributions that cannot drift (STYLE.md point 9): every command declared in package.json
// is in the command table and the other way round; every menu entry names a declared
// command; every `viewItem == x` matches a context value the tree can set; every view has an
// activation event. The command table imports `vscode`, so its source is read, not loaded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONTEXT_VALUES } from '../../../src/extension/contextValues';

const ROOT = path.resolve(__dirname, '../../..');
interface MenuEntry { command: string; when?: string }
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  activationEvents: string[];
  contributes: {
    commands: Array<{ command: string; title: string; category?: string }>;
    menus?: Record<string, MenuEntry[]>;
    views?: Record<string, Array<{ id: string; type?: string }>>;
    viewsContainers?: Record<string, Array<{ id: string; icon: string }>>;
    viewsWelcome?: Array<{ view: string; contents: string }>;
  };
};
const tableSource = fs.readFileSync(path.join(ROOT, 'src/extension/commands.ts'), 'utf8');
const tableIds = [...tableSource.matchAll(/^\s*'(vstar\.[A-Za-z]+\.[A-Za-z]+)':\s*\{/gm)].map((m) => m[1]);
const declared = pkg.contributes.commands.map((c) => c.command);

test('every declared command is in the command table, and every table entry is declared', () => {
  assert.ok(tableIds.length > 0, 'found no command ids in src/extension/commands.ts');
  assert.deepEqual(declared.filter((id) => !tableIds.includes(id)), [], 'declared in package.json but not registered');
  assert.deepEqual(tableIds.filter((id) => !declared.includes(id!)), [], 'registered but not declared in package.json');
});

test('command ids, titles and views follow the naming rules', () => {
  for (const c of pkg.contributes.commands) {
    assert.match(c.command, /^vstar\.[a-z]+\.[a-z][A-Za-z]*$/, `${c.command}: ids are vstar.<area>.<verb>`);
    assert.equal(c.category, 'Video-STaR', `${c.command}: category shows as "Video-STaR: …" in the palette`);
  }
  for (const views of Object.values(pkg.contributes.views ?? {})) {
    for (const v of views) assert.match(v.id, /^vstar\.views\.[a-z]+$/);
  }
});

test('menus name declared commands and known context values', () => {
  const known = new Set(CONTEXT_VALUES);
  for (const [menu, entries] of Object.entries(pkg.contributes.menus ?? {})) {
    for (const e of entries) {
      assert.ok(declared.includes(e.command), `${menu}: ${e.command} is not a declared command`);
      for (const m of (e.when ?? '').matchAll(/viewItem\s*==\s*([\w.-]+)/g)) {
        assert.ok(known.has(m[1]!), `${menu}: viewItem == ${m[1]} is not in src/extension/contextValues.ts`);
      }
    }
  }
});

test('views, welcome texts, activation events and icons agree', () => {
  const viewIds = Object.values(pkg.contributes.views ?? {}).flat().map((v) => v.id);
  assert.deepEqual(viewIds.sort(), ['vstar.views.cycles', 'vstar.views.datasets', 'vstar.views.jobs', 'vstar.views.review']);
  for (const id of viewIds) {
    assert.ok(pkg.activationEvents.includes(`onView:${id}`), `no onView:${id} activation event`);
  }
  assert.ok(pkg.activationEvents.includes('workspaceContains:vstar.yaml'));
  // Panels revived after a reload need the extension activated for their view type (the serializers).
  for (const viewType of ['vstar.review', 'vstar.cycleReport']) assert.ok(pkg.activationEvents.includes(`onWebviewPanel:${viewType}`), `no onWebviewPanel:${viewType}`);
  const welcomed = (pkg.contributes.viewsWelcome ?? []).map((w) => w.view);
  // Welcome texts show in tree views only; a webview view renders its own empty state.
  const treeViewIds = Object.values(pkg.contributes.views ?? {}).flat().filter((v) => v.type !== 'webview').map((v) => v.id);
  for (const id of treeViewIds) assert.ok(welcomed.includes(id), `${id} has no welcome text`);
  for (const w of pkg.contributes.viewsWelcome ?? []) {
    for (const m of w.contents.matchAll(/\(command:([\w.]+)\)/g)) {
      assert.ok(declared.includes(m[1]!), `welcome of ${w.view} links undeclared ${m[1]}`);
    }
  }
  for (const list of Object.values(pkg.contributes.viewsContainers ?? {})) {
    for (const c of list) assert.ok(fs.existsSync(path.join(ROOT, c.icon)), `missing icon ${c.icon}`);
  }
});
