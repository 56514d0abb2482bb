import { readFileSync } from 'node:fs'

/**
 * Transparent huge pages for the large arrays a gate fills.
 *
 * A gate on a million rows touches about a gigabyte of fresh memory (columns, sort keys,
 * distributions), and the kernel maps it one 4 KiB page at a time, one fault each: 250,000
 * faults in a cached `mlgate run`, 2.7 s of system time on a 2-core virtual machine. glibc's
 * tunable `glibc.malloc.hugetlb=1` has malloc mark its large chunks for transparent huge pages
 * (`madvise(MADV_HUGEPAGE)`), so they fault 2 MiB at a time: 90,000 faults and a third less
 * time for the same run. Where the kernel's THP mode is `always` this is the default already,
 * and where it is `never` it does nothing, so only `madvise` calls for it.
 *
 * The same restart gives malloc one arena (`glibc.malloc.arena_max=1`) instead of one per thread
 * (up to eight per core): memory a worker thread frees then serves the main thread's next arrays
 * and the other way round, rather than sitting in the freeing thread's arena while the other asks
 * the kernel for fresh pages. Measured on the reference workload (Node 24, 4 alternating pairs):
 * cached `mlgate run` 2.57–2.68 s against 2.82–3.18 s, cold 3.53–3.72 s against 3.70–4.13 s,
 * page faults halved (49,000–54,000 against 84,000–106,000), peaks no higher; the 100-tree model
 * and 1,000 bootstrap resamples no slower.
 *
 * It also fixes malloc's mmap threshold at 32 MiB (`glibc.malloc.mmap_threshold`, the most glibc
 * takes): arrays below it come from the heap and go back to it when freed, so the next array of
 * that size reuses pages already mapped. By default glibc maps such an array afresh each time
 * until a free has raised its threshold, and on a virtual machine a fresh page costs far more
 * than writing it: filling 240 MB of new arrays takes 0.3–0.8 s here, filling them again 20 ms.
 * Measured on the reference workload (Node 24, alternating runs): cached `mlgate run` 2.21–2.44 s
 * against 2.40–2.52 s (4 triples) with page faults 26,000 against 48,000 and peaks 650–670 MiB
 * against 625–641 MiB; cold 2.57–2.82 s against 2.94–3.94 s (3 triples); a 10-million-row drift
 * run streaming its current data 9.3 s against 10.5 s (CSV) and 9.7 s against 12.9 s (Parquet),
 * system time 1.8–2.1 s against 4.5–6.1 s, peaks under 1 GB either way. Tunables already set for
 * the arena count or the threshold are kept.
 *
 * All of this pays only where a fresh page is costly, and the cost differs from machine to
 * machine. On one 2-core virtual machine a 4 KiB fault took 6–13 µs, and the restart made the
 * reference workload's cached run a third faster. On another (AMD EPYC, Linux 6.18) a fault took
 * 2 µs while huge pages cost several times as much per byte (1 GiB of fresh memory mostly in
 * 1.4–2.2 s against 0.42–0.49 s in 4 KiB pages; likely because the hypervisor had reclaimed the
 * free 2 MiB blocks they come from), and the restart made the cached run 16–22% slower and the
 * cold one 23–47% slower. So unless told otherwise the entry point first times the faults of a
 * few fresh 4 KiB pages (`pageFaultMicros`, 4–7 ms there) and restarts only where one takes
 * SLOW_FAULT_MICROS or more.
 *
 * glibc reads its tunables when the process starts, so the entry point asks for them by
 * replacing its own process with a fresh one (execve: same pid, stdio, arguments and exit
 * code; nothing has run yet). Node 22.15 and later have `process.execve`; on Node 20 the
 * process goes on as it is. `MLGATE_HUGE_PAGES=0` keeps it as it is, `MLGATE_HUGE_PAGES=1`
 * restarts whatever the faults cost, and a GLIBC_TUNABLES that already sets
 * `glibc.malloc.hugetlb` keeps it as it is too (which also ends the relaunch).
 */
export const HUGE_PAGES_TUNABLE = 'glibc.malloc.hugetlb=1'

/** One malloc arena for every thread (see above). */
export const ONE_ARENA_TUNABLE = 'glibc.malloc.arena_max=1'

/** Arrays up to 32 MiB from the heap, whose freed pages the next arrays reuse (see above). */
export const HEAP_ARRAYS_TUNABLE = 'glibc.malloc.mmap_threshold=33554432'

const THP_MODE_FILE = '/sys/kernel/mm/transparent_hugepage/enabled'

/**
 * The page fault time from which the restart pays: between the 2–3 µs of the machine where it
 * cost time and the 6–13 µs of the one where it saved a third (see above).
 */
export const SLOW_FAULT_MICROS = 5

