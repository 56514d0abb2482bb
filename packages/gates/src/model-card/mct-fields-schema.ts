/**
 * JSON Schema (draft-07) of the Model Card Toolkit fields this card claims to fill, with MCT
 * v0.0.2's names and types: strings for metric values and interval bounds (MCT's
 * `PerformanceMetric.value` and `ConfidenceInterval.lower_bound`/`upper_bound`), `format: uri` for
 * links and references, `format: date` for the version date, one of `identifier` or
 * `custom_text` per license. Unknown properties are refused at every level, so a field MCT does
 * not define cannot slip in; numeric strings must read back as finite numbers.
 */
export const MCT_FIELDS_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Model Card Toolkit v0.0.2 fields written by mlgate',
  type: 'object',
  required: [
    'schema_version',
    'model_details',
    'model_parameters',
    'quantitative_analysis',
    'considerations',
  ],
  additionalProperties: false,
  properties: {
    schema_version: { const: '0.0.2' },
    model_details: {
      type: 'object',
      required: ['name'],
      additionalProperties: false,
      properties: {
        name: { type: 'string', minLength: 1 },
        overview: { type: 'string' },
        documentation: { type: 'string' },
        owners: {
          type: 'array',
          items: {
            type: 'object',
            required: ['name'],
            additionalProperties: false,
            properties: { name: { type: 'string' }, contact: { type: 'string' } },
          },
        },
        version: {
          type: 'object',
          additionalProperties: false,
          properties: {
            name: { type: 'string' },
            date: { type: 'string', format: 'date' },
            diff: { type: 'string' },
          },
        },
        licenses: {
          type: 'array',
          items: {
            oneOf: [
              {
                type: 'object',
                required: ['identifier'],
                additionalProperties: false,
                properties: { identifier: { type: 'string', minLength: 1 } },
              },
              {
                type: 'object',
                required: ['custom_text'],
                additionalProperties: false,
                properties: { custom_text: { type: 'string', minLength: 1 } },
              },
            ],
          },
        },
        references: {
          type: 'array',
          items: {
            type: 'object',
            required: ['reference'],
            additionalProperties: false,
            properties: { reference: { type: 'string', format: 'uri' } },
          },
        },
        citations: {
          type: 'array',
          items: {
            type: 'object',
            required: ['citation'],
            additionalProperties: false,
            properties: { style: { type: 'string' }, citation: { type: 'string' } },
          },
        },
        path: { type: 'string' },
      },
    },
    model_parameters: {
      type: 'object',
      required: ['data'],
      additionalProperties: false,
      properties: {
        model_architecture: { type: 'string' },
        data: {
          type: 'array',
          items: {
            type: 'object',
            required: ['name'],
            additionalProperties: false,
            properties: {
              name: { type: 'string', minLength: 1 },
              link: { type: 'string', format: 'uri' },
              sensitive: {
                type: 'object',
                required: ['sensitive_data'],
                additionalProperties: false,
                properties: { sensitive_data: { type: 'array', items: { type: 'string' } } },
              },
              description: { type: 'string' },
            },
          },
        },
        input_format: { type: 'string' },
        output_format: { type: 'string' },
      },
    },
    quantitative_analysis: {
      type: 'object',
      required: ['performance_metrics'],
      additionalProperties: false,
      properties: {
        performance_metrics: {
          type: 'array',
          items: {
            type: 'object',
            required: ['type', 'value'],
            additionalProperties: false,
            properties: {
              type: { type: 'string', minLength: 1 },
              value: { $ref: '#/definitions/decimal' },
              slice: { type: 'string', minLength: 1 },
              confidence_interval: {
                type: 'object',
                required: ['lower_bound', 'upper_bound'],
                additionalProperties: false,
                properties: {
                  lower_bound: { $ref: '#/definitions/decimal' },
                  upper_bound: { $ref: '#/definitions/decimal' },
                },
              },
            },
          },
        },
      },
    },
    considerations: {
      type: 'object',
      additionalProperties: false,
      properties: {
        users: { $ref: '#/definitions/descriptions' },
        use_cases: { $ref: '#/definitions/descriptions' },
        limitations: { $ref: '#/definitions/descriptions' },
        tradeoffs: { $ref: '#/definitions/descriptions' },
        ethical_considerations: {
          type: 'array',
          items: {
            type: 'object',
            required: ['name'],
            additionalProperties: false,
            properties: {
              name: { type: 'string', minLength: 1 },
              mitigation_strategy: { type: 'string' },
            },
          },
        },
      },
    },
  },
  definitions: {
    // A finite JSON-style number written as text, e.g. 0.8751484962184923 or 4.783e-7.
    decimal: { type: 'string', pattern: '^-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?$' },
    descriptions: {
      type: 'array',
      items: {
        type: 'object',
        required: ['description'],
        additionalProperties: false,
        properties: { description: { type: 'string', minLength: 1 } },
      },
    },
  },
} as const
