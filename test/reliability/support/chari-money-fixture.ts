import type { SeedContext, SeededFixture } from './sandbox-fixtures.js';

/** Chari Money: nothing seeded yet. */
export async function seedChariMoney(_ctx: SeedContext): Promise<Partial<SeededFixture>> {
  return {};
}
