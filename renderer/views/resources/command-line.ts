// The Exec box's text as an argv, the way a POSIX shell would split `kubectl exec POD --
// TEXT`: words on blanks, '…' literal, "…" with \" \\ \$ \` escapes, \x outside quotes.
// No expansion: $VAR and globs reach the container's command as typed (run `sh -c '…'`
// for a shell to expand them). Returns undefined on an unterminated quote.
export function splitCommand(text: string): string[] | undefined {
  const argv: string[] = [];
  let word = '';
  let inWord = false;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1] ?? '')) word += text[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) argv.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) return undefined;
  if (inWord) argv.push(word);
  return argv;
}
