/**
 * The exact text of values inside a JSON document, so that a payload can be kept as the
 * client sent it (key order, duplicate keys, spacing and number spelling) rather than as
 * JSON.parse re-serialises it. Only called on text JSON.parse has accepted, so the scanner
 * can trust the grammar; a member that occurs twice yields its last occurrence, as
 * JSON.parse keeps the last.
 *
 * `path` walks object members by name; `'*'` stands for every element of an array, and the
 * result then has one entry per element (undefined where the member is absent).
 */
export type RawAt = string | undefined | RawAt[];

export function rawJsonAt(text: string, path: ReadonlyArray<string>): RawAt {
  return new Scanner(text).at(skipSpace(text, 0), path).raw;
}

const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

function skipSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && WHITESPACE.has(text[i])) i++;
  return i;
}

class Scanner {
  constructor(private readonly text: string) {}

  /** The value starting at `start` (no leading space) followed along `path`, and where the value ends. */
  at(start: number, path: ReadonlyArray<string>): { raw: RawAt; end: number } {
    const opener = this.text[start];
    const [step, ...rest] = path;
    if (path.length === 0 || (step === '*' ? opener !== '[' : opener !== '{')) {
      const end = this.skipValue(start);
      return { raw: path.length === 0 ? this.text.slice(start, end) : undefined, end };
    }
    if (step === '*') {
      const items: RawAt[] = [];
      const end = this.eachElement(start, (valueStart) => {
        const found = this.at(valueStart, rest);
        items.push(found.raw);
        return found.end;
      });
      return { raw: items, end };
    }
    let raw: RawAt;
    const end = this.eachMember(start, (key, valueStart) => {
      if (key !== step) return this.skipValue(valueStart);
      const found = this.at(valueStart, rest);
      raw = found.raw;
      return found.end;
    });
    return { raw, end };
  }

  /** Calls `visit(valueStart)` for each element of the array at `start` (visit returns where the element ends); returns where the array ends. */
  private eachElement(start: number, visit: (valueStart: number) => number): number {
    let i = skipSpace(this.text, start + 1);
    if (this.text[i] === ']') return i + 1;
    for (;;) {
      i = skipSpace(this.text, visit(i));
      if (this.text[i] === ']') return i + 1;
      i = skipSpace(this.text, i + 1); // the comma
    }
  }

  /** Calls `visit(key, valueStart)` for each member of the object at `start` (visit returns where the value ends); returns where the object ends. */
  private eachMember(start: number, visit: (key: string, valueStart: number) => number): number {
    let i = skipSpace(this.text, start + 1);
    if (this.text[i] === '}') return i + 1;
    for (;;) {
      const keyEnd = this.skipString(i);
      const key = JSON.parse(this.text.slice(i, keyEnd)) as string;
      i = skipSpace(this.text, skipSpace(this.text, keyEnd) + 1); // past the colon
      i = skipSpace(this.text, visit(key, i));
      if (this.text[i] === '}') return i + 1;
      i = skipSpace(this.text, i + 1); // the comma
    }
  }

  /** Where the value starting at `start` ends (exclusive). */
  private skipValue(start: number): number {
    const c = this.text[start];
    if (c === '"') return this.skipString(start);
    if (c === '{' || c === '[') {
      // Brackets balance outside strings; strings are skipped whole.
      let depth = 0;
      for (let i = start; i < this.text.length; i++) {
        const ch = this.text[i];
        if (ch === '"') i = this.skipString(i) - 1;
        else if (ch === '{' || ch === '[') depth++;
        else if (ch === '}' || ch === ']') {
          depth--;
          if (depth === 0) return i + 1;
        }
      }
      return this.text.length;
    }
    // A number, true, false or null: up to the next delimiter.
    let i = start;
    while (i < this.text.length && !WHITESPACE.has(this.text[i]) && !',]}'.includes(this.text[i])) i++;
    return i;
  }

  private skipString(start: number): number {
    for (let i = start + 1; i < this.text.length; i++) {
      const ch = this.text[i];
      if (ch === '\\') i++;
      else if (ch === '"') return i + 1;
    }
    return this.text.length;
  }
}
