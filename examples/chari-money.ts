// Chari Money BaaS: look a customer up, open a wallet (register → OTP → PIN), read it back, and handle a Chari error.
// Run: npx tsx examples/chari-money.ts
import { PaymentApiError } from 'paycontracts';
import { CustomerStatus, createChariMoneyClient, fromChariMoneyAmount } from 'paycontracts/chari-money';
import { startSandbox } from 'paycontracts/sandbox';

// CHARI_MONEY_BASE_URL + CHARI_MONEY_API_KEY target a real Chari Money sandbox; otherwise a local one is started.
const live = Boolean(process.env.CHARI_MONEY_BASE_URL && process.env.CHARI_MONEY_API_KEY);
const sandbox = live ? undefined : await startSandbox('chari-money');
const chari = createChariMoneyClient({
  baseUrl: sandbox?.url ?? process.env.CHARI_MONEY_BASE_URL!,
  apiKey: live ? process.env.CHARI_MONEY_API_KEY! : 'test_key',
});

// Chari's "Customer Statuses" table (0–5) is a generated enum; this reads a status code back as its name.
const statusName = (code: number) =>
  Object.entries(CustomerStatus).find(([, value]) => value === code)?.[0] ?? `status ${code}`;
const randomPhone = () => `+2126${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
const phoneNumber = randomPhone(); // a new customer's number, in E.164

try {
  // 1. Look the number up. Every body arrives as { data: … }; the throwing-style client returns what is inside.
  const { data: before } = await chari.get('/api/customers/status', {
    params: { query: { PhoneNumber: phoneNumber } },
  });
  console.log(`${phoneNumber}: ${statusName(before)}`);

  // 2. Register. Each call carries a C-Request-Id (generated, or yours via `requestId`) to quote to Chari support.
  const registered = await chari.post('/api/customers/register', {
    body: { phoneNumber, firstName: 'Amine', lastName: 'Benali', cin: 'AB123456', walletType: 'P' },
  });
  console.log(`Registered: HTTP ${registered.status}, data ${registered.data}, C-Request-Id ${registered.requestId}`);

  // 3. The customer types the SMS code (the sandbox's documented OTP is 123-456), then chooses a PIN.
  const confirmed = await chari.post('/api/customers/confirm', {
    body: { phoneNumber, code: '123-456', walletType: 'P' },
    requestId: `confirm-${phoneNumber}`,
  });
  await chari.post('/api/customers/pin', { body: { phoneNumber, pin: '2580' } });
  console.log(`OTP confirmed (C-Request-Id ${confirmed.requestId}), PIN set`);

  // 4. Read the wallet back: the raw style (`GET`) keeps the envelope, `get` unwraps it.
  const raw = await chari.GET('/api/customers/info', { params: { query: { phoneNumber } } });
  console.log(`Raw body: ${JSON.stringify(raw.data)}`);
  const { data: info } = await chari.get('/api/customers/info', { params: { query: { phoneNumber } } });
  console.log(
    `Wallet ${info.firstName} ${info.lastName}: ${statusName(info.customerStatus)}, level ${info.accountLevel}, RIB ${info.rib}`,
  );
  const { data: wallet } = await chari.get('/api/customers/balance', { params: { query: { phoneNumber } } });
  console.log(`Balance: ${fromChariMoneyAmount(wallet.balance)} MAD`);

  // 5. Chari's { errorCode, errorDescription } becomes a typed error: `code` and `providerMessage`.
  try {
    await chari.get('/api/customers/balance', { params: { query: { phoneNumber: randomPhone() } } });
    throw new Error('An unknown customer had a balance');
  } catch (error) {
    if (!(error instanceof PaymentApiError) || error.kind !== 'not_found') throw error;
    console.log(
      `Unknown customer: kind ${error.kind}, HTTP ${error.status}, errorCode ${error.code}, errorDescription "${error.providerMessage}", C-Request-Id ${error.requestId}`,
    );
  }
} finally {
  await sandbox?.close();
}
