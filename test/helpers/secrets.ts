import { randomBytes } from 'node:crypto'

/** A fresh 256-bit secret, as `npx tessera-session secret` prints it. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url')
}

export const SECRET_A = 'p9Hq1fS3kWm8ZrT2vXy6LbN4cJd0QeAu7GiO5sVwRtY'
export const SECRET_B = 'Zx4Lq8Wn2Rt6Yp0Mv3Ks7Jd1Hf5Gc9Ba2Ne6Qu8Ti4O'
