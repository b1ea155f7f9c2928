/**
 * The loader's scrub (scrubSecretShaped) on URLs: the plain API links every user carries are left
 * as they are by a short path, and every URL that path must not skip is still redacted (a
 * webhook's credential path, user info, a JWT in the path, a secret query parameter).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { REDACTED, scrubSecretShaped } from '../src/secrets/redact.js';

function scrubbed(url: string): string {
  const doc = { okta: { users: [{ _links: { self: { href: url } } }] } };
  scrubSecretShaped(doc);
  return doc.okta.users[0]._links.self.href;
}

test('plain API links are left as they are', () => {
  for (const url of [
    'https://acme.okta.com/api/v1/users/00u1a2b3c4d5e6f7a1d7/lifecycle/reset_password',
    'https://acme.okta.com/api/v1/meta/schemas/user/oscnkw1sdzpoFCZMq1d7',
    'http://127.0.0.1:8080/api/v1/apps/0oa1',
  ])
    assert.is(scrubbed(url), url);
});

test('webhook URLs lose their credential path, whatever their case', () => {
  const cases: [string, string][] = [
    ['https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXX', 'https://hooks.slack.com/services/'],
    ['HTTPS://HOOKS.SLACK.COM/services/T000/B000/XXXXXXXXXXXXXXXX', 'HTTPS://HOOKS.SLACK.COM/services/'],
    [
      'https://acme.webhook.office.com/webhookb2/abc-def/IncomingWebhook/123',
      'https://acme.webhook.office.com/webhookb2/',
    ],
    ['https://discord.com/api/webhooks/1234/abcdefgh', 'https://discord.com/api/webhooks/'],
    ['https://api.telegram.org/bot123456:ABCdefGHI/sendMessage', 'https://api.telegram.org/bot'],
    [
      'https://prod-01.westus.logic.azure.com:443/workflows/abc123/triggers',
      'https://prod-01.westus.logic.azure.com:443/workflows/',
    ],
    ['https://hook.eu1.make.com/abcdefghijk', 'https://hook.eu1.make.com/'],
    ['https://webhook.site/0000-1111', 'https://webhook.site/'],
    ['https://maker.ifttt.com/trigger/event/with/key/abcdef123', 'https://maker.ifttt.com/trigger/event/with/key/'],
  ];
  for (const [url, kept] of cases) assert.is(scrubbed(url), `${kept}${REDACTED}`, url);
});

test('user info, a JWT in the path and a secret parameter are redacted', () => {
  assert.is(scrubbed('https://admin:hunter22@acme.example.com/x'), `https://${REDACTED}@acme.example.com/x`);
  const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlX2hlcmU';
  assert.not.ok(scrubbed(`https://acme.example.com/callback/${jwt}`).includes(jwt));
  assert.not.ok(scrubbed('https://acme.example.com/cb?client_secret=s3cr3tvalue').includes('s3cr3tvalue'));
});

test.run();
