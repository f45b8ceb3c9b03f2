// language-configuration.json: the patterns VS Code compiles as JavaScript
// regular expressions do what a `.net` file needs.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const conf = require('../language-configuration.json');

test('comments are #, brackets are {}, quotes and braces close themselves', () => {
  assert.equal(conf.comments.lineComment, '#');
  assert.deepEqual(conf.brackets, [['{', '}']]);
  const opens = conf.autoClosingPairs.map((p) => p.open + p.close);
  assert.deepEqual(opens.sort(), ['""', '{}']);
});

test('a word is a whole netlint word: names, CIDRs, arrows, ARNs', () => {
  const word = new RegExp(conf.wordPattern, 'g');
  const words = (line) => line.match(word);
  assert.deepEqual(words('route 0.0.0.0/0 -> nat-a #out'), ['route', '0.0.0.0/0', '->', 'nat-a', 'out']);
  assert.deepEqual(words('subnets public-a, public_c;'), ['subnets', 'public-a', 'public_c']);
  assert.deepEqual(words('certificate arn:aws:acm:us-east-1:1:certificate/abc'), [
    'certificate',
    'arn:aws:acm:us-east-1:1:certificate/abc',
  ]);
});

test('indentation: after an open block, back at its closing brace', () => {
  const increase = new RegExp(conf.indentationRules.increaseIndentPattern);
  const decrease = new RegExp(conf.indentationRules.decreaseIndentPattern);
  assert.ok(increase.test('security-group app-sg {'));
  assert.ok(increase.test('vpc main {  # the network'));
  assert.ok(!increase.test('vpc main { cidr 10.0.0.0/16 }'));
  assert.ok(!increase.test('description "a { b"'));
  assert.ok(decrease.test('  }'));
  assert.ok(!decrease.test('  vpc main'));
});
