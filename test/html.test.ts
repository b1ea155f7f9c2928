import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { check } from '../src/api/check.js';
import { GUIDE_SECTIONS } from '../src/engine/sections.js';
import { formatHtml, goLiveReadiness, type DriftChange } from '../src/report/html.js';
import type { ReportContext } from '../src/report/types.js';
import {
  CLEAN,
  HOSTILE_LABEL,
  REPO_ROOT,
  cleanDoc,
  failingDoc,
  hostileConfig,
  hostileDoc,
  writeDoc,
} from './helpers/audit-snapshots.js';
import { CHROMIUM_ARGS, CHROMIUM_DIR, chromiumExecutable } from './helpers/chromium.js';

// The report is judged where people read it: the file is opened from disk in a real Chromium (the
// one packaged in @sparticuz/chromium, see helpers/chromium.ts) with every request other than the
// file itself recorded and refused. The screenshot and the PDF print are left in test/.out/html/
// for people to look at.

const OUT = path.join(REPO_ROOT, 'test', '.out', 'html');
// Snapshots live outside test/.out/html so that `uvu test html` never mistakes them for suites.
const SNAPSHOTS = path.join(REPO_ROOT, 'test', '.out', 'snapshots');

function contextFor(name: string, doc: unknown, config?: string): ReportContext {
  const file = writeDoc(path.join(SNAPSHOTS, `page-${name}.json`), doc);
  let configFile: string | undefined;
  if (config !== undefined) {
    configFile = path.join(SNAPSHOTS, `page-${name}.yaml`);
    writeFileSync(configFile, config);
  }
  return check({ snapshot: file, config: configFile, cwd: SNAPSHOTS });
}

const failing = () => contextFor('acme', failingDoc());
const hostile = () => contextFor('hostile', hostileDoc(), hostileConfig());

