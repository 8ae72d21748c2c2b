#!/usr/bin/env node
// A question-and-answer bot as a child process (exec:), Node's built-in modules only: it answers
// from a small table of keywords, picks its greeting with the event's seed (so the same seed gives
// the same chat), and nudges a customer who goes quiet with a timer. One JSON event per line on
// standard input, one JSON answer per line on standard output (docs/external-bots.md).
//
//     gws-emulator serve --bot exec:"node Examples/bots/faq_bot.js"
'use strict';
const readline = require('node:readline');

const GREETINGS = ['Hello! Ask me about opening hours, delivery or returns.',
                   'Hi there! I know about opening hours, delivery and returns.'];
const ANSWERS = [
  [/hour|open|close/i, 'hours', 'We are open 9:00 to 17:00, Monday to Friday.'],
  [/deliver|ship/i, 'delivery', 'Delivery takes two to three working days.'],
  [/return|refund/i, 'returns', 'You can return anything within 30 days.'],
];

function answer(event) {
  switch (event.event) {
    case 'agentJoined':
      return [{ type: 'say', text: GREETINGS[event.seed % GREETINGS.length], origin: 'greeting' }];
    case 'timerFired':
      return event.timer === 'nudge' ? [{ type: 'say', text: 'Are you still there?', origin: 'nudge' }] : [];
    case 'customerText': {
      if (/^(bye|thanks?|thank you)\b/i.test(event.text)) {
        return [{ type: 'say', text: 'Goodbye!', origin: 'bye' }, { type: 'leave' }];
      }
      const nudge = { type: 'startTimer', name: 'nudge', seconds: 60, cancelledByCustomer: true };
      const found = ANSWERS.find(([pattern]) => pattern.test(event.text));
      if (!found) {
        return [{ type: 'say', text: 'Sorry, I only know about opening hours, delivery and returns.', origin: 'unknown' }, nudge];
      }
      return [{ type: 'say', text: found[2], typing: 1, origin: found[1] }, nudge];
    }
    default:
      return [];
  }
}

if (require.main === module) {
  const lines = readline.createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    let actions = [];
    try {
      actions = answer(JSON.parse(line));
    } catch (error) {
      process.stderr.write(`faq bot: cannot answer: ${error.message}\n`);
    }
    process.stdout.write(JSON.stringify(actions) + '\n');
  });
}

module.exports = { answer };
