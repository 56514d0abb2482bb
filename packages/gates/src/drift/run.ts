import { statSync } from 'node:fs'
import { join } from 'node:path'
import type { Column, CsvRangeHelper, Table } from '@mlgate/data'
import { readsWithHelper, readTable } from '@mlgate/data'
import type { Scored } from '../accuracy/evaluate.ts'
import { ConfigError } from '../errors.ts'
import type { GateResult } from '../result.ts'
import { featureTable, scoreModel } from '../scoring.ts'
import type { EncodedDistribution } from './_ecdf-codec.ts'
import { decodeProfile, withDecodedDistributions } from './_profile-tasks.ts'
import type { StoredProfileTask } from './_task.ts'
import type { DriftWorkers } from './_workers.ts'
import { driftWorkers } from './_workers.ts'
import type { DriftConfig } from './config.ts'
import { checkProfileModel, chunkScorer, labelOf } from './_current-scores.ts'
import {
  evaluateDriftScoredOnWorker,
  evaluateDriftStreamed,
  evaluateDriftWhileScoring,
  evaluateDriftWith,
} from './evaluate.ts'
import type { PredictionColumn } from './prediction-column.ts'
import { predictionColumn } from './prediction-column.ts'
import type { DriftProfile, ProfileSource } from './profile.ts'
import { assembleProfile, profileTasks, resolveFeatures } from './profile.ts'
import type { HashedReference, StoredProfile } from './profile-file.ts'
import {
  checkStoredProfile,
  fileSha256,
  readStoredProfile,
  referenceSha256,
  writeProfile,
} from './profile-file.ts'
import { SCANNED_FILE } from '../scored-chunks.ts'

/** What a profile is built from (the gate's settings, or `mlgate drift profile`'s). */
export type ProfileSettings = Pick<
  DriftConfig,
  'features' | 'exclude' | 'categorical' | 'label' | 'model' | 'positive' | 'columns' | 'batchSize'
> & {
  readonly reference: string
  readonly labelledColumn?: string | undefined
}

export type DriftRunHooks = {
  /** Called as scoring advances, for progress bars. */
  readonly onProgress?: (what: 'reference' | 'current', rowsDone: number, rowsTotal: number) => void
  /**
   * Threads for the per-column work (profiling, PSI, KS, JS): 1 keeps it on the main thread.
   * Default: MLGATE_THREADS when set, else worker threads up to the core count when the data is
   * large enough to pay for them (`BREAK_EVEN_VALUES`). The result is the same either way.
   */
  readonly threads?: number
  /**
   * Current CSV and Parquet files of at least this many bytes are read in chunks, in bounded
   * memory, when the run allows it (no coverage audit): default `STREAM_ABOVE_BYTES`.
   */
  readonly streamAboveBytes?: number
  /**
   * Bytes per read of a current CSV file: per chunk when it streams (16 MiB when omitted, see
   * `_stream.ts`), per block when it is read whole (4 MiB).
   */
  readonly blockBytes?: number
  /**
   * Current CSV files read whole from this size on are read in part by a worker: before it loads
   * a stored profile, or once the work posted to it is done: `PARALLEL_ABOVE_BYTES` when omitted.
   */
  readonly helpAboveBytes?: number
  /** Rows per chunk at least when streaming Parquet (scanParquet's default when omitted). */
  readonly minRows?: number
  /** Profile files of at least this many bytes are read by a worker: `LOAD_ON_WORKER_BYTES`. */
  readonly loadOnWorkerAboveBytes?: number
  /** Model files of at least this many bytes score on that worker: `SCORE_ON_WORKER_BYTES`. */
  readonly scoreOnWorkerAboveBytes?: number
  /**
   * Called once the columns' comparisons are handed to the workers and the main thread has
   * nothing more to do for the gate until they end (on the main thread alone: once they end).
   * `mlgate run` holds its other gates until then, so the workers compare while they run; given
   * this, the comparisons leave the main thread a core (`RunOptions.spareCore`) unless
   * `sparesCore` says otherwise.
   */
  readonly onComparing?: () => void
  /**
   * Asked, with `onComparing` given, when the comparisons are handed out: whether the caller's
   * work meanwhile is long enough to keep a core for (it still reads a file). When it only
   * computes on tables it has, the comparisons take every core: they are then the longer part,
   * and three threads on two cores end sooner than a comparison left on one worker. Measured on
   * the reference workload: a cold `mlgate run` (the holdout already read as the reference) took
   * 5.81–6.11 s with every core against 5.90–6.47 s with one spared; a cached run (the holdout
   * read meanwhile) 4.71–5.70 s against 4.22–5.32 s. Default: a core is spared.
   */
  readonly sparesCore?: () => boolean
  /**
   * Called just before the comparisons are posted to the workers, with a reader of CSV ranges on
   * the first of them: a range given to it now is read before the comparisons (a worker runs its
   * tasks in order), so that a file the caller scans meanwhile is read on both threads (the
   * holdout's last part, `planCsvTail`). Not called when no worker has started by then.
   */
  readonly beforeComparing?: (read: CsvRangeHelper['read']) => void
}

