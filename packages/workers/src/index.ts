export { inWorkers, type InWorkersOptions, type WorkerStage } from './in-workers.js';
