/**
 * IP address text, parsed without `node:net`: IPv4 dotted-decimal (four decimal octets, no
 * leading zeros, as `net.isIPv4` accepts) and IPv6 in the text forms of RFC 4291 §2.2 (eight
 * groups of one to four hex digits, one `::` for one or more zero groups, a dotted IPv4 tail),
 * with an optional zone id (RFC 4007 §11: `fe80::1%eth0`), as `net.isIPv6` accepts.
 *
 * @module
 */

/** A parsed address: IPv4 as four octets, IPv6 as eight 16-bit groups and its zone id, if any. */
export type IpAddress =
  | { readonly version: 4; readonly octets: readonly number[] }
  | { readonly version: 6; readonly groups: readonly number[]; readonly zone: string | undefined }

/** 0–255 in decimal, without leading zeros. */
const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)'
const IPV4 = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}$`)
const GROUP = /^[0-9a-fA-F]{1,4}$/
const ZONE = /^[0-9a-zA-Z.:-]+$/

/** The address `text` spells, or `undefined` when it is neither IPv4 nor IPv6. */
export function parseIp(text: string): IpAddress | undefined {
  const octets = parseIpv4(text)
  if (octets !== undefined) return { version: 4, octets }
  return parseIpv6(text)
}

/** 4 or 6 for a valid address, 0 otherwise: what `net.isIP` answers. */
export function ipVersion(text: string): 0 | 4 | 6 {
  return parseIp(text)?.version ?? 0
}

/** The four octets of a dotted-decimal IPv4 address, or `undefined`. */
export function parseIpv4(text: string): number[] | undefined {
  const match = IPV4.exec(text)
  return match === null ? undefined : match.slice(1, 5).map(Number)
}

/** The eight groups (and zone id) of an IPv6 address, or `undefined`. */
export function parseIpv6(text: string): Extract<IpAddress, { version: 6 }> | undefined {
  const percent = text.indexOf('%')
  const address = percent === -1 ? text : text.slice(0, percent)
  const zone = percent === -1 ? undefined : text.slice(percent + 1)
  if (zone !== undefined && !ZONE.test(zone)) return undefined
  const halves = address.split('::')
  if (halves.length > 2) return undefined
  const head = parseGroups(halves[0] ?? '', halves.length === 1)
  const tail = halves.length === 2 ? parseGroups(halves[1] ?? '', true) : []
  if (head === undefined || tail === undefined) return undefined
  const missing = 8 - head.length - tail.length
  // Without `::` there are exactly eight groups; `::` stands for at least one.
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined
  const groups = [...head, ...Array<number>(halves.length === 1 ? 0 : missing).fill(0), ...tail]
  return { version: 6, groups, zone }
}

/**
 * The groups of one side of `::` (`a:b:c`, possibly empty), the last of them possibly a dotted
 * IPv4 address (two groups) when `last` says this side ends the address.
 */
function parseGroups(part: string, last: boolean): number[] | undefined {
  if (part === '') return []
  const pieces = part.split(':')
  const groups: number[] = []
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i] ?? ''
    if (GROUP.test(piece)) {
      groups.push(parseInt(piece, 16))
      continue
    }
    const v4 = last && i === pieces.length - 1 ? parseIpv4(piece) : undefined
    if (v4 === undefined) return undefined
    const [a = 0, b = 0, c = 0, d = 0] = v4
    groups.push((a << 8) | b, (c << 8) | d)
  }
  return groups
}
