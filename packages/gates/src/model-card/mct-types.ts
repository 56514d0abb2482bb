/**
 * The Model Card Toolkit fields the card fills (schema v0.0.2, `model_card_toolkit/schema/v0.0.2`;
 * proto `model_card.proto`). MCT holds metric values and interval bounds as strings; the card
 * writes each as the shortest decimal that reads back as the same double (`String(x)`), so nothing
 * is rounded. `MCT_FIELDS_SCHEMA` is the JSON Schema of exactly these fields.
 */
export type McTModelCard = {
  readonly schema_version: '0.0.2'
  readonly model_details: McTModelDetails
  readonly model_parameters: McTModelParameters
  readonly quantitative_analysis: McTQuantitativeAnalysis
  readonly considerations: McTConsiderations
}

export type McTModelDetails = {
  readonly name: string
  readonly overview?: string
  readonly documentation?: string
  readonly owners?: readonly { readonly name: string; readonly contact?: string }[]
  readonly version?: { readonly name?: string; readonly date?: string; readonly diff?: string }
  readonly licenses?: readonly (
    { readonly identifier: string } | { readonly custom_text: string }
  )[]
  readonly references?: readonly { readonly reference: string }[]
  readonly citations?: readonly { readonly style?: string; readonly citation: string }[]
  /** Where the model file is, relative to the repository. */
  readonly path?: string
}

export type McTDataset = {
  readonly name: string
  /** A URL of the exact file revision, when the repository and commit are known. */
  readonly link?: string
  readonly sensitive?: { readonly sensitive_data: readonly string[] }
  readonly description?: string
}

export type McTModelParameters = {
  readonly model_architecture?: string
  readonly data: readonly McTDataset[]
  readonly input_format?: string
  readonly output_format?: string
}

export type McTPerformanceMetric = {
  readonly type: string
  readonly value: string
  readonly slice?: string
  readonly confidence_interval?: { readonly lower_bound: string; readonly upper_bound: string }
}

export type McTQuantitativeAnalysis = {
  readonly performance_metrics: readonly McTPerformanceMetric[]
}

export type McTDescription = { readonly description: string }

export type McTConsiderations = {
  readonly users?: readonly McTDescription[]
  readonly use_cases?: readonly McTDescription[]
  readonly limitations?: readonly McTDescription[]
  readonly tradeoffs?: readonly McTDescription[]
  readonly ethical_considerations?: readonly {
    readonly name: string
    readonly mitigation_strategy?: string
  }[]
}
