import { describe, expect, it } from 'vitest';
import { type Action, actions, type Module, modules, type Role, roles } from '../../shared/permissions.ts';
import { afterAll, beforeAll } from 'vitest';
import { createTestApp, loginAs, type TestApp } from '../test/harness.ts';
import { defaultMatrix } from './matrix.ts';
import { audiences } from './audiences.ts';
import {
  type Actor,
  clientOwnerRoles,
  isStaffRole,
  mayBeAssignedTickets,
  mayOwnClients,
  Policy,
  ticketAssigneeRoles,
} from './policy.ts';

/**
 * The rights matrix of product.md, transcribed independently of policy/matrix.ts:
 * C = create/read/update/delete, CK = C + maintaining the catalogue, R = read, RS = read + staging
 * step, - = nothing;
 * ":own" = only the actor's rows, ":remote" = manages remote/support ones only. Beyond product.md, a
 * partner has no planning (issue 15 item 22: the board is staff's, partners read their interventions).
 */
const productMd = `
module         admin support commercial adv staging tech_interne tech_terrain chef_projet compta partenaire
clients        C     R       C          C   R       R            R            R           R      C:own
tickets        C     C       R          R   R       C            C            R           -      C:own
orders         CK    R       C          CK  RS      R            R            R           R      C:own
planning       C     -       R          C   -       R            C:own        C           -      -
interventions  C     -       R          C   R       C:remote     C:own        C           -      R:own
stock          C     -       -          C   C       C            -            R           -      -
accounting     C     -       -          -   -       -            -            -           C      -
administration C     -       -          -   -       -            -            -           -      -
`;

const symbols: Record<string, Action[]> = {
  C: ['read', 'create', 'update', 'delete'],
  CK: ['read', 'create', 'update', 'delete', 'catalog'],
  R: ['read'],
  RS: ['read', 'stage'],
  '-': [],
};

type Expected = Record<Role, Record<Module, { actions: Action[]; scope: string }>>;
function parse(table: string): Expected {
  const [head, ...lines] = table
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/));
  const out = {} as Expected;
  for (const line of lines) {
    const module = line[0] as Module;
    head!.slice(1).forEach((role, i) => {
      const [sym, scope = 'all'] = line[i + 1]!.split(':');
      out[role as Role] ??= {} as Expected[Role];
      out[role as Role][module] = { actions: symbols[sym!]!, scope };
    });
  }
  return out;
}
const expected = parse(productMd);

const partnerA = '00000000-0000-4000-8000-00000000000a';
const partnerB = '00000000-0000-4000-8000-00000000000b';
const techSelf = '00000000-0000-4000-8000-000000000001';
const techOther = '00000000-0000-4000-8000-000000000002';

function actorFor(role: Role): Actor {
  return {
    kind: 'user',
    userId: role === 'partenaire' ? null : techSelf,
    tokenId: null,
    role,
    partnerId: role === 'partenaire' ? partnerA : null,
    name: role,
  };
}
const ownRow = { partnerId: partnerA, technicianUserIds: [techSelf], isRemote: true };
const foreignRow = { partnerId: partnerB, technicianUserIds: [techOther], isRemote: false };

describe('the default matrix is product.md', () => {
  it('covers every role and module', () => {
    expect(Object.keys(expected).sort()).toEqual([...roles].sort());
    for (const role of roles) expect(Object.keys(expected[role]).sort()).toEqual([...modules].sort());
  });

  for (const role of roles) {
    for (const module of modules) {
      const cell = expected[role][module];
      for (const action of actions) {
        const allowed = cell.actions.includes(action);
        const policy = new Policy(actorFor(role), defaultMatrix);
        it(`${role} ${allowed ? 'may' : 'may not'} ${action} ${module} (own row${cell.scope !== 'all' ? `, scope ${cell.scope}` : ''})`, () => {
          expect(policy.can(module, action)).toBe(allowed);
          expect(policy.can(module, action, ownRow)).toBe(allowed);
        });
        it(`${role} ${allowed && cell.scope === 'all' ? 'may' : 'may not'} ${action} ${module} on a foreign row`, () => {
          const onForeign =
            allowed && (cell.scope === 'all' || (cell.scope === 'remote' && action === 'read'));
          expect(policy.can(module, action, foreignRow)).toBe(onForeign);
          if (allowed && cell.scope === 'own') {
            expect(() => policy.authorizeOrThrow(module, action, foreignRow)).toThrow(
              expect.objectContaining({ status: 404 }),
            );
          }
          if (!allowed && policy.sees(module, foreignRow)) {
            expect(() => policy.authorizeOrThrow(module, action, foreignRow)).toThrow(
              expect.objectContaining({ status: 403 }),
            );
          }
        });
      }
      it(`${role} has scope ${cell.scope} on ${module}`, () => {
        if (cell.actions.length) expect(defaultMatrix[role][module].scope).toBe(cell.scope);
      });
    }
  }

  it('gives a partner without a partner id nothing at all', () => {
    const p = new Policy({ ...actorFor('partenaire'), partnerId: null }, defaultMatrix);
    expect(p.scopeFor('clients')).toEqual({ kind: 'none' });
    expect(p.can('clients', 'read', { partnerId: null })).toBe(false);
  });
});

