export { defineAsyncStage, type AsyncStageSteps, type DefineAsyncStageOptions } from './adapter/define-async-stage.js';
export { openRun, type Run, type RunSink } from './adapter/open-run.js';
export { openPushIterator } from './adapter/open-push-iterator.js';
export { assertFilter } from './adapter/assert-filter.js';
export { consumption, type ConsumptionAware } from './adapter/consumption.js';
export { describeValue } from './adapter/describe-value.js';
export { readOptions, countOption, booleanOption, type AdapterOptions } from './adapter/read-options.js';
