import { createLoginManager } from 'tessera-session/auth'
import { hashPassword, verifyPassword } from 'tessera-session/crypto'
import { createSessionManager, nextSessions } from 'tessera-session/next'

interface User {
  id: string
  email: string
  name: string
}

const secret = process.env.TESSERA_SECRET
if (secret === undefined) throw new Error('Set TESSERA_SECRET (32 random bytes, base64).')

const manager = createSessionManager({ secret })

/** The request's session in Server Components, Server Actions, Route Handlers and proxy.ts. */
export const tessera = nextSessions(manager)

// One fixed demo user; its argon2id hash is made once per process.
const demo: User = { id: '1', email: 'demo@example.com', name: 'Demo User' }
const demoHash = hashPassword('correct horse battery staple')

export const auth = createLoginManager<User>({
  sessions: manager,
  loadUser: (id) => (id === demo.id ? demo : undefined),
})

/** The user with this email and password, or `undefined`. */
export async function checkPassword(email: string, password: string): Promise<User | undefined> {
  const ok = await verifyPassword(await demoHash, password)
  return ok && email === demo.email ? demo : undefined
}
