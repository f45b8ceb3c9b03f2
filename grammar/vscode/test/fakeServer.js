// A minimal language server over stdio for client.test.js: answers
// `initialize` and `shutdown`, ends on `exit`, and appends each method it
// receives to the file named by its argument.
'use strict';
const fs = require('fs');
const log = process.argv[2];
let buf = Buffer.alloc(0);
process.stdin.on('data', (d) => {
  buf = Buffer.concat([buf, d]);
  for (;;) {
    const h = buf.indexOf('\r\n\r\n');
    if (h < 0) return;
    const len = Number(/Content-Length: (\d+)/i.exec(buf.slice(0, h).toString())[1]);
    if (buf.length < h + 4 + len) return;
    const msg = JSON.parse(buf.slice(h + 4, h + 4 + len).toString());
    buf = buf.slice(h + 4 + len);
    fs.appendFileSync(log, msg.method + '\n');
    const reply = (result) => {
      const body = JSON.stringify({ jsonrpc: '2.0', id: msg.id, result });
      process.stdout.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    };
    if (msg.method === 'initialize') reply({ capabilities: { textDocumentSync: 1, hoverProvider: true } });
    else if (msg.method === 'shutdown') reply(null);
    else if (msg.method === 'exit') process.exit(0);
  }
});
