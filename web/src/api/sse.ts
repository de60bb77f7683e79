// A minimal Server-Sent Events reader over fetch (EventSource cannot see every event name
// without knowing them up front, and cannot set Last-Event-ID on a manual reconnect).

export interface ServerEvent {
  id: string | undefined;
  event: string;
  data: string;
}

/** Splits an SSE byte stream into events; keeps the partial tail between chunks. */
export function createSseParser(onEvent: (event: ServerEvent) => void) {
  let buffer = '';
  return (chunk: string) => {
    buffer += chunk.replace(/\r\n?/g, '\n');
    let boundary = buffer.indexOf('\n\n');
    while (boundary !== -1) {
      const block = buffer.slice(0, boundary);
      buffer = buffer.slice(boundary + 2);
      let id: string | undefined;
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const name = colon === -1 ? line : line.slice(0, colon);
        const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (name === 'id') id = value;
        else if (name === 'event') event = value;
        else if (name === 'data') data.push(value);
      }
      if (data.length > 0) onEvent({ id, event, data: data.join('\n') });
      boundary = buffer.indexOf('\n\n');
    }
  };
}

const RECONNECT_DELAY_MS = 1000;
const MAX_RECONNECTS = 5;

/**
 * Follows an SSE URL until the server ends the stream normally or `signal` aborts. A dropped
 * connection is resumed with Last-Event-ID, so no event is missed or repeated.
 */
export async function followEvents(
  url: string,
  onEvent: (event: ServerEvent) => void,
  signal: AbortSignal,
): Promise<void> {
  let lastEventId: string | undefined;
  let reconnects = 0;
  const parse = createSseParser((event) => {
    if (event.id !== undefined) lastEventId = event.id;
    onEvent(event);
  });
  while (!signal.aborted) {
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
    try {
      const response = await fetch(url, { headers, signal });
      if (!response.ok || !response.body) return;
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        parse(value);
      }
    } catch {
      if (signal.aborted || reconnects >= MAX_RECONNECTS) return;
      reconnects += 1;
      await new Promise((resolve) => setTimeout(resolve, RECONNECT_DELAY_MS));
    }
  }
}
