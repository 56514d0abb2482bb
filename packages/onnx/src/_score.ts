import type { Table } from '@mlgate/data'
import type { InferenceSession, Tensor } from 'onnxruntime-node'
import { ModelError } from './errors.ts'
import type { ModelInfo, Predictions, ScoreOptions, ScoringRun } from './types.ts'
import type { FeedData, FeedType, InputBinding } from './_bind.ts'
import { allocateFeed, bindInputs, feedDims, fillInput } from './_bind.ts'
import { int64ToNumbers } from './_int64.ts'
import { summarizeLatency } from './_latency.ts'
import type { Runtime } from './_runtime.ts'

/** Rows per run unless the caller says otherwise: batch size stops mattering above 10k rows (performance.md). */
export const DEFAULT_BATCH_SIZE = 10_000

/** Runs the model over every row of `table` in batches. ModelError messages omit the model path. */
export async function scoreTable(
  runtime: Runtime,
  session: InferenceSession,
  info: Omit<ModelInfo, 'path' | 'sha256' | 'bytes'>,
  table: Table,
  options: ScoreOptions,
): Promise<Predictions> {
  const run = startScoring(runtime, session, info, options)
  await run.add(table, options.onProgress)
  return run.finish()
}

/**
 * A `Model.scoring` run on an open session; `scoreTable` is one of a single table. With
 * `keepOutputs` false, `finish` gives no outputs (see `Model.scoring`).
 */
export function startScoring(
  runtime: Runtime,
  session: InferenceSession,
  info: Omit<ModelInfo, 'path' | 'sha256' | 'bytes'>,
  options: ScoreOptions,
  keepOutputs = true,
): ScoringRun {
  let scoringNs = 0n
  const requested = options.batchSize ?? DEFAULT_BATCH_SIZE
  if (!Number.isInteger(requested) || requested < 1) {
    throw new ModelError(
      `was asked for batches of ${requested} rows; batchSize must be a whole number ≥ 1`,
    )
  }
  // A fixed batch dimension (e.g. [1, F]) admits only that many rows per run; pad the last run.
  const fixed = info.fixedBatchSize
  const step = fixed ?? requested
  // Labels left out on request when the probabilities say as much (`ScoreOptions.labels`).
  const labelOutput =
    options.labels === false && info.probabilityOutput != null ? null : info.labelOutput
  const fetched = { ...info, labelOutput }
  const fetches = [labelOutput, info.probabilityOutput, info.scoreOutput].filter((n) => n != null)
  const batchMs: number[] = []
  const batchRows: number[] = []
  const parts: Collected[] = []
  let rowCount = 0
  let packed: readonly string[] | null | undefined
  let feeds: Feed[] = []

  return {
    async add(table, onProgress) {
      const started = process.hrtime.bigint()
      const total = table.rowCount
      const bindings = bindInputs(info.inputs, table, options.columns, info.columns)
      const matrix = bindings.find((b) => b.kind === 'matrix')
      const names = matrix?.kind === 'matrix' ? matrix.names : null
      if (packed !== undefined && names?.join('\0') !== packed?.join('\0')) {
        throw new ModelError(
          `packed columns (${names?.join(', ') ?? 'none'}) at row ${rowCount + 1} of ${table.source} other ` +
            `than before (${packed?.join(', ') ?? 'none'}); score the table whole`,
        )
      }
      packed = names
      const capacity = fixed ?? Math.max(1, Math.min(requested, total))
      feeds = bindings.map((b, i) => reusedFeed(feeds[i], b, capacity))
      const out = createCollector(fetched, total)
      for (let start = 0; start < total; start += step) {
        const rows = Math.min(step, total - start)
        const runRows = fixed ?? rows
        const tensors: Record<string, Tensor> = {}
        for (let i = 0; i < bindings.length; i++) {
          const binding = bindings[i] as InputBinding
          const { buffer } = feeds[i] as Feed
          fillInput(binding, table, start, rows, buffer)
          const data =
            runRows === feedRows(buffer, binding) ? buffer : head(buffer, runRows * width(binding))
          tensors[binding.input.name] = new runtime.Tensor(
            binding.feed,
            data,
            feedDims(binding, runRows),
          )
        }
        const t0 = process.hrtime.bigint()
        let result: InferenceSession.ReturnType
        try {
          result = await session.run(tensors, fetches)
        } catch (error) {
          throw new ModelError(
            `failed in ONNX Runtime on rows ${rowCount + start + 1}–${rowCount + start + rows} of ${table.source}: ` +
              `${error instanceof Error ? error.message : String(error)}`,
            { cause: error },
          )
        }
        batchMs.push(Number(process.hrtime.bigint() - t0) / 1e6)
        batchRows.push(rows)
        out.add(result, start, rows)
        onProgress?.(start + rows, total)
      }
      const outputs = out.finish()
      if (keepOutputs) parts.push(outputs)
      rowCount += total
      scoringNs += process.hrtime.bigint() - started
      return { rowCount: total, ...outputs }
    },
    finish() {
      const totalMs = Number(scoringNs) / 1e6
      const none = { labels: null, probabilities: null, classes: null, scores: null }
      return {
        rowCount,
        ...(!keepOutputs
          ? none
          : parts.length === 0
            ? createCollector(fetched, 0).finish()
            : joinCollected(parts)),
        columns: packed ?? null,
        latency: summarizeLatency(
          Float64Array.from(batchMs),
          Float64Array.from(batchRows),
          step,
          totalMs,
        ),
      }
    },
  }
}

