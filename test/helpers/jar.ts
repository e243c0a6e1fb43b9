/**
 * Drive a session manager like a browser would: keep the cookie between requests and apply
 * Set-Cookie (including deletion) by name.
 */
import type { CommitResult, RequestInfo, SessionHandle, SessionManager } from '../../src/index.js'

export interface Jar {
  cookies: Map<string, string>
  header(): string | undefined
  apply(result: CommitResult): void
}

export function cookieJar(): Jar {
  const cookies = new Map<string, string>()
  return {
    cookies,
    header() {
      if (cookies.size === 0) return undefined
      return [...cookies].map(([k, v]) => `${k}=${v}`).join('; ')
    },
    apply(result) {
      for (const line of result.cookies) {
        const [pair = ''] = line.split(';')
        const eq = pair.indexOf('=')
        const name = pair.slice(0, eq)
        const value = pair.slice(eq + 1)
        if (/Max-Age=0(;|$)/.test(line) || value === '') cookies.delete(name)
        else cookies.set(name, value)
      }
    },
  }
}

export const LOCAL: Omit<RequestInfo, 'cookieHeader'> = {
  encrypted: false,
  host: 'localhost',
}

/** One request through the manager: begin, run `use`, commit, apply to the jar. */
export async function request<T>(
  manager: SessionManager,
  jar: Jar,
  use: (handle: SessionHandle) => T | Promise<T>,
  info: Partial<RequestInfo> = {},
): Promise<{ value: T; result: CommitResult }> {
  const handle = manager.begin({ ...LOCAL, cookieHeader: jar.header(), ...info })
  await handle.load()
  const value = await use(handle)
  const result = await handle.commit()
  jar.apply(result)
  return { value, result }
}
