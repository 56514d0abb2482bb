import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Ajv } from 'ajv'
import addFormatsModule from 'ajv-formats'
import { parse as parseYaml } from 'yaml'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readTable } from '@mlgate/data'
import { openModel } from '@mlgate/onnx'
import type { GateResult, Lineage, ModelCard, ModelCardConfigInput } from '../src/index.ts'
import {
  ConfigError,
  MCT_FIELDS_SCHEMA,
  accuracyConfigSchema,
  buildModelCard,
  fileSha256,
  lineageFromEnv,
  modelCardConfigSchema,
  parseOwner,
  driftConfigSchema,
  runAccuracyGate,
  runDriftGate,
  writeModelCard,
} from '../src/index.ts'
import { toYaml } from '../src/model-card/_yaml.ts'
import { FRAUD, fraudEvidence } from './_card-evidence.ts'

// ajv-formats is CommonJS whose default export is the plugin function.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv

const dir = mkdtempSync(join(tmpdir(), 'mlgate-card-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const LINEAGE: Lineage = {
  commit: '3f2c9a41d0b8e7f6a5c4b3a29180f7e6d5c4b3a2',
  repository: 'acme/fraud',
  serverUrl: 'https://github.com',
  runUrl: 'https://github.com/acme/fraud/actions/runs/16000000001',
  ref: 'refs/pull/7/merge',
}

let evidence: Awaited<ReturnType<typeof fraudEvidence>>
let all: GateResult[]
beforeAll(async () => {
  evidence = await fraudEvidence(dir)
  all = [evidence.accuracy, evidence.fairness, evidence.drift, evidence.schema]
}, 120_000)

let outs = 0
/** A card of the fraud model; each call writes into a fresh output directory unless given one. */
function build(
  results: readonly GateResult[],
  config: ModelCardConfigInput = {},
  model: string = FRAUD.model,
): Promise<ModelCard> {
  return buildModelCard({
    results,
    config: modelCardConfigSchema.parse({ out: join(dir, `out-${++outs}`), ...config }),
    model: { path: model },
    datasets: [{ role: 'training', path: FRAUD.train }],
    lineage: LINEAGE,
  })
}

/** The YAML between the card's opening `---` fences. */
function frontMatterOf(markdown: string): unknown {
  const m = /^---\n([\s\S]*?)\n---\n/.exec(markdown)
  expect(m, 'the card starts with a front matter block').not.toBeNull()
  return parseYaml(m?.[1] ?? '')
}

/** The card with its front matter and the inside of its generated blocks removed. */
function humanPart(markdown: string): string {
  return markdown
    .replace(/^---\n[\s\S]*?\n---\n/, '')
    .replace(
      /(<!-- mlgate:begin ([a-z]+) -->)[\s\S]*?(<!-- mlgate:end \2 -->)/g,
      (_all, begin: string, _name: string, end: string) => `${begin}${end}`,
    )
}

describe('the Model Card Toolkit JSON', () => {
  it('validates against the JSON Schema of the MCT v0.0.2 fields it claims', async () => {
    const card = await build(all, {
      name: 'fraud-scorer',
      license: 'apache-2.0',
      versionDate: '2026-11-20',
      owners: [parseOwner('Fraud team <fraud@example.com>', '--owner')],
      references: ['https://example.com/fraud-model-design'],
    })
    const ajv = new Ajv({ allErrors: true, strict: true })
    addFormats(ajv)
    const validate = ajv.compile(MCT_FIELDS_SCHEMA)
    expect(validate(card.json), ajv.errorsText(validate.errors)).toBe(true)
    // The schema is not vacuous: a field MCT does not have, or a metric value that is not a
    // decimal, is refused.
    expect(validate({ ...card.json, mlgate: {} })).toBe(false)
    const metric = card.json.quantitative_analysis.performance_metrics[0]
    expect(
      validate({
        ...card.json,
        quantitative_analysis: { performance_metrics: [{ ...metric, value: 'about 0.9' }] },
      }),
    ).toBe(false)

    const d = card.json.model_details
    expect(d.name).toBe('fraud-scorer')
    expect(d.owners).toEqual([{ name: 'Fraud team', contact: 'fraud@example.com' }])
    expect(d.licenses).toEqual([{ identifier: 'apache-2.0' }])
    expect(d.version).toEqual({ name: LINEAGE.commit?.slice(0, 12), date: '2026-11-20' })
    expect(d.path).toBe(FRAUD.model)
    expect(d.references?.map((r) => r.reference)).toEqual([
      LINEAGE.runUrl,
      `https://github.com/acme/fraud/commit/${LINEAGE.commit}`,
      'https://example.com/fraud-model-design',
    ])
  })

  it('carries the metrics with their intervals, group slices, disparities and drift', async () => {
    const card = await build(all)
    const metrics = card.json.quantitative_analysis.performance_metrics
    const find = (type: string, slice?: string) =>
      metrics.filter((m) => m.type === type && m.slice === slice)

    const auc = evidence.accuracy.checks.find((c) => c.name === 'roc_auc.value')
    expect(find('roc_auc')).toEqual([
      {
        type: 'roc_auc',
        value: String(evidence.accuracy.metrics['roc_auc']),
        confidence_interval: {
          lower_bound: String(auc?.interval?.low),
          upper_bound: String(auc?.interval?.high),
        },
      },
    ])
    // An unbounded metric has no interval in the accuracy result, so none in the card.
    expect(find('brier')).toEqual([
      { type: 'brier', value: String(evidence.accuracy.metrics['brier']) },
    ])
    const change = evidence.accuracy.checks.find((c) => c.name === 'roc_auc.change')
    expect(find('roc_auc_change')[0]?.value).toBe(String(change?.value))

    const groups = evidence.fairness.details?.['groups'] as Record<
      string,
      {
        values: Record<string, string>
        selection_rate: number
        intervals: { selection_rate: { low: number; high: number } }
      }[]
    >
    const young = groups['age_group']?.[0]
    expect(find('selection_rate', 'age_group=18-25')).toEqual([
      {
        type: 'selection_rate',
        value: String(young?.selection_rate),
        slice: 'age_group=18-25',
        confidence_interval: {
          lower_bound: String(young?.intervals.selection_rate.low),
          upper_bound: String(young?.intervals.selection_rate.high),
        },
      },
    ])
    // Intersections are slices of both attributes.
    expect(find('tpr', 'age_group=65+, region=west')).toHaveLength(1)
    expect(find('demographic_parity_difference', 'region')[0]?.value).toBe(
      String(evidence.fairness.metrics['demographic_parity_difference[region]']),
    )
    const psi = evidence.drift.checks.find((c) => c.name === 'psi.feature.amount')
    expect(find('psi', 'feature=amount')).toEqual([
      { type: 'psi', value: String(psi?.value), slice: 'feature=amount' },
    ])
    expect(metrics.every((m) => Number(m.value) === Number(String(Number(m.value))))).toBe(true)
  })

  it('describes each dataset with its hash, size, rows and schema, and where each came from', async () => {
    const card = await build(all)
    const [train, holdout] = card.json.model_parameters.data
    expect(card.json.model_parameters.data).toHaveLength(2)
    expect(train?.name).toBe(FRAUD.train)
    expect(train?.link).toBe(
      `https://github.com/acme/fraud/blob/${LINEAGE.commit}/examples/fraud/train.csv`,
    )
    expect(train?.description).toContain(`SHA-256 ${await fileSha256(FRAUD.train)}`)
    expect(train?.description).toContain(`bytes: ${statSync(FRAUD.train).size}`)
    // The drift gate read the training data as its reference: its row count is used.
    expect(train?.description).toContain(
      `rows: ${evidence.drift.context['rows_reference']} (drift gate result)`,
    )
    expect(holdout?.name).toBe(FRAUD.holdout)
    expect(holdout?.sensitive).toEqual({ sensitive_data: ['age_group', 'region'] })
    expect(holdout?.description).toContain('rows: 3000 (schema gate result)')
    expect(holdout?.description).toContain('merchant_category category')
    expect(holdout?.description).toContain('data contract pass')
    expect(card.json.model_parameters.model_architecture).toMatch(/^ONNX binary classifier/)
    expect(card.json.model_parameters.input_format).toContain('amount, hour, account_age_days')
  })

  it('counts rows itself when no gate read the file, and says so', async () => {
    const card = await build([evidence.accuracy])
    const train = card.json.model_parameters.data.find((d) => d.name === FRAUD.train)
    const table = await readTable(FRAUD.train)
    expect(train?.description).toContain(`rows: ${table.rowCount} (counted by mlgate)`)
    expect(train?.description).toContain('columns (types inferred by mlgate): amount number')
  })
})

describe('traceability', () => {
  it('every number in the JSON and the front matter is a gate result’s or a measured file fact', async () => {
    const card = await build(all, { license: 'apache-2.0', versionDate: '2026-11-20' })
    // Independent of the card: the results' numbers and facts measured here from the files.
    // `exact` holds numbers as numbers; `written` adds those written inside strings (summaries,
    // group names), which the card may quote but never use as a value.
    const exact = new Set<number>()
    const written = new Set<number>()
    walk(all, (n, text) => (text === undefined ? exact : written).add(n))
    const model = await openModel(FRAUD.model)
    const info = model.info
    await model.close()
    walk([info.bytes, info.opset, info.inputs, info.outputs, info.classes], (n) => exact.add(n))
    for (const file of [FRAUD.train, FRAUD.holdout]) {
      exact.add(statSync(file).size)
      exact.add((await readTable(file)).rowCount)
    }
    const ignore = [FRAUD.model, FRAUD.train, FRAUD.holdout, dir, '2026-11-20', 'SHA-256']
    const untraced: string[] = []
    // MCT holds metric values and bounds as text: each must read back as an exact source number.
    const values = card.json.quantitative_analysis.performance_metrics.flatMap((m) =>
      [m.value, m.confidence_interval?.lower_bound, m.confidence_interval?.upper_bound]
        .filter((s): s is string => s !== undefined)
        .map((s) => ({ s, where: `MCT ${m.type} ${m.slice ?? ''}` })),
    )
    expect(values.length).toBeGreaterThan(100)
    for (const { s, where } of values) if (!exact.has(Number(s))) untraced.push(`${where}: ${s}`)
    // Elsewhere (descriptions, formats) a number may also be one a result wrote in its text.
    walk(
      { ...card.json, quantitative_analysis: null },
      (n, text) => {
        if (!exact.has(n) && !written.has(n)) untraced.push(`model-card.json: ${text ?? n}`)
      },
      [...ignore, info.producer],
    )
    // YAML numbers must be exact source numbers.
    const front = frontMatterOf(card.markdown)
    let counted = 0
    walk(
      front,
      (n, text) => {
        counted++
        if (text === undefined ? !exact.has(n) : !exact.has(n) && !written.has(n)) {
          untraced.push(`front matter: ${text ?? n}`)
        }
      },
      ignore,
    )
    expect(untraced).toEqual([])
    // The walk saw the model-index metrics (not an empty front matter).
    expect(counted).toBeGreaterThan(20)
    const index = (
      front as { 'model-index': { results: { metrics: { type: string; value: number }[] }[] }[] }
    )['model-index']
    const metrics = index[0]?.results[0]?.metrics ?? []
    expect(metrics.find((m) => m.type === 'roc_auc')?.value).toBe(
      evidence.accuracy.metrics['roc_auc'],
    )
  })
})

describe('the template', () => {
  it('keeps every human-written section byte for byte and regenerates only the blocks', async () => {
    const first = await build(all)
    const edited = first.markdown
      .replace(
        '_TODO: What the model predicts, from which inputs, and how it was trained._',
        'Scores card transactions for fraud.  \nTrained on six months of labelled transactions.\n\n| a | b |\n|---|---|\n| <b>kept</b> | \\* as is |',
      )
      .replace(
        '_TODO: The decisions this model supports, one per list item._',
        '- Hold a payment for review\n- Rank the review queue',
      )
      .replace('_TODO: Who acts on its output._', 'Fraud analysts.')
      .replace('_TODO: Uses it was not built or evaluated for._', 'Credit decisions.')
      .replace(
        '_TODO: Known weaknesses: data it does poorly on, conditions that degrade it._',
        'Merchants new to the network.\n\nCards issued abroad.',
      )
      .replace(
        '_TODO: One item per risk, written `risk: mitigation`._',
        '- **Age bias**: the fairness gate runs on every pull request.\n- Feedback loops: holdout labels come from manual review.',
      )
      // A block edited by hand is regenerated, not kept.
      .replace('## Data drift', '## Drift, edited by hand')
    const template = join(dir, 'edited.md')
    writeFileSync(template, edited)
    const second = await build([evidence.accuracy, evidence.fairness], { template })
    expect(humanPart(second.markdown)).toBe(humanPart(edited))
    expect(second.markdown).not.toContain('Drift, edited by hand')
    expect(second.markdown).toContain('No drift gate result was given.')
    expect(second.markdown).toContain('Scores card transactions for fraud.  \nTrained on')
    expect(second.result.status).toBe('pass')
    expect(second.json.model_details.overview).toBe(
      'Scores card transactions for fraud. Trained on six months of labelled transactions.',
    )
    expect(second.json.considerations).toEqual({
      users: [{ description: 'Fraud analysts.' }],
      use_cases: [
        { description: 'Hold a payment for review' },
        { description: 'Rank the review queue' },
      ],
      limitations: [
        { description: 'Credit decisions.' },
        { description: 'Merchants new to the network.' },
        { description: 'Cards issued abroad.' },
      ],
      ethical_considerations: [
        { name: 'Age bias', mitigation_strategy: 'the fairness gate runs on every pull request.' },
        { name: 'Feedback loops', mitigation_strategy: 'holdout labels come from manual review.' },
      ],
    })
  })

  it('regenerates the card already in the output directory to the same bytes', async () => {
    const out = join(dir, 'stable')
    const first = await build(all, { out })
    await writeModelCard(first, out)
    const second = await build(all, { out })
    expect(second.markdown).toBe(first.markdown)
    expect(readFileSync(join(out, 'model-card.json'), 'utf8')).toBe(
      `${JSON.stringify(second.json, null, 2)}\n`,
    )
  })

  it('appends every generated block at the end of a template without markers', async () => {
    const text =
      '---\nlicense: mit\n---\n# Fraud scorer\n\nOwned by the risk team.\n\n## Intended use\n\nHolding payments.'
    const template = join(dir, 'plain.md')
    writeFileSync(template, text)
    const card = await build(all, { template })
    const body = card.markdown.replace(/^---\n[\s\S]*?\n---\n/, '')
    expect(
      body.startsWith(
        '# Fraud scorer\n\nOwned by the risk team.\n\n## Intended use\n\nHolding payments.\n\n<!-- mlgate:begin header -->',
      ),
    ).toBe(true)
    const order = [...body.matchAll(/<!-- mlgate:begin ([a-z]+) -->/g)].map((m) => m[1])
    expect(order).toEqual(['header', 'details', 'data', 'metrics', 'fairness', 'drift', 'evidence'])
    // The template's own front matter is replaced by the generated one.
    expect(card.markdown).not.toContain('license: mit')
    expect(card.json.considerations).toEqual({ use_cases: [{ description: 'Holding payments.' }] })
  })

  it.each([
    [
      '<!-- mlgate:begin charts -->\n<!-- mlgate:end charts -->',
      /line 3: unknown generated block "charts"; the blocks are header, details/,
    ],
    ['<!-- mlgate:begin metrics -->\ntext', /line 3: block "metrics" is never closed/],
    ['<!-- mlgate:end metrics -->', /line 3: <!-- mlgate:end metrics --> without a matching/],
    [
      '<!-- mlgate:begin data -->\n<!-- mlgate:begin metrics -->',
      /line 4: block "metrics" begins inside block "data" \(opened on line 3\)/,
    ],
    [
      '<!-- mlgate:begin data -->\n<!-- mlgate:end data -->\n<!-- mlgate:begin data -->\n<!-- mlgate:end data -->',
      /line 5: block "data" is placed twice/,
    ],
  ])('refuses a template with %j, naming the line', async (markers, message) => {
    const template = join(dir, 'broken.md')
    writeFileSync(template, `# Card\n\n${markers}\n`)
    const error = await build(all, { template }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as Error).message).toMatch(message)
    expect((error as Error).message).toContain(template)
  })

  it('keeps a value from the data from faking a generated block', async () => {
    const fairness = structuredClone(evidence.fairness) as GateResult & {
      details: { groups: Record<string, { group: string; values: Record<string, string> }[]> }
    }
    const group = fairness.details.groups['region']?.[0]
    if (group) {
      group.group = '<!-- mlgate:end fairness -->'
      group.values = { region: '<!-- mlgate:end fairness -->' }
    }
    const out = join(dir, 'hostile')
    const card = await build([evidence.accuracy, fairness], { out })
    expect(card.markdown.match(/<!-- mlgate:end fairness -->/g)).toHaveLength(1)
    await writeModelCard(card, out)
    // The card reads back as a template: the marker in the data did not split its block.
    await expect(build([evidence.accuracy, fairness], { out })).resolves.toBeDefined()
  })
})

