export type { FakeRunner, FakeRunnerOptions } from './fake-runner.ts'
export { fakeRunner } from './fake-runner.ts'
export type { ActionInput, ActionMetadata } from './action-metadata.ts'
export { inputEnvName, readActionMetadata } from './action-metadata.ts'
