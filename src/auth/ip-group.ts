/**
 * How login throttling groups client IPs: IPv4 by address, IPv6 by prefix. One host, or one
 * customer of an ISP, usually owns a whole IPv6 /64 and can rotate addresses inside it freely,
 * so counting per address would let it walk around the per-IP limit (checklist CL-39).
 *
 * @module
 */

import { parseIp } from '../internal/ip-address.js'

/**
 * The group an IP is counted in: an IPv4 address as is (IPv4-mapped IPv6 included, RFC 4291
 * §2.5.5.2, in either spelling), an IPv6 address by its first `prefixLength` bits (any zone id
 * dropped), and anything else (empty, a socket path) as text.
 */
export function ipGroup(ip: string, prefixLength = 64): string {
  const text = ip.trim().toLowerCase().replace(/%.*$/u, '')
  const address = parseIp(text)
  if (address === undefined) return `other:${text}`
  if (address.version === 4) return address.octets.join('.')
  const groups = address.groups
  if (isIpv4Mapped(groups)) {
    const hi = groups[6] ?? 0
    const lo = groups[7] ?? 0
    return `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`
  }
  let bits = prefixLength
  const kept = groups.map((g) => {
    const take = Math.max(0, Math.min(16, bits))
    bits -= 16
    // take 0 gives the mask 0xffff0000, which keeps none of a group's 16 bits.
    return g & (0xffff << (16 - take)) & 0xffff
  })
  return `${kept.map((g) => g.toString(16)).join(':')}/${prefixLength}`
}

/** `::ffff:a.b.c.d`: five zero groups, then `ffff`. */
function isIpv4Mapped(groups: readonly number[]): boolean {
  for (let i = 0; i < 5; i++) if (groups[i] !== 0) return false
  return groups[5] === 0xffff
}
