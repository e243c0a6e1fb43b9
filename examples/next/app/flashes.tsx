'use client'
import { useEffect, useState } from 'react'
import { consumeFlashes } from './actions'

interface Message {
  message: string
  category: string
}

/**
 * Server Components cannot change the session, so they only read the flashes; once they are
 * shown, this Server Action removes them. The first messages are kept when the page re-renders.
 */
export function Flashes({ messages }: { messages: Message[] }) {
  const [shown] = useState(messages)
  const [done, setDone] = useState(messages.length === 0)
  useEffect(() => {
    if (shown.length > 0) void consumeFlashes().then(() => setDone(true))
  }, [shown])
  return (
    <ul className="flashes" data-consumed={done}>
      {shown.map((m, i) => (
        <li key={i} className={m.category}>
          {m.message}
        </li>
      ))}
    </ul>
  )
}
