console.log('line-server: not written yet');
