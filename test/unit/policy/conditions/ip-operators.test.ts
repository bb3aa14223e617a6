// IP address condition operators: "IAM JSON policy elements: Condition operators" (IAM User Guide).
import { BlockList, SocketAddress } from 'node:net'
import { describe, expect, it } from 'vitest'
import { parseCidr } from '../../../../src/policy/conditions/ip-operators.ts'
import { holds } from './support.ts'

const KEY = 'aws:SourceIp'
const from = (ip: string) => ({ [KEY]: ip })

describe('IpAddress / NotIpAddress', () => {
  it.each([
    // Operators page example: "203.0.113.0/24" is 203.0.113.0 to 203.0.113.255.
    ['203.0.113.0/24', '203.0.113.0', true],
    ['203.0.113.0/24', '203.0.113.255', true],
    ['203.0.113.0/24', '203.0.114.0', false],
    ['203.0.113.0/24', '203.0.112.255', false],
    ['203.0.113.7', '203.0.113.7', true], // no prefix: /32
    ['203.0.113.7', '203.0.113.8', false],
    ['203.0.113.7/32', '203.0.113.7', true],
    ['203.0.113.7/31', '203.0.113.6', true],
    ['203.0.113.7/31', '203.0.113.8', false],
    ['0.0.0.0/0', '198.51.100.1', true],
    ['0.0.0.0/0', '255.255.255.255', true],
    ['203.0.113.200/24', '203.0.113.1', true], // host bits in the policy value are ignored
    ['10.0.0.0/8', '10.255.255.255', true],
    ['10.0.0.0/8', '11.0.0.0', false],
    // The mixed example: "2001:DB8:1234:5678::/64".
    ['2001:DB8:1234:5678::/64', '2001:db8:1234:5678::1', true],
    ['2001:DB8:1234:5678::/64', '2001:db8:1234:5678:ffff:ffff:ffff:ffff', true],
    ['2001:DB8:1234:5678::/64', '2001:db8:1234:5679::', false],
    ['2001:db8::1', '2001:db8:0:0:0:0:0:1', true], // no prefix: /128
    ['2001:db8::1', '2001:db8::2', false],
    ['2001:db8::1/128', '2001:0db8::0001', true],
    ['::/0', '2001:db8::1', true],
    ['::/0', '::', true],
    ['2001:db8::/127', '2001:db8::1', true],
    ['2001:db8::/127', '2001:db8::2', false],
    ['2001:db8::/33', '2001:db8:7fff::', true],
    ['2001:db8::/33', '2001:db8:8000::', false],
    ['::ffff:0:0/96', '::ffff:192.0.2.1', true],
  ] as const)('IpAddress %s with %s: %s', (range, ip, expected) => {
    expect(holds('IpAddress', KEY, range, from(ip))).toBe(expected)
    expect(holds('NotIpAddress', KEY, range, from(ip))).toBe(!expected)
  })

  it('keeps the families apart, except that an IPv4-mapped IPv6 address is its IPv4 host', () => {
    expect(holds('IpAddress', KEY, '0.0.0.0/0', from('2001:db8::1'))).toBe(false)
    expect(holds('IpAddress', KEY, '::/0', from('192.0.2.1'))).toBe(false)
    expect(holds('IpAddress', KEY, '192.0.2.0/24', from('::ffff:192.0.2.1'))).toBe(true)
    expect(holds('IpAddress', KEY, '192.0.2.0/24', from('::ffff:c000:0201'))).toBe(true)
    expect(holds('NotIpAddress', KEY, '192.0.2.0/24', from('::ffff:192.0.2.1'))).toBe(false)
  })

  it('ORs ranges of both families (the mixed IPv4/IPv6 example), and NORs them for NotIpAddress', () => {
    const ranges = ['203.0.113.0/24', '2001:DB8:1234:5678::/64']
    expect(holds('IpAddress', KEY, ranges, from('203.0.113.9'))).toBe(true)
    expect(holds('IpAddress', KEY, ranges, from('2001:db8:1234:5678::9'))).toBe(true)
    expect(holds('IpAddress', KEY, ranges, from('198.51.100.1'))).toBe(false)
    expect(holds('NotIpAddress', KEY, ranges, from('203.0.113.9'))).toBe(false)
    expect(holds('NotIpAddress', KEY, ranges, from('198.51.100.1'))).toBe(true)
  })

  it('is false for a request value that is not an address, negated or not', () => {
    for (const bad of ['localhost', '203.0.113', '203.0.113.256', '1::2::3', '', '203.0.113.0/24', 'fe80::1%eth0']) {
      expect(holds('IpAddress', KEY, '0.0.0.0/0', from(bad))).toBe(false)
      expect(holds('NotIpAddress', KEY, '10.0.0.0/8', from(bad))).toBe(false)
    }
  })

  it('follows the missing-key rules (aws:SourceIp is absent behind a VPC endpoint)', () => {
    expect(holds('IpAddress', KEY, '203.0.113.0/24', {})).toBe(false)
    expect(holds('NotIpAddress', KEY, '203.0.113.0/24', {})).toBe(true)
    expect(holds('IpAddressIfExists', KEY, '203.0.113.0/24', {})).toBe(true)
  })

  it('takes no policy variables', () => {
    expect(holds('IpAddress', KEY, '${aws:PrincipalTag/cidr}', { [KEY]: '10.0.0.1', 'aws:PrincipalTag/cidr': '10.0.0.0/8' })).toBe(false)
  })
})

