/** One `::name k=v,…::message` line an action printed, unescaped as the runner does. */
export type WorkflowCommand = {
  readonly command: string
  readonly properties: Readonly<Record<string, string>>
  readonly message: string
}

/**
 * Parses workflow commands from an action's stdout or stderr (the runner reads both). Property
 * values escape `% \r \n : ,` and messages `% \r \n` (@actions/core `command.ts`); `%25` is
 * undone last so an escaped `%0A` stays literal.
 */
export function parseWorkflowCommands(text: string): WorkflowCommand[] {
  const out: WorkflowCommand[] = []
  for (const line of text.split('\n')) {
    const m = /^::([a-zA-Z-]+)(?: ([^:]*))?::(.*)$/.exec(line.replace(/\r$/, ''))
    if (!m) continue
    const properties: Record<string, string> = {}
    for (const pair of (m[2] ?? '').split(',')) {
      const eq = pair.indexOf('=')
      if (eq > 0) properties[pair.slice(0, eq)] = unescapeProperty(pair.slice(eq + 1))
    }
    out.push({ command: m[1] ?? '', properties, message: unescapeData(m[3] ?? '') })
  }
  return out
}

/**
 * Parses a file command (`GITHUB_OUTPUT`, `GITHUB_ENV`, `GITHUB_STATE`) exactly as the runner's
 * `EnvFileKeyValuePairs` does on Linux: `NAME=VALUE` lines and `NAME<<DELIM` heredocs, empty lines
 * skipped, later duplicates win, only `\n` breaks lines. Throws the runner's own messages.
 */
export function parseFileCommand(text: string, command = 'output'): Record<string, string> {
  const fail = (why: string) =>
    new Error(`Unable to process file command '${command}' successfully. ${why}`)
  const lines = text.split('\n')
  // A final newline leaves one empty string after split; it is not a line.
  if (lines[lines.length - 1] === '') lines.pop()
  const out: Record<string, string> = {}
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? ''
    if (line === '') continue
    const eq = line.indexOf('=')
    const heredoc = line.indexOf('<<')
    if (eq >= 0 && (heredoc < 0 || eq < heredoc)) {
      const name = line.slice(0, eq)
      if (name === '') throw fail(`Invalid format '${line}'`)
      out[name] = line.slice(eq + 1)
    } else if (heredoc >= 0) {
      const name = line.slice(0, heredoc)
      const delimiter = line.slice(heredoc + 2)
      if (name === '' || delimiter === '')
        throw fail('Name must not be empty and delimiter must not be empty')
      const value: string[] = []
      let j = i + 1
      while (j < lines.length && lines[j] !== delimiter) value.push(lines[j++] ?? '')
      if (j >= lines.length)
        throw fail(`Invalid value. Matching delimiter not found '${delimiter}'`)
      if (j === lines.length - 1 && !text.endsWith('\n'))
        throw fail('Invalid value. EOF marker missing new line.')
      out[name] = value.join('\n')
      i = j
    } else {
      throw fail(`Invalid format '${line}'`)
    }
  }
  return out
}

// --- internal ---

function unescapeData(s: string): string {
  return s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
}

function unescapeProperty(s: string): string {
  return s
    .replace(/%0D/g, '\r')
    .replace(/%0A/g, '\n')
    .replace(/%3A/g, ':')
    .replace(/%2C/g, ',')
    .replace(/%25/g, '%')
}
