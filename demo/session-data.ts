/**
 * What the demo keeps in a session, as a schema (zod; any Standard Schema validator works):
 * tessera checks a loaded session against it and refuses one that does not match (an empty
 * session and a `refused` event with reason `invalid`, never a 500), and checks every `set`.
 * The sign-in layer's own keys (`_user_id`, flashes, …) are not the app's and are not listed.
 *
 * `SESSION_SCHEMA_VERSION` is stored with the data: raise it and add a step to `migrateSession`
 * when the shape changes, and sessions written by the older release are migrated on load.
 *
 * @module
 */
import { z } from 'zod'

/** Every key is optional: a session starts empty and is filled one `set` at a time. */
export const sessionSchema = z
  .object({
    /** When the user signed in before this session (ms), or null on their first sign-in. */
    previousLoginAt: z.number().int().nonnegative().nullable(),
    /** The counter page's count. */
    counter: z.number().int().nonnegative(),
  })
  .partial()

/** Version 2: version 1 kept the counter under `count`. */
export const SESSION_SCHEMA_VERSION = 2

/** Steps from each older version to the next. */
export const migrateSession = {
  1: ({ count, ...rest }: Record<string, unknown>): Record<string, unknown> =>
    typeof count === 'number' ? { ...rest, counter: count } : rest,
}
