import type { GateResult, GateStatus } from '@mlgate/gates'
import { publish, requiredInput, runAction } from '@mlgate/github'

await runAction(async (runner) => {
  const verdict = requiredInput(runner, 'verdict') as GateStatus
  const findings = Number(requiredInput(runner, 'findings'))
  const result: GateResult = {
    gate: 'probe',
    title: 'Probe gate',
    status: verdict,
    summary: `The probe reports ${verdict}.`,
    checks: [
      {
        name: 'roc_auc.value',
        label: 'ROC AUC',
        value: verdict === 'pass' ? 0.91 : 0.71,
        bound: { op: '>=', value: 0.8, kind: 'value' },
        verdict,
        reason: verdict === 'pass' ? 'ROC AUC 0.91 is at least 0.8.' : 'ROC AUC 0.71 is below 0.8.',
      },
    ],
    metrics: { roc_auc: verdict === 'pass' ? 0.91 : 0.71 },
    tables: [],
    findings: Array.from({ length: findings }, (_, i) => ({
      severity: 'warning' as const,
      message: `Row ${i + 1} has a missing label.`,
      file: 'data/holdout.csv',
      line: i + 2,
    })),
    context: { rows: 1000 },
    policy: 'Point estimate against a fixed bound.',
  }
  // Small back-off so retry tests take milliseconds, not seconds.
  await publish(runner, [result], { retry: { baseDelayMs: 5, maxDelayMs: 50 } })
  return result
})
