// Starts the line server on a free port, runs a short client session against it, closes, exits 0.
import { connect } from 'node:net';
import { createLineServer, listenOnFreePort } from './server.js';

const server = createLineServer();
const port = await listenOnFreePort(server);
console.log(`line-server: listening on 127.0.0.1:${port}`);

const sent = ['hello\nwor', 'ld\r\nunix line\nwindows line\r', '\nno newline at the end'];
const reply = await new Promise<Buffer>((resolve, reject) => {
  const chunks: Buffer[] = [];
  const client = connect(port, '127.0.0.1', () => {
    for (const chunk of sent) {
      console.log(`client → ${JSON.stringify(chunk)}`);
      client.write(chunk);
    }
    client.end();
  });
  client.on('data', (chunk: Buffer) => {
    console.log(`server → ${JSON.stringify(chunk.toString('utf8'))}`);
    chunks.push(chunk);
  });
  client.on('end', () => resolve(Buffer.concat(chunks)));
  client.on('error', reject);
});

const expected = sent.join('').replace(/\r?\n/g, '\r\n');
const exact = reply.toString('utf8') === expected;
console.log(`reply is the input with every line ending made CRLF, byte for byte: ${exact ? 'yes' : 'NO'}`);
await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
console.log('line-server: closed');
process.exitCode = exact ? 0 : 1;