/**
 * Size from which a current CSV file is read in chunks rather than whole (see `streams`); the same
 * size of Parquet file, which holds more rows, streams too. Both give the same result. Read whole,
 * a CSV file takes about 3.5 times its size at the peak (its bytes, its columns, the comparison's
 * copies: 720 MB for the 216 MB reference workload), so a 2 GB budget holds files up to about 550
 * MB; read in chunks, memory is a few chunks and the columns' summaries (about 1 GB for a 2.2 GB
 * file of 10 million rows: 983–1,007 MiB, 8.4–8.8 s on Node 24). Streaming still costs some time
 * (the tail of the comparison cannot overlap the read): on the reference workload's cur.csv
 * against its profile, 2.3–2.8 s at 451–461 MiB streamed against 2.1–2.2 s at 558–571 MiB whole
 * (fresh Node 24 processes, 3 pairs). So only files beyond 512 MiB stream. A Parquet file streams
 * from the same size: the 1M-row reference workload as Parquet (151 MB) took 2.0–2.6 s at 425–438
 * MiB streamed against 2.0 s at 525–548 MiB whole (3 pairs); 10 million rows (1.5 GB) 8.6–9.9 s at
 * 1.0 GB streamed against 11.4 s at 2.9 GB whole. With a model, which scores each chunk as it is
 * read, the same holds: cur.csv with the linear model 2.0–2.6 s at 523–553 MiB streamed against
 * 1.7–1.8 s at 639–642 MiB whole (3 pairs); 10 million rows 16.0 s at 1,265 MiB from CSV and
 * 16.2 s at 1,324 MiB from Parquet, streamed.
 */
export const STREAM_ABOVE_BYTES = 512 * 1024 * 1024

/**
 * Size from which a stored profile is read by a worker while the main thread reads the current
 * data (see `loadProfile`), rather than by the main thread before it. Reading and checking the
 * JSON costs the main thread about 15 ms per MB in a fresh process (the reference workload's
 * 7.4 MB profile: 105–110 ms), all of it before the current data's read can start; a worker costs
 * nothing more when the comparison starts it anyway, and about 100 ms of another core when not.
 */
export const LOAD_ON_WORKER_BYTES = 4 * 1024 * 1024

/**
 * Size from which a model scores the current data on the worker that loaded the profile (which
 * has started ONNX Runtime by then), beside the comparisons, while the main thread goes on with
 * the other gates; a smaller one scores on the main thread while the workers compare. A model's
 * cost grows with its size, and moving the scoring costs memory on both threads at once. On the
 * reference workload (Node 24, cached `mlgate run`): the 100-tree ensemble (376 KB, 4.3–4.8 s of
 * scoring) took 7.3 and 9.0 s against 10.8 and 11.4 s (2 pairs); the linear model (1 KB, 0.25 s)
 * 2.88–3.29 s against 2.82–2.99 s (4 alternating pairs, slower in each), its peak 30–95 MiB
 * higher. With `MLGATE_THREADS=1` the same tasks run on the main thread, one after another.
 */
export const SCORE_ON_WORKER_BYTES = 64 * 1024

