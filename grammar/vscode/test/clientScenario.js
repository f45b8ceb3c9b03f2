// One scenario of the client against a stand-in `vscode` module
// (vscodeStub.js), run in its own node process by client.test.js, which
// reads the JSON it prints: the notifications shown and the output lines.
//
// usage: node clientScenario.js missing|exits|starts|setting-change [dir]
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const Module = require('module');
const stubs = require('./vscodeStub.js');

// A server that exits before it reads `initialize` makes vscode-jsonrpc
// reject a write nobody awaits; VS Code's extension host only logs that.
process.on('unhandledRejection', (error) => {
  if (error && error.code === 'ERR_STREAM_DESTROYED') return;
  console.error(error);
  process.exit(3);
});

function load(settings) {
  const stub = stubs.create(settings);
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (request, ...rest) {
    return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
  };
  require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: stub.module };
  return { extension: require('../dist/extension.js'), stub };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const [scenario, dir] = process.argv.slice(2);
  let result;
  if (scenario === 'missing') {
    process.env.PATH = fs.mkdtempSync(path.join(os.tmpdir(), 'netlint-empty-'));
    const { extension, stub } = load({});
    await extension.activate({ subscriptions: [] });
    await sleep(200);
    await extension.deactivate();
    result = stub;
  } else if (scenario === 'exits') {
    const { extension, stub } = load({ 'netlint.path': path.join(dir, 'netlint') });
    await extension.activate({ subscriptions: [] });
    await sleep(1500);
    await extension.deactivate();
    result = stub;
  } else if (scenario === 'starts') {
    const { extension, stub } = load({ 'netlint.path': path.join(dir, 'netlint') });
    await extension.activate({ subscriptions: [] });
    await sleep(1500);
    await extension.deactivate();
    await sleep(300);
    result = stub;
  } else if (scenario === 'setting-change') {
    const { extension, stub } = load({ 'netlint.path': path.join(dir, 'missing') });
    await extension.activate({ subscriptions: [] });
    await sleep(200);
    stub.setSetting('netlint.path', path.join(dir, 'netlint'));
    await sleep(1500);
    await extension.deactivate();
    result = stub;
  } else {
    throw new Error(`unknown scenario ${scenario}`);
  }
  process.stdout.write(JSON.stringify({ shown: result.shown, output: result.output }));
  process.exit(0);
}

main().catch((e) => {
  console.error(e);
  process.exit(3);
});
