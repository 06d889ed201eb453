import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import { YJS_AWARENESS, YJS_SYNC } from './protocol.js';

/** A sync step 1 frame carrying a document's encoded state vector. */
export function encodeSyncStep1(stateVector: Uint8Array): Uint8Array {
  return syncFrame(syncProtocol.messageYjsSyncStep1, stateVector);
}

/** A sync step 2 frame carrying a Yjs update (all of a document, or what a state vector lacks). */
export function encodeSyncStep2(update: Uint8Array): Uint8Array {
  return syncFrame(syncProtocol.messageYjsSyncStep2, update);
}

/** A sync frame: the sync message type, then its payload as one length-prefixed byte array. */
function syncFrame(syncType: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, YJS_SYNC);
  encoding.writeVarUint(encoder, syncType);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

/** A sync update frame carrying one Yjs update. */
export function encodeUpdateFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, YJS_SYNC);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** An awareness frame with the states of the given clients. */
export function encodeAwarenessFrame(
  awareness: awarenessProtocol.Awareness,
  clients: number[],
): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, YJS_AWARENESS);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(encoder);
}

/** A binary frame, decoded just enough to route it. */
export type YjsFrame =
  | { kind: 'step1'; stateVector: Uint8Array }
  | { kind: 'step2' | 'update'; update: Uint8Array }
  | { kind: 'awareness'; update: Uint8Array };

/** Decodes a binary frame; throws on anything that is not a well-formed room frame. */
export function decodeYjsFrame(data: Uint8Array): YjsFrame {
  const decoder = decoding.createDecoder(data);
  const kind = decoding.readVarUint(decoder);
  let frame: YjsFrame;
  if (kind === YJS_AWARENESS) {
    frame = { kind: 'awareness', update: decoding.readVarUint8Array(decoder) };
  } else if (kind === YJS_SYNC) {
    const syncType = decoding.readVarUint(decoder);
    const payload = decoding.readVarUint8Array(decoder);
    if (syncType === syncProtocol.messageYjsSyncStep1)
      frame = { kind: 'step1', stateVector: payload };
    else if (syncType === syncProtocol.messageYjsSyncStep2)
      frame = { kind: 'step2', update: payload };
    else if (syncType === syncProtocol.messageYjsUpdate)
      frame = { kind: 'update', update: payload };
    else throw new Error(`unknown sync message ${syncType}`);
  } else {
    throw new Error(`unknown frame kind ${kind}`);
  }
  if (decoding.hasContent(decoder)) throw new Error('trailing bytes');
  return frame;
}

/**
 * Decodes an awareness update the way y-protocols applies it (count, then client, clock and JSON
 * state per entry) and throws unless all of it is well formed.
 */
export function checkAwarenessUpdate(update: Uint8Array): void {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  for (let i = 0; i < count; i += 1) {
    decoding.readVarUint(decoder);
    decoding.readVarUint(decoder);
    JSON.parse(decoding.readVarString(decoder));
  }
  if (decoding.hasContent(decoder)) throw new Error('trailing bytes');
}
