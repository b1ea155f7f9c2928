// Drift attribution through the real CLI against the Okta emulator's System Log: each change names
// the admin whose event targets it within the baseline-to-current window, and nobody else; a
// forbidden log, a baseline outside the retention and a missing event each say "not attributed" and
// why, without changing the exit code; every format shows it. Needs a build (npm test builds first).
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { validator } from '../src/util/ajv.ts';
import { cleanSnapshot, runCliAsync, tempDir, writeJson, type CliResult } from './helpers/cli.ts';
import { validateSarif, validateSarifSchema } from './helpers/sarif-validate.ts';
import { startEmulator, type EmulatorOptions, type OktaEmulator } from './emulator/okta-emulator.ts';
import { orgFromSnapshot, cleanSnapshot as emulatorSnapshot } from './emulator/org.ts';
import { logEvent } from './emulator/system-log.ts';

type Doc = Record<string, any>;

const IDP = '0oabyndidp000000a1d7';
const RULE = '0prbyndid0000000a1d7';
const POLICY = '00p5qwjvjjpuZBaOR1d7';
const ADMINS_GROUP = '00gadmins0000000a1d7';
const DAY = 86400e3;
const TOKEN = 'attribution-token-00000000000000000000';

const alice = { id: '00ualiceadmin000a1d7', alternateId: 'alice.admin@acme.com', displayName: 'Alice Admin' };
const bob = { id: '00ubobadmin00000a1d7', alternateId: 'bob.admin@acme.com', displayName: 'Bob Admin' };
const carol = { id: '00ucaroladmin000a1d7', alternateId: 'carol.admin@acme.com', displayName: 'Carol Admin' };
const dave = { id: '00udaveadmin0000a1d7', alternateId: 'dave.admin@acme.com', displayName: 'Dave Admin' };

const tmp = tempDir('okta-bi-lint-attribution-');
const validateReport = validator('drift-report.schema.json');

