export { toNodeTransform, type NodeTransformOptions } from './to-node-transform.js';
export { pullReadable, type PullReadableOptions } from './pull-readable.js';
