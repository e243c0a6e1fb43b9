// The load generator of `npm run bench`: keep-alive HTTP/1.1 GETs over `connections` sockets, one
// request in flight per socket, each request a buffer built before the clock starts.
//
// Why not autocannon: with a different Cookie header per request it rebuilds every request
// (`setupRequest`), and on one core it then tops out below what a plain node:http server answers,
// so a benchmark of sessions measured the client. Here a request costs one `write` of a ready
// buffer and a response a scan for its end, so the client stays well ahead of the servers.
import { spawnSync } from 'node:child_process'
import { connect } from 'node:net'
import { readFileSync } from 'node:fs'

const HEADER_END = Buffer.from('\r\n\r\n')
const LAST_CHUNK = Buffer.from('\r\n0\r\n\r\n')
let ticks

/** CPU time (user + system, all threads) a process has used so far, in milliseconds (Linux). */
export function cpuMillis(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    ticks ??= Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticks // utime, stime
  } catch {
    return undefined
  }
}

/**
 * Send GET `path` for `seconds`, cycling through `cookies` (a `name=value` per session; none when
 * empty), and return { rps, requests, statuses } for the responses completed in the window.
 * `pid`, when given, is the server's process: its CPU time per request is returned as `cpuMicros`.
 */
export async function runLoad({ url, path, cookies = [], connections = 50, seconds = 5, pid }) {
  const { host, port } = new URL(url)
  const head = `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: keep-alive\r\n`
  const requests =
    cookies.length === 0
      ? [Buffer.from(`${head}\r\n`)]
      : cookies.map((cookie) => Buffer.from(`${head}Cookie: ${cookie}\r\n\r\n`))
  let next = 0
  let done = 0
  let stopped = false
  const statuses = new Map()
  const sockets = []
  let failure

  await Promise.all(
    Array.from(
      { length: connections },
      () =>
        new Promise((resolve, reject) => {
          const socket = connect({ host: '127.0.0.1', port: Number(port) }, () => resolve())
          socket.setNoDelay(true)
          socket.once('error', reject)
          sockets.push(socket)
        }),
    ),
  )

  const drive = (socket) =>
    new Promise((resolve) => {
      let buffered = Buffer.alloc(0)
      const send = () => {
        if (stopped) {
          resolve()
          return
        }
        socket.write(requests[next++ % requests.length])
      }
      socket.on('data', (chunk) => {
        buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk])
        for (;;) {
          const end = buffered.indexOf(HEADER_END)
          if (end === -1) return
          const header = buffered.toString('latin1', 0, end)
          const length = /\r\ncontent-length: *(\d+)/i.exec(header)
          let total
          if (length !== null) total = end + 4 + Number(length[1])
          else if (/\r\ntransfer-encoding: *chunked/i.test(header)) {
            const last = buffered.indexOf(LAST_CHUNK, end + 2) // small bodies: no need to parse sizes
            if (last === -1) return
            total = last + LAST_CHUNK.length
          } else {
            failure = new Error(`${path}: a response without Content-Length or chunked encoding`)
            stopped = true
            resolve()
            return
          }
          if (buffered.length < total) return
          const status = header.slice(9, 12)
          statuses.set(status, (statuses.get(status) ?? 0) + 1)
          done += 1
          buffered = buffered.subarray(total)
          send()
        }
      })
      socket.on('error', (error) => {
        failure ??= error
        resolve()
      })
      socket.on('close', () => resolve())
      send()
    })

  // One second of warm-up traffic would be the caller's business; here the clock starts now.
  const cpuBefore = pid === undefined ? undefined : cpuMillis(pid)
  const start = process.hrtime.bigint()
  const startDone = done
  const running = Promise.all(sockets.map(drive))
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000))
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9
  const completed = done - startDone
  const cpuAfter = pid === undefined ? undefined : cpuMillis(pid)
  stopped = true
  const drained = setTimeout(() => {
    for (const socket of sockets) socket.destroy()
  }, 5000)
  await running
  clearTimeout(drained)
  for (const socket of sockets) socket.destroy()
  if (failure !== undefined) throw failure
  const cpuMicros =
    cpuBefore === undefined || cpuAfter === undefined || completed === 0
      ? undefined
      : ((cpuAfter - cpuBefore) * 1000) / completed
  return { rps: completed / elapsed, requests: completed, statuses, cpuMicros }
}

/**
 * The same measurement driven by autocannon (`-c connections`), the harness the issues and
 * earlier measurements used: each request takes the next cookie in `setupRequest`. Same return shape.
 */
export async function runAutocannon({
  url,
  path,
  cookies = [],
  connections = 50,
  seconds = 5,
  pid,
}) {
  const { default: autocannon } = await import('autocannon')
  let next = 0
  const cpuBefore = pid === undefined ? undefined : cpuMillis(pid)
  const result = await new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        connections,
        duration: seconds,
        requests: [
          {
            method: 'GET',
            path,
            setupRequest: (req) =>
              cookies.length === 0
                ? req
                : { ...req, headers: { ...req.headers, cookie: cookies[next++ % cookies.length] } },
          },
        ],
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    )
  })
  const cpuAfter = pid === undefined ? undefined : cpuMillis(pid)
  const completed = result.requests.total
  const statuses = new Map([['200', result['2xx']]])
  if (result.non2xx > 0) statuses.set('non-2xx', result.non2xx)
  const cpuMicros =
    cpuBefore === undefined || cpuAfter === undefined || completed === 0
      ? undefined
      : ((cpuAfter - cpuBefore) * 1000) / completed
  return { rps: completed / seconds, requests: completed, statuses, cpuMicros }
}
