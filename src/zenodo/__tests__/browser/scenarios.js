/**
 * Browser-side scenarios for browser.spec.ts: each runs the client in the
 * page and returns plain data for the test to check.
 */
import { ZenodoClient } from '/zenodo/index';

export async function uploadAndPublish({ url, token, size }) {
  const client = new ZenodoClient({ baseUrl: url, token });
  const draft = await client.createDeposition({
    upload_type: 'dataset',
    title: 'Browser upload',
    creators: [{ name: 'Browser, Bea' }],
    description: '<p>From Chromium.</p>',
    publication_date: new Date().toISOString().slice(0, 10),
    license: 'cc-by-4.0'
  });
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i += 4096) {
    bytes[i] = i % 251;
  }
  const progress = [];
  const uploaded = await client.uploadFile(
    draft,
    'browser.bin',
    new Blob([bytes]),
    { onProgress: loaded => progress.push(loaded) }
  );
  const published = await client.publish(draft.id);
  return { progress, uploaded, state: published.state, id: draft.id };
}

export async function abortUpload({ url, token, size }) {
  const client = new ZenodoClient({ baseUrl: url, token });
  const draft = await client.createDeposition();
  const controller = new AbortController();
  let abortedAt = -1;
  try {
    await client.uploadFile(
      draft,
      'aborted.bin',
      new Blob([new Uint8Array(size)]),
      {
        signal: controller.signal,
        onProgress: loaded => {
          if (loaded > 0 && loaded < size && abortedAt < 0) {
            abortedAt = loaded;
            controller.abort();
          }
        }
      }
    );
    return { ok: true, id: draft.id };
  } catch (e) {
    return {
      ok: false,
      id: draft.id,
      abortedAt,
      name: e.name,
      aborted: e.aborted,
      kind: e.kind,
      text: `${String(e)} ${e.hint} ${e.stack}`
    };
  }
}

export async function searchAndDownload({ url }) {
  const client = new ZenodoClient({ baseUrl: url });
  const page = await client.searchRecords({
    community: 'artifacts-demo',
    size: 25
  });
  const file = page.hits
    .flatMap(h => h.files)
    .sort((a, b) => b.size - a.size)[0];
  const progress = [];
  const blob = await client.downloadFile(file, {
    onProgress: loaded => progress.push(loaded)
  });
  return {
    total: page.total,
    size: file.size,
    blobSize: blob.size,
    progress
  };
}

export async function badToken({ url, token }) {
  const client = new ZenodoClient({ baseUrl: url, token });
  try {
    await client.createDeposition();
    return { ok: true };
  } catch (e) {
    return {
      ok: false,
      status: e.status,
      kind: e.kind,
      hint: e.hint,
      text: `${e.describe()} ${String(e)} ${e.stack}`
    };
  }
}