// --- internal ---

function width(binding: InputBinding): number {
  return binding.kind === 'matrix' ? binding.columns.length : 1
}

/** Rows a feed buffer holds for `binding`. */
function feedRows(buffer: FeedData, binding: InputBinding): number {
  return buffer.length / width(binding)
}

/** A feed buffer of at least `capacity` rows for `binding`: the one before when it fits. */
function reusedFeed(old: Feed | undefined, binding: InputBinding, capacity: number): Feed {
  const fits =
    old !== undefined &&
    old.feed === binding.feed &&
    old.width === width(binding) &&
    feedRows(old.buffer, binding) >= capacity
  if (fits) return old
  return { feed: binding.feed, width: width(binding), buffer: allocateFeed(binding, capacity) }
}

type Feed = { readonly feed: FeedType; readonly width: number; readonly buffer: FeedData }

function head(buffer: FeedData, n: number): FeedData {
  return Array.isArray(buffer) ? buffer.slice(0, n) : buffer.subarray(0, n)
}

type Collected = Pick<Predictions, 'labels' | 'probabilities' | 'classes' | 'scores'>

type Collector = {
  add(result: InferenceSession.ReturnType, start: number, rows: number): void
  finish(): Collected
}

/** Copies each run's outputs into full-length arrays; float32 probabilities widen to float64. */
function createCollector(
  info: Omit<ModelInfo, 'path' | 'sha256' | 'bytes'>,
  total: number,
): Collector {
  const labelInfo = info.outputs.find((o) => o.name === info.labelOutput)
  const labels: Float64Array | string[] | null =
    info.labelOutput == null
      ? null
      : labelInfo?.type === 'string'
        ? new Array<string>(total)
        : new Float64Array(total)
  const declared = info.outputs.find((o) => o.name === info.probabilityOutput)?.shape[1]
  let k: number | null = info.classes?.length ?? (typeof declared === 'number' ? declared : null)
  let probabilities: Float64Array | null =
    info.probabilityOutput == null ? null : new Float64Array(total * (k ?? 0))
  const scores = info.scoreOutput == null ? null : new Float64Array(total)

  return {
    add(result, start, rows) {
      if (info.labelOutput != null && labels != null) {
        const t = result[info.labelOutput] as Tensor
        if (Array.isArray(labels)) {
          const data = t.data as string[]
          for (let r = 0; r < rows; r++) labels[start + r] = String(data[r])
        } else {
          copyNumbers(t, labels, start, rows)
        }
      }
      if (info.probabilityOutput != null && probabilities != null) {
        const t = result[info.probabilityOutput] as Tensor
        const columns = t.dims.length === 2 ? (t.dims[1] as number) : 1
        if (columns !== k) {
          if (k != null) {
            throw new ModelError(
              `output "${info.probabilityOutput}" has ${columns} columns but the model declares ${k} ` +
                `classes${info.classes == null ? '' : ` (${info.classes.join(', ')})`}; re-export the model`,
            )
          }
          k = columns
          probabilities = new Float64Array(total * k)
        }
        const data = t.data as Float32Array | Float64Array
        probabilities.set(data.subarray(0, rows * columns), start * columns)
      }
      if (info.scoreOutput != null && scores != null) {
        const t = result[info.scoreOutput] as Tensor
        if (t.dims.slice(1).some((d) => d !== 1)) {
          throw new ModelError(
            `output "${info.scoreOutput}" has shape [${t.dims.join(', ')}]; regression scoring needs one value ` +
              `per row ([N] or [N, 1])`,
          )
        }
        copyNumbers(t, scores, start, rows)
      }
    },
    finish() {
      const classes = info.classes ?? (k == null ? null : Array.from({ length: k }, (_, i) => i))
      return { labels, probabilities, classes, scores }
    },
  }
}

/** The outputs of tables scored one after another, as those of one table. */
function joinCollected(parts: readonly Collected[]): Collected {
  const first = parts[0] as Collected
  if (parts.length === 1) return first
  for (const part of parts) {
    if (String(part.classes) !== String(first.classes)) {
      throw new ModelError(
        `gave classes ${String(part.classes)} for some rows and ${String(first.classes)} for others; re-export the model with its classes`,
      )
    }
  }
  return {
    labels:
      first.labels == null
        ? null
        : joinArrays(parts.map((p) => p.labels as Float64Array | string[])),
    probabilities:
      first.probabilities == null
        ? null
        : joinArrays(parts.map((p) => p.probabilities as Float64Array)),
    classes: first.classes,
    scores: first.scores == null ? null : joinArrays(parts.map((p) => p.scores as Float64Array)),
  }
}

function joinArrays<T extends Float64Array | string[]>(parts: readonly T[]): T {
  if (Array.isArray(parts[0])) return (parts as readonly string[][]).flat() as T
  const numbers = parts as readonly Float64Array[]
  const out = new Float64Array(numbers.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const part of numbers) {
    out.set(part, at)
    at += part.length
  }
  return out as T
}

function copyNumbers(t: Tensor, target: Float64Array, start: number, rows: number): void {
  const data = t.data
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) {
    int64ToNumbers(data, target, start, rows)
  } else {
    target.set((data as Float32Array).subarray(0, rows), start)
  }
}
