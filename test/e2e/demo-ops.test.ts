/**
 * Operating the demo: zero set-up start (secret generated once, mode 0600, logged), restarts
 * that keep users and sessions, a refused weak secret, graceful shutdown, the request log (and
 * what it must never contain), and the 503 page while Redis is down.
 */
import { readFileSync, statSync } from 'node:fs'
import { request } from 'node:http'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startRedis, type RedisService } from '../helpers/services.js'
import {
  Client,
  csrfOf,
  runDemoUntilExit,
  startDemo,
  tempDataDir,
  type DemoProcess,
} from './demo-harness.js'

const PASSWORD = 'amber-cinnamon-falcon'

describe('the demo process', () => {
  const started: DemoProcess[] = []
  afterAll(async () => {
    await Promise.all(started.map((p) => p.stop()))
  })

  it('CL-3 generates its secret once into DATA_DIR/secret.key (0600), logs it, and keeps users and sessions across a restart', async () => {
    const dataDir = tempDataDir()
    const first = await startDemo({ DATA_DIR: dataDir })
    started.push(first)
    const keyFile = join(dataDir, 'secret.key')
    expect(statSync(keyFile).mode & 0o777).toBe(0o600)
    const secret = readFileSync(keyFile, 'utf8').trim()
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(first.output.some((l) => l.includes('generated a new secret'))).toBe(true)
    expect(first.output.join('\n')).not.toContain(secret)

    const browser = new Client(first.url)
    expect((await browser.signup('restart_user', PASSWORD)).status).toBe(303)
    expect(await first.stop()).toBe(0)

    const second = await startDemo({ DATA_DIR: dataDir })
    started.push(second)
    expect(readFileSync(keyFile, 'utf8').trim()).toBe(secret)
    expect(second.output.some((l) => l.includes('generated a new secret'))).toBe(false)
    const again = new Client(second.url)
    for (const [k, v] of browser.cookies) again.cookies.set(k, v)
    expect((await again.get('/')).body).toContain('Logged in as restart_user')
  })

  it('CL-3 refuses to start with a weak TESSERA_SECRET: exit code 1, one log line, no stack', async () => {
    const { code, output } = await runDemoUntilExit({
      DATA_DIR: tempDataDir(),
      TESSERA_SECRET: 'keyboard cat',
    })
    expect(code).toBe(1)
    expect(output).toContain('cannot start')
    expect(output).not.toMatch(/\n\s+at /)
  })

  it('finishes a request in flight on SIGTERM, then exits with status 0', async () => {
    const demo = await startDemo({ DATA_DIR: tempDataDir() })
    started.push(demo)
    const body = 'username=late&password=arrival-time-here'
    // Send the headers and half the body, then signal the shutdown, then the rest.
    const req = request(`${demo.url}/login`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'content-length': body.length,
        origin: demo.url,
      },
    })
    const answered = new Promise<number>((done, fail) => {
      req.on('response', (res) => {
        res.resume()
        done(res.statusCode ?? 0)
      })
      req.on('error', fail)
    })
    req.write(body.slice(0, 10))
    await new Promise((r) => setTimeout(r, 100)) // let the request reach the handler
    const exit = demo.stop()
    for (let i = 0; i < 50 && !demo.output.some((l) => l.includes('shutting down')); i += 1) {
      await new Promise((r) => setTimeout(r, 20))
    }
    req.end(body.slice(10))
    expect(await answered).toBe(403) // answered (no CSRF token), not dropped
    expect(await exit).toBe(0)
    expect(demo.output.at(-1)).toContain('stopped')
  })

  it('CL-48 logs one line per request and auth events, never a password, cookie or token', async () => {
    const demo = await startDemo({ DATA_DIR: tempDataDir() })
    started.push(demo)
    const browser = new Client(demo.url)
    await browser.signup('logged_user', PASSWORD)
    const page = await browser.get('/sessions')
    const token = csrfOf(page.body)
    await new Client(demo.url).login('logged_user', 'wrong-password-here')
    await browser.postRaw('/logout', { csrf_token: token })
    const code = await demo.stop()
    expect(code).toBe(0)
    const entries = demo.output.map((l) => JSON.parse(l) as Record<string, unknown>)
    const requests = entries.filter((e) => e.msg === 'request')
    const signup = requests.find((e) => e.method === 'POST' && e.path === '/signup')
    expect(signup?.status).toBe(303)
    expect(typeof signup?.ms).toBe('number')
    expect(requests).toContainEqual(
      expect.objectContaining({ method: 'GET', path: '/sessions', status: 200 }),
    )
    const events = entries.filter((e) => e.msg === 'auth').map((e) => e.event)
    expect(events).toEqual(expect.arrayContaining(['login', 'login-failed', 'logout']))
    expect(entries.at(-1)?.msg).toBe('stopped')
    const log = demo.output.join('\n')
    for (const secret of [PASSWORD, 'wrong-password-here', token, ...browser.cookies.values()]) {
      expect(log).not.toContain(secret)
    }
  })
})

describe('the demo with Redis sessions', () => {
  let redis: RedisService | undefined
  let demo: DemoProcess | undefined
  afterAll(async () => {
    await demo?.stop()
    await redis?.stop()
  })

  it('CL-72 shows the 503 page with Retry-After while Redis is down, and recovers after', async (ctx) => {
    redis = (await startRedis()) ?? ctx.skip()
    demo = await startDemo({ DATA_DIR: tempDataDir(), REDIS_URL: redis.url })
    const browser = new Client(demo.url)
    await browser.signup('outage_user', PASSWORD)
    const cookies = new Map(browser.cookies)
    await redis.kill()
    const down = await browser.get('/')
    expect(down.status).toBe(503)
    expect(down.headers['retry-after']).toBeDefined()
    expect(down.headers['content-type']).toContain('text/html')
    expect(down.body).toContain('Temporarily unavailable')
    expect(down.setCookies).toEqual([])
    expect(down.headers['content-security-policy']).toBeDefined()
    // The process is alive but cannot serve sessions: /healthz says so, for the load balancer.
    const health = await browser.get('/healthz')
    expect(health.status).toBe(503)
    expect(JSON.parse(health.body)).toEqual({
      status: 'degraded',
      backends: { sessions: { backend: 'redis', reachable: false } },
    })
    await redis.restart()
    let up = await browser.get('/')
    for (let i = 0; i < 50 && up.status === 503; i += 1) {
      await new Promise((r) => setTimeout(r, 100)) // ioredis reconnects on its own schedule
      up = await browser.get('/')
    }
    expect(browser.cookies).toEqual(cookies)
    expect(up.body).toContain('Logged in as outage_user')
  })
})
