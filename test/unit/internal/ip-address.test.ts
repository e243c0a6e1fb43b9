import { isIP } from 'node:net'
import { describe, expect, it } from 'vitest'
import { ipVersion, parseIp, parseIpv4, parseIpv6 } from '../../../src/internal/ip-address.js'
import { ipGroup } from '../../../src/auth/ip-group.js'

const VALID_V4 = ['0.0.0.0', '192.0.2.1', '255.255.255.255', '10.0.0.10', '1.22.133.249']
const INVALID_V4 = [
  '',
  '1.2.3',
  '1.2.3.4.5',
  '256.1.1.1',
  '01.2.3.4',
  '1.2.3.04',
  '1..3.4',
  '1.2.3.4 ',
  ' 1.2.3.4',
  '1.2.3.-4',
  '0x1.2.3.4',
  '1.2.3.4%eth0',
  '١.٢.٣.٤',
]
const VALID_V6 = [
  '::',
  '::1',
  '1::',
  '2001:db8::1',
  '2001:DB8:0:0:1::1',
  '2001:0db8:0000:0000:0000:ff00:0042:8329',
  '1:2:3:4:5:6:7::',
  '::2:3:4:5:6:7:8',
  '1:2:3:4:5:6::8',
  '::ffff:192.0.2.1',
  '::192.0.2.1',
  '64:ff9b::192.0.2.1',
  '1:2:3:4:5:6:192.0.2.1',
  'fe80::1%eth0',
  'fe80::1%2',
  'fe80::a:b%en0.1',
]
const INVALID_V6 = [
  ':',
  ':::',
  '1:::2',
  '1::2::3',
  ':1::',
  '::1:',
  '1:2:3:4:5:6:7',
  '1:2:3:4:5:6:7:8:9',
  '1:2:3:4:5:6:7:8::',
  '::1:2:3:4:5:6:7:8',
  '12345::',
  'g::1',
  '1.2.3.4::',
  '::1.2.3.4:1',
  '::256.0.0.1',
  '1:2:3:4:5:6:7:1.2.3.4',
  'fe80::1%',
  'fe80::1%eth 0',
  'fe80::1%%0',
  '[::1]',
]

describe('the IP address parser', () => {
  it('reads dotted-decimal IPv4 as four octets', () => {
    expect(parseIpv4('192.0.2.1')).toEqual([192, 0, 2, 1])
    expect(parseIp('255.255.255.255')).toEqual({ version: 4, octets: [255, 255, 255, 255] })
  })

  it('expands IPv6 to eight groups: `::`, a dotted IPv4 tail and a zone id', () => {
    expect(parseIpv6('::')?.groups).toEqual([0, 0, 0, 0, 0, 0, 0, 0])
    expect(parseIpv6('2001:db8::1')?.groups).toEqual([0x2001, 0xdb8, 0, 0, 0, 0, 0, 1])
    expect(parseIpv6('1:2:3:4:5:6:7::')?.groups).toEqual([1, 2, 3, 4, 5, 6, 7, 0])
    expect(parseIpv6('::ffff:192.0.2.1')?.groups).toEqual([0, 0, 0, 0, 0, 0xffff, 0xc000, 0x201])
    expect(parseIp('fe80::1%eth0')).toEqual({
      version: 6,
      groups: [0xfe80, 0, 0, 0, 0, 0, 0, 1],
      zone: 'eth0',
    })
    expect(parseIpv6('2001:db8::1')?.zone).toBeUndefined()
  })

  it('refuses malformed IPv4', () => {
    for (const text of INVALID_V4) expect(parseIpv4(text), text).toBeUndefined()
  })

  it('refuses malformed IPv6: two `::`, too many or too few groups, bad tails and zones', () => {
    for (const text of INVALID_V6) expect(parseIpv6(text), text).toBeUndefined()
  })

  it('answers what node:net isIP answers, for valid and invalid text alike', () => {
    const all = [...VALID_V4, ...INVALID_V4, ...VALID_V6, ...INVALID_V6, 'not an ip', 'localhost']
    for (const text of all) expect(ipVersion(text), text).toBe(isIP(text))
    for (const text of VALID_V4) expect(ipVersion(text), text).toBe(4)
    for (const text of VALID_V6) expect(ipVersion(text), text).toBe(6)
  })
})

describe('ipGroup on the parser', () => {
  it('folds an IPv4-mapped IPv6 address to its IPv4 address, in either spelling', () => {
    expect(ipGroup('::ffff:192.0.2.1')).toBe('192.0.2.1')
    expect(ipGroup('::FFFF:c000:201')).toBe('192.0.2.1')
    expect(ipGroup('0:0:0:0:0:ffff:192.0.2.1')).toBe('192.0.2.1')
  })

  it('keeps an IPv4-compatible or NAT64 address as IPv6', () => {
    expect(ipGroup('::192.0.2.1', 128)).toBe('0:0:0:0:0:0:c000:201/128')
    expect(ipGroup('64:ff9b::192.0.2.1', 96)).toBe('64:ff9b:0:0:0:0:0:0/96')
  })

  it('folds only five zero groups then ffff: an address with another group before ffff stays IPv6', () => {
    expect(ipGroup('2001:db8::ffff:c000:201', 128)).toBe('2001:db8:0:0:0:ffff:c000:201/128')
    expect(ipGroup('::1:ffff:c000:201', 128)).toBe('0:0:0:0:1:ffff:c000:201/128')
  })

  it('drops a zone id the address parser refuses (an interface name with _ or @)', () => {
    expect(parseIp('fe80::1%br_lan')).toBeUndefined()
    expect(ipGroup('fe80::1%br_lan', 128)).toBe('fe80:0:0:0:0:0:0:1/128')
    expect(ipGroup('fe80::2%veth0@if3', 128)).toBe('fe80:0:0:0:0:0:0:2/128')
  })

  it('drops a zone id before grouping, and keeps invalid text apart', () => {
    expect(ipGroup('fe80::1%eth0', 128)).toBe('fe80:0:0:0:0:0:0:1/128')
    expect(ipGroup(' 2001:DB8::1 ')).toBe('2001:db8:0:0:0:0:0:0/64')
    expect(ipGroup('1:2:3:4:5:6:7:8:9')).toBe('other:1:2:3:4:5:6:7:8:9')
    expect(ipGroup('01.2.3.4')).toBe('other:01.2.3.4')
  })
})
