/**
 * `Companion.inspect` over real HTTP against a small in-process server
 * answering as the REST contract says (docs/companion.md, `POST inspect`).
 */
import * as http from 'http';
import { AddressInfo } from 'net';
import { ServerConnection } from '@jupyterlab/services';

import { Companion, CompanionError } from '../companion';

let server: http.Server;
let settings: ServerConnection.ISettings;
let seen: { method: string; url: string; type: string; body: any }[];
let reply: { status: number; body: unknown };

beforeEach(async () => {
  seen = [];
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      seen.push({
        method: req.method!,
        url: new URL(req.url!, 'http://x').pathname,
        type: String(req.headers['content-type']),
        body: JSON.parse(Buffer.concat(chunks).toString() || 'null')
      });
      res.writeHead(reply.status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(reply.body));
    });
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  settings = ServerConnection.makeSettings({
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/user/ada/`,
    token: 'jupyter-token'
  });
});

afterEach(() => new Promise<void>(r => server.close(() => r())));

describe('Companion.inspect', () => {
  it('posts the folder and the listed files, and returns the answer', async () => {
    reply = {
      status: 200,
      body: {
        refused: [{ path: 'link.txt', code: 'size-mismatch' }],
        secrets: [{ path: 'conf/aws.txt', code: 'aws' }]
      }
    };
    const found = await new Companion(settings).inspect('study', [
      { path: 'link.txt', size: 12, extra: 'not sent' } as any,
      { path: 'conf/aws.txt', size: 40 }
    ]);
    expect(found).toEqual(reply.body);
    expect(seen).toEqual([
      {
        method: 'POST',
        url: '/user/ada/jupyterlab-artifacts/api/inspect',
        type: 'application/json',
        body: {
          folder: 'study',
          files: [
            { path: 'link.txt', size: 12 },
            { path: 'conf/aws.txt', size: 40 }
          ]
        }
      }
    ]);
  });

  it('fails with the server code on an error, and on an answer without the lists', async () => {
    reply = { status: 404, body: { message: 'Not Found', code: 'not-found' } };
    const companion = new Companion(settings);
    await expect(companion.inspect('study', [])).rejects.toMatchObject({
      code: 'not-found',
      status: 404
    });
    reply = { status: 200, body: { refused: [] } };
    const error = await companion.inspect('study', []).catch(e => e);
    expect(error).toBeInstanceOf(CompanionError);
    expect(error.problem?.code).toBe('server-no-answer');
    reply = { status: 200, body: { refused: [{ path: 1 }], secrets: [] } };
    await expect(companion.inspect('study', [])).rejects.toBeInstanceOf(
      CompanionError
    );
  });
});
