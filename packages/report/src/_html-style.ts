/**
 * The report's only stylesheet, inlined: system fonts (nothing to download), status colours that
 * match the chart colours, tables that scroll sideways rather than widen the page, and charts
 * that wrap two to a row and shrink on narrow screens.
 */
export const HTML_STYLE = `
:root { color-scheme: light; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg-soft: #f6f8fa;
  --pass: #1a7f37; --warn: #9a6700; --fail: #cf222e; --error: #59636e; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", Arial, sans-serif;
  color: var(--fg); background: #ffffff; }
main { max-width: 1200px; margin: 0 auto; }
h1 { font-size: 24px; margin: 0 0 8px; }
h2 { font-size: 19px; margin: 0 0 8px; display: flex; align-items: center; gap: 10px; }
header { border-bottom: 1px solid var(--line); padding-bottom: 16px; margin-bottom: 16px; }
.headline { font-size: 16px; margin: 8px 0; display: flex; align-items: baseline; gap: 10px; }
.meta, .note { color: var(--muted); font-size: 13px; }
nav ul { list-style: none; padding: 0; margin: 8px 0 0; display: flex; flex-wrap: wrap; gap: 8px 18px; }
nav a { color: inherit; }
.badge { display: inline-block; min-width: 52px; text-align: center; padding: 1px 8px; border-radius: 12px;
  font-size: 12px; font-weight: 600; color: #ffffff; white-space: nowrap; }
.badge.pass { background: var(--pass); } .badge.warn { background: var(--warn); }
.badge.fail { background: var(--fail); } .badge.error { background: var(--error); }
section.gate { border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; margin: 0 0 20px; }
.summary { font-size: 15px; margin: 4px 0 12px; }
table { border-collapse: collapse; font-size: 13px; margin: 8px 0; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
thead th { background: var(--bg-soft); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
table.checks td.reason { color: var(--muted); max-width: 520px; }
.scroll { overflow-x: auto; }
details { margin: 10px 0; }
summary { cursor: pointer; font-weight: 600; }
.findings ul { margin: 6px 0; padding-left: 20px; }
.findings .severity { font-weight: 600; text-transform: capitalize; }
.findings .error .severity { color: var(--fail); } .findings .warning .severity { color: var(--warn); }
.findings .message { white-space: pre-line; }
.context th { font-weight: normal; color: var(--muted); }
.charts { display: flex; flex-wrap: wrap; gap: 16px; margin: 12px 0; }
figure.chart { margin: 0; padding: 8px; border: 1px solid var(--line); border-radius: 6px; background: #ffffff; }
figure.chart svg { display: block; max-width: 100%; height: auto; }
figcaption { font-size: 13px; font-weight: 600; margin: 0 0 4px; }
.chart-note { color: var(--muted); font-size: 12px; margin: 4px 0 0; max-width: 620px; }
svg text { font-family: inherit; fill: var(--fg); }
svg .tick, svg .note { font-size: 11px; fill: var(--muted); }
svg .axis-label { font-size: 12px; }
svg .legend, svg .label { font-size: 12px; }
svg .value { font-size: 11px; }
svg .value-small { font-size: 10px; fill: var(--muted); }
footer { color: var(--muted); font-size: 12px; margin-top: 24px; }
@media print { section.gate { break-inside: avoid-page; } details > summary { list-style: none; } }
`
