import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { basename, extname, join } from 'node:path'
import { ConfigError } from '../errors.ts'
import type { GateResult } from '../result.ts'
import { renderBlocks } from './blocks.ts'
import type { CardFacts } from './card-facts.ts'
import { cardResult } from './card-result.ts'
import type { ModelCardConfig } from './config.ts'
import type { DatasetInput } from './data-facts.ts'
import { datasetFacts } from './data-facts.ts'
import { DEFAULT_SOURCE, DEFAULT_TEMPLATE } from './default-template.ts'
import { gatherEvidence } from './evidence.ts'
import { frontMatter } from './front-matter.ts'
import type { Lineage } from './lineage.ts'
import { lineageFromEnv } from './lineage.ts'
import { buildMct } from './mct.ts'
import type { McTModelCard } from './mct-types.ts'
import { modelFacts } from './model-facts.ts'
import { considerationsFrom, humanSections } from './sections.ts'
import { fillTemplate, parseTemplate } from './template.ts'

export type ModelCardInputs = {
  /** Gate results as the gates return them (or as read back from their JSON files). */
  readonly results: readonly GateResult[]
  readonly config: ModelCardConfig
  readonly model: { readonly path: string }
  /** Datasets to describe, e.g. `{ role: 'training', path: 'data/train.csv' }`. */
  readonly datasets: readonly DatasetInput[]
  /** Default: read from GITHUB_SHA, GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID, GITHUB_REF. */
  readonly lineage?: Lineage
}

export type ModelCard = {
  /** README.md: Hugging Face front matter, then the template with its generated blocks filled. */
  readonly markdown: string
  /** model-card.json: the Model Card Toolkit fields. */
  readonly json: McTModelCard
  /** The card's own verdict (gate `model-card`). */
  readonly result: GateResult
}

/** File names inside the card's directory. */
export const CARD_FILES = { markdown: 'README.md', json: 'model-card.json' } as const

/**
 * Builds the model card from gate results, the model file, the datasets and the lineage: hashes
 * the files, gathers the numbers from the results, keeps the template's human sections as they
 * are and fills its generated blocks. A result of an earlier card (gate `model-card`) is not
 * evidence and is left out. Nothing is written; see `writeModelCard`.
 */
export async function buildModelCard(inputs: ModelCardInputs): Promise<ModelCard> {
  const { config } = inputs
  const results = inputs.results.filter((r) => r.gate !== 'model-card')
  const lineage = inputs.lineage ?? lineageFromEnv(process.env)
  const template = await loadTemplate(config)
  const parsed = parseTemplate(template.text, template.source)
  const sections = humanSections(parsed)
  const human = considerationsFrom(sections)
  const [model, datasets] = await Promise.all([
    modelFacts(inputs.model.path),
    datasetFacts(inputs.datasets, results),
  ])
  const version = config.version ?? lineage.commit?.slice(0, 12)
  const overview = config.overview ?? human.overview
  const facts: CardFacts = {
    name: config.name ?? basename(inputs.model.path, extname(inputs.model.path)),
    ...(version ? { version } : {}),
    config,
    model,
    datasets,
    lineage,
    results,
    evidence: gatherEvidence(results),
    sections,
    ...(overview ? { overview } : {}),
    ...(human.documentation ? { documentation: human.documentation } : {}),
  }
  return {
    markdown: frontMatter(facts) + fillTemplate(parsed, renderBlocks(facts)),
    json: buildMct(facts),
    result: cardResult(facts, {
      template: template.source,
      card: join(config.out, CARD_FILES.markdown),
    }),
  }
}

/** Writes README.md and model-card.json into `dir` (created when missing); returns their paths. */
export async function writeModelCard(
  card: ModelCard,
  dir: string,
): Promise<{ markdown: string; json: string }> {
  await mkdir(dir, { recursive: true })
  const paths = { markdown: join(dir, CARD_FILES.markdown), json: join(dir, CARD_FILES.json) }
  await writeFile(paths.markdown, card.markdown)
  await writeFile(paths.json, modelCardJson(card))
  return paths
}

/** model-card.json's text: 2-space indent and a final newline. */
export function modelCardJson(card: ModelCard): string {
  return `${JSON.stringify(card.json, null, 2)}\n`
}

// --- internal ---

/** The team's template, else the card already in the output directory, else the default. */
async function loadTemplate(config: ModelCardConfig): Promise<{ text: string; source: string }> {
  if (config.template) {
    try {
      return { text: await readFile(config.template, 'utf8'), source: config.template }
    } catch (error) {
      throw new ConfigError(
        `Cannot read the model card template ${config.template}: ${(error as Error).message}. Check the path, or leave template out to start from mlgate's default template.`,
      )
    }
  }
  const existing = join(config.out, CARD_FILES.markdown)
  if (existsSync(existing)) return { text: await readFile(existing, 'utf8'), source: existing }
  return { text: DEFAULT_TEMPLATE, source: DEFAULT_SOURCE }
}
