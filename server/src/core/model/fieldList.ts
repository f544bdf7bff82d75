// The fields of an entry read from BibTeX source, kept as four slots each in one array, with
// values that are the source text as written left in the text until they are asked for.
// A 100k-entry library has a million fields: a Map, a field object and a string slice each took
// 202 MB of heap for a 61 MB file and made the read garbage-collector bound; this takes 130 MB and
// reads in about half the time (measured 2026-12-02, README "Architecture").
import type { BibField } from './entry';

/** A value that is the source between its span's ends, less the braces or quotes around it. */
export const DELIMITED = 0;
/** A value that is the source between its span's ends as it stands (a number, an undefined macro's name). */
export const BARE = 1;

/**
 * Read-only as every entry's fields are; the reader alone adds to it. Offsets count from the
 * entry's start, as BibField's do, so an entry read again at another place of its piece of text
 * (bibtex.ts) shares this object.
 */
export class FieldList implements ReadonlyMap<string, BibField> {
  /** Per field: its name, its value (a string, or DELIMITED / BARE), its value's start and end. */
  private slots: (string | number)[] = [];

  /** `text` holds the entry, which starts at `at` in it. */
  constructor(
    private readonly text: string,
    private readonly at: number,
  ) {}

  /** Adds a field; the reader calls this only for a name not yet present. */
  add(name: string, value: string | typeof DELIMITED | typeof BARE, start: number, end: number): void {
    this.slots.push(name, value, start, end);
  }

  /** Called by the reader when the entry is whole: the slots then take no room beyond their own. */
  seal(): void {
    this.slots = this.slots.slice();
  }

  get size(): number {
    return this.slots.length >> 2;
  }

  get(name: string): BibField | undefined {
    const slots = this.slots;
    for (let i = 0; i < slots.length; i += 4) if (slots[i] === name) return this.field(i);
    return undefined;
  }

  has(name: string): boolean {
    const slots = this.slots;
    for (let i = 0; i < slots.length; i += 4) if (slots[i] === name) return true;
    return false;
  }

  /** The raw value of the field `name`, as `get(name)?.raw` without making the field. */
  raw(name: string): string | undefined {
    const slots = this.slots;
    for (let i = 0; i < slots.length; i += 4) if (slots[i] === name) return this.rawAt(i);
    return undefined;
  }

  private rawAt(i: number): string {
    const slots = this.slots;
    const value = slots[i + 1] as string | number;
    if (typeof value === 'string') return value;
    const from = this.at + (slots[i + 2] as number);
    const to = this.at + (slots[i + 3] as number);
    return value === DELIMITED ? this.text.slice(from + 1, to - 1) : this.text.slice(from, to);
  }

  private field(i: number): BibField {
    const slots = this.slots;
    return { name: slots[i] as string, raw: this.rawAt(i), start: slots[i + 2] as number, end: slots[i + 3] as number };
  }

  forEach(callback: (value: BibField, key: string, map: ReadonlyMap<string, BibField>) => void, thisArg?: unknown): void {
    for (let i = 0; i < this.slots.length; i += 4) callback.call(thisArg, this.field(i), this.slots[i] as string, this);
  }

  *entries(): MapIterator<[string, BibField]> {
    for (let i = 0; i < this.slots.length; i += 4) yield [this.slots[i] as string, this.field(i)];
  }

  *keys(): MapIterator<string> {
    for (let i = 0; i < this.slots.length; i += 4) yield this.slots[i] as string;
  }

  *values(): MapIterator<BibField> {
    for (let i = 0; i < this.slots.length; i += 4) yield this.field(i);
  }

  [Symbol.iterator](): MapIterator<[string, BibField]> {
    return this.entries();
  }

  get [Symbol.toStringTag](): string {
    return 'FieldList';
  }
}

/** The raw value of an entry's field `name`: for FieldList without making the field object. */
export function rawField(fields: ReadonlyMap<string, BibField>, name: string): string | undefined {
  return fields instanceof FieldList ? fields.raw(name) : fields.get(name)?.raw;
}
