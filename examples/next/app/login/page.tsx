import { login } from '../actions'
import { Flashes } from '../flashes'
import { tessera } from '../../lib/session'

export default async function LoginPage() {
  const session = await tessera.session()
  return (
    <main>
      <h1>Sign in</h1>
      <Flashes messages={session.flashes()} />
      <form action={login}>
        <label>
          Email <input name="email" type="email" defaultValue="demo@example.com" required />
        </label>
        <label>
          Password <input name="password" type="password" required />
        </label>
        <button type="submit">Sign in</button>
      </form>
    </main>
  )
}
