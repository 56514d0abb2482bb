import type { CsvScanTail, Table } from '@mlgate/data'
import { readTable } from '@mlgate/data'
import type { Model, ModelInfo, Predictions } from '@mlgate/onnx'
import { openModel } from '@mlgate/onnx'
import type { Scored } from '../accuracy/evaluate.ts'
import { columnsRead } from '../fairness/score.ts'
import { featureTable, labelsRead } from '../scoring.ts'
import type { PolicyRunHooks } from './run.ts'
import { scoreInChunks, withOpenModels } from '../scored-chunks.ts'

/** A model's scores a gate needs on a dataset. */
export type HoldoutScoring = {
  readonly model: string
  readonly spec: ScoreSpec
  readonly batchSize: number
}

export type ScoreSpec = {
  readonly label: string | undefined
  /** Columns the gates keep from the model unless it reads them (protected attributes). */
  readonly sensitive: readonly string[]
  readonly columns: readonly string[] | undefined
}

/** Datasets read and models scored so far in this run, so none is read or scored twice. */
export type Workspace = {
  /** Whether another gate already read `path`. */
  has(path: string): boolean
  table(path: string): Promise<Table>
  /**
   * The model's predictions on a dataset. Columns it does not read are kept from it; when that
   * matters to a model fed by position (one [N, F] tensor with no column names), each set of
   * kept columns is scored on its own, as the single gates would.
   */
  score(model: string, data: string, spec: ScoreSpec, batchSize: number): Promise<Scored>
  /**
   * Has the first `table` or `score` call on a CSV or Parquet dataset score it chunk by chunk for
   * each of `scorings`, keeping only the labels and protected attributes they name
   * (`scoreInChunks`): the calls get those. When that cannot be done exactly, they read the file
   * whole. `tail`: the file's last part, read by another thread meanwhile.
   */
  planChunks(path: string, scorings: readonly HoldoutScoring[], tail?: CsvScanTail): void
  /**
   * Makes each of `scorings` on `path` (or finds it made), then keeps only the columns they name
   * (labels and protected attributes) of its table: the feature columns, which only the model
   * read, are let go. Later `table` calls get the columns kept.
   */
  release(path: string, scorings: readonly HoldoutScoring[]): Promise<void>
  /** Whether another thread read part of `path` (a planned tail, `planChunks`). */
  readInPart(path: string): boolean
  progress(what: string, done: number, total: number): void
}

