// A minimal Server-Sent Events reader over fetch (EventSource cannot see every event name
// without knowing them up front, and cannot set Last-Event-ID on a manual reconnect).

export interface ServerEvent {
  id: string | undefined;
  event: string;
  data: string;
}

/**
 * Splits an SSE byte stream into events; keeps the partial tail between chunks. A `retry:`
 * field (the server asking to be reconnected after that many ms) goes to `onRetry`.
 */
export function createSseParser(
  onEvent: (event: ServerEvent) => void,
  onRetry: (delayMs: number) => void = () => undefined,
) {
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
        else if (name === 'retry' && /^\d+$/.test(value)) onRetry(Number(value));
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
 * connection is resumed with Last-Event-ID, so no event is missed or repeated. A stream that
 * ends after a `retry:` field is resumed the same way after that delay: the API on AWS Lambda
 * answers with the events so far and `retry: 2000` while the job runs, as API Gateway sends
 * only whole responses (docs/deploy-aws.md).
 */
export async function followEvents(
  url: string,
  onEvent: (event: ServerEvent) => void,
  signal: AbortSignal,
): Promise<void> {
  let lastEventId: string | undefined;
  let reconnects = 0;
  let retryMs: number | undefined;
  const parse = createSseParser(
    (event) => {
      if (event.id !== undefined) lastEventId = event.id;
      onEvent(event);
    },
    (delayMs) => {
      retryMs = delayMs;
    },
  );
  while (!signal.aborted) {
    retryMs = undefined;
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
    try {
      const response = await fetch(url, { headers, signal });
      if (!response.ok || !response.body) return;
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        parse(value);
      }
      if (retryMs === undefined) return;
      await new Promise((resolve) => setTimeout(resolve, retryMs));
    } catch {
      if (signal.aborted || reconnects >= MAX_RECONNECTS) return;
      reconnects += 1;
      await new Promise((resolve) => setTimeout(resolve, RECONNECT_DELAY_MS));
    }
  }
}
