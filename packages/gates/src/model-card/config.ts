import * as z from 'zod'
import { ConfigError } from '../errors.ts'

const owner = z.object({
  name: z.string().min(1).describe('Person or team that owns the model.'),
  contact: z
    .string()
    .min(1)
    .optional()
    .describe('How to reach them: an e-mail address, a chat channel or a URL.'),
})

/**
 * Settings of the model card: the `card:` section of mlgate.yml, the `mlgate model-card` flags and
 * the model-card action's inputs. Evidence (gate results, model, data) is not a setting: it is
 * passed in by the caller.
 */
export const modelCardConfigSchema = z.object({
  name: z
    .string()
    .min(1)
    .optional()
    .describe("The model's name, the card's title. Default: the model file's name without .onnx."),
  version: z
    .string()
    .min(1)
    .optional()
    .describe(
      "The model's version, e.g. 2.3.0. Default: the first 12 characters of the commit SHA, when known.",
    ),
  versionDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
    .optional()
    .describe('Release date of this version (YYYY-MM-DD). Left out when not given.'),
  overview: z
    .string()
    .min(1)
    .optional()
    .describe(
      'One-line description of the model. Default: the first paragraph of the "Model description" section.',
    ),
  license: z
    .string()
    .min(1)
    .optional()
    .describe(
      'SPDX license identifier (e.g. apache-2.0, mit) or "proprietary"; written to the front matter and the MCT licenses.',
    ),
  owners: z.array(owner).default([]).describe('People or teams who own the model.'),
  tags: z
    .array(z.string().min(1))
    .default([])
    .describe('Extra tags for the front matter (mlgate, onnx and the task are always there).'),
  language: z
    .array(z.string().min(1))
    .default([])
    .describe('Languages of text the model reads (ISO 639-1 codes), for the front matter.'),
  references: z
    .array(z.url())
    .default([])
    .describe('Links to more about the model (papers, design docs, dashboards).'),
  template: z
    .string()
    .min(1)
    .optional()
    .describe(
      "Markdown template the team edits: its human-written sections are kept byte for byte and the generated blocks (<!-- mlgate:begin NAME --> … <!-- mlgate:end NAME -->) are filled in. Default: the card already at <out>/README.md when there is one, else mlgate's default template.",
    ),
  out: z
    .string()
    .min(1)
    .default('model-card')
    .describe('Directory the card is written to: README.md (Markdown) and model-card.json (MCT).'),
})
export type ModelCardConfig = z.infer<typeof modelCardConfigSchema>
export type ModelCardConfigInput = z.input<typeof modelCardConfigSchema>

/** `Fraud team <fraud@example.com>` or `Fraud team` as written after --owner or in the input. */
export function parseOwner(text: string, where: string): { name: string; contact?: string } {
  const match = /^([^<>]*?)\s*(?:<([^<>]+)>)?$/.exec(text.trim())
  const name = match?.[1]?.trim() ?? ''
  if (match == null || name === '') {
    throw new ConfigError(
      `${where} expects "name" or "name <contact>" (e.g. "Fraud team <fraud@example.com>"), got "${text}".`,
    )
  }
  const contact = match[2]?.trim()
  return contact ? { name, contact } : { name }
}

/** `training=data/train.csv` as written after --data or on a line of the `data` input. */
export function parseDatasetFlag(text: string, where: string): { role: string; path: string } {
  const match = /^([A-Za-z][A-Za-z0-9_-]*)=(.+)$/.exec(text.trim())
  if (match == null) {
    throw new ConfigError(
      `${where} expects role=path (e.g. training=data/train.csv or evaluation=data/holdout.csv), got "${text}".`,
    )
  }
  return { role: match[1] ?? '', path: (match[2] ?? '').trim() }
}
