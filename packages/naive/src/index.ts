export { type Callback, Filter } from './filter.js';
export { AddLF } from './add-lf.js';
export { AddCRLF } from './add-crlf.js';
export { LineSplitter } from './line-splitter.js';
export { Foo, type FooOptions } from './foo.js';
export { attach, type Hub } from './attach.js';
export { Multicast } from './multicast.js';
