import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../../http/app.js';
import { IdParams, Ref, errors } from '../../http/schemas.js';
import { Problem } from '../../shared/problem.js';
import { SYSTEM_ACTOR } from '../../kernel/actor.js';
import { inTx } from '../../kernel/transaction.js';
import { organisationsRepository } from '../registry/registry.repository.js';
import {
  AllocationBody, Books, CodeParamsOf, GiftKind, GiftKindBody, ItemParams, StockItem, StockItemBody, CharityGifts, CodeParams, DeclineBody, Donation, DonationCatalogue, Donor, DonorBody, Donors, Flows, FlowsQuery, GiftTrace, GiftsQuery, GrantFunding, Moved, MyGifts, OwnDonorBody,
  PledgeBody, ReceiptCheck, ReceiptQuery, ReceiveBody, Reconciliation, RecordGiftBody, RefundBody, TransferBody, Warehouse, WarehouseBody, donationView, donorView, traceView,
} from './donations.contracts.js';
import { donationsRepository } from './donations.repository.js';
import { ownDonor, registerDonor, updateOwnDonor } from './donors.js';
import { declineGift, pledgeGift, receiveGift, recordGift } from './record-donation.js';
import { allocateFunds, refundGift, transferFunds } from './move-funds.js';
import { donationTrace, grantFunding, myGifts, tracesOf } from './trace.js';
import { addWarehouse, charityBooks, ledgerFlows, openBooks, reconciliation } from './funds.js';
import { receiptPdf, verifyReceipt } from './receipts.js';
import { setGiftKind, setStockItem } from './gift-catalogue.js';

