import { deflateRawSync, inflateRawSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import type { NumberColumn } from '@mlgate/data'
import { createRng, distinctValues, sortFloat64 } from '@mlgate/stats'
import type { EncodedDistribution } from '../src/drift/_ecdf-codec.ts'
import {
  decodeDistribution,
  decodeReference,
  encodeDistribution,
} from '../src/drift/_ecdf-codec.ts'
import { summaryAccumulator, summaryPlan } from '../src/drift/_accumulate.ts'
import { compareWithProfile, featureDrift, summarizeCurrent } from '../src/drift/feature-drift.ts'
import type { NumericProfile } from '../src/drift/profile.ts'
import { distinctCount, distinctForm, isKeyed, profileColumn } from '../src/drift/profile.ts'

const rng = createRng(5)
const column = (name: string, values: Float64Array): NumberColumn => {
  let nullCount = 0
  for (const v of values) if (Number.isNaN(v)) nullCount++
  return { name, type: 'number', values, missing: null, nullCount }
}
const decimals = (n: number, f: (u: number) => number, places: number) =>
  Float64Array.from({ length: n }, () => {
    const x = f(rng())
    return Number.isNaN(x) ? x : Number(x.toFixed(places))
  })

/** A profile of `values` as built from data, and the same profile as a stored file decodes it. */
function profiles(values: Float64Array): { built: NumericProfile; decoded: NumericProfile } {
  const built = profileColumn(column('x', values), 'feature', new Set()) as NumericProfile
  const stored = JSON.parse(JSON.stringify(encodeDistribution(distinctForm(built.distribution))))
  return { built, decoded: { ...built, distribution: decodeReference(stored, 'test') } }
}

/**
 * `encoded` with one stream damaged in each way: a byte short or one over, of the values and of the
 * counts, and the last count's varint cut short (a byte that says more follow).
 */
function damagedStreams(encoded: EncodedDistribution): EncodedDistribution[] {
  const repack = (bytes: Uint8Array) => deflateRawSync(bytes).toString('base64')
  const streams = (text: string) => inflateRawSync(Buffer.from(text, 'base64'))
  const values = streams(encoded.values)
  const counts = streams(encoded.counts)
  return [
    { ...encoded, values: repack(values.subarray(0, values.length - 1)) },
    { ...encoded, values: repack(Buffer.concat([values, Buffer.from([1])])) },
    { ...encoded, counts: repack(counts.subarray(0, counts.length - 1)) },
    { ...encoded, counts: repack(Buffer.concat([counts, Buffer.from([1])])) },
    { ...encoded, counts: repack(Buffer.concat([counts.subarray(0, -1), Buffer.from([129])])) },
  ]
}

/** `decodeReference` fails on `e` with the message `decodeDistribution` gives. */
function expectDecoderError(e: EncodedDistribution): void {
  let message = ''
  try {
    decodeDistribution(e, 'f')
  } catch (error) {
    message = (error as Error).message
  }
  expect(message).toMatch(/^f: the stored distribution is damaged/)
  expect(() => decodeReference(e, 'f')).toThrow(message)
}

describe('a stored distribution decoded as counts on its decimal grid', () => {
  it('holds the values and counts the distinct form holds', () => {
    const values = decimals(3000, (u) => (u - 0.4) * 20, 3)
    const d = distinctValues(sortFloat64(values))
    const encoded = encodeDistribution(d)
    const keyed = decodeReference(encoded, 'test')
    expect(isKeyed(keyed)).toBe(true)
    expect(distinctForm(keyed)).toEqual(decodeDistribution(encoded, 'test'))
  })

  it('fails on damaged streams with the errors of the distinct-values decoder', () => {
    const encoded = encodeDistribution(distinctValues(Float64Array.from([0.5, 0.75, 0.75, 1])))
    for (const e of damagedStreams(encoded)) expectDecoderError(e)
  })

  it('keeps a count beyond 32 bits packed, which unpacks to the same counts', () => {
    const counts = [3, 2 ** 32 + 7, 1, 2 ** 40]
    const encoded = encodeDistribution({
      values: Float64Array.of(0.5, 0.75, 1.25, 2),
      counts: Float64Array.from(counts),
    })
    const d = decodeReference(encoded, 'test')
    expect('packed' in d).toBe(true)
    expect(Array.from(distinctForm(d).counts)).toEqual(counts)
    expect(distinctForm(d)).toEqual(decodeDistribution(encoded, 'test'))
  })

  it('stays distinct values without a scale, or when the keys spread too far apart', () => {
    const doubles = encodeDistribution(distinctValues(Float64Array.from([Math.PI, Math.E])))
    expect(isKeyed(decodeReference(doubles, 'test'))).toBe(false)
    const far = encodeDistribution(distinctValues(Float64Array.from([0, 0.5, 1e6])))
    expect(far.scale).toBe(1)
    expect(isKeyed(decodeReference(far, 'test'))).toBe(false)
  })
})

describe('a stored distribution kept packed until it is compared', () => {
  const doubles = encodeDistribution(
    distinctValues(sortFloat64(Float64Array.from({ length: 500 }, () => rng() * Math.PI))),
  )
  // Prices in cents spread over far more slots than four per distinct value.
  const far = encodeDistribution(
    distinctValues(sortFloat64(decimals(2000, (u) => Math.exp(u * 12), 2))),
  )

  it('is packed without a scale, or when the keys spread too far apart, and unpacks exactly', () => {
    expect(doubles.scale).toBeNull()
    expect(far.scale).toBe(2)
    for (const encoded of [doubles, far]) {
      const d = decodeReference(encoded, 'test')
      expect('packed' in d).toBe(true)
      expect(isKeyed(d)).toBe(false)
      if (!('packed' in d)) continue
      // Plain arrays over buffers of their own: a worker hands them over whole.
      for (const bytes of [d.values, d.counts]) {
        expect(Object.getPrototypeOf(bytes)).toBe(Uint8Array.prototype)
        expect(bytes.byteLength).toBe(bytes.buffer.byteLength)
      }
      expect(distinctForm(d)).toEqual(decodeDistribution(encoded, 'test'))
      expect(distinctCount(d)).toBe(encoded.distinct)
    }
  })

  it('fails on damaged streams when decoded, with the errors of the distinct-values decoder', () => {
    for (const encoded of [doubles, far]) {
      for (const e of damagedStreams(encoded)) expectDecoderError(e)
    }
  })

  it.each([
    ['prices spread far apart', decimals(3000, (u) => Math.exp(u * 12), 2), 2],
    ['doubles of no decimal scale', Float64Array.from({ length: 3000 }, () => rng() * Math.E), 6],
  ])('%s: the same drift as from the distinct values', (_, reference, places) => {
    const { built, decoded } = profiles(reference)
    expect('packed' in decoded.distribution).toBe(true)
    for (const current of [
      decimals(2000, (u) => Math.exp(u * 11 + 0.5), places),
      Float64Array.from([...reference.subarray(0, 500), NaN, NaN]),
    ]) {
      const col = column('x', current)
      expect(featureDrift(decoded, col, 'cur', 0.95)).toEqual(featureDrift(built, col, 'cur', 0.95))
    }
  })
})

describe('drift against a reference decoded as counts', () => {
  const reference = decimals(4000, (u) => (u < 0.02 ? NaN : Math.log(u + 0.01) * 3), 2)
  const { built, decoded } = profiles(reference)

  it.each([
    ['shifted, with missing values', decimals(3000, (u) => (u < 0.05 ? NaN : u * 9 - 10), 2)],
    ['wider than the reference on both sides', decimals(2500, (u) => (u - 0.5) * 60, 2)],
    [
      'with more decimals than the reference (compared as distinct values)',
      decimals(2000, (u) => u * 5 - 8, 4),
    ],
    ['all missing', Float64Array.from({ length: 50 }, () => NaN)],
  ])('%s: the same result as the distinct values', (_, current) => {
    expect(isKeyed(decoded.distribution)).toBe(true)
    const col = column('x', current)
    expect(featureDrift(decoded, col, 'cur', 0.95)).toEqual(featureDrift(built, col, 'cur', 0.95))
  })

  it.each([
    ['on the grid throughout', decimals(5000, (u) => (u < 0.02 ? NaN : -u * 12), 2)],
    [
      'leaving the grid halfway (a wider range, then more decimals)',
      Float64Array.from([
        ...decimals(2000, (u) => u * 5 - 8, 2),
        ...decimals(1500, (u) => (u - 0.5) * 400, 2),
        ...decimals(1500, (u) => u * 3, 4),
      ]),
    ],
  ])('summarised in parts (a streamed file), %s: the same result', (name, current) => {
    const whole = featureDrift(built, column('x', current), 'cur', 0.95)
    for (const plan of [summaryPlan(decoded), { kind: 'numeric' as const }]) {
      const accumulator = summaryAccumulator(plan)
      for (let at = 0; at < current.length; at += 700) {
        accumulator.add(column('x', current.subarray(at, at + 700)))
      }
      const summary = accumulator.finish()
      expect('keyed' in summary).toBe(plan.grid !== undefined && name === 'on the grid throughout')
      expect(compareWithProfile(decoded, summary, 0.95)).toEqual(whole)
    }
  })

  it('takes the walk over keys where the current column fits the grid, and only there', () => {
    const keyed = (values: Float64Array) =>
      'keyed' in summarizeCurrent(decoded, column('x', values), 'cur')
    expect(keyed(decimals(100, (u) => u * 200 - 100, 2))).toBe(true)
    expect(keyed(decimals(100, (u) => u, 3))).toBe(false)
    expect('keyed' in summarizeCurrent(built, column('x', reference), 'cur')).toBe(false)
  })
})