/**
 * The current data already read, and the model's scores on it, when another gate of the same run
 * has them (`mlgate run` scores each model once).
 */
export type PreparedCurrent = {
  readonly table?: Table
  /** The model's predictions on `table` with the label (and labelled-rows marker) left out. */
  readonly scored?: Scored
}

/**
 * The reference data as another gate of the same run reads it (`mlgate run`'s workspace), and
 * the model's scores on it, taken only when the profile has to be built. Both stay the lender's:
 * the columns the profile needs go to the workers copied (or shared, when they are in shared
 * memory), not moved.
 */
export type PreparedReference = {
  readonly table: () => Promise<Table>
  /** The model's predictions on the reference with the label (and labelled-rows marker) left out. */
  readonly scored?: () => Promise<Scored>
  /**
   * Called once the profile is built, when this gate needs the table no more: the lender may let
   * go of the columns it kept only for the profile.
   */
  readonly release?: () => Promise<void>
}

/** What another gate of the same run lends the drift gate. */
export type Prepared = PreparedCurrent & { readonly reference?: PreparedReference }

/** Milliseconds per step, reported in the result's context (`*_ms`) and read by the benchmark. */
export type Timings = Record<string, number>

/**
 * Reads the reference profile (or builds it from the reference data, and writes it when a profile
 * path is given), reads the current data, scores it when a model is given, and judges the drift.
 *
 * A profile file is used when it exists and, if the reference data is given too, was built from
 * that very file (same SHA-256) with the same model; otherwise it is rebuilt from the reference.
 * Without reference data, a profile that does not fit is refused with the reason.
 */
export async function runDriftGate(
  config: DriftConfig,
  hooks: DriftRunHooks = {},
  prepared: Prepared = {},
): Promise<GateResult> {
  const started = performance.now()
  const timings: Timings = {}
  const workers = driftWorkers(hooks.threads)
  try {
    const result = await runWithWorkers(config, hooks, prepared, timings, workers)
    return {
      ...result,
      context: {
        ...result.context,
        threads: workers.threads,
        total_ms: Math.round(performance.now() - started),
      },
    }
  } finally {
    await workers.close()
  }
}

/**
 * Builds the profile of a reference dataset: reads it, resolves the columns, scores it when a
 * model is given, and summarises every column once.
 */
export async function buildReferenceProfile(
  settings: ProfileSettings,
  timings: Timings = {},
  hooks: DriftRunHooks = {},
  hash = true,
): Promise<DriftProfile> {
  const workers = driftWorkers(hooks.threads)
  try {
    return (await profileReference(settings, hash, { timings, hooks, workers })).profile
  } finally {
    await workers.close()
  }
}

/** Builds the reference profile and writes it to `out`, its distributions encoded by the workers. */
export async function writeReferenceProfile(
  settings: ProfileSettings,
  out: string,
  timings: Timings = {},
  hooks: DriftRunHooks = {},
): Promise<{ readonly profile: DriftProfile; readonly bytes: number }> {
  const workers = driftWorkers(hooks.threads)
  try {
    const built = await profileReference(settings, true, { timings, hooks, workers }, true)
    const { profile_bytes } = await store(out, built, timings)
    return { profile: built.profile, bytes: profile_bytes }
  } finally {
    await workers.close()
  }
}

// --- internal ---

/** Context fact of a run that trusted the profile's record of the reference file's SHA-256. */
const TRUSTED_HASH = 'the profile (the file has the size and modification time it recorded)'

/** What the steps of one run share. */
type RunContext = {
  readonly timings: Timings
  readonly hooks: DriftRunHooks
  readonly workers: DriftWorkers
  /**
   * Called once the workers have the profile's work (profiling the reference, or decoding a
   * stored profile): the main thread is free to read the current data meanwhile.
   */
  readonly meanwhile?: () => void
  /** The reference as another gate reads it, instead of reading it again. */
  readonly reference?: PreparedReference | undefined
  /** A model scores the current data: a worker may start its runtime meanwhile. */
  readonly warm?: boolean
  /** Called when a stored profile is sent to a worker to load, before the current data's read. */
  readonly onWorkerLoad?: () => void
  /**
   * Resolves once the current data's read (`meanwhile`) has given a worker its part
   * (`csvHelper`), or has ended without: a stored profile's load is posted to the worker after it.
   */
  readonly untilRangeGiven?: () => Promise<void>
}

