import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import type { InferenceSession } from 'onnxruntime-node'
import { decodeModel, encodeModel } from './codec.ts'
import { ModelError } from './errors.ts'
import type { Model, ModelInfo, ScoreOptions } from './types.ts'
import type { GraphFacts } from './_inspect.ts'
import { inspectGraph } from './_inspect.ts'
import type { Runtime } from './_runtime.ts'
import { loadRuntime } from './_runtime.ts'
import { scoreTable, startScoring } from './_score.ts'
import { stripZipMap } from './_zipmap.ts'

/**
 * Reads an ONNX model, removes ZipMap outputs ONNX Runtime for Node cannot return, works out the
 * task and which outputs hold labels, probabilities or scores, and opens an ONNX Runtime session.
 */
export async function openModel(path: string): Promise<Model> {
  const fileBytes = await readModelFile(path)
  const { model, removed, facts } = prepare(path, fileBytes)
  const runBytes = removed.length === 0 ? fileBytes : encodeModel(model)
  const info = infoOf(path, fileBytes, facts)
  const runtime = await loadRuntime()
  const sessions = new Map<number, Promise<InferenceSession>>()
  let closed = false

  // Sessions are keyed by intra-op thread count, which is fixed at creation.
  const session = (threads: number): Promise<InferenceSession> => {
    let s = sessions.get(threads)
    if (s == null) {
      s = createSession(runtime, path, runBytes, threads)
      sessions.set(threads, s)
    }
    return s
  }
  await session(DEFAULT_INTRA_OP_THREADS)
  const openSession = (options: ScoreOptions): Promise<InferenceSession> => {
    if (closed) throw new ModelError(`Model "${path}" is closed; open it again to score`)
    const threads = options.intraOpThreads
    if (threads != null && (!Number.isInteger(threads) || threads < 1)) {
      throw new ModelError(`intraOpThreads must be a whole number ≥ 1, got ${threads}`)
    }
    return session(threads ?? DEFAULT_INTRA_OP_THREADS)
  }

  return {
    info,
    async predict(table, options: ScoreOptions = {}) {
      const s = await openSession(options)
      return withPath(path, () => scoreTable(runtime, s, facts, table, options))
    },
    async scoring(options: ScoreOptions & { readonly keepOutputs?: boolean } = {}) {
      const s = await openSession(options)
      const keep = options.keepOutputs !== false
      const run = await withPath(path, async () => startScoring(runtime, s, facts, options, keep))
      return {
        add: (table, onProgress) => withPath(path, () => run.add(table, onProgress)),
        finish: () => withPathNow(path, () => run.finish()),
      }
    },
    async close() {
      closed = true
      const all = [...sessions.values()]
      sessions.clear()
      // A session that failed to open has nothing to release; its error was already reported.
      for (const s of all) await (await s.catch(() => null))?.release()
    },
  }
}

/**
 * What `openModel` tells of a model (`Model.info`) without starting ONNX Runtime, for work
 * planned before the model is opened (the columns a scan decodes). Errors are `openModel`'s.
 */
export async function inspectModel(path: string): Promise<ModelInfo> {
  const fileBytes = await readModelFile(path)
  return infoOf(path, fileBytes, prepare(path, fileBytes).facts)
}

// --- internal ---

async function readModelFile(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path)
  } catch (error) {
    throw new ModelError(`Cannot read model file "${path}": ${whyUnreadable(error)}`, {
      cause: error,
    })
  }
}

function infoOf(path: string, fileBytes: Uint8Array, facts: GraphFacts): ModelInfo {
  return {
    path,
    sha256: createHash('sha256').update(fileBytes).digest('hex'),
    bytes: fileBytes.length,
    ...facts,
  }
}

/**
 * Intra-op threads unless a scoring asks for more: one, so that a model's outputs do not depend
 * on the machine's cores. ONNX Runtime sums a tree ensemble's trees in another order on more
 * threads: on 1M rows of the reference workload, a 100-tree ensemble's probabilities differed in
 * their last bits for 752,871 of 2,000,000 values with 2 threads (3.0 s against 5.4 s); a linear
 * model's were the same. The runtime's own default, which depends on the machine, gave the
 * one-thread outputs here.
 */
const DEFAULT_INTRA_OP_THREADS = 1

/** The model with its ZipMap outputs removed (`removed`), and its facts. */
function prepare(path: string, fileBytes: Uint8Array) {
  try {
    const { model, removed } = stripZipMap(decodeModel(fileBytes))
    return { model, removed, facts: inspectGraph(model, removed) }
  } catch (error) {
    if (!(error instanceof ModelError)) throw error
    const hint = error.message.startsWith('not a valid ONNX model')
      ? '. Check that the file is a complete .onnx export (not truncated, not a pickle or another format)'
      : ''
    throw new ModelError(`Model "${path}" ${prefixed(error.message)}${hint}`, { cause: error })
  }
}

async function createSession(
  runtime: Runtime,
  path: string,
  bytes: Uint8Array,
  threads: number,
): Promise<InferenceSession> {
  try {
    // Severity 3 = errors only: ORT's warnings (e.g. unused initializers) are not the user's concern.
    return await runtime.InferenceSession.create(bytes, {
      logSeverityLevel: 3,
      intraOpNumThreads: threads,
    })
  } catch (error) {
    throw new ModelError(
      `Model "${path}" could not be loaded by ONNX Runtime ${runtime.env.versions.common}: ` +
        `${error instanceof Error ? error.message : String(error)}. Check the operator set and operators the model uses`,
      { cause: error },
    )
  }
}

/** Internal messages start with the verb ("input … expects …"); prefix them with the model. */
async function withPath<T>(path: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (error) {
    throw withModelPath(path, error)
  }
}

function withPathNow<T>(path: string, run: () => T): T {
  try {
    return run()
  } catch (error) {
    throw withModelPath(path, error)
  }
}

function withModelPath(path: string, error: unknown): unknown {
  if (!(error instanceof ModelError)) return error
  return new ModelError(`Model "${path}" ${prefixed(error.message)}`, { cause: error })
}

function prefixed(message: string): string {
  return message.startsWith('not a valid') ? `is ${message}` : message
}

/** Why a model file could not be read, and what to do, for the errors a user can mend. */
function whyUnreadable(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code
  if (code === 'ENOENT') return 'file not found (ENOENT); check the path'
  if (code === 'EISDIR') return 'it is a folder (EISDIR); give the path of the .onnx file'
  if (code === 'EACCES' || code === 'EPERM') {
    return `permission denied (${code}); check the file's permissions`
  }
  return error instanceof Error ? error.message : String(error)
}
