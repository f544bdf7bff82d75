// What the CLI prints comes partly from files it reads (keys, field text, paths, theme names); a
// terminal acts on escape sequences in it, so every such text passes through here first.

/**
 * C0 controls (ESC, BEL, CR, backspace ...), DEL, C1 controls (U+009B is a one-character CSI in
 * some terminals) and the bidirectional overrides that make text display in another order than it
 * reads. Tabs and newlines are kept: our own output uses them.
 */
const unsafe = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const escape = (c: string) => `\\u{${c.charCodeAt(0).toString(16)}}`;

/** The text with every character a terminal could act on shown as `\u{1b}`. */
export function printable(text: string): string {
  return text.replace(unsafe, escape);
}

/** One line of output: as `printable`, and a line break inside a value cannot start a fake line. */
export function printableLine(text: string): string {
  return printable(text).replace(/[\r\n]/g, escape);
}

/** JSON output: JSON.stringify escapes C0 controls but not C1 or bidi controls; inside strings only, so the JSON stays valid. */
export function printableJson(json: string): string {
  return json.replace(unsafe, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
