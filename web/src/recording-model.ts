import {
  RECORDING_VERSION,
  type RecordedEvent,
  type RecordingHeader,
} from '../../src/room/store/recording-types.js';

/** A parsed recording: its header and events in order. */
export interface Recording {
  header: RecordingHeader;
  events: RecordedEvent[];
}

/** Parses newline-delimited JSON; a torn last line is ignored, as the server does. */
export function parseRecording(text: string): Recording {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const first = lines.shift();
  if (first === undefined) throw new Error('The recording is empty.');
  const header = JSON.parse(first) as RecordingHeader;
  if (header.schema !== 'interview-kit/room-recording' || header.version > RECORDING_VERSION) {
    throw new Error(`Unsupported recording (${header.schema} v${header.version}).`);
  }
  const events: RecordedEvent[] = [];
  lines.forEach((line, index) => {
    try {
      events.push(JSON.parse(line) as RecordedEvent);
    } catch (error) {
      if (index !== lines.length - 1) throw error;
    }
  });
  return { header, events };
}