export async function donationsRoutes(app: App) {
  const dep = app.mizan.dep;
  const now = () => app.mizan.clock.now();
  /** Today in the deployment's time zone (expiry of stock, a grant's day). */
  const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: dep.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now());
  const tags = ['donations'];
  const pdf = (buf: Buffer, name: string, reply: FastifyReply) =>
    reply.type('application/pdf').header('content-disposition', `inline; filename="${name}.pdf"`).header('x-content-type-options', 'nosniff').send(buf);
  const base = (req: { protocol: string; host: string }) => `${req.protocol}://${req.host}`;

  app.get('/donations/catalogue', { config: { permission: 'public' }, schema: { tags, summary: 'What a gift may be: the kinds of gift, the in-kind items and the approved charities', security: [], response: { 200: DonationCatalogue } } }, async (req) =>
    app.mizan.tx(req, async (trx) => {
      const [kinds, items, charities] = await Promise.all([donationsRepository.giftKinds(trx), donationsRepository.stockItems(trx), organisationsRepository.approvedCharities(trx)]);
      return {
        currency: dep.currency,
        giftKinds: kinds.map(kindView),
        items: items.map(itemView),
        charities: charities.map((c) => ({ id: c.id, name: c.name })),
      };
    }),
  );

  const kindView = (k: { code: string; zakat: boolean; name_en: string; name_ar: string; name_fa: string }) => ({ code: k.code, zakat: k.zakat, names: { en: k.name_en, ar: k.name_ar, fa: k.name_fa } });
  const itemView = (i: { code: string; aid_type_code: string; unit: string; perishable: boolean; name_en: string; name_ar: string; name_fa: string }) =>
    ({ code: i.code, aidTypeCode: i.aid_type_code, unit: i.unit, perishable: i.perishable, names: { en: i.name_en, ar: i.name_ar, fa: i.name_fa } });
  app.put('/donations/gift-kinds/:code', { config: { permission: 'catalogue:edit' }, schema: { tags, summary: 'Add or change a kind of gift the deployment accepts (zakat, sadaqa, khums…)', params: CodeParamsOf, body: GiftKindBody, response: { 200: GiftKind, ...errors(400, 401, 403) } } }, async (req) =>
    kindView(await app.mizan.tx(req, (trx) => setGiftKind(trx, req.actor!, req.params.code, req.body, now()))),
  );
  app.put('/donations/items/:code', { config: { permission: 'catalogue:edit' }, schema: { tags, summary: 'Add or change an in-kind item gifts are made of (the in-kind aid type a grant of it is, and its unit)', params: ItemParams, body: StockItemBody, response: { 200: StockItem, ...errors(400, 401, 403) } } }, async (req) =>
    itemView(await app.mizan.tx(req, (trx) => setStockItem(trx, req.actor!, req.params.code, req.body, now()))),
  );

  app.get('/receipts/:code', { config: { permission: 'public' }, schema: { tags, summary: "Check a receipt's verification code: which charity received what, and when (the donor named only with their consent)", security: [], params: CodeParams, response: { 200: ReceiptCheck, ...errors(400, 404) } } }, async (req) =>
    // Anyone may check a code: read as the system, and only what a receipt says leaves.
    inTx(app.mizan.db, SYSTEM_ACTOR, (trx) => verifyReceipt(trx, req.params.code)),
  );

  // The donor ---------------------------------------------------------------------------------------
  app.get('/donor/me', { config: { permission: 'donation:own' }, schema: { tags, summary: "The signed-in donor's record (made on first use)", response: { 200: Ref(Donor), ...errors(401, 403) } } }, async (req) =>
    donorView(await app.mizan.tx(req, (trx) => ownDonor(trx, req.actor!, now()))),
  );
  app.patch('/donor/me', { config: { permission: 'donation:own' }, schema: { tags, summary: 'Change the name shown, the language, or the consent to be named publicly', body: OwnDonorBody, response: { 200: Ref(Donor), ...errors(400, 401, 403) } } }, async (req) =>
    donorView(await app.mizan.tx(req, (trx) => updateOwnDonor(trx, req.actor!, req.body, now()))),
  );
  app.get('/donor/gifts', { config: { permission: 'donation:own' }, schema: { tags, summary: 'What I gave, what it became (aid type, basket, region, day: never who) and what is left', querystring: GiftsQuery, response: { 200: MyGifts, ...errors(400, 401, 403) } } }, async (req) =>
    app.mizan.tx(req, async (trx) => {
      const r = await myGifts(trx, req.actor!, { before: req.query.before ? new Date(req.query.before) : undefined, limit: req.query.limit ?? 50 }, now());
      const orgs = await organisationsRepository.byIds(trx, r.gifts.map((g) => g.donation.org_id));
      return { donor: donorView(r.donor), totals: r.totals, gifts: r.gifts.map(traceView), charities: orgs.map((o) => ({ id: o.id, name: o.name })) };
    }),
  );
  app.post('/donor/gifts', { config: { permission: 'donation:own' }, schema: { tags, summary: 'Pledge a gift to a charity: cash (with the payment reference) or items; received when the charity confirms', body: PledgeBody, response: { 201: Ref(Donation), ...errors(400, 401, 403) } } }, async (req, reply) => {
    const d = await app.mizan.tx(req, (trx) => pledgeGift(trx, dep, req.actor!, req.body, now()));
    return reply.code(201).send(donationView(d));
  });
  app.get('/donor/gifts/:id', { config: { permission: 'donation:own' }, schema: { tags, summary: 'One of my gifts and what it became', params: IdParams, response: { 200: Ref(GiftTrace), ...errors(400, 401, 403, 404) } } }, async (req) =>
    traceView(await app.mizan.tx(req, (trx) => donationTrace(trx, req.params.id))),
  );
  app.get('/donor/gifts/:id/receipt', { config: { permission: 'donation:own' }, schema: { tags, summary: "My gift's receipt as a PDF, in my language", params: IdParams, querystring: ReceiptQuery, response: { 200: Type.Unsafe<unknown>(Type.String({ description: 'application/pdf' })), ...errors(400, 401, 403, 404, 409) } } }, async (req, reply) => {
    const buf = await app.mizan.tx(req, (trx) => receiptPdf(trx, dep, req.params.id, req.query.lang ?? null, base(req)));
    return pdf(buf, 'receipt', reply as unknown as FastifyReply);
  });

  // The charity -------------------------------------------------------------------------------------
  app.get('/donors', { config: { permission: 'donation:read' }, schema: { tags, summary: 'The donors the charity knows (registered, or who gave to it)', response: { 200: Donors, ...errors(401, 403) } } }, async (req) =>
    app.mizan.tx(req, async (trx) => (req.actor!.orgId ? await donationsRepository.donorsOfOrg(trx, req.actor!.orgId, 500) : []).map(donorView)),
  );
  app.post('/donors', { config: { permission: 'donation:record' }, schema: { tags, summary: 'Record a donor who gives in person: an individual, a company, an endowment or a government body', body: DonorBody, response: { 201: Ref(Donor), ...errors(400, 401, 403) } } }, async (req, reply) => {
    const d = await app.mizan.tx(req, (trx) => registerDonor(trx, req.actor!, req.body, now()));
    return reply.code(201).send(donorView(d));
  });
  app.get('/donations', { config: { permission: 'donation:read' }, schema: { tags, summary: "The charity's gifts (pledged, received, declined), newest first, with what each became", querystring: GiftsQuery, response: { 200: CharityGifts, ...errors(400, 401, 403) } } }, async (req) =>
    app.mizan.tx(req, async (trx) => {
      const rows = await donationsRepository.donations(trx, { orgId: req.actor!.orgId ?? undefined, status: req.query.status, before: req.query.before ? new Date(req.query.before) : undefined, limit: req.query.limit ?? 50 });
      const donors = await Promise.all([...new Set(rows.map((r) => r.donor_id))].map((id) => donationsRepository.donor(trx, id)));
      return { gifts: (await tracesOf(trx, rows)).map(traceView), donors: donors.filter((d) => d !== undefined).map(donorView) };
    }),
  );
  app.post('/donations', { config: { permission: 'donation:record' }, schema: { tags, summary: 'Record a gift received in person (received at once, with its receipt)', body: RecordGiftBody, response: { 201: Ref(Donation), ...errors(400, 401, 403, 404, 409) } } }, async (req, reply) => {
    const { donorId, warehouseId, ...gift } = req.body;
    const d = await app.mizan.tx(req, (trx) => recordGift(trx, dep, req.actor!, donorId, gift, { warehouseId }, now()));
    return reply.code(201).send(donationView(d));
  });
  app.get('/donations/:id', { config: { permission: 'donation:read' }, schema: { tags, summary: 'One gift and what it became', params: IdParams, response: { 200: Ref(GiftTrace), ...errors(400, 401, 403, 404) } } }, async (req) =>
    traceView(await app.mizan.tx(req, (trx) => donationTrace(trx, req.params.id))),
  );
  app.get('/donations/:id/receipt', { config: { permission: 'donation:read' }, schema: { tags, summary: "A gift's receipt as a PDF (in the donor's language unless asked)", params: IdParams, querystring: ReceiptQuery, response: { 200: Type.Unsafe<unknown>(Type.String({ description: 'application/pdf' })), ...errors(400, 401, 403, 404, 409) } } }, async (req, reply) => {
    const buf = await app.mizan.tx(req, (trx) => receiptPdf(trx, dep, req.params.id, req.query.lang ?? null, base(req)));
    return pdf(buf, 'receipt', reply as unknown as FastifyReply);
  });
  app.post('/donations/:id/receive', { config: { permission: 'donation:record' }, schema: { tags, summary: 'Confirm a pledged gift arrived (items: into which warehouse); issues its receipt', params: IdParams, body: ReceiveBody, response: { 200: Ref(Donation), ...errors(400, 401, 403, 404, 409) } } }, async (req) =>
    donationView(await app.mizan.tx(req, (trx) => receiveGift(trx, req.actor!, req.params.id, req.body, now()))),
  );
  app.post('/donations/:id/decline', { config: { permission: 'donation:record' }, schema: { tags, summary: 'Decline a pledged gift, with a note the donor reads', params: IdParams, body: DeclineBody, response: { 200: Ref(Donation), ...errors(400, 401, 403, 404, 409) } } }, async (req) =>
    donationView(await app.mizan.tx(req, (trx) => declineGift(trx, req.actor!, req.params.id, req.body.note, now()))),
  );
  app.post('/donations/:id/refund', { config: { permission: 'funds:manage' }, schema: { tags, summary: 'Give back to the donor what is left of a cash gift (or part of it): a refund entry', params: IdParams, body: RefundBody, response: { 201: Moved, ...errors(400, 401, 403, 404, 409) } } }, async (req, reply) =>
    reply.code(201).send(await app.mizan.tx(req, (trx) => refundGift(trx, dep, req.actor!, req.params.id, req.body, now(), today()))),
  );

  app.get('/funds', { config: { permission: 'donation:record' }, schema: { tags, summary: "The charity's funds by restriction, stock by item and warehouse, what expires within 30 days, allocations", response: { 200: Books, ...errors(401, 403) } } }, async (req) =>
    app.mizan.tx(req, (trx) => charityBooks(trx, req.actor!, today())),
  );
  app.post('/funds/books', { config: { permission: 'funds:manage' }, schema: { tags, summary: 'Keep the books in Mizan from now on: every grant with an amount or an item is then funded by donations, or refused', response: { 200: Books, ...errors(401, 403) } } }, async (req) =>
    app.mizan.tx(req, async (trx) => {
      await openBooks(trx, req.actor!, now());
      return charityBooks(trx, req.actor!, today());
    }),
  );
  app.post('/funds/warehouses', { config: { permission: 'funds:manage' }, schema: { tags, summary: 'Add a warehouse where in-kind gifts are kept', body: WarehouseBody, response: { 201: Warehouse, ...errors(400, 401, 403, 409) } } }, async (req, reply) => {
    const w = await app.mizan.tx(req, (trx) => addWarehouse(trx, dep, req.actor!, req.body, now()));
    return reply.code(201).send({ id: w.id, name: w.name, regionCode: w.region_code });
  });
  app.post('/funds/transfers', { config: { permission: 'funds:manage' }, schema: { tags, summary: 'Transfer part of a fund to another charity, under the same restriction (refused when the fund holds less)', body: TransferBody, response: { 201: Moved, ...errors(400, 401, 403, 409) } } }, async (req, reply) => {
    const { toOrgId, ...m } = req.body;
    return reply.code(201).send(await app.mizan.tx(req, (trx) => transferFunds(trx, dep, req.actor!, toOrgId, m, now(), today())));
  });
  app.post('/funds/allocations', { config: { permission: 'funds:manage' }, schema: { tags, summary: 'Allocate part of a general fund to a basket, an aid type, a region or a programme', body: AllocationBody, response: { 201: Moved, ...errors(400, 401, 403, 409) } } }, async (req, reply) => {
    const { to, ...m } = req.body;
    return reply.code(201).send(await app.mizan.tx(req, (trx) => allocateFunds(trx, dep, req.actor!, to, m, now(), today())));
  });
  app.get('/grants/:id/funding', { config: { permission: 'donation:read' }, schema: { tags, summary: 'Which donations paid a grant, and how much each', params: IdParams, response: { 200: GrantFunding, ...errors(400, 401, 403) } } }, async (req) =>
    app.mizan.tx(req, async (trx) => {
      const donations = await grantFunding(trx, req.params.id);
      return { grantId: req.params.id, funded: donations.length > 0, donations };
    }),
  );

  // The ministry ------------------------------------------------------------------------------------
  app.get('/ledger/flows', { config: { permission: 'ledger:read' }, schema: { tags, summary: "Every charity's inflows (gifts received) and outflows (granted, refunded) by month", querystring: FlowsQuery, response: { 200: Flows, ...errors(400, 401, 403) } } }, async (req) =>
    app.mizan.tx(req, async (trx) => {
      const from = req.query.from ?? `${today().slice(0, 4)}-01-01`;
      if (Number.isNaN(Date.parse(from))) throw new Problem('validation', 'from is a date, YYYY-MM-DD.', { field: 'from' });
      const rows = await ledgerFlows(trx, from);
      const charities = await organisationsRepository.byIds(trx, rows.map((r) => r.orgId));
      return { from, charities: charities.map((c) => ({ id: c.id, name: c.name })), rows };
    }),
  );
  app.get('/ledger/reconciliation', { config: { permission: 'ledger:read' }, schema: { tags, summary: 'The reconciliation: the journal sums to zero, every entry balances, every balance is derived, every grant funded', response: { 200: Ref(Reconciliation), ...errors(401, 403) } } }, async (req) =>
    app.mizan.tx(req, (trx) => reconciliation(trx)),
  );
}
