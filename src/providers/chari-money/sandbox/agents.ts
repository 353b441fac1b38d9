import { AccountLevel, ChariErrorCode } from '../../../../generated/chari-money/enums.js';
import { fail, ok } from './errors.js';
import { mad, requireAgent } from './ledger.js';
import { page, withinRange } from './paging.js';
import { type Agent, type ChariMoneyHandler, nextRib } from './state.js';

type Body = Record<string, unknown>;

function view(a: Agent) {
  return {
    code: a.code,
    phoneNumber: a.phoneNumber,
    name: a.name,
    firstName: a.firstName,
    lastName: a.lastName,
    cin: a.cin,
    address: a.address ?? null,
    email: a.email ?? null,
    createdAt: a.createdAt,
  };
}

/** `Code` names the principal agent whose retail network is listed (or one retail agent, listed alone). */
export const listRetailAgents: ChariMoneyHandler = ({ params, state }) => {
  const agent = requireAgent(state, params.query.Code);
  const network = agent === state.principal ? [...state.agents.values()] : [agent];
  return ok(
    page(
      network.filter((a) => withinRange(Date.parse(a.createdAt), params.query)),
      params.query,
      view,
    ),
  );
};

export const getRetailAgent: ChariMoneyHandler = ({ params, state }) => {
  const agent = state.agents.get(String(params.path.code));
  if (!agent) return fail(ChariErrorCode.USER_NOT_FOUND, `No retail agent has the code ${String(params.path.code)}.`);
  return ok(view(agent));
};

/** A new retail agent gets a code and an empty float wallet (loaded by agent card cash-in). */
export const createRetailAgent: ChariMoneyHandler = ({ body, state, clock }) => {
  const b = body as Body;
  const phoneNumber = String(b.PhoneNumber);
  if ([...state.agents.values(), state.principal].some((a) => a.phoneNumber === phoneNumber)) {
    fail(ChariErrorCode.INVALID_INITIAL_PARAMETERS, `${phoneNumber} is already an agent's number.`);
  }
  state.sequences.agent += 1;
  const agent: Agent = {
    code: `AGT-${String(state.sequences.agent).padStart(6, '0')}`,
    name: String(b.Name),
    phoneNumber,
    firstName: String(b.FirstName),
    lastName: String(b.LastName),
    cin: String(b.Cin),
    address: (b.Address as string | undefined) ?? null,
    email: (b.Email as string | undefined) ?? null,
    createdAt: clock.iso(),
    account: {
      number: phoneNumber,
      rib: nextRib(state),
      balance: 0n,
      level: AccountLevel.MERCHANT,
      kind: 'retail-agent',
    },
  };
  state.agents.set(agent.code, agent);
  return ok(view(agent));
};

export const getPrincipalAgent: ChariMoneyHandler = ({ params, state }) => {
  const principal = state.principal;
  if (String(params.query.Code) !== principal.code)
    fail(ChariErrorCode.USER_NOT_FOUND, `No principal agent has the code ${String(params.query.Code)}.`);
  const { code, name, phoneNumber, email, createdAt, account } = principal;
  return ok({
    agent: { code, name, phoneNumber, email, createdAt },
    account: { balance: mad(account.balance), rib: account.rib, level: account.level, accountNumber: account.number },
  });
};