describe('the front matter', () => {
  it('is Hugging Face model-card metadata with the gate results in model-index', async () => {
    const card = await build(all, { name: 'fraud-scorer', license: 'apache-2.0', tags: ['fraud'] })
    const meta = frontMatterOf(card.markdown) as Record<string, unknown>
    expect(meta['license']).toBe('apache-2.0')
    expect(meta['library_name']).toBe('onnx')
    expect(meta['tags']).toEqual(['mlgate', 'onnx', 'tabular-classification', 'fraud'])
    expect(meta['datasets']).toEqual([FRAUD.train, FRAUD.holdout])
    const index = meta['model-index'] as {
      name: string
      results: { task: unknown; dataset: Record<string, string>; metrics: unknown[] }[]
    }[]
    expect(index).toHaveLength(1)
    expect(index[0]?.name).toBe('fraud-scorer')
    const result = index[0]?.results[0]
    expect(result?.task).toEqual({ type: 'tabular-classification', name: 'Tabular classification' })
    expect(result?.dataset).toEqual({
      type: FRAUD.holdout,
      name: `evaluation data (${FRAUD.holdout})`,
      split: 'test',
      revision: await fileSha256(FRAUD.holdout),
    })
    expect(result?.metrics).toContainEqual({
      type: 'demographic_parity_difference',
      value: evidence.fairness.metrics['demographic_parity_difference[age_group]'],
      name: 'Demographic parity difference (age_group)',
    })
  })

  it('writes numbers so that YAML 1.1 readers take exponents as floats', () => {
    const text = toYaml({ a: 1e-7, b: 4.783085179402378e-5, c: 1e21, d: 3000, e: ['x"y', 0.5] })
    expect(text).toBe(
      'a: 1.0e-7\nb: 0.00004783085179402378\nc: 1.0e+21\nd: 3000\ne:\n  - "x\\"y"\n  - 0.5\n',
    )
    expect(parseYaml(text)).toEqual({
      a: 1e-7,
      b: 4.783085179402378e-5,
      c: 1e21,
      d: 3000,
      e: ['x"y', 0.5],
    })
  })
})

