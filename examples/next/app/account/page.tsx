import { redirect } from 'next/navigation'
import { logout } from '../actions'
import { Flashes } from '../flashes'
import { auth, tessera } from '../../lib/session'

export default async function AccountPage() {
  const session = await tessera.session()
  const user = await auth.currentUser(session)
  // proxy.ts redirects first; the page checks again (a proxy is not the only gate).
  if (user === undefined) redirect('/login')
  return (
    <main>
      <h1>Hello, {user.name}</h1>
      <Flashes messages={session.flashes()} />
      <form action={logout}>
        <button type="submit">Sign out</button>
      </form>
    </main>
  )
}
