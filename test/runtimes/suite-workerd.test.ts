import { describeWorkerd } from './remote.js'

describeWorkerd()
