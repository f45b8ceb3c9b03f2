// Parse each file named on the command line with Mermaid's own parser
// (`mermaid.parse`, the parser the renderer uses); print each file's
// diagram type, and exit 1 if any file does not parse.
//
// mermaid imports DOMPurify, which builds itself from a DOM at import
// time. Parsing renders nothing, so a minimal stand-in is enough: with
// it DOMPurify reports itself unsupported and leaves text as it is, and
// mermaid's grammar still reads every statement, label and style.
import { readFileSync } from 'node:fs';

globalThis.window = {
  document: { nodeType: 9, createElement: () => ({}) },
  Element: class Element {},
};
const mermaid = (await import('mermaid')).default;

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node parse.mjs FILE…');
  process.exit(2);
}
let failed = 0;
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  try {
    const r = await mermaid.parse(text);
    console.log(`ok ${file}: ${r.diagramType}`);
  } catch (e) {
    failed += 1;
    console.error(`error: ${file} does not parse:\n${e.message}`);
  }
}
// A parser that accepted anything would pass every file: refuse a
// malformed one too.
try {
  await mermaid.parse('flowchart TB\n  a[["unclosed"] --> b\n');
  console.error('error: the parser accepted a malformed diagram');
  failed += 1;
} catch {
  // expected
}
process.exit(failed === 0 ? 0 : 1);
