import { BasicTracerProvider, InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { ContextAttributesProcessor } from "../spans";
import { registerTracing, unregisterTracing } from "../state";

export { type ReadableSpan } from "@opentelemetry/sdk-trace-base";

/**
 * Records every span of a test file in memory: a provider is registered
 * before the file's tests (replacing whatever an earlier file in the same
 * process left) and unregistered after; the spans are cleared before each test.
 * Read `spans()` inside tests: the spans ended so far, in the order they ended.
 */
export function useInMemoryTracing(): { spans: () => ReadableSpan[] } {
  const exporter = new InMemorySpanExporter();
  let provider: BasicTracerProvider | undefined;
  beforeAll(() => {
    provider = new BasicTracerProvider({ spanProcessors: [new ContextAttributesProcessor(), new SimpleSpanProcessor(exporter)] });
    registerTracing(provider, { replace: true });
  });
  beforeEach(() => exporter.reset());
  afterAll(async () => {
    unregisterTracing();
    await provider?.shutdown();
  });
  return { spans: () => exporter.getFinishedSpans() };
}