/**
 * The menu as the web app decided it before the policy did (module read rights plus role lists),
 * transcribed independently of `Policy.navigation`.
 */
function menuBefore(role: Role): string[] {
  const reads = (m: Module) => expected[role][m].actions.includes('read');
  const admin = ['utilisateurs', 'partenaires', 'segments', 'competences', 'equipes', 'sla'];
  const admin2 = ['sites-non-localises', 'jetons', 'societe', 'droits', 'messages', 'modeles', 'journal'];
  return [
    '/',
    ...(reads('interventions') && ['tech_terrain', 'tech_interne'].includes(role) ? ['/terrain'] : []),
    ...(reads('clients') ? ['/clients'] : []),
    ...(reads('planning') &&
    ['admin', 'commercial', 'adv', 'tech_interne', 'tech_terrain', 'chef_projet'].includes(role)
      ? ['/techniciens']
      : []),
    ...(reads('planning') ? ['/planning'] : []),
    ...(reads('interventions') ? ['/interventions'] : []),
    ...(reads('tickets') ? ['/tickets'] : []),
    ...(reads('orders') ? ['/devis', '/catalogue'] : []),
    ...(['clients', 'tickets', 'interventions', 'planning'].some((m) => reads(m as Module))
      ? ['/carte']
      : []),
    ...(reads('administration') ? [...admin, ...admin2].map((p) => `/admin/${p}`) : []),
  ];
}

