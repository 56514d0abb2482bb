import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ModelProto, NodeProto } from '../src/index.ts'
import { AttributeType, DataType, ModelError, decodeModel, encodeModel } from '../src/index.ts'
import { FIXTURES, HAVE_REAL_MODELS, REAL_MODELS, realModelsTitle } from './_paths.ts'

const utf8 = new TextDecoder()

function read(path: string): Uint8Array {
  return new Uint8Array(readFileSync(path))
}

function attr(node: NodeProto, name: string) {
  const a = node.attribute.find((x) => x.name === name)
  if (a == null) throw new Error(`no attribute ${name}`)
  return a
}

/** mulberry32: a small seeded generator, so the "random bytes" case is the same every run. */
function randomBytes(n: number, seed: number): Uint8Array {
  let a = seed
  const out = new Uint8Array(n)
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    out[i] = ((t ^ (t >>> 14)) >>> 0) & 0xff
  }
  return out
}

describe('decodeModel / encodeModel', () => {
  const ours = readdirSync(FIXTURES).filter((f) => f.endsWith('.onnx'))

  it.each(ours)('re-encodes %s byte for byte', (file) => {
    const bytes = read(join(FIXTURES, file))
    expect(Buffer.from(encodeModel(decodeModel(bytes))).equals(Buffer.from(bytes))).toBe(true)
  })

  it('reads the fields of the breast-cancer logistic model as the oracle wrote them', () => {
    const model = decodeModel(read(join(FIXTURES, 'breast-cancer.logistic.onnx')))
    expect(model.irVersion).toBe(8n)
    expect(model.producerName).toBe('mlgate-oracle')
    expect(model.opsetImport.map((o) => [o.domain, o.version])).toEqual([
      ['', 13n],
      ['ai.onnx.ml', 1n],
    ])
    const graph = model.graph
    expect(graph?.node.map((n) => n.opType)).toEqual([
      'Scaler',
      'LinearClassifier',
      'Normalizer',
      'Cast',
      'ZipMap',
    ])
    const input = graph?.input[0]
    expect(input?.name).toBe('float_input')
    const type = input?.type?.value
    expect(type?.kind).toBe('tensor')
    if (type?.kind !== 'tensor') return
    expect(type.elemType).toBe(DataType.FLOAT)
    expect(type.shape?.dim.map((d) => d.dimValue)).toEqual([undefined, 30n])
    const zipMapOutput = graph?.output[1]?.type?.value
    expect(zipMapOutput?.kind).toBe('sequence')
    const linear = graph?.node[1] as NodeProto
    expect(attr(linear, 'classlabels_ints').ints).toEqual([0n, 1n])
    expect(attr(linear, 'coefficients').floats).toHaveLength(60)
    expect(attr(linear, 'coefficients').type).toBe(AttributeType.FLOATS)
    expect(utf8.decode(attr(linear, 'post_transform').s)).toBe('LOGISTIC')
    // The two coefficient rows are [-w, w], as skl2onnx writes a binary LogisticRegression.
    const c = attr(linear, 'coefficients').floats
    expect(c.slice(0, 30).map((v) => -v)).toEqual(c.slice(30))
  })

  it('keeps unknown fields, nested ones included, and writes them back in field-number order', () => {
    const base = decodeModel(read(join(FIXTURES, 'wine.random-forest.onnx')))
    // NodeProto field 9 (metadata_props in newer onnx.proto), ModelProto field 25 (functions).
    const nodeExtra = Uint8Array.from([0x4a, 0x03, 0x0a, 0x01, 0x6b])
    const modelExtra = Uint8Array.from([0xca, 0x01, 0x03, 0x0a, 0x01, 0x66])
    const graph = base.graph
    if (graph == null) throw new Error('no graph')
    const changed: ModelProto = {
      ...base,
      metadataProps: [{ key: 'a', value: 'b', unknown: [] }],
      unknown: [{ field: 25, bytes: modelExtra }],
      graph: {
        ...graph,
        node: graph.node.map((n, i) =>
          i === 0 ? { ...n, unknown: [{ field: 9, bytes: nodeExtra }] } : n,
        ),
      },
    }
    const bytes = encodeModel(changed)
    const again = decodeModel(bytes)
    expect(again.unknown).toEqual([{ field: 25, bytes: modelExtra }])
    expect(again.metadataProps).toEqual([{ key: 'a', value: 'b', unknown: [] }])
    expect(again.graph?.node[0]?.unknown).toEqual([{ field: 9, bytes: nodeExtra }])
    expect(Buffer.from(encodeModel(again)).equals(Buffer.from(bytes))).toBe(true)
    // metadata_props (14) precedes field 25, which closes the message.
    const metadata = Uint8Array.from([0x72, 0x06, 0x0a, 0x01, 0x61, 0x12, 0x01, 0x62])
    const tail = bytes.subarray(bytes.length - metadata.length - modelExtra.length)
    expect(Buffer.from(tail).equals(Buffer.concat([metadata, modelExtra]))).toBe(true)
  })

  it('round-trips 64-bit integers at the edges of the int64 range', () => {
    const base = decodeModel(read(join(FIXTURES, 'breast-cancer.logistic.onnx')))
    const graph = base.graph
    if (graph == null) throw new Error('no graph')
    const edges = [0n, 1n, -1n, 127n, 128n, 2n ** 53n + 1n, 2n ** 63n - 1n, -(2n ** 63n)]
    const node = graph.node[1] as NodeProto
    const withEdges: ModelProto = {
      ...base,
      graph: {
        ...graph,
        node: graph.node.map((n) =>
          n === node
            ? {
                ...n,
                attribute: n.attribute.map((a) =>
                  a.name === 'classlabels_ints' ? { ...a, ints: edges } : a,
                ),
              }
            : n,
        ),
      },
    }
    const decoded = decodeModel(encodeModel(withEdges))
    expect(attr(decoded.graph?.node[1] as NodeProto, 'classlabels_ints').ints).toEqual(edges)
  })

  it('rejects bytes that are not an ONNX model, saying so', () => {
    const good = read(join(FIXTURES, 'breast-cancer.logistic.onnx'))
    expect(() => decodeModel(good.subarray(0, Math.floor(good.length / 2)))).toThrow(ModelError)
    expect(() => decodeModel(good.subarray(0, Math.floor(good.length / 2)))).toThrow(
      /not a valid ONNX model/,
    )
    expect(() => decodeModel(randomBytes(4096, 42))).toThrow(/not a valid ONNX model/)
    expect(() => decodeModel(new Uint8Array(0))).toThrow(
      /not a valid ONNX model: the ModelProto has no ir_version/,
    )
    // Valid protobuf (field 1 = 8) without a graph is not a model either.
    expect(() => decodeModel(Uint8Array.from([0x08, 0x08]))).toThrow(/has no graph/)
  })
})