/** `pageFaultMicros` touches PROBE_ROUNDS fresh arrays of PROBE_BYTES: 512 pages of 4 KiB each. */
const PROBE_ROUNDS = 4
const PROBE_BYTES = 2 * 1024 * 1024
const PAGE_BYTES = 4096

type Env = Readonly<Record<string, string | undefined>>

/**
 * The environment to start this process again with, or null when it should go on as it is:
 * not Linux, the kernel's THP mode (the bracketed word of `thpModeText`) other than
 * `madvise`, `MLGATE_HUGE_PAGES=0`, GLIBC_TUNABLES already naming `glibc.malloc.hugetlb`, a
 * debugger asked for (`--inspect…` in `execArgv` or NODE_OPTIONS: it would be attached to the
 * process that is replaced), or, unless `MLGATE_HUGE_PAGES=1`, page faults faster than
 * SLOW_FAULT_MICROS (`faultMicros`, asked last). Tunables already set are kept; the huge-page,
 * one-arena and heap-array tunables are added after them.
 */
export function hugePagesEnv(
  env: Env,
  platform: string,
  thpModeText: string | null,
  execArgv: readonly string[] = [],
  faultMicros: () => number = pageFaultMicros,
): Env | null {
  const tunables = env['GLIBC_TUNABLES'] ?? ''
  // The relaunched process sees its own tunable here first, so it says nothing twice.
  if (platform !== 'linux' || tunables.includes('glibc.malloc.hugetlb')) return null
  if ([...execArgv, env['NODE_OPTIONS'] ?? ''].some((a) => a.includes('--inspect'))) return null
  const setting = hugePagesSetting(env)
  if (setting === 'off') return null
  if (/\[(\w+)\]/.exec(thpModeText ?? '')?.[1] !== 'madvise') return null
  if (setting === 'auto' && faultMicros() < SLOW_FAULT_MICROS) return null
  const added = [
    HUGE_PAGES_TUNABLE,
    ...(tunables.includes('glibc.malloc.arena_max') ? [] : [ONE_ARENA_TUNABLE]),
    ...(tunables.includes('glibc.malloc.mmap_threshold') ? [] : [HEAP_ARRAYS_TUNABLE]),
  ]
  return { ...env, GLIBC_TUNABLES: [...(tunables === '' ? [] : [tunables]), ...added].join(':') }
}

/**
 * Replaces this process with the same command under `hugePagesEnv`, when that is not null and
 * this Node has `process.execve`; else returns, and the caller goes on in this process. Call it
 * first thing in an entry point, before anything is loaded or written.
 */
export function relaunchWithHugePages(): void {
  // Node 22.15 and later; not in the @types/node of Node 20 this project builds against.
  const node = process as typeof process & {
    execve?: (file: string, args: string[], env: Env) => never
  }
  if (typeof node.execve !== 'function') return
  const env = hugePagesEnv(process.env, process.platform, thpMode(), process.execArgv)
  if (env == null) return
  try {
    node.execve(
      process.execPath,
      [process.execPath, ...process.execArgv, ...process.argv.slice(1)],
      env,
    )
  } catch {
    // An execve refused (a sandbox's seccomp rule, a removed binary): this process does the work.
  }
}

/**
 * Microseconds one page fault takes: the time to touch each 4 KiB page of a fresh array once (the
 * allocation maps them; the first write to each faults it in), the least of PROBE_ROUNDS arrays,
 * since a round that the other threads or the host interrupt reads high.
 */
export function pageFaultMicros(): number {
  let least = Infinity
  for (let round = 0; round < PROBE_ROUNDS; round++) {
    const started = process.hrtime.bigint()
    const probe = new Uint8Array(PROBE_BYTES)
    for (let i = 0; i < PROBE_BYTES; i += PAGE_BYTES) probe[i] = 1
    const micros = Number(process.hrtime.bigint() - started) / 1000
    least = Math.min(least, micros / (PROBE_BYTES / PAGE_BYTES))
  }
  return least
}

/**
 * MLGATE_HUGE_PAGES: `0` turns the relaunch off, `1` on; unset or empty leave it to the page
 * faults' cost (`auto`).
 */
function hugePagesSetting(env: Env): 'on' | 'off' | 'auto' {
  const text = env['MLGATE_HUGE_PAGES']?.trim() ?? ''
  if (text === '0') return 'off'
  if (text === '1') return 'on'
  if (text !== '') {
    process.stderr.write(
      `mlgate: MLGATE_HUGE_PAGES=${text} is not 0 or 1; going on as if unset (huge pages where page faults are slow; 0 turns them off, 1 on).\n`,
    )
  }
  return 'auto'
}

function thpMode(): string | null {
  try {
    return readFileSync(THP_MODE_FILE, 'utf8')
  } catch {
    return null
  }
}
