// When to ask for completion while typing Markdown: a hint from the line before the cursor, not a
// citation grammar (the server's finder decides what is a citation). Pure: no vscode.

/**
 * True when the text before the cursor ends in a citation being typed: `@` and key characters
 * after a space, bracket, `;` or the line start (`[@lun`, `; @`, `-@doe`), or several words after
 * an `@` inside a bracket (`[@skin cancer`).
 */
export function typingInCitation(before: string): boolean {
  return /(?:^|[\s[;(])-?@\{?[^\s@[\];,{}]*$/u.test(before) || /\[[^[\]]*-?@[^[\];@]*\s[^[\];@]*$/u.test(before);
}
