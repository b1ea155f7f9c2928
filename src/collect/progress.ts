import { plural } from '../util/text.js';
/**
 * Progress of a collection on stderr, only on a terminal and never with --quiet: sections done,
 * pages fetched, and waits for the rate limit with the seconds left. One line, rewritten in place.
 */
export class Progress {
  private readonly enabled: boolean;
  private sectionsDone = 0;
  private pages = 0;
  private waitUntil = 0;
  private waitBucket = '';
  private timer?: NodeJS.Timeout;
  private last = '';

  constructor(
    private readonly label: string,
    private readonly sectionsTotal: number,
    options: { quiet?: boolean; stream?: NodeJS.WriteStream } = {},
  ) {
    this.stream = options.stream ?? process.stderr;
    this.enabled = !options.quiet && this.stream.isTTY === true;
    if (this.enabled) this.timer = setInterval(() => this.render(), 250).unref();
  }

  private readonly stream: NodeJS.WriteStream;

  section(): void {
    this.sectionsDone++;
    this.render();
  }

  page(): void {
    this.pages++;
  }

  waiting(bucket: string, ms: number): void {
    const until = Date.now() + ms;
    if (until > this.waitUntil) {
      this.waitUntil = until;
      this.waitBucket = bucket;
    }
    this.render();
  }

  private render(): void {
    if (!this.enabled) return;
    let line = `collecting ${this.label}: ${this.sectionsDone}/${this.sectionsTotal} sections, ${plural(this.pages, 'page')}`;
    const left = Math.ceil((this.waitUntil - Date.now()) / 1000);
    if (left > 0) line += `, waiting ${left} s for the rate limit (${this.waitBucket})`;
    if (line === this.last) return;
    this.last = line;
    this.stream.write(`\x1b[2K\r${line}`);
  }

  done(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.enabled && this.last) this.stream.write('\x1b[2K\r');
  }
}
