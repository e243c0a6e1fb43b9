// Session creation for `npm run bench`: GET /login `count` times over 50 keep-alive connections and
// keep each response's cookies, every Set-Cookie as `name=value` joined with '; ' (cookie-session
// sets two, `session` and `session.sig`), so the READ and WRITE loads send `count` distinct
// sessions, never one replayed cookie. Servers without sessions get cookies of the same shape
// that they ignore, so their requests are as long as everyone else's.
// Not run on its own: bench/run.mjs imports it.
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { Agent, request } from 'node:http'

const CONCURRENCY = 50

function login(url, agent) {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/login`, { agent }, (res) => {
      res.resume()
      res.on('end', () => resolve({ status: res.statusCode, setCookie: res.headers['set-cookie'] }))
    })
    req.on('error', reject)
    req.end()
  })
}

/** The Cookie header a client sends back after these Set-Cookie headers. */
export function cookieHeader(setCookie = []) {
  return setCookie.map((line) => line.split(';')[0].trim()).join('; ')
}

/** `count` sessions created over HTTP: one Cookie header each. Throws when any login fails. */
export async function createSessions(url, count) {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY })
  const cookies = []
  let started = 0
  async function worker() {
    while (started < count) {
      started += 1
      const { status, setCookie } = await login(url, agent)
      const header = cookieHeader(setCookie)
      if (status !== 200 || header === '') {
        throw new Error(`${url}/login answered ${status} without a cookie`)
      }
      cookies.push(header)
    }
  }
  try {
    await Promise.all(Array.from({ length: CONCURRENCY }, worker))
  } finally {
    agent.destroy()
  }
  return cookies
}

/** Cookies for servers that keep no session: `session=` and 100 random bytes, base64url. */
export function dummyCookies(count) {
  return Array.from({ length: count }, () => `session=${randomBytes(100).toString('base64url')}`)
}

/** `count` cookies drawn at random (without replacement) from a file of one cookie a line. */
export function sampleCookieFile(file, count) {
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean)
  for (let i = 0; i < Math.min(count, lines.length); i++) {
    const j = i + Math.floor(Math.random() * (lines.length - i))
    ;[lines[i], lines[j]] = [lines[j], lines[i]]
  }
  return lines.slice(0, count)
}
