#!/usr/bin/env node
/**
 * The `tessera` command (`npx tessera-session <command>`): `secret`, `decode`, `encode`, `purge`,
 * `sessions`, `migrate`. See docs/cli.md, or `tessera-session --help`.
 *
 * @module
 */
import type { CliIo } from './io.js'
import { runCli } from './run.js'

const io: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  readStdin: async () => {
    const chunks: Buffer[] = []
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks).toString('utf8')
  },
  env: process.env,
  now: Date.now,
}

process.exitCode = await runCli(process.argv.slice(2), io)
