import compress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';
import { constants } from 'node:zlib';

/** JSON answers under this many bytes go as they are: compressing them saves less than it costs. */
export const compressThreshold = 1024;

/**
 * Compresses the API's JSON answers of at least `compressThreshold` bytes with `@fastify/compress`:
 * brotli (quality 4: about gzip's size at a fraction of its CPU) or gzip (level 6), as the client's
 * `Accept-Encoding` allows, with `Vary: Accept-Encoding`. Only JSON: the event stream must flow
 * uncompressed, and the web build is pre-compressed at build time (`@fastify/static`,
 * `preCompressed`), which the plugin leaves alone since it already carries its `Content-Encoding`.
 * Registered before the routes: the plugin hooks each route as it is declared.
 */
export async function installJsonCompression(app: FastifyInstance) {
  await app.register(compress, {
    threshold: compressThreshold,
    encodings: ['br', 'gzip'],
    customTypes: /^application\/json/,
    brotliOptions: {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 4,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      },
    },
    zlibOptions: { level: 6 },
    // Requests are read as they come: no body is sent compressed to this API.
    globalDecompression: false,
  });
}
