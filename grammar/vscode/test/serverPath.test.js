// The path resolution of the netlint executable (src/serverPath.ts, compiled
// to out/), under node's own test runner: `npm test`.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { resolveServer, onPath, nodeEnvironment } = require('../out/serverPath.js');

/** A POSIX machine whose executables are exactly `files`. */
function posix(files, extra = {}) {
  const set = new Set(files);
  return {
    platform: 'linux',
    env: { PATH: '/usr/local/bin:/usr/bin' },
    home: '/home/ann',
    workspaceFolder: '/work/net',
    isExecutable: (f) => set.has(f),
    ...extra,
  };
}

test('empty setting: netlint found on PATH, first directory first', () => {
  const e = posix(['/usr/bin/netlint', '/usr/local/bin/netlint']);
  assert.deepEqual(resolveServer('', e), { ok: true, command: '/usr/local/bin/netlint', from: 'path' });
  assert.deepEqual(resolveServer(undefined, e), resolveServer('  ', e));
});

test('empty setting, netlint nowhere on PATH: one message naming the setting', () => {
  const r = resolveServer('', posix([]));
  assert.equal(r.ok, false);
  assert.match(r.message, /not found on PATH/);
  assert.match(r.message, /netlint\.path/);
});

test('PATH entries that are empty or relative are never searched', () => {
  const e = posix(['netlint', 'bin/netlint'], { env: { PATH: ':bin:.' } });
  assert.equal(resolveServer('', e).ok, false);
});

test('absolute setting: used when executable, a clear message when not', () => {
  const e = posix(['/opt/netlint/bin/netlint']);
  assert.deepEqual(resolveServer('/opt/netlint/bin/netlint', e), {
    ok: true,
    command: '/opt/netlint/bin/netlint',
    from: 'setting',
  });
  const r = resolveServer('/opt/missing/netlint', e);
  assert.equal(r.ok, false);
  assert.equal(r.from, 'setting');
  assert.match(r.message, /no executable file at \/opt\/missing\/netlint/);
});

test('~ is the home directory; a relative path is taken from the workspace folder', () => {
  const e = posix(['/home/ann/.cargo/bin/netlint', '/work/net/target/release/netlint']);
  assert.equal(resolveServer('~/.cargo/bin/netlint', e).command, '/home/ann/.cargo/bin/netlint');
  assert.equal(resolveServer('target/release/netlint', e).command, '/work/net/target/release/netlint');
  assert.equal(resolveServer('./target/release/netlint', e).command, '/work/net/target/release/netlint');
  const none = resolveServer('target/release/netlint', posix([], { workspaceFolder: undefined }));
  assert.equal(none.ok, false);
  assert.match(none.message, /no folder is open/);
});

test('a bare name in the setting is looked up on PATH', () => {
  const e = posix(['/usr/bin/netlint-dev']);
  assert.deepEqual(resolveServer('netlint-dev', e), { ok: true, command: '/usr/bin/netlint-dev', from: 'setting' });
  const r = resolveServer('netlint-nightly', e);
  assert.equal(r.ok, false);
  assert.match(r.message, /not on PATH/);
});

test('Windows: Path in any case, PATHEXT programs only, backslashes', () => {
  const e = {
    platform: 'win32',
    env: { Path: 'C:\\tools;C:\\Users\\ann\\.cargo\\bin', PATHEXT: '.COM;.EXE;.BAT;.CMD' },
    home: 'C:\\Users\\ann',
    workspaceFolder: 'C:\\work',
    isExecutable: (f) => ['C:\\tools\\netlint.cmd', 'C:\\Users\\ann\\.cargo\\bin\\netlint.exe'].includes(f),
  };
  assert.equal(onPath('netlint', e), 'C:\\Users\\ann\\.cargo\\bin\\netlint.exe');
  assert.equal(resolveServer('~\\.cargo\\bin\\netlint', e).command, 'C:\\Users\\ann\\.cargo\\bin\\netlint.exe');
  assert.equal(resolveServer('C:\\tools\\netlint.cmd', e).command, 'C:\\tools\\netlint.cmd');
});

test('the real file system: executable files only', () => {
  if (process.platform === 'win32') {
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netlint-vscode-'));
  try {
    const exe = path.join(dir, 'netlint');
    const plain = path.join(dir, 'plain');
    fs.writeFileSync(exe, '#!/bin/sh\n');
    fs.chmodSync(exe, 0o755);
    fs.writeFileSync(plain, '');
    fs.mkdirSync(path.join(dir, 'sub'));
    const e = { ...nodeEnvironment(dir), env: { PATH: dir } };
    assert.deepEqual(resolveServer('', e), { ok: true, command: exe, from: 'path' });
    assert.equal(resolveServer('plain', e).ok, false);
    assert.equal(resolveServer(plain, e).ok, false);
    assert.equal(resolveServer('sub/', e).ok, false);
    assert.equal(resolveServer('./netlint', e).command, exe);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
