import { deflateRawSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { zipEntries } from '../src/_zip.ts'
import { zipStored } from '../../../test/support/results-standin.ts'

/** A zip holding `name` with `text`, deflated (method 8) as `@actions/artifact` uploads it. */
function deflated(name: string, text: string): Buffer {
  const stored = zipStored({ [name]: text })
  const data = deflateRawSync(Buffer.from(text))
  const local = Buffer.from(stored.subarray(0, 30))
  local.writeUInt16LE(8, 8)
  local.writeUInt32LE(data.length, 18)
  const nameBytes = Buffer.from(name)
  const central = Buffer.from(stored.subarray(30 + nameBytes.length + text.length))
  central.writeUInt16LE(8, 10)
  central.writeUInt32LE(data.length, 20)
  const centralStart = 30 + nameBytes.length + data.length
  const end = central.subarray(46 + nameBytes.length)
  end.writeUInt32LE(centralStart, 16)
  return Buffer.concat([local, nameBytes, data, central])
}

describe('zipEntries', () => {
  it('reads stored and deflated entries by name', () => {
    const files = zipEntries(zipStored({ 'a.json': '{"a":1}', 'dir/b.txt': 'bé' }), 'artifact x')
    expect([...files].map(([n, b]) => [n, b.toString('utf8')])).toEqual([
      ['a.json', '{"a":1}'],
      ['dir/b.txt', 'bé'],
    ])
    const text = JSON.stringify({ results: Array.from({ length: 50 }, (_, i) => i) })
    const packed = deflated('r.json', text)
    expect(packed.length).toBeLessThan(text.length + 100)
    expect(zipEntries(packed, 'artifact y').get('r.json')?.toString('utf8')).toBe(text)
  })

  it('names the source and the problem when the bytes are not a readable zip', () => {
    expect(() => zipEntries(Buffer.from('{"status":"pass"}'), 'artifact mlgate-drift')).toThrow(
      'artifact mlgate-drift is not a readable zip archive: no end-of-central-directory record.',
    )
    const zip = zipStored({ 'a.json': '{"a":1}' })
    const cut = Buffer.concat([zip.subarray(0, 33), zip.subarray(40)])
    expect(() => zipEntries(cut, 'artifact z')).toThrow(/^artifact z is not a readable zip archive/)
  })
})
