import { describeRuntime } from './remote.js'

describeRuntime('deno')
