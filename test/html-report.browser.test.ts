import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Browser, Page } from 'puppeteer-core'
import puppeteer from 'puppeteer-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { GateResult } from '@mlgate/gates'
import {
  accuracyConfigSchema,
  driftConfigSchema,
  fairnessConfigSchema,
  runAccuracyGate,
  runDriftGate,
  runFairnessGate,
} from '@mlgate/gates'
import { renderHtml } from '@mlgate/report'
import { decodePng, type Png } from './support/png.ts'
import { REPO_ROOT } from './support/repo-paths.ts'

/**
 * The HTML report of real gate runs on the bundled example, opened from disk in headless
 * Chromium: it must load nothing from anywhere else, log no error or warning, and show every
 * chart with something drawn in it.
 */

const CANDIDATES = [process.env['CHROMIUM_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-browser']
const chromium = CANDIDATES.find((p): p is string => p != null && p !== '' && existsSync(p))
const missing =
  chromium == null
    ? `skipped: no Chromium binary (set CHROMIUM_PATH, or install Debian's chromium for /usr/bin/chromium)`
    : undefined
if (missing) console.warn(`html-report.browser.test.ts ${missing}`)

const EXAMPLE = join(REPO_ROOT, 'examples/fraud')

/** The few browser globals the checks read (the project compiles without the DOM library). */
type InPage = {
  readonly scrollY: number
  readonly document: {
    readonly documentElement: { readonly scrollHeight: number }
    readonly scripts: { readonly length: number }
    readonly images: { readonly length: number }
    readonly title: string
    querySelector(selector: string): { readonly textContent: string | null } | null
  }
}
type Box = {
  readonly top: number
  readonly left: number
  readonly width: number
  readonly height: number
}
const VIEWPORT = { width: 1280, height: 900 }

describe.skipIf(missing !== undefined)(missing ?? 'HTML report in headless Chromium', () => {
  let dir: string
  let browser: Browser
  let results: GateResult[]

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mlgate-html-browser-'))
    const [launched, ...gates] = await Promise.all([
      puppeteer.launch({
        executablePath: chromium!,
        headless: true,
        // CI runs as root, where Chromium's sandbox cannot start.
        args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--no-default-browser-check'],
      }),
      ...exampleGates(),
    ])
    browser = launched
    results = gates
  })

  afterAll(async () => {
    await browser?.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('renders every chart with no request beyond the file and no console error', async () => {
    const file = join(dir, 'report.html')
    const html = renderHtml(results, { generatedAt: '2025-06-01T12:00:00Z' })
    writeFileSync(file, html)
    const { page, outside, problems } = await open(browser, file)
    try {
      expect(outside).toEqual([])
      expect(problems).toEqual([])
      const height = await page.evaluate(
        () => (globalThis as unknown as InPage).document.documentElement.scrollHeight,
      )
      const expected = ['roc', 'pr', 'calibration', 'psi', 'groups', 'groups', 'groups']
      const charts = await page.$$('svg[data-chart]')
      const kinds = await Promise.all(
        charts.map((c) => c.evaluate((svg) => svg.getAttribute('data-chart'))),
      )
      expect(kinds).toEqual(expected)

      const shot = decodePng(await page.screenshot({ type: 'png', fullPage: true }))
      expect([shot.width, shot.height]).toEqual([VIEWPORT.width, height])
      for (const [i, chart] of charts.entries()) {
        const drawn = await chart.evaluate((svg) => ({
          box: (({ top, left, width, height }: Box) => ({ top, left, width, height }))(
            svg.getBoundingClientRect(),
          ),
          marks: svg.querySelectorAll('path, rect, circle, line').length,
          title: svg.querySelector('title')?.textContent ?? '',
          role: svg.getAttribute('role'),
        }))
        const label = `${kinds[i]} chart ${drawn.title}`
        expect(drawn.role, label).toBe('img')
        expect(drawn.box.width, label).toBeGreaterThan(200)
        expect(drawn.box.height, label).toBeGreaterThan(150)
        expect(drawn.marks, label).toBeGreaterThan(10)
        // In the full-page screenshot, the chart's area holds lines and bars in several colours.
        const top =
          drawn.box.top + (await page.evaluate(() => (globalThis as unknown as InPage).scrollY))
        const area = region(shot, drawn.box.left, top, drawn.box.width, drawn.box.height)
        expect(area.inkShare, label).toBeGreaterThan(0.02)
        expect(area.colours, label).toBeGreaterThan(4)
      }
      // A chart on its own, cut out by the browser, is a picture too, not a blank box.
      const roc = await charts[0]!.screenshot({ type: 'png' })
      const alone = decodePng(roc)
      const whole = region(alone, 0, 0, alone.width, alone.height)
      expect(whole.inkShare).toBeGreaterThan(0.02)
      writeFileSync(join(dir, 'report.png'), await page.screenshot({ type: 'png', fullPage: true }))
    } finally {
      await page.close()
    }
  })

  it('shows hostile names as text: no element, script or request comes from the data', async () => {
    const [accuracy, drift] = results
    const table = drift!.tables[0]!
    const hostile: GateResult = {
      ...drift!,
      tables: [
        {
          ...table,
          rows: table.rows.map((r, i) =>
            i === 0
              ? [
                  '<img src="https://example.invalid/x.png" onerror="console.error(1)">',
                  ...r.slice(1),
                ]
              : r,
          ),
        },
        ...drift!.tables.slice(1),
      ],
    }
    const file = join(dir, 'hostile.html')
    const title = '</title><script>console.error("title")</script>'
    writeFileSync(file, renderHtml([accuracy!, hostile], { title }))
    const { page, outside, problems } = await open(browser, file)
    try {
      expect(outside).toEqual([])
      expect(problems).toEqual([])
      const facts = await page.evaluate(() => {
        const { document } = globalThis as unknown as InPage
        return {
          scripts: document.scripts.length,
          images: document.images.length,
          title: document.title,
          label: document.querySelector('svg[data-chart="psi"] text.label')?.textContent ?? '',
        }
      })
      expect(facts.scripts).toBe(0)
      expect(facts.images).toBe(0)
      expect(facts.title.startsWith(title)).toBe(true)
      expect(facts.label).toContain('<img src=')
    } finally {
      await page.close()
    }
  })
})

/** The three gates on the bundled example, as the README runs them, with few resamples. */
function exampleGates(): Promise<GateResult>[] {
  const file = (name: string) => join(EXAMPLE, name)
  return [
    runAccuracyGate(
      accuracyConfigSchema.parse({
        model: file('model.onnx'),
        champion: file('champion.onnx'),
        data: file('holdout.csv'),
        label: 'is_fraud',
        threshold: 0.08,
        resamples: 50,
        bounds: [
          { metric: 'roc_auc', op: '>=', value: 0.85 },
          { metric: 'roc_auc', op: '>=', value: -0.01, kind: 'change' },
        ],
      }),
    ),
    runDriftGate(
      driftConfigSchema.parse({ reference: file('train.csv'), current: file('holdout.csv') }),
    ),
    runFairnessGate(
      fairnessConfigSchema.parse({
        model: file('model.onnx'),
        data: file('holdout.csv'),
        label: 'is_fraud',
        sensitive: ['age_group', 'region'],
        threshold: 0.08,
        resamples: 50,
        bounds: [{ metric: 'demographic_parity_difference', op: '<=', value: 0.1 }],
      }),
    ),
  ]
}

/**
 * Opens a file in a new page, recording every request that is not for a file (and failing it,
 * so nothing leaves the machine), every console error or warning and every page error.
 */
async function open(
  browser: Browser,
  file: string,
): Promise<{ page: Page; outside: string[]; problems: string[] }> {
  const page = await browser.newPage()
  await page.setViewport(VIEWPORT)
  const outside: string[] = []
  const problems: string[] = []
  await page.setRequestInterception(true)
  page.on('request', (request) => {
    const url = request.url()
    if (url.startsWith('file:')) void request.continue()
    else {
      outside.push(url)
      void request.abort('blockedbyclient')
    }
  })
  page.on('console', (message) => {
    const type = message.type()
    if (type === 'error' || type === 'warn') problems.push(`console ${type}: ${message.text()}`)
  })
  page.on('pageerror', (error) => problems.push(`page error: ${String(error)}`))
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' })
  return { page, outside, problems }
}

/**
 * Share of pixels in a rectangle (CSS pixels, device scale 1) that differ from the page's white,
 * and the number of distinct colours (quantised) among them.
 */
function region(
  png: Png,
  left: number,
  top: number,
  width: number,
  height: number,
): { inkShare: number; colours: number } {
  const x0 = Math.max(0, Math.floor(left))
  const y0 = Math.max(0, Math.floor(top))
  const x1 = Math.min(png.width, Math.ceil(left + width))
  const y1 = Math.min(png.height, Math.ceil(top + height))
  let ink = 0
  const colours = new Set<number>()
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const p = (y * png.width + x) * png.channels
      const r = png.pixels[p]!
      const g = png.pixels[p + 1]!
      const b = png.pixels[p + 2]!
      if (r < 240 || g < 240 || b < 240) {
        ink++
        colours.add(((r >> 5) << 6) | ((g >> 5) << 3) | (b >> 5))
      }
    }
  }
  const total = Math.max(1, (x1 - x0) * (y1 - y0))
  return { inkShare: ink / total, colours: colours.size }
}
