import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { Ajv, type ValidateFunction, type ErrorObject } from 'ajv'
import addFormatsModule from 'ajv-formats'

/** One REST operation of GitHub's OpenAPI description that a request matched. */
export type MatchedOperation = {
  readonly operationId: string
  readonly method: string
  /** The path template, e.g. `/repos/{owner}/{repo}/issues/{issue_number}/comments`. */
  readonly template: string
  /** Path parameters, coerced to the types the description declares. */
  readonly path: Readonly<Record<string, string | number | boolean>>
  /** Query parameters, coerced likewise. */
  readonly query: Readonly<Record<string, string | number | boolean>>
}

export type RequestCheck = {
  readonly operation?: MatchedOperation
  /** Empty when the request conforms. */
  readonly errors: readonly string[]
}

export type OpenApiValidator = {
  /**
   * Checks a request against api.github.com's description: the operation exists, path and query
   * parameters have the declared types, no undeclared query parameter is sent, and the JSON body
   * matches its schema with objects closed (see `closeObjects`).
   */
  checkRequest(method: string, url: URL, body: unknown): RequestCheck
  /** Checks a 2xx response body against the operation's documented response schema (objects open). */
  checkResponse(operationId: string, status: number, body: unknown): readonly string[]
}

/** The validator for GitHub's REST API (api.github.com), loaded once per process. */
export function githubOpenApiValidator(): OpenApiValidator {
  cached ??= build()
  return cached
}

// --- internal ---

type Json = Record<string, unknown>
type Parameter = { name: string; in: string; required?: boolean; schema?: Json }
type Route = { template: string; regex: RegExp; names: string[]; methods: Record<string, Json> }

let cached: OpenApiValidator | undefined

// The package bundles ten descriptions (~400 MB); load only the one for api.github.com.
const SPEC_FILE = '@octokit/openapi/generated/api.github.com.json'
const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head']
// ajv-formats is CommonJS whose default export is the plugin function.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv

