/**
 * The limit for reads: a node:http server that answers every request with the same status, headers and bytes,
 * given at start (the bytes golive sent for the read measured against it). Nothing else.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
	options: {
		port: { type: 'string' },
		status: { type: 'string', default: '200' },
		headers: { type: 'string', default: '{}' },
		bodyFile: { type: 'string' }
	}
});
const body = args.bodyFile ? readFileSync(args.bodyFile) : Buffer.alloc(0);
const headers = { ...JSON.parse(args.headers!), 'content-length': body.length };
const status = Number(args.status);

createServer((req, res) => {
	res.writeHead(status, headers);
	res.end(body);
}).listen(Number(args.port), '127.0.0.1', () => console.log('trivial server is running'));
