import type { ParsedSchema, SchemaColumnType, Violation } from '@mlgate/data'
import { schemaLine } from '@mlgate/data'
import type { ElementType, ModelInfo, TensorInfo } from '@mlgate/onnx'
import type { ResultTable } from '../result.ts'

/** The model's view of the schema: what does not fit, and a row per feature for the report. */
export type ModelFit = { readonly violations: Violation[]; readonly table: ResultTable }

/**
 * Checks that the data a model will see, as the schema describes it, fits the model's inputs:
 * every feature the model reads is a schema column present in `environment`, of a type its
 * tensor can hold. Features come from the input names (one input per column), from the names a
 * single [N, F] input declares (or `columns`), or, when neither names them, the schema's numeric
 * columns are counted against F. Columns that may be missing are flagged as warnings, since a
 * float tensor turns them into NaN and an integer one cannot hold them.
 */
export function checkModelInputs(
  parsed: ParsedSchema,
  info: ModelInfo,
  environment: string | null,
  columns: readonly string[] | undefined,
): ModelFit {
  const { schema } = parsed
  const violations: Violation[] = []
  const rows: (string | number | null)[][] = []
  const line = (path: (string | number)[]): { line?: number } => {
    const l = schemaLine(parsed, path)
    return l == null ? {} : { line: l }
  }
  const fail = (
    column: string | null,
    expected: string,
    found: string,
    path: (string | number)[],
    severity: 'error' | 'warning' = 'error',
  ): void => {
    violations.push({
      column,
      rule: 'model_input',
      severity,
      expected,
      found,
      count: 1,
      value: null,
      rows: [],
      ...line(path),
    })
  }
  const feature = (name: string, tensor: TensorInfo, element: ElementType): void => {
    const spec = schema.columns[name]
    const where = `input "${tensor.name}" (${describe(tensor)})`
    if (spec == null) {
      fail(name, `a schema column "${name}" for model ${where}`, 'the schema does not list it', [
        'columns',
      ])
      rows.push([tensor.name, describe(tensor), name, null, 'missing from the schema'])
      return
    }
    const fits = FITS[element]
    let verdict = 'fits'
    if (fits == null) {
      fail(name, `a tensor type mlgate can feed`, `model ${where} takes ${element}`, [
        'columns',
        name,
      ])
      verdict = `cannot feed ${element}`
    } else if (!fits.includes(spec.type)) {
      fail(
        name,
        `type ${fits.join(' or ')}, which ${element} ${where} can hold`,
        `type ${spec.type}`,
        ['columns', name, 'type'],
      )
      verdict = `${spec.type} does not fit ${element}`
    } else if (
      spec.environments != null &&
      environment != null &&
      !spec.environments.includes(environment)
    ) {
      fail(
        name,
        `the column present in ${environment} data, which the model reads`,
        `it is limited to ${spec.environments.join(', ')}`,
        ['columns', name, 'environments'],
      )
      verdict = `absent in ${environment}`
    } else if (spec.required === false) {
      fail(
        name,
        'a required column (the model always reads it)',
        'required: false',
        ['columns', name, 'required'],
        'warning',
      )
      verdict = 'may be absent'
    } else if ((spec.max_null_share ?? 0) > 0) {
      fail(
        name,
        'no missing cells in a column the model reads',
        `max_null_share ${spec.max_null_share}: missing cells reach the model as ${element === 'float' || element === 'double' ? 'NaN' : 'values it cannot hold'}`,
        ['columns', name, 'max_null_share'],
        'warning',
      )
      verdict = 'may be missing'
    }
    rows.push([tensor.name, describe(tensor), name, spec.type, verdict])
  }

  const single = info.inputs.length === 1 ? info.inputs[0] : undefined
  const matrix =
    single != null &&
    single.shape.length === 2 &&
    (single.type === 'float' || single.type === 'double') &&
    !(single.shape[1] === 1 && Object.hasOwn(schema.columns, single.name))
  if (single != null && matrix) {
    const names = columns ?? info.columns
    if (names != null) {
      for (const name of names) feature(name, single, single.type)
    } else {
      const f = single.shape[1]
      const numeric = Object.entries(schema.columns)
        .filter(([, c]) => NUMERIC.has(c.type))
        .filter(
          ([, c]) =>
            c.environments == null || environment == null || c.environments.includes(environment),
        )
        .map(([name]) => name)
      if (typeof f === 'number' && numeric.length !== f) {
        fail(
          null,
          `${f} numeric columns for model input "${single.name}" (${describe(single)}), which does not name its features`,
          `${numeric.length} numeric columns in the schema${environment == null ? '' : ` for ${environment}`}; pass the feature order with columns (leave out the label)`,
          ['columns'],
        )
      }
      rows.push([
        single.name,
        describe(single),
        `${numeric.length} numeric columns, in schema order`,
        null,
        typeof f === 'number' && numeric.length !== f ? `expects ${f}` : 'count fits',
      ])
    }
  } else {
    for (const input of info.inputs) feature(input.name, input, input.type)
  }
  return {
    violations,
    table: {
      title: 'Model inputs and schema columns',
      columns: ['model input', 'tensor', 'schema column', 'schema type', 'verdict'],
      rows,
      priority: 2,
    },
  }
}

// --- internal ---

const NUMERIC: ReadonlySet<SchemaColumnType> = new Set(['number', 'integer', 'boolean'])

/** Schema types whose values a tensor of each element type holds without loss or error. */
const FITS: Partial<Record<ElementType, readonly SchemaColumnType[]>> = {
  float: ['number', 'integer', 'boolean'],
  double: ['number', 'integer', 'boolean'],
  int64: ['integer', 'boolean'],
  int32: ['integer', 'boolean'],
  bool: ['boolean'],
  string: ['string', 'category', 'datetime'],
}

function describe(t: TensorInfo): string {
  return `${t.type} [${t.shape.map((d) => (d == null ? '?' : String(d))).join(', ')}]`
}