function json(r: CliResult): Doc {
  try {
    return JSON.parse(r.stdout);
  } catch {
    throw new Error(`not JSON (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  }
}

function valid(doc: Doc): Doc {
  assert.ok(validateReport(doc), JSON.stringify(validateReport.errors, null, 2));
  return doc;
}

const idpUpdate = (actor: typeof alice, at: number, ip = '203.0.113.10') =>
  logEvent({
    actor,
    eventType: 'system.idp.lifecycle.update',
    displayMessage: 'Update IdP',
    published: at,
    ip,
    targets: [{ id: IDP, type: 'IdentityProvider', displayName: 'Beyond Identity' }],
  });
// The rule is the event's second target: matching reads every target, not only the first.
const ruleUpdate = (actor: typeof alice, at: number) =>
  logEvent({
    actor,
    eventType: 'policy.rule.update',
    displayMessage: 'Update policy rule',
    published: at,
    ip: '203.0.113.20',
    targets: [
      { id: POLICY, type: 'Policy' },
      { id: RULE, type: 'PolicyRule', displayName: 'Beyond Identity Auth' },
    ],
  });

/** Sign-ins through the IdP and sign-on evaluations of the rule: they name the changed resources too. */
function signIns(n: number, from: number, to: number): Doc[] {
  const out: Doc[] = [];
  for (let i = 0; i < n; i++) {
    const user = {
      id: `00uuser${String(i).padStart(5, '0')}a1d7`,
      alternateId: `user${String(i).padStart(5, '0')}@acme.com`,
      displayName: `Signin User ${i}`,
    };
    const at = from + ((to - from) * (i + 0.5)) / n;
    out.push(
      i % 5 === 4
        ? logEvent({
            actor: user,
            eventType: 'policy.evaluate_sign_on',
            displayMessage: 'Evaluation of sign-on policy',
            published: at,
            targets: [
              { id: POLICY, type: 'Policy' },
              { id: RULE, type: 'PolicyRule' },
            ],
          })
        : logEvent({
            actor: user,
            eventType: 'user.authentication.auth_via_IDP',
            displayMessage: 'Authenticate user via IDP',
            published: at,
            targets: [
              { id: IDP, type: 'IdentityProvider' },
              { id: user.id, type: 'User' },
            ],
          }),
    );
  }
  return out;
}

/** Baseline and current snapshot of the emulator's org: the IdP's scopes and the routing rule's name changed. */
function files(
  name: string,
  baselineAt: number,
  currentAt: number,
  orgUrl: string,
): { baseline: string; current: string } {
  const b = cleanSnapshot();
  b.okta.orgUrl = orgUrl;
  b.collectedAt = new Date(baselineAt).toISOString();
  const c = JSON.parse(JSON.stringify(b));
  c.collectedAt = new Date(currentAt).toISOString();
  c.okta.idps.find((i: Doc) => i.id === IDP).protocol.scopes.push('profile');
  c.okta.idpDiscoveryPolicies[0]._rules.find((r: Doc) => r.id === RULE).name = 'BI Auth';
  writeJson(tmp.file(`${name}.baseline.json`), b);
  writeJson(tmp.file(`${name}.current.json`), c);
  return { baseline: `${name}.baseline.json`, current: `${name}.current.json` };
}

async function emulator(systemLog: Doc[], extra: Partial<EmulatorOptions> = {}): Promise<OktaEmulator> {
  return startEmulator({
    org: orgFromSnapshot(await emulatorSnapshot()),
    tokens: [TOKEN],
    rateLimits: false,
    systemLog,
    ...extra,
  });
}

const envFor = (emu: OktaEmulator) => ({
  OKTA_ORG_URL: emu.url,
  OKTA_API_TOKEN: TOKEN,
  OKTA_CLIENT_ID: undefined,
  OKTA_PRIVATE_KEY: undefined,
  OKTA_SCOPES: undefined,
  OKTA_CLIENT_TOKEN: undefined,
  OKTA_CLIENT_ORGURL: undefined,
});

function drift(emu: OktaEmulator, f: { baseline: string; current: string }, ...args: string[]): Promise<CliResult> {
  return runCliAsync(['drift', '--baseline', f.baseline, '--current', f.current, '--no-check', ...args], {
    cwd: tmp.dir,
    env: envFor(emu),
    timeoutMs: 60_000,
  });
}

const logRequests = (emu: OktaEmulator) => emu.log.filter((e) => e.path === '/api/v1/logs');
const byType = (doc: Doc, type: string) => doc.changes.filter((c: Doc) => c.type === type);

// ---------------------------------------------------------------------------------------------

const named = suite('drift attribution: who changed it');

named(
  'should name exactly the admin whose event targets each change, in every format, with one bounded query',
  async () => {
    const now = Date.now();
    const baselineAt = now - 10 * DAY;
    const currentAt = now - 60_000;
    const events = [
      idpUpdate(alice, now - 5 * DAY),
      ruleUpdate(bob, now - 3 * DAY),
      idpUpdate(carol, baselineAt - 2 * DAY), // before the baseline: already approved
      logEvent({
        actor: dave,
        eventType: 'group.profile.update',
        displayMessage: 'Update group profile',
        published: now - 4 * DAY,
        targets: [{ id: ADMINS_GROUP, type: 'UserGroup' }],
      }), // unrelated
      ...signIns(1500, baselineAt + DAY, currentAt - DAY),
    ];
    const emu = await emulator(events);
    try {
      const f = files('named', baselineAt, currentAt, emu.url);
      const r = await drift(emu, f, '--format', 'json');
      const doc = valid(json(r));
      assert.is(r.code, 1, r.stderr);
      const [idp] = byType(doc, 'idp');
      const [rule] = byType(doc, 'routing-rule');
      assert.is(idp.attribution.status, 'attributed');
      assert.equal(
        idp.attribution.events.map((e: Doc) => e.actor.alternateId),
        ['alice.admin@acme.com'],
      );
      assert.equal(idp.attribution.events[0], {
        actor: { id: alice.id, type: 'User', alternateId: alice.alternateId, displayName: alice.displayName },
        published: events[0].published,
        eventType: 'system.idp.lifecycle.update',
        displayMessage: 'Update IdP',
        clientIp: '203.0.113.10',
        transactionId: events[0].transaction.id,
        eventId: events[0].uuid,
      });
      assert.is(idp.attribution.moreEvents, 0);
      assert.equal(idp.attribution.window, {
        since: new Date(baselineAt).toISOString(),
        until: new Date(currentAt).toISOString(),
      });
      assert.equal(
        rule.attribution.events.map((e: Doc) => e.actor.alternateId),
        ['bob.admin@acme.com'],
      );
      // one query for both ids: 1,500 sign-ins and the two changes come in two pages of 1,000, not one request per event
      const reqs = logRequests(emu);
      assert.is(reqs.length, 2, reqs.map((e) => e.search).join('\n'));
      const q = new URLSearchParams(reqs[0].search);
      assert.equal(
        [q.get('since'), q.get('until'), q.get('limit')],
        [new Date(baselineAt).toISOString(), new Date(currentAt).toISOString(), '1000'],
      );
      assert.equal(q.get('filter')!.split(' or ').sort(), [`target.id eq "${IDP}"`, `target.id eq "${RULE}"`]);
      assert.ok(new URLSearchParams(reqs[1].search).get('after'), 'the second page follows the next link');

      // every format: each change names its admin; the third and fourth admins and the sign-ins appear nowhere
      const outputs: Record<string, string> = { json: r.stdout };
      for (const format of ['text', 'sarif', 'markdown', 'html', 'junit']) {
        const o = await drift(emu, f, '--format', format);
        assert.is(o.code, 1, `${format}: ${o.stderr}`);
        outputs[format] = o.stdout;
      }
      for (const [format, out] of Object.entries(outputs)) {
        assert.match(out, 'alice.admin@acme.com', format);
        assert.match(out, 'bob.admin@acme.com', format);
        for (const absent of ['carol.admin', 'Carol Admin', 'dave.admin', 'Dave Admin', '@acme.com (Signin', 'user00'])
          assert.not.match(out, absent, `${format} mentions ${absent}`);
      }
      const text = outputs.text.split('\n');
      const idpRow = text.findIndex((l) => l.includes('drift/idp-changed'));
      assert.match(
        text[idpRow + 1],
        `↳ changed by alice.admin@acme.com (Alice Admin) at ${events[0].published}: system.idp.lifecycle.update "Update IdP" from 203.0.113.10 (transaction ${events[0].transaction.id})`,
      );
      const ruleRow = text.findIndex((l) => l.includes('drift/routing-rule-changed'));
      assert.match(text[ruleRow + 1], '↳ changed by bob.admin@acme.com (Bob Admin)');
      assert.match(outputs.markdown, '| Changed by |');
      assert.match(outputs.html, '<th scope="col">Changed by</th>');
      assert.match(outputs.html, /<td data-label="Changed by">changed by alice\.admin@acme\.com \(Alice Admin\)/);
      assert.match(outputs.junit, 'Attribution: changed by bob.admin@acme.com (Bob Admin)');
      const sarif = JSON.parse(outputs.sarif);
      const res = sarif.runs[0].results.find((x: Doc) => x.ruleId === 'drift/idp-changed');
      assert.match(res.message.text, 'Changed by alice.admin@acme.com (Alice Admin)');
      assert.is(res.properties.attribution.events[0].actor.alternateId, 'alice.admin@acme.com');
      assert.ok(validateSarifSchema(sarif), JSON.stringify(validateSarifSchema.errors, null, 2));
      assert.not.ok(
        validateSarifSchema({ ...sarif, runs: [{ ...sarif.runs[0], results: [{ ...res, message: { text: 1 } }] }] }),
        'the schema check must be able to fail',
      );
      const v = validateSarif(outputs.sarif);
      assert.equal([v.errors, v.warnings], [[], []], v.output);

      // the same exit code without attribution, and then no request to the log and no attribution at all
      const before = logRequests(emu).length;
      const off = await drift(emu, f, '--format', 'json', '--no-attribution');
      assert.is(off.code, r.code);
      assert.ok(json(off).changes.every((c: Doc) => !('attribution' in c)));
      assert.is(logRequests(emu).length, before);
      assert.equal(emu.writes(), []);
    } finally {
      await emu.close();
    }
  },
);

named('should say "not attributed" and why for a change no event names, and never guess', async () => {
  const now = Date.now();
  const emu = await emulator([idpUpdate(alice, now - 2 * DAY), ...signIns(50, now - 9 * DAY, now - DAY)]);
  try {
    const doc = valid(
      json(await drift(emu, files('partial', now - 10 * DAY, now - 60_000, emu.url), '--format', 'json')),
    );
    assert.is(byType(doc, 'idp')[0].attribution.events[0].actor.alternateId, 'alice.admin@acme.com');
    const rule = byType(doc, 'routing-rule')[0].attribution;
    assert.equal([rule.status, rule.events, rule.moreEvents], ['not-attributed', [], 0]);
    assert.match(rule.reason, /^no System Log event names it between /);
  } finally {
    await emu.close();
  }
});

named('should list several events newest first, capped at five with a count of the rest', async () => {
  const now = Date.now();
  const admins = [alice, bob, carol, dave, alice, bob, carol];
  const emu = await emulator(admins.map((a, i) => idpUpdate(a, now - (8 - i) * DAY)));
  try {
    const doc = valid(json(await drift(emu, files('many', now - 10 * DAY, now - 60_000, emu.url), '--format', 'json')));
    const a = byType(doc, 'idp')[0].attribution;
    assert.equal(
      a.events.map((e: Doc) => e.actor.alternateId),
      [
        'carol.admin@acme.com',
        'bob.admin@acme.com',
        'alice.admin@acme.com',
        'dave.admin@acme.com',
        'carol.admin@acme.com',
      ],
    );
    assert.is(a.moreEvents, 2);
    const text = await drift(emu, files('many', now - 10 * DAY, now - 60_000, emu.url));
    assert.match(
      text.stdout,
      /↳ changed by carol\.admin@acme\.com \(Carol Admin\) at .*; 6 earlier events in the window by bob\.admin@acme\.com \(Bob Admin\), alice\.admin@acme\.com \(Alice Admin\), dave\.admin@acme\.com \(Dave Admin\), carol\.admin@acme\.com \(Carol Admin\) and others/,
    );
  } finally {
    await emu.close();
  }
});

named(
  'should stop on the empty page after a full one, although every page has a next link (polling style)',
  async () => {
    const now = Date.now();
    // exactly 1,000 events name the changed resources: a full page, then an empty one with a next link to itself
    const emu = await emulator([
      idpUpdate(alice, now - 2 * DAY),
      ruleUpdate(bob, now - 2 * DAY),
      ...signIns(998, now - 9 * DAY, now - 3 * DAY),
    ]);
    try {
      const r = await drift(emu, files('full', now - 10 * DAY, now - 60_000, emu.url), '--format', 'json');
      assert.is(r.code, 1, r.stderr);
      const reqs = logRequests(emu);
      assert.is(reqs.length, 2, reqs.map((e) => e.search).join('\n'));
      const doc = valid(json(r));
      assert.is(byType(doc, 'idp')[0].attribution.events[0].actor.alternateId, 'alice.admin@acme.com');
      assert.is(byType(doc, 'routing-rule')[0].attribution.events[0].actor.alternateId, 'bob.admin@acme.com');
    } finally {
      await emu.close();
    }
  },
);

named('should show hostile actor names as inert text: no terminal escape, no forged line', async () => {
  const now = Date.now();
  const mallory = {
    id: '00umallory000000a1d7',
    alternateId: 'mallory@acme.com\u001b[2J',
    displayName: 'Mallory\n  error  drift/idp-changed  forged\u202e',
  };
  const emu = await emulator([idpUpdate(mallory, now - 2 * DAY)]);
  try {
    const f = files('hostile', now - 10 * DAY, now - 60_000, emu.url);
    const text = await drift(emu, f);
    assert.not.match(text.stdout, '\u001b');
    assert.not.match(text.stdout, '\u202e');
    assert.is(text.stdout.split('\n').filter((l) => l.includes('forged')).length, 1, text.stdout);
    assert.match(
      text.stdout,
      '↳ changed by mallory@acme.com\ufffd[2J (Mallory\ufffd  error  drift/idp-changed  forged\ufffd)',
    );
    // JSON keeps the data as it is, escaped by JSON itself
    const doc = valid(json(await drift(emu, f, '--format', 'json')));
    assert.is(byType(doc, 'idp')[0].attribution.events[0].actor.displayName, mallory.displayName);
  } finally {
    await emu.close();
  }
});

named.run();

// ---------------------------------------------------------------------------------------------

const cannot = suite('drift attribution: when it cannot attribute');

cannot('should mark every change "not attributed" when the log is forbidden, with the same exit code', async () => {
  const now = Date.now();
  const emu = await emulator([idpUpdate(alice, now - 5 * DAY), ruleUpdate(bob, now - 3 * DAY)], {
    faults: [
      {
        kind: 'status',
        path: '/api/v1/logs',
        status: 403,
        errorCode: 'E0000006',
        errorSummary: 'You do not have permission to perform the requested action',
      },
    ],
  });
  try {
    const f = files('forbidden', now - 10 * DAY, now - 60_000, emu.url);
    const r = await drift(emu, f, '--format', 'json');
    const off = await drift(emu, f, '--format', 'json', '--no-attribution');
    assert.is(r.code, off.code);
    assert.is(r.code, 1);
    const doc = valid(json(r));
    assert.is(doc.changes.length, 2);
    for (const c of doc.changes) {
      assert.is(c.attribution.status, 'not-attributed');
      assert.equal(c.attribution.events, []);
      assert.match(c.attribution.reason, 'the System Log is forbidden to these credentials');
      assert.match(c.attribution.reason, 'HTTP 403 E0000006');
      assert.match(c.attribution.reason, 'okta.logs.read');
    }
    const text = await drift(emu, f);
    assert.is(text.code, 1);
    assert.is(
      text.stdout.split('\n').filter((l) => l.includes('↳ not attributed: the System Log is forbidden')).length,
      2,
      text.stdout,
    );
    assert.not.match(text.stdout, 'alice.admin');
  } finally {
    await emu.close();
  }
});

cannot(
  'should say "outside the System Log retention" for a baseline older than 90 days, and never ask for more',
  async () => {
    const now = Date.now();
    // the changes were made 100 days ago: Okta no longer has those events
    const emu = await emulator([idpUpdate(alice, now - 100 * DAY), ruleUpdate(bob, now - 100 * DAY)]);
    try {
      const f = files('old', now - 120 * DAY, now - 60_000, emu.url);
      const r = await drift(emu, f, '--format', 'json');
      assert.is(r.code, 1);
      const doc = valid(json(r));
      for (const c of doc.changes) {
        assert.is(c.attribution.status, 'not-attributed');
        assert.match(c.attribution.reason, 'outside the System Log retention');
      }
      assert.not.match(r.stdout, 'alice.admin');
      const since = Date.parse(new URLSearchParams(logRequests(emu)[0].search).get('since')!);
      assert.ok(since >= now - 90 * DAY && since < now - 89 * DAY, new Date(since).toISOString());
    } finally {
      await emu.close();
    }
  },
);

cannot('should say the rate limit was exhausted, with the same exit code', async () => {
  const now = Date.now();
  const emu = await emulator([idpUpdate(alice, now - 2 * DAY)], {
    faults: [{ kind: '429', path: '/api/v1/logs', resetInMs: 60_000 }],
  });
  try {
    const f = files('ratelimited', now - 10 * DAY, now - 60_000, emu.url);
    const r = await runCliAsync(
      ['drift', '--baseline', f.baseline, '--current', f.current, '--no-check', '--format', 'json'],
      { cwd: tmp.dir, env: { ...envFor(emu), OKTA_BI_LINT_MAX_429_WAITS: '0' }, timeoutMs: 60_000 },
    );
    assert.is(r.code, 1, r.stderr);
    for (const c of valid(json(r)).changes) {
      assert.is(c.attribution.status, 'not-attributed');
      assert.match(c.attribution.reason, "the System Log's rate limit was exhausted");
    }
    assert.not.match(r.stdout, 'alice.admin');
  } finally {
    await emu.close();
  }
});

cannot('should keep collecting and comparing when the service app is not granted okta.logs.read', async () => {
  const now = Date.now();
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const emu = await emulator([idpUpdate(alice, now - 5 * DAY)], {
    oauthClients: [
      {
        clientId: '0oaserviceapp00a1d7',
        publicKey: pair.publicKey,
        scopes: [
          'okta.schemas.read',
          'okta.groups.read',
          'okta.apps.read',
          'okta.idps.read',
          'okta.policies.read',
          'okta.eventHooks.read',
          'okta.apiTokens.read',
        ],
      },
    ],
  });
  try {
    const f = files('noscope', now - 10 * DAY, now - 60_000, emu.url);
    const env = {
      ...envFor(emu),
      OKTA_API_TOKEN: undefined,
      OKTA_CLIENT_ID: '0oaserviceapp00a1d7',
      OKTA_PRIVATE_KEY: pem,
    };
    const r = await runCliAsync(
      ['drift', '--baseline', f.baseline, '--current', f.current, '--no-check', '--format', 'json'],
      { cwd: tmp.dir, env, timeoutMs: 60_000 },
    );
    assert.is(r.code, 1, r.stderr);
    for (const c of valid(json(r)).changes) {
      assert.is(c.attribution.status, 'not-attributed');
      assert.match(c.attribution.reason, 'Okta refused the OAuth access token request');
    }
    assert.is(emu.log.filter((e) => e.path === '/oauth2/v1/token').length, 1);
    assert.is(logRequests(emu).length, 0);
  } finally {
    await emu.close();
  }
  // an app granted okta.logs.read and nothing else attributes: its token asks for that scope alone
  const logsOnly = await emulator([idpUpdate(alice, now - 5 * DAY)], {
    oauthClients: [{ clientId: '0oalogreader000a1d7', publicKey: pair.publicKey, scopes: ['okta.logs.read'] }],
  });
  try {
    const f = files('logsonly', now - 10 * DAY, now - 60_000, logsOnly.url);
    const env = {
      ...envFor(logsOnly),
      OKTA_API_TOKEN: undefined,
      OKTA_CLIENT_ID: '0oalogreader000a1d7',
      OKTA_PRIVATE_KEY: pem,
    };
    const r = await runCliAsync(
      ['drift', '--baseline', f.baseline, '--current', f.current, '--no-check', '--format', 'json'],
      { cwd: tmp.dir, env, timeoutMs: 60_000 },
    );
    const [idp] = byType(valid(json(r)), 'idp');
    assert.is(idp.attribution.events[0]?.actor.alternateId, 'alice.admin@acme.com', JSON.stringify(idp.attribution));
    assert.ok(logRequests(logsOnly).every((e) => e.auth === 'Bearer'));
  } finally {
    await logsOnly.close();
  }
});

cannot("should not read another org's log than the snapshot's, and say so", async () => {
  const now = Date.now();
  const emu = await emulator([idpUpdate(alice, now - 5 * DAY)]);
  try {
    const f = files('otherorg', now - 10 * DAY, now - 60_000, 'https://globex.okta.com');
    const doc = valid(json(await drift(emu, f, '--format', 'json')));
    for (const c of doc.changes)
      assert.match(
        c.attribution.reason,
        `the Okta credentials are for ${emu.url}, but the snapshot is of https://globex.okta.com`,
      );
    assert.is(logRequests(emu).length, 0);
  } finally {
    await emu.close();
  }
});

