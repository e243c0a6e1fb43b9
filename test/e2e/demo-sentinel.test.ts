/**
 * The demo on Redis through Sentinel (issue 11, the soak): `REDIS_SENTINELS` and
 * `REDIS_SENTINEL_NAME` are validated at start-up, open the session store on the primary the
 * Sentinel names; and `/counter`, the soak's increment, counts only what it acknowledged.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openBackends } from '../../demo/backends.js'
import { loadConfig } from '../../demo/config.js'
import { startRedisSentinel, type SentinelService } from '../helpers/redis-sentinel.js'
import { startRedis, type RedisService } from '../helpers/services.js'
import { inProcessDemo } from './demo-inprocess.js'

const PASSWORD = 'violet-harbour-lantern'

describe('demo config: REDIS_SENTINELS', () => {
  it('reads host:port pairs and the master name', () => {
    const config = loadConfig({
      REDIS_SENTINELS: '127.0.0.1:26379, [::1]:26380,sentinel-3:26381',
      REDIS_SENTINEL_NAME: 'mymaster',
    })
    expect(config.redisSentinels).toEqual([
      { host: '127.0.0.1', port: 26379 },
      { host: '::1', port: 26380 },
      { host: 'sentinel-3', port: 26381 },
    ])
    expect(config.redisSentinelName).toBe('mymaster')
    expect(loadConfig({}).redisSentinels).toBeUndefined()
  })

  it('refuses malformed pairs, a missing name and REDIS_URL alongside, naming the key', () => {
    for (const bad of ['127.0.0.1', '127.0.0.1:0', 'host:99999', 'a:1,,b:2', 'host: 1x']) {
      expect(() => loadConfig({ REDIS_SENTINELS: bad, REDIS_SENTINEL_NAME: 'mymaster' })).toThrow(
        /REDIS_SENTINELS/,
      )
    }
    expect(() => loadConfig({ REDIS_SENTINELS: '127.0.0.1:26379' })).toThrow(/REDIS_SENTINEL_NAME/)
    expect(() => loadConfig({ REDIS_SENTINEL_NAME: 'mymaster' })).toThrow(/REDIS_SENTINEL_NAME/)
    expect(() =>
      loadConfig({
        REDIS_SENTINELS: '127.0.0.1:26379',
        REDIS_SENTINEL_NAME: 'mymaster',
        REDIS_URL: 'redis://127.0.0.1:6379',
      }),
    ).toThrow(/REDIS_SENTINELS and REDIS_URL/)
  })
})

describe('demo backends through a Sentinel', () => {
  let redis: RedisService | undefined
  let sentinel: SentinelService | undefined
  const dataDir = mkdtempSync(join(tmpdir(), 'tessera-demo-sentinel-'))

  beforeAll(async () => {
    redis = await startRedis()
    if (redis !== undefined) sentinel = await startRedisSentinel(redis.port)
  }, 30_000)
  afterAll(async () => {
    await sentinel?.stop()
    await redis?.stop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('keeps sessions in the primary the Sentinel names', async (ctx) => {
    if (sentinel === undefined) return ctx.skip()
    const config = loadConfig({
      DATA_DIR: dataDir,
      REDIS_SENTINELS: `${sentinel.node.host}:${sentinel.node.port}`,
      REDIS_SENTINEL_NAME: sentinel.name,
    })
    const backends = await openBackends(config, pino({ level: 'silent' }))
    try {
      expect(backends.summary.sessions).toBe('redis')
      const demo = await inProcessDemo({
        sessionStore: backends.sessionStore,
        throttleStore: backends.throttleStore,
      })
      expect(
        (await demo.post('/signup', '/signup', { username: 'ada', password: PASSWORD })).status,
      ).toBe(303)
      expect((await demo.post('/counter', '/counter', {})).location).toBe('/counter')
      expect((await demo.request('/counter')).body).toContain('<output id="count">1</output>')
      demo.close()
    } finally {
      await backends.close()
    }
  })

  it('refuses an unreachable Sentinel at start-up with a ConfigError naming REDIS_SENTINELS', async () => {
    const config = loadConfig({
      DATA_DIR: dataDir,
      REDIS_SENTINELS: '127.0.0.1:1',
      REDIS_SENTINEL_NAME: 'mymaster',
    })
    await expect(openBackends(config, pino({ level: 'silent' }))).rejects.toThrow(/REDIS_SENTINELS/)
  }, 20_000)
})

describe('demo /counter', () => {
  it('counts each acknowledged post once, per session, and only for signed-in users', async () => {
    const demo = await inProcessDemo()
    const anonymous = await demo.request('/counter')
    expect(anonymous.status).toBe(303)
    expect(anonymous.location).toMatch(/^\/login\?next=/)
    await demo.post('/signup', '/signup', { username: 'grace', password: PASSWORD })
    for (let i = 0; i < 3; i += 1) {
      const posted = await demo.post('/counter', '/counter', {})
      expect([posted.status, posted.location]).toEqual([303, '/counter'])
    }
    expect((await demo.request('/counter')).body).toContain('<output id="count">3</output>')
    // Without its CSRF token the post is refused and counts nothing.
    expect((await demo.request('/counter', {})).status).toBe(403)
    expect((await demo.request('/counter')).body).toContain('<output id="count">3</output>')
    demo.close()
  })
})
