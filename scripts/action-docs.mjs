// action.yml is the one source of truth for an action's inputs and outputs; this renders the
// tables between <!-- api-start --> and <!-- api-end --> in the action's README.
// `node scripts/action-docs.mjs` rewrites every README; the metadata test fails when one is stale.
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

const START = '<!-- api-start -->'
const END = '<!-- api-end -->'

/** Markdown tables of an action's inputs and outputs. */
export function renderApiTables(actionYml) {
  const meta = parse(actionYml)
  const cell = (text) =>
    String(text ?? '')
      .replace(/\|/g, '\\|')
      .replace(/\s*\n\s*/g, ' ')
      .trim()
  const inputs = Object.entries(meta.inputs ?? {}).map(
    ([name, i]) =>
      `| \`${name}\` | ${i.required ? 'yes' : 'no'} | ${i.default == null ? '' : `\`${cell(i.default)}\``} | ${cell(i.description)} |`,
  )
  const outputs = Object.entries(meta.outputs ?? {}).map(
    ([name, o]) => `| \`${name}\` | ${cell(o.description)} |`,
  )
  return [
    '### Inputs',
    '',
    '| input | required | default | description |',
    '| --- | --- | --- | --- |',
    ...inputs,
    '',
    '### Outputs',
    '',
    '| output | description |',
    '| --- | --- |',
    ...outputs,
  ].join('\n')
}

/** The README with its generated block replaced; throws when the markers are missing. */
export function withApiTables(readme, actionYml, where) {
  const a = readme.indexOf(START)
  const b = readme.indexOf(END)
  if (a < 0 || b < a)
    throw new Error(`${where} needs ${START} and ${END} markers around the generated tables.`)
  return `${readme.slice(0, a + START.length)}\n${renderApiTables(actionYml)}\n${readme.slice(b)}`
}

export async function updateAll(root) {
  const changed = []
  for (const name of await readdir(join(root, 'actions'))) {
    const dir = join(root, 'actions', name)
    const readmePath = join(dir, 'README.md')
    const readme = await readFile(readmePath, 'utf8')
    const next = withApiTables(readme, await readFile(join(dir, 'action.yml'), 'utf8'), readmePath)
    if (next !== readme) {
      await writeFile(readmePath, next)
      changed.push(readmePath)
    }
  }
  return changed
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const changed = await updateAll(join(dirname(fileURLToPath(import.meta.url)), '..'))
  process.stdout.write(
    changed.length ? `updated ${changed.join(', ')}\n` : 'action READMEs are current\n',
  )
}
