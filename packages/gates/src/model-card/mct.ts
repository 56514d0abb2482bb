import { clause } from './_markdown.ts'
import type { CardFacts } from './card-facts.ts'
import { repoPath, samePath } from './card-facts.ts'
import { considerationsFrom } from './sections.ts'
import type { DatasetFacts } from './data-facts.ts'
import { allMeasured } from './evidence.ts'
import { commitUrl, fileUrl } from './lineage.ts'
import type { McTDataset, McTModelCard, McTPerformanceMetric } from './mct-types.ts'
import { describeArchitecture, describeInputs, describeOutputs } from './model-facts.ts'

/**
 * The card as Model Card Toolkit JSON. Metric values and interval bounds are the gate results'
 * doubles written with `String(x)`, which reads back as the same double; `slice` is the group,
 * attribute or column a number was measured on. The human sections fill `considerations`.
 */
export function buildMct(f: CardFacts): McTModelCard {
  const { considerations } = considerationsFrom(f.sections)
  const references = [
    ...(f.lineage.runUrl ? [f.lineage.runUrl] : []),
    ...(commitUrl(f.lineage) ? [commitUrl(f.lineage) as string] : []),
    ...f.config.references,
  ]
  const version = {
    ...(f.version ? { name: f.version } : {}),
    ...(f.config.versionDate ? { date: f.config.versionDate } : {}),
  }
  const path = repoPath(f.model.path) ?? f.model.path
  return {
    schema_version: '0.0.2',
    model_details: {
      name: f.name,
      ...(f.overview ? { overview: f.overview } : {}),
      ...(f.documentation ? { documentation: f.documentation } : {}),
      ...(f.config.owners.length > 0
        ? {
            owners: f.config.owners.map((o) => ({
              name: o.name,
              ...(o.contact ? { contact: o.contact } : {}),
            })),
          }
        : {}),
      ...(Object.keys(version).length > 0 ? { version } : {}),
      ...(f.config.license ? { licenses: [{ identifier: f.config.license }] } : {}),
      ...(references.length > 0
        ? { references: references.map((reference) => ({ reference })) }
        : {}),
      path,
    },
    model_parameters: {
      model_architecture: `${describeArchitecture(f.model)}; SHA-256 ${f.model.sha256}`,
      data: f.datasets.map((d) => dataset(d, f)),
      input_format: describeInputs(f.model),
      output_format: describeOutputs(f.model),
    },
    quantitative_analysis: {
      performance_metrics: allMeasured(f.evidence).map((m): McTPerformanceMetric => ({
        type: m.type,
        value: String(m.value),
        ...(m.slice ? { slice: m.slice } : {}),
        ...(m.interval
          ? {
              confidence_interval: {
                lower_bound: String(m.interval.low),
                upper_bound: String(m.interval.high),
              },
            }
          : {}),
      })),
    },
    considerations,
  }
}

// --- internal ---

function dataset(d: DatasetFacts, f: CardFacts): McTDataset {
  const link = fileUrl(f.lineage, repoPath(d.path))
  const parts = [
    `${d.role} data, ${d.path}`,
    d.file ? `SHA-256 ${d.file.sha256}` : 'file not present where the card was built',
    ...(d.file ? [`bytes: ${d.file.bytes}`] : []),
    ...(d.rows ? [`rows: ${d.rows.value} (${d.rows.source})`] : []),
    ...(d.columns
      ? [
          `columns (${d.columns.source}): ${d.columns.list.map((c) => `${c.name} ${c.type}`).join(', ')}`,
        ]
      : []),
    ...(d.gates.length > 0 ? [`measured by the ${d.gates.join(', ')} gate(s)`] : []),
    ...(d.changedSince ? [`changed since the gates ran: ${d.changedSince}`] : []),
  ]
  const contract = f.results.find((r) => r.gate === 'schema' && samePath(r.context['data'], d.path))
  if (contract) parts.push(`data contract ${contract.status}: ${clause(contract.summary)}`)
  const drift = f.results.find((r) => r.gate === 'drift' && samePath(r.context['current'], d.path))
  if (drift) parts.push(`drift against the reference ${drift.status}: ${clause(drift.summary)}`)
  return {
    name: repoPath(d.path) ?? d.path,
    ...(link ? { link } : {}),
    ...(d.sensitive.length > 0 ? { sensitive: { sensitive_data: d.sensitive } } : {}),
    description: `${parts.join('; ')}.`,
  }
}
