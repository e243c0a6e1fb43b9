import { describe, expect, it } from 'vitest'
import { createSessionManager, type Session } from '../../../src/index.js'
import { memoryStore } from '../../../src/stores/memory/index.js'
import { cookieJar, request } from '../../helpers/jar.js'
import { SECRET_A } from '../../helpers/secrets.js'

describe('server-side commits', () => {
  it('writes nothing for a request that only reads', async () => {
    const store = memoryStore()
    const manager = createSessionManager({ secret: SECRET_A, store })
    const jar = cookieJar()
    await request(manager, jar, (h) => h.session.set('a', 1))
    let writes = 0
    const update = store.update.bind(store)
    const touch = store.touch.bind(store)
    store.update = (...args) => {
      writes++
      return update(...args)
    }
    store.touch = (...args) => {
      writes++
      return touch(...args)
    }
    const { result } = await request(manager, jar, (h) => h.session.get('a'))
    expect(writes).toBe(0)
    expect(result.cookies).toEqual([])
  })

  it('CL-76 sends concurrent increments as atomic patches, so none is lost', async () => {
    const store = memoryStore()
    const manager = createSessionManager({ secret: SECRET_A, store })
    const jar = cookieJar()
    await request(manager, jar, (h) => h.session.set('n', 0))
    const handles = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const handle = manager.begin({
          cookieHeader: jar.header(),
          encrypted: false,
          host: 'localhost',
        })
        await handle.load()
        return handle
      }),
    )
    for (const handle of handles) (handle.session as Session<{ n: number }>).increment('n')
    await Promise.all(handles.map((h) => h.commit()))
    const { value } = await request(manager, jar, (h) => h.session.get('n'))
    expect(value).toBe(20)
  })

  it('CL-76 keeps both keys when concurrent requests change different keys', async () => {
    const store = memoryStore()
    const manager = createSessionManager({ secret: SECRET_A, store })
    const jar = cookieJar()
    await request(manager, jar, (h) => h.session.set('start', true))
    const a = manager.begin({ cookieHeader: jar.header(), encrypted: false, host: 'localhost' })
    const b = manager.begin({ cookieHeader: jar.header(), encrypted: false, host: 'localhost' })
    await Promise.all([a.load(), b.load()])
    a.session.set('a', 1)
    b.session.set('b', 2)
    await Promise.all([a.commit(), b.commit()])
    const { value } = await request(manager, jar, (h) => h.session.keys().sort())
    expect(value).toEqual(['a', 'b', 'start'])
  })

  it('CL-77 a slow request cannot bring a destroyed session back', async () => {
    const store = memoryStore()
    const manager = createSessionManager({ secret: SECRET_A, store })
    const jar = cookieJar()
    await request(manager, jar, (h) => h.session.set('user', 'alice'))
    const slow = manager.begin({ cookieHeader: jar.header(), encrypted: false, host: 'localhost' })
    await slow.load()
    await request(manager, cookieJar(), () => undefined)
    const copy = jar.header()
    await request(manager, jar, (h) => h.session.destroy())
    slow.session.set('late', 1)
    await slow.commit()
    const replay = cookieJar()
    replay.cookies.set('session', copy!.split('=')[1]!)
    const { value } = await request(manager, replay, (h) => h.session.keys())
    expect(value).toEqual([])
    expect(store.size).toBe(0)
  })
})
