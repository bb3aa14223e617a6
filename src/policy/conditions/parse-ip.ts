/**
 * IPv4 and IPv6 text to numbers, by hand (no RegExp, no allocation): an IPv4 address is one
 * unsigned 32-bit word, an IPv6 address four. Zone ids (`%eth0`) are not addresses here.
 */

/** Reads dotted-quad IPv4 in text[start, end) (decimal octets, at most three digits); -1 if malformed. */
export function parseIpv4(text: string, start: number, end: number): number {
  let value = 0
  let octets = 0
  let i = start
  while (octets < 4) {
    let octet = 0
    let digits = 0
    while (i < end) {
      const c = text.charCodeAt(i)
      if (c < 48 || c > 57) break
      octet = octet * 10 + (c - 48)
      digits++
      i++
    }
    if (digits === 0 || digits > 3 || octet > 255) return -1
    value = value * 256 + octet
    octets++
    if (octets < 4) {
      if (i >= end || text.charCodeAt(i) !== 46) return -1 // '.'
      i++
    }
  }
  return i === end ? value : -1
}

// The eight 16-bit groups of the IPv6 address being read.
const groups = new Uint16Array(8)

function hexDigit(c: number): number {
  if (c >= 48 && c <= 57) return c - 48
  if (c >= 97 && c <= 102) return c - 87
  if (c >= 65 && c <= 70) return c - 55
  return -1
}

/**
 * Reads IPv6 in text[start, end) into out[0..3] (RFC 4291 text forms: `::` once, an IPv4 dotted
 * quad as the last 32 bits). False if malformed.
 */
export function parseIpv6(text: string, start: number, end: number, out: Uint32Array): boolean {
  let count = 0
  let gap = -1 // index in groups where `::` stands
  let i = start
  if (end - start >= 2 && text.charCodeAt(i) === 58 && text.charCodeAt(i + 1) === 58) {
    gap = 0
    i += 2
  } else if (i < end && text.charCodeAt(i) === 58) {
    return false
  }
  while (i < end) {
    let j = i
    let value = 0
    let dotted = false
    while (j < end && text.charCodeAt(j) !== 58) {
      if (text.charCodeAt(j) === 46) dotted = true
      j++
    }
    if (dotted) {
      // An embedded IPv4 address must be the last 32 bits.
      if (j !== end || count > 6) return false
      const v4 = parseIpv4(text, i, j)
      if (v4 < 0) return false
      groups[count++] = Math.floor(v4 / 65536)
      groups[count++] = v4 % 65536
      i = j
      break
    }
    if (j - i < 1 || j - i > 4 || count >= 8) return false
    for (let k = i; k < j; k++) {
      const d = hexDigit(text.charCodeAt(k))
      if (d < 0) return false
      value = value * 16 + d
    }
    groups[count++] = value
    if (j === end) {
      i = j
      break
    }
    // text[j] is ':'
    if (j + 1 < end && text.charCodeAt(j + 1) === 58) {
      if (gap >= 0) return false
      gap = count
      i = j + 2
    } else {
      i = j + 1
      if (i === end) return false // a single trailing ':'
    }
  }
  if (gap < 0) {
    if (count !== 8) return false
  } else {
    if (count > 7) return false
    // Move the groups after `::` to the end and zero the gap.
    const tail = count - gap
    for (let k = 0; k < tail; k++) groups[7 - k] = groups[count - 1 - k]!
    for (let k = gap; k < 8 - tail; k++) groups[k] = 0
  }
  for (let w = 0; w < 4; w++) out[w] = (groups[2 * w]! * 65536 + groups[2 * w + 1]!) >>> 0
  return true
}

/** True when out[0..3] is an IPv4-mapped IPv6 address (::ffff:a.b.c.d); out[3] is then the IPv4 address. */
export function isIpv4Mapped(words: Uint32Array): boolean {
  return words[0] === 0 && words[1] === 0 && words[2] === 0xffff
}
