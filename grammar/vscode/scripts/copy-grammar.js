// Copies the one TextMate grammar, grammar/netlint.tmLanguage.json, into the
// extension before packaging: vsce packages only files under this folder,
// and the grammar's source stays where the project checks it. The copy is
// git-ignored.
'use strict';
const fs = require('fs');
const path = require('path');

const source = path.join(__dirname, '..', '..', 'netlint.tmLanguage.json');
const target = path.join(__dirname, '..', 'syntaxes', 'netlint.tmLanguage.json');
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.copyFileSync(source, target);
console.log(`copied ${path.relative(process.cwd(), source)} -> ${path.relative(process.cwd(), target)}`);
