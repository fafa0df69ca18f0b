// The peer in confab-relay's benchmarks: a minimal relay on Node.js and the `ws` package that
// speaks just enough of confab.v1 for confab-loadgen (hello, create_room, join, subscribe, send)
// and relays the same bytes a Confab relay would: every `send` becomes one `message` frame,
// serialized once and sent as a binary message to every subscriber of the room, and an `ack` to
// the sender. No authentication and no storage: it shows what the transport alone costs.
'use strict';
const { WebSocketServer } = require('ws');

const host = process.env.WS_RELAY_HOST || '127.0.0.1';
const port = Number(process.env.WS_RELAY_PORT || 0);
const rooms = new Map(); // stream -> { seq, subscribers: Set<WebSocket> }

function room(stream) {
  let entry = rooms.get(stream);
  if (!entry) {
    entry = { seq: 0, subscribers: new Set() };
    rooms.set(stream, entry);
  }
  return entry;
}

const server = new WebSocketServer({
  host,
  port,
  path: '/v1/ws',
  perMessageDeflate: false,
  handleProtocols: (protocols) => (protocols.has('confab.v1') ? 'confab.v1' : false),
});

server.on('connection', (socket) => {
  const subscriptions = new Set();
  const reply = (frame) => socket.send(JSON.stringify(frame));
  socket.on('message', (data) => {
    let frame;
    try {
      frame = JSON.parse(data);
    } catch {
      reply({ type: 'error', code: 'invalid_json', message: 'not JSON' });
      return;
    }
    switch (frame.type) {
      case 'hello':
        reply({ type: 'welcome', id: frame.id, protocol: 1, user: 'bench', time: Date.now() });
        break;
      case 'create_room':
        room(`room:${frame.name}`);
        reply({ type: 'ack', id: frame.id, stream: `room:${frame.name}` });
        break;
      case 'join':
        room(frame.stream);
        reply({ type: 'ack', id: frame.id, stream: frame.stream });
        break;
      case 'subscribe': {
        const entry = room(frame.stream);
        entry.subscribers.add(socket);
        subscriptions.add(entry);
        reply({ type: 'ack', id: frame.id, stream: frame.stream, epoch: '0', seq: entry.seq, first_seq: 1 });
        reply({ type: 'synced', stream: frame.stream, epoch: '0', seq: entry.seq, recovered: true });
        break;
      }
      case 'send': {
        const entry = room(frame.stream);
        const seq = ++entry.seq;
        const ts = Date.now();
        const message = Buffer.from(JSON.stringify({
          type: 'message', stream: frame.stream, epoch: '0', seq, ts, sender: 'bench',
          client_msg_id: frame.client_msg_id, text: frame.text,
        }));
        for (const subscriber of entry.subscribers)
          subscriber.send(message, { binary: true });
        reply({ type: 'ack', id: frame.id, stream: frame.stream, client_msg_id: frame.client_msg_id, seq, ts });
        break;
      }
      default:
        reply({ type: 'error', id: frame.id, code: 'unexpected_type', message: String(frame.type) });
    }
  });
  socket.on('close', () => {
    for (const entry of subscriptions)
      entry.subscribers.delete(socket);
  });
  socket.on('error', () => {});
});

server.on('listening', () => {
  const address = server.address();
  console.log(`ws-relay listening on ws://${address.address}:${address.port}/v1/ws`);
});
