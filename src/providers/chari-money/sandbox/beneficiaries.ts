import { ChariErrorCode } from '../../../../generated/chari-money/enums.js';
import { fail, ok } from './errors.js';
import { requireCustomer } from './ledger.js';
import { page, withinRange } from './paging.js';
import type { Beneficiary, ChariMoneyHandler, ChariMoneyState } from './state.js';

type Body = Record<string, unknown>;

export function requireBeneficiary(state: ChariMoneyState, owner: string, id: unknown): Beneficiary {
  const beneficiary = state.beneficiaries.get(Number(id));
  if (!beneficiary || beneficiary.owner !== owner)
    return fail(ChariErrorCode.BENEFICIARY_NOT_FOUND, `${owner || 'This payer'} has no beneficiary ${String(id)}.`);
  return beneficiary;
}

/** Any beneficiary the partner saved, whoever owns it (an agent's bank transfer names one by `BeneficiaryId`). */
export function requirePartnerBeneficiary(state: ChariMoneyState, id: unknown): Beneficiary {
  const beneficiary = state.beneficiaries.get(Number(id));
  if (!beneficiary) return fail(ChariErrorCode.BENEFICIARY_NOT_FOUND, `No beneficiary ${String(id)} is saved.`);
  return beneficiary;
}

/** An operation's optional `BeneficiaryId`: one of the payer's beneficiaries, and the same person as the recipient. */
export function linkedBeneficiary(state: ChariMoneyState, owner: string, id: unknown, recipient: string): void {
  if (id === undefined) return;
  const beneficiary = requireBeneficiary(state, owner, id);
  if (beneficiary.phoneNumber !== null && beneficiary.phoneNumber !== recipient) {
    fail(
      ChariErrorCode.INVALID_INITIAL_PARAMETERS,
      `Beneficiary ${beneficiary.id} is ${beneficiary.phoneNumber}, not the recipient ${recipient}.`,
    );
  }
}

function view(b: Beneficiary) {
  return { id: b.id, name: b.name, phoneNumber: b.phoneNumber, rib: b.rib, email: b.email, createdAt: b.createdAt };
}

/** 27000: "The Beneficiary already exists with the same phoneNumber" (and, by the same rule, the same RIB). */
function checkDuplicate(state: ChariMoneyState, owner: string, body: Body, except?: number): void {
  for (const other of state.beneficiaries.values()) {
    if (other.owner !== owner || other.id === except) continue;
    if (
      (body.PhoneNumber !== undefined && other.phoneNumber === body.PhoneNumber) ||
      (body.Rib !== undefined && other.rib === body.Rib)
    ) {
      fail(
        ChariErrorCode.BENEFICIARY_ALREADY_EXISTS,
        `Beneficiary ${other.id} already has this ${other.phoneNumber === body.PhoneNumber ? 'phone number' : 'RIB'}.`,
      );
    }
  }
}

export const listBeneficiaries: ChariMoneyHandler = ({ params, state }) => {
  const owner = requireCustomer(state, params.query.PhoneNumber).phoneNumber;
  const search = typeof params.query.Search === 'string' ? params.query.Search.toLowerCase() : undefined;
  const matches = [...state.beneficiaries.values()].filter(
    (b) =>
      b.owner === owner &&
      withinRange(Date.parse(b.createdAt), params.query) &&
      (!search || [b.name, b.phoneNumber, b.rib, b.email].some((field) => field?.toLowerCase().includes(search))),
  );
  return ok(page(matches, params.query, view));
};

export const createBeneficiary: ChariMoneyHandler = ({ params, body, state, clock }) => {
  const owner = requireCustomer(state, params.query.PhoneNumber).phoneNumber;
  const b = body as Body;
  checkDuplicate(state, owner, b);
  state.sequences.beneficiary += 1;
  const beneficiary: Beneficiary = {
    id: state.sequences.beneficiary,
    owner,
    name: String(b.Name),
    phoneNumber: (b.PhoneNumber as string | undefined) ?? null,
    rib: (b.Rib as string | undefined) ?? null,
    email: (b.Email as string | undefined) ?? null,
    createdAt: clock.iso(),
  };
  state.beneficiaries.set(beneficiary.id, beneficiary);
  return ok(view(beneficiary));
};

/** The new data replaces the old; a field left out is cleared, except that a beneficiary keeps a phone number or a RIB. */
export const updateBeneficiary: ChariMoneyHandler = ({ params, body, state }) => {
  const owner = requireCustomer(state, params.query.PhoneNumber).phoneNumber;
  const beneficiary = requireBeneficiary(state, owner, params.path.id);
  const b = body as Body;
  checkDuplicate(state, owner, b, beneficiary.id);
  const phoneNumber = (b.PhoneNumber as string | undefined) ?? null;
  const rib = (b.Rib as string | undefined) ?? null;
  if (phoneNumber === null && rib === null)
    fail(ChariErrorCode.MISSING_PARAMETERS, 'A beneficiary needs a PhoneNumber or a Rib.');
  Object.assign(beneficiary, {
    name: String(b.Name),
    phoneNumber,
    rib,
    email: (b.Email as string | undefined) ?? null,
  });
  return ok(view(beneficiary));
};

export const deleteBeneficiary: ChariMoneyHandler = ({ params, state }) => {
  const owner = requireCustomer(state, params.query.PhoneNumber).phoneNumber;
  state.beneficiaries.delete(requireBeneficiary(state, owner, params.path.id).id);
  return ok(true);
};