cannot.run();

// ---------------------------------------------------------------------------------------------

const live = suite('drift attribution: --live and Beyond Identity');

live('should attribute by default with --live', async () => {
  const now = Date.now();
  const emu = await emulator([idpUpdate(alice, now - DAY)]);
  try {
    const env = envFor(emu);
    const base = await runCliAsync(['collect', '--bi-platform', 'none', '--out', 'live.baseline.json', '--quiet'], {
      cwd: tmp.dir,
      env,
    });
    assert.is(base.code, 0, base.stderr);
    // the approved baseline had one scope fewer, two days ago
    const b = JSON.parse(readFileSync(tmp.file('live.baseline.json'), 'utf8'));
    b.collectedAt = new Date(now - 2 * DAY).toISOString();
    b.okta.idps.find((i: Doc) => i.id === IDP).protocol.scopes = ['openid', 'email'];
    writeJson(tmp.file('live.baseline.json'), b);
    const r = await runCliAsync(
      [
        'drift',
        '--baseline',
        'live.baseline.json',
        '--live',
        '--bi-platform',
        'none',
        '--no-check',
        '--snapshot-out',
        'live.current.json',
        '--format',
        'json',
        '--quiet',
      ],
      { cwd: tmp.dir, env },
    );
    assert.is(r.code, 1, r.stderr);
    const [idp] = byType(valid(json(r)), 'idp');
    assert.is(idp.attribution.events[0].actor.alternateId, 'alice.admin@acme.com');
    assert.is(logRequests(emu).length, 1);
    assert.equal(emu.writes(), []);
  } finally {
    await emu.close();
  }
});

