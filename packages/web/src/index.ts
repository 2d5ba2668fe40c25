export { toTransformStream, type ToTransformStreamOptions } from './to-transform-stream.js';
export { pullReadableStream } from './pull-readable-stream.js';
