console.log('seed-incident: not written yet');
