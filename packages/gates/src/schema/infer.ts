import type { InferOptions, InferredSchema } from '@mlgate/data'
import { inferSchemaFromFile, schemaToYaml } from '@mlgate/data'

/** Infer a schema from a reference file and write it as commented YAML. */
export async function inferSchemaText(
  data: string,
  options: InferOptions = {},
): Promise<{ readonly text: string; readonly inferred: InferredSchema }> {
  const inferred = await inferSchemaFromFile(data, options)
  return { text: schemaToYaml(inferred.schema, inferred), inferred }
}
