// The emulator as a test double, from JavaScript: nothing but the `gws-emulator` binary and
// Node's built-ins (node:test, fetch, child_process), no npm package.
//
// One server for the file (`serve --port 0 --clock virtual`), a reset before every test, time
// moved over HTTP: no test sleeps. Run it with `make test`, or by hand:
//
//     GWS_EMULATOR_BINARY=.build/debug/gws-emulator node --test Examples/javascript/
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

const repository = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const binary = process.env.GWS_EMULATOR_BINARY ?? join(repository, '.build/debug/gws-emulator');

let server;
let url;
let data;

before(async () => {
  data = mkdtempSync(join(tmpdir(), 'gws-node-'));
  server = spawn(binary, ['serve', '--port', '0', '--clock', 'virtual', '--data', data,
    '--bots', join(repository, 'Bots'), '--bot', 'support', '--seed', '1'], { stdio: ['ignore', 'pipe', 'ignore'] });
  // Ready when it prints `listening on URL`.
  const lines = createInterface({ input: server.stdout });
  const [line] = await Promise.race([
    new Promise((ok) => lines.once('line', (text) => ok([text]))),
    new Promise((_, fail) => server.once('exit', () => fail(new Error('gws-emulator exited before it was ready')))),
  ]);
  assert.match(line, /^listening on /);
  url = line.slice('listening on '.length).trim();
});

after(async () => {
  const exited = new Promise((ok) => server.once('exit', ok));
  server.kill('SIGTERM');
  await exited;
  rmSync(data, { recursive: true, force: true });
});

// A clean slate before every test: no chats, faults or recorded requests; the same seed.
beforeEach(async () => {
  assert.equal((await call('POST', '/emulator/reset', { seed: 1 })).status, 200);
});

async function call(method, path, body) {
  const response = await fetch(url + path, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

async function advance(duration) {
  const { status, json } = await call('POST', '/emulator/clock', { advance: duration });
  assert.equal(status, 200, JSON.stringify(json));
  return json;
}

async function requestChat(nickname = 'Ann') {
  const { status, json } = await call('POST', '/api/v2/chats', { operationName: 'RequestChat', nickname, subject: 'Where is my order?' });
  assert.equal(status, 200);
  return json.id;
}

const operation = (chat, operationName, fields = {}) => call('POST', `/api/v2/chats/${chat}`, { operationName, ...fields });
const state = async (chat) => (await call('GET', `/api/v2/chats/${chat}`)).json.chat.state;
const transcript = async (chat) => (await call('GET', `/api/v2/chats/${chat}/messages?index=0`)).json.messages;
const agentTexts = async (chat) => (await transcript(chat)).filter((m) => m.type === 'Text' && m.from.type === 'Agent').map((m) => m.text);

test('a greeting on virtual time in under 100 ms', async () => {
  // The best of three tries, so that a busy CI machine's one slow moment does not decide; on the
  // wall clock the 1-3 s join and the typing alone would take seconds.
  const times = [];
  for (let attempt = 0; attempt < 3; attempt += 1) {
    await call('POST', '/emulator/reset', { seed: 1 });
    const started = performance.now();
    const chat = await requestChat();
    await advance('10s'); // the agent's 1-3 s join and its typing, in virtual time
    const greeting = await agentTexts(chat);
    times.push(performance.now() - started);
    assert.deepEqual(greeting, ["Hi Ann, I'm Sam from Northwind Shop. How can I help you today?"]);
  }
  assert.ok(Math.min(...times) < 100, times.map((t) => `${t.toFixed(0)} ms`).join(', '));
});

test('an idle nudge after 30 virtual seconds', async () => {
  const chat = await requestChat();
  await advance('10s');
  // The customer starts typing and sends nothing: `idle 30` in Bots/support.rules nudges them.
  await operation(chat, 'SendStartTypingNotification');
  await advance('29s');
  assert.equal((await agentTexts(chat)).length, 1);
  await advance('6s'); // the timer at 30 s, then the nudge's typing
  assert.equal((await agentTexts(chat)).at(-1), "Take your time, Ann. I'm here when you're ready.");
});

test('a reset between tests leaves nothing behind', async () => {
  const chat = await requestChat();
  await operation(chat, 'SendMessage', { text: 'hello' });
  assert.equal((await call('POST', '/emulator/reset', { seed: 1 })).status, 200);
  assert.deepEqual((await call('GET', '/emulator/requests')).json.requests, []);
  assert.equal((await call('GET', `/api/v2/chats/${chat}`)).status, 404);
  assert.equal(await requestChat(), chat); // the same seed gives the same chat id again
});

test('a 503 on SendMessage, then success on retry', async () => {
  const chat = await requestChat();
  assert.equal((await call('POST', '/emulator/faults', { operation: 'SendMessage', status: 503, times: 1 })).status, 201);
  const refused = await operation(chat, 'SendMessage', { text: 'Is anyone there?' });
  assert.deepEqual([refused.status, refused.json.statusCode], [503, 4]);
  assert.equal((await operation(chat, 'SendMessage', { text: 'Is anyone there?' })).status, 200);
  const customerLines = (await transcript(chat)).filter((m) => m.type === 'Text' && m.from.type === 'Customer').map((m) => m.text);
  assert.deepEqual(customerLines, ['Is anyone there?']);
});

test('the agent that never joins', async () => {
  await call('POST', '/emulator/faults', { operation: 'RequestChat', kind: 'agent-never-joins' });
  const chat = await requestChat();
  await advance('30s');
  assert.equal(await state(chat), 'WaitingForAgent');
  assert.deepEqual(await agentTexts(chat), []);
});

test('the agent that leaves', async () => {
  const chat = await requestChat();
  await advance('10s');
  await call('POST', '/emulator/faults', { operation: 'SendMessage', kind: 'agent-leaves', after: 1, chat });
  await operation(chat, 'SendMessage', { text: 'I need help' });
  assert.equal(await state(chat), 'Idle');
  const last = (await transcript(chat)).at(-1);
  assert.deepEqual([last.type, last.from.type], ['ParticipantLeft', 'Agent']);
});

test('the request record shows what the client sent', async () => {
  const chat = await requestChat();
  await operation(chat, 'SendStartTypingNotification');
  await operation(chat, 'SendMessage', { text: 'hi' });
  await transcript(chat);
  const { requests } = (await call('GET', `/emulator/requests?chat=${chat}`)).json;
  assert.deepEqual(requests.map((r) => r.operation), ['SendStartTypingNotification', 'SendMessage', 'GetTranscript']);
  assert.ok(requests.every((r) => r.status === 200));
  assert.equal(JSON.parse(requests[1].body).text, 'hi');
});