function build(): OpenApiValidator {
  const spec = JSON.parse(
    readFileSync(createRequire(import.meta.url).resolve(SPEC_FILE), 'utf8'),
  ) as Json
  const components = spec['components'] as Json
  const parameters = components['parameters'] as Record<string, Parameter>
  const responses = components['responses'] as Record<string, Json>
  const routes = buildRoutes(spec['paths'] as Record<string, Json>)
  // Two compilers: requests are checked with closed objects, responses with the description as is.
  const strictAjv = newAjv(closeObjects(rewriteRefs(components), false))
  const openAjv = newAjv(rewriteRefs(components))
  const compiled = new Map<string, ValidateFunction>()
  const compile = (ajv: Ajv, key: string, schema: unknown): ValidateFunction => {
    let fn = compiled.get(key)
    if (!fn) {
      fn = ajv.compile(schema as Json)
      compiled.set(key, fn)
    }
    return fn
  }
  const operations = new Map<string, Json>()
  for (const r of routes)
    for (const op of Object.values(r.methods)) operations.set(String(op['operationId']), op)

  return {
    checkRequest(method, url, body) {
      const m = method.toLowerCase()
      const candidates = routes
        .map((r) => ({ r, match: r.regex.exec(url.pathname) }))
        .filter((c) => c.match != null)
      const hit = candidates.find((c) => c.r.methods[m] !== undefined)
      if (!hit || !hit.match) {
        const others = candidates.flatMap((c) =>
          Object.keys(c.r.methods).map((x) => `${x.toUpperCase()} ${c.r.template}`),
        )
        return {
          errors: [
            `No operation ${method.toUpperCase()} ${url.pathname} in api.github.com's description${others.length ? ` (this path has: ${others.join(', ')})` : ''}.`,
          ],
        }
      }
      const op = hit.r.methods[m] as Json
      const operationId = String(op['operationId'])
      const params = [...((op['parameters'] as Json[] | undefined) ?? [])].map((p) =>
        resolveParam(p, parameters),
      )
      const errors: string[] = []
      const pathValues: Record<string, string | number | boolean> = {}
      hit.r.names.forEach((name, i) => {
        const raw = decodeURIComponent(hit.match?.[i + 1] ?? '')
        const spec = params.find((p) => p.in === 'path' && p.name === name)
        pathValues[name] = coerce(raw, spec?.schema)
      })
      const queryValues: Record<string, string | number | boolean> = {}
      for (const [k, v] of url.searchParams) {
        const spec = params.find((p) => p.in === 'query' && p.name === k)
        queryValues[k] = coerce(v, spec?.schema)
      }
      for (const where of ['path', 'query'] as const) {
        const list = params.filter((p) => p.in === where)
        const schema = {
          type: 'object',
          properties: Object.fromEntries(list.map((p) => [p.name, p.schema ?? {}])),
          required: list.filter((p) => p.required === true || where === 'path').map((p) => p.name),
          // GitHub ignores unknown query parameters; a typo (`perpage`) must not pass silently.
          additionalProperties: false,
        }
        const fn = compile(strictAjv, `${operationId} ${where}`, rewriteRefs(schema))
        if (!fn(where === 'path' ? pathValues : queryValues))
          errors.push(...describe(fn.errors, where))
      }
      const requestBody = op['requestBody'] as Json | undefined
      const bodySchema = (requestBody?.['content'] as Json | undefined)?.['application/json'] as
        Json | undefined
      if (body === undefined) {
        if (requestBody?.['required'] === true)
          errors.push(`body: ${operationId} requires a JSON body, none was sent.`)
      } else if (!bodySchema) {
        errors.push(`body: ${operationId} takes no JSON body, got one.`)
      } else {
        const fn = compile(
          strictAjv,
          `${operationId} body`,
          closeObjects(rewriteRefs(bodySchema['schema']), false),
        )
        if (!fn(body)) errors.push(...describe(fn.errors, 'body'))
      }
      return {
        operation: {
          operationId,
          method: m,
          template: hit.r.template,
          path: pathValues,
          query: queryValues,
        },
        errors,
      }
    },
    checkResponse(operationId, status, body) {
      const op = operations.get(operationId)
      if (!op) return [`Unknown operation ${operationId}.`]
      let response = (op['responses'] as Json)[String(status)] as Json | undefined
      if (!response) return [`${operationId} documents no ${status} response.`]
      const ref = response['$ref']
      if (typeof ref === 'string') response = responses[ref.split('/').pop() ?? ''] ?? {}
      const schema = (
        (response['content'] as Json | undefined)?.['application/json'] as Json | undefined
      )?.['schema']
      if (schema === undefined)
        return body === undefined || body === ''
          ? []
          : [`${operationId} ${status} documents no body.`]
      const fn = compile(openAjv, `${operationId} ${status} response`, rewriteRefs(schema))
      return fn(body) ? [] : describe(fn.errors, `response ${status}`)
    },
  }
}

function newAjv(components: unknown): Ajv {
  // strict: false because the description uses OpenAPI keywords (example, x-github, discriminator)
  // that are not JSON Schema; ajv 8 understands OpenAPI's `nullable` itself.
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false, validateFormats: true })
  addFormats(ajv)
  ajv.addSchema({ $id: 'gh', components })
  return ajv
}

function buildRoutes(paths: Record<string, Json>): Route[] {
  const routes: Route[] = []
  for (const [template, item] of Object.entries(paths)) {
    const names: string[] = []
    const pattern = template
      .split(/(\{[^}]+\})/)
      .map((part) => {
        const name = /^\{([^}]+)\}$/.exec(part)?.[1]
        if (name === undefined) return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')
        names.push(name)
        return '([^/]+)'
      })
      .join('')
    const shared = (item['parameters'] as Json[] | undefined) ?? []
    const methods: Record<string, Json> = {}
    for (const m of METHODS) {
      const op = item[m] as Json | undefined
      if (op)
        methods[m] = {
          ...op,
          parameters: [...shared, ...((op['parameters'] as Json[] | undefined) ?? [])],
        }
    }
    routes.push({ template, regex: new RegExp(`^${pattern}$`), names, methods })
  }
  // Literal segments win over parameters: `/issues/comments` before `/issues/{issue_number}`.
  return routes.sort((a, b) => a.names.length - b.names.length)
}

