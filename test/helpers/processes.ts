/**
 * Child-process plumbing for the test services: every server started is tracked and killed, and
 * every temporary directory removed, when the test process exits; every wait is bounded.
 */
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

const children = new Set<ChildProcess>()
const dirs = new Set<string>()
process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL')
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

/** A temporary directory, removed by `removeDir` or when the process exits. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  dirs.add(dir)
  return dir
}

/** Delete a directory made by `tempDir`. */
export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true })
  dirs.delete(dir)
}

/** The last few KB a server printed, to say why it did not start. */
const output = new WeakMap<ChildProcess, string>()

/** Keep the child's output for error messages, and kill it if the process exits first. */
export function track(child: ChildProcess): ChildProcess {
  children.add(child)
  output.set(child, '')
  const keep = (chunk: Buffer) =>
    output.set(child, ((output.get(child) ?? '') + chunk.toString()).slice(-4000))
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  child.once('exit', () => children.delete(child))
  return child
}

/** Poll `ready` every 50 ms for at most 15 s; fail early if the process exits. */
export async function waitFor(
  name: string,
  child: ChildProcess,
  ready: () => Promise<boolean>,
): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    if (child.exitCode !== null || child.signalCode !== null) break
    if (await ready()) return
    await sleep(50)
  }
  const tail = output.get(child) ?? ''
  child.kill('SIGKILL')
  throw new Error(`${name} did not start: ${tail.trim() || 'no output'}`)
}

/**
 * Signal the process and wait until it has exited; if it has not after 2 s, send `then`; after
 * 10 s, SIGKILL.
 */
export async function stopChild(
  child: ChildProcess,
  signal: NodeJS.Signals,
  then: NodeJS.Signals = signal,
): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGCONT') // a paused server cannot act on SIGTERM
  child.kill(signal)
  const timers = [
    setTimeout(() => child.kill(then), 2000),
    setTimeout(() => child.kill('SIGKILL'), 10_000),
  ]
  await exited
  for (const timer of timers) clearTimeout(timer)
}

/** A port that was free a moment ago (the kernel picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address !== null
          ? resolve(address.port)
          : reject(new Error('no port')),
      )
    })
  })
}
