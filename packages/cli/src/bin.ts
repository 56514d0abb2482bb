import { runCli } from './main.ts'
import { processIo } from './io.ts'

process.exitCode = await runCli(process.argv.slice(2), processIo())
