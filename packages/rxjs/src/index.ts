export { toOperator } from './to-operator.js';
export { fromObservable, type FromObservableOptions } from './from-observable.js';
export { toObservable } from './to-observable.js';
