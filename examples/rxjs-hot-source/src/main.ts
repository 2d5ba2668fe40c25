console.log('rxjs-hot-source: not written yet');
