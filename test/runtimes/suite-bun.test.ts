import { describeRuntime } from './remote.js'

describeRuntime('bun')
