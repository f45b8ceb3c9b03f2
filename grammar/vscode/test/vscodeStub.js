// A stand-in for the `vscode` module, enough for the extension and
// vscode-languageclient to load, activate and fail to start: it records the
// notifications shown and the commands run. Anything else it is asked for is
// a harmless no-op (a Proxy), so the test breaks only on behaviour, not on
// an API the stub did not list.
'use strict';

function anything(name) {
  const fn = function () {};
  return new Proxy(fn, {
    get(_t, key) {
      if (key === 'then') return undefined; // not a promise
      if (key === Symbol.toPrimitive) return () => name;
      if (key === 'dispose') return () => {};
      return anything(`${name}.${String(key)}`);
    },
    apply() {
      return anything(`${name}()`);
    },
    construct() {
      return anything(`new ${name}`);
    },
  });
}

class EventEmitter {
  constructor() {
    this.listeners = [];
    this.event = (l) => {
      this.listeners.push(l);
      return { dispose() {} };
    };
  }
  fire(e) {
    for (const l of this.listeners) l(e);
  }
  dispose() {}
}

class Disposable {
  constructor(f) {
    this.f = f;
  }
  static from(...ds) {
    return new Disposable(() => ds.forEach((d) => d && d.dispose && d.dispose()));
  }
  dispose() {
    if (this.f) this.f();
  }
}

function create(settings) {
  const shown = [];
  const executed = [];
  const configListeners = [];
  const output = [];
  const window = {
    showErrorMessage: (message, ...items) => {
      shown.push({ message, items });
      return Promise.resolve(undefined);
    },
    showWarningMessage: (message, ...items) => {
      shown.push({ message, items, warning: true });
      return Promise.resolve(undefined);
    },
    showInformationMessage: () => Promise.resolve(undefined),
    createOutputChannel: () => ({
      appendLine: (l) => output.push(l),
      append: (l) => output.push(l),
      show() {},
      clear() {},
      dispose() {},
      replace() {},
      hide() {},
      name: 'netlint',
    }),
    activeTextEditor: undefined,
    visibleTextEditors: [],
    onDidChangeActiveTextEditor: () => ({ dispose() {} }),
    onDidChangeVisibleTextEditors: () => ({ dispose() {} }),
  };
  const workspace = {
    workspaceFolders: undefined,
    textDocuments: [],
    getConfiguration: (section) => ({
      get: (key, dflt) => {
        const full = section ? `${section}.${key}` : key;
        return full in settings ? settings[full] : dflt;
      },
    }),
    onDidChangeConfiguration: (l) => {
      configListeners.push(l);
      return { dispose() {} };
    },
    onDidOpenTextDocument: () => ({ dispose() {} }),
    onDidCloseTextDocument: () => ({ dispose() {} }),
    onDidChangeTextDocument: () => ({ dispose() {} }),
    onDidSaveTextDocument: () => ({ dispose() {} }),
    onWillSaveTextDocument: () => ({ dispose() {} }),
    onDidChangeWorkspaceFolders: () => ({ dispose() {} }),
  };
  const commands = {
    registerCommand: () => ({ dispose() {} }),
    executeCommand: (...args) => {
      executed.push(args);
      return Promise.resolve();
    },
  };
  const base = {
    version: '1.90.0',
    window,
    workspace,
    commands,
    EventEmitter,
    Disposable,
    env: { language: 'en', appName: 'stub', machineId: 'stub', sessionId: 'stub', openExternal: async () => true },
    Uri: { parse: (s) => ({ toString: () => s }), file: (p) => ({ fsPath: p, toString: () => `file://${p}` }) },
  };
  const module = new Proxy(base, {
    get(t, key) {
      if (key in t) return t[key];
      if (key === '__esModule') return false;
      return anything(String(key));
    },
  });
  return {
    module,
    shown,
    executed,
    output,
    setSetting(key, value) {
      settings[key] = value;
      for (const l of configListeners) l({ affectsConfiguration: (s) => key === s || key.startsWith(`${s}.`) });
    },
  };
}

module.exports = { create };