describe.skipIf(!HAVE_REAL_MODELS)(
  realModelsTitle('decodeModel on published converter output'),
  () => {
    const files = HAVE_REAL_MODELS
      ? readdirSync(REAL_MODELS).filter((f) => f.endsWith('.onnx'))
      : []

    it.each(files)('re-encodes %s byte for byte', (file) => {
      const bytes = read(join(REAL_MODELS, file))
      expect(Buffer.from(encodeModel(decodeModel(bytes))).equals(Buffer.from(bytes))).toBe(true)
    })

    it('reads pipeline_titanic.onnx as onnx.load shows it', () => {
      const model = decodeModel(read(join(REAL_MODELS, 'pipeline_titanic.onnx')))
      expect(model.producerName).toBe('skl2onnx')
      expect(model.producerVersion).toBe('1.11.2')
      expect(model.irVersion).toBe(7n)
      const graph = model.graph
      expect(graph?.node).toHaveLength(17)
      expect(graph?.input.map((i) => i.name)).toEqual(['pclass', 'sex', 'age', 'fare', 'embarked'])
      // A negative int64 (10-byte varint) in an initializer: the Reshape target [-1, 9].
      const shape = graph?.initializer.find((t) => t.name === 'shape_tensor')
      expect(shape?.dims).toEqual([2n])
      expect(shape?.dataType).toBe(DataType.INT64)
      expect(shape?.int64Data).toEqual([-1n, 9n])
      // A NaN float attribute: the Imputer replaces NaN.
      const imputer = graph?.node.find((n) => n.opType === 'Imputer') as NodeProto
      expect(Number.isNaN(attr(imputer, 'replaced_value_float').f)).toBe(true)
      expect(attr(imputer, 'imputed_value_floats').floats).toEqual([28, 14.5])
      const onehot = graph?.node.find((n) => n.name === 'OneHotEncoder') as NodeProto
      expect(attr(onehot, 'cats_strings').strings.map((s) => utf8.decode(s))).toEqual([
        'C',
        'Q',
        'S',
        'missing',
      ])
    })
  },
)
