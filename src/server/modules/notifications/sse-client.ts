/**
 * A small Server-Sent Events reader over fetch, for tests and the benchmark: connects to
 * `/api/v1/events` like a browser's EventSource would (cookie, Last-Event-ID) and collects events.
 */
export type SseMessage = {
  id: string | null;
  event: string;
  data: string;
  /** performance.now() when the message was parsed. */
  receivedAt: number;
};

export type SseStream = {
  status: number;
  headers: Headers;
  messages: SseMessage[];
  /** Comment lines seen (heartbeats). */
  comments: string[];
  /** Resolves with the first message (already received or coming) that matches. */
  next(match: (m: SseMessage) => boolean, timeoutMs?: number): Promise<SseMessage>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
};

export async function openEventStream(
  url: string,
  opts: { cookie?: string; bearer?: string; lastEventId?: string | number } = {},
): Promise<SseStream> {
  const controller = new AbortController();
  const res = await fetch(url, {
    signal: controller.signal,
    headers: {
      accept: 'text/event-stream',
      ...(opts.cookie ? { cookie: opts.cookie } : {}),
      ...(opts.bearer ? { authorization: `Bearer ${opts.bearer}` } : {}),
      ...(opts.lastEventId !== undefined ? { 'last-event-id': String(opts.lastEventId) } : {}),
    },
  });
  const messages: SseMessage[] = [];
  const comments: string[] = [];
  const waiters = new Set<{ match: (m: SseMessage) => boolean; resolve: (m: SseMessage) => void }>();
  const ended = (async () => {
    if (!res.body) return;
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let cut = buffer.indexOf('\n\n');
        while (cut >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          cut = buffer.indexOf('\n\n');
          let id: string | null = null;
          let event = 'message';
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments.push(line.slice(1).trim());
            else if (line.startsWith('id:')) id = line.slice(3).trim();
            else if (line.startsWith('event:')) event = line.slice(6).trim();
            else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
          }
          if (data.length === 0) continue;
          const m = { id, event, data: data.join('\n'), receivedAt: performance.now() };
          messages.push(m);
          for (const w of waiters) {
            if (w.match(m)) {
              waiters.delete(w);
              w.resolve(m);
            }
          }
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  return {
    status: res.status,
    headers: res.headers,
    messages,
    comments,
    ended,
    next: (match, timeoutMs = 10_000) => {
      const seen = messages.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const w = {
          match,
          resolve: (m: SseMessage) => {
            clearTimeout(timer);
            resolve(m);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(w);
          reject(new Error(`aucun événement attendu reçu en ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(w);
      });
    },
    close: () => controller.abort(),
  };
}

/** The `data` of a message of `/api/v1/events`. */
export function eventOf(m: SseMessage): { id: number; type: string; payload: Record<string, unknown> } {
  return JSON.parse(m.data);
}

/**
 * SSE delivery latency: publishes `n` events (one transaction each) through `publish` and measures
 * from each commit to its arrival on `stream`. Returns sorted milliseconds; p50 = ms[n/2].
 * Used by the benchmark: open a stream on a listening app (`openEventStream`), pass a `publish`
 * that commits one `publishEvent` the stream's user may receive and returns its id.
 */
export async function measureSseLatency(
  stream: SseStream,
  publish: (i: number) => Promise<number>,
  n = 50,
): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const id = await publish(i);
    const committedAt = performance.now();
    const m = await stream.next((x) => x.id === String(id));
    out.push(Math.max(0, m.receivedAt - committedAt));
  }
  return out.sort((a, b) => a - b);
}