describe('decisions beyond the matrix, for every role', () => {
  for (const role of roles) {
    const policy = new Policy(actorFor(role), defaultMatrix);
    const has = (m: Module, a: Action) => expected[role][m].actions.includes(a);
    const staff = role !== 'partenaire';
    it(`${role} ${staff ? 'is' : 'is not'} staff, with the capabilities the web app had by role`, () => {
      expect(policy.isStaff()).toBe(staff);
      expect(policy.capabilities()).toEqual({
        staff,
        technician: role === 'tech_terrain' || role === 'tech_interne',
        seeTechnicians: staff && has('planning', 'read'),
        assignTickets: staff && has('tickets', 'update'),
        // Tickets without client belong to no partner: who reads every ticket, never a partner.
        seeUnqualifiedTickets: has('tickets', 'read') && expected[role].tickets.scope !== 'own',
        createInterventions: staff && has('interventions', 'create'),
        assignClients: staff && has('clients', 'update'),
        maintainCatalogue: staff && has('orders', 'catalog'),
      });
      for (const module of modules) {
        for (const action of actions) {
          expect(policy.staffCan(module, action, ownRow)).toBe(staff && policy.can(module, action, ownRow));
        }
      }
    });
    it(`${role} sees in a client's history the entries of the modules it reads, in its row scope`, () => {
      for (const module of modules) {
        const scope = policy.historyScope(module);
        const cell = expected[role][module];
        if (!has(module, 'read')) expect(scope, module).toEqual({ kind: 'none' });
        else if (cell.scope !== 'own') expect(scope, module).toEqual({ kind: 'all' });
        else expect(scope.kind, module).toBe(staff ? 'technician' : 'partner');
        expect(policy.historyScope(module, { internal: true }), module).toEqual(
          staff ? scope : { kind: 'none' },
        );
      }
    });
    it(`${role} sees the menu entries it saw before`, () => {
      expect(policy.navigation()).toEqual(menuBefore(role));
    });
    it(`${role} ${staff && has('orders', 'catalog') ? 'sees' : 'never sees'} purchase costs, and is priced at ${staff ? 'the partner asked for' : 'its own partner'}`, () => {
      expect(policy.seesPurchaseCosts()).toBe(staff && has('orders', 'catalog'));
      expect(policy.priceListPartner(partnerB)).toBe(staff ? partnerB : partnerA);
      expect(policy.priceListPartner()).toBe(staff ? null : partnerA);
    });
    it(`${role} ${staff && has('clients', 'update') ? 'may' : 'may not'} own clients (account manager)`, () => {
      expect(mayOwnClients(defaultMatrix, role)).toBe(staff && has('clients', 'update'));
      expect(clientOwnerRoles(defaultMatrix).includes(role)).toBe(staff && has('clients', 'update'));
    });
    it(`${role} ${staff && has('tickets', 'update') ? 'may' : 'may not'} be assigned tickets`, () => {
      expect(mayBeAssignedTickets(defaultMatrix, role)).toBe(staff && has('tickets', 'update'));
    });
  }

  it('follows the edited matrix: support reading the planning sees technicians, without ticket updates assigns none', () => {
    const edited = structuredClone(defaultMatrix);
    edited.support.planning = { actions: ['read'], scope: 'all' };
    edited.support.tickets = { actions: ['read'], scope: 'all' };
    const support = new Policy(actorFor('support'), edited);
    expect(support.capabilities()).toMatchObject({ seeTechnicians: true, assignTickets: false });
    expect(support.navigation()).toEqual(expect.arrayContaining(['/techniciens', '/planning']));
    expect(ticketAssigneeRoles(edited)).not.toContain('support');
    expect(ticketAssigneeRoles(defaultMatrix)).toContain('support');
  });

  it('tells only staff of office events', () => {
    for (const recipients of Object.values(audiences)) {
      expect(recipients.length).toBeGreaterThan(0);
      for (const role of recipients) expect(isStaffRole(role)).toBe(true);
    }
  });

  it('never makes a partner staff, even with every right', () => {
    const edited = structuredClone(defaultMatrix);
    edited.partenaire.tickets = { actions: ['read', 'create', 'update', 'delete'], scope: 'all' };
    const partner = new Policy(actorFor('partenaire'), edited);
    expect(partner.staffCan('tickets', 'update')).toBe(false);
    expect(() => partner.staffOnlyOrThrow('Non.')).toThrow(expect.objectContaining({ status: 403 }));
    expect(mayBeAssignedTickets(edited, 'partenaire')).toBe(false);
    edited.partenaire.clients = { actions: ['read', 'create', 'update', 'delete'], scope: 'all' };
    expect(mayOwnClients(edited, 'partenaire')).toBe(false);
    expect(new Policy(actorFor('partenaire'), edited).capabilities().assignClients).toBe(false);
    edited.partenaire.orders = { actions: ['read', 'catalog'], scope: 'all' };
    expect(new Policy(actorFor('partenaire'), edited).seesPurchaseCosts()).toBe(false);
  });
});

describe('GET /auth/me of every demo account equals product.md', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const accounts: [string, Role][] = [
    ['admin@relais.test', 'admin'],
    ['support@relais.test', 'support'],
    ['commercial@relais.test', 'commercial'],
    ['adv@relais.test', 'adv'],
    ['staging@relais.test', 'staging'],
    ['tech.interne@relais.test', 'tech_interne'],
    ['tech.terrain@relais.test', 'tech_terrain'],
    ['chef.projet@relais.test', 'chef_projet'],
    ['compta@relais.test', 'compta'],
    ['partenaire@relais.test', 'partenaire'],
    ['partenaire2@relais.test', 'partenaire'],
  ];
  for (const [email, role] of accounts) {
    it(`${email} (${role})`, async () => {
      const s = await loginAs(t.app, email);
      const me = (await s.get('/api/v1/auth/me')).json();
      expect(me.user.role).toBe(role);
      const want = Object.fromEntries(
        modules.filter((m) => expected[role][m].actions.length).map((m) => [m, expected[role][m].actions]),
      );
      expect(me.permissions).toEqual(want);
      expect(me.capabilities.staff).toBe(role !== 'partenaire');
      expect(me.navigation).toEqual(menuBefore(role));
    });
  }
});
