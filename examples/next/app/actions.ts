'use server'
import { redirect } from 'next/navigation'
import { auth, checkPassword, tessera } from '../lib/session'

export const login = tessera.withSession(async (session, form: FormData) => {
  const user = await checkPassword(String(form.get('email')), String(form.get('password')))
  if (user === undefined) {
    session.flash('Wrong email or password.', 'error')
    redirect('/login')
  }
  await auth.login(session, user)
  session.flash(`Welcome back, ${user.name}!`, 'success')
  redirect('/account')
})

export const logout = tessera.withSession(async (session) => {
  await auth.logout(session)
  redirect('/login')
})

/** Called by <Flashes> once they are on screen: removes them from the session. */
export const consumeFlashes = tessera.withSession((session) => {
  session.flashes()
})
