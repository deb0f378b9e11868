// Injected AWS answers (aws-sdk-client-mock), only for what moto cannot do: the test's name says what moto lacks.
import type { Client, MetadataBearer } from '@smithy/types';
import { mockClient, type AwsStub } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll } from 'vitest';

/**
 * Answers every call of `Client`'s kind made in this file (or describe block) with what the test injects: the stub is
 * made in beforeAll, not at collection, so moto tests elsewhere in the same file still talk to moto; it is emptied
 * after each test and removed after the block. Fake credentials keep the SDK from looking for real ones.
 */
export function useInjected<I extends object, O extends MetadataBearer, Config>(ClientClass: new (config: never) => Client<I, O, Config>): AwsStub<I, O, Config> {
  let stub: AwsStub<I, O, Config> | undefined;
  beforeAll(() => {
    stub = mockClient(ClientClass);
    process.env.AWS_ACCESS_KEY_ID = 'testing';
    process.env.AWS_SECRET_ACCESS_KEY = 'testing';
  });
  afterEach(() => stub?.reset());
  afterAll(() => stub?.restore());
  // The stub exists only once beforeAll has run; the test holds this stand-in from collection on.
  return new Proxy({} as AwsStub<I, O, Config>, {
    get(_, key) {
      if (!stub) throw new Error('useInjected: the stub is made in beforeAll; use it inside a hook or a test');
      const value = Reflect.get(stub, key);
      return typeof value === 'function' ? value.bind(stub) : value;
    },
  });
}
