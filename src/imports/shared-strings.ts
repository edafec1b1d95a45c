import { AppError } from '../shared/errors.ts';

/**
 * A workbook's shared strings, packed as UTF-8 in 1 MB pages with 6 bytes of index per string,
 * rather than one JS string each (~3× the memory, and each may pin the parser's whole chunk).
 * At most MAX_SHARED_STRINGS_BYTES in all: about 380,000 distinct 25-character cells, almost four
 * for each of 100,000 rows (the largest import). They are held until the sheet is read, and with
 * the parser's garbage a refused workbook peaked at +20–33 MB here (+22–50 MB with 16 MB), so
 * the bound keeps it under 50 MB of memory.
 */
export const MAX_SHARED_STRINGS_BYTES = 12 * 1024 * 1024;
const PAGE_BYTES = 1024 * 1024;

export class SharedStrings {
  #pages: Buffer[] = [];
  #used = PAGE_BYTES;
  /** Per string: its page, offset and byte length. */
  #starts = new Uint32Array(1024);
  #lengths = new Uint16Array(1024);
  #count = 0;

  get count() {
    return this.#count;
  }

  /** Memory held: the pages plus the index arrays. */
  get bytes() {
    return this.#pages.length * PAGE_BYTES + this.#starts.byteLength + this.#lengths.byteLength;
  }

  /** `text` must be at most 21,845 characters (65,535 UTF-8 bytes); callers cut cells far shorter. */
  push(text: string): void {
    const length = Buffer.byteLength(text);
    if (length > 0xffff) throw new Error('shared string longer than a page index allows');
    if (this.#count === this.#starts.length) this.#grow();
    if (this.#used + length > PAGE_BYTES) this.#newPage();
    const page = this.#pages.length - 1;
    this.#pages[page]!.write(text, this.#used, 'utf8');
    this.#starts[this.#count] = page * PAGE_BYTES + this.#used;
    this.#lengths[this.#count] = length;
    this.#used += length;
    this.#count++;
  }

  get(index: number): string | undefined {
    if (!Number.isInteger(index) || index < 0 || index >= this.#count) return undefined;
    const start = this.#starts[index]!;
    const page = Math.floor(start / PAGE_BYTES);
    const offset = start - page * PAGE_BYTES;
    return this.#pages[page]!.toString('utf8', offset, offset + this.#lengths[index]!);
  }

  #grow(): void {
    const size = this.#starts.length * 2;
    this.#check(this.#pages.length * PAGE_BYTES + size * 6);
    const starts = new Uint32Array(size);
    starts.set(this.#starts);
    const lengths = new Uint16Array(size);
    lengths.set(this.#lengths);
    this.#starts = starts;
    this.#lengths = lengths;
  }

  #newPage(): void {
    this.#check(this.bytes + PAGE_BYTES);
    this.#pages.push(Buffer.allocUnsafe(PAGE_BYTES));
    this.#used = 0;
  }

  #check(bytes: number): void {
    if (bytes > MAX_SHARED_STRINGS_BYTES) {
      throw new AppError(
        413,
        'workbook_too_large',
        `This workbook's text takes more than ${MAX_SHARED_STRINGS_BYTES / 1024 / 1024} MB. Save the sheet as CSV, or remove what it does not need, and upload it again.`,
        { details: { limit: 'shared_strings', maxBytes: MAX_SHARED_STRINGS_BYTES } },
      );
    }
  }
}
