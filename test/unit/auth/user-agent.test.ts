import { describe, expect, it } from 'vitest'
import { describeDevice } from '../../../src/auth/user-agent.js'

const CHROME_WINDOWS =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'

describe('describeDevice', () => {
  it.each([
    ['Edg/ (Chromium Edge)', `${CHROME_WINDOWS} Edg/131.0.2903.86`, 'Edge on Windows'],
    [
      'EdgA/ (Edge on Android)',
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36 EdgA/131.0.2903.87',
      'Edge on Android',
    ],
    [
      'EdgiOS/ (Edge on iOS)',
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 EdgiOS/131.0.2903.92 Mobile/15E148 Safari/605.1.15',
      'Edge on iOS',
    ],
    [
      'Edge/ (EdgeHTML)',
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/70.0.3538.102 Safari/537.36 Edge/18.19045',
      'Edge on Windows',
    ],
    ['OPR/ (Chromium Opera)', `${CHROME_WINDOWS} OPR/115.0.0.0`, 'Opera on Windows'],
    [
      'Opera (Presto)',
      'Opera/9.80 (Windows NT 6.1; U; en) Presto/2.12.388 Version/12.18',
      'Opera on Windows',
    ],
    [
      'Firefox/',
      'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
      'Firefox on Linux',
    ],
    [
      'FxiOS/ (Firefox on iOS)',
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/133.0 Mobile/15E148 Safari/605.1.15',
      'Firefox on iOS',
    ],
    [
      'HeadlessChrome/',
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36',
      'Headless Chrome on Linux',
    ],
    ['Chrome/', CHROME_WINDOWS, 'Chrome on Windows'],
    [
      'Chromium/',
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chromium/131.0.0.0 Safari/537.36',
      'Chrome on Linux',
    ],
    [
      'CriOS/ (Chrome on iOS)',
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1',
      'Chrome on iOS',
    ],
    [
      'Safari/',
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
      'Safari on macOS',
    ],
    ['curl/', 'curl/8.11.0', 'curl'],
    ['node', 'node', 'Node.js'],
    ['undici', 'undici', 'Node.js'],
    ['python-requests', 'python-requests/2.32.3', 'Python'],
    ['Python-urllib', 'Python-urllib/3.12', 'Python'],
  ])('names the browser from %s', (_, userAgent, device) => {
    expect(describeDevice(userAgent)).toBe(device)
  })

  it.each([
    ['Android', 'Mozilla/5.0 (Linux; Android 14; Pixel 8) Dalvik/2.1.0', 'Android'],
    ['iPhone', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) Mobile/15E148', 'iOS'],
    ['iPad', 'Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) Mobile/15E148', 'iOS'],
    ['iOS', 'MyApp/3.1 (iOS 18.1)', 'iOS'],
    ['Windows', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)', 'Windows'],
    ['Mac OS X', 'Mozilla/5.0 (Intel Mac OS X 10_15_7)', 'macOS'],
    ['Macintosh', 'Mozilla/5.0 (Macintosh)', 'macOS'],
    ['CrOS', 'Mozilla/5.0 (X11; CrOS x86_64 14541.0.0)', 'ChromeOS'],
    ['Linux', 'Mozilla/5.0 (X11; Linux x86_64)', 'Linux'],
  ])('names the system from %s, alone when no browser is known', (_, userAgent, device) => {
    expect(describeDevice(userAgent)).toBe(device)
  })

  it('names Edge, not Chrome, for an Edge User-Agent that also carries Chrome/', () => {
    expect(describeDevice(`${CHROME_WINDOWS} Edg/131.0.2903.86`)).toBe('Edge on Windows')
  })

  it('names Headless Chrome, not Chrome, when both tokens are present', () => {
    expect(
      describeDevice('Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/131.0 Chrome/131.0'),
    ).toBe('Headless Chrome on Linux')
  })

  it('names Chrome, not Safari, for a Chrome User-Agent that also carries Safari/', () => {
    expect(describeDevice(CHROME_WINDOWS)).toBe('Chrome on Windows')
  })

  it('names Android, not Linux, for an Android User-Agent that also says Linux', () => {
    expect(describeDevice('Mozilla/5.0 (Linux; Android 14; Pixel 8) Firefox/133.0')).toBe(
      'Firefox on Android',
    )
  })

  it('names iOS, not macOS, for an iPhone User-Agent that also says Mac OS X', () => {
    expect(
      describeDevice('Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) Safari/604.1'),
    ).toBe('Safari on iOS')
  })

  it('says "Unknown device" for a missing or empty User-Agent', () => {
    expect(describeDevice(undefined)).toBe('Unknown device')
    expect(describeDevice(null)).toBe('Unknown device')
    expect(describeDevice('')).toBe('Unknown device')
  })

  it('says "Unknown device" when neither a browser nor a system is recognised', () => {
    expect(describeDevice('Wget/1.21.4')).toBe('Unknown device')
  })
})
