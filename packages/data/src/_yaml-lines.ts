import type { LineCounter, Node } from 'yaml'
import { isMap, isScalar, isSeq } from 'yaml'

/**
 * The 1-based line of every key and list item of a parsed YAML (or JSON) document, keyed by
 * `pathKey(path)`: `['columns', 'amount', 'max']` is the line of `max:` under `amount:`. Findings
 * point check-run annotations at these lines.
 */
export function collectLines(root: Node | null, counter: LineCounter): Map<string, number> {
  const lines = new Map<string, number>()
  const visit = (node: unknown, path: (string | number)[]): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = pair.key
        if (!isScalar(key) || key.range == null) continue
        const child = [...path, String(key.value)]
        lines.set(pathKey(child), counter.linePos(key.range[0]).line)
        visit(pair.value, child)
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const child = [...path, i]
        const range = (item as Node | null)?.range
        if (range != null) lines.set(pathKey(child), counter.linePos(range[0]).line)
        visit(item, child)
      })
    }
  }
  visit(root, [])
  return lines
}

export function pathKey(path: readonly PropertyKey[]): string {
  return JSON.stringify(path.map((p) => (typeof p === 'number' ? p : String(p))))
}
