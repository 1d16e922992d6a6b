/**
 * A board snapshot as sent over the socket when a client asks for gzip: the server compresses it once per seq and
 * every joining client gets the same bytes. Decoding uses the platform's DecompressionStream (browsers, Node 18+).
 */
import type { BoardSnapshot } from './events';

export async function decodeSnapshot(gzipped: ArrayBuffer | Uint8Array): Promise<BoardSnapshot> {
	const bytes = gzipped instanceof Uint8Array ? gzipped : new Uint8Array(gzipped);
	const stream = new Blob([bytes as Uint8Array<ArrayBuffer>])
		.stream()
		.pipeThrough(new DecompressionStream('gzip'));
	return (await new Response(stream).json()) as BoardSnapshot;
}