/** The visible text of a report, roughly as a reader sees it (tags dropped, entities decoded). */
function textOf(html: string): string {
  return html
    .replace(/<style>[\s\S]*?<\/style>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

// ---- the document, without a browser ----

const doc = suite('formatHtml document');

doc('should be one self-contained file: no script, no external resource, a CSP that forbids both', () => {
  const html = formatHtml(failing());
  assert.ok(html.startsWith('<!DOCTYPE html>\n<html lang="en">'));
  assert.not.match(html, /<script/i);
  assert.not.match(html, /<(link|img|iframe|object|embed|video|audio|source)\b/i);
  assert.not.match(html, /@import|url\(/i, 'the CSS fetches nothing');
  assert.not.match(html, /\son[a-z]+=/i, 'no event handler attributes');
  assert.match(
    html,
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'`,
  );
  for (const m of html.matchAll(/href="([^"]*)"/g))
    assert.ok(m[1].startsWith('#') || m[1].startsWith('https://'), `link ${m[1]} is in-page or https`);
});

doc("should follow the guide's order, one section per guide section that has rules", () => {
  const ctx = failing();
  const html = formatHtml(ctx);
  const titles = [
    ...html.matchAll(/<h2 id="section-[^"]+-title"><span class="num">(\d+)\.<\/span> ([^<]+)<\/h2>/g),
  ].map((m) => `${m[1]}. ${m[2]}`);
  const present = new Set(ctx.results.map((r) => r.rule.section));
  assert.equal(
    titles,
    GUIDE_SECTIONS.filter((s) => present.has(s.key)).map((s, i) => `${i + 1}. ${s.title}`),
  );
  // every rule appears once, in its section, with its id
  for (const r of ctx.results)
    assert.is(html.split(`id="rule-${r.rule.id.replace(/[^a-z0-9]+/g, '-')}"`).length, 2, r.rule.id);
});

doc('should show, for a failed check, the resource, the value found next to the value expected, and the fix', () => {
  const text = textOf(formatHtml(failing()));
  assert.match(text, 'identity provider Beyond Identity 0oabyndidp000000a1d7 okta/idps/0oabyndidp000000a1d7');
  assert.match(
    text,
    'protocol.issuer.url is "https://auth.byndid.com/v2/", expected "https://auth.byndid.com/v2" (remove the trailing slash)',
  );
  assert.match(text, 'Found "https://auth.byndid.com/v2/" Expected "https://auth.byndid.com/v2"');
  assert.match(
    text,
    'Security > Identity Providers > Beyond Identity > Edit > Endpoints > Issuer ; enter the issuer exactly as configured (beyondIdentity.issuer).',
  );
  // a list value: the expected item that is missing is marked
  assert.match(text, '"PUSH_USER_DEACTIVATION" not found');
});

doc(
  'should carry the header: org, Beyond Identity platform and tenant, snapshot time, tool version, mode, counts',
  () => {
    const ctx = failing();
    ctx.snapshot.biTenant = '0001b18ee979ce2c';
    const text = textOf(formatHtml(ctx));
    for (const s of [
      'Okta org https://acme.okta.com',
      'Beyond Identity platform Secure Workforce',
      'Beyond Identity tenant 0001b18ee979ce2c',
      'Provisioning mode SCIM',
      'Collected 29 Nov 2026, 10:00 UTC',
      `Tool okta-bi-lint ${ctx.tool.version}`,
      `Snapshot SHA-256 ${ctx.snapshot.sha256}`,
      '4 failed',
      '1 not evaluated',
      '25 passed',
      '0 suppressed',
      '2 skipped',
      '5 off',
      'Active findings by level: 3 errors , 1 warning , 0 notes',
    ])
      assert.match(text, s);
  },
);

doc('should say "Ready for go-live" only when every applicable rule was evaluated and passed', () => {
  const clean = check({ snapshot: CLEAN, cwd: SNAPSHOTS });
  assert.equal(goLiveReadiness(clean), {
    ready: true,
    headline: 'Ready for go-live',
    detail:
      'All 30 applicable checks were evaluated and passed; 5 off (turned off or not applicable to SCIM provisioning), 2 skipped because optional data was not collected.',
  });
  assert.match(formatHtml(clean), 'Ready for go-live');

  const failed = goLiveReadiness(failing());
  assert.equal(failed, {
    ready: false,
    headline: 'Not ready for go-live',
    detail:
      '4 checks failed (3 errors, 1 warning) and 1 check could not be evaluated because data was missing; 5 off (turned off or not applicable to SCIM provisioning), 2 skipped because optional data was not collected.',
  });

  // Nothing fails but a section is missing: incomplete is never ready.
  const gappy = cleanDoc();
  delete gappy.okta.apiTokens;
  gappy.gaps = [{ section: 'okta.apiTokens', reason: '403 E0000006' }];
  const partial = goLiveReadiness(contextFor('partial', gappy));
  assert.is(partial.ready, false);
  assert.is(partial.headline, 'Not ready for go-live: the audit is incomplete');
  assert.match(partial.detail, '1 check could not be evaluated because data was missing');

  // A warning below --fail-on still blocks go-live: the guide has no optional steps.
  const warnOnly = cleanDoc();
  warnOnly.okta.apiTokens[0].expiresAt = '2026-11-01T00:00:00.000Z';
  const w = contextFor('warning', warnOnly);
  assert.is(w.exitCode, 0);
  assert.equal(goLiveReadiness(w).headline, 'Not ready for go-live');
  assert.match(goLiveReadiness(w).detail, '1 check failed (1 warning)');

  // Suppressed findings do not block, but the verdict says they exist.
  const s = failing();
  for (const r of s.results) {
    if (r.status === 'fail') {
      r.status = 'suppressed';
      for (const f of r.findings) f.suppressed = { justification: 'accepted until the cut-over', owner: 'iam' };
    }
    if (r.status === 'not-evaluated') r.status = 'pass';
  }
  s.counts = { ...s.counts, fail: 0, suppressed: 4, 'not-evaluated': 0, pass: 26 };
  const sup = goLiveReadiness(s);
  assert.is(sup.ready, true);
  assert.match(sup.detail, '4 checks suppressed with a recorded justification');
  assert.match(textOf(formatHtml(s)), 'Suppressed accepted until the cut-over (owner iam)');
});

doc('should escape every value from the snapshot and the config', () => {
  const html = formatHtml(hostile());
  assert.not.match(html, '<script>document.title');
  assert.not.match(html, '<img src=x');
  assert.match(
    html,
    'BI Admin &lt;script&gt;document.title=&quot;pwned&quot;;window.__pwned=1&lt;/script&gt;&lt;img src=x onerror=&quot;window.__pwned=2&quot;&gt; &amp; &quot;Co&quot;',
  );
});

doc('should render drift (ctx.drift) with each change before and after, escaped', () => {
  const drift: DriftChange[] = [
    {
      id: 'drift/idp-issuer',
      level: 'error',
      resourceType: 'identity provider',
      resourceName: 'Beyond Identity',
      resourceId: '0oa1',
      path: 'protocol.issuer.url',
      before: 'https://auth.byndid.com/v2',
      after: 'https://auth.byndid.com/v2/',
    },
    {
      id: 'drift/app-label',
      level: 'note',
      resourceType: 'app',
      resourceName: '<b>x</b>',
      path: 'label',
      before: undefined,
      after: ['a', '<i>'],
    },
  ];
  const html = formatHtml({ ...failing(), drift } as ReportContext);
  const text = textOf(html);
  assert.match(text, 'Drift since the baseline');
  assert.match(
    text,
    'identity provider "Beyond Identity" (0oa1) drift/idp-issuer protocol.issuer.url "https://auth.byndid.com/v2" "https://auth.byndid.com/v2/"',
  );
  assert.match(text, '2 changes between the baseline and this snapshot');
  assert.not.match(html, '<b>x</b>');
  assert.not.match(html, '<i>');
  assert.not.match(formatHtml(failing()), 'Drift since the baseline', 'no drift section without drift');
});

doc.run();

// ---- in Chromium ----

const browser = suite('formatHtml in Chromium');
let b: Browser | undefined;

let executable: string | undefined;

/**
 * The browser, launched on first use. A Chromium that cannot start fails every browser test with
 * the reason (uvu swallows an error thrown by a before hook, which would let the suite pass without running).
 */
async function launch(): Promise<Browser> {
  mkdirSync(OUT, { recursive: true });
  executable ??= await chromiumExecutable();
  b ??= await chromium.launch({ executablePath: executable, args: CHROMIUM_ARGS, timeout: 60_000 });
  return b;
}

browser('should run the Chromium packaged in @sparticuz/chromium, not one installed on the machine', async () => {
  const version = (await launch()).version();
  assert.match(version, /^\d+\./);
  assert.is(path.dirname(executable!), CHROMIUM_DIR, 'the browser is the one inflated from the npm package');
});

browser.after(async () => {
  await b?.close();
});

interface Opened {
  page: Page;
  /** every request the page made, the report itself included */
  requests: string[];
  dialogs: string[];
  url: string;
}

async function open(file: string, viewport = { width: 1280, height: 900 }): Promise<Opened> {
  const page = await (await launch()).newPage({ viewport, javaScriptEnabled: true });
  const url = pathToFileURL(file).href;
  const requests: string[] = [];
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.route('**/*', (route) => {
    const u = route.request().url();
    requests.push(u);
    return u === url ? route.continue() : route.abort('blockedbyclient');
  });
  await page.goto(url, { waitUntil: 'load' });
  return { page, requests, dialogs, url };
}

function write(name: string, html: string): string {
  const file = path.join(OUT, name);
  writeFileSync(file, html);
  return file;
}

browser('should show the verdict, the counts, a finding and its fix, and request nothing but the file', async () => {
  const ctx = failing();
  // The picture people look at names the snapshot as its owner would, not by this test's scratch path.
  ctx.snapshot.path = 'snapshots/acme.json';
  const file = write('audit-report.html', formatHtml(ctx));
  const { page, requests, url } = await open(file);
  try {
    const text = await page.innerText('body');
    assert.match(text, 'Not ready for go-live');
    assert.match(
      text,
      'protocol.issuer.url is "https://auth.byndid.com/v2/", expected "https://auth.byndid.com/v2" (remove the trailing slash)',
    );
    assert.match(text, 'Security > Identity Providers > Beyond Identity > Edit > Endpoints > Issuer');
    assert.match(await page.innerText('.tiles'), /4\s*failed/);
    assert.match(await page.innerText('.tiles'), /25\s*passed/);
    assert.is(await page.title(), 'Not ready: Okta + Beyond Identity audit of acme.okta.com');
    // the status is a word as well as a colour and an icon
    const badges = await page.$$eval('tbody.rule .c-status .badge', (els) =>
      els.map((e) => (e as HTMLElement).innerText.trim()),
    );
    assert.is(badges.length, ctx.results.length);
    for (const w of badges)
      assert.ok(['Passed', 'Failed', 'Not evaluated', 'Skipped', 'Off', 'Suppressed'].includes(w), w);
    await page.screenshot({ path: path.join(OUT, 'audit-report.png'), fullPage: true });
    await page.screenshot({
      path: path.join(OUT, 'audit-report-top.png'),
      clip: { x: 0, y: 0, width: 1280, height: 2300 },
      fullPage: true,
    });
    assert.equal(requests, [url], 'the report made no request of its own');
  } finally {
    await page.close();
  }
});

browser('should leave a <script> planted in an app label inert, and show it as text', async () => {
  const file = write('hostile.html', formatHtml(hostile()));
  const { page, requests, dialogs, url } = await open(file);
  try {
    assert.is(
      await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned),
      undefined,
      'the planted script did not run',
    );
    assert.is.not(await page.title(), 'pwned');
    assert.is(await page.$$eval('script, img', (els) => els.length), 0, 'no script or img element exists');
    assert.equal(dialogs, []);
    assert.match(await page.innerText('body'), HOSTILE_LABEL);
    assert.equal(requests, [url], 'the planted img fetched nothing');
  } finally {
    await page.close();
  }
});

browser('should use semantic structure: one h1, section headings, tables with column and row headers', async () => {
  const { page } = await open(write('audit-report.html', formatHtml(failing())));
  try {
    const s = await page.evaluate(() => ({
      h1: document.querySelectorAll('h1').length,
      lang: document.documentElement.lang,
      tables: [...document.querySelectorAll('table.checks')].map((t) => ({
        cols: [...t.querySelectorAll('thead th')].map((th) => th.getAttribute('scope')),
        rowsWithoutHeader: [...t.querySelectorAll('tbody')].filter(
          (tb) => !tb.querySelector('tr:first-child > th[scope="row"]'),
        ).length,
        caption: Boolean(t.querySelector('caption')),
      })),
      sections: [...document.querySelectorAll('section.guide-section')].map(
        (sec) => sec.querySelector('h2')?.textContent ?? '',
      ),
      landmarks: ['header', 'main', 'nav', 'footer'].map((n) => document.querySelectorAll(n).length),
    }));
    assert.is(s.h1, 1);
    assert.is(s.lang, 'en');
    assert.equal(s.landmarks, [1, 1, 1, 1]);
    assert.ok(s.tables.length >= 8);
    for (const t of s.tables) {
      assert.equal(t.cols, ['col', 'col', 'col', 'col', 'col']);
      assert.is(t.rowsWithoutHeader, 0, 'the first row of every rule has a row header');
      assert.ok(t.caption);
    }
    assert.ok(s.sections.every((h) => /^\d+\. /.test(h)));
  } finally {
    await page.close();
  }
});

// A string, not a function: the test runner's transpiler would wrap named helpers in a function the page lacks.
const CONTRAST = `(() => {
  const rgba = (c) => {
    const m = c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return { r: 0, g: 0, b: 0, a: 0 };
    const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return { r, g, b, a };
  };
  const lum = ({ r, g, b }) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c.a > 0) return c;
    }
    return { r: 255, g: 255, b: 255, a: 1 };
  };
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.getClientRects().length) continue;
    const st = getComputedStyle(el);
    if (st.visibility === 'hidden' || st.clip === 'rect(0px, 0px, 0px, 0px)') continue;
    const [hi, lo] = [lum(rgba(st.color)), lum(background(el))].sort((x, y) => y - x);
    const ratio = (hi + 0.05) / (lo + 0.05);
    const size = parseFloat(st.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(st.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) out.push(el.tagName.toLowerCase() + '.' + el.className + ' "' + el.textContent.trim().slice(0, 30) + '" ' + ratio.toFixed(2) + ':1');
  }
  out.push('checked ' + document.querySelectorAll('body *').length);
  return out;
})()`;

browser('should meet WCAG AA contrast for every piece of text', async () => {
  const ctx = failing();
  ctx.results[0].status = 'suppressed';
  const { page } = await open(write('contrast.html', formatHtml(ctx)));
  try {
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      const failures = (await page.evaluate(CONTRAST)) as string[];
      const checked = failures.pop()!;
      assert.match(checked, /^checked \d{3,}$/, 'the checker saw the page');
      assert.equal(failures, [], `contrast at ${width}px`);
    }
  } finally {
    await page.close();
  }
});

browser('should have a contrast check that catches low contrast', async () => {
  const { page } = await open(
    write(
      'contrast-probe.html',
      '<!DOCTYPE html><html lang="en"><body><p style="color:#999">grey on white</p><p style="color:#000;background:#333"><span>dark on dark</span></p>' +
        '<i>x</i>'.repeat(120) +
        '</body></html>',
    ),
  );
  try {
    const out = (await page.evaluate(CONTRAST)) as string[];
    out.pop();
    assert.equal(
      out.map((x) => x.replace(/ [\d.]+:1$/, '')),
      ['p. "grey on white"', 'span. "dark on dark"'],
    );
  } finally {
    await page.close();
  }
});

browser('should fit a phone screen without sideways scrolling', async () => {
  const { page } = await open(write('audit-report.html', formatHtml(failing())), { width: 375, height: 812 });
  try {
    const widths = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, view: window.innerWidth }));
    assert.ok(widths.doc <= widths.view, `page is ${widths.doc}px wide in a ${widths.view}px viewport`);
    const labelled = await page.$$eval(
      'td[data-label]',
      (els) =>
        els.filter((e) => getComputedStyle(e, '::before').content.includes(e.getAttribute('data-label')!)).length,
    );
    assert.ok(labelled > 0, 'table cells carry their column name on a phone');
    await page.screenshot({ path: path.join(OUT, 'audit-report-phone.png'), fullPage: false });
  } finally {
    await page.close();
  }
});