async function runWithWorkers(
  config: DriftConfig,
  hooks: DriftRunHooks,
  prepared: Prepared,
  timings: Timings,
  workers: DriftWorkers,
): Promise<GateResult> {
  let reading: Promise<Table> | undefined
  // Whether a worker read part of the current data (`csvHelper`): a fact of the result.
  let helped = false
  let handedOver: () => void = () => undefined
  const rangeGiven = new Promise<void>((resolve) => {
    handedOver = resolve
  })
  const helper = (): CsvRangeHelper | undefined => {
    const free = workers.csvHelper()
    return (
      free && {
        ...free,
        read: (job) => {
          helped = true
          handedOver()
          return free.read(job)
        },
      }
    )
  }
  const readCurrent = (): Promise<Table> => {
    reading ??= prepared.table
      ? Promise.resolve(prepared.table)
      : timed(timings, 'read_current_ms', () =>
          readTable(config.current, undefined, {
            helper: helper(),
            blockBytes: hooks.blockBytes,
            parallelAboveBytes: hooks.helpAboveBytes,
          }),
        )
    // Awaited after the profile, whose errors come first; until then a failure waits its turn. A
    // read that gives no range lets the profile's load go ahead once it ends.
    reading.then(handedOver, handedOver)
    return reading
  }
  // With the label given, the scores need nothing from the profile: the model scores the current
  // data once it is read, while the workers may still build the profile (checked against it after).
  let early: Promise<Column> | undefined
  // A stored profile loaded by a worker, with a model large enough to score there
  // (`SCORE_ON_WORKER_BYTES`) and no coverage audit (which reads the scores' rows): that worker
  // scores the current data, ONNX Runtime started there after the load, and the main thread is
  // free once it has read the data.
  let scoreOnWorker = false
  const readAndScore = (): void => {
    const read = readCurrent()
    // Called again when a profile read to be used is rebuilt instead: the scoring has begun.
    if (early || scoreOnWorker) return
    if (config.model === undefined || config.label === undefined || prepared.scored) return
    early = read.then((table) => scoreCurrentTable(config, hooks, timings, config.label, table))
    early.catch(() => undefined)
  }
  const streaming = streams(config, hooks, prepared)
  const obtained = await obtainProfile(config, {
    timings,
    hooks,
    workers,
    reference: prepared.reference,
    ...(streaming ? {} : { meanwhile: readAndScore }),
    // A worker can read part of the current data before it loads a stored profile.
    ...(!streaming &&
    prepared.table === undefined &&
    readsWithHelper(config.current, undefined, hooks.helpAboveBytes)
      ? { untilRangeGiven: () => rangeGiven }
      : {}),
    warm: config.model !== undefined && prepared.scored === undefined,
    onWorkerLoad: () => {
      const bytes =
        config.model === undefined
          ? undefined
          : statSync(config.model, { throwIfNoEntry: false })?.size
      const above = hooks.scoreOnWorkerAboveBytes ?? SCORE_ON_WORKER_BYTES
      scoreOnWorker =
        bytes !== undefined &&
        bytes >= above &&
        prepared.scored === undefined &&
        config.labelledColumn === undefined
    },
  })
  if (streaming) {
    const streamed = await streamCurrent(config, hooks, timings, workers, obtained)
    if (streamed) return streamed
  }
  const current = await readCurrent()
  const reader = workers.csvHelper()
  if (reader !== undefined) hooks.beforeComparing?.(reader.read)
  // The profile, the current table and the scores are this run's own unless the caller lent
  // them: then they move to the workers rather than being copied.
  const handOver = prepared.table === undefined && prepared.scored === undefined
  // While the comparisons run, the caller's other gates use the main thread: it keeps a core.
  const { onComparing } = hooks
  const options = {
    handOver,
    ...(onComparing ? { meanwhile: onComparing, spareCore: hooks.sparesCore?.() ?? true } : {}),
  }
  const inputs = { profile: obtained.profile, profileSource: obtained.source, current }
  if (scoreOnWorker && config.model !== undefined) {
    await checkProfileModel(config, timings, obtained.profile)
    const label = labelOf(config, obtained.profile)
    return evaluateDriftScoredOnWorker(
      workers,
      config,
      {
        ...inputs,
        // As they stand when the report is made, the worker's scoring included.
        get context() {
          return { ...obtained.facts, ...readFacts(helped), ...timings }
        },
      },
      {
        model: config.model,
        drop: label === undefined ? [] : [label],
        batchSize: config.batchSize,
        columns: config.columns,
        positive: config.positive,
      },
      timings,
      { ...options, onScoring: (done, total) => hooks.onProgress?.('current', done, total) },
    )
  }
  if (config.model !== undefined && prepared.scored === undefined) {
    // The model scores on this thread: the workers compare the features meanwhile.
    const scoring = scoreCurrent(config, hooks, prepared, timings, obtained.profile, current, early)
    return evaluateDriftWhileScoring(
      workers,
      config,
      {
        ...inputs,
        scoring,
        // As they stand when the report is made, the scoring's included.
        get context() {
          return { ...obtained.facts, ...readFacts(helped), ...timings }
        },
      },
      options,
    )
  }
  const prediction = config.model
    ? await scoreCurrent(config, hooks, prepared, timings, obtained.profile, current, early)
    : undefined
  const context = { ...obtained.facts, ...readFacts(helped), ...timings }
  return evaluateDriftWith(
    workers,
    config,
    { ...inputs, ...(prediction ? { prediction } : {}), context },
    options,
  )
}

