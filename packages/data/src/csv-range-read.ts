/**
 * Reads one byte range of a CSV file on the thread that runs it (`CsvRangeJob`): the CSV reader's
 * own second thread (csv-worker.ts), or another worker of the process that is free meanwhile (the
 * drift gate's, before or after it loads a profile), whose caller posts the part back.
 */
import { csvRangePart, csvRangeRows, type CsvRangeJob, type CsvRangePart } from './_csv-range.ts'
import { heldBytes, openCsvWindow, parseWindowed } from './_csv-window.ts'
import { replaceBytes } from './_csv-rows.ts'
import { DataError } from './errors.ts'
import { openRangeFile } from './node-file-blocks.ts'

export type { CsvRangeJob, CsvRangePart }
export { partBuffers } from './_csv-range.ts'

/** The rows of `job`'s range, parsed block by block as the file is read. */
export async function readCsvRange(job: CsvRangeJob): Promise<CsvRangePart> {
  const rows = csvRangeRows(job)
  const file = await openRangeFile(job.file)
  try {
    if (file.size !== job.size) {
      throw new DataError(
        'the file changed size while it was read; read it again once it is written',
        { file: job.file },
      )
    }
    const window = await openCsvWindow(file, job.blockBytes, job.start)
    replaceBytes(rows, heldBytes(window))
    await parseWindowed(window, rows, file.size, file.size)
  } finally {
    await file.close()
  }
  return csvRangePart(rows, job)
}
