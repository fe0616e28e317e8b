// POSIX sh quoting for commands sent over SSH: the server runs every exec request
// through the user's login shell (`$SHELL -c "<command>"`, OpenSSH session.c do_child).

/** One shell word: single quotes, with each ' written as '\'' . */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * `export A='x' B='y'; <command>`. Variables travel inside the command rather than as SSH
 * "env" requests because sshd drops every variable its AcceptEnv does not list (Debian's
 * default lists only LANG and LC_*), silently.
 */
export function withEnv(command: string, env: Record<string, string> | undefined): string {
  const entries = Object.entries(env ?? {});
  if (entries.length === 0) return command;
  for (const [name] of entries) if (!ENV_NAME.test(name)) throw new TypeError(`not an environment variable name: ${JSON.stringify(name)}`);
  return `export ${entries.map(([name, value]) => `${name}=${shellQuote(value)}`).join(' ')}; ${command}`;
}
