/**
 * `npm run bench`: the reference workload of performance.md through mlgate's real code paths,
 * each step timed on its own, with the Python peer run beside it when Debian's Python stack is
 * installed. Writes bench-out/bench.json and bench-out/bench.md.
 *
 *   npm run bench [-- --rows 1000000]
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Table } from '@mlgate/data'
import { benchDrift } from '@mlgate/gates'
import { relaunchWithHugePages } from '@mlgate/gates/huge-pages'
import {
  benchSchemaValidation,
  numericValues,
  readTable,
  useCsvKernel,
  writeParquet,
} from '@mlgate/data'
import { linearClassifierModel, openModel, treeEnsembleClassifierModel } from '@mlgate/onnx'
import { binaryMetrics, bootstrapBinary } from '@mlgate/stats'
import { BENCH_USAGE, benchArgs } from './args.ts'
import { actionsNode, benchCliRuns, describeDriftSteps, type CliRunStep } from './cli-run.ts'
import { benchColdStart } from './cold-start.ts'
import { PEER_TOTAL } from './python-peer.ts'
import { benchReadMemory, FRESH_READ_ROUNDS, readForMemory } from './read-memory.ts'
import { settleSeconds } from './settle.ts'
import { benchSideBySide, median, medianRound, peerTotal } from './side-by-side.ts'
import { ensureWorkload, FEATURES, fileMegabytes, linearWeights, randomForest } from './workload.ts'

type Step = { step: string; seconds: number; rows: number; rowsPerSecond: number; note: string }

const root = fileURLToPath(new URL('..', import.meta.url))
const args = settingOrExit(() => benchArgs(process.argv.slice(2)), BENCH_USAGE)
if (args.help) {
  process.stdout.write(BENCH_USAGE)
  process.exit(0)
}
if (args.read !== undefined) {
  // As the CLI and the actions start: the same process again with huge pages, where it can.
  relaunchWithHugePages()
  await readForMemory(args.read)
  process.exit(0)
}
const { rows } = args
// Settings from the environment are resolved first, so that a wrong one is said before minutes
// of steps: the Node the actions run on (`runs.using: node24`, which may not be this one) and the
// pause before each timed process.
const otherNode = settingOrExit(() => actionsNode(root))
const pause = settingOrExit(settleSeconds)
const out = join(root, 'bench-out')
const dataDir = join(out, `data-${rows}`)
mkdirSync(out, { recursive: true })
ensureWorkload(root, dataDir, rows)

const steps: Step[] = []
function record(step: Step): void {
  steps.push(step)
  process.stderr.write(
    `${step.step.padEnd(44)} ${step.seconds.toFixed(3).padStart(8)} s  ${Math.round(step.rowsPerSecond).toLocaleString('en-US').padStart(12)} rows/s  ${step.note}\n`,
  )
}
async function timed<T>(step: string, n: number, run: () => Promise<T> | T, note = ''): Promise<T> {
  const started = process.hrtime.bigint()
  const value = await run()
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  record({ step, seconds, rows: n, rowsPerSecond: n / seconds, note })
  return value
}

const csvPath = join(dataDir, 'ref.csv')
const parquetPath = join(dataDir, 'ref.parquet')
const csvMb = fileMegabytes(csvPath)
const table: Table = await timed(
  'read CSV (ref.csv)',
  rows,
  () => readTable(csvPath),
  `${csvMb.toFixed(0)} MB`,
)
steps.at(-1)!.note += `, ${(csvMb / steps.at(-1)!.seconds).toFixed(0)} MB/s, two threads`
// The same read on the main thread alone, as files under 32 MiB and MLGATE_THREADS=1 are read.
const threadsBefore = process.env['MLGATE_THREADS']
process.env['MLGATE_THREADS'] = '1'
await timed(
  'read CSV (ref.csv), one thread',
  rows,
  () => readTable(csvPath),
  `${csvMb.toFixed(0)} MB`,
)
steps.at(-1)!.note += `, ${(csvMb / steps.at(-1)!.seconds).toFixed(0)} MB/s`
// And with the JavaScript row loop alone (no WebAssembly kernel), to see what the kernel gives.
useCsvKernel(false)
await timed(
  'read CSV (ref.csv), one thread, JavaScript loop',
  rows,
  () => readTable(csvPath),
  `${csvMb.toFixed(0)} MB`,
)
useCsvKernel(true)
steps.at(-1)!.note += `, ${(csvMb / steps.at(-1)!.seconds).toFixed(0)} MB/s`
if (threadsBefore === undefined) delete process.env['MLGATE_THREADS']
else process.env['MLGATE_THREADS'] = threadsBefore
if (!existsSync(parquetPath)) await writeParquet(table, parquetPath)
await timed(
  'read Parquet (ref.parquet)',
  rows,
  () => readTable(parquetPath),
  `${fileMegabytes(parquetPath).toFixed(0)} MB`,
)

const linearPath = join(out, 'linear.onnx')
writeFileSync(
  linearPath,
  linearClassifierModel({
    featureCount: FEATURES.length,
    ...linearWeights(dataDir),
    classes: [0, 1],
    zipMap: true,
    columns: FEATURES,
  }),
)
const forestPath = join(out, 'forest.onnx')
writeFileSync(
  forestPath,
  treeEnsembleClassifierModel({
    featureCount: FEATURES.length,
    trees: randomForest(dataDir),
    classes: [0, 1],
    columns: FEATURES,
  }),
)

const y = Uint8Array.from(numericValues(table, 'label'))
let scores = new Float64Array(0)
for (const [name, path] of [
  ['linear model', linearPath],
  ['100-tree ensemble', forestPath],
] as const) {
  const model = await openModel(path)
  const p = await timed(
    `score, ${name} (ONNX Runtime)`,
    rows,
    () => model.predict(table, { batchSize: 10_000 }),
    'batch 10,000',
  )
  await model.close()
  if (name === 'linear model') {
    scores = new Float64Array(rows)
    for (let i = 0; i < rows; i++) scores[i] = p.probabilities?.[i * 2 + 1] ?? NaN
  }
}
const metrics = await timed('metrics (accuracy … ROC AUC, AP, ECE)', rows, () =>
  binaryMetrics(y, scores, 0.5),
)
await timed('bootstrap, 200 resamples, 4 metrics', rows, () =>
  bootstrapBinary(y, scores, 0.5, ['accuracy', 'f1', 'roc_auc', 'average_precision'], {
    resamples: 200,
    seed: 42,
    level: 0.95,
  }),
)

for (const st of await benchDrift(dataDir, { profilePath: join(out, 'ref.profile.json') }))
  record(st)

const schema = await benchSchemaValidation(dataDir)
for (const st of schema.steps) record({ ...st, note: `${st.columns} columns, bounded memory` })

const peakMib = process.resourceUsage().maxRSS / 1024
const freshReads = (node: string) => [
  { step: `read CSV (ref.csv), fresh process, ${node}`, file: csvPath },
  { step: `read CSV (ref.csv), fresh process, one thread, ${node}`, file: csvPath, threads: '1' },
  { step: `read Parquet (ref.parquet), fresh process, ${node}`, file: parquetPath },
]
// Also on the Node the actions run on, which restarts itself for huge pages as they do.
const reads = [
  ...benchReadMemory(root, freshReads(process.version)),
  ...(otherNode ? benchReadMemory(root, freshReads(otherNode.version), otherNode.path) : []),
]
// On the Node the runner starts actions with, when it is installed.
const coldStartNode = otherNode ?? { path: process.execPath, version: process.version }
const coldStart = benchColdStart(root, coldStartNode.path)
process.stderr.write(
  `action cold start (accuracy-gate, 100 rows, ${coldStartNode.version})   ${coldStart.median.toFixed(3)} s median of ${coldStart.all.length}\n`,
)
const rounds = benchSideBySide(
  root,
  out,
  dataDir,
  { name: 'linear', path: linearPath },
  rows,
  3,
  otherNode,
)
const middle = rounds == null ? null : medianRound(rounds)
const python = middle?.peer ?? null
// The whole-gate table lists the linear model's runs of the peer's median round.
const cli = benchCliRuns(
  root,
  out,
  dataDir,
  [
    { name: 'linear', path: linearPath },
    { name: '100-tree', path: forestPath },
  ],
  rows,
  middle ? { model: 'linear', runs: [middle.cold, middle.cached] } : undefined,
)
const report = {
  rows,
  node: process.version,
  peakRssMib: Math.round(peakMib),
  roc_auc: metrics.roc_auc?.value ?? null,
  steps,
  reads,
  coldStartSeconds: coldStart.median,
  coldStartNode: coldStartNode.version,
  settleSeconds: pause,
  cli,
  sideBySide: rounds,
  actionsNode: otherNode?.version ?? null,
  python,
}
writeFileSync(join(out, 'bench.json'), `${JSON.stringify(report, null, 2)}\n`)
writeFileSync(join(out, 'bench.md'), markdown(report))
process.stdout.write(markdown(report))

// --- internal ---

function markdown(r: typeof report): string {
  const lines = [
    `## mlgate benchmark: ${r.rows.toLocaleString('en-US')} rows × 34 columns (${r.node}, peak RSS ${r.peakRssMib} MiB)`,
    '',
    '| step | seconds | rows/s | note |',
    '| --- | ---: | ---: | --- |',
    ...r.steps.map(
      (s) =>
        `| ${s.step} | ${s.seconds.toFixed(3)} | ${Math.round(s.rowsPerSecond).toLocaleString('en-US')} | ${s.note} |`,
    ),
  ]
  const peer = r.python?.[PEER_TOTAL]
  lines.push(
    '',
    `Every process timed on its own (the reads below, the action cold starts, \`mlgate run\` and the Python peer) started ${r.settleSeconds} s after the one before, so that each began with the same state of the machine's memory (scripts/bench/settle.ts).`,
    '',
    `Reading one file in a fresh process (loading included), ${FRESH_READ_ROUNDS} processes each, round by round: the median read and its rate, each read, and the largest peak RSS against the decoded columns:`,
    '',
    '| read | seconds | rate | each read, s | peak RSS MiB | decoded MiB | ratio |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...r.reads.map(
      (s) =>
        `| ${s.step} | ${s.seconds.toFixed(3)} | ${readRate(s.step, s.seconds)} | ${s.runs.map((x) => x.toFixed(2)).join(', ')} | ${s.peakRssMib?.toFixed(0) ?? '—'} | ${s.decodedMib.toFixed(0)} | ${s.peakRssMib == null ? '—' : `${(s.peakRssMib / s.decodedMib).toFixed(2)}×`} |`,
    ),
    '',
    `Action cold start (a fresh Node ${r.coldStartNode} process, the accuracy-gate bundle, an ONNX Runtime session, 100 rows): ${r.coldStartSeconds.toFixed(3)} s, median.`,
    '',
    "Whole gate, `mlgate run` in a fresh process on the peer's pipeline (accuracy and fairness on ref.csv, drift of cur.csv from ref.csv):",
    '',
    '| run | seconds | peak RSS MiB | user s | system s | page faults | vs Python peer |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...r.cli.map(
      (s) =>
        `| ${s.step} | ${s.seconds.toFixed(3)} | ${s.peakRssMib?.toFixed(0) ?? '—'} | ${s.userSeconds?.toFixed(2) ?? '—'} | ${s.systemSeconds?.toFixed(2) ?? '—'} | ${s.pageFaults?.toLocaleString('en-US') ?? '—'} | ${peer ? versus(peer, s.seconds) : '—'} |`,
    ),
    '',
    "The drift gate's own steps in each of these runs (from its report; the accuracy and fairness gates run on the main thread while the drift workers evaluate):",
    '',
    ...r.cli.map((s) => `- ${s.step}: ${describeDriftSteps(s.driftMs)}`),
  )
  if (r.sideBySide) lines.push('', ...sideBySideLines(r.sideBySide, r.node, r.actionsNode))
  if (r.python) {
    const read = r.python['read ref.csv (pandas)'] ?? NaN
    const ours = r.steps[0]?.seconds ?? NaN
    lines.push(
      '',
      `Python peer (pandas ${'read ref.csv'}): ${read.toFixed(3)} s; mlgate's CSV read is ${versus(read, ours)}.`,
    )
    lines.push(
      '',
      "The peer's steps in its median round (its time is the one the whole gate's runs above are compared with):",
      '',
      '| Python peer step | seconds |',
      '| --- | ---: |',
      ...Object.entries(r.python).map(([k, v]) => `| ${k} | ${v.toFixed(3)} |`),
    )
  } else {
    lines.push(
      '',
      'Python peer not run (needs /usr/bin/python3 with pandas, scikit-learn and scipy, and ../shared/bench/py_pipeline.py).',
    )
  }
  return `${lines.join('\n')}\n`
}

/** A fresh read's pace: MB/s of a CSV file, rows/s of a Parquet file. */
function readRate(step: string, seconds: number): string {
  return step.includes('Parquet')
    ? `${Math.round(rows / seconds).toLocaleString('en-US')} rows/s`
    : `${(csvMb / seconds).toFixed(0)} MB/s`
}

