import type { CsvScanTail, ScanProgress, Table } from '@mlgate/data'
import { scanCsv, scanParquet } from '@mlgate/data'
import type { Model, ModelInfo, Predictions, ScoreOptions, ScoringRun } from '@mlgate/onnx'
import { openModel } from '@mlgate/onnx'
import { columnsRead } from './fairness/score.ts'
import { featureTable } from './scoring.ts'

/** CSV and TSV files, by their extension as `readTable` tells them. */
export const CSV_FILE = /\.(csv|tsv)$/i

/** The files a holdout is scored in chunks from: CSV, TSV and Parquet. */
export const SCANNED_FILE = /\.(csv|tsv|parquet)$/i

/** One model's scoring of the file: the columns it must not see, and how it is scored. */
export type ChunkScoring = {
  readonly model: Model
  readonly exclude: readonly string[]
  readonly options: ScoreOptions
}

/** The `keep` columns whole, and each scoring's predictions on every row. */
export type ScoredFile = { readonly table: Table; readonly predictions: readonly Predictions[] }

/**
 * Scores a CSV or Parquet file chunk by chunk (`scanCsv`, `scanParquet`): the same predictions
 * as scoring the whole table, without holding the model's feature columns, which the gates that
 * need only the scores, the label and the protected attributes never look at again. Memory: the
 * `keep` columns, the predictions and one chunk, rather than every column of the file. Undefined
 * when the chunks cannot give exactly what the whole table gives (see the scans), or when the
 * file or a model fails: the caller reads the file whole then, and meets any error where a whole
 * read meets it, with the same message.
 */
export async function scoreInChunks(
  path: string,
  keep: readonly string[],
  scorings: readonly ChunkScoring[],
  options: {
    /** Rows each scoring (its index in `scorings`) has scored, of an estimate of the total. */
    readonly onProgress?: (scoring: number, rowsDone: number, rowsTotal: number) => void
    /** Bytes per CSV chunk (csvChunks' default when omitted). */
    readonly blockBytes?: number | undefined
    /** Rows per Parquet chunk at least (scanParquet's default when omitted). */
    readonly minRows?: number | undefined
    /** A CSV file's last part, read by another thread (`scanCsv`). */
    readonly tail?: CsvScanTail | undefined
  } = {},
): Promise<ScoredFile | undefined> {
  const { onProgress, blockBytes, minRows, tail } = options
  const scored = columnsScored(
    scorings.map((s) => ({ info: s.model.info, columns: s.options.columns })),
  )
  const wanted = scored && new Set([...keep, ...scored])
  const select = wanted && ((header: readonly string[]) => header.filter((n) => wanted.has(n)))
  try {
    const runs: ScoringRun[] = []
    for (const s of scorings) runs.push(await s.model.scoring(s.options))
    let rows = 0
    const each = async (chunk: Table, read: ScanProgress) => {
      for (let i = 0; i < runs.length; i++) {
        const { exclude } = scorings[i] as ChunkScoring
        await (runs[i] as ScoringRun).add(featureTable(chunk, exclude))
      }
      rows += chunk.rowCount
      const estimate = read.bytesRead > 0 ? Math.round((rows * read.size) / read.bytesRead) : rows
      for (let i = 0; i < runs.length; i++) onProgress?.(i, rows, Math.max(rows, estimate))
    }
    const chosen = select ? { select } : {}
    const table = CSV_FILE.test(path)
      ? await scanCsv(path, keep, each, {
          ...chosen,
          ...(blockBytes === undefined ? {} : { blockBytes }),
          tail,
        })
      : SCANNED_FILE.test(path)
        ? await scanParquet(path, keep, each, {
            ...chosen,
            ...(minRows === undefined ? {} : { minRows }),
          })
        : undefined
    if (table === undefined) return undefined
    for (let i = 0; i < runs.length; i++) onProgress?.(i, rows, rows)
    return { table, predictions: runs.map((run) => run.finish()) }
  } catch {
    return undefined
  }
}

/**
 * The columns the scorings' models read, or undefined when one may read any column: a single
 * `[N, F]` input without a feature order (the `columns` option or the model's own list) is packed
 * from the table's numeric columns, whichever they are, so every column must be read to know them.
 * Otherwise a model reads the columns `columnsRead` names (its inputs' names and its feature
 * orders); the chunks hold only those and the kept ones, and the file's other columns are not
 * decoded (on the reference workload, 12 of its 34 columns: about 0.1 s less of a cached `mlgate
 * run`, 2.04–2.23 s against 2.07–3.08 s in 6 alternating pairs).
 */
export function columnsScored(
  scorings: readonly {
    readonly info: ModelInfo
    readonly columns: readonly string[] | undefined
  }[],
): Set<string> | undefined {
  const names = new Set<string>()
  for (const { info, columns } of scorings) {
    const { inputs } = info
    const ordered = (columns ?? info.columns) != null
    if (!ordered && inputs.length === 1 && inputs[0]!.shape.length === 2) return undefined
    for (const name of columnsRead(info, columns)) names.add(name)
  }
  return names
}

/**
 * Opens each model of `paths` once, gives them to `use` by path, and closes them all. Undefined
 * when one cannot be opened or `use` throws: the chunked scoring is then left to the whole read,
 * which opens the model again and reports its error with the usual message.
 */
export async function withOpenModels<T>(
  paths: readonly string[],
  use: (models: ReadonlyMap<string, Model>) => Promise<T | undefined>,
): Promise<T | undefined> {
  const models = new Map<string, Model>()
  try {
    for (const path of paths) if (!models.has(path)) models.set(path, await openModel(path))
    return await use(models)
  } catch {
    return undefined
  } finally {
    for (const model of models.values()) await model.close()
  }
}
