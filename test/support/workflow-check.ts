import { existsSync, readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { readActionMetadata, type ActionMetadata } from '@mlgate/github/testing'
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type YAMLMap } from 'yaml'
import { REPO_ROOT } from './repo-paths.ts'

/** One `uses:` of a step (or of a job calling a reusable workflow), where the file says it. */
export type UseSite = {
  readonly uses: string
  readonly line: number
  /** The `with:` keys given, each with its line. */
  readonly with: ReadonlyMap<string, { readonly line: number; readonly value: unknown }>
  /** The `with:` node is present but not a mapping. */
  readonly withNotMap: boolean
  /** The job it belongs to, when it sits under `jobs.<id>`. */
  readonly job?: string
}

/** What a `uses:` points at, as far as this repository can tell. */
export type UsesTarget =
  | { readonly kind: 'mlgate-action'; readonly name: string; readonly ref?: string }
  | { readonly kind: 'mlgate-other'; readonly reason: string }
  | { readonly kind: 'local'; readonly path: string }
  | { readonly kind: 'external' }

/** Folder names under actions/ (each should hold an action.yml). */
export function actionFolders(root = REPO_ROOT): string[] {
  const dir = join(root, 'actions')
  if (!existsSync(dir)) return []
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
}

/**
 * Classifies a `uses:` value. mlgate's actions are referenced as `./actions/<name>` (this
 * repository's own CI) or `<owner>/mlgate/actions/<name>@<ref>` (everyone else).
 */
export function usesTarget(uses: string): UsesTarget {
  const local = /^\.\/actions\/([^/]+)\/?$/.exec(uses)
  if (local) return { kind: 'mlgate-action', name: local[1] ?? '' }
  if (uses.startsWith('./')) return { kind: 'local', path: uses.replace(/\/+$/, '') }
  if (uses.startsWith('docker://')) return { kind: 'external' }
  const remote = /^[^/@\s]+\/mlgate(\/[^@]*)?@(.*)$/i.exec(uses)
  if (!remote) return { kind: 'external' }
  const [, path = '', ref = ''] = remote
  const action = /^\/actions\/([^/]+)\/?$/.exec(path)
  if (action) return { kind: 'mlgate-action', name: action[1] ?? '', ref }
  return {
    kind: 'mlgate-other',
    reason:
      path === ''
        ? 'mlgate has no action at the repository root'
        : `mlgate has no action at "${path.slice(1)}"`,
  }
}

/**
 * Problems with the `uses:`/`with:` lines of one YAML text (a workflow, or a README example):
 * unknown mlgate actions, unpinned or branch refs, undeclared `with:` keys, missing required
 * inputs, missing local actions and, for whole workflows, missing job permissions. Each problem
 * starts with `file:line:`.
 */
export function checkUses(file: string, content: string, root = REPO_ROOT): string[] {
  const problems: string[] = []
  const where = (line: number) => `${displayPath(file, root)}:${line}`
  const lines = new LineCounter()
  const doc = parseDocument(content, { lineCounter: lines })
  if (doc.errors.length > 0) {
    return doc.errors.map((e) => `${where(e.linePos?.[0].line ?? 1)}: YAML error: ${e.message}`)
  }
  const folders = actionFolders(root)
  const metadata = new Map<string, ActionMetadata>()
  const meta = (name: string): ActionMetadata => {
    let m = metadata.get(name)
    if (!m) {
      m = readActionMetadata(join(root, 'actions', name, 'action.yml'))
      metadata.set(name, m)
    }
    return m
  }
  const sites = collectUses(doc.contents, lines)
  for (const site of sites) {
    const at = where(site.line)
    const target = usesTarget(site.uses)
    if (target.kind === 'mlgate-other') {
      problems.push(
        `${at}: "${site.uses}": ${target.reason}; use <owner>/mlgate/actions/<name>@v1 with one of: ${folders.join(', ')}.`,
      )
      continue
    }
    if (target.kind === 'local') {
      const path = join(root, target.path)
      const isWorkflow = /\.ya?ml$/.test(target.path)
      const found = isWorkflow
        ? existsSync(path)
        : existsSync(join(path, 'action.yml')) || existsSync(join(path, 'action.yaml'))
      if (!found) {
        problems.push(
          `${at}: "${site.uses}" names ${isWorkflow ? 'a workflow file' : 'a local action'} that does not exist (${displayPath(path, root)}${isWorkflow ? '' : '/action.yml'}).`,
        )
      }
      continue
    }
    if (target.kind === 'external') continue
    if (
      !folders.includes(target.name) ||
      !existsSync(join(root, 'actions', target.name, 'action.yml'))
    ) {
      problems.push(
        `${at}: "${site.uses}" names action "${target.name}", but actions/${target.name}/action.yml does not exist (actions: ${folders.join(', ')}).`,
      )
      continue
    }
    if (target.ref !== undefined && !PINNED_REF.test(target.ref)) {
      problems.push(
        `${at}: "${site.uses}" is pinned to "${target.ref}"; pin a release (v1, v1.2.3) or a full commit SHA, never a branch.`,
      )
    }
    const action = meta(target.name)
    if (site.withNotMap) {
      problems.push(`${at}: "with:" of ${site.uses} must be a mapping of input names to values.`)
      continue
    }
    const declared = [...action.inputs.keys()]
    for (const [key, given] of site.with) {
      if (!action.inputs.has(key)) {
        problems.push(
          `${where(given.line)}: input "${key}" is not declared in actions/${target.name}/action.yml (declared: ${declared.join(', ')}).`,
        )
      }
    }
    for (const input of action.inputs.values()) {
      if (input.required && input.default === undefined && !site.with.has(input.name)) {
        problems.push(
          `${at}: ${site.uses} needs input "${input.name}" (required in actions/${target.name}/action.yml) under "with:".`,
        )
      }
    }
  }
  if (isMap(doc.contents) && doc.contents.has('jobs')) {
    problems.push(...permissionProblems(doc.contents, sites, meta, where))
  }
  return problems
}