function resolveParam(p: Json, parameters: Record<string, Parameter>): Parameter {
  const ref = p['$ref']
  if (typeof ref === 'string') {
    const found = parameters[ref.split('/').pop() ?? '']
    if (!found) throw new Error(`Unresolvable parameter ${ref}`)
    return found
  }
  return p as unknown as Parameter
}

/** Path and query values arrive as text; turn them into the declared type so ajv can judge. */
function coerce(raw: string, schema: Json | undefined): string | number | boolean {
  const type = schema?.['type']
  if (type === 'integer' && /^-?\d+$/.test(raw)) return Number(raw)
  if (type === 'number' && raw !== '' && Number.isFinite(Number(raw))) return Number(raw)
  if (type === 'boolean' && (raw === 'true' || raw === 'false')) return raw === 'true'
  return raw
}

/**
 * Makes the description's schemas loadable by ajv: local refs point into the `gh` schema, and
 * OpenAPI 3.0 `nullable` without a `type` (which ajv rejects) becomes `anyOf [schema, null]`.
 */
function rewriteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteRefs)
  if (typeof node !== 'object' || node == null) return node
  const out: Json = {}
  for (const [k, v] of Object.entries(node)) {
    out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `gh${v}` : rewriteRefs(v)
  }
  // OpenAPI 3.0 lets `nullable` widen an `enum`; JSON Schema needs null listed.
  if (out['nullable'] === true && Array.isArray(out['enum']) && !out['enum'].includes(null)) {
    out['enum'] = [...(out['enum'] as unknown[]), null]
  }
  if (out['nullable'] === true && !('type' in out)) {
    const { nullable: _nullable, description, ...rest } = out
    return {
      ...(description === undefined ? {} : { description }),
      anyOf: [rest, { type: 'null' }],
    }
  }
  return out
}

/**
 * Adds `additionalProperties: false` to every object schema that lists `properties` and has no
 * `oneOf`/`anyOf`/`allOf` and no `additionalProperties` of its own. GitHub ignores unknown fields,
 * so without this a typo (`annotation` for `annotations`) would pass everywhere. Members of an
 * `allOf` stay open, since closing one would reject the properties its siblings add.
 */
function closeObjects(node: unknown, inAllOf: boolean): unknown {
  if (Array.isArray(node)) return node.map((n) => closeObjects(n, inAllOf))
  if (typeof node !== 'object' || node == null) return node
  const src = node as Json
  const out: Json = {}
  for (const [k, v] of Object.entries(src)) {
    if (k === 'allOf' && Array.isArray(v)) out[k] = v.map((n) => closeObjects(n, true))
    else if (k === 'properties' && typeof v === 'object' && v != null) {
      out[k] = Object.fromEntries(
        Object.entries(v).map(([name, s]) => [name, closeObjects(s, false)]),
      )
    } else out[k] = closeObjects(v, false)
  }
  const combined = 'oneOf' in src || 'anyOf' in src || 'allOf' in src
  if ('properties' in src && !combined && !('additionalProperties' in src) && !inAllOf) {
    out['additionalProperties'] = false
  }
  return out
}

function describe(errors: ErrorObject[] | null | undefined, where: string): string[] {
  const all = errors ?? []
  // One bad field repeated across 50 array items says nothing new after the first few.
  const shown = all.slice(0, MAX_ERRORS).map((e) => {
    const extra =
      e.keyword === 'additionalProperties'
        ? ` (${String((e.params as { additionalProperty?: string }).additionalProperty)})`
        : e.keyword === 'enum'
          ? ` (allowed: ${JSON.stringify((e.params as { allowedValues?: unknown }).allowedValues)})`
          : ''
    return `${where}${e.instancePath || ''}: ${e.message ?? e.keyword}${extra}`
  })
  return all.length > MAX_ERRORS
    ? [...shown, `${where}: … and ${all.length - MAX_ERRORS} more errors`]
    : shown
}

const MAX_ERRORS = 10
