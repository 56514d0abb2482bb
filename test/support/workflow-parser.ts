import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type * as Actions from '@actions/workflow-parser/actions/index'
import type * as Workflows from '@actions/workflow-parser'
import { build } from 'esbuild'
import { REPO_ROOT } from './repo-paths.ts'

/** GitHub's own workflow and action.yml parser, as used by its language services. */
export type WorkflowParser = {
  /** Schema and expression errors of a workflow file, each with its line and column. */
  workflowErrors(name: string, content: string): Promise<string[]>
  /** Schema errors of an action.yml. */
  actionErrors(name: string, content: string): string[]
}

/**
 * Loads `@actions/workflow-parser`. Its ESM build imports its JSON schemas without an import
 * attribute, which Node rejects (ERR_IMPORT_ATTRIBUTE_MISSING, actions/languageservices#387), so
 * it is bundled with esbuild, which inlines the JSON, and the bundle is imported instead.
 */
export async function loadWorkflowParser(): Promise<WorkflowParser> {
  const out = await build({
    stdin: {
      contents: [
        "export { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } from '@actions/workflow-parser'",
        "export { parseAction } from '@actions/workflow-parser/actions/index'",
      ].join('\n'),
      resolveDir: REPO_ROOT,
      loader: 'js',
    },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    write: false,
    logLevel: 'error',
    // The bundled `yaml` package is CommonJS and calls require() for Node built-ins.
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
  })
  const dir = mkdtempSync(join(tmpdir(), 'mlgate-workflow-parser-'))
  const file = join(dir, 'workflow-parser.mjs')
  try {
    writeFileSync(file, out.outputFiles[0]?.text ?? '')
    const lib = (await import(pathToFileURL(file).href)) as Pick<
      typeof Workflows,
      'parseWorkflow' | 'convertWorkflowTemplate' | 'NoOperationTraceWriter'
    > &
      Pick<typeof Actions, 'parseAction'>
    return parserOf(lib)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

// --- internal ---

function parserOf(
  lib: Pick<
    typeof Workflows,
    'parseWorkflow' | 'convertWorkflowTemplate' | 'NoOperationTraceWriter'
  > &
    Pick<typeof Actions, 'parseAction'>,
): WorkflowParser {
  return {
    async workflowErrors(name, content) {
      const parsed = lib.parseWorkflow({ name, content }, new lib.NoOperationTraceWriter())
      // Conversion adds the checks the schema cannot express (job graph, matrix, reusable calls);
      // it records them in the same error list.
      if (parsed.value) await lib.convertWorkflowTemplate(parsed.context, parsed.value)
      return parsed.context.errors.getErrors().map((e) => e.message)
    },
    actionErrors(name, content) {
      const parsed = lib.parseAction({ name, content }, new lib.NoOperationTraceWriter())
      return parsed.context.errors.getErrors().map((e) => e.message)
    },
  }
}
