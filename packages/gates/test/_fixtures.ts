import { fileURLToPath } from 'node:url'

/** Model and data fixtures made by scripts/oracle/make_models.py, with scikit-learn's metrics. */
export const ONNX_FIXTURES = fileURLToPath(new URL('../../onnx/test/fixtures/', import.meta.url))

export function fixture(name: string): string {
  return `${ONNX_FIXTURES}${name}`
}
