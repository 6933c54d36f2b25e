// Runs @cdktf/hcl2json (Go compiled to WebAssembly) in a worker thread: the Go runtime never
// stops by itself, and a worker can be terminated when the tests are done (closeHclParser).
const { parentPort } = require('worker_threads');
const { parse } = require('@cdktf/hcl2json');

parentPort.on('message', ({ id, file, text }) => {
  parse(file, text).then(
    (result) => parentPort.postMessage({ id, result }),
    (error) => parentPort.postMessage({ id, error: String((error && error.message) || error) }),
  );
});