export function workspace(hooks: PolicyRunHooks): Workspace {
  const tables = new Map<string, Promise<Table>>()
  const scores = new Map<string, Promise<Scored>>()
  const infos = new Map<string, ModelInfo>()
  const progress = (what: string, done: number, total: number) =>
    hooks.onProgress?.(what, done, total)
  const inPart = new Set<string>()
  const planned = new Map<string, { scorings: readonly HoldoutScoring[]; tail?: CsvScanTail }>()
  const scans = new Map<string, Promise<void>>()
  /** The chunked scoring of `path` when one is planned, started at the first call. */
  const scanned = (path: string): Promise<void> | undefined => {
    const plan = planned.get(path)
    if (!plan) return undefined
    let scan = scans.get(path)
    if (!scan) {
      scan = scanHoldout(path, plan.scorings, plan.tail)
      scans.set(path, scan)
    }
    return scan
  }
  const table = async (path: string): Promise<Table> => {
    await scanned(path)
    let read = tables.get(path)
    if (!read) {
      read = readTable(path)
      tables.set(path, read)
    }
    return read
  }
  const score = async (model: string, data: string, spec: ScoreSpec, batchSize: number) => {
    await scanned(data)
    const known = infos.get(model)
    const cached = known && scores.get(scoreKey(known, model, data, spec))
    if (cached) return cached
    const opened = await openModel(model)
    try {
      infos.set(model, opened.info)
      const key = scoreKey(opened.info, model, data, spec)
      const again = scores.get(key)
      if (again) return await again
      const rows = await table(data)
      const scored = opened
        .predict(featureTable(rows, dropped(opened.info, spec)), {
          ...labelsRead(opened.info),
          batchSize,
          ...(spec.columns ? { columns: spec.columns } : {}),
          onProgress: (d, t) => progress(`scoring ${model}`, d, t),
        })
        .then((predictions) => ({ info: opened.info, predictions }))
      scores.set(key, scored)
      return await scored
    } finally {
      await opened.close()
    }
  }
  async function scanHoldout(
    path: string,
    scorings: readonly HoldoutScoring[],
    tail: CsvScanTail | undefined,
  ): Promise<void> {
    await withOpenModels(
      scorings.map((s) => s.model),
      async (models) => {
        const infoOf = (s: HoldoutScoring) => (models.get(s.model) as Model).info
        // Scorings the workspace would share are scored once.
        const distinct = new Map<string, HoldoutScoring>()
        for (const s of scorings) {
          const key = scoreKey(infoOf(s), s.model, path, s.spec)
          if (!distinct.has(key)) distinct.set(key, s)
        }
        const keep = keptColumns(scorings)
        const wanted = [...distinct.values()]
        const scored = await scoreInChunks(
          path,
          keep,
          wanted.map((s) => ({
            model: models.get(s.model) as Model,
            exclude: dropped(infoOf(s), s.spec),
            options: {
              ...labelsRead(infoOf(s)),
              batchSize: s.batchSize,
              ...(s.spec.columns ? { columns: s.spec.columns } : {}),
            },
          })),
          {
            onProgress: (i, d, t) => progress(`scoring ${wanted[i]?.model ?? ''}`, d, t),
            blockBytes: hooks.blockBytes,
            minRows: hooks.minRows,
            tail,
          },
        )
        if (scored === undefined) return
        // A scan given a tail either takes its rows or gives up (undefined).
        if (tail) inPart.add(path)
        tables.set(path, Promise.resolve(scored.table))
        ;[...distinct.entries()].forEach(([key, s], i) => {
          const info = infoOf(s)
          infos.set(s.model, info)
          const predictions = scored.predictions[i] as Predictions
          scores.set(key, Promise.resolve({ info, predictions }))
        })
      },
    )
  }
  return {
    has: (path) => tables.has(path),
    table,
    score,
    planChunks: (path, scorings, tail) => {
      planned.set(path, tail ? { scorings, tail } : { scorings })
    },
    async release(path, scorings) {
      for (const s of scorings) await score(s.model, path, s.spec, s.batchSize)
      const whole = await tables.get(path)
      if (!whole) return
      const keep = new Set(keptColumns(scorings))
      const columns = whole.columns.filter((c) => keep.has(c.name))
      tables.set(path, Promise.resolve({ source: whole.source, rowCount: whole.rowCount, columns }))
    },
    readInPart: (path) => inPart.has(path),
    progress,
  }
}

/** The columns the gates of `scorings` read besides the scores: labels and protected attributes. */
export function keptColumns(scorings: readonly HoldoutScoring[]): string[] {
  return [...new Set(scorings.flatMap((s) => [s.spec.label ?? [], s.spec.sensitive].flat()))]
}

// --- internal ---

/** The label, and the kept columns the model does not read. */
function dropped(info: ModelInfo, spec: ScoreSpec): string[] {
  const read = columnsRead(info, spec.columns)
  return [...(spec.label ? [spec.label] : []), ...spec.sensitive.filter((c) => !read.has(c))]
}

/** Scores are shared unless the model is fed by position and sees other columns. */
function scoreKey(info: ModelInfo, model: string, data: string, spec: ScoreSpec): string {
  const seen = byPosition(info, spec.columns) ? dropped(info, spec) : [spec.label ?? '']
  return [model, data, ...seen].join('\0')
}

/** A model fed one [N, F] tensor of "the numeric columns": which columns it is given matters. */
function byPosition(info: ModelInfo, columns: readonly string[] | undefined): boolean {
  return columns == null && info.columns == null && info.inputs.length === 1
}
