import type { YamlValue } from './_yaml.ts'
import { toYaml } from './_yaml.ts'
import type { CardFacts } from './card-facts.ts'
import { repoPath, samePath } from './card-facts.ts'
import type { Measured } from './evidence.ts'

/** Hugging Face's split names for the roles mlgate knows; other roles keep their own name. */
const SPLITS: Readonly<Record<string, string>> = {
  training: 'train',
  evaluation: 'test',
  validation: 'validation',
}

/**
 * The card's YAML front matter in Hugging Face's model-card metadata format: license, library,
 * tags, datasets, metrics, and a `model-index` with one result per dataset the accuracy and
 * fairness gates measured, the dataset pinned by its SHA-256 as `revision`. Values are the gate
 * results' own numbers. Returned with its `---` fences.
 */
export function frontMatter(f: CardFacts): string {
  const task =
    f.model.task === 'regression'
      ? { type: 'tabular-regression', name: 'Tabular regression' }
      : { type: 'tabular-classification', name: 'Tabular classification' }
  const measured = [...f.evidence.performance, ...f.evidence.fairness.flatMap((a) => a.disparities)]
  const byData = new Map<string, Measured[]>()
  for (const m of measured) {
    const key = m.data ?? ''
    byData.set(key, [...(byData.get(key) ?? []), m])
  }
  const results: YamlValue[] = [...byData].map(([data, list]) => {
    const facts = f.datasets.find((d) => data !== '' && samePath(data, d.path))
    const name = data === '' ? 'unnamed data' : (repoPath(data) ?? data)
    return {
      task,
      dataset: {
        type: name,
        name: facts ? `${facts.role} data (${name})` : name,
        ...(facts ? { split: SPLITS[facts.role] ?? facts.role } : {}),
        ...(facts?.file ? { revision: facts.file.sha256 } : {}),
      },
      metrics: list.map((m) => ({
        type: m.type,
        value: m.value,
        name: m.slice ? `${m.label} (${m.slice})` : m.label,
      })),
    }
  })
  const metricTypes = [...new Set(measured.map((m) => m.type))]
  const meta: Record<string, YamlValue> = {
    ...(f.config.language.length > 0 ? { language: f.config.language } : {}),
    ...(f.config.license ? { license: f.config.license } : {}),
    library_name: 'onnx',
    tags: [...new Set(['mlgate', 'onnx', task.type, ...f.config.tags])],
    datasets: f.datasets.map((d) => repoPath(d.path) ?? d.path),
    metrics: metricTypes,
    'model-index': results.length > 0 ? [{ name: f.name, results }] : [],
  }
  return `---\n${toYaml(meta)}---\n`
}
