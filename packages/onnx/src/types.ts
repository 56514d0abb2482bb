import type { Table } from '@mlgate/data'

/**
 * Element type of a tensor, named as in onnx.proto's TensorProto.DataType (lower case). Values
 * that are not tensors are named by their kind: `sequence`, `map`, `optional`, or `unknown` for
 * types this package does not model (sparse tensors, opaque types).
 */
export type ElementType =
  | 'float'
  | 'double'
  | 'int64'
  | 'int32'
  | 'int16'
  | 'int8'
  | 'uint64'
  | 'uint32'
  | 'uint16'
  | 'uint8'
  | 'string'
  | 'bool'
  | 'float16'
  | 'bfloat16'
  | 'complex64'
  | 'complex128'
  | 'float8e4m3fn'
  | 'float8e4m3fnuz'
  | 'float8e5m2'
  | 'float8e5m2fnuz'
  | 'uint4'
  | 'int4'
  | 'float4e2m1'
  | 'sequence'
  | 'map'
  | 'optional'
  | 'unknown'

/**
 * A graph input or output. `shape` holds a number for a fixed dimension, a string for a named
 * symbolic one (`dim_param`) and null for an unnamed unknown one; it is empty for non-tensors.
 */
export type TensorInfo = {
  readonly name: string
  readonly type: ElementType
  readonly shape: readonly (number | string | null)[]
}

export type ModelInfo = {
  readonly path: string
  /** SHA-256 of the file as read (before any rewrite), lower-case hex. */
  readonly sha256: string
  readonly bytes: number
  /** Graph inputs the caller must feed (initializers listed as inputs are left out). */
  readonly inputs: readonly TensorInfo[]
  /** Graph outputs after ZipMap removal. */
  readonly outputs: readonly TensorInfo[]
  readonly task: 'binary' | 'multiclass' | 'regression'
  readonly labelOutput: string | null
  readonly probabilityOutput: string | null
  /** The single float output of a regression model. */
  readonly scoreOutput: string | null
  /**
   * Feature columns of a single [N, F] input, in order, when the model names them (models made
   * by `linearClassifierModel` with `columns`); `predict` then needs no `columns` option.
   */
  readonly columns: readonly string[] | null
  /** Class labels in probability-column order, when the model names them. */
  readonly classes: readonly (number | string)[] | null
  readonly removedZipMap: boolean
  /** `producer_name producer_version`, e.g. `skl2onnx 1.11.2`. */
  readonly producer: string
  /** Version of the default ONNX operator set; 0 when the model imports only other domains. */
  readonly opset: number
  readonly irVersion: number
  /**
   * Rows per run the model accepts when its batch dimension is fixed (e.g. 1 for models with a
   * `[1, F]` input); null when the batch dimension is free.
   */
  readonly fixedBatchSize: number | null
}

/** Per-run timings of one `predict` call. */
export type Latency = {
  readonly batches: number
  /** Rows per run requested; 1 (or the fixed size) for models with a fixed batch dimension. */
  readonly batchSize: number
  /**
   * Wall time of scoring: binding inputs, runs and copying outputs (for `Model.scoring`, of its
   * `add` calls, not the reading between them).
   */
  readonly totalMs: number
  /** Time spent inside the runtime per run (p50/p99 by linear interpolation). */
  readonly perBatchMs: { readonly p50: number; readonly p99: number }
  /** Run time divided by the rows in that run. */
  readonly perRowMs: { readonly p50: number; readonly p99: number }
}

export type Predictions = {
  readonly rowCount: number
  /** Predicted labels: numbers for int64 labels, strings for string labels. */
  readonly labels: Float64Array | string[] | null
  /** Row-major N × k, k = classes.length; widened from float32 when the model outputs float. */
  readonly probabilities: Float64Array | null
  readonly classes: readonly (number | string)[] | null
  /** Regression outputs, one per row. */
  readonly scores: Float64Array | null
  /**
   * The table columns packed into a single [N, F] input, in feature order (from `columns`, the
   * model's declared columns, or table order); null when inputs are matched to columns by name.
   */
  readonly columns: readonly string[] | null
  readonly latency: Latency
}

export type ScoreOptions = {
  /**
   * Feature order for a model with a single `[N, F]` input. Without it, the columns the model
   * declares (`ModelInfo.columns`) are used, else the table's numeric columns in table order, but
   * only when there are exactly F of them; otherwise `predict` asks for `columns`.
   */
  readonly columns?: readonly string[]
  /** Rows per run; default 10 000 (batch size stops mattering above 10k rows, performance.md). */
  readonly batchSize?: number
  /**
   * ONNX Runtime intra-op threads; default 1, so that outputs do not depend on the machine (a
   * tree ensemble's sums come out in other last bits on more threads).
   */
  readonly intraOpThreads?: number
  /**
   * false: a classifier that also gives probabilities returns no labels (`labels` null), which
   * spares converting and copying them; default true.
   */
  readonly labels?: boolean
  readonly onProgress?: (rowsDone: number, rowsTotal: number) => void
}

export type Model = {
  readonly info: ModelInfo
  /**
   * Scores every row. A single float/double `[N, F]` input is packed row-major from F numeric
   * columns; otherwise each input `[N, 1]` or `[N]` is fed from the column of the same name:
   * float → float32, double → float64, int64/int32 (whole numbers only), bool (0/1), string
   * (numbers are written as text, e.g. 1 → "1"). Missing numbers are fed as NaN, which the
   * converters' Imputer nodes replace (a model without one returns NaN for that row); missing
   * strings are fed as "", which one-hot encoders treat as an unseen category. A missing value
   * for an integer input is an error. Errors are ModelError and name the model, the input, the
   * column and, for a bad value, the row (1-based).
   */
  predict(table: Table, options?: ScoreOptions): Promise<Predictions>
  /**
   * Scores tables that follow one another (the chunks of a file) as `predict` scores one table
   * of all their rows: `finish` gives the same predictions, and the latency of every run.
   * `options.onProgress` is not called; `add` takes a progress callback of its own. With
   * `keepOutputs` false, each table's outputs are only `add`'s to give (memory then does not grow
   * with the rows) and `finish` gives none.
   */
  scoring(options?: ScoreOptions & { readonly keepOutputs?: boolean }): Promise<ScoringRun>
  close(): Promise<void>
}

/** A `Model.scoring` run. */
export type ScoringRun = {
  /**
   * Scores every row of `table` in batches of the run's size, after the rows of the tables added
   * before. Its inputs must bind as the first table's did (the same columns packed into an
   * [N, F] input). The table's arrays may be reused once this resolves. Resolves to the
   * outputs of the table's rows.
   */
  add(
    table: Table,
    onProgress?: (rowsDone: number, rowsTotal: number) => void,
  ): Promise<ModelOutputs>
  /**
   * The predictions of every row added, in order; with `keepOutputs` false, the row count,
   * packed columns and latency, and no outputs (null).
   */
  finish(): Predictions
}

/** A model's outputs on some rows, as in `Predictions`. */
export type ModelOutputs = Pick<
  Predictions,
  'rowCount' | 'labels' | 'probabilities' | 'classes' | 'scores'
>