describe('parseCidr', () => {
  it('reads addresses and ranges', () => {
    expect(parseCidr('10.1.2.3/8')).toEqual({ ipv6: false, network: Uint32Array.of(0x0a000000), mask: Uint32Array.of(0xff000000) })
    expect(parseCidr('2001:db8::/32')?.network).toEqual(Uint32Array.of(0x20010db8, 0, 0, 0))
    expect(parseCidr('::1')?.mask).toEqual(Uint32Array.of(0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff))
    expect(parseCidr('1:2:3:4:5:6:7::')?.network).toEqual(Uint32Array.of(0x10002, 0x30004, 0x50006, 0x70000))
    expect(parseCidr('::2:3:4:5:6:7:8')?.network).toEqual(Uint32Array.of(0x2, 0x30004, 0x50006, 0x70008))
  })

  it.each([
    '', '/24', '10.0.0.0/', '10.0.0.0/33', '10.0.0.0/-1', '10.0.0.0/a', '10.0.0', '10.0.0.0.0', '1.2.3.1000',
    '2001:db8::/129', '2001:db8:::1', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7', '12345::', ':1::', '1::2::', 'g::',
    '1:2:3:4:5:6:7:8::', ' 10.0.0.0', '10.0.0.0/8 ', 'fe80::1%eth0',
  ])('refuses %j', (text) => {
    expect(parseCidr(text)).toBeUndefined()
  })
})

describe('against node:net BlockList', () => {
  let seed = 7
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31
    return seed % n
  }
  const group = () => random(4) === 0 ? 0 : random(0x10000)
  // Node prints the canonical compressed form; the tests feed both that and the full form.
  const ipv6 = () => new SocketAddress({ address: Array.from({ length: 8 }, () => group().toString(16)).join(':'), family: 'ipv6' }).address
  const ipv4 = () => Array.from({ length: 4 }, () => random(256)).join('.')

  it('agrees on 2,000 random IPv6 and IPv4 ranges and addresses', () => {
    for (let i = 0; i < 2000; i++) {
      const v6 = random(2) === 0
      const network = v6 ? ipv6() : ipv4()
      const prefix = random(v6 ? 129 : 33)
      // Half the addresses share the network's leading part, so both outcomes occur.
      const address = random(2) === 0 ? network : v6 ? ipv6() : ipv4()
      const list = new BlockList()
      list.addSubnet(network, prefix, v6 ? 'ipv6' : 'ipv4')
      const expected = list.check(address, v6 ? 'ipv6' : 'ipv4')
      expect(holds('IpAddress', KEY, `${network}/${prefix}`, from(address)), `${address} in ${network}/${prefix}`).toBe(expected)
    }
  })
})