/** How the current data was read, when not by the main thread alone. */
function readFacts(helped: boolean): Record<string, string> {
  return helped ? { current_read: 'in part by a worker' } : {}
}

/**
 * The drift gate on the current file read in chunks (`evaluateDriftStreamed`), the model scoring
 * each chunk when the run has one; undefined when the file must be read whole.
 */
async function streamCurrent(
  config: DriftConfig,
  hooks: DriftRunHooks,
  timings: Timings,
  workers: DriftWorkers,
  obtained: Obtained,
): Promise<GateResult | undefined> {
  const scorer = config.model ? await chunkScorer(config, timings, obtained.profile) : undefined
  try {
    return await evaluateDriftStreamed(
      workers,
      config,
      {
        profile: obtained.profile,
        profileSource: obtained.source,
        path: config.current,
        // Timings as they stand when the report is made, the chunks' scoring included.
        get context() {
          return { ...obtained.facts, ...timings, current_read: 'in chunks' }
        },
      },
      {
        handOver: true,
        ...(hooks.blockBytes === undefined ? {} : { blockBytes: hooks.blockBytes }),
        ...(hooks.minRows === undefined ? {} : { minRows: hooks.minRows }),
        ...(scorer ? { score: scorer.score } : {}),
      },
    )
  } finally {
    await scorer?.close()
  }
}

/**
 * The model's scores on the current rows as the column whose drift is checked, after checking
 * that the profile's scores come from the same model. `early`: the scores made already.
 */
async function scoreCurrent(
  config: DriftConfig,
  hooks: DriftRunHooks,
  prepared: PreparedCurrent,
  timings: Timings,
  profile: DriftProfile,
  current: Table,
  early: Promise<Column> | undefined,
): Promise<Column> {
  await checkProfileModel(config, timings, profile)
  if (prepared.scored) return predictionColumn(prepared.scored, config.positive).column
  if (early) return early
  // The label named by the profile stays out of the model's inputs even when the run omits it.
  return scoreCurrentTable(config, hooks, timings, labelOf(config, profile), current)
}

/** The model's scores on the current table, `label` left out of its inputs (timed). */
async function scoreCurrentTable(
  config: DriftConfig,
  hooks: DriftRunHooks,
  timings: Timings,
  label: string | undefined,
  current: Table,
): Promise<Column> {
  const scored = await timed(timings, 'score_current_ms', () =>
    scoreTable({ ...config, label }, current, (d, t) => hooks.onProgress?.('current', d, t)),
  )
  return scored.column
}

