// Prints Bolt's verdict for each signature fixture, as a reference for IgaBot's own verifier.
// Usage: node verify-signatures.mjs fixtures.json
// Fixture: { name, secret, timestamp, body, signature, now } (timestamp and now in Unix seconds).
import { readFileSync } from 'node:fs';
import bolt from '@slack/bolt';

const { isValidSlackRequest } = bolt;
const fixtures = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const verdicts = fixtures.map((f) => ({
  name: f.name,
  valid: isValidSlackRequest({
    signingSecret: f.secret,
    body: f.body,
    headers: {
      'x-slack-signature': f.signature,
      'x-slack-request-timestamp': Number(f.timestamp),
    },
    nowMilliseconds: f.now * 1000,
  }),
}));
process.stdout.write(JSON.stringify(verdicts));
