/**
 * How login throttling groups client IPs: IPv4 by address, IPv6 by prefix. One host, or one
 * customer of an ISP, usually owns a whole IPv6 /64 and can rotate addresses inside it freely,
 * so counting per address would let it walk around the per-IP limit (checklist CL-39).
 *
 * @module
 */

import { isIP } from 'node:net'

/**
 * The group an IP is counted in: an IPv4 address as is (IPv4-mapped IPv6 included), an IPv6
 * address by its first `prefixLength` bits, and anything else (empty, a socket path) as text.
 */
export function ipGroup(ip: string, prefixLength = 64): string {
  const text = ip.trim().toLowerCase().replace(/%.*$/u, '')
  if (isIP(text) === 4) return text
  if (isIP(text) !== 6) return `other:${text}`
  const mapped = /^(?:0{0,4}:){0,5}:?ffff:(\d+\.\d+\.\d+\.\d+)$/u.exec(text)
  if (mapped?.[1] !== undefined) return mapped[1]
  const groups = expandIpv6(text)
  let bits = prefixLength
  const kept = groups.map((g) => {
    const take = Math.max(0, Math.min(16, bits))
    bits -= 16
    return take === 0 ? 0 : g & (0xffff << (16 - take)) & 0xffff
  })
  return `${kept.map((g) => g.toString(16)).join(':')}/${prefixLength}`
}

/** The eight 16-bit groups of a valid IPv6 address (`::` and a dotted IPv4 tail expanded). */
function expandIpv6(ip: string): number[] {
  let text = ip
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/u.exec(text)
  if (v4 !== null) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number]
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const [head = '', tail] = text.split('::')
  const h = head === '' ? [] : head.split(':')
  const t = tail === undefined || tail === '' ? [] : tail.split(':')
  const groups =
    tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t]
  return groups.map((g) => parseInt(g, 16))
}