/**
 * Whether this run reads the current data in chunks: a CSV or Parquet file of at least
 * `streamAboveBytes`, not already read by the caller, in a run without a label-coverage audit (it
 * reads rows across columns).
 */
function streams(config: DriftConfig, hooks: DriftRunHooks, prepared: PreparedCurrent): boolean {
  if (prepared.table !== undefined || prepared.scored !== undefined) return false
  if (config.labelledColumn !== undefined) return false
  if (!SCANNED_FILE.test(config.current)) return false
  const size = statSync(config.current, { throwIfNoEntry: false })?.size
  return size !== undefined && size >= (hooks.streamAboveBytes ?? STREAM_ABOVE_BYTES)
}

/** A built profile, and its distributions encoded for a file when it is to be written. */
type Built = {
  readonly profile: DriftProfile
  /** By feature, when encoded (`encode`); numeric features only. */
  readonly encoded: readonly (EncodedDistribution | undefined)[]
}

/**
 * Reads (or borrows) the reference, scores it when a model is given, and profiles every column
 * on the workers; with `encode`, each numeric distribution is encoded for the profile file by the
 * worker that computed it.
 */
async function profileReference(
  settings: ProfileSettings,
  hash: boolean,
  { timings, hooks, workers, meanwhile, reference: lent }: RunContext,
  encode = false,
  known?: HashedReference,
): Promise<Built> {
  // The hash ties a stored profile to its data; a profile that is never stored skips it.
  const [table, hashed] = await Promise.all([
    timed(timings, 'read_reference_ms', () =>
      lent ? lent.table() : readTable(settings.reference),
    ),
    hash && !known
      ? timed(timings, 'hash_reference_ms', () => referenceSha256(settings.reference))
      : known,
  ])
  if (table.rowCount === 0) {
    throw new ConfigError(
      `${settings.reference} has no data rows: a reference profile needs the training data's rows.`,
    )
  }
  const names = table.columns.map((c) => c.name)
  const features = resolveFeatures(names, settings)
  const missing = [...features, ...(settings.label ? [settings.label] : [])].filter(
    (n) => !names.includes(n),
  )
  if (missing.length > 0) {
    throw new ConfigError(
      `${settings.reference} has no column ${missing.map((m) => `"${m}"`).join(', ')}; its columns are ${names.map((n) => `"${n}"`).join(', ')}.`,
    )
  }
  let prediction:
    { column: PredictionColumn['column']; model: NonNullable<DriftProfile['model']> } | undefined
  if (settings.model) {
    const model = settings.model
    const scored = await timed(timings, 'score_reference_ms', async () =>
      lent?.scored
        ? predictionColumn(await lent.scored(), settings.positive)
        : scoreTable(settings, table, (d, t) => hooks.onProgress?.('reference', d, t)),
    )
    const sha = await fileSha256(model)
    prediction = { column: scored.column, model: { file: model, sha256: sha, score: scored.score } }
  }
  const source: ProfileSource = {
    table,
    file: settings.reference,
    sha256: hashed?.sha256 ?? '',
    ...(hashed?.stamp ? { stamp: hashed.stamp } : {}),
    features,
    categorical: new Set(settings.categorical),
    ...(settings.label ? { label: settings.label } : {}),
    ...(prediction ? { prediction } : {}),
  }
  // A reference table of our own is done with once profiled: its columns move to the workers.
  // A lent one is still the lender's: they get copies, or share it when it is in shared memory.
  const handOver = lent === undefined
  const built = await timed(timings, 'build_profile_ms', async () => {
    const tasks = profileTasks(source)
    if (!encode) {
      const features = await workers.run(tasks, { handOver, meanwhile })
      return { profile: assembleProfile(source, features), encoded: [] }
    }
    const toStore = tasks.map((t): StoredProfileTask => ({ ...t, kind: 'profile-to-store' }))
    const outputs = await workers.run(toStore, { handOver, meanwhile })
    return {
      profile: assembleProfile(
        source,
        outputs.map((o) => o.feature),
      ),
      encoded: outputs.map((o) => o.encoded),
    }
  })
  await lent?.release?.()
  return built
}