describe("the card's verdict", () => {
  it('is an error without any gate result', async () => {
    const card = await build([])
    expect(card.result.status).toBe('error')
    expect(card.result.checks[0]).toMatchObject({ name: 'evidence', verdict: 'error' })
    expect(card.markdown).toContain('No gate results were given')
  })

  it('warns while human sections are still the template prompts, naming them', async () => {
    const card = await build(all)
    expect(card.result.status).toBe('warn')
    const sections = card.result.checks.find((c) => c.name === 'sections')
    expect(sections).toMatchObject({ value: 6, verdict: 'warn' })
    expect(sections?.reason).toContain('Model description, Intended use, Intended users')
    expect(
      card.result.checks.filter((c) => c.name.startsWith('evidence.')).map((c) => c.name),
    ).toEqual(['evidence.accuracy', 'evidence.fairness', 'evidence.drift', 'evidence.schema'])
  })

  it('warns when a gate failed, and the card says so at the top', async () => {
    const failed = await runAccuracyGate(
      accuracyConfigSchema.parse({
        model: FRAUD.model,
        data: FRAUD.holdout,
        label: 'is_fraud',
        threshold: 0.08,
        bounds: [{ metric: 'roc_auc', op: '>=', value: 0.99 }],
        resamples: 0,
      }),
    )
    expect(failed.status).toBe('fail')
    const template = join(dir, 'filled.md')
    writeFileSync(template, '# Fraud\n\n## Intended use\n\nHolding payments.\n')
    const card = await build([failed], { template })
    expect(card.result.status).toBe('warn')
    expect(card.result.checks.find((c) => c.name === 'evidence.accuracy')?.verdict).toBe('warn')
    expect(card.markdown).toContain('> [!WARNING]\n> The accuracy gate failed:')
  })

  it('passes with evidence and every section written', async () => {
    const template = join(dir, 'filled.md')
    writeFileSync(template, '# Fraud\n\n## Intended use\n\nHolding payments.\n')
    const card = await build(all, { template })
    expect(card.result.status).toBe('pass')
    expect(card.result.gate).toBe('model-card')
    expect(card.result.context['model_sha256']).toBe(await fileSha256(FRAUD.model))
  })

  it('fails when a result measured another model file', async () => {
    const template = join(dir, 'filled.md')
    writeFileSync(template, '# Fraud\n\n## Intended use\n\nHolding payments.\n')
    const card = await build([evidence.accuracy], { template }, FRAUD.champion)
    expect(card.result.status).toBe('fail')
    expect(card.result.checks.find((c) => c.name === 'model.accuracy')?.reason).toContain(
      `not ${FRAUD.champion}`,
    )
  })
})