browser('should print with each guide section on a new page, and save the PDF', async () => {
  const ctx = failing();
  const { page } = await open(write('audit-report.html', formatHtml(ctx)));
  try {
    await page.emulateMedia({ media: 'print' });
    const breaks = await page.$$eval('section.guide-section', (els) => els.map((e) => getComputedStyle(e).breakBefore));
    assert.ok(breaks.length >= 8);
    assert.ok(
      breaks.every((x) => x === 'page'),
      breaks.join(','),
    );
    assert.is(
      await page.$eval('nav.toc', (e) => getComputedStyle(e).display),
      'none',
      'in-page links are left out of print',
    );
    const pdf = await page.pdf({
      path: path.join(OUT, 'audit-report.pdf'),
      printBackground: true,
      preferCSSPageSize: true,
    });
    assert.is(pdf.subarray(0, 5).toString(), '%PDF-');
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    assert.ok(pages > breaks.length, `${pages} pages for ${breaks.length} sections and the summary`);
  } finally {
    await page.close();
  }
});

browser.run();

// Keeps the README's picture honest: it must be a render of this formatter (a PNG of a real size).
const readme = suite('docs/img/audit-report.png');
readme('should exist as a PNG for the README', () => {
  const png = readFileSync(path.join(REPO_ROOT, 'docs', 'img', 'audit-report.png'));
  assert.is(png.subarray(1, 4).toString(), 'PNG');
  assert.ok(png.readUInt32BE(16) >= 1000, 'at least 1000px wide');
});
readme(
  'should be captioned in the README with the org it shows: failingDoc(), rendered by the screenshot test above',
  () => {
    const text = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const caption = /!\[([^\]]*)\]\(docs\/img\/audit-report\.png\)/.exec(text)?.[1];
    assert.ok(caption, 'README shows docs/img/audit-report.png');
    assert.match(caption!, 'failingDoc() in test/helpers/audit-snapshots.ts');
    assert.not.match(caption!, /bundled|fixtures\//, 'the picture is not of a bundled fixture');
    // the screenshot test renders failing(), i.e. failingDoc(), under the path the README names
    const source = readFileSync(path.join(REPO_ROOT, 'test', 'html.test.ts'), 'utf8');
    assert.match(source, "const failing = () => contextFor('acme', failingDoc());");
    assert.match(text, '`snapshots/acme.json`');
  },
);
readme.run();