// --- internal ---

/** A release tag (v1, v1.2, v1.2.3) or a full commit SHA. */
const PINNED_REF = /^(v\d+(\.\d+){0,2}|[0-9a-f]{40})$/

const PR_EVENTS = ['pull_request', 'pull_request_target']

function displayPath(path: string, root: string): string {
  const rel = relative(root, path)
  return rel.startsWith('..') ? path : rel
}

function lineOf(node: Node | null | undefined, lines: LineCounter): number {
  return node?.range ? lines.linePos(node.range[0]).line : 1
}

/** Every mapping with a string `uses:`, wherever it is nested, with its job when it has one. */
function collectUses(
  node: unknown,
  lines: LineCounter,
  path: readonly string[] = [],
  out: UseSite[] = [],
): UseSite[] {
  if (isSeq(node)) {
    node.items.forEach((item, i) => collectUses(item, lines, [...path, String(i)], out))
  } else if (isMap(node)) {
    const uses = node.get('uses', true)
    if (isScalar(uses) && typeof uses.value === 'string') {
      const withNode = node.get('with', true)
      const given = new Map<string, { line: number; value: unknown }>()
      if (isMap(withNode)) {
        for (const pair of withNode.items) {
          const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key)
          const value = isScalar(pair.value) ? pair.value.value : pair.value
          given.set(key, { line: lineOf(pair.key as Node, lines), value })
        }
      }
      const job = path[0] === 'jobs' ? path[1] : undefined
      out.push({
        uses: uses.value,
        line: lineOf(uses, lines),
        with: given,
        withNotMap: withNode != null && !isMap(withNode),
        ...(job === undefined ? {} : { job }),
      })
    }
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : ''
      collectUses(pair.value, lines, [...path, key], out)
    }
  }
  return out
}

/**
 * A job that runs a publishing mlgate action must declare the permissions it needs: the default
 * token of many organisations is read-only, and a missing permission only shows as a warning.
 */
function permissionProblems(
  workflow: YAMLMap,
  sites: readonly UseSite[],
  meta: (name: string) => ActionMetadata,
  where: (line: number) => string,
): string[] {
  const problems: string[] = []
  const json = workflow.toJSON() as Record<string, unknown>
  const events = eventNames(json)
  const jobs = (json['jobs'] ?? {}) as Record<string, Record<string, unknown> | null>
  for (const site of sites) {
    const target = usesTarget(site.uses)
    if (target.kind !== 'mlgate-action' || site.job === undefined) continue
    let action: ActionMetadata
    try {
      action = meta(target.name)
    } catch {
      continue // already reported as a missing action
    }
    const off = (input: string) => /^false$/i.test(String(site.with.get(input)?.value ?? ''))
    const needed: Record<string, 'read' | 'write'> = { contents: 'read' }
    if (action.outputs.has('check-run-url') && !off('check-run')) needed['checks'] = 'write'
    if (
      action.outputs.has('comment-url') &&
      !off('comment') &&
      events.some((e) => PR_EVENTS.includes(e))
    ) {
      needed['pull-requests'] = 'write'
    }
    const granted = jobs[site.job]?.['permissions'] ?? json['permissions']
    if (granted === undefined) {
      problems.push(
        `${where(site.line)}: job "${site.job}" runs ${site.uses} without a permissions block; declare ${describe(needed)}.`,
      )
      continue
    }
    const missing = Object.entries(needed).filter(
      ([scope, level]) => !grants(granted, scope, level),
    )
    if (missing.length > 0) {
      problems.push(
        `${where(site.line)}: job "${site.job}" runs ${site.uses} but does not grant ${describe(Object.fromEntries(missing))}.`,
      )
    }
  }
  return problems
}

function grants(granted: unknown, scope: string, level: 'read' | 'write'): boolean {
  if (granted === 'write-all') return true
  if (granted === 'read-all') return level === 'read'
  if (typeof granted !== 'object' || granted == null) return false
  const have = (granted as Record<string, unknown>)[scope]
  return have === 'write' || (level === 'read' && have === 'read')
}

function describe(permissions: Record<string, string>): string {
  return Object.entries(permissions)
    .map(([scope, level]) => `${scope}: ${level}`)
    .join(', ')
}

function eventNames(workflow: Record<string, unknown>): string[] {
  const on = workflow['on']
  if (typeof on === 'string') return [on]
  if (Array.isArray(on)) return on.map(String)
  if (typeof on === 'object' && on != null) return Object.keys(on)
  return []
}
