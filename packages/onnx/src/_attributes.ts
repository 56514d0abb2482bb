import type { AttributeProto, NodeProto } from './proto.ts'

const utf8 = new TextDecoder()

export function findAttribute(node: NodeProto, name: string): AttributeProto | undefined {
  return node.attribute.find((a) => a.name === name)
}

/** An INTS attribute as numbers, or null when absent or empty. */
export function attributeInts(node: NodeProto, name: string): number[] | null {
  const a = findAttribute(node, name)
  if (a == null || a.ints.length === 0) return null
  return a.ints.map(Number)
}

/** A STRINGS attribute decoded as UTF-8, or null when absent or empty. */
export function attributeStrings(node: NodeProto, name: string): string[] | null {
  const a = findAttribute(node, name)
  if (a == null || a.strings.length === 0) return null
  return a.strings.map((s) => utf8.decode(s))
}

/**
 * Class labels a classifier or ZipMap node declares, in output-column order. ZipMap names them
 * `classlabels_int64s`/`classlabels_strings`; LinearClassifier, SVMClassifier and
 * TreeEnsembleClassifier use `classlabels_ints`/`classlabels_int64s`/`classlabels_strings`
 * (onnx/docs/Operators-ml.md).
 */
export function classLabels(node: NodeProto): (number | string)[] | null {
  return (
    attributeInts(node, 'classlabels_int64s') ??
    attributeInts(node, 'classlabels_ints') ??
    attributeStrings(node, 'classlabels_strings')
  )
}
