import { describe, expect, test } from 'vitest';
import { validators } from '../../../generated/novasend/validators.js';
import { createNovasendClient } from '../../../src/providers/novasend/index.js';

/** The document's getPayin example (Statut d'un paiement, Exemple de Réponse), with the status under test. */
function documentedPayin(status: string, confirmationStatus = 'none') {
  return {
    type: 'payin',
    fee: 6,
    reference: 'mtr_fhscgaywizujwjyymlge1hncaq',
    phoneNumber: '+2250749929598',
    customerName: 'Habib',
    amount: 300,
    chargedAmount: 306,
    status,
    currency: 'XOF',
    customerReference: '55a4e677-5700-4ed0-9a2a-9300db894ddb',
    confirmationRequired: true,
    confirmationStatus,
    createdAt: '2025-08-22T02:00:16.026Z',
    transaction: null,
    failure: null,
  };
}

describe('Novasend payin status is open: "processing, processed, expired, etc."', () => {
  test.each(['processing', 'processed', 'expired', 'reversed', 'cancelled'])(
    'the Payin schema and the getPayin response validator accept status %s',
    (status) => {
      expect(validators.schemas.Payin?.(documentedPayin(status))).toBe(true);
      expect(validators.responses.getPayin?.['200']?.(documentedPayin(status))).toBe(true);
    },
  );

  test('a status must still be a string, and confirmationStatus stays the closed list of the document', () => {
    expect(validators.schemas.Payin?.(documentedPayin(42 as unknown as string))).toBe(false);
    expect(validators.schemas.Payin?.(documentedPayin('processing', 'reversed'))).toBe(false);
  });

  test('a client validating responses hands back a payin whose status it has never seen', async () => {
    const client = createNovasendClient({
      apiKey: 'test_key',
      apiClient: 'test_client',
      baseUrl: 'http://127.0.0.1:9',
      validate: 'responses',
      maxRetries: 0,
      fetch: async () =>
        new Response(JSON.stringify(documentedPayin('reversed')), {
          status: 200,
          headers: { 'content-type': 'application/json' },
        }),
    });
    const { data } = await client.get('/v1/payin/{reference}', {
      params: { path: { reference: 'mtr_fhscgaywizujwjyymlge1hncaq' } },
    });
    expect(data.status).toBe('reversed');
  });
});