/**
 * The rounds of the peer and `mlgate run` back to back, each with its ratios, and the medians;
 * with the runs on the actions' Node (`actions`) in columns of their own when there are any.
 */
function sideBySideLines(
  rounds: NonNullable<typeof report.sideBySide>,
  node: string,
  actions: string | null,
): string[] {
  type Round = (typeof rounds)[number]
  const picks: { readonly name: string; readonly pick: (r: Round) => CliRunStep | undefined }[] = [
    { name: `cold, ${node}`, pick: (r) => r.cold },
    { name: `cached, ${node}`, pick: (r) => r.cached },
    ...(actions
      ? [
          { name: `cold, ${actions}`, pick: (r: Round) => r.actions?.cold },
          { name: `cached, ${actions}`, pick: (r: Round) => r.actions?.cached },
        ]
      : []),
  ]
  const cells = (r: Round) =>
    picks.map(({ pick }) => {
      const run = pick(r)
      return run ? `${run.seconds.toFixed(3)} s, ${versus(peerTotal(r.peer), run.seconds)}` : '—'
    })
  const medianCell = (pick: (r: Round) => CliRunStep | undefined) => {
    const both = rounds.flatMap((r) => {
      const run = pick(r)
      return run ? [{ peer: peerTotal(r.peer), run }] : []
    })
    if (both.length === 0) return '—'
    const seconds = median(both.map((b) => b.run.seconds))
    return `${seconds.toFixed(3)} s, ${speedup(median(both.map((b) => b.peer / b.run.seconds)))}`
  }
  return [
    `Side by side: ${rounds.length} rounds, each the Python peer then \`mlgate run\` (linear model) cold and with the profile cached, back to back${actions ? `, on ${node} and then on ${actions}, the Node GitHub's runner starts the actions with (\`runs.using: node24\`)` : ''}; each cell is mlgate's time and how it compares with the peer's in the same round:`,
    '',
    `| round | Python peer s | ${picks.map((p) => `mlgate ${p.name}`).join(' | ')} |`,
    `| ---: | ---: | ${picks.map(() => '---:').join(' | ')} |`,
    ...rounds.map(
      (r, i) => `| ${i + 1} | ${peerTotal(r.peer).toFixed(3)} | ${cells(r).join(' | ')} |`,
    ),
    `| median | ${median(rounds.map((r) => peerTotal(r.peer))).toFixed(3)} | ${picks.map((p) => medianCell(p.pick)).join(' | ')} |`,
    '',
    "The drift gate's own steps in each run above:",
    '',
    ...rounds.flatMap((r, i) =>
      picks.flatMap(({ name, pick }) => {
        const run = pick(r)
        return run ? [`- round ${i + 1}, ${name}: ${describeDriftSteps(run.driftMs)}`] : []
      }),
    ),
  ]
}

/** How mlgate's `ours` seconds compare with the peer's `theirs`: "4.3× faster" or "1.4× slower". */
function versus(theirs: number, ours: number): string {
  return speedup(theirs / ours)
}

/** A ratio of the peer's seconds to mlgate's, in words. */
function speedup(ratio: number): string {
  return ratio >= 1 ? `${ratio.toFixed(1)}× faster` : `${(1 / ratio).toFixed(1)}× slower`
}

/**
 * `read()`'s value, or its error on stderr (then `usage`) and exit code 2: a wrong setting is said
 * before any step.
 */
function settingOrExit<T>(read: () => T, usage = ''): T {
  try {
    return read()
  } catch (error) {
    process.stderr.write(`npm run bench: ${(error as Error).message}\n${usage && `\n${usage}`}`)
    process.exit(2)
  }
}
