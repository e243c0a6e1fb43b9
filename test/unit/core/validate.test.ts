import { describe, expect, it } from 'vitest'
import { checkShape, closest, describe as describeValue, is } from '../../../src/core/validate.js'
import { ConfigError } from '../../../src/index.js'

describe('describe: values in error messages', () => {
  it('names each kind of value', () => {
    expect(describeValue(null)).toBe('null')
    expect(describeValue([1])).toBe('an array')
    expect(describeValue('1800')).toBe('the string "1800"')
    expect(describeValue(1.5)).toBe('1.5')
    expect(describeValue(false)).toBe('false')
    expect(describeValue(10n)).toBe('10')
    expect(describeValue(() => 1)).toBe('a function')
    expect(describeValue({})).toBe('an object')
    expect(describeValue(Symbol('s'))).toBe('a symbol')
    expect(describeValue(undefined)).toBe('undefined')
  })

  it('cuts strings longer than 40 characters, and only those', () => {
    expect(describeValue('a'.repeat(40))).toBe(`the string "${'a'.repeat(40)}"`)
    expect(describeValue('a'.repeat(41))).toBe(`the string "${'a'.repeat(40)}…"`)
  })
})

describe('closest: the option a typo meant', () => {
  it('matches a different case first', () => {
    expect(closest('IDLETIMEOUT', ['idleTimeout'])).toBe('idleTimeout')
  })

  it('counts a swap of two neighbouring letters as one edit', () => {
    // Three letters allow one edit; a swap is two edits in plain Levenshtein distance.
    expect(closest('hte', ['the'])).toBe('the')
  })

  it('allows more edits for longer keys, at most two', () => {
    expect(closest('ab', ['xy'])).toBeUndefined()
    expect(closest('ab', ['ax'])).toBe('ax')
    expect(closest('idleTmeot', ['idleTimeout'])).toBe('idleTimeout')
    expect(closest('idlTmeot', ['idleTimeout'])).toBeUndefined()
  })

  it('keeps the first of equally near options and prefers a nearer later one', () => {
    expect(closest('pat', ['path', 'pats'])).toBe('path')
    expect(closest('secrte', ['secure', 'secret'])).toBe('secret')
  })
})

describe('is: option checks', () => {
  it('counts only safe non-negative integers as counts', () => {
    expect(is.count.ok(0)).toBe(true)
    expect(is.count.ok(3)).toBe(true)
    expect(is.count.ok(-1)).toBe(false)
    expect(is.count.ok(1.5)).toBe(false)
    expect(is.count.ok(2 ** 53)).toBe(false)
    expect(is.count.ok('3')).toBe(false)
  })

  it('counts only finite numbers as seconds', () => {
    expect(is.seconds.ok(1.5)).toBe(true)
    expect(is.seconds.ok(Number.NaN)).toBe(false)
    expect(is.seconds.ok(Number.POSITIVE_INFINITY)).toBe(false)
    expect(is.seconds.ok('60')).toBe(false)
  })

  it('does not take null or an array for an object', () => {
    expect(is.object.ok({})).toBe(true)
    expect(is.object.ok(null)).toBe(false)
    expect(is.object.ok([])).toBe(false)
  })

  it('words a choice of values and of checks', () => {
    expect(is.oneOf('a', 1).type).toBe("'a' or 1")
    expect(is.oneOf('a', 1).ok(1)).toBe(true)
    expect(is.oneOf('a', 1).ok('1')).toBe(false)
    const either = is.either(is.boolean, is.function)
    expect(either.type).toBe('true or false or a function')
    expect(either.ok(true) && either.ok(() => 1)).toBe(true)
    expect(either.ok(1)).toBe(false)
  })
})

describe('checkShape', () => {
  const shape = { name: is.string, size: is.count }

  it('names a nested key with its parent, a top-level key alone', () => {
    expect(() => checkShape('cookie', { name: 1 }, shape)).toThrow(
      'cookie.name must be a string, not 1.',
    )
    expect(() => checkShape('sessions()', { size: -1 }, shape)).toThrow(
      'size must be a whole number, not -1.',
    )
  })

  it('lets undefined through as "the default"', () => {
    expect(() => checkShape('cookie', { name: undefined }, shape)).not.toThrow()
  })

  it('gives the suggestion, the hint and the list of options for an unknown key', () => {
    expect(() => checkShape('cookie', { nme: 'x' }, shape, { nme: 'A hint.' })).toThrow(
      'cookie has no option "nme". Did you mean "name"? A hint. Options: name, size.',
    )
    expect(() => checkShape('cookie', { zzzzzz: 1 }, shape)).toThrow(ConfigError)
    expect(() => checkShape('cookie', { zzzzzz: 1 }, shape)).toThrow(
      'cookie has no option "zzzzzz". Options: name, size.',
    )
  })
})
