-- 0023: the invitations' expiry sweep (invitations.expire, invitations.service.ts) finds the links
-- past their time that were not used by this index, not by a scan of every invitation.
create index invitations_expiring on invitations (token_expires_at) where status in ('sent', 'delivered', 'failed');
