/**
 * Serve a fetch handler on 127.0.0.1 with a kernel-chosen port on Bun (`Bun.serve`) or Deno
 * (`Deno.serve`), then print one JSON line `{ url, runtime, version }` for the test to read.
 * The configuration comes as JSON in the TESSERA_TEST_CONFIG environment variable.
 */
import process from 'node:process'

/** The configuration the test passed. */
export function readConfig() {
  return JSON.parse(process.env.TESSERA_TEST_CONFIG ?? '{}')
}

/** Serve `fetch(request, runtimeArgument)` and announce it on stdout. */
export function serve(fetch) {
  const { Bun, Deno } = globalThis
  if (Bun !== undefined) {
    const server = Bun.serve({ hostname: '127.0.0.1', port: 0, fetch })
    announce(`http://127.0.0.1:${server.port}`, 'bun', Bun.version)
  } else if (Deno !== undefined) {
    Deno.serve(
      {
        hostname: '127.0.0.1',
        port: 0,
        onListen: ({ port }) => announce(`http://127.0.0.1:${port}`, 'deno', Deno.version.deno),
      },
      fetch,
    )
  } else {
    throw new Error('serve.mjs runs on Bun or Deno')
  }
}

function announce(url, runtime, version) {
  console.log(JSON.stringify({ url, runtime, version }))
}