live(
  'should attribute Secure Workforce changes to the actor of their event, and say Secure Access records none',
  async () => {
    const now = Date.now();
    const b = cleanSnapshot();
    b.collectedAt = new Date(now - 10 * DAY).toISOString();
    const clientId = b.beyondIdentity.oidcClients[0].id;
    const consoleId = b.beyondIdentity.consoleSso[0].id;
    const c = JSON.parse(JSON.stringify(b));
    c.collectedAt = new Date(now - 60_000).toISOString();
    c.beyondIdentity.oidcClients[0].redirect_uris.push('https://evil.example.com/cb');
    c.beyondIdentity.consoleSso[0].token_field = 'email';
    c.okta.idps.find((i: Doc) => i.id === IDP).protocol.scopes.push('profile');
    c.beyondIdentity.source = {
      kind: 'events',
      api: 'https://dataexport-public.byndid.com/v1/events',
      eventsRead: 1,
      events: [
        {
          section: 'oidcClients',
          objectId: clientId,
          eventId: 'ev-1',
          eventType: 'OIDC_CLIENT_CHANGE',
          action: 'UPDATE',
          occurredAt: new Date(now - 3 * DAY).toISOString(),
          actor: { type: 'User', id: 'c6a8669e', displayId: 'erin.bi-admin@acme.com', displayName: 'Erin BI' },
        },
        {
          section: 'consoleSso',
          objectId: consoleId,
          eventId: 'ev-2',
          eventType: 'CONSOLE_SSO_OIDC_AUTH_CONFIG_CHANGE',
          action: 'UPDATE',
          occurredAt: new Date(now - 2 * DAY).toISOString(),
        },
      ],
    };
    writeJson(tmp.file('sw.baseline.json'), b);
    writeJson(tmp.file('sw.current.json'), c);
    const noOkta = {
      OKTA_ORG_URL: undefined,
      OKTA_API_TOKEN: undefined,
      OKTA_CLIENT_ID: undefined,
      OKTA_CLIENT_TOKEN: undefined,
      OKTA_CLIENT_ORGURL: undefined,
    };
    const r = await runCliAsync(
      [
        'drift',
        '--baseline',
        'sw.baseline.json',
        '--current',
        'sw.current.json',
        '--no-check',
        '--attribution',
        '--format',
        'json',
      ],
      { cwd: tmp.dir, env: noOkta },
    );
    const doc = valid(json(r));
    const [client] = byType(doc, 'oidc-client');
    assert.is(client.attribution.status, 'attributed', JSON.stringify(client.attribution));
    assert.is(client.attribution.source, 'beyond-identity-events');
    assert.equal(client.attribution.events[0].actor, {
      type: 'User',
      id: 'c6a8669e',
      alternateId: 'erin.bi-admin@acme.com',
      displayName: 'Erin BI',
    });
    // an event without an actor is said to have none; the Okta change needs credentials that are not set
    const [consoleSso] = byType(doc, 'console-sso');
    assert.equal(
      [consoleSso.attribution.status, consoleSso.attribution.reason],
      [
        'not-attributed',
        `the Beyond Identity event CONSOLE_SSO_OIDC_AUTH_CONFIG_CHANGE at ${new Date(now - 2 * DAY).toISOString()} records no actor`,
      ],
    );
    assert.match(byType(doc, 'idp')[0].attribution.reason, /^no Okta credentials to read the System Log with/);
    // without Okta credentials and without --attribution, nothing is attributed (and nothing read)
    const quiet = valid(
      json(
        await runCliAsync(
          ['drift', '--baseline', 'sw.baseline.json', '--current', 'sw.current.json', '--no-check', '--format', 'json'],
          { cwd: tmp.dir, env: noOkta },
        ),
      ),
    );
    assert.ok(quiet.changes.every((x: Doc) => !('attribution' in x)));

    const sa = cleanSnapshot('clean-secure-access.json');
    sa.collectedAt = new Date(now - 10 * DAY).toISOString();
    const sa2 = JSON.parse(JSON.stringify(sa));
    sa2.collectedAt = new Date(now - 60_000).toISOString();
    sa2.beyondIdentity.ssoConfig.display_name = 'Okta (renamed)';
    writeJson(tmp.file('sa.baseline.json'), sa);
    writeJson(tmp.file('sa.current.json'), sa2);
    const s = valid(
      json(
        await runCliAsync(
          [
            'drift',
            '--baseline',
            'sa.baseline.json',
            '--current',
            'sa.current.json',
            '--no-check',
            '--attribution',
            '--format',
            'json',
          ],
          { cwd: tmp.dir, env: noOkta },
        ),
      ),
    );
    assert.ok(s.changes.length > 0);
    for (const x of s.changes) {
      assert.is(x.attribution.status, 'not-attributed');
      assert.is(
        x.attribution.reason,
        'Beyond Identity Secure Access records no actor for configuration changes that okta-bi-lint can read',
      );
    }
  },
);

live.after(() => tmp.cleanup());
live.run();
