// Where the `netlint` executable is: the `netlint.path` setting, else
// `netlint` on PATH. Pure (the file system comes in through `Environment`),
// so the tests run it under node without VS Code.

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** What the lookup may know about the machine. */
export interface Environment {
  platform: NodeJS.Platform;
  /** The process environment: `PATH` (any case on Windows), `PATHEXT`. */
  env: NodeJS.ProcessEnv;
  home: string;
  /** The first workspace folder, for a relative `netlint.path`. */
  workspaceFolder?: string;
  /** An existing regular file this user may execute. */
  isExecutable(file: string): boolean;
}

export type Resolution =
  | { ok: true; command: string; from: 'setting' | 'path' }
  | { ok: false; message: string; from: 'setting' | 'path' };

/** The environment of this process. */
export function nodeEnvironment(workspaceFolder?: string): Environment {
  return {
    platform: process.platform,
    env: process.env,
    home: os.homedir(),
    workspaceFolder,
    isExecutable,
  };
}

function isExecutable(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    if (process.platform !== 'win32') {
      fs.accessSync(file, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}

const INSTALL =
  'Install netlint (`cargo install --path .` in a checkout of netlint) or set `netlint.path` to the netlint executable.';

/**
 * The command that runs netlint. `setting` is the `netlint.path` setting:
 * empty means `netlint` on PATH; a bare name (no directory) is looked up on
 * PATH too; `~` is the home directory; a relative path is taken from the
 * first workspace folder.
 */
export function resolveServer(setting: string | undefined, e: Environment): Resolution {
  const p = e.platform === 'win32' ? path.win32 : path.posix;
  const written = (setting ?? '').trim();
  if (written === '') {
    const found = onPath('netlint', e);
    return found !== undefined
      ? { ok: true, command: found, from: 'path' }
      : { ok: false, from: 'path', message: `netlint was not found on PATH. ${INSTALL}` };
  }
  const hasDirectory = written.includes('/') || (e.platform === 'win32' && written.includes('\\'));
  if (!hasDirectory && written !== '~') {
    const found = onPath(written, e);
    return found !== undefined
      ? { ok: true, command: found, from: 'setting' }
      : {
          ok: false,
          from: 'setting',
          message: `\`netlint.path\` is \`${written}\`, which is not on PATH. Set it to the full path of the netlint executable.`,
        };
  }
  let file = written;
  if (file === '~' || file.startsWith('~/') || (e.platform === 'win32' && file.startsWith('~\\'))) {
    file = p.join(e.home, file.slice(1));
  }
  if (!p.isAbsolute(file)) {
    if (e.workspaceFolder === undefined) {
      return {
        ok: false,
        from: 'setting',
        message: `\`netlint.path\` is the relative path \`${written}\`, but no folder is open to take it from. Set it to an absolute path.`,
      };
    }
    file = p.join(e.workspaceFolder, file);
  }
  for (const candidate of withExtensions(file, e)) {
    if (e.isExecutable(candidate)) {
      return { ok: true, command: candidate, from: 'setting' };
    }
  }
  return {
    ok: false,
    from: 'setting',
    message: `\`netlint.path\` is \`${written}\`, but there is no executable file at ${file}.`,
  };
}

/** The first executable `name` in the directories of PATH. */
export function onPath(name: string, e: Environment): string | undefined {
  const p = e.platform === 'win32' ? path.win32 : path.posix;
  const delimiter = e.platform === 'win32' ? ';' : ':';
  for (const dir of pathVariable(e).split(delimiter)) {
    // An empty entry would mean the current directory: never search it.
    if (dir.trim() === '' || !p.isAbsolute(dir)) {
      continue;
    }
    for (const candidate of withExtensions(p.join(dir, name), e)) {
      if (e.isExecutable(candidate)) {
        return candidate;
      }
    }
  }
  return undefined;
}

/** PATH, whatever its case on Windows (`Path` there). */
function pathVariable(e: Environment): string {
  if (e.platform !== 'win32') {
    return e.env.PATH ?? '';
  }
  const key = Object.keys(e.env).find((k) => k.toUpperCase() === 'PATH');
  return key === undefined ? '' : (e.env[key] ?? '');
}

/**
 * On Windows, a name without an extension tries the program extensions of
 * PATHEXT. Batch files (`.bat`, `.cmd`) are left out: the server is spawned
 * without a shell, which cannot run them.
 */
function withExtensions(file: string, e: Environment): string[] {
  if (e.platform !== 'win32' || path.win32.extname(file) !== '') {
    return [file];
  }
  return (e.env.PATHEXT ?? '.COM;.EXE')
    .split(';')
    .map((x) => x.trim().toLowerCase())
    .filter((x) => x === '.exe' || x === '.com')
    .map((x) => file + x);
}
