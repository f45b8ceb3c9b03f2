// The client's failure behaviour (src/extension.ts): with a stand-in
// `vscode` module and fake `netlint` executables, each scenario in its own
// node process (clientScenario.js). When netlint is missing or exits at
// once: one message, with a button to the setting, and no restart.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const posixOnly = { skip: process.platform === 'win32' };

function scenario(name, dir) {
  const out = execFileSync(process.execPath, [path.join(__dirname, 'clientScenario.js'), name, dir ?? ''], {
    encoding: 'utf8',
    timeout: 30000,
  });
  return JSON.parse(out);
}

/** A directory with a fake `netlint` that counts its runs, then runs `script`. */
function fakeNetlint(script) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netlint-fake-'));
  const file = path.join(dir, 'netlint');
  fs.writeFileSync(file, `#!/bin/sh\necho "$@" >> "${path.join(dir, 'runs')}"\n${script}\n`);
  fs.chmodSync(file, 0o755);
  return dir;
}

function runs(dir) {
  try {
    return fs.readFileSync(path.join(dir, 'runs'), 'utf8').split('\n').filter(Boolean);
  } catch {
    return [];
  }
}

test('netlint missing: one message with a button to the setting', () => {
  const { shown } = scenario('missing');
  assert.equal(shown.length, 1, JSON.stringify(shown));
  assert.match(shown[0].message, /not found on PATH/);
  assert.ok(shown[0].items.includes('Open Settings'));
});

test('a netlint without `lsp` (exits at once): one message, run once, never restarted', posixOnly, () => {
  const dir = fakeNetlint(`echo "error: unrecognized subcommand 'lsp'" >&2; exit 2`);
  try {
    const { shown, output } = scenario('exits', dir);
    assert.deepEqual(runs(dir), ['lsp'], 'started exactly once, as `netlint lsp`');
    assert.equal(shown.length, 1, JSON.stringify(shown));
    assert.match(shown[0].message, /could not start/);
    assert.ok(shown[0].items.includes('Open Settings'));
    assert.ok(output.some((l) => l.includes('could not start')), 'the message is in the output channel too');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('changing netlint.path tries again, with one message for the new failure', posixOnly, () => {
  const dir = fakeNetlint('exit 1');
  try {
    const { shown } = scenario('setting-change', dir);
    assert.equal(shown.length, 2, JSON.stringify(shown));
    assert.match(shown[0].message, /no executable file/);
    assert.match(shown[1].message, /could not start/);
    assert.deepEqual(runs(dir), ['lsp']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a working server: started once as `netlint lsp`, no message, shut down cleanly', posixOnly, () => {
  const server = path.join(__dirname, 'fakeServer.js');
  const dir = fakeNetlint(`exec "${process.execPath}" "${server}" "$(dirname "$0")/methods"`);
  try {
    const { shown } = scenario('starts', dir);
    assert.deepEqual(shown, []);
    assert.deepEqual(runs(dir), ['lsp']);
    const methods = fs.readFileSync(path.join(dir, 'methods'), 'utf8').split('\n').filter(Boolean);
    assert.deepEqual(
      methods.filter((m) => ['initialize', 'initialized', 'shutdown', 'exit'].includes(m)),
      ['initialize', 'initialized', 'shutdown', 'exit'],
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// The real server, when the CI script names it (NETLINT_BIN): started by
// the client, initialized, and shut down without a message.
const real = process.env.NETLINT_BIN;
test('the real `netlint lsp` starts and stops without a message', { skip: !real && 'NETLINT_BIN is not set' }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'netlint-real-'));
  try {
    fs.symlinkSync(path.resolve(real), path.join(dir, 'netlint'));
    const { shown, output } = scenario('starts', dir);
    assert.deepEqual(shown, [], JSON.stringify(output));
    assert.ok(!output.some((l) => /could not start|stopped unexpectedly/.test(l)), JSON.stringify(output));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