/** Writes the profile file, its distributions already encoded; the file's size as a fact. */
async function store(
  path: string,
  { profile, encoded }: Built,
  timings: Timings,
): Promise<{ profile_bytes: number }> {
  const bytes = await timed(timings, 'write_profile_ms', () => writeProfile(path, profile, encoded))
  return { profile_bytes: bytes }
}

type Obtained = {
  profile: DriftProfile
  source: string
  facts: Record<string, string | number | boolean>
}

async function obtainProfile(config: DriftConfig, run: RunContext): Promise<Obtained> {
  const { timings } = run
  const { profile: path, reference } = config
  const found = path ? statSync(path, { throwIfNoEntry: false }) : undefined
  if (path && found?.isDirectory() === true) {
    throw new ConfigError(
      `The drift profile ${path} is a folder, not a file: give the path of the profile's JSON file, for example ${join(path, 'reference.profile.json')}.`,
    )
  }
  if (path && found !== undefined) {
    if (!reference) {
      const profile = await (await loadProfile(path, run)).decoded()
      return { profile, source: `read from ${path}`, facts: {} }
    }
    // With the reference at hand, a profile that cannot be used (another format version, damaged,
    // built from other data or settings) is rebuilt rather than refused. The profile is read
    // first: while the reference keeps the size and modification time it records, its hash is
    // trusted and the reference is not read at all.
    const loaded = await loadProfile(path, run).catch(configErrorAsValue)
    const usable = loaded instanceof ConfigError ? undefined : loaded.profile
    const hashed = await timed(timings, 'hash_reference_ms', () =>
      referenceSha256(reference, usable?.reference),
    )
    let stale = usable ? staleness(usable, hashed.sha256, config) : 'it could not be used'
    if (stale === undefined && !(loaded instanceof ConfigError)) {
      const profile = await loaded.decoded().catch(configErrorAsValue)
      if (!(profile instanceof ConfigError)) {
        const facts: Obtained['facts'] = hashed.trusted
          ? { reference_sha256_from: TRUSTED_HASH }
          : {}
        return { profile, source: `read from ${path}`, facts }
      }
      stale = 'it could not be used'
    }
    // Hashed above, unless trusted: a stale profile's record is not.
    const known = hashed.trusted ? undefined : hashed
    const built = await profileReference({ ...config, reference }, true, run, true, known)
    return {
      profile: built.profile,
      source: `rebuilt from ${reference} (${stale}) and written to ${path}`,
      facts: await store(path, built, timings),
    }
  }
  if (!reference) {
    throw new ConfigError(
      path
        ? `The drift profile ${path} does not exist and no reference data was given to build it from. Pass the reference (training) data, or write the profile first with mlgate drift profile --reference <data> --out ${path}.`
        : 'The drift gate needs the reference (training) data or a profile built from it: give reference, profile, or both.',
    )
  }
  const built = await profileReference({ ...config, reference }, !!path, run, !!path)
  if (!path) return { profile: built.profile, source: `built from ${reference}`, facts: {} }
  return {
    profile: built.profile,
    source: `built from ${reference} and written to ${path}`,
    facts: await store(path, built, timings),
  }
}

/**
 * A profile file as read: its fields, then the profile with its distributions (`decoded`: its
 * errors are those of a damaged distribution).
 */
type LoadedProfile = {
  readonly profile: StoredProfile
  decoded(): Promise<DriftProfile>
}

/**
 * Reads a profile file. While the main thread has the current data to read (`meanwhile`), a file
 * of `LOAD_ON_WORKER_BYTES` or more is read and decoded by a worker meanwhile, and checked once
 * back; otherwise the main thread reads and checks it, and the workers decode its distributions.
 * The errors are the same either way, and come in the same order.
 *
 * When that worker can read part of the current data (`untilRangeGiven`: a CSV file large enough
 * for two threads), it starts before the load and takes its part at the main thread's first block;
 * the load comes after, since only the comparisons need the profile, and ONNX Runtime starts on it
 * before the load, since the main thread scores the data once read. The main thread then reads 60%
 * of the file instead of all of it until the load is done (about 0.3 s) and 60% of the rest. On
 * the reference workload (cached `mlgate run`, Node 24, medians of 10 alternating pairs): 1.70 s
 * against 1.77 s, faster in 7 of 10.
 */
