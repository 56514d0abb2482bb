import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  HEAP_ARRAYS_TUNABLE,
  HUGE_PAGES_TUNABLE,
  ONE_ARENA_TUNABLE,
  hugePagesEnv,
} from '../src/huge-pages.ts'

const MADVISE = 'always [madvise] never\n'

describe('hugePagesEnv', () => {
  afterEach(() => vi.restoreAllMocks())

  it('adds the huge-page, one-arena and heap-array tunables on Linux when the kernel gives huge pages on request', () => {
    const env = hugePagesEnv({ PATH: '/bin', GITHUB_OUTPUT: '/tmp/out' }, 'linux', MADVISE)
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
    const env = hugePagesEnv({ GLIBC_TUNABLES: 'glibc.malloc.tcache_count=0' }, 'linux', MADVISE)
    expect(env?.['GLIBC_TUNABLES']).toBe(
      'glibc.malloc.tcache_count=0:glibc.malloc.hugetlb=1:glibc.malloc.arena_max=1:glibc.malloc.mmap_threshold=33554432',
    )
  })

  it('leaves an arena count or an mmap threshold already set as it is', () => {
    const arenas = hugePagesEnv({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' }, 'linux', MADVISE)
    expect(arenas?.['GLIBC_TUNABLES']).toBe(
      'glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=33554432',
    )
    const threshold = 'glibc.malloc.mmap_threshold=1048576'
    const env = hugePagesEnv({ GLIBC_TUNABLES: threshold }, 'linux', MADVISE)
    expect(env?.['GLIBC_TUNABLES']).toBe(
      `${threshold}:glibc.malloc.hugetlb=1:glibc.malloc.arena_max=1`,
    )
  })

  it('leaves a process that already has a huge-page tunable as it is (the relaunched one, or the user’s choice)', () => {
    expect(hugePagesEnv({ GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' }, 'linux', MADVISE)).toBeNull()
    expect(hugePagesEnv({ GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0' }, 'linux', MADVISE)).toBeNull()
  })

  it('does nothing where the THP mode is always or never, or cannot be read, or off Linux', () => {
    expect(hugePagesEnv({}, 'linux', '[always] madvise never\n')).toBeNull()
    expect(hugePagesEnv({}, 'linux', 'always madvise [never]\n')).toBeNull()
    expect(hugePagesEnv({}, 'linux', null)).toBeNull()
    expect(hugePagesEnv({}, 'darwin', MADVISE)).toBeNull()
  })

  it('leaves a process being debugged as it is', () => {
    expect(hugePagesEnv({}, 'linux', MADVISE, ['--inspect-brk=9229'])).toBeNull()
    expect(hugePagesEnv({ NODE_OPTIONS: '--inspect' }, 'linux', MADVISE)).toBeNull()
    expect(hugePagesEnv({}, 'linux', MADVISE, ['--cpu-prof'])).not.toBeNull()
  })

  it('MLGATE_HUGE_PAGES=0 turns it off; 1 or empty leave it on', () => {
    expect(hugePagesEnv({ MLGATE_HUGE_PAGES: '0' }, 'linux', MADVISE)).toBeNull()
    expect(hugePagesEnv({ MLGATE_HUGE_PAGES: ' 0 ' }, 'linux', MADVISE)).toBeNull()
    expect(hugePagesEnv({ MLGATE_HUGE_PAGES: '1' }, 'linux', MADVISE)).not.toBeNull()
    expect(hugePagesEnv({ MLGATE_HUGE_PAGES: '' }, 'linux', MADVISE)).not.toBeNull()
  })

  it('says so when MLGATE_HUGE_PAGES is neither 0 nor 1, and keeps huge pages on', () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    expect(hugePagesEnv({ MLGATE_HUGE_PAGES: 'off' }, 'linux', MADVISE)).not.toBeNull()
    expect(write).toHaveBeenCalledTimes(1)
    expect(String(write.mock.calls[0]?.[0])).toContain('MLGATE_HUGE_PAGES=off is not 0 or 1')
  })
})
