import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { FastifyInstance } from 'fastify';

/** JSON answers under this many bytes go as they are: compressing them saves less than it costs. */
export const compressThreshold = 1024;

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

type Encoding = 'br' | 'gzip';

/** The encoding to use for an `Accept-Encoding` header: brotli, else gzip, else none (`q=0` refuses). */
export function pickEncoding(header: string | undefined): Encoding | undefined {
  if (!header) return undefined;
  const accepted = new Map<string, number>();
  for (const part of header.toLowerCase().split(',')) {
    const [name, ...params] = part.split(';').map((s) => s.trim());
    const q = params.find((p) => p.startsWith('q='));
    if (name) accepted.set(name, q ? Number(q.slice(2)) || 0 : 1);
  }
  const ok = (e: Encoding) => (accepted.get(e) ?? accepted.get('*') ?? 0) > 0;
  return ok('br') ? 'br' : ok('gzip') ? 'gzip' : undefined;
}

/**
 * Compresses the API's JSON answers of at least `compressThreshold` bytes, with brotli (quality 4:
 * about gzip's size at a fraction of its CPU) or gzip (level 6) as the client accepts, off the event
 * loop (zlib's thread pool). Streams (the event stream, files) and the web build (pre-compressed at
 * build time) are left alone.
 */
export function installJsonCompression(app: FastifyInstance) {
  app.addHook('onSend', async (req, reply, payload) => {
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    if (reply.hasHeader('content-encoding') || req.method === 'HEAD') return payload;
    if (!String(reply.getHeader('content-type') ?? '').startsWith('application/json')) return payload;
    const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
    if (body.length < compressThreshold) return payload;
    // Whether it is compressed depends on the request's Accept-Encoding: caches must know.
    reply.header('vary', appendVary(reply.getHeader('vary')));
    const encoding = pickEncoding(req.headers['accept-encoding']);
    if (!encoding) return payload;
    const out =
      encoding === 'br'
        ? await brotli(body, {
            params: {
              [constants.BROTLI_PARAM_QUALITY]: 4,
              [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
              [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
            },
          })
        : await gz(body, { level: 6 });
    reply.header('content-encoding', encoding);
    reply.removeHeader('content-length');
    return out;
  });
}

function appendVary(current: unknown): string {
  const value = Array.isArray(current) ? current.join(', ') : current ? String(current) : '';
  if (/(^|,)\s*(accept-encoding|\*)\s*(,|$)/i.test(value)) return value;
  return value ? `${value}, Accept-Encoding` : 'Accept-Encoding';
}
