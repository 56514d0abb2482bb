import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  HEAP_ARRAYS_TUNABLE,
  HUGE_PAGES_TUNABLE,
  ONE_ARENA_TUNABLE,
  SLOW_FAULT_MICROS,
  hugePagesEnv,
  pageFaultMicros,
} from '../src/huge-pages.ts'

const MADVISE = 'always [madvise] never\n'
/** A machine whose page faults are slow enough for huge pages to pay, and one where they are not. */
const slowFaults = () => 10
const fastFaults = () => 2

describe('hugePagesEnv', () => {
  afterEach(() => vi.restoreAllMocks())

  it('adds the huge-page, one-arena and heap-array tunables on Linux when the kernel gives huge pages on request', () => {
    const env = hugePagesEnv(
      { PATH: '/bin', GITHUB_OUTPUT: '/tmp/out' },
      'linux',
      MADVISE,
      [],
      slowFaults,
    )
    expect(env).toEqual({
      PATH: '/bin',
      GITHUB_OUTPUT: '/tmp/out',
      GLIBC_TUNABLES:
        'glibc.malloc.hugetlb=1:glibc.malloc.arena_max=1:glibc.malloc.mmap_threshold=33554432',
    })
    expect(HUGE_PAGES_TUNABLE).toBe('glibc.malloc.hugetlb=1')
    expect(ONE_ARENA_TUNABLE).toBe('glibc.malloc.arena_max=1')
    // 32 MiB: the largest threshold glibc accepts (half its 64 MiB heap size); it ignores more.
    expect(HEAP_ARRAYS_TUNABLE).toBe('glibc.malloc.mmap_threshold=33554432')
  })

  it('keeps tunables already set, and adds its own after them', () => {
    const env = hugePagesEnv(
      { GLIBC_TUNABLES: 'glibc.malloc.tcache_count=0' },
      'linux',
      MADVISE,
      [],
      slowFaults,
    )
    expect(env?.['GLIBC_TUNABLES']).toBe(
      'glibc.malloc.tcache_count=0:glibc.malloc.hugetlb=1:glibc.malloc.arena_max=1:glibc.malloc.mmap_threshold=33554432',
    )
  })

  it('leaves an arena count or an mmap threshold already set as it is', () => {
    const arenas = hugePagesEnv(
      { GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' },
      'linux',
      MADVISE,
      [],
      slowFaults,
    )
    expect(arenas?.['GLIBC_TUNABLES']).toBe(
      'glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=33554432',
    )
    const threshold = 'glibc.malloc.mmap_threshold=1048576'
    const env = hugePagesEnv({ GLIBC_TUNABLES: threshold }, 'linux', MADVISE, [], slowFaults)
    expect(env?.['GLIBC_TUNABLES']).toBe(
      `${threshold}:glibc.malloc.hugetlb=1:glibc.malloc.arena_max=1`,
    )
  })

  it('leaves a process that already has a huge-page tunable as it is (the relaunched one, or the user’s choice)', () => {
    expect(
      hugePagesEnv({ GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' }, 'linux', MADVISE, [], slowFaults),
    ).toBeNull()
    expect(
      hugePagesEnv({ GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0' }, 'linux', MADVISE, [], slowFaults),
    ).toBeNull()
  })

  it('does nothing where the THP mode is always or never, or cannot be read, or off Linux', () => {
    expect(hugePagesEnv({}, 'linux', '[always] madvise never\n')).toBeNull()
    expect(hugePagesEnv({}, 'linux', 'always madvise [never]\n')).toBeNull()
    expect(hugePagesEnv({}, 'linux', null)).toBeNull()
    expect(hugePagesEnv({}, 'darwin', MADVISE)).toBeNull()
  })

  it('leaves a process being debugged as it is', () => {
    expect(hugePagesEnv({}, 'linux', MADVISE, ['--inspect-brk=9229'], slowFaults)).toBeNull()
    expect(hugePagesEnv({ NODE_OPTIONS: '--inspect' }, 'linux', MADVISE, [], slowFaults)).toBeNull()
    expect(hugePagesEnv({}, 'linux', MADVISE, ['--cpu-prof'], slowFaults)).not.toBeNull()
  })

  it('restarts only where page faults are slow, unless MLGATE_HUGE_PAGES says otherwise', () => {
    expect(SLOW_FAULT_MICROS).toBe(5)
    expect(hugePagesEnv({}, 'linux', MADVISE, [], fastFaults)).toBeNull()
    expect(hugePagesEnv({}, 'linux', MADVISE, [], () => SLOW_FAULT_MICROS)).not.toBeNull()
    expect(hugePagesEnv({ MLGATE_HUGE_PAGES: '' }, 'linux', MADVISE, [], fastFaults)).toBeNull()
    expect(hugePagesEnv({ MLGATE_HUGE_PAGES: '' }, 'linux', MADVISE, [], slowFaults)).not.toBeNull()
    // 1 restarts without timing anything; 0 stays, however slow the faults.
    const timed = vi.fn(fastFaults)
    expect(hugePagesEnv({ MLGATE_HUGE_PAGES: '1' }, 'linux', MADVISE, [], timed)).not.toBeNull()
    expect(timed).not.toHaveBeenCalled()
    expect(hugePagesEnv({ MLGATE_HUGE_PAGES: '0' }, 'linux', MADVISE, [], slowFaults)).toBeNull()
    expect(hugePagesEnv({ MLGATE_HUGE_PAGES: ' 0 ' }, 'linux', MADVISE, [], slowFaults)).toBeNull()
  })

  it('times the faults only when everything else calls for the restart', () => {
    const timed = vi.fn(slowFaults)
    hugePagesEnv({}, 'linux', 'always madvise [never]\n', [], timed)
    hugePagesEnv({ GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' }, 'linux', MADVISE, [], timed)
    hugePagesEnv({}, 'darwin', MADVISE, [], timed)
    expect(timed).not.toHaveBeenCalled()
    hugePagesEnv({}, 'linux', MADVISE, [], timed)
    expect(timed).toHaveBeenCalledTimes(1)
  })

  it('times a page fault on this machine', () => {
    const micros = pageFaultMicros()
    // Touching a page costs something, and far less than a millisecond on any machine.
    expect(micros).toBeGreaterThan(0)
    expect(micros).toBeLessThan(1000)
  })

  it('says so when MLGATE_HUGE_PAGES is neither 0 nor 1, and goes on as if it were unset', () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    expect(
      hugePagesEnv({ MLGATE_HUGE_PAGES: 'off' }, 'linux', MADVISE, [], slowFaults),
    ).not.toBeNull()
    expect(hugePagesEnv({ MLGATE_HUGE_PAGES: 'on' }, 'linux', MADVISE, [], fastFaults)).toBeNull()
    expect(write).toHaveBeenCalledTimes(2)
    expect(String(write.mock.calls[0]?.[0])).toContain('MLGATE_HUGE_PAGES=off is not 0 or 1')
  })
})
