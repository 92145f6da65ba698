// Quoting of words for the two command-line languages an export writes: POSIX shell (docker
// run) and systemd unit files (ExecStart=, Environment=, path lists).

/** A word as a POSIX shell reads it back unchanged: bare when safe, else single-quoted. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/** Words joined for a shell. */
export function shellJoin(words: readonly string[]): string {
  return words.map(shellQuote).join(' ');
}

const C_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '"': '\\"',
  '\n': '\\n',
  '\t': '\\t',
  '\r': '\\r',
};

/**
 * One word of a unit-file value. systemd expands `%` specifiers everywhere and, in
 * command lines only, `$VAR`; so `%` is doubled always and `$` when `isCommand`. Words with
 * blanks, quotes, backslashes or control characters, empty words and a lone `;` (a command
 * separator) go in double quotes with C-style escapes (systemd.syntax(7), "Quoting").
 */
export function unitWord(word: string, isCommand: boolean): string {
  let text = word.replaceAll('%', '%%');
  if (isCommand) text = text.replaceAll('$', '$$$$');
  if (text !== '' && text !== ';' && /^[^\s"'\\\x00-\x1f\x7f]+$/.test(text)) return text;
  const escaped = text.replace(/[\\"\n\t\r]|[\x00-\x1f\x7f]/g, (char) => {
    return C_ESCAPES[char] ?? `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
  return `"${escaped}"`;
}

/** A command line for ExecStart=. */
export function unitCommand(words: readonly string[]): string {
  return words.map((word) => unitWord(word, true)).join(' ');
}
