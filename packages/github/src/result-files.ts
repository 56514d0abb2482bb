import { readdir, stat } from 'node:fs/promises'
import { isAbsolute, join, relative, resolve, sep } from 'node:path'
import { InputError } from './errors.ts'

/**
 * The JSON files that `patterns` name, sorted and without repeats. Each line is a file, a folder
 * (every `*.json` below it, as `actions/download-artifact` leaves one folder per artifact) or a
 * glob with `*`, `?` and `**` (any number of folders), relative to `cwd`. A line that matches
 * nothing is an `InputError` naming the input and the line: a report built from fewer files than
 * were meant would read as complete.
 */
export async function findResultFiles(
  patterns: readonly string[],
  cwd: string,
  input = 'results',
): Promise<string[]> {
  const found = new Set<string>()
  for (const pattern of patterns) {
    const files = GLOB_CHARS.test(pattern)
      ? await globFiles(pattern, cwd)
      : await fileOrFolder(resolve(cwd, pattern))
    if (files.length === 0) {
      throw new InputError(
        `Input "${input}": ${JSON.stringify(pattern)} matches no JSON file (looked in ${cwd}). Give the files or folders where the gate results were downloaded, e.g. the \`path\` of actions/download-artifact.`,
      )
    }
    for (const f of files) found.add(f)
  }
  return [...found].sort()
}

/** A `*`/`?`/`**` glob as a regular expression over `/`-separated relative paths. */
export function globRegExp(glob: string): RegExp {
  let source = ''
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i] ?? ''
    if (ch === '*' && glob[i + 1] === '*') {
      // `**/` is zero or more folders; a trailing `**` anything below.
      const slash = glob[i + 2] === '/'
      source += slash ? '(?:[^/]*/)*' : '.*'
      i += slash ? 2 : 1
    } else if (ch === '*') source += '[^/]*'
    else if (ch === '?') source += '[^/]'
    else source += ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&')
  }
  return new RegExp(`^${source}$`)
}

// --- internal ---

const GLOB_CHARS = /[*?]/

async function fileOrFolder(path: string): Promise<string[]> {
  const info = await stat(path).catch(() => undefined)
  if (info == null) return []
  if (info.isFile()) return [path]
  return info.isDirectory() ? (await walk(path)).filter((f) => f.endsWith('.json')) : []
}

async function globFiles(pattern: string, cwd: string): Promise<string[]> {
  const posix = pattern.split(sep).join('/')
  // Walk from the part before the first wildcard, so `results/**/*.json` reads `results/` only.
  const fixed = posix.slice(0, posix.search(GLOB_CHARS)).replace(/[^/]*$/, '')
  const root = isAbsolute(posix) ? fixed || '/' : resolve(cwd, fixed || '.')
  const matcher = globRegExp(posix.slice(fixed.length))
  const files = await fileOrFolderList(root)
  return files.filter((f) => matcher.test(relative(root, f).split(sep).join('/')))
}

async function fileOrFolderList(root: string): Promise<string[]> {
  const info = await stat(root).catch(() => undefined)
  return info?.isDirectory() === true ? walk(root) : []
}

/** Every file below `dir`, skipping `.git`. */
async function walk(dir: string): Promise<string[]> {
  const out: string[] = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory() && entry.name !== '.git') out.push(...(await walk(path)))
    else if (entry.isFile()) out.push(path)
  }
  return out
}
