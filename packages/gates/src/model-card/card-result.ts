import type { Check, Finding, GateResult, GateStatus, ResultTable } from '../result.ts'
import { worstStatus } from '../status.ts'
import type { CardFacts } from './card-facts.ts'
import { DEFAULT_SOURCE } from './default-template.ts'
import { allMeasured } from './evidence.ts'

/**
 * The card's own verdict. No gate result is an error: a card without evidence is not a pass. A
 * result measured on another model file fails: the card would state another model's numbers.
 * Sections still at their template prompt, a failed or errored gate, and a dataset that changed
 * since the gates ran warn (the card states each). Checks list the evidence that went in.
 */
export function cardResult(
  f: CardFacts,
  files: { readonly template: string; readonly card: string },
): GateResult {
  const checks: Check[] = []
  const findings: Finding[] = []
  if (f.results.length === 0) {
    checks.push({
      name: 'evidence',
      label: 'Gate results',
      value: 0,
      bound: { op: '>=', value: 1, kind: 'value' },
      verdict: 'error',
      reason:
        'No gate result was given: a model card without evidence states nothing that was checked. Pass the JSON results of the gates (accuracy, fairness, drift, schema).',
    })
  }
  const seen = new Map<string, number>()
  for (const r of f.results) {
    const n = (seen.get(r.gate) ?? 0) + 1
    seen.set(r.gate, n)
    const bad = r.status === 'fail' || r.status === 'error'
    checks.push({
      name: `evidence.${r.gate}${n > 1 ? `.${n}` : ''}`,
      label: r.title,
      value: null,
      verdict: bad ? 'warn' : 'pass',
      reason: bad
        ? `${r.title} ${r.status === 'fail' ? 'failed' : 'could not evaluate'}; the card says so: ${r.summary}`
        : `${r.title} (${r.status}) is in the card: ${r.summary}`,
    })
    const sha = r.context['model_sha256']
    if (typeof sha === 'string' && sha !== f.model.sha256) {
      checks.push({
        name: `model.${r.gate}${n > 1 ? `.${n}` : ''}`,
        label: `Model of the ${r.title.toLowerCase()}`,
        value: null,
        verdict: 'fail',
        reason: `${r.title} measured the model with SHA-256 ${sha} (${String(r.context['model'] ?? 'unnamed')}), not ${f.model.path} (${f.model.sha256}): its numbers belong to another model. Re-run the gate on ${f.model.path}, or build the card for the model it measured.`,
      })
    }
  }
  const roles = new Map<string, number>()
  for (const d of f.datasets) {
    const verdict: GateStatus = d.changedSince ? 'warn' : 'pass'
    const n = (roles.get(d.role) ?? 0) + 1
    roles.set(d.role, n)
    checks.push({
      name: `data.${d.role}${n > 1 ? `.${n}` : ''}`,
      label: `${d.role} data`,
      value: d.rows?.value ?? null,
      verdict,
      reason: d.changedSince
        ? `${d.path} changed since the gates ran: ${d.changedSince}.`
        : d.file
          ? `${d.path}: SHA-256 ${d.file.sha256}${d.rows ? `, ${d.rows.value} rows (${d.rows.source})` : ''}.`
          : `${d.path} is named by a gate result but is not present here: the card gives what the gates reported, without a hash.`,
    })
    if (!d.file) {
      findings.push({
        severity: 'notice',
        message: `${d.path} is not present where the card was built, so it has no SHA-256 in the card.`,
        file: d.path,
      })
    }
  }
  const placeholders = f.sections.filter((s) => s.placeholder)
  checks.push({
    name: 'sections',
    label: 'Human-written sections',
    value: placeholders.length,
    bound: { op: '<=', value: 0, kind: 'value' },
    verdict: placeholders.length > 0 ? 'warn' : 'pass',
    reason:
      placeholders.length > 0
        ? `${placeholders.length} of ${f.sections.length} sections still hold the template's prompt: ${placeholders.map((s) => s.heading).join(', ')}. Write them in ${files.template === files.card || files.template === DEFAULT_SOURCE ? files.card : files.template}; they are kept on the next run.`
        : `All ${f.sections.length} human-written sections are filled in.`,
  })
  for (const s of placeholders) {
    findings.push({
      severity: 'warning',
      message: `Section "${s.heading}" is still the template's prompt.`,
      ...(files.template === DEFAULT_SOURCE ? {} : { file: files.template, line: s.line }),
    })
  }
  if (!f.lineage.commit) {
    findings.push({
      severity: 'notice',
      message:
        'No commit or workflow run is known (GITHUB_SHA is not set: not running in GitHub Actions), so the card records no lineage.',
    })
  }
  const status = worstStatus(checks.map((c) => c.verdict))
  const measured = allMeasured(f.evidence)
  return {
    gate: 'model-card',
    title: 'Model card',
    status,
    summary: summarize(status, f, checks),
    checks,
    metrics: {
      gate_results: f.results.length,
      performance_metrics: measured.length,
      datasets: f.datasets.length,
      placeholder_sections: placeholders.length,
    },
    tables: [evidenceTable(f), dataTable(f)],
    findings,
    context: {
      model: f.model.path,
      model_sha256: f.model.sha256,
      model_bytes: f.model.bytes,
      template: files.template,
      ...(f.lineage.commit ? { commit: f.lineage.commit } : {}),
      ...(f.lineage.runUrl ? { run_url: f.lineage.runUrl } : {}),
      ...(f.lineage.ref ? { ref: f.lineage.ref } : {}),
    },
    policy:
      'A card with no gate result is an error, and one built from a result measured on another model file fails. Sections still at their template prompt, a gate that failed or could not evaluate, and data that changed since the gates ran are warnings, stated in the card.',
  }
}

// --- internal ---

function summarize(status: GateStatus, f: CardFacts, checks: readonly Check[]): string {
  if (status === 'pass') {
    return `Model card for ${f.name} built from ${f.results.length} gate result(s) and ${f.datasets.length} dataset(s).`
  }
  const first = checks.find((c) => c.verdict === status)
  return `Model card for ${f.name}: ${first?.reason ?? status}`
}

function evidenceTable(f: CardFacts): ResultTable {
  return {
    title: 'Evidence in the card',
    columns: ['gate', 'status', 'summary'],
    rows: f.results.map((r) => [r.title, r.status, r.summary]),
    priority: 0,
    chart: false,
  }
}

function dataTable(f: CardFacts): ResultTable {
  return {
    title: 'Datasets in the card',
    columns: ['role', 'file', 'rows', 'rows from', 'SHA-256'],
    rows: f.datasets.map((d) => [
      d.role,
      d.path,
      d.rows?.value ?? null,
      d.rows?.source ?? '',
      d.file?.sha256 ?? 'not present',
    ]),
    priority: 1,
    chart: false,
  }
}
