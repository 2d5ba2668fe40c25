export { defineAsyncStage, type AsyncStageSteps, type DefineAsyncStageOptions } from './adapter/define-async-stage.js';
