// A strict, small XML 1.0 reader for report tests: enough to prove a document is well-formed
// (one root, balanced tags, quoted unique attributes, known entities only, only characters XML 1.0
// allows) and to walk it. It throws on the first violation with the offset, so a test failure says
// where the formatter went wrong.

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** the decoded character data directly inside this element */
  text: string;
}

const NAME = /^[A-Za-z_:][A-Za-z0-9_.:-]*/;
/** XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF] */
const BAD_CHAR = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

export function parseXml(xml: string): XmlElement {
  const bad = xml.match(BAD_CHAR);
  if (bad)
    throw new Error(
      `character U+${bad[0].codePointAt(0)!.toString(16).padStart(4, '0')} is not allowed in XML 1.0 (offset ${bad.index})`,
    );
  let i = 0;
  const fail = (msg: string): never => {
    throw new Error(`${msg} at offset ${i}: ${JSON.stringify(xml.slice(i, i + 40))}`);
  };
  const skipWs = () => {
    while (i < xml.length && /\s/.test(xml[i])) i++;
  };
  const decode = (raw: string, inAttr: boolean): string => {
    if (inAttr && raw.includes('<')) fail('"<" in an attribute value');
    // Attribute-value normalisation: literal whitespace characters become spaces; references survive.
    if (inAttr) raw = raw.replace(/[\t\n\r]/g, ' ');
    return raw.replace(/&(#x[0-9A-Fa-f]+|#[0-9]+|[A-Za-z]+);|&/g, (_m, ref: string | undefined) => {
      if (!ref) return fail('a bare "&"');
      if (ref.startsWith('#')) {
        const cp = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
        const ch = String.fromCodePoint(cp);
        if (BAD_CHAR.test(ch)) fail(`character reference &${ref}; names a character XML 1.0 does not allow`);
        return ch;
      }
      const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
      return named[ref] ?? fail(`unknown entity &${ref};`);
    });
  };
  if (xml.startsWith('<?xml')) {
    const end = xml.indexOf('?>');
    if (end < 0) fail('unterminated XML declaration');
    if (!/^<\?xml version="1\.0"( encoding="UTF-8")?\?>$/.test(xml.slice(0, end + 2)))
      fail('unexpected XML declaration');
    i = end + 2;
  }
  const skipMisc = () => {
    for (;;) {
      skipWs();
      if (xml.startsWith('<!--', i)) {
        const end = xml.indexOf('-->', i + 4);
        if (end < 0) fail('unterminated comment');
        i = end + 3;
      } else return;
    }
  };
  const element = (): XmlElement => {
    if (xml[i] !== '<') fail('expected "<"');
    i++;
    const name = xml.slice(i).match(NAME)?.[0] ?? fail('expected an element name');
    i += name.length;
    const el: XmlElement = { name, attrs: {}, children: [], text: '' };
    for (;;) {
      const before = i;
      skipWs();
      if (xml.startsWith('/>', i)) {
        i += 2;
        return el;
      }
      if (xml[i] === '>') {
        i++;
        break;
      }
      if (i === before) fail('expected whitespace before an attribute');
      const an = xml.slice(i).match(NAME)?.[0] ?? fail('expected an attribute name');
      i += an.length;
      skipWs();
      if (xml[i] !== '=') fail('expected "="');
      i++;
      skipWs();
      const q = xml[i];
      if (q !== '"' && q !== "'") fail('attribute value must be quoted');
      const end = xml.indexOf(q, i + 1);
      if (end < 0) fail('unterminated attribute value');
      if (an in el.attrs) fail(`duplicate attribute ${an}`);
      el.attrs[an] = decode(xml.slice(i + 1, end), true);
      i = end + 1;
    }
    for (;;) {
      const lt = xml.indexOf('<', i);
      if (lt < 0) fail(`unclosed element <${name}>`);
      const raw = xml.slice(i, lt);
      if (raw.includes(']]>')) fail('"]]>" in character data');
      el.text += decode(raw, false);
      i = lt;
      if (xml.startsWith('</', i)) {
        i += 2;
        const close = xml.slice(i).match(NAME)?.[0];
        if (close !== name) fail(`</${close}> closes <${name}>`);
        i += name.length;
        skipWs();
        if (xml[i] !== '>') fail('expected ">"');
        i++;
        return el;
      }
      if (xml.startsWith('<!--', i)) {
        const end = xml.indexOf('-->', i + 4);
        if (end < 0) fail('unterminated comment');
        i = end + 3;
        continue;
      }
      if (xml.startsWith('<![CDATA[', i)) {
        const end = xml.indexOf(']]>', i);
        if (end < 0) fail('unterminated CDATA');
        el.text += xml.slice(i + 9, end);
        i = end + 3;
        continue;
      }
      el.children.push(element());
    }
  };
  skipMisc();
  const root = element();
  skipMisc();
  if (i !== xml.length) fail('content after the root element');
  return root;
}

export function* walk(el: XmlElement): Generator<XmlElement> {
  yield el;
  for (const c of el.children) yield* walk(c);
}