async function loadProfile(path: string, run: RunContext): Promise<LoadedProfile> {
  const bytes = statSync(path, { throwIfNoEntry: false })?.size ?? 0
  const threshold = run.hooks.loadOnWorkerAboveBytes ?? LOAD_ON_WORKER_BYTES
  if (run.meanwhile !== undefined && bytes >= threshold) {
    run.onWorkerLoad?.()
    // The worker reads its part of the current data first, then the profile, which only the
    // comparisons need: the main thread reads less on its own (see above).
    let first = false
    if (run.untilRangeGiven !== undefined && (await run.workers.startHelper())) {
      first = true
      run.meanwhile()
      await run.untilRangeGiven()
    }
    // ONNX Runtime starts there before the load when the main thread is about to score.
    const warm = run.warm !== true ? undefined : first ? 'first' : 'after'
    const [read] = await timed(run.timings, 'load_profile_ms', () =>
      run.workers.run([{ kind: 'load', path, bytes, ...(warm ? { warm } : {}) }], {
        meanwhile: run.meanwhile,
        spareCore: true,
        offMainThread: true,
      }),
    )
    const stored = checkStoredProfile(read!.json, path)
    return { profile: stored, decoded: async () => withDecodedDistributions(stored, read!) }
  }
  const stored = await timed(run.timings, 'load_profile_ms', () => readStoredProfile(path))
  return { profile: stored, decoded: () => decodeTimed(stored, run) }
}

function decodeTimed(stored: StoredProfile, run: RunContext): Promise<DriftProfile> {
  // The comparison that follows touches about as many values again as the reference has rows
  // per feature (when the current data is about as large): workers it will start anyway may
  // decode too, leaving the main thread to read the current data.
  const planned = stored.reference.rows * stored.features.length
  return timed(run.timings, 'decode_profile_ms', () =>
    decodeProfile(stored, run.workers, run.meanwhile, planned),
  )
}

function configErrorAsValue(error: unknown): ConfigError {
  if (error instanceof ConfigError) return error
  throw error
}

/** Why a stored profile cannot stand for `reference` under these settings, or undefined. */
function staleness(profile: StoredProfile, sha: string, config: DriftConfig): string | undefined {
  if (profile.reference.sha256 !== sha) return 'the reference data changed'
  if (config.label && !profile.features.some((f) => f.role === 'label' && f.name === config.label))
    return 'it has no label drift'
  if (config.model && !profile.model) return 'it has no model scores'
  const features = new Set(profile.features.filter((f) => f.role === 'feature').map((f) => f.name))
  const wanted = config.features ?? resolveFeatures(profile.columns, config)
  if (wanted.some((n) => !features.has(n))) return 'it covers other columns'
  const numeric = new Set(profile.features.filter((f) => f.kind === 'numeric').map((f) => f.name))
  if (config.categorical.some((n) => numeric.has(n))) return 'other columns are categorical'
  return undefined
}

async function scoreTable(
  settings: Pick<DriftConfig, 'model' | 'positive' | 'columns' | 'batchSize' | 'label'> & {
    labelledColumn?: string | undefined
  },
  table: Table,
  onProgress: (done: number, total: number) => void,
): Promise<PredictionColumn> {
  const model = settings.model!
  const drop = [settings.label, settings.labelledColumn].filter((c): c is string => c !== undefined)
  const scored = await scoreModel(model, featureTable(table, drop), {
    batchSize: settings.batchSize,
    ...(settings.columns ? { columns: settings.columns } : {}),
    onProgress,
  })
  return predictionColumn(scored, settings.positive)
}

async function timed<T>(timings: Timings, key: string, step: () => T | Promise<T>): Promise<T> {
  const t = performance.now()
  const value = await step()
  timings[key] = Math.round(performance.now() - t)
  return value
}