describe('data that changed', () => {
  it('warns when a data file is not the one a gate recorded by its SHA-256', async () => {
    const train = join(dir, 'train.csv')
    writeFileSync(train, readFileSync(FRAUD.train))
    const drift = await runDriftGate(
      driftConfigSchema.parse({
        reference: train,
        current: FRAUD.holdout,
        profile: join(dir, 'train.profile.json'),
      }),
    )
    const recorded = drift.context['reference_sha256']
    expect(recorded).toBe(await fileSha256(train))
    // The training data is edited after the drift gate read it.
    writeFileSync(
      train,
      `${readFileSync(FRAUD.train, 'utf8')}1,2,3,4,5,0,1,0.5,fuel,18-25,east,0\n`,
    )
    const template = join(dir, 'filled.md')
    writeFileSync(template, '# Fraud\n\n## Intended use\n\nHolding payments.\n')
    const card = await build([drift], { template })
    expect(card.result.status).toBe('warn')
    const check = card.result.checks.find(
      (c) => c.name.startsWith('data.training') && c.reason.includes(train),
    )
    expect(check?.verdict).toBe('warn')
    expect(check?.reason).toContain(`ran on a file with SHA-256 ${String(recorded)}`)
  })
})

describe('line endings', () => {
  it('keeps a CRLF template byte for byte and writes the blocks with CRLF too', async () => {
    const text =
      '# Fraud\r\n\r\n## Intended use\r\n\r\nHolding payments.\r\n\r\n<!-- mlgate:begin metrics -->\r\nold\r\n<!-- mlgate:end metrics -->\r\n\r\n## Limitations\r\n\r\nNew merchants.\r\n'
    const template = join(dir, 'crlf.md')
    writeFileSync(template, text)
    const card = await build([evidence.accuracy], { template })
    const body = card.markdown.replace(/^---\n[\s\S]*?\n---\n/, '')
    expect(
      body.startsWith(
        '# Fraud\r\n\r\n## Intended use\r\n\r\nHolding payments.\r\n\r\n<!-- mlgate:begin metrics -->\r\n## Performance\r\n',
      ),
    ).toBe(true)
    expect(body).toContain(
      '<!-- mlgate:end metrics -->\r\n\r\n## Limitations\r\n\r\nNew merchants.\r\n',
    )
    expect(body.replace(/\r\n/g, '')).not.toContain('\n')
    expect(card.json.considerations).toEqual({
      use_cases: [{ description: 'Holding payments.' }],
      limitations: [{ description: 'New merchants.' }],
    })
  })
})

