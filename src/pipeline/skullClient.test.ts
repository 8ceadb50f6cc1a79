import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FromSkullWorker, SkullPredictionResult, ToSkullWorker } from './skullProtocol';

/** A stand-in Worker that records messages and lets the test answer them. */
class FakeWorker {
  static last: FakeWorker | null = null;
  sent: ToSkullWorker[] = [];
  onmessage: ((e: MessageEvent<FromSkullWorker>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  constructor() {
    FakeWorker.last = this;
  }
  postMessage(msg: ToSkullWorker) {
    this.sent.push(msg);
  }
  reply(msg: FromSkullWorker) {
    this.onmessage?.({ data: msg } as MessageEvent<FromSkullWorker>);
  }
  terminate() {}
}

const result = (id: string) => ({ modelId: id }) as unknown as SkullPredictionResult;
const planes = { axial: new Float32Array(64).fill(40), sagittal: null, coronal: null };
const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('SkullClient', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('runs predictions latest-wins: a request replaced while another runs resolves null', async () => {
    vi.stubGlobal('Worker', FakeWorker);
    const { SkullClient } = await import('./skullClient');
    const c = new SkullClient('cpu');
    const w = FakeWorker.last as FakeWorker;
    expect(w.sent[0]).toEqual({ type: 'init', backend: 'cpu' });
    const req = (seed: number) => ({ modelId: 'm', planes, k: 16, seed, offsets: [] });
    const p1 = c.predict(req(1));
    const p2 = c.predict(req(2));
    const p3 = c.predict(req(3));
    expect(await p2).toBeNull();
    const first = w.sent.filter((m) => m.type === 'predict');
    expect(first.map((m) => (m.type === 'predict' ? m.seed : -1))).toEqual([1]);
    w.reply({ type: 'prediction', req: (first[0] as { req: number }).req, result: result('one') });
    expect((await p1)?.modelId).toBe('one');
    await flush();
    const second = w.sent.filter((m) => m.type === 'predict');
    expect(second.map((m) => (m.type === 'predict' ? m.seed : -1))).toEqual([1, 3]);
    w.reply({ type: 'prediction', req: (second[1] as { req: number }).req, result: result('three') });
    expect((await p3)?.modelId).toBe('three');
  });

  it('turns a worker refusal into a SkullWorkerError that says whether it is meant for a person', async () => {
    vi.stubGlobal('Worker', FakeWorker);
    const { SkullClient, SkullWorkerError } = await import('./skullClient');
    const c = new SkullClient(null);
    const w = FakeWorker.last as FakeWorker;
    const p = c.plane('axial', new Uint8Array(4), 'x.png', null);
    const sent = w.sent.find((m) => m.type === 'plane') as { req: number };
    w.reply({ type: 'error', req: sent.req, message: 'not a PNG or JPEG image', user: true });
    await expect(p).rejects.toBeInstanceOf(SkullWorkerError);
    await expect(p).rejects.toMatchObject({ user: true, message: 'not a PNG or JPEG image' });
  });
});
