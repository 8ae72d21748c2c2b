// Tests of the JavaScript example bot, with Node's own test runner (make test runs them):
//     node --test Examples/bots/
'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { spawn } = require('node:child_process');
const path = require('node:path');
const readline = require('node:readline');
const { answer } = require('./faq_bot.js');

const event = (kind, more = {}) => ({ version: 1, sequence: 1, chatId: 'c1', event: kind, nickname: 'Bo', memory: {}, seed: 0, ...more });

test('answers from its table and starts a nudge timer', () => {
  const actions = answer(event('customerText', { text: 'How long is delivery?' }));
  assert.deepStrictEqual(actions[0], { type: 'say', text: 'Delivery takes two to three working days.', typing: 1, origin: 'delivery' });
  assert.deepStrictEqual(actions[1], { type: 'startTimer', name: 'nudge', seconds: 60, cancelledByCustomer: true });
});

test('picks its greeting with the seed', () => {
  assert.notStrictEqual(answer(event('agentJoined', { seed: 0 }))[0].text, answer(event('agentJoined', { seed: 1 }))[0].text);
  assert.strictEqual(answer(event('agentJoined', { seed: 2 }))[0].text, answer(event('agentJoined', { seed: 0 }))[0].text);
});

test('runs as a child process: one line in, one line out, garbage answered with nothing', async () => {
  const bot = spawn(process.execPath, [path.join(__dirname, 'faq_bot.js')], { stdio: ['pipe', 'pipe', 'ignore'] });
  const lines = readline.createInterface({ input: bot.stdout })[Symbol.asyncIterator]();
  bot.stdin.write('not json\n');
  assert.deepStrictEqual(JSON.parse((await lines.next()).value), []);
  bot.stdin.write(JSON.stringify(event('customerText', { text: 'bye' })) + '\n');
  assert.deepStrictEqual(JSON.parse((await lines.next()).value), [{ type: 'say', text: 'Goodbye!', origin: 'bye' }, { type: 'leave' }]);
  bot.stdin.end();
  await new Promise((resolve) => bot.on('exit', resolve));
});