describe('lineage', () => {
  it('is read from the variables GitHub Actions sets, and is empty outside Actions', () => {
    expect(
      lineageFromEnv({
        GITHUB_SHA: LINEAGE.commit,
        GITHUB_SERVER_URL: 'https://github.com/',
        GITHUB_REPOSITORY: 'acme/fraud',
        GITHUB_RUN_ID: '16000000001',
        GITHUB_REF: 'refs/pull/7/merge',
      }),
    ).toEqual(LINEAGE)
    expect(lineageFromEnv({})).toEqual({})
  })
})

// --- helpers ---

/** Calls `visit` on every number in a value, and on every number written in its strings. */
function walk(
  value: unknown,
  visit: (n: number, text?: string) => void,
  ignore: readonly string[] = [],
): void {
  if (typeof value === 'number') {
    if (Number.isFinite(value)) visit(value)
  } else if (typeof value === 'string') {
    let text = value.replace(/https?:\/\/\S+/g, ' ').replace(/\b[0-9a-f]{12,64}\b/g, ' ')
    for (const s of ignore) text = text.split(s).join(' ')
    for (const m of text.matchAll(/(?<![\w.])-?\d+(?:\.\d+)?(?:e[-+]?\d+)?(?!\w|\.\d)/gi)) {
      visit(Number(m[0]), m[0])
    }
  } else if (Array.isArray(value)) {
    for (const v of value) walk(v, visit, ignore)
  } else if (typeof value === 'object' && value != null) {
    for (const v of Object.values(value)) walk(v, visit, ignore)
  }
}
