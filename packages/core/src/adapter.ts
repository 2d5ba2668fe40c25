export { defineAsyncStage, type AsyncStageSteps, type DefineAsyncStageOptions } from './adapter/define-async-stage.js';
export { consumption, type ConsumptionAware } from './adapter/consumption.js';
